#include "clivrt/config/command_line.hpp"

#include <CLI/CLI.hpp>

#include "clivrt/common/version.hpp"
#include "clivrt/config/config_file.hpp"

namespace clivrt::config {

namespace {

struct Flags {
  std::string config;
  struct Override {
    std::string flag, key, value;
  };
  std::vector<Override> overrides;  // in command-line order
  bool headless = false;
  bool json = false;
  bool demo = false;
  std::string bad_option;  // an -o without "=": said as an error after parsing
};

// Flags that set a config key: their value's shape and summary are the key's own.
struct OverrideFlag {
  std::string_view flag, key;
};
constexpr OverrideFlag kOverrideFlags[] = {
    {"--server", "signalinghosturl"},
    {"--user", "username"},
    {"--webcam", "webcam"},
    {"--videostyle", "videostyle"},
    {"--color", "color"},
    {"--max-output-rate", "max_output_rate"},
    {"--log-level", "loglevel"},
    {"--log-file", "logfile"},
    {"--ca-file", "ca_file"},
    {"--microphone", "microphone"},
    {"--speaker", "speaker"},
    {"--autoanswer", "autoanswer"},
    {"--ice-addresses", "ice_addresses"},
    {"--ice-transport", "ice_transport"},
};

/// Every flag of clivrt, bound to `flags`: the one definition that parses, prints --help and
/// feeds the man page and the shell completions.
void define_flags(CLI::App& app, Flags& flags) {
  app.set_version_flag("--version", std::string("clivrt ") + kVersion);
  app.add_option("--config", flags.config,
                 "config file (default: ./.clivrt, next to the program, "
                 "$XDG_CONFIG_HOME/clivrt/config)")
      ->type_name("FILE");
  for (const auto& [flag_view, key_view] : kOverrideFlags) {
    const std::string flag(flag_view), key(key_view);
    const OptionDoc doc = describe_setting(key).value_or(OptionDoc{});
    app.add_option_function<std::string>(
           flag,
           [&flags, flag, key](const std::string& value) {
             flags.overrides.push_back({flag, key, value});
           },
           doc.summary)
        ->type_name(doc.value)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // a repeated flag: the last one wins
  }
  app.add_option_function<std::vector<std::string>>(
         "--ice-server",
         [&flags](const std::vector<std::string>& urls) {
           std::string joined;
           for (const auto& url : urls) joined += (joined.empty() ? "" : ",") + url;
           flags.overrides.push_back({"--ice-server", "ice_servers", joined});
         },
         "STUN/TURN server for calls, stun:HOST[:PORT] or turn:USER:PASSWORD@HOST[:PORT][?transport=tcp] "
         "(repeatable; added to the server's; 'none' = none at all)")
      ->type_name("URL");
  app.add_option_function<std::vector<std::string>>(
         "-o,--option",
         [&flags](const std::vector<std::string>& settings) {
           for (const auto& setting : settings) {
             const auto equals = setting.find('=');
             const std::string key = setting.substr(0, equals);
             if (equals == std::string::npos) {
               flags.bad_option = setting;
             } else {
               flags.overrides.push_back({"-o " + key, key, setting.substr(equals + 1)});
             }
           }
         },
         "set any config key as in the config file, e.g. -o framerate=15 (repeatable)")
      ->type_name("KEY=VALUE");
  app.add_flag("--headless", flags.headless, "line mode: commands from stdin, one event per line");
  app.add_flag("--json", flags.json, "line mode prints events as JSON lines");
  app.add_flag("--demo", flags.demo, "start an embedded server and the 'echo' peer, and log in");
}

constexpr const char* kDescription = "clivrt: video calls with friends, drawn in your terminal";

}  // namespace

std::vector<OptionDoc> describe_command_line() {
  CLI::App app{kDescription, "clivrt"};
  Flags flags;
  define_flags(app, flags);
  std::vector<std::pair<std::string, std::vector<std::string>>> choices;
  for (const auto& [flag, key] : kOverrideFlags) {
    const auto values = setting_choices(key);
    if (!values.empty())
      choices.emplace_back(std::string(flag), std::vector<std::string>(values.begin(), values.end()));
  }
  return describe_options(app, choices);
}

Startup load_settings(const std::vector<std::string>& args, const LookupPlaces& places) {
  CLI::App app{kDescription, "clivrt"};
  Flags flags;
  define_flags(app, flags);

  Startup startup;
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them reversed
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    startup.output = app.help();
    return startup;
  } catch (const CLI::CallForVersion&) {
    startup.output = std::string("clivrt ") + kVersion + "\n";
    startup.version = true;
    return startup;
  } catch (const CLI::ParseError& error) {
    startup.exit_code = 2;
    startup.output = std::string("clivrt: ") + error.what() + " (see clivrt --help)\n";
    return startup;
  }

  Settings settings;
  try {
    if (!flags.config.empty()) {
      apply_config_file(flags.config, settings);
    } else if (const auto found = find_config_file(places)) {
      apply_config_file(*found, settings);
    }
  } catch (const ConfigError& error) {
    startup.exit_code = 2;
    startup.output = std::string("clivrt: ") + error.what() + "\n";
    return startup;
  }
  if (!flags.bad_option.empty()) {
    startup.exit_code = 2;
    startup.output = "clivrt: -o '" + flags.bad_option + "': write KEY=VALUE, e.g. -o framerate=15\n";
    return startup;
  }
  for (const auto& [flag, key, value] : flags.overrides) {
    if (const std::string problem = apply_setting(settings, key, value); !problem.empty()) {
      startup.exit_code = 2;
      startup.output = problem == "unknown key" ? "clivrt: " + flag + ": no config key '" + key + "'\n"
                                                : "clivrt: " + flag + " '" + value + "': " + problem + "\n";
      return startup;
    }
  }
  settings.headless = flags.headless || flags.json;
  settings.json = flags.json;
  settings.demo = flags.demo;
  startup.settings = std::move(settings);
  return startup;
}

}  // namespace clivrt::config

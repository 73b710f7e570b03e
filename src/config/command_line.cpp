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
};

void add_override(CLI::App& app, Flags& flags, const std::string& flag, const std::string& key,
                  const std::string& help) {
  app.add_option_function<std::string>(
         flag,
         [&flags, flag, key](const std::string& value) {
           flags.overrides.push_back({flag, key, value});
         },
         help)
      ->type_name("VALUE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // a repeated flag: the last one wins
}

}  // namespace

Startup load_settings(const std::vector<std::string>& args, const LookupPlaces& places) {
  CLI::App app{"clivrt: video calls with friends, drawn in your terminal", "clivrt"};
  app.set_version_flag("--version", std::string("clivrt ") + kVersion);
  Flags flags;
  app.add_option("--config", flags.config,
                 "config file (default: ./.clivrt, next to the program, "
                 "$XDG_CONFIG_HOME/clivrt/config)")
      ->type_name("FILE");
  add_override(app, flags, "--server", "signalinghosturl", "signaling server URL, ws://HOST:PORT or wss://…");
  add_override(app, flags, "--user", "username", "username to log in with");
  add_override(app, flags, "--webcam", "webcam", "video source: auto, test, none, /dev/videoN or file:PATH");
  add_override(app, flags, "--videostyle", "videostyle", "half-block, just-ascii, ascii-color or filled-ascii");
  add_override(app, flags, "--color", "color", "colour depth: auto, truecolor, 256, 16 or none");
  add_override(app, flags, "--log-level", "loglevel", "DEBUG, INFO, WARN, ERROR or CRITICAL");
  add_override(app, flags, "--log-file", "logfile", "log file (never the terminal)");
  add_override(app, flags, "--ca-file", "ca_file", "extra CA certificate (PEM) trusted for wss://");
  add_override(app, flags, "--microphone", "microphone", "auto, test, none or a device name");
  add_override(app, flags, "--speaker", "speaker", "auto, none, a device name or file:PATH (WAV)");
  add_override(app, flags, "--autoanswer", "autoanswer", "answer incoming calls at once: true or false");
  add_override(app, flags, "--ice-addresses", "ice_addresses",
               "only these local addresses for calls, e.g. 127.0.0.1 (default: every interface)");
  add_override(app, flags, "--ice-transport", "ice_transport",
               "all, or relay: every call through TURN, so the peer never learns your address");
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
  app.add_flag("--headless", flags.headless, "line mode: commands from stdin, one event per line");
  app.add_flag("--json", flags.json, "line mode prints events as JSON lines");
  app.add_flag("--demo", flags.demo, "start an embedded server and the 'echo' peer, and log in");

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
  for (const auto& [flag, key, value] : flags.overrides) {
    if (const std::string problem = apply_setting(settings, key, value); !problem.empty()) {
      startup.exit_code = 2;
      startup.output = "clivrt: " + flag + " '" + value + "': " + problem + "\n";
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

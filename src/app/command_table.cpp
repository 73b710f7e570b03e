#include "command_table.hpp"

#include "clivrt/app/command_docs.hpp"

#include <algorithm>
#include <ranges>

#include "call_controller.hpp"
#include "client_app.hpp"
#include "command_line_words.hpp"
#include "settings_commands.hpp"

namespace clivrt::app {

namespace {
const std::vector<CommandSpec> kCommands = {
    {"login",
     "login [--user U] [--server URL]",
     "log in to the signaling server (an anonymous name if none is set)",
     {"--user", "--server"},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput& in) { app.login(in.args); }},
    {"logout",
     "logout [-f]",
     "log out; -f also hangs up a call in progress",
     {"-f"},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput& in) { app.logout(in.args); }},
    {"lookup",
     "lookup",
     "list who is online",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.lookup(); }},
    {"say",
     "say <message>",
     "send a chat message to everyone online",
     {},
     ArgumentKind::free_text,
     [](ClientApp& app, const CommandInput& in) { app.say(in.rest); }},
    {"call",
     "call [--audio-only] <user>",
     "call a user",
     {"--audio-only"},
     ArgumentKind::user,
     [](ClientApp& app, const CommandInput& in) { app.calls().place_call(in.args); }},
    {"answer",
     "answer",
     "accept the incoming call",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.calls().answer(); }},
    {"decline",
     "decline",
     "refuse the incoming call",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.calls().decline(); }},
    {"hangup",
     "hangup",
     "end the call",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.calls().hang_up_by_user(); }},
    {"mute",
     "mute",
     "stop sending your microphone (the call goes on)",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.calls().set_muted(true); }},
    {"unmute",
     "unmute",
     "send your microphone again",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.calls().set_muted(false); }},
    {"camera",
     "camera on|off",
     "stop or restart sending your camera (the call goes on)",
     {},
     ArgumentKind::on_off,
     [](ClientApp& app, const CommandInput& in) { app.calls().set_camera(in.args); }},
    {"devices",
     "devices",
     "list microphones, speakers and cameras (names for the config file)",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.calls().show_devices(); }},
    {"stats",
     "stats",
     "codec, resolution, fps, bitrate, RTT, loss and render figures of the call",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.calls().show_stats(); }},
    {"set",
     "set <key> <value>",
     "change a setting now, e.g. set videostyle just-ascii",
     {},
     ArgumentKind::setting,
     [](ClientApp& app, const CommandInput& in) { app.set(in.args); }},
    {"help",
     "help [command]",
     "list the commands, or explain one",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput& in) { app.help(in.args); }},
    {"quit",
     "quit",
     "hang up, log out and leave (also Ctrl-D on an empty line)",
     {},
     ArgumentKind::none,
     [](ClientApp& app, const CommandInput&) { app.quit(); }},
};

void add_matches(std::vector<std::string>& out, std::string_view prefix, const auto& words) {
  for (const auto& word : words) {
    if (std::string_view(word).starts_with(prefix)) out.emplace_back(word);
  }
}
}  // namespace

std::span<const CommandSpec> command_specs() { return kCommands; }

std::vector<CommandDoc> describe_commands() {
  std::vector<CommandDoc> docs;
  for (const CommandSpec& command : kCommands) docs.push_back({std::string(command.usage), std::string(command.summary)});
  return docs;
}

const CommandSpec* find_command(std::string_view name) {
  const auto it = std::ranges::find(kCommands, name, &CommandSpec::name);
  return it == kCommands.end() ? nullptr : &*it;
}

std::vector<std::string> complete_command_line(std::string_view line, std::size_t word_start,
                                               const std::vector<std::string>& online_users) {
  word_start = std::min(word_start, line.size());
  const std::string_view prefix = line.substr(word_start);
  std::string error;
  const auto words = split_words(line.substr(0, word_start), error).value_or(std::vector<std::string>{});
  std::vector<std::string> candidates;
  if (words.empty()) {
    for (const auto& spec : kCommands) {
      if (spec.name.starts_with(prefix)) candidates.emplace_back(spec.name);
    }
    return candidates;
  }
  const CommandSpec* spec = find_command(words[0]);
  if (!spec) return candidates;
  if (spec->name == "help") {
    if (words.size() == 1) add_matches(candidates, prefix, kCommands | std::views::transform(&CommandSpec::name));
    return candidates;
  }
  if (spec->argument == ArgumentKind::setting) {
    if (words.size() == 1)
      add_matches(candidates, prefix, setting_names());
    else if (words.size() == 2)
      add_matches(candidates, prefix, setting_values(words[1]));
    return candidates;
  }
  if (prefix.starts_with('-')) {
    add_matches(candidates, prefix, spec->options);
    add_matches(candidates, prefix, std::vector<std::string_view>{"-h"});
    return candidates;
  }
  if (spec->argument == ArgumentKind::user) add_matches(candidates, prefix, online_users);
  if (spec->argument == ArgumentKind::on_off && words.size() == 1) {
    add_matches(candidates, prefix, std::vector<std::string_view>{"on", "off"});
  }
  return candidates;
}

std::string help_text(std::string_view command) {
  if (!command.empty()) {
    const CommandSpec* spec = find_command(command);
    if (!spec) return "no command '" + std::string(command) + "'; type help for the list";
    return "usage: " + std::string(spec->usage) + "\n  " + std::string(spec->summary);
  }
  std::string text = "commands (Tab completes, help <command> explains one):";
  for (const auto& spec : kCommands) {
    std::string usage(spec.usage);
    usage.resize(std::max<std::size_t>(usage.size(), 34), ' ');
    text += "\n  " + usage + std::string(spec.summary);
  }
  return text;
}

}  // namespace clivrt::app

// clivrt-docgen: writes the man pages, shell completions and example config files from the
// programs' own flag, key and command tables, at build time. Never installed.
//   clivrt-docgen man TEMPLATE OUTPUT
//   clivrt-docgen completion bash|zsh|fish clivrt|clivrt-server OUTPUT
//   clivrt-docgen config clivrt|clivrt-server OUTPUT
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "clivrt/app/command_docs.hpp"
#include "clivrt/common/version.hpp"
#include "clivrt/config/command_line.hpp"
#include "clivrt/config/settings.hpp"
#include "clivrt/manual/completion.hpp"
#include "clivrt/manual/config_example.hpp"
#include "clivrt/manual/roff.hpp"
#include "clivrt/manual/text_template.hpp"
#include "clivrt/server/server_flags.hpp"

namespace {

using namespace clivrt;

manual::CompletionSpec completion_spec(const std::string& program) {
  if (program == "clivrt") return {program, config::describe_command_line(), "--option", config::describe_settings()};
  return {program, server::describe_server_flags(), "", {}};
}

std::string man_page(const std::string& template_path) {
  std::ifstream in(template_path);
  if (!in) throw std::runtime_error("cannot read " + template_path);
  std::stringstream text;
  text << in.rdbuf();
  const std::map<std::string, std::string> values = {
      {"VERSION", kVersion},
      {"CLIENT_OPTIONS", manual::roff_option_list(config::describe_command_line())},
      {"CLIENT_COMMANDS", manual::roff_command_list(app::describe_commands())},
      {"CONFIG_KEYS", manual::roff_option_list(config::describe_settings())},
      {"SERVER_OPTIONS", manual::roff_option_list(server::describe_server_flags())},
  };
  return manual::fill_template(text.str(), values);
}

std::string completion(const std::string& shell, const std::string& program) {
  const auto spec = completion_spec(program);
  if (shell == "bash") return manual::bash_completion(spec);
  if (shell == "zsh") return manual::zsh_completion(spec);
  return manual::fish_completion(spec);
}

std::string example_config(const std::string& program) {
  if (program == "clivrt")
    return manual::example_config(
        "; clivrt's config file (clivrt.conf(5)): ./.clivrt, or $XDG_CONFIG_HOME/clivrt/config.\n"
        "; Every key is shown commented out; command-line flags override the file.\n",
        "DEFAULT", config::describe_settings());
  return manual::example_config(
      "; clivrt-server's config file, read with --config (clivrt-server(8)): one flag per line,\n"
      "; without its \"--\". Every flag is shown commented out with its default; flags given on the\n"
      "; command line win. The packaged service reads /etc/clivrt/clivrt-server.conf.\n",
      "", server::describe_server_flags());
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"clivrt-docgen: man pages, completions and example configs from clivrt's own tables"};
  app.require_subcommand(1);
  std::string input, output, shell, program;
  const std::vector<std::string> programs = {"clivrt", "clivrt-server"};

  auto* man = app.add_subcommand("man", "Fill a man page template (@NAME@ placeholders)");
  man->add_option("template", input)->required()->check(CLI::ExistingFile);
  man->add_option("output", output)->required();

  auto* comp = app.add_subcommand("completion", "Write a shell completion script");
  comp->add_option("shell", shell)->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  comp->add_option("program", program)->required()->check(CLI::IsMember(programs));
  comp->add_option("output", output)->required();

  auto* conf = app.add_subcommand("config", "Write an example config file");
  conf->add_option("program", program)->required()->check(CLI::IsMember(programs));
  conf->add_option("output", output)->required();

  CLI11_PARSE(app, argc, argv);
  try {
    if (man->parsed()) write_file(output, man_page(input));
    if (comp->parsed()) write_file(output, completion(shell, program));
    if (conf->parsed()) write_file(output, example_config(program));
  } catch (const std::exception& e) {
    std::cerr << "clivrt-docgen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

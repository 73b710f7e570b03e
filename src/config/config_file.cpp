#include "clivrt/config/config_file.hpp"

#include <ini.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace clivrt::config {

namespace {

// inih calls the reader once per line; counting the calls gives handlers the line number,
// which Debian's inih (built without INI_HANDLER_LINENO) does not pass.
struct ParseState {
  std::string_view text;
  std::size_t offset = 0;
  int line = 0;
  std::string source_name;
  Settings* settings = nullptr;
  std::string error;
};

char* read_line(char* buffer, int size, void* stream) {
  auto* state = static_cast<ParseState*>(stream);
  if (state->offset >= state->text.size() || size < 2) return nullptr;
  const std::string_view rest = state->text.substr(state->offset);
  const std::size_t newline = rest.find('\n');
  std::size_t take = newline == std::string_view::npos ? rest.size() : newline + 1;
  take = std::min<std::size_t>(take, static_cast<std::size_t>(size - 1));
  std::memcpy(buffer, rest.data(), take);
  buffer[take] = '\0';
  state->offset += take;
  if ((take > 0 && buffer[take - 1] == '\n') || state->offset >= state->text.size()) ++state->line;
  return buffer;
}

std::string where(const ParseState& state) { return state.source_name + ":" + std::to_string(state.line); }

int on_key(void* user, const char* section, const char* name, const char* value) {
  auto* state = static_cast<ParseState*>(user);
  const std::string_view section_name(section);
  if (!section_name.empty() && section_name != "DEFAULT") {
    state->settings->warnings.push_back(where(*state) + ": section [" + std::string(section_name) +
                                        "] is ignored; clivrt reads [DEFAULT]");
    return 1;
  }
  const std::string problem = apply_setting(*state->settings, name, value);
  if (problem == "unknown key") {
    state->settings->warnings.push_back(where(*state) + ": unknown key '" + name + "' is ignored");
    return 1;
  }
  if (!problem.empty()) {
    state->error = where(*state) + ": " + name + " = '" + value + "': " + problem;
    return 0;
  }
  return 1;
}

}  // namespace

void apply_config_text(std::string_view text, const std::string& source_name, Settings& settings) {
  ParseState state{text, 0, 0, source_name, &settings, {}};
  const int result = ini_parse_stream(read_line, &state, on_key, &state);
  if (!state.error.empty()) throw ConfigError(state.error);
  if (result > 0) {
    throw ConfigError(source_name + ":" + std::to_string(result) +
                      ": not a 'key = value' line, a [section] or a comment");
  }
  if (result != 0) throw ConfigError(source_name + ": could not be parsed");
}

void apply_config_file(const std::string& path, Settings& settings) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError(path + ": cannot read config file: " + std::strerror(errno));
  std::ostringstream content;
  content << file.rdbuf();
  apply_config_text(content.str(), path, settings);
  settings.config_path = path;
}

}  // namespace clivrt::config

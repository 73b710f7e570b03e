#include "line_editor.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

// readline's headers need <cstdio> first.
#include <readline/history.h>
#include <readline/readline.h>

namespace clivrt::tui {
namespace {

// readline is a C library with global state and plain function-pointer hooks: these globals
// connect its hooks to the one LineEditor (loop thread only).
LineEditor::Hooks* g_hooks = nullptr;
std::string g_keys;  // bytes fed, not yet read by readline
std::size_t g_key_pos = 0;
FILE* g_null = nullptr;  // readline's streams: never the terminal

constexpr std::size_t kHistoryLimit = 1000;

int getc_hook(FILE*) {
  if (g_key_pos >= g_keys.size()) return EOF;
  return static_cast<unsigned char>(g_keys[g_key_pos++]);
}

int input_available_hook() { return g_key_pos < g_keys.size() ? 1 : 0; }

void redisplay_hook() {
  if (g_hooks != nullptr && g_hooks->on_change) g_hooks->on_change();
}

void line_hook(char* line) {
  std::optional<std::string> result;
  if (line != nullptr) {
    result.emplace(line);
    if (!result->empty()) add_history(line);
    std::free(line);
  }
  if (g_hooks != nullptr && g_hooks->on_line) g_hooks->on_line(std::move(result));
}

std::vector<std::string> g_candidates;  // for the generator below, during one completion
std::size_t g_candidate_index = 0;

char* candidate_generator(const char* text, int state) {
  if (state == 0) g_candidate_index = 0;
  const std::string_view prefix(text);
  while (g_candidate_index < g_candidates.size()) {
    const std::string& c = g_candidates[g_candidate_index++];
    if (c.starts_with(prefix)) return strdup(c.c_str());  // readline frees it
  }
  return nullptr;
}

char** completion_hook(const char* text, int start, int /*end*/) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  g_candidates.clear();
  if (g_hooks == nullptr || !g_hooks->complete) return nullptr;
  try {
    g_candidates = g_hooks->complete(std::string_view(rl_line_buffer, static_cast<std::size_t>(rl_end)),
                                     static_cast<std::size_t>(start));
  } catch (...) {
    return nullptr;  // a failing completer completes nothing; never unwind through readline
  }
  return rl_completion_matches(text, candidate_generator);
}

void display_matches_hook(char** matches, int count, int /*max_length*/) {
  std::vector<std::string> list;
  for (int i = 1; i <= count; ++i) list.emplace_back(matches[i]);
  if (g_hooks != nullptr && g_hooks->on_candidates) g_hooks->on_candidates(std::move(list));
  redisplay_hook();
}

void no_prep(int) {}
void no_deprep() {}

}  // namespace

LineEditor::LineEditor(Hooks hooks) {
  if (g_hooks != nullptr) throw std::logic_error("only one LineEditor (readline) at a time");
  g_null = std::fopen("/dev/null", "r+");
  if (g_null == nullptr) throw std::runtime_error("cannot open /dev/null for readline");
  g_hooks = new Hooks(std::move(hooks));
  g_keys.clear();
  g_key_pos = 0;

  rl_readline_name = "clivrt";
  rl_catch_signals = 0;
  rl_catch_sigwinch = 0;
  rl_change_environment = 0;
  rl_prep_term_function = no_prep;
  rl_deprep_term_function = no_deprep;
  rl_instream = g_null;
  rl_outstream = g_null;
  rl_getc_function = getc_hook;
  rl_input_available_hook = input_available_hook;
  rl_redisplay_function = redisplay_hook;
  rl_attempted_completion_function = completion_hook;
  rl_completion_display_matches_hook = display_matches_hook;
  clear_history();
  stifle_history(static_cast<int>(kHistoryLimit));
  rl_callback_handler_install("> ", line_hook);
  // After install, which reads ~/.inputrc: readline's bell goes to stderr, i.e. the terminal.
  rl_variable_bind("bell-style", "none");
  // readline binds editing keys from the terminfo entry of $TERM, which may be missing or
  // differ from what the terminal sends: add the common sequences unless inputrc bound them.
  for (const char* seq : {"\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH"}) rl_bind_keyseq_if_unbound(seq, rl_beg_of_line);
  for (const char* seq : {"\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF"}) rl_bind_keyseq_if_unbound(seq, rl_end_of_line);
  rl_bind_keyseq_if_unbound("\x1b[3~", rl_delete);
  rl_bind_keyseq_if_unbound("\x1b[1;5C", rl_forward_word);
  rl_bind_keyseq_if_unbound("\x1b[1;5D", rl_backward_word);
}

LineEditor::~LineEditor() {
  rl_callback_handler_remove();
  rl_getc_function = rl_getc;
  rl_input_available_hook = nullptr;
  rl_redisplay_function = rl_redisplay;
  rl_prep_term_function = rl_prep_terminal;
  rl_deprep_term_function = rl_deprep_terminal;
  rl_attempted_completion_function = nullptr;
  rl_completion_display_matches_hook = nullptr;
  rl_instream = nullptr;
  rl_outstream = nullptr;
  std::fclose(g_null);
  g_null = nullptr;
  delete g_hooks;
  g_hooks = nullptr;
  g_keys.clear();
  g_key_pos = 0;
}

void LineEditor::feed(std::string_view keys) {
  // Drop what readline already consumed, then hand it one byte per call (the callback contract).
  g_keys.erase(0, g_key_pos);
  g_key_pos = 0;
  g_keys.append(keys);
  while (g_key_pos < g_keys.size()) {
    const std::size_t before = g_key_pos;
    rl_callback_read_char();
    if (g_key_pos == before) break;  // readline took nothing: do not spin
  }
}

void LineEditor::insert(std::string_view text) {
  const std::string copy(text);
  rl_insert_text(copy.c_str());
  redisplay_hook();
}

void LineEditor::replace(std::string_view text) {
  const std::string copy(text);
  rl_replace_line(copy.c_str(), 0);
  rl_point = rl_end;
  redisplay_hook();
}

std::string LineEditor::buffer() const {
  return rl_line_buffer == nullptr ? std::string() : std::string(rl_line_buffer, static_cast<std::size_t>(rl_end));
}

std::size_t LineEditor::point() const { return static_cast<std::size_t>(rl_point); }

}  // namespace clivrt::tui

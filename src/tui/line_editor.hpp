#pragma once
// GNU readline through its callback interface, with no terminal access of its own: we feed it
// key bytes, it edits (emacs/vi keys, history, completion) and tells us to redisplay; the UI's
// renderer draws the line. readline keeps global state, so only one LineEditor may exist.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::tui {

class LineEditor {
 public:
  struct Hooks {
    /// A finished line (already in the history when not empty); nullopt for EOF (Ctrl-D on an
    /// empty line). Called from inside feed().
    std::function<void(std::optional<std::string>)> on_line;
    /// Candidates for the word at [word_start, cursor) of the line.
    std::function<std::vector<std::string>(std::string_view line, std::size_t word_start)> complete;
    /// The list of candidates after a second Tab (the first entry of readline's list, the common
    /// prefix, is left out).
    std::function<void(std::vector<std::string>)> on_candidates;
    /// The line or the cursor changed: redraw.
    std::function<void()> on_change;
  };

  /// Throws std::logic_error if another LineEditor exists. The history starts empty.
  explicit LineEditor(Hooks hooks);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  /// Key bytes as typed (escape sequences whole).
  void feed(std::string_view keys);
  /// Inserts text at the cursor as is (bracketed paste): nothing in it is a key.
  void insert(std::string_view text);
  /// Replaces the whole line, cursor at the end.
  void replace(std::string_view text);

  std::string buffer() const;
  std::size_t point() const;  ///< cursor, a byte offset into buffer()
};

}  // namespace clivrt::tui

#pragma once
// Test helper: a real terminal emulator (libvterm) to feed the UI's output into and read the
// resulting screen back as text.
#include <string>
#include <string_view>

struct VTerm;
struct VTermScreen;

namespace clivrt::tui::testing {

class VtermScreen {
 public:
  VtermScreen(int rows, int cols);
  ~VtermScreen();
  VtermScreen(const VtermScreen&) = delete;
  VtermScreen& operator=(const VtermScreen&) = delete;

  void feed(std::string_view bytes);
  void resize(int rows, int cols);
  int rows() const { return rows_; }
  int cols() const { return cols_; }

  /// The row's characters (a wide character once), trailing blanks removed.
  std::string row(int r) const;
  /// Every row, joined with '\n'.
  std::string text() const;
  bool reverse_at(int r, int c) const;
  /// Indexed foreground colour at the cell, or -1 for the default.
  int fg_at(int r, int c) const;
  int cursor_row() const;
  int cursor_col() const;
  /// Title set by OSC 0/2, if any.
  const std::string& title() const { return title_; }

 private:
  VTerm* vt_;
  VTermScreen* screen_;
  int rows_;
  int cols_;
  std::string title_;
};

}  // namespace clivrt::tui::testing

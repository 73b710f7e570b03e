#pragma once
// Test support: a real terminal emulator (libvterm) that output bytes are fed to and whose
// screen is read back, as cells (colours, attributes) or as text.
#include <cstdint>
#include <string>
#include <string_view>

struct VTerm;
struct VTermScreen;

namespace clivrt::testing {

struct TermColor {
  enum class Kind : std::uint8_t { default_color, indexed, rgb };
  Kind kind = Kind::default_color;
  std::uint8_t index = 0;                     // for indexed
  std::uint8_t red = 0, green = 0, blue = 0;  // for rgb
};

struct ScreenCell {
  char32_t glyph = 0;  // first code point; 0 for a never-written cell
  int width = 1;       // 2 for a wide glyph, whose right half is the next cell
  TermColor fg, bg;
  bool reverse = false;
};

struct ScreenPos {
  int row = 0;
  int col = 0;
};

class VtermTerminal {
 public:
  VtermTerminal(int rows, int cols);
  ~VtermTerminal();
  VtermTerminal(const VtermTerminal&) = delete;
  VtermTerminal& operator=(const VtermTerminal&) = delete;

  void feed(std::string_view bytes);
  void resize(int rows, int cols);
  int rows() const { return rows_; }
  int cols() const { return cols_; }

  ScreenCell cell(int row, int col) const;
  ScreenPos cursor() const;
  /// The row's characters (a wide character once, combining marks kept), trailing blanks removed.
  std::string row(int r) const;
  /// Every row followed by '\n'.
  std::string text() const;
  /// Title set by OSC 0/2, if any.
  const std::string& title() const { return title_; }

 private:
  VTerm* vt_;
  VTermScreen* screen_;
  int rows_;
  int cols_;
  std::string title_;
};

}  // namespace clivrt::testing

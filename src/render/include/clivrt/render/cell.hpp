#pragma once
// The renderer's output: a grid of terminal cells holding exactly what the terminal shows
// (glyph and already-quantised colours), so diffing two grids compares what the user sees.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <vector>

namespace clivrt::render {

/// A terminal colour as the encoder will emit it: the terminal's default, a palette index
/// (0–15 for 16-colour terminals, 0–255 for xterm-256) or a 24-bit colour.
class Color {
 public:
  constexpr Color() = default;
  static constexpr Color indexed(std::uint8_t index) { return Color(kIndexed | index); }
  static constexpr Color rgb(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    return Color(kRgb | (std::uint32_t{r} << 16) | (std::uint32_t{g} << 8) | b);
  }

  constexpr bool is_default() const { return bits_ == 0; }
  constexpr bool is_indexed() const { return (bits_ & kKindMask) == kIndexed; }
  constexpr bool is_rgb() const { return (bits_ & kKindMask) == kRgb; }
  constexpr std::uint8_t index() const { return static_cast<std::uint8_t>(bits_); }
  constexpr std::uint8_t r() const { return static_cast<std::uint8_t>(bits_ >> 16); }
  constexpr std::uint8_t g() const { return static_cast<std::uint8_t>(bits_ >> 8); }
  constexpr std::uint8_t b() const { return static_cast<std::uint8_t>(bits_); }
  constexpr std::uint32_t bits() const { return bits_; }

  friend constexpr bool operator==(Color, Color) = default;

 private:
  static constexpr std::uint32_t kIndexed = 1u << 24;
  static constexpr std::uint32_t kRgb = 2u << 24;
  static constexpr std::uint32_t kKindMask = 3u << 24;
  constexpr explicit Color(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_ = 0;
};

/// Glyph value of the right half of a double-width glyph: the cell to its left holds the
/// wide glyph, this one is drawn by it and never written on its own. Give it the wide
/// glyph's colours (what the terminal shows there).
inline constexpr char32_t kWideContinuation = 0;

/// A blank (U' ') shows only its background: the encoder ignores a blank's foreground, so
/// leave it default.
struct Cell {
  char32_t glyph = U' ';
  Color fg;
  Color bg;
  friend constexpr bool operator==(const Cell&, const Cell&) = default;
};

inline constexpr char32_t kUpperHalf = U'\u2580';  // ▀
inline constexpr char32_t kLowerHalf = U'\u2584';  // ▄

/// The same look drawn the other way round: ▀ in A on B is ▄ in B on A. Only when both colours
/// are set: the terminal's default foreground and background are different colours, so a half
/// in "default" cannot change sides. Nothing for any other cell.
std::optional<Cell> flipped_half_block(const Cell& cell);

/// One form per look (a ▄ becomes its ▀), so that grids compare by what the user sees.
Cell canonical_look(const Cell& cell);

/// `a` and `b` show the same picture: equal, or one is the other's flipped half block.
bool looks_same(const Cell& a, const Cell& b);

struct GridSize {
  int cols = 0;
  int rows = 0;
  friend constexpr bool operator==(GridSize, GridSize) = default;
};

/// Row-major cells. A wide glyph must be followed by a kWideContinuation cell in the same row.
class CellGrid {
 public:
  CellGrid() = default;
  explicit CellGrid(GridSize size) { resize(size); }

  /// Resizes and blanks every cell (keeps the allocation when it shrinks or stays equal).
  void resize(GridSize size);
  /// Sets every cell to `cell`.
  void fill(const Cell& cell);

  GridSize size() const { return size_; }
  int cols() const { return size_.cols; }
  int rows() const { return size_.rows; }
  Cell& at(int row, int col) { return cells_[index(row, col)]; }
  const Cell& at(int row, int col) const { return cells_[index(row, col)]; }
  Cell* row(int r) { return cells_.data() + index(r, 0); }
  const Cell* row(int r) const { return cells_.data() + index(r, 0); }

  friend bool operator==(const CellGrid&, const CellGrid&) = default;

 private:
  std::size_t index(int row, int col) const {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(size_.cols) + static_cast<std::size_t>(col);
  }
  GridSize size_;
  std::vector<Cell> cells_;
};

/// Readable forms for test failures and logs: "U+2580/196/#1.2.3" (glyph/fg/bg, - = default).
std::ostream& operator<<(std::ostream& os, Color color);
std::ostream& operator<<(std::ostream& os, const Cell& cell);
std::ostream& operator<<(std::ostream& os, const CellGrid& grid);

/// Copies `src` onto `dst` with its top-left corner at (row, col), clipped to `dst`
/// (picture-in-picture self view). A wide glyph cut by the right edge of `dst` and a
/// continuation cell whose glyph was clipped become blanks, so the grid stays well formed;
/// likewise a wide glyph in `dst` partly covered by `src`.
void blit(CellGrid& dst, const CellGrid& src, int row, int col);

}  // namespace clivrt::render

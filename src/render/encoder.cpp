#include "clivrt/render/encoder.hpp"

#include <cstdint>
#include <vector>

#include "cursor.hpp"
#include "sgr.hpp"

namespace clivrt::render {
namespace {

bool is_continuation(const Cell* row, int col) { return row[col].glyph == kWideContinuation; }

// A wide glyph and its continuation cell are drawn, and erased, together.
bool pair_at(const Cell* row, int col, int cols) {
  return col + 1 < cols && is_continuation(row, col + 1) && !is_continuation(row, col);
}

// The colours a cell needs, given the current ones: a blank shows no foreground.
Pen pen_for(const Cell& cell, Pen current) { return {cell.glyph == U' ' ? current.fg : cell.fg, cell.bg}; }

int glyph_bytes(char32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

// A half block in whichever of its two forms (▀ A on B, ▄ B on A) needs the shorter colour
// change from `pen`: neighbouring cells often share a colour on opposite halves.
Cell cheapest_form(const Cell& cell, Pen pen) {
  const auto flipped = flipped_half_block(cell);
  if (!flipped || pen_for(cell, pen) == pen) return cell;  // no choice, or nothing to write
  if (pen_for(*flipped, pen) == pen) return *flipped;
  const int as_is = pen_change_bytes(pen, pen_for(cell, pen));
  return pen_change_bytes(pen, pen_for(*flipped, pen)) < as_is ? *flipped : cell;
}

// Marks the cells of row `r` that must be written. A cell that looks the same in another form
// (a flipped half block) is unchanged. Overwriting either half of a wide glyph
// erases both halves, so a change in one half of a pair (old or new) dirties the other.
void mark_changed(const Cell* prev, const Cell* next, int cols, std::vector<char>& changed) {
  for (int c = 0; c < cols; ++c) changed[c] = prev == nullptr || !looks_same(prev[c], next[c]);
  if (prev == nullptr) return;
  const auto coupled = [&](int c) { return pair_at(prev, c, cols) || pair_at(next, c, cols); };
  for (int c = 0; c + 1 < cols; ++c)
    if (changed[c] && coupled(c)) changed[c + 1] = 1;
  for (int c = cols - 2; c >= 0; --c)
    if (changed[c + 1] && coupled(c)) changed[c] = 1;
}

class RowWriter {
 public:
  RowWriter(std::string& out, const EncodeOptions& options) : out_(out), options_(options) {}

  void write_row(const Cell* next, const std::vector<char>& changed, int cols, int row, int col0) {
    for (int c = 0; c < cols; ++c) {
      if (!changed[c]) continue;
      // A continuation is drawn by the wide glyph to its left (dirtied with it); one with
      // no owner is malformed and shown as a blank.
      const bool covered = c > 0 && is_continuation(next, c) && !is_continuation(next, c - 1);
      if (covered) continue;
      const CursorPos target{row, col0 + c};
      if (cursor_.row == row && cursor_.col < target.col) fill_gap(next, cursor_.col - col0, c);
      append_move(out_, cursor_, target);
      const Cell cell = cheapest_form(next[c], pen_);
      const Pen pen = pen_for(cell, pen_);
      append_pen_change(out_, pen_, pen);
      pen_ = pen;
      append_glyph(out_, is_continuation(next, c) ? U' ' : cell.glyph);
      const int width = pair_at(next, c, cols) ? 2 : 1;
      cursor_ = {row, target.col + width};
      if (options_.repeat && width == 1 && !is_continuation(next, c)) c += repeat(next, changed, cols, c, cell.glyph);
      // At the pane's right edge the terminal may hold a pending wrap: position unknown.
      if (c + width >= cols) cursor_ = {};
    }
  }

  void finish() { append_pen_change(out_, pen_, Pen{}); }

  // After `glyph` was written at `c`: repeats it with REP over the following cells that show the
  // same glyph in the current pen, up to the last changed one, when that is shorter than writing
  // them. Returns how many cells it covered.
  int repeat(const Cell* next, const std::vector<char>& changed, int cols, int c, char32_t glyph) {
    int last = c;
    for (int j = c + 1; j < cols && !is_continuation(next, j) && !pair_at(next, j, cols); ++j) {
      const Cell cell = cheapest_form(next[j], pen_);
      if (cell.glyph != glyph || !(pen_for(cell, pen_) == pen_)) break;
      if (changed[j]) last = j;
    }
    const int count = last - c;
    if (count * glyph_bytes(glyph) <= 3 + digits(count)) return 0;  // ESC [ n b
    out_ += "\x1b[";
    append_number(out_, count);
    out_ += 'b';
    cursor_.col += count;
    return count;
  }
  /// Bytes finish() would add now.
  std::size_t finish_bytes() const { return static_cast<std::size_t>(pen_change_bytes(pen_, Pen{})); }

  struct Mark {
    std::size_t size;
    CursorPos cursor;
    Pen pen;
  };
  Mark mark() const { return {out_.size(), cursor_, pen_}; }
  void rewind(const Mark& m) {
    out_.resize(m.size);
    cursor_ = m.cursor;
    pen_ = m.pen;
  }

 private:
  // Rewrites unchanged narrow cells [from, to) when that is cheaper than moving over them.
  void fill_gap(const Cell* next, int from, int to) {
    if (to - from > options_.max_rewrite_gap) return;
    int bytes = 0;
    for (int c = from; c < to; ++c) {
      const Cell cell = cheapest_form(next[c], pen_);
      if (cell.glyph == kWideContinuation || !(pen_for(cell, pen_) == pen_)) return;
      if (is_continuation(next, c + 1)) return;  // a wide glyph: leave it alone
      bytes += glyph_bytes(cell.glyph);
    }
    if (bytes > move_cost(cursor_, {cursor_.row, cursor_.col + (to - from)})) return;
    for (int c = from; c < to; ++c) append_glyph(out_, cheapest_form(next[c], pen_).glyph);
    cursor_.col += to - from;
  }

  std::string& out_;
  const EncodeOptions& options_;
  CursorPos cursor_;
  Pen pen_;
};

}  // namespace

int encode_into(std::string& out, const CellGrid* previous, const CellGrid& next, Origin origin,
                const EncodeOptions& options) {
  if (previous != nullptr && previous->size() != next.size()) previous = nullptr;
  const int cols = next.cols();
  std::vector<char> changed(static_cast<std::size_t>(cols) + 1);
  RowWriter writer(out, options);
  const std::size_t limit = options.max_bytes == 0 ? SIZE_MAX : out.size() + options.max_bytes;
  int rows_done = 0;
  for (; rows_done < next.rows(); ++rows_done) {
    const RowWriter::Mark before = writer.mark();
    mark_changed(previous != nullptr ? previous->row(rows_done) : nullptr, next.row(rows_done), cols, changed);
    writer.write_row(next.row(rows_done), changed, cols, origin.row + rows_done, origin.col);
    if (out.size() + writer.finish_bytes() > limit) {
      writer.rewind(before);
      break;
    }
  }
  writer.finish();
  return rows_done;
}

std::string encode(const CellGrid* previous, const CellGrid& next, Origin origin, const EncodeOptions& options) {
  std::string out;
  encode_into(out, previous, next, origin, options);
  return out;
}

}  // namespace clivrt::render

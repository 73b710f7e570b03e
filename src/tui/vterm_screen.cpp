#include "tui/vterm_screen.hpp"

#include "text/utf8.hpp"

extern "C" {
#include <vterm.h>
}

namespace clivrt::tui::testing {
namespace {

int on_settermprop(VTermProp prop, VTermValue* val, void* user) {
  if (prop == VTERM_PROP_TITLE) {
    auto* title = static_cast<std::string*>(user);
#if defined(VTERM_VERSION_MAJOR) && (VTERM_VERSION_MAJOR > 0 || VTERM_VERSION_MINOR >= 2)
    title->assign(val->string.str, val->string.len);
#else
    title->assign(val->string);
#endif
  }
  return 1;
}

}  // namespace

VtermScreen::VtermScreen(int rows, int cols) : vt_(vterm_new(rows, cols)), rows_(rows), cols_(cols) {
  vterm_set_utf8(vt_, 1);
  screen_ = vterm_obtain_screen(vt_);
  vterm_screen_enable_altscreen(screen_, 1);
  static VTermScreenCallbacks callbacks{};
  callbacks.settermprop = on_settermprop;
  vterm_screen_set_callbacks(screen_, &callbacks, &title_);
  vterm_screen_reset(screen_, 1);
}

VtermScreen::~VtermScreen() { vterm_free(vt_); }

void VtermScreen::feed(std::string_view bytes) { vterm_input_write(vt_, bytes.data(), bytes.size()); }

void VtermScreen::resize(int rows, int cols) {
  rows_ = rows;
  cols_ = cols;
  vterm_set_size(vt_, rows, cols);
}

std::string VtermScreen::row(int r) const {
  std::string out;
  for (int c = 0; c < cols_;) {
    VTermScreenCell cell{};
    vterm_screen_get_cell(screen_, VTermPos{r, c}, &cell);
    if (cell.chars[0] == 0) {
      out += ' ';
    } else {
      for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; ++i)
        text::append_utf8(out, static_cast<char32_t>(cell.chars[i]));
    }
    c += cell.width > 0 ? cell.width : 1;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string VtermScreen::text() const {
  std::string out;
  for (int r = 0; r < rows_; ++r) out += row(r) + "\n";
  return out;
}

bool VtermScreen::reverse_at(int r, int c) const {
  VTermScreenCell cell{};
  vterm_screen_get_cell(screen_, VTermPos{r, c}, &cell);
  return cell.attrs.reverse != 0;
}

int VtermScreen::fg_at(int r, int c) const {
  VTermScreenCell cell{};
  vterm_screen_get_cell(screen_, VTermPos{r, c}, &cell);
  if (VTERM_COLOR_IS_DEFAULT_FG(&cell.fg) || !VTERM_COLOR_IS_INDEXED(&cell.fg)) return -1;
  return cell.fg.indexed.idx;
}

int VtermScreen::cursor_row() const {
  VTermPos pos{};
  vterm_state_get_cursorpos(vterm_obtain_state(vt_), &pos);
  return pos.row;
}

int VtermScreen::cursor_col() const {
  VTermPos pos{};
  vterm_state_get_cursorpos(vterm_obtain_state(vt_), &pos);
  return pos.col;
}

}  // namespace clivrt::tui::testing

#include "clivrt/testing/vterm_terminal.hpp"

#include <stdexcept>

#include "clivrt/text/utf8.hpp"

extern "C" {
#include <vterm.h>
}

namespace clivrt::testing {
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

TermColor to_color(const VTermColor& c, bool foreground) {
  TermColor out;
  if (foreground ? VTERM_COLOR_IS_DEFAULT_FG(&c) : VTERM_COLOR_IS_DEFAULT_BG(&c)) return out;
  if (VTERM_COLOR_IS_INDEXED(&c)) {
    out.kind = TermColor::Kind::indexed;
    out.index = c.indexed.idx;
  } else {
    out.kind = TermColor::Kind::rgb;
    out.red = c.rgb.red;
    out.green = c.rgb.green;
    out.blue = c.rgb.blue;
  }
  return out;
}

}  // namespace

VtermTerminal::VtermTerminal(int rows, int cols) : vt_(vterm_new(rows, cols)), rows_(rows), cols_(cols) {
  if (vt_ == nullptr) throw std::runtime_error("vterm_new failed");
  vterm_set_utf8(vt_, 1);
  screen_ = vterm_obtain_screen(vt_);
  vterm_screen_enable_altscreen(screen_, 1);
  static VTermScreenCallbacks callbacks{};
  callbacks.settermprop = on_settermprop;
  vterm_screen_set_callbacks(screen_, &callbacks, &title_);
  vterm_screen_reset(screen_, 1);
}

VtermTerminal::~VtermTerminal() { vterm_free(vt_); }

void VtermTerminal::feed(std::string_view bytes) { vterm_input_write(vt_, bytes.data(), bytes.size()); }

void VtermTerminal::resize(int rows, int cols) {
  rows_ = rows;
  cols_ = cols;
  vterm_set_size(vt_, rows, cols);
}

ScreenCell VtermTerminal::cell(int row, int col) const {
  VTermScreenCell vc{};
  vterm_screen_get_cell(screen_, VTermPos{row, col}, &vc);
  ScreenCell out;
  out.glyph = static_cast<char32_t>(vc.chars[0]);
  out.width = static_cast<unsigned char>(vc.width);
  out.fg = to_color(vc.fg, true);
  out.bg = to_color(vc.bg, false);
  out.reverse = vc.attrs.reverse != 0;
  return out;
}

ScreenPos VtermTerminal::cursor() const {
  VTermPos pos{};
  vterm_state_get_cursorpos(vterm_obtain_state(vt_), &pos);
  return {pos.row, pos.col};
}

std::string VtermTerminal::row(int r) const {
  std::string out;
  for (int c = 0; c < cols_;) {
    VTermScreenCell vc{};
    vterm_screen_get_cell(screen_, VTermPos{r, c}, &vc);
    if (vc.chars[0] == 0) {
      out += ' ';
    } else {
      for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && vc.chars[i] != 0; ++i)
        text::append_utf8(out, static_cast<char32_t>(vc.chars[i]));
    }
    c += vc.width > 0 ? vc.width : 1;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string VtermTerminal::text() const {
  std::string out;
  for (int r = 0; r < rows_; ++r) out += row(r) + "\n";
  return out;
}

}  // namespace clivrt::testing

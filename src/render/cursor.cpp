#include "cursor.hpp"

#include "sgr.hpp"

namespace clivrt::render {
namespace {

// CSI n <final>, with n omitted when it equals the default 1.
int csi_cost(int n) { return n == 1 ? 3 : 3 + digits(n); }
void append_csi(std::string& out, int n, char final_byte) {
  out += "\x1b[";
  if (n != 1) append_number(out, n);
  out += final_byte;
}

enum class Horizontal { none, forward, back, absolute, carriage_return, cr_forward };

struct Plan {
  bool absolute = true;  // CUP
  Horizontal horizontal = Horizontal::none;
  int cost = 0;
};

int cup_cost(CursorPos to) {
  if (to.col == 0) return to.row == 0 ? 3 : 3 + digits(to.row + 1);
  return 4 + (to.row == 0 ? 0 : digits(to.row + 1)) + digits(to.col + 1);
}

Plan plan(CursorPos from, CursorPos to) {
  Plan best{true, Horizontal::none, cup_cost(to)};
  if (!from.known()) return best;
  const int dr = to.row - from.row;
  const int vertical = dr == 0 ? 0 : csi_cost(dr > 0 ? dr : -dr);
  const int dc = to.col - from.col;
  const auto consider = [&](Horizontal h, int cost) {
    if (vertical + cost < best.cost) best = {false, h, vertical + cost};
  };
  if (dc == 0) consider(Horizontal::none, 0);
  if (dc > 0) consider(Horizontal::forward, csi_cost(dc));
  if (dc < 0) consider(Horizontal::back, csi_cost(-dc));
  consider(Horizontal::absolute, csi_cost(to.col + 1));
  consider(to.col == 0 ? Horizontal::carriage_return : Horizontal::cr_forward,
           1 + (to.col == 0 ? 0 : csi_cost(to.col)));
  return best;
}

}  // namespace

int move_cost(CursorPos from, CursorPos to) { return from == to ? 0 : plan(from, to).cost; }

void append_move(std::string& out, CursorPos from, CursorPos to) {
  if (from == to) return;
  const Plan p = plan(from, to);
  if (p.absolute) {
    out += "\x1b[";
    if (to.row != 0 || to.col != 0) {
      if (to.row != 0) append_number(out, to.row + 1);
      if (to.col != 0) {
        out += ';';
        append_number(out, to.col + 1);
      }
    }
    out += 'H';
    return;
  }
  const int dr = to.row - from.row;
  if (dr > 0) append_csi(out, dr, 'B');
  if (dr < 0) append_csi(out, -dr, 'A');
  switch (p.horizontal) {
    case Horizontal::none: break;
    case Horizontal::forward: append_csi(out, to.col - from.col, 'C'); break;
    case Horizontal::back: append_csi(out, from.col - to.col, 'D'); break;
    case Horizontal::absolute: append_csi(out, to.col + 1, 'G'); break;
    case Horizontal::carriage_return: out += '\r'; break;
    case Horizontal::cr_forward:
      out += '\r';
      append_csi(out, to.col, 'C');
      break;
  }
}

}  // namespace clivrt::render

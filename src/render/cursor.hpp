#pragma once
// Cheapest cursor movement between two screen positions.
#include <string>

namespace clivrt::render {

/// A 0-based screen position; row < 0 means unknown (only an absolute move is safe).
struct CursorPos {
  int row = -1;
  int col = -1;
  bool known() const { return row >= 0 && col >= 0; }
  friend constexpr bool operator==(CursorPos, CursorPos) = default;
};

/// Appends the shortest sequence moving the cursor from `from` to `to` (nothing if equal):
/// CUP, or relative CUU/CUD with CUF/CUB, CHA or CR when the position is known.
/// None of these scroll or wrap.
void append_move(std::string& out, CursorPos from, CursorPos to);

/// Bytes append_move would write.
int move_cost(CursorPos from, CursorPos to);

}  // namespace clivrt::render

#pragma once
// The start-up questions to the terminal and what its answers mean (TerminalFeatures). The
// terminal answers in order, and every terminal answers primary device attributes (DA1), so the
// DA1 answer, asked last, says all answers are in. Pure: no I/O.
#include <string>
#include <string_view>

#include "clivrt/tui/terminal_ui.hpp"

namespace clivrt::tui {

/// ESC doubled and wrapped in DCS tmux; … ST: tmux hands it to the outer terminal as is
/// (only with `allow-passthrough on`).
std::string tmux_passthrough(std::string_view sequence);

/// The probe: given the base64 name of a 1x1 RGB shared-memory object, the kitty graphics
/// query through shared memory (only a terminal on this machine can answer OK); REP (x, REP 2
/// and a cursor report on row 2); the kitty graphics query (a 1x1 image that is only checked,
/// never stored; also through tmux's passthrough when `in_tmux`); XTVERSION; the cell size in
/// pixels; and DA1 last.
std::string probe_sequence(bool in_tmux, std::string_view shared_memory_name_base64 = {});

class TerminalProbe {
 public:
  explicit TerminalProbe(bool in_tmux) { features_.tmux = in_tmux; }
  /// The cursor report answering the REP probe (column 4 if REP moved it).
  void on_cursor_report(int col) { features_.repeat = col == 4; }
  /// An APC, DCS or CSI answer (InputEvent::Type::reply). True once the DA1 answer came: done.
  bool on_reply(std::string_view reply);
  const TerminalFeatures& features() const { return features_; }

 private:
  TerminalFeatures features_;
};

}  // namespace clivrt::tui

#pragma once
// The idle art in the video pane: lines centred as a block, cut to the pane.
#include <string>
#include <vector>

namespace clivrt::tui {

/// `height` rows of terminal bytes. `lines` are untrusted and sanitized here.
std::vector<std::string> render_banner(const std::vector<std::string>& lines, int width, int height);

}  // namespace clivrt::tui

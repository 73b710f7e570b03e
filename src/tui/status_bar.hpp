#pragma once
// The status bar row: `📢 🔒 server │ 👤 🔒 peer │ hint` on the left, StatusInfo::right on the
// right, in reverse video across the whole width. Narrow terminals drop the right fields, then
// the hint, then shorten the texts with `…`.
#include "clivrt/tui/types.hpp"

#include <string>

namespace clivrt::tui {

/// Terminal bytes for the status bar, exactly `columns` wide. Texts are sanitized here.
std::string render_status_bar(const StatusInfo& status, int columns);

}  // namespace clivrt::tui

#pragma once
// The web client's files (web/): which file a GET names, and its Content-Type. Pure (no Beast),
// unit-tested. Only regular files under the root are served: the target is percent-decoded once,
// and any "..", ".", empty-but-inner segment, backslash or NUL is refused before the file system is
// asked; symlinks leading out of the root are refused after canonicalisation.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace clivrt::server {

enum class StaticStatus { ok, bad_request, not_found };

struct StaticLookup {
  StaticStatus status = StaticStatus::not_found;
  std::filesystem::path file;  // ok only: canonical path of a regular file under the root
  std::string content_type;    // ok only
};

/// `target` is the request target ("/", "/app.js?v=2"); "/" names index.html.
StaticLookup lookup_static(const std::filesystem::path& root, std::string_view target);

/// Content-Type for a file name by extension; application/octet-stream when unknown.
std::string content_type_for(const std::filesystem::path& file);

/// The web root used when --web-root is not given: `share/clivrt/web` beside the executable's
/// directory (an installed tree), else the source tree's web/ baked in at build time; empty when
/// neither exists.
std::filesystem::path default_web_root(const std::filesystem::path& executable);

}  // namespace clivrt::server

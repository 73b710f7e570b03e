#include "clivrt/server/static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <system_error>
#include <utility>

#include "clivrt/protocol/username.hpp"

namespace clivrt::server {

namespace fs = std::filesystem;

namespace {

// Every segment of the decoded path must be a plain name: no traversal, no dotfiles.
bool safe_relative(std::string_view path) {
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) return false;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const auto segment = path.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return false;  // "..", ".", dotfiles
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return true;
}

bool inside(const fs::path& root, const fs::path& file) {
  const auto [end, _] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return end == root.end();
}

}  // namespace

std::string content_type_for(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".wasm", "application/wasm"},
  }};
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [ext, type] : kTypes) {
    if (extension == ext) return std::string(type);
  }
  return "application/octet-stream";
}

StaticLookup lookup_static(const fs::path& root, std::string_view target) {
  StaticLookup result;
  const auto path = target.substr(0, target.find_first_of("?#"));
  if (path.empty() || path.front() != '/') {
    result.status = StaticStatus::bad_request;
    return result;
  }
  auto decoded = protocol::url_decode(path.substr(1));  // nullopt on a bad escape or a NUL
  if (!decoded) {
    result.status = StaticStatus::bad_request;
    return result;
  }
  if (decoded->empty()) decoded = "index.html";
  if (!safe_relative(*decoded)) {
    result.status = StaticStatus::bad_request;
    return result;
  }
  std::error_code ec;
  const auto canonical_root = fs::canonical(root, ec);
  if (ec) return result;
  const auto file = fs::canonical(canonical_root / *decoded, ec);
  if (ec || !inside(canonical_root, file) || !fs::is_regular_file(file, ec)) return result;
  result.status = StaticStatus::ok;
  result.file = file;
  result.content_type = content_type_for(file);
  return result;
}

fs::path default_web_root(const fs::path& executable) {
  std::error_code ec;
  if (!executable.empty()) {
    auto installed = executable.parent_path().parent_path() / "share" / "clivrt" / "web";
    if (fs::is_regular_file(installed / "index.html", ec)) return installed;
  }
#ifdef CLIVRT_SOURCE_WEB_ROOT
  fs::path source(CLIVRT_SOURCE_WEB_ROOT);
  if (fs::is_regular_file(source / "index.html", ec)) return source;
#endif
  return {};
}

}  // namespace clivrt::server

#include "http_response.hpp"

#include <fstream>
#include <iterator>

#include "clivrt/common/version.hpp"
#include "clivrt/server/static_files.hpp"

namespace clivrt::server {

namespace http = boost::beast::http;

namespace {
// The page loads nothing from elsewhere and talks only to this server (ws: or wss:).
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'";

void add_security_headers(HttpResponse& response) {
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Frame-Options", "DENY");
  response.set(http::field::cache_control, "no-cache");
}

HttpResponse static_text(http::status status, const HttpRequest& request, std::string body) {
  auto response = text_response(status, request.version(), request.method() == http::verb::head ? "" : std::move(body));
  add_security_headers(response);
  return response;
}
}  // namespace

HttpResponse text_response(http::status status, unsigned version, std::string body) {
  HttpResponse response{status, version};
  response.set(http::field::server, std::string("clivrt-server/") + kVersion);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.keep_alive(false);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpResponse static_response(const HttpRequest& request, const std::filesystem::path& web_root) {
  const bool head = request.method() == http::verb::head;
  if (!head && request.method() != http::verb::get) {
    auto response = static_text(http::status::method_not_allowed, request, "only GET and HEAD\n");
    response.set(http::field::allow, "GET, HEAD");
    return response;
  }
  if (web_root.empty()) return static_text(http::status::not_found, request, "not found\n");
  const auto found = lookup_static(web_root, request.target());
  if (found.status == StaticStatus::bad_request) return static_text(http::status::bad_request, request, "bad path\n");
  std::ifstream in(found.file, std::ios::binary);
  if (found.status != StaticStatus::ok || !in) return static_text(http::status::not_found, request, "not found\n");
  std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  HttpResponse response{http::status::ok, request.version()};
  response.set(http::field::server, std::string("clivrt-server/") + kVersion);
  response.set(http::field::content_type, found.content_type);
  response.keep_alive(false);
  add_security_headers(response);
  response.content_length(body.size());
  if (!head) response.body() = std::move(body);  // HEAD: the length of the GET, no body
  return response;
}

}  // namespace clivrt::server

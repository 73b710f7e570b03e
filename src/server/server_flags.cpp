#include "clivrt/server/server_flags.hpp"

#include <openssl/crypto.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <ratio>
#include <stdexcept>

#include "address_limits.hpp"
#include "clivrt/common/version.hpp"

namespace clivrt::server {

namespace {

/// A duration flag (seconds or milliseconds): the value's name comes from its unit, and its
/// default is shown as the number the flag takes (CLI11 would show "15s", which it then refuses).
template <class Rep, class Period>
void add_duration(CLI::App& app, const std::string& name, std::chrono::duration<Rep, Period>& value,
                  const std::string& summary, const CLI::Validator& check) {
  static_assert(std::ratio_equal_v<Period, std::milli> || std::ratio_equal_v<Period, std::ratio<1>>);
  app.add_option(name, value, summary)
      ->type_name(std::ratio_equal_v<Period, std::milli> ? "MS" : "SECONDS")
      ->check(check)
      ->default_str(std::to_string(value.count()));
}

}  // namespace

void define_server_flags(CLI::App& app, ServerFlags& f) {
  app.set_version_flag("--version", std::string("clivrt-server ") + kVersion + "\n" + OpenSSL_version(OPENSSL_VERSION));
  // Every flag can also come from an INI file (key = value, the long flag without "--"), e.g. the
  // package's /etc/clivrt/clivrt-server.conf; flags on the command line win.
  app.set_config("--config", "", "Read flags from this file (INI: port = 8443, one flag per line without --)")
      ->type_name("FILE");
  app.config_formatter(std::make_shared<CLI::ConfigINI>());
  app.allow_config_extras(CLI::config_extras_mode::error);  // a misspelt key is an error, not ignored
  auto& o = f.server;
  app.add_option("--host", o.host, "Address to listen on")->type_name("ADDR")->capture_default_str();
  app.add_option("--port", o.port, "Port to listen on (0 = any free port)")->type_name("PORT")->capture_default_str();
  app.add_option("--cert", o.cert_file, "TLS certificate chain (PEM): serve wss://")
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--key", o.key_file, "TLS private key (PEM)")->type_name("FILE")->check(CLI::ExistingFile);
  app.add_option("--threads", f.threads, "Event-loop threads")
      ->type_name("N")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--log-file", f.log_file, "Log to this file instead of stderr")->type_name("FILE");
  app.add_option("--log-level", f.log_level, "debug, info, warn, error, critical or off")
      ->type_name("LEVEL")
      ->capture_default_str();
  app.add_option("--max-frame-bytes", o.max_frame_bytes, "Largest frame accepted; larger ones close with 1009")
      ->type_name("BYTES")
      ->check(CLI::Range(std::size_t{256}, std::size_t{64} << 20))
      ->capture_default_str();
  app.add_option("--rate", o.rate_per_second, "Messages per second per connection (0 = unlimited)")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--burst", o.rate_burst, "Burst size of the per-connection rate limit")
      ->type_name("N")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_duration(app, "--ping-interval", o.ping_interval, "Seconds between keep-alive pings (0 = none)",
               CLI::NonNegativeNumber);
  add_duration(app, "--idle-timeout", o.idle_timeout, "Close connections silent this many seconds (0 = never)",
               CLI::NonNegativeNumber);
  app.add_option("--max-connections", o.max_connections, "Most users logged in at once")
      ->type_name("N")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-connections-per-address", o.max_connections_per_address,
                 "Connections one client address may hold open (IPv6: one /64; 0 = no cap); beyond it: 429")
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--logins-per-minute", o.logins_per_minute,
                 "Logins one client address may start per minute, in bursts of as many (0 = no cap); "
                 "beyond it: 429 with Retry-After")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--trusted-proxy", o.trusted_proxies,
                 "Address of a reverse proxy in front of the server (repeatable): the client address of its "
                 "connections is the one it appends to X-Forwarded-For, which is ignored from anyone else")
      ->type_name("ADDR")
      ->check(CLI::Validator(
          [](std::string& text) {
            try {
              parse_addresses({text});
              return std::string();
            } catch (const std::invalid_argument& e) {
              return std::string(e.what());
            }
          },
          "IP address"));
  add_duration(app, "--userlist-interval", o.legacy_userlist_interval,
               "Milliseconds between full userlists sent to legacy clients", CLI::NonNegativeNumber);
  add_duration(app, "--presence-window", o.presence_batch_window, "Milliseconds of presence changes per delta",
               CLI::NonNegativeNumber);
  add_duration(app, "--handshake-timeout", o.handshake_timeout, "Seconds allowed for TLS/HTTP/WebSocket handshakes",
               CLI::PositiveNumber);
  app.add_option("--web-root", o.web_root,
                 "Folder of the web client served over http(s) (default: the installed share/clivrt/web, "
                 "else the source tree's web/; '' = serve no files)")
      ->type_name("DIR");
  app.add_option("--allow-origin", o.allowed_origins,
                 "Browser origin allowed to open a WebSocket, e.g. https://example.org (repeatable; "
                 "default: the server's own origin; '*' = any)")
      ->type_name("ORIGIN");
  app.add_option("--send-queue", o.max_queued_messages, "Frames queued per connection before it is closed as too slow")
      ->type_name("N")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--stun-url", o.ice.stun_urls, "STUN server handed to clients, stun:HOST[:PORT] (repeatable)")
      ->type_name("URL");
  app.add_option("--turn-url", o.ice.turn_urls,
                 "TURN server handed to clients with per-user credentials, turn:HOST[:PORT][?transport=udp|tcp] "
                 "or turns:HOST[:PORT]?transport=tcp (repeatable; needs --turn-secret-file)")
      ->type_name("URL");
  app.add_option("--turn-secret-file", f.turn_secret_file,
                 "File whose first line is coturn's static-auth-secret (use-auth-secret)")
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--turn-ttl", f.turn_ttl, "Seconds the TURN credentials stay valid")
      ->type_name("SECONDS")
      ->check(CLI::Range(60L, 30L * 86400))
      ->capture_default_str();
}

std::vector<OptionDoc> describe_server_flags() {
  CLI::App app{kServerDescription, "clivrt-server"};
  ServerFlags flags;
  define_server_flags(app, flags);
  return describe_options(app, {{"--log-level", {"debug", "info", "warn", "error", "critical", "off"}}});
}

}  // namespace clivrt::server

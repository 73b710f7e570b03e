// clivrt-server: the signaling server as a command-line program (docs/protocol.md).
// Prints one line "clivrt-server listening on ws://HOST:PORT" on stdout when ready;
// SIGTERM/SIGINT close every connection with a close frame and exit 0.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <malloc.h>
#include <openssl/crypto.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "clivrt/common/logging.hpp"
#include "clivrt/common/version.hpp"
#include "clivrt/server/signaling_server.hpp"
#include "clivrt/server/static_files.hpp"

namespace {

struct Flags {
  clivrt::server::ServerOptions server;
  int threads = 1;
  std::string log_file;
  std::string log_level = "info";
  std::string turn_secret_file;
  long turn_ttl = 86400;
};

void add_flags(CLI::App& app, Flags& f) {
  auto& o = f.server;
  app.add_option("--host", o.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", o.port, "Port to listen on (0 = any free port)")->capture_default_str();
  app.add_option("--cert", o.cert_file, "TLS certificate chain (PEM): serve wss://")->check(CLI::ExistingFile);
  app.add_option("--key", o.key_file, "TLS private key (PEM)")->check(CLI::ExistingFile);
  app.add_option("--threads", f.threads, "Event-loop threads")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--log-file", f.log_file, "Log to this file instead of stderr");
  app.add_option("--log-level", f.log_level, "debug, info, warn, error, critical or off")->capture_default_str();
  app.add_option("--max-frame-bytes", o.max_frame_bytes, "Largest frame accepted; larger ones close with 1009")
      ->check(CLI::Range(std::size_t{256}, std::size_t{64} << 20))
      ->capture_default_str();
  app.add_option("--rate", o.rate_per_second, "Messages per second per connection (0 = unlimited)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--burst", o.rate_burst, "Burst size of the per-connection rate limit")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--ping-interval", o.ping_interval, "Seconds between keep-alive pings (0 = none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--idle-timeout", o.idle_timeout, "Close connections silent this many seconds (0 = never)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--max-connections", o.max_connections, "Most users logged in at once")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--userlist-interval", o.legacy_userlist_interval,
                 "Milliseconds between full userlists sent to legacy clients")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--presence-window", o.presence_batch_window, "Milliseconds of presence changes per delta")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--handshake-timeout", o.handshake_timeout, "Seconds allowed for TLS/HTTP/WebSocket handshakes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--web-root", o.web_root,
                 "Folder of the web client served over http(s) (default: the installed share/clivrt/web, "
                 "else the source tree's web/; '' = serve no files)");
  app.add_option("--allow-origin", o.allowed_origins,
                 "Browser origin allowed to open a WebSocket, e.g. https://example.org (repeatable; "
                 "default: the server's own origin; '*' = any)");
  app.add_option("--send-queue", o.max_queued_messages, "Frames queued per connection before it is closed as too slow")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--stun-url", o.ice.stun_urls, "STUN server handed to clients, stun:HOST[:PORT] (repeatable)");
  app.add_option("--turn-url", o.ice.turn_urls,
                 "TURN server handed to clients with per-user credentials, turn:HOST[:PORT][?transport=udp|tcp] "
                 "or turns:HOST[:PORT]?transport=tcp (repeatable; needs --turn-secret-file)");
  app.add_option("--turn-secret-file", f.turn_secret_file,
                 "File whose first line is coturn's static-auth-secret (use-auth-secret)")
      ->check(CLI::ExistingFile);
  app.add_option("--turn-ttl", f.turn_ttl, "Seconds the TURN credentials stay valid")
      ->check(CLI::Range(60L, 30L * 86400))
      ->capture_default_str();
}

std::string url(const clivrt::server::ServerOptions& o, bool tls, std::uint16_t port) {
  const bool ipv6 = o.host.find(':') != std::string::npos;
  return std::string(tls ? "wss://" : "ws://") + (ipv6 ? "[" + o.host + "]" : o.host) + ":" + std::to_string(port);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"clivrt-server: WebSocket signaling server for clivrt video calls", "clivrt-server"};
  app.set_version_flag("--version",
                       std::string("clivrt-server ") + clivrt::kVersion + "\n" + OpenSSL_version(OPENSSL_VERSION));
  Flags flags;
  add_flags(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "clivrt-server: " << e.what() << " (see --help)\n";
    return 2;
  }
  const auto level = clivrt::parse_log_level(flags.log_level);
  if (!level) {
    std::cerr << "clivrt-server: unknown --log-level '" << flags.log_level << "' (see --help)\n";
    return 2;
  }

  // Block the stop signals before any thread starts, so that only sigwait() below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    if (!flags.turn_secret_file.empty())
      flags.server.ice.turn_secret = clivrt::server::read_turn_secret(flags.turn_secret_file);
    flags.server.ice.turn_ttl = std::chrono::seconds(flags.turn_ttl);
    flags.server.ice.validate();
  } catch (const std::exception& e) {
    std::cerr << "clivrt-server: " << e.what() << "\n";
    return 2;
  }

  if (app.count("--web-root") == 0) {
    flags.server.web_root = clivrt::server::default_web_root(std::filesystem::canonical("/proc/self/exe")).string();
  }

  // Login userlists are O(users) bytes each (70 KB at 10,000 users) and short-lived; served from
  // mmap they go back to the system once sent instead of fragmenting the heap (RSS 300 -> 160 MB
  // after 10,000 logins, see docs/performance.md).
  mallopt(M_MMAP_THRESHOLD, 16 * 1024);

  try {
    clivrt::init_logging(flags.log_file, *level, "clivrt-server");
    clivrt::server::SignalingServer server(flags.server);
    const auto port = server.start(flags.threads);
    std::cout << "clivrt-server listening on " << url(flags.server, server.tls(), port) << std::endl;
    spdlog::info("clivrt-server {} listening on {}", clivrt::kVersion, url(flags.server, server.tls(), port));
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    spdlog::info("signal {} received, closing every connection", signal_number);
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "clivrt-server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

// clivrt-server: the signaling server as a command-line program (docs/protocol.md).
// Prints one line "clivrt-server listening on ws://HOST:PORT" on stdout when ready;
// SIGTERM/SIGINT close every connection with a close frame and exit 0.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "clivrt/common/logging.hpp"
#include "clivrt/common/version.hpp"
#include "clivrt/server/server_flags.hpp"
#include "clivrt/server/signaling_server.hpp"
#include "clivrt/server/static_files.hpp"

namespace {

std::string url(const clivrt::server::ServerOptions& o, bool tls, std::uint16_t port) {
  const bool ipv6 = o.host.find(':') != std::string::npos;
  return std::string(tls ? "wss://" : "ws://") + (ipv6 ? "[" + o.host + "]" : o.host) + ":" + std::to_string(port);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{clivrt::server::kServerDescription, "clivrt-server"};
  clivrt::server::ServerFlags flags;
  clivrt::server::define_server_flags(app, flags);
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

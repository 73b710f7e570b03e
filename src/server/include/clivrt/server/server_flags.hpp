#pragma once
// clivrt-server's flags: one definition that parses the command line and the config file, prints
// --help and feeds the man page clivrt-server(8) and the shell completions.
#include <string>
#include <vector>

#include "clivrt/common/option_doc.hpp"
#include "clivrt/server/signaling_server.hpp"

namespace CLI {
class App;
}

namespace clivrt::server {

struct ServerFlags {
  ServerOptions server;
  int threads = 1;
  std::string log_file;
  std::string log_level = "info";
  std::string turn_secret_file;
  long turn_ttl = 86400;
};

inline constexpr const char* kServerDescription = "clivrt-server: WebSocket signaling server for clivrt video calls";

/// Adds every flag (and --version, --config) to `app`, bound to `flags`.
void define_server_flags(CLI::App& app, ServerFlags& flags);

/// The flags as --help lists them, with the values each accepts.
std::vector<OptionDoc> describe_server_flags();

}  // namespace clivrt::server

#include "clivrt/server/signaling_server.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using clivrt::server::ServerOptions;
using clivrt::server::SignalingServer;

namespace {
ServerOptions ephemeral() {
  ServerOptions options;
  options.port = 0;
  return options;
}
}  // namespace

TEST(SignalingServer, StartsOnEphemeralPortAndStops) {
  SignalingServer server(ephemeral());
  const auto port = server.start(2);
  EXPECT_NE(port, 0);
  EXPECT_FALSE(server.tls());
  server.stop();
  server.stop();  // idempotent
}

TEST(SignalingServer, BusyPortThrowsClearError) {
  SignalingServer first(ephemeral());
  auto options = ephemeral();
  options.port = first.start();
  SignalingServer second(options);
  try {
    second.start();
    FAIL() << "second bind succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot bind 127.0.0.1:" + std::to_string(options.port)), std::string::npos)
        << e.what();
  }
}

TEST(SignalingServer, MissingCertificateThrows) {
  auto options = ephemeral();
  options.cert_file = "/nonexistent/cert.pem";
  options.key_file = "/nonexistent/key.pem";
  SignalingServer server(options);
  EXPECT_THROW(server.start(), std::runtime_error);
}

TEST(SignalingServer, CertificateWithoutKeyThrows) {
  auto options = ephemeral();
  options.cert_file = "/nonexistent/cert.pem";
  SignalingServer server(options);
  EXPECT_THROW(server.start(), std::runtime_error);
}

TEST(SignalingServer, BadHostThrows) {
  auto options = ephemeral();
  options.host = "no-such-host.invalid";
  SignalingServer server(options);
  EXPECT_THROW(server.start(), std::runtime_error);
}

// clivrt: video calls with friends, drawn in the terminal.
#include <langinfo.h>
#include <spdlog/spdlog.h>
#include <openssl/crypto.h>
#include <unistd.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <clocale>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

#include "client_app.hpp"
#include "clivrt/common/logging.hpp"
#include "clivrt/config/command_line.hpp"
#include "clivrt/media/call_session.hpp"
#include "clivrt/media/glib_messages.hpp"
#include "demo.hpp"
#include "line_presenter.hpp"
#include "tui_frontend.hpp"

namespace {

// Wide characters (emoji, CJK) need a UTF-8 locale for width and readline.
void use_utf8_locale() {
  std::setlocale(LC_ALL, "");
  if (std::strcmp(nl_langinfo(CODESET), "UTF-8") != 0) std::setlocale(LC_CTYPE, "C.UTF-8");
}

// libnice and GStreamer talk through GLib, which would print over the UI: into our log instead.
void route_glib_messages_to_the_log() {
  using clivrt::media::GlibSeverity;
  clivrt::media::route_glib_messages([](GlibSeverity severity, std::string_view domain, std::string_view message) {
    const auto level = severity == GlibSeverity::error     ? spdlog::level::err
                       : severity == GlibSeverity::warning ? spdlog::level::warn
                       : severity == GlibSeverity::info    ? spdlog::level::info
                                                           : spdlog::level::debug;
    spdlog::log(level, "{}: {}", domain.empty() ? "glib" : domain, message);
  });
}

bool start_logging(const clivrt::config::Settings& settings) {
  const std::string file = settings.log_file.empty() ? clivrt::config::default_log_file() : settings.log_file;
  try {
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path(), error);
    clivrt::init_logging(file, settings.log_level, "clivrt");
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clivrt: cannot write the log file %s (%s); logging is off\n", file.c_str(), e.what());
    clivrt::init_logging("/dev/null", clivrt::LogLevel::off, "clivrt");
    return false;
  }
}

// Line mode reads stdin on its own thread (stdin may be a file, which epoll cannot watch)
// and hands every line to the loop; end of input quits like Ctrl-D.
void read_lines_into(boost::asio::io_context& io, clivrt::app::ClientApp& app) {
  std::thread([&io, &app] {
    std::string line;
    while (std::getline(std::cin, line)) {
      boost::asio::post(io, [&app, line] { app.handle_line(line); });
    }
    boost::asio::post(io, [&app] { app.quit(); });
  }).detach();
}

}  // namespace

int main(int argc, char** argv) {
  use_utf8_locale();
  auto startup =
      clivrt::config::load_settings(std::vector<std::string>(argv + 1, argv + argc), clivrt::config::current_places());
  if (startup.version) {
    startup.output += clivrt::media::gstreamer_version() + "\n" + OpenSSL_version(OPENSSL_VERSION) + "\n";
  }
  if (!startup.settings) {
    std::fputs(startup.output.c_str(), startup.exit_code == 0 ? stdout : stderr);
    return startup.exit_code;
  }
  clivrt::config::Settings settings = *startup.settings;
  start_logging(settings);
  route_glib_messages_to_the_log();
  clivrt::media::initialize_gstreamer();

  // Deliberately never destroyed: the detached stdin reader may still post to it at exit.
  auto& io = *new boost::asio::io_context;
  std::unique_ptr<clivrt::app::Demo> demo;
  if (settings.demo) {
    try {
      demo = std::make_unique<clivrt::app::Demo>(io, settings);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "clivrt: cannot start the demo server: %s\n", e.what());
      return 1;
    }
  }

  const bool line_mode = settings.headless || !::isatty(STDIN_FILENO) || !::isatty(STDOUT_FILENO);
  const auto video = clivrt::app::video_settings_from(settings);
  std::unique_ptr<clivrt::app::Presenter> presenter;
  std::unique_ptr<clivrt::app::TuiFrontend> tui;
  if (line_mode) {
    presenter = std::make_unique<clivrt::app::LinePresenter>(stdout, settings.json, video);
  } else {
    tui = std::make_unique<clivrt::app::TuiFrontend>(io, video);
  }
  clivrt::app::Presenter& shown = line_mode ? *presenter : tui->presenter();

  clivrt::app::ClientApp app(io, settings, shown, [&io] { io.stop(); });
  boost::asio::signal_set signals(io, SIGTERM, SIGHUP, SIGINT);
  signals.async_wait([&app](const boost::system::error_code& ec, int) {
    if (!ec) app.quit();
  });
  if (line_mode)
    read_lines_into(io, app);
  else
    tui->attach(app);
  app.start();
  io.run();
  spdlog::info("clivrt exits");
  return 0;
}

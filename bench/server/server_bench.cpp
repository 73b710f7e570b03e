// clivrt-server-bench: drives a running clivrt-server over loopback and prints results.
//   connect  N delta-presence logins at once: time until all got their userlist, server RSS
//   relay    P sender→receiver pairs of targeted messages, as fast as the server relays them
//   latency  the same pairs at a fixed aggregate rate; p50/p99/max sender→receiver latency
// One thread, one io_context, coroutines; flow control per pair so that the server never has
// to close a receiver as a slow reader.
#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Ws = websocket::stream<beast::tcp_stream>;

namespace {

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int server_pid = 0;
  int count = 10000;      // connect: connections
  int concurrency = 500;  // connect: handshakes in flight
  int pairs = 100;        // relay/latency
  double seconds = 5;     // relay/latency duration
  double rate = 10000;    // latency: messages per second, all pairs together
  int window = 64;        // relay: unanswered messages per pair
};

long rss_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

net::awaitable<std::unique_ptr<Ws>> open(const Config& c, const std::string& name, bool delta) {
  auto ws = std::make_unique<Ws>(co_await net::this_coro::executor);
  co_await beast::get_lowest_layer(*ws).async_connect(tcp::endpoint(net::ip::make_address(c.host), c.port),
                                                      net::use_awaitable);
  beast::get_lowest_layer(*ws).socket().set_option(tcp::no_delay(true));
  co_await ws->async_handshake(c.host, "/chat/" + name + (delta ? "?presence=delta" : ""), net::use_awaitable);
  beast::flat_buffer buffer;
  co_await ws->async_read(buffer, net::use_awaitable);  // the initial userlist
  co_return ws;
}

// Reads and discards (presence deltas) until the connection ends.
net::awaitable<void> drain(std::shared_ptr<Ws> ws) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    co_await ws->async_read(buffer, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return;
    buffer.consume(buffer.size());
  }
}

void run_connect(const Config& c) {
  net::io_context ioc(1);
  auto busy = net::make_work_guard(ioc);
  int started = 0, admitted = 0, failed = 0, inflight = 0;
  std::vector<std::shared_ptr<Ws>> conns;
  const auto t0 = Clock::now();
  Clock::time_point done_at;
  net::steady_timer wake(ioc, Clock::time_point::max());
  auto one = [&](int i) -> net::awaitable<void> {
    try {
      auto ws = std::shared_ptr<Ws>(co_await open(c, "u" + std::to_string(i), true));
      conns.push_back(ws);
      ++admitted;
      net::co_spawn(ioc, drain(ws), net::detached);
    } catch (const std::exception& e) {
      if (failed++ < 5) std::cerr << "connection " << i << " failed: " << e.what() << "\n";
    }
    if (admitted + failed == c.count) done_at = Clock::now();
    --inflight;
    wake.cancel();
  };
  net::co_spawn(
      ioc,
      [&]() -> net::awaitable<void> {
        while (started < c.count) {
          while (inflight < c.concurrency && started < c.count) {
            ++inflight;
            net::co_spawn(ioc, one(started++), net::detached);
          }
          beast::error_code ec;
          wake.expires_at(Clock::time_point::max());
          co_await wake.async_wait(net::redirect_error(net::use_awaitable, ec));
        }
      },
      net::detached);
  while (admitted + failed < c.count) ioc.run_one();
  const double secs = std::chrono::duration<double>(done_at - t0).count();
  const long rss_admitted = c.server_pid ? rss_kib(c.server_pid) : -1;
  ioc.run_for(std::chrono::seconds(2));  // let the last presence deltas drain
  const long rss_settled = c.server_pid ? rss_kib(c.server_pid) : -1;
  std::cout << "connect: " << admitted << " admitted, " << failed << " failed in " << secs << " s (" << admitted / secs
            << " logins/s); server RSS " << rss_admitted / 1024.0 << " MiB when all admitted, " << rss_settled / 1024.0
            << " MiB 2 s later\n";
  for (auto& ws : conns) beast::get_lowest_layer(*ws).close();
  ioc.run_for(std::chrono::milliseconds(200));
}

// Receivers hold the latest counts; senders wait on `wake` when their window is full.
struct Pair {
  std::unique_ptr<Ws> sender, receiver;
  long sent = 0, received = 0;
  std::unique_ptr<net::steady_timer> wake;
  bool writing = false;
};

std::string payload(int pair, long long stamp) {
  return R"({"type":"new-ice-candidate","target":"r)" + std::to_string(pair) +
         R"(","candidate":{"candidate":"candidate:1 1 UDP 2122252543 127.0.0.1 40000 typ host","sdpMid":"0","sdpMLineIndex":0},"t":)" +
         std::to_string(stamp) + "}";
}

long long stamp_of(std::string_view text) {
  const auto at = text.find("\"t\":");
  long long value = 0;
  if (at != std::string_view::npos) std::from_chars(text.data() + at + 4, text.data() + text.size(), value);
  return value;
}

void run_pairs(const Config& c, bool paced) {
  net::io_context ioc(1);
  auto busy = net::make_work_guard(ioc);  // run_for() must not stop when nothing is pending
  std::vector<Pair> pairs(c.pairs);
  std::vector<double> latencies_us;
  bool stop = false;
  int ready = 0;
  for (int i = 0; i < c.pairs; ++i) {
    net::co_spawn(
        ioc,
        [&, i]() -> net::awaitable<void> {
          pairs[i].receiver = co_await open(c, "r" + std::to_string(i), true);
          pairs[i].sender = co_await open(c, "s" + std::to_string(i), true);
          pairs[i].wake = std::make_unique<net::steady_timer>(ioc, Clock::time_point::max());
          ++ready;
        },
        net::detached);
  }
  while (ready < c.pairs) ioc.run_one();
  ioc.run_for(std::chrono::milliseconds(500));  // presence deltas settle
  const auto t0 = Clock::now();
  for (int i = 0; i < c.pairs; ++i) {
    net::co_spawn(
        ioc,
        [&, i]() -> net::awaitable<void> {  // receiver
          beast::flat_buffer buffer;
          auto& p = pairs[i];
          for (;;) {
            beast::error_code ec;
            co_await p.receiver->async_read(buffer, net::redirect_error(net::use_awaitable, ec));
            if (ec) co_return;
            const std::string_view text(static_cast<const char*>(buffer.data().data()), buffer.size());
            if (text.find("new-ice-candidate") != std::string_view::npos) {
              ++p.received;
              if (paced) {
                const auto now = Clock::now().time_since_epoch().count();
                latencies_us.push_back((now - stamp_of(text)) / 1000.0);
              }
              p.wake->cancel();
            }
            buffer.consume(buffer.size());
          }
        },
        net::detached);
  }
  if (!paced) {
    for (int i = 0; i < c.pairs; ++i) {
      net::co_spawn(
          ioc,
          [&, i]() -> net::awaitable<void> {  // sender, windowed
            auto& p = pairs[i];
            beast::error_code ec;
            while (!stop) {
              if (p.sent - p.received >= c.window) {
                p.wake->expires_at(Clock::time_point::max());
                co_await p.wake->async_wait(net::redirect_error(net::use_awaitable, ec));
                continue;
              }
              const auto text = payload(i, 0);
              co_await p.sender->async_write(net::buffer(text), net::redirect_error(net::use_awaitable, ec));
              if (ec) co_return;
              ++p.sent;
            }
          },
          net::detached);
    }
  } else {
    net::co_spawn(
        ioc,
        [&]() -> net::awaitable<void> {  // one pacer, round robin over pairs
          net::steady_timer tick(ioc);
          const auto interval = std::chrono::duration<double>(1.0 / c.rate);
          long n = 0;
          int next = 0;
          while (!stop) {
            tick.expires_at(t0 + std::chrono::duration_cast<Clock::duration>(interval * n));
            co_await tick.async_wait(net::use_awaitable);
            auto& p = pairs[next];
            const int index = next;
            next = (next + 1) % c.pairs;
            ++n;
            if (p.writing) continue;  // previous write still pending: counted as not sent
            p.writing = true;
            auto text = std::make_shared<std::string>(payload(index, Clock::now().time_since_epoch().count()));
            p.sender->async_write(net::buffer(*text),
                                  [&p, text](beast::error_code, std::size_t) { p.writing = false; });
            ++p.sent;
          }
        },
        net::detached);
  }
  ioc.run_for(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(c.seconds)));
  stop = true;
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  long sent = 0, received = 0;
  for (auto& p : pairs) sent += p.sent, received += p.received;
  if (!paced) {
    std::cout << "relay: " << c.pairs << " pairs, " << received << " targeted messages relayed in " << secs
              << " s = " << static_cast<long>(received / secs) << " msg/s\n";
  } else {
    std::sort(latencies_us.begin(), latencies_us.end());
    const auto pct = [&](double q) {
      return latencies_us.empty() ? -1.0 : latencies_us[static_cast<std::size_t>(q * (latencies_us.size() - 1))];
    };
    std::cout << "latency: " << c.pairs << " pairs at " << c.rate << " msg/s: sent " << sent << ", received "
              << received << "; p50 " << pct(0.5) / 1000 << " ms, p99 " << pct(0.99) / 1000 << " ms, max "
              << pct(1.0) / 1000 << " ms\n";
  }
  if (c.server_pid) std::cout << "server RSS " << rss_kib(c.server_pid) / 1024.0 << " MiB\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Load generator for clivrt-server (loopback only)"};
  Config c;
  std::string mode;
  app.add_option("mode", mode, "connect, relay or latency")
      ->required()
      ->check(CLI::IsMember({"connect", "relay", "latency"}));
  app.add_option("--port", c.port, "Server port")->required();
  app.add_option("--server-pid", c.server_pid, "Server PID, to read its VmRSS");
  app.add_option("--count", c.count, "connect: connections")->capture_default_str();
  app.add_option("--concurrency", c.concurrency, "connect: handshakes in flight")->capture_default_str();
  app.add_option("--pairs", c.pairs, "relay/latency: sender-receiver pairs")->capture_default_str();
  app.add_option("--seconds", c.seconds, "relay/latency: duration")->capture_default_str();
  app.add_option("--rate", c.rate, "latency: messages per second in total")->capture_default_str();
  app.add_option("--window", c.window, "relay: messages in flight per pair")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    if (mode == "connect")
      run_connect(c);
    else
      run_pairs(c, mode == "latency");
  } catch (const std::exception& e) {
    std::cerr << "clivrt-server-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

#include "clivrt/signaling/turn_check.hpp"

#include "clivrt/signaling/turn_exchange.hpp"

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <vector>

namespace clivrt::signaling {

namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using std::chrono::milliseconds;

constexpr milliseconds kFirstResend{250};
constexpr milliseconds kReleaseWait{1500};  // for the Refresh that frees the allocation

class UdpTurnCheck : public std::enable_shared_from_this<UdpTurnCheck> {
 public:
  UdpTurnCheck(asio::io_context& io, const TurnServerLogin& server, milliseconds timeout,
               std::function<void(TurnCheck)> done)
      : resolver_(io),
        socket_(io),
        resend_(io),
        deadline_(io),
        exchange_(server.username, server.password),
        done_(std::move(done)) {
    deadline_.expires_after(timeout);
  }

  void start(const std::string& host, const std::string& port) {
    deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
      if (!error) self->finish_after_deadline();
    });
    resolver_.async_resolve(host, port,
                            [self = shared_from_this()](const boost::system::error_code& error,
                                                        const udp::resolver::results_type& results) {
                              if (error || results.empty()) return self->finish(TurnCheck{});
                              self->server_ = results.begin()->endpoint();
                              boost::system::error_code open_error;
                              self->socket_.open(self->server_.protocol(), open_error);
                              if (open_error) return self->finish(TurnCheck{});
                              self->send_new(self->exchange_.request());
                              self->receive();
                            });
  }

 private:
  /// Sends `message` now and again with RFC 5389 7.2.1's backoff (each wait twice the one
  /// before) until it is answered, replaced or the deadline passes.
  void send_new(std::span<const std::uint8_t> message) {
    outgoing_.assign(message.begin(), message.end());
    send(kFirstResend, ++generation_);
  }

  void send(milliseconds wait, unsigned generation) {
    if (generation != generation_ || outgoing_.empty() || !socket_.is_open()) return;
    boost::system::error_code ignored;
    socket_.send_to(asio::buffer(outgoing_), server_, 0, ignored);
    resend_.expires_after(wait);
    resend_.async_wait([self = shared_from_this(), wait, generation](const boost::system::error_code& error) {
      if (!error) self->send(wait * 2, generation);
    });
  }

  void receive() {
    socket_.async_receive_from(asio::buffer(reply_buffer_), sender_,
                               [self = shared_from_this()](const boost::system::error_code& error, std::size_t size) {
                                 if (error || !self->socket_.is_open()) return self->finish(TurnCheck{});
                                 if (self->sender_ == self->server_) self->answer({self->reply_buffer_.data(), size});
                                 if (self->socket_.is_open()) self->receive();
                               });
  }

  void answer(std::span<const std::uint8_t> message) {
    if (releasing_) return close();  // any answer to the Refresh: the allocation is gone
    switch (exchange_.receive(message)) {
      case TurnExchange::Step::ignored: return;  // a stray or duplicate datagram
      case TurnExchange::Step::send_next: return send_new(exchange_.request());
      case TurnExchange::Step::decided: break;
    }
    report(exchange_.result());
    const auto release = exchange_.release_request();
    if (release.empty()) return close();
    releasing_ = true;
    send_new(release);
    deadline_.expires_after(kReleaseWait);
    deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
      if (!error) self->close();
    });
  }

  void finish_after_deadline() {
    if (releasing_) return close();
    // Answered the first request but not the signed one: reachable, credentials undecided.
    finish(TurnCheck{generation_ > 1 ? TurnVerdict::failed : TurnVerdict::unreachable, 0});
  }

  void finish(TurnCheck result) {
    report(result);
    close();
  }

  void report(TurnCheck result) {
    if (reported_) return;
    reported_ = true;
    done_(result);
  }

  void close() {
    resolver_.cancel();
    resend_.cancel();
    deadline_.cancel();
    outgoing_.clear();
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  udp::resolver resolver_;
  udp::socket socket_;
  udp::endpoint server_, sender_;
  asio::steady_timer resend_, deadline_;
  TurnExchange exchange_;
  std::function<void(TurnCheck)> done_;
  std::vector<std::uint8_t> outgoing_;
  unsigned generation_ = 0;  // bumps with each new request: older resends stop
  std::array<std::uint8_t, 1500> reply_buffer_{};
  bool releasing_ = false, reported_ = false;
};

}  // namespace

void check_turn_server_over_udp(asio::io_context& io, const TurnServerLogin& server, milliseconds timeout,
                                std::function<void(TurnCheck)> done) {
  std::make_shared<UdpTurnCheck>(io, server, timeout, std::move(done))->start(server.host, server.port);
}

}  // namespace clivrt::signaling

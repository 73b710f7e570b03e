#include "signaling/stun_probe.hpp"

#include <stun/stunagent.h>
#include <stun/usages/bind.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

namespace clivrt::signaling {

namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;

class Probe : public std::enable_shared_from_this<Probe> {
 public:
  Probe(asio::io_context& io, std::chrono::milliseconds timeout, std::function<void(bool)> done)
      : resolver_(io), socket_(io), resend_(io), deadline_(io), done_(std::move(done)) {
    stun_agent_init(&agent_, STUN_ALL_KNOWN_ATTRIBUTES, STUN_COMPATIBILITY_RFC5389,
                    static_cast<StunAgentUsageFlags>(STUN_AGENT_USAGE_IGNORE_CREDENTIALS));
    request_size_ = stun_usage_bind_create(&agent_, &request_, request_buffer_.data(), request_buffer_.size());
    deadline_.expires_after(timeout);
  }

  void start(const std::string& host, const std::string& port) {
    deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
      if (!error) self->finish(false);
    });
    resolver_.async_resolve(host, port, [self = shared_from_this()](const boost::system::error_code& error,
                                                                    const udp::resolver::results_type& results) {
      if (error || results.empty()) return self->finish(false);
      self->server_ = results.begin()->endpoint();
      boost::system::error_code open_error;
      self->socket_.open(self->server_.protocol(), open_error);
      if (open_error) return self->finish(false);
      self->send(std::chrono::milliseconds(250));
      self->receive();
    });
  }

 private:
  // RFC 5389 7.2.1's retransmission: each wait twice the one before, until the deadline.
  void send(std::chrono::milliseconds wait) {
    if (finished_ || request_size_ == 0) return;
    boost::system::error_code ignored;
    socket_.send_to(asio::buffer(request_buffer_.data(), request_size_), server_, 0, ignored);
    resend_.expires_after(wait);
    resend_.async_wait([self = shared_from_this(), wait](const boost::system::error_code& error) {
      if (!error) self->send(wait * 2);
    });
  }

  void receive() {
    socket_.async_receive_from(asio::buffer(reply_buffer_), sender_,
                               [self = shared_from_this()](const boost::system::error_code& error, std::size_t size) {
                                 if (self->finished_) return;
                                 if (error) return self->finish(false);
                                 if (self->sender_ == self->server_ && self->is_answer(size)) return self->finish(true);
                                 self->receive();  // a stray datagram: keep listening
                               });
  }

  bool is_answer(std::size_t size) {
    StunMessage reply;
    if (stun_agent_validate(&agent_, &reply, reply_buffer_.data(), size, nullptr, nullptr) != STUN_VALIDATION_SUCCESS) {
      return false;
    }
    sockaddr_storage mapped{}, alternate{};
    socklen_t mapped_size = sizeof(mapped), alternate_size = sizeof(alternate);
    return stun_usage_bind_process(&reply, reinterpret_cast<sockaddr*>(&mapped), &mapped_size,
                                   reinterpret_cast<sockaddr*>(&alternate), &alternate_size) ==
           STUN_USAGE_BIND_RETURN_SUCCESS;
  }

  void finish(bool answered) {
    if (finished_) return;
    finished_ = true;
    resolver_.cancel();
    resend_.cancel();
    deadline_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    done_(answered);
  }

  udp::resolver resolver_;
  udp::socket socket_;
  udp::endpoint server_, sender_;
  asio::steady_timer resend_, deadline_;
  std::function<void(bool)> done_;
  StunAgent agent_{};
  StunMessage request_{};
  std::array<std::uint8_t, 256> request_buffer_{};
  std::size_t request_size_ = 0;
  std::array<std::uint8_t, 1500> reply_buffer_{};
  bool finished_ = false;
};

}  // namespace

void probe_stun_over_udp(asio::io_context& io, const std::string& host, const std::string& port,
                         std::chrono::milliseconds timeout, std::function<void(bool)> done) {
  std::make_shared<Probe>(io, timeout, std::move(done))->start(host, port);
}

}  // namespace clivrt::signaling

#pragma once
// Per-address caps (private header): how many connections one client address may hold open, and
// how many logins it may start per minute. They keep one host (or one /64 of IPv6, what a single
// subscriber gets) from exhausting the server's file descriptors, handshakes or name space.
//
// The client address is the socket's peer, except behind a reverse proxy that is configured as
// trusted: then it is the address the proxy appended to X-Forwarded-For (the rightmost entry that
// is not itself a trusted proxy). X-Forwarded-For from anyone else is ignored: it is spoofable.
//
// Threads: every member may be called from any thread (one mutex; called per connection, never
// per message). Tickets may outlive the AddressLimits object.
#include <boost/asio/ip/address.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::server {

struct AddressLimitOptions {
  std::size_t max_connections = 64;  // open at once per client address; 0 = no cap
  double logins_per_minute = 60;     // WebSocket logins started per client address; 0 = no cap
  std::vector<boost::asio::ip::address> trusted_proxies;
};

class AddressLimits {
  struct State;

 public:
  using Clock = std::chrono::steady_clock;
  using Address = boost::asio::ip::address;

  /// One open connection, counted against its address until destroyed. A ticket that is not
  /// admitted() belongs to a connection that may only be told it was refused.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();
    bool admitted() const { return admitted_; }

   private:
    friend class AddressLimits;
    using Key = std::array<unsigned char, 16>;
    Ticket(std::shared_ptr<State> state, Key key, bool admitted);
    std::shared_ptr<State> state_;
    Key key_{};
    bool admitted_ = false;
  };

  explicit AddressLimits(AddressLimitOptions options);

  /// Counts a connection from `client`. Beyond the cap the ticket is not admitted (the
  /// connection is answered 429); beyond twice the cap there is no ticket: close at once,
  /// since answering costs a handshake each.
  std::optional<Ticket> open(const Address& client);

  /// Takes one login from `client`'s allowance: zero if it may go ahead now, else how long until
  /// it may (the login is then refused and not counted).
  Clock::duration login_wait(const Address& client, Clock::time_point now);

  bool trusts(const Address& peer) const;

  /// Who is on the other end of a connection from `peer` that sent `forwarded_for` (the
  /// X-Forwarded-For field, empty if none).
  Address client_address(const Address& peer, std::string_view forwarded_for) const;

  /// Addresses currently tracked (open connections or logins still being refilled).
  std::size_t tracked() const;

  /// "10.0.0.1", or "2001:db8:1:2::/64" for IPv6: what a cap counts, as logs and refusals name it.
  static std::string describe(const Address& client);

 private:
  AddressLimitOptions options_;
  std::shared_ptr<State> state_;
};

/// Parses --trusted-proxy values; throws std::invalid_argument naming the bad one.
std::vector<boost::asio::ip::address> parse_addresses(const std::vector<std::string>& texts);

}  // namespace clivrt::server

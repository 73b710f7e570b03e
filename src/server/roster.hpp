#pragma once
// The server's shared state: who is online, and presence notifications.
//  - delta clients get their full userlist at login, then batched presence deltas;
//  - legacy clients get full userlists, coalesced to at most one per legacy interval (a client
//    that just logged in gets the next one only if the list changed since its login snapshot).
// Every broadcast is serialized once and the buffer shared by all recipients.
// Thread-safe: one mutex; frames are delivered to sessions outside the lock where possible.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "peer.hpp"
#include "presence_batch.hpp"

namespace clivrt::server {

struct RosterOptions {
  std::size_t max_users = 20000;
  std::chrono::milliseconds presence_batch_window{50};
  std::chrono::milliseconds legacy_userlist_interval{500};
};

class Roster {
 public:
  enum class JoinResult { joined, resumed, name_taken, full };

  Roster(boost::asio::any_io_executor executor, RosterOptions options);

  /// Adds the peer and sends it the full userlist; the first holder of a name keeps it, unless
  /// `presented` is the holder's resume token: then the peer takes the name over (resumed), the
  /// old connection is closed with kReplaced, and nobody sees the name leave and come back.
  JoinResult join(const std::shared_ptr<Peer>& peer, std::string_view presented = {});
  /// Removes the peer (if it still holds its name); legacy clients get "User X left" at once,
  /// delta clients a presence delta.
  void leave(const Peer& peer);
  std::shared_ptr<Peer> find(std::string_view name) const;
  /// Sends the frame to every logged-in peer, sender included.
  void broadcast(const SharedFrame& frame) const;
  /// Server shutdown: cancels timers and closes every peer with `code`.
  void close_all(unsigned short code, const std::string& reason);
  /// Drops every peer reference (after the server threads have been joined).
  void clear();
  std::size_t size() const;

 private:
  using Clock = std::chrono::steady_clock;
  std::vector<std::shared_ptr<Peer>> peers_locked(bool delta) const;
  std::vector<std::string> names_locked() const;
  void schedule_locked();
  std::chrono::steady_clock::duration delta_window_locked() const;
  void flush_delta();
  void flush_legacy();

  RosterOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Peer>, std::less<>> peers_;
  PresenceBatch batch_;
  bool legacy_dirty_ = false;
  bool delta_armed_ = false;
  bool legacy_armed_ = false;
  bool stopped_ = false;
  // The legacy peer whose login snapshot is still the current list (at most one: any later join
  // or leave makes it stale); the next coalesced userlist skips it rather than repeat it.
  const Peer* legacy_up_to_date_ = nullptr;
  Clock::time_point legacy_last_sent_{};
  boost::asio::steady_timer delta_timer_;
  boost::asio::steady_timer legacy_timer_;
};

}  // namespace clivrt::server

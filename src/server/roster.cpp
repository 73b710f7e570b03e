#include "roster.hpp"

#include <spdlog/spdlog.h>

#include "clivrt/protocol/codec.hpp"
#include "resume_token.hpp"

namespace clivrt::server {

namespace proto = clivrt::protocol;

Roster::Roster(boost::asio::any_io_executor executor, RosterOptions options)
    : options_(options), delta_timer_(executor), legacy_timer_(executor) {}

Roster::JoinResult Roster::join(const std::shared_ptr<Peer>& peer, std::string_view presented) {
  std::shared_ptr<Peer> replaced;
  {
    std::lock_guard lock(mutex_);
    const auto holder = peers_.find(peer->name());
    if (holder != peers_.end()) {
      if (stopped_ || !same_resume_token(presented, holder->second->resume_token())) return JoinResult::name_taken;
      replaced = std::exchange(holder->second, peer);  // its leave() is now a no-op; nobody is told
    } else {
      if (stopped_ || peers_.size() >= options_.max_users) return JoinResult::full;
      peers_.emplace(peer->name(), peer);
    }
    // Sent under the lock so that no later delta can overtake this snapshot.
    peer->deliver(
        make_frame(userlist_frame(peers_, [](const auto& entry) -> const std::string& { return entry.first; })));
    if (!replaced) {
      batch_.joined(peer->name());
      legacy_dirty_ = true;
      legacy_up_to_date_ = peer->wants_delta() ? nullptr : peer.get();
      schedule_locked();
      return JoinResult::joined;
    }
  }
  replaced->close(proto::close_code::kReplaced, "replaced by a newer connection of the same user");
  return JoinResult::resumed;
}

void Roster::leave(const Peer& peer) {
  std::vector<std::shared_ptr<Peer>> everyone;  // legacy clients
  {
    std::lock_guard lock(mutex_);
    const auto it = peers_.find(peer.name());
    if (it == peers_.end() || it->second.get() != &peer) return;
    peers_.erase(it);
    batch_.left(peer.name());
    legacy_dirty_ = true;
    legacy_up_to_date_ = nullptr;
    schedule_locked();
    // Delta clients learn of leaves from presence deltas; sending them this text too would
    // make a mass disconnect O(n^2) frames again.
    everyone = peers_locked(false);
  }
  if (everyone.empty()) return;
  const auto text = make_frame(proto::serialize(proto::make_server_text("User " + peer.name() + " left")));
  for (const auto& other : everyone) other->deliver(text);
}

std::shared_ptr<Peer> Roster::find(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const auto it = peers_.find(name);
  return it == peers_.end() ? nullptr : it->second;
}

void Roster::broadcast(const SharedFrame& frame) const {
  std::vector<std::shared_ptr<Peer>> everyone;
  {
    std::lock_guard lock(mutex_);
    everyone.reserve(peers_.size());
    for (const auto& [name, peer] : peers_) everyone.push_back(peer);
  }
  for (const auto& peer : everyone) peer->deliver(frame);
}

void Roster::close_all(unsigned short code, const std::string& reason) {
  std::vector<std::shared_ptr<Peer>> everyone;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    delta_timer_.cancel();
    legacy_timer_.cancel();
    for (const auto& [name, peer] : peers_) everyone.push_back(peer);
  }
  for (const auto& peer : everyone) peer->close(code, reason);
}

void Roster::clear() {
  std::lock_guard lock(mutex_);
  peers_.clear();
}

std::size_t Roster::size() const {
  std::lock_guard lock(mutex_);
  return peers_.size();
}

std::vector<std::shared_ptr<Peer>> Roster::peers_locked(bool delta) const {
  std::vector<std::shared_ptr<Peer>> out;
  for (const auto& [name, peer] : peers_) {
    if (peer->wants_delta() == delta) out.push_back(peer);
  }
  return out;
}

std::vector<std::string> Roster::names_locked() const {
  std::vector<std::string> names;
  names.reserve(peers_.size());
  for (const auto& [name, peer] : peers_) names.push_back(name);  // std::map: already sorted
  return names;
}

// Each delta goes to every delta client, so a fixed window would cost O(n) frames per window
// however little changed. The window grows with the roster (100 us per user: 1 s at 10,000)
// to keep presence traffic bounded while many users come and go.
std::chrono::steady_clock::duration Roster::delta_window_locked() const {
  const auto scaled = std::chrono::microseconds(100) * static_cast<long>(peers_.size());
  return std::max<std::chrono::steady_clock::duration>(options_.presence_batch_window, scaled);
}

void Roster::schedule_locked() {
  if (stopped_) return;
  if (!delta_armed_ && !batch_.empty()) {
    delta_armed_ = true;
    delta_timer_.expires_after(delta_window_locked());
    delta_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) flush_delta();
    });
  }
  if (!legacy_armed_ && legacy_dirty_) {
    legacy_armed_ = true;
    legacy_timer_.expires_after(next_legacy_delay(legacy_last_sent_, Clock::now(), options_.legacy_userlist_interval));
    legacy_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) flush_legacy();
    });
  }
}

// The timer stays "armed" while a flush delivers, so flushes never overlap and each peer gets
// the deltas (and userlists) in order; the next window is scheduled when delivery is done.
void Roster::flush_delta() {
  PresenceDelta delta;
  std::vector<std::shared_ptr<Peer>> recipients;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    delta = batch_.take();
    recipients = peers_locked(true);
  }
  if (!delta.empty() && !recipients.empty()) {
    const auto frame = make_frame(proto::serialize(proto::make_presence(delta.joined, delta.left)));
    for (const auto& peer : recipients) peer->deliver(frame);
  }
  std::lock_guard lock(mutex_);
  delta_armed_ = false;
  schedule_locked();
}

void Roster::flush_legacy() {
  std::vector<std::shared_ptr<Peer>> recipients;
  std::vector<std::string> names;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    if (legacy_dirty_) {
      legacy_dirty_ = false;
      legacy_last_sent_ = Clock::now();
      recipients = peers_locked(false);
      std::erase_if(recipients, [this](const auto& peer) { return peer.get() == legacy_up_to_date_; });
      legacy_up_to_date_ = nullptr;
      if (!recipients.empty()) names = names_locked();
    }
  }
  if (!recipients.empty()) {
    const auto frame = make_frame(proto::serialize(proto::make_userlist(names)));
    for (const auto& peer : recipients) peer->deliver(frame);
  }
  std::lock_guard lock(mutex_);
  legacy_armed_ = false;
  schedule_locked();
}

}  // namespace clivrt::server

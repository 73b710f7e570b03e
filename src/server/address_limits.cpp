#include "address_limits.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "clivrt/common/token_bucket.hpp"

namespace clivrt::server {

namespace {

using Key = std::array<unsigned char, 16>;
constexpr std::size_t kFirstSweep = 1024;  // entries tracked before idle ones are swept out

/// An IPv4-mapped IPv6 address (a dual-stack socket's view of IPv4) as the IPv4 address it is.
AddressLimits::Address unmapped(const AddressLimits::Address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

/// IPv4 (also when IPv4-mapped) as ::ffff:a.b.c.d; IPv6 cut to its /64. A cut IPv6 key ends in
/// eight zero bytes, an IPv4 key never does: the two cannot collide.
Key key_of(const AddressLimits::Address& address) {
  if (address.is_v4()) return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4()).to_bytes();
  Key key = address.to_v6().to_bytes();
  if (!address.to_v6().is_v4_mapped()) std::fill(key.begin() + 8, key.end(), 0);
  return key;
}

struct KeyHash {
  std::size_t operator()(const Key& key) const noexcept {
    return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  }
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

/// One X-Forwarded-For entry: an address, or [IPv6]; nullopt if it is neither.
std::optional<AddressLimits::Address> parse_forwarded(std::string_view entry) {
  entry = trim(entry);
  if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']') entry = entry.substr(1, entry.size() - 2);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(entry), ec);
  if (ec) return std::nullopt;
  return address;
}

}  // namespace

struct AddressLimits::State {
  struct Entry {
    std::size_t open = 0;
    TokenBucket logins;
  };
  std::mutex mutex;
  std::unordered_map<Key, Entry, KeyHash> entries;
  std::size_t sweep_at = kFirstSweep;
  double login_rate = 0;  // per second; 0 = no cap
  double login_burst = 1;

  Entry& entry(const Key& key, Clock::time_point now) {
    if (entries.size() >= sweep_at) sweep(now);
    return entries.try_emplace(key, Entry{0, TokenBucket(login_rate, login_burst, now)}).first->second;
  }
  void forget_if_idle(std::unordered_map<Key, Entry, KeyHash>::iterator it, Clock::time_point now) {
    if (it->second.open == 0 && it->second.logins.full(now)) entries.erase(it);
  }
  // Idle entries go; the threshold doubles with what stays, so sweeping costs O(1) per call.
  void sweep(Clock::time_point now) {
    std::erase_if(entries, [now](const auto& item) { return item.second.open == 0 && item.second.logins.full(now); });
    sweep_at = std::max(kFirstSweep, 2 * entries.size());
  }
};

AddressLimits::Ticket::Ticket(std::shared_ptr<State> state, Key key, bool admitted)
    : state_(std::move(state)), key_(key), admitted_(admitted) {}

AddressLimits::Ticket::Ticket(Ticket&& other) noexcept
    : state_(std::move(other.state_)), key_(other.key_), admitted_(other.admitted_) {}

AddressLimits::Ticket& AddressLimits::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    Ticket old(std::move(*this));
    state_ = std::move(other.state_);
    key_ = other.key_;
    admitted_ = other.admitted_;
  }
  return *this;
}

AddressLimits::Ticket::~Ticket() {
  if (!state_) return;
  const std::lock_guard lock(state_->mutex);
  const auto it = state_->entries.find(key_);
  if (it == state_->entries.end()) return;
  --it->second.open;
  state_->forget_if_idle(it, Clock::now());
}

AddressLimits::AddressLimits(AddressLimitOptions options)
    : options_(std::move(options)), state_(std::make_shared<State>()) {
  state_->login_rate = options_.logins_per_minute / 60.0;
  state_->login_burst = std::max(1.0, options_.logins_per_minute);
}

std::optional<AddressLimits::Ticket> AddressLimits::open(const Address& client) {
  const Key key = key_of(client);
  const std::lock_guard lock(state_->mutex);
  auto& entry = state_->entry(key, Clock::now());
  const std::size_t cap = options_.max_connections;
  if (cap != 0 && entry.open >= 2 * cap) return std::nullopt;
  ++entry.open;
  return Ticket(state_, key, cap == 0 || entry.open <= cap);
}

AddressLimits::Clock::duration AddressLimits::login_wait(const Address& client, Clock::time_point now) {
  if (options_.logins_per_minute <= 0) return Clock::duration::zero();
  const std::lock_guard lock(state_->mutex);
  auto& bucket = state_->entry(key_of(client), now).logins;
  if (bucket.try_take(now)) return Clock::duration::zero();
  return std::max<Clock::duration>(bucket.wait_time(now), std::chrono::milliseconds(1));
}

bool AddressLimits::trusts(const Address& peer) const {
  return std::any_of(options_.trusted_proxies.begin(), options_.trusted_proxies.end(),
                     [&](const Address& proxy) { return unmapped(proxy) == unmapped(peer); });
}

AddressLimits::Address AddressLimits::client_address(const Address& peer, std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !trusts(peer)) return peer;
  Address client = peer;
  // Right to left: each hop appended the address it saw; the first one not ours is the client.
  while (true) {
    const auto comma = forwarded_for.rfind(',');
    const auto entry = parse_forwarded(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    if (!entry) return client;  // garbage (or a hop that wrote none): the last address we trust to have seen it
    client = *entry;
    if (!trusts(client) || comma == std::string_view::npos) return client;
    forwarded_for = forwarded_for.substr(0, comma);
  }
}

std::size_t AddressLimits::tracked() const {
  const std::lock_guard lock(state_->mutex);
  return state_->entries.size();
}

std::string AddressLimits::describe(const Address& client) {
  if (unmapped(client).is_v4()) return unmapped(client).to_string();
  return boost::asio::ip::address_v6(key_of(client)).to_string() + "/64";
}

std::vector<boost::asio::ip::address> parse_addresses(const std::vector<std::string>& texts) {
  std::vector<boost::asio::ip::address> out;
  for (const auto& text : texts) {
    boost::system::error_code ec;
    out.push_back(boost::asio::ip::make_address(text, ec));
    if (ec) throw std::invalid_argument("'" + text + "' is not an IP address");
  }
  return out;
}

}  // namespace clivrt::server

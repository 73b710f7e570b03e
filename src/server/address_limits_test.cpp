#include "address_limits.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using clivrt::server::AddressLimitOptions;
using clivrt::server::AddressLimits;
using boost::asio::ip::make_address;
using namespace std::chrono_literals;

namespace {

AddressLimits limits(std::size_t connections, double logins, std::vector<std::string> proxies = {}) {
  return AddressLimits(AddressLimitOptions{connections, logins, clivrt::server::parse_addresses(proxies)});
}

}  // namespace

TEST(AddressLimits, AdmitsUpToTheCapThenAnswersThenCloses) {
  auto caps = limits(2, 0);
  const auto a = make_address("192.0.2.7");
  std::vector<AddressLimits::Ticket> held;
  for (int i = 0; i < 4; ++i) held.push_back(*caps.open(a));
  EXPECT_TRUE(held[0].admitted());
  EXPECT_TRUE(held[1].admitted());
  EXPECT_FALSE(held[2].admitted());  // told "429"
  EXPECT_FALSE(held[3].admitted());
  EXPECT_FALSE(caps.open(a).has_value());  // twice the cap: not even answered
  EXPECT_TRUE(caps.open(make_address("192.0.2.8"))->admitted());  // another address is not affected
  held.clear();
  EXPECT_TRUE(caps.open(a)->admitted());  // closed connections give their places back
}

TEST(AddressLimits, ForgetsAnAddressOnceItHasNothingOpen) {
  auto caps = limits(4, 0);
  {
    auto ticket = caps.open(make_address("192.0.2.7"));
    AddressLimits::Ticket moved = std::move(*ticket);  // a moved-from ticket releases nothing
    EXPECT_EQ(caps.tracked(), 1u);
  }
  EXPECT_EQ(caps.tracked(), 0u);
}

TEST(AddressLimits, ZeroMeansNoCap) {
  auto caps = limits(0, 0);
  std::vector<AddressLimits::Ticket> held;
  for (int i = 0; i < 500; ++i) held.push_back(*caps.open(make_address("127.0.0.1")));
  EXPECT_TRUE(held.back().admitted());
  EXPECT_EQ(caps.login_wait(make_address("127.0.0.1"), AddressLimits::Clock::now()), 0s);
}

TEST(AddressLimits, LoginsPerMinuteRefillOverTheMinute) {
  auto caps = limits(0, 3);  // 3 at once, then one every 20 s
  const auto a = make_address("198.51.100.1");
  const auto t0 = AddressLimits::Clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(caps.login_wait(a, t0), 0s) << i;
  const auto wait = caps.login_wait(a, t0);
  EXPECT_GT(wait, 19s);
  EXPECT_LE(wait, 20s);
  EXPECT_GT(caps.login_wait(a, t0 + 10s), 0s);  // refused logins are not counted against it
  EXPECT_EQ(caps.login_wait(a, t0 + 20s), 0s);
  EXPECT_EQ(caps.login_wait(make_address("198.51.100.2"), t0), 0s);
}

TEST(AddressLimits, IdleAddressesAreSweptSoMemoryStaysBounded) {
  auto caps = limits(0, 60);  // one login per second comes back
  const auto t0 = AddressLimits::Clock::now();
  for (unsigned i = 0; i < 5000; ++i) {
    const auto address = boost::asio::ip::address_v4(0x0a000000u + i);
    EXPECT_EQ(caps.login_wait(address, t0 + std::chrono::milliseconds(10 * i)), 0s);
  }
  // Each address refills within a second: a sweep keeps only the last second's hundred or so.
  EXPECT_LT(caps.tracked(), 1100u);
}

TEST(AddressLimits, IPv6CountsPerSlash64AndIPv4MappedAsIPv4) {
  auto caps = limits(1, 0);
  auto first = caps.open(make_address("2001:db8:1:2::1"));
  EXPECT_FALSE(caps.open(make_address("2001:db8:1:2:ffff::9"))->admitted());  // same /64
  EXPECT_TRUE(caps.open(make_address("2001:db8:1:3::1"))->admitted());
  auto v4 = caps.open(make_address("192.0.2.1"));
  EXPECT_FALSE(caps.open(make_address("::ffff:192.0.2.1"))->admitted());
  EXPECT_EQ(AddressLimits::describe(make_address("2001:db8:1:2:ffff::9")), "2001:db8:1:2::/64");
  EXPECT_EQ(AddressLimits::describe(make_address("::ffff:192.0.2.1")), "192.0.2.1");
}

TEST(AddressLimits, ForwardedForCountsOnlyFromTrustedProxies) {
  auto caps = limits(8, 0, {"127.0.0.1", "10.0.0.2"});
  const auto proxy = make_address("127.0.0.1");
  EXPECT_TRUE(caps.trusts(proxy));
  EXPECT_TRUE(caps.trusts(make_address("::ffff:127.0.0.1")));
  // Anyone else's header is ignored: it could name any address.
  EXPECT_EQ(caps.client_address(make_address("192.0.2.1"), "203.0.113.9"), make_address("192.0.2.1"));
  EXPECT_EQ(caps.client_address(proxy, ""), proxy);
  EXPECT_EQ(caps.client_address(proxy, "203.0.113.9"), make_address("203.0.113.9"));
  // The client may send its own header: only the rightmost untrusted entry counts.
  EXPECT_EQ(caps.client_address(proxy, "6.6.6.6, 203.0.113.9"), make_address("203.0.113.9"));
  EXPECT_EQ(caps.client_address(proxy, "6.6.6.6, 203.0.113.9 ,10.0.0.2"), make_address("203.0.113.9"));
  EXPECT_EQ(caps.client_address(proxy, "[2001:db8::5]"), make_address("2001:db8::5"));
  // Garbage where the proxy's entry should be: the proxy is all we know.
  EXPECT_EQ(caps.client_address(proxy, "6.6.6.6, unknown"), proxy);
  EXPECT_EQ(caps.client_address(proxy, "10.0.0.2"), make_address("10.0.0.2"));
}

TEST(AddressLimits, BadProxyAddressesAreNamed) {
  try {
    clivrt::server::parse_addresses({"127.0.0.1", "proxy.example"});
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "'proxy.example' is not an IP address");
  }
}

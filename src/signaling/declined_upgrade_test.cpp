#include "declined_upgrade.hpp"

#include <gtest/gtest.h>

using clivrt::signaling::describe_declined_upgrade;
using namespace std::chrono_literals;

TEST(DeclinedUpgrade, SaysWhatTheServerSaidAndWhenToComeBack) {
  const auto declined = describe_declined_upgrade(
      429, "Too Many Requests", "too many logins from 127.0.0.1; try again in 20 s\n", "20");
  EXPECT_EQ(declined.reason,
            "server refused the connection (429 Too Many Requests): too many logins from 127.0.0.1; try again in 20 s");
  EXPECT_EQ(declined.retry_after, 20s);
}

TEST(DeclinedUpgrade, HostileBodiesStayInertShortAndOnOneLine) {
  const std::string body = "\x1b]0;pwned\x07\x1b[2J" + std::string(1000, 'x') + "\nsecond line";
  const auto declined = describe_declined_upgrade(502, "Bad\x1b[31mGateway", body, "");
  EXPECT_EQ(declined.reason.find('\x1b'), std::string::npos);
  EXPECT_EQ(declined.reason.find('\x07'), std::string::npos);
  EXPECT_EQ(declined.reason.find("second line"), std::string::npos);
  EXPECT_NE(declined.reason.find("(502 Bad^[[31mGateway): ^[]0;pwned^G^[[2Jxxx"), std::string::npos) << declined.reason;
  EXPECT_LT(declined.reason.size(), 260u);
  EXPECT_EQ(declined.retry_after, 0s);
}

TEST(DeclinedUpgrade, OnlyDeltaSecondsUpToAnHourAreTaken) {
  EXPECT_EQ(describe_declined_upgrade(503, "", "", " 7 ").retry_after, 7s);
  EXPECT_EQ(describe_declined_upgrade(503, "", "", "Wed, 21 Oct 2015 07:28:00 GMT").retry_after, 0s);
  EXPECT_EQ(describe_declined_upgrade(503, "", "", "-5").retry_after, 0s);
  EXPECT_EQ(describe_declined_upgrade(503, "", "", "99999").retry_after, 3600s);
  EXPECT_EQ(describe_declined_upgrade(503, "", "", "").reason, "server refused the connection (503)");
}

#include "roster.hpp"

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "clivrt/protocol/codec.hpp"

using namespace clivrt::server;
using nlohmann::json;

namespace {
// A logged-in connection reduced to what the roster sees: it keeps every frame it is sent.
class RecordingPeer : public Peer {
 public:
  RecordingPeer(std::string name, bool delta, std::string token = {})
      : name_(std::move(name)), delta_(delta), token_(std::move(token)) {}
  const std::string& name() const override { return name_; }
  bool wants_delta() const override { return delta_; }
  const std::string& resume_token() const override { return token_; }
  void deliver(SharedFrame frame) override { frames.push_back(json::parse(*frame)); }
  void close(unsigned short code, std::string) override { closed_with = code; }
  unsigned short closed_with = 0;
  std::vector<json> userlists() const {
    std::vector<json> out;
    for (const auto& frame : frames) {
      if (frame["type"] == "userlist") out.push_back(frame["users"]);
    }
    return out;
  }
  std::vector<json> frames;

 private:
  std::string name_;
  bool delta_;
  std::string token_;
};

struct RosterFixture : ::testing::Test {
  boost::asio::io_context io;
  Roster roster{io.get_executor(), RosterOptions{100, std::chrono::milliseconds(1), std::chrono::milliseconds(1)}};
  std::shared_ptr<RecordingPeer> join(std::string name, bool delta) {
    auto peer = std::make_shared<RecordingPeer>(std::move(name), delta);
    EXPECT_EQ(roster.join(peer), Roster::JoinResult::joined);
    return peer;
  }
  void settle() {  // runs the presence timers until nothing is pending
    io.run();
    io.restart();
  }
  ~RosterFixture() override { roster.clear(); }
};
}  // namespace

TEST_F(RosterFixture, ALegacyLoginGetsOneUserlistWhenNothingChangesAfterIt) {
  const auto amy = join("amy", false);
  settle();
  EXPECT_EQ(amy->userlists(), (std::vector<json>{json{"amy"}}));

  const auto bea = join("bea", false);
  settle();
  EXPECT_EQ(amy->userlists(), (std::vector<json>{json{"amy"}, json{"amy", "bea"}}));
  EXPECT_EQ(bea->userlists(), (std::vector<json>{json{"amy", "bea"}}));
}

TEST_F(RosterFixture, ALegacyLoginSnapshotOvertakenByLaterChangesIsFollowedByTheNewList) {
  const auto amy = join("amy", false);
  const auto bea = join("bea", false);  // before the coalesced list goes out
  const auto cal = join("cal", true);
  settle();
  const std::vector<json> latest{json{"amy", "bea", "cal"}};
  EXPECT_EQ(amy->userlists(), (std::vector<json>{json{"amy"}, json{"amy", "bea", "cal"}}));
  EXPECT_EQ(bea->userlists(), (std::vector<json>{json{"amy", "bea"}, json{"amy", "bea", "cal"}}));
  EXPECT_EQ(cal->userlists(), latest);  // delta clients: their snapshot, then presence deltas

  const auto dan = join("dan", false);
  roster.leave(*cal);
  settle();
  EXPECT_EQ(dan->userlists(), (std::vector<json>{json{"amy", "bea", "cal", "dan"}, json{"amy", "bea", "dan"}}));
}

TEST_F(RosterFixture, TheRightResumeTokenTakesTheNameOverWithoutALeave) {
  const auto watcher = join("amy", true);
  auto old = std::make_shared<RecordingPeer>("bea", true, "0123456789abcdef0123456789abcdef");
  ASSERT_EQ(roster.join(old), Roster::JoinResult::joined);
  settle();
  watcher->frames.clear();

  auto impostor = std::make_shared<RecordingPeer>("bea", true, "ffff");
  EXPECT_EQ(roster.join(impostor, "0123456789abcdef0123456789abcdee"), Roster::JoinResult::name_taken);
  EXPECT_EQ(roster.join(impostor, ""), Roster::JoinResult::name_taken);
  EXPECT_EQ(old->closed_with, 0);

  auto fresh = std::make_shared<RecordingPeer>("bea", true, "fedcba9876543210fedcba9876543210");
  EXPECT_EQ(roster.join(fresh, "0123456789abcdef0123456789abcdef"), Roster::JoinResult::resumed);
  EXPECT_EQ(old->closed_with, clivrt::protocol::close_code::kReplaced);
  EXPECT_EQ(roster.find("bea"), fresh);
  EXPECT_EQ(fresh->userlists(), (std::vector<json>{json{"amy", "bea"}}));
  roster.leave(*old);  // the old connection's read loop ends later: it no longer holds the name
  settle();
  EXPECT_EQ(roster.find("bea"), fresh);
  EXPECT_TRUE(watcher->frames.empty()) << json(watcher->frames).dump();
}

#include "server/roster.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace clivrt::server;
using nlohmann::json;

namespace {
// A logged-in connection reduced to what the roster sees: it keeps every frame it is sent.
class RecordingPeer : public Peer {
 public:
  RecordingPeer(std::string name, bool delta) : name_(std::move(name)), delta_(delta) {}
  const std::string& name() const override { return name_; }
  bool wants_delta() const override { return delta_; }
  void deliver(SharedFrame frame) override { frames.push_back(json::parse(*frame)); }
  void close(unsigned short, std::string) override {}
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

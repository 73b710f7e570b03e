// CallController's call state machine against a fake host and fake media sessions: what it
// sends, says and asks of the media at each step. Real calls are covered by the media and
// integration tests; here every branch is reached in milliseconds.
#include "call_controller.hpp"

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include <set>

namespace clivrt::app {
namespace {

using namespace std::chrono_literals;

/// What a fake media session was asked, and the events the controller gave it.
struct SessionRecord {
  media::CallOptions options;
  media::CallEvents events;
  std::vector<std::string> calls;
  bool destroyed = false;
};

class FakeMedia final : public media::MediaSession {
 public:
  explicit FakeMedia(std::shared_ptr<SessionRecord> record) : record_(std::move(record)) {}
  ~FakeMedia() override { record_->destroyed = true; }
  void start_offer() override { record_->calls.emplace_back("start_offer"); }
  void accept_offer(const protocol::SessionDescription& offer) override {
    record_->calls.push_back("accept_offer " + offer.sdp);
  }
  void set_answer(const protocol::SessionDescription& answer) override {
    record_->calls.push_back("set_answer " + answer.sdp);
  }
  void add_remote_candidate(const protocol::IceCandidate& candidate) override {
    record_->calls.push_back("candidate " + candidate.candidate);
  }
  void set_microphone_muted(bool muted) override { record_->calls.emplace_back(muted ? "mute" : "unmute"); }
  void set_camera_enabled(bool enabled) override { record_->calls.emplace_back(enabled ? "camera on" : "camera off"); }
  media::CallStats stats() const override { return {}; }

 private:
  std::shared_ptr<SessionRecord> record_;
};

class RecordingPresenter final : public Presenter {
 public:
  void show(const Event&) override {}
  void status(const StatusModel&) override {}
  void video(std::shared_ptr<const media::VideoFrame>, std::shared_ptr<const media::VideoFrame>) override { ++frames; }
  void video_ended() override { ++video_ended_count; }
  void video_settings(const VideoSettings&) override {}
  RenderStats render_stats() const override { return {}; }
  int frames = 0, video_ended_count = 0;
};

class FakeHost final : public CallHost {
 public:
  boost::asio::io_context& io() override { return io_; }
  const config::Settings& settings() const override { return settings_; }
  bool send(const protocol::Json& message) override {
    if (!connected) return false;
    sent.push_back(message);
    return true;
  }
  void emit(EventKind kind, std::string type, std::string text, nlohmann::json) override {
    events.push_back({kind, std::move(type), {}, std::move(text)});
  }
  void status_changed() override {}
  std::string online_as() const override { return connected ? me : ""; }
  bool is_online(const std::string& user) const override { return online.contains(user); }
  void check_server_alive() override { ++alive_checks; }
  Presenter& presenter() override { return presenter_; }

  boost::asio::io_context io_;
  config::Settings settings_;
  RecordingPresenter presenter_;
  std::vector<protocol::Json> sent;
  std::vector<Event> events;
  std::string me = "alice";
  std::set<std::string> online{"alice", "bob", "carol"};
  bool connected = true;
  int alive_checks = 0;
};

class CallControllerTest : public ::testing::Test {
 protected:
  CallControllerTest() {
    host.settings_.microphone = "none";
    host.settings_.webcam = "test";
    host.settings_.ring_timeout = 1;
  }

  FakeHost host;
  std::vector<std::shared_ptr<SessionRecord>> sessions;
  CallController calls{host, [this](media::CallOptions options, media::CallEvents events) {
                         auto record = std::make_shared<SessionRecord>();
                         record->options = std::move(options);
                         record->events = std::move(events);
                         sessions.push_back(record);
                         return std::make_unique<FakeMedia>(record);
                       }};

  SessionRecord& session(std::size_t index = 0) {
    EXPECT_GT(sessions.size(), index);
    return *sessions.at(index);
  }
  /// The messages sent so far of `type`.
  std::vector<protocol::Json> sent(const std::string& type) const {
    std::vector<protocol::Json> out;
    for (const auto& message : host.sent) {
      if (message.value("type", "") == type) out.push_back(message);
    }
    return out;
  }
  const Event& last_event() const { return host.events.back(); }
  static protocol::SessionDescription sdp(std::string type, std::string text) {
    return {std::move(type), std::move(text)};
  }
  protocol::VideoOffer offer_from(const std::string& peer, std::vector<std::string> features = {}) {
    return {peer, sdp("offer", "offer from " + peer), {"audio", "video"}, std::move(features), false};
  }
  void run(std::chrono::milliseconds time) { host.io_.run_for(time); }

  /// bob called us and we are in the call.
  void in_call_as_callee(std::vector<std::string> features = {}) {
    calls.handle(offer_from("bob", std::move(features)));
    calls.answer();
    sessions.back()->events.state(media::CallState::connected, "DTLS-SRTP");
    ASSERT_TRUE(calls.connected());
  }
  /// We called bob and are in the call.
  void in_call_as_caller(std::vector<std::string> features = {}) {
    calls.place_call({"bob"});
    sessions.back()->events.local_description(sdp("offer", "our offer"));
    calls.handle(protocol::VideoAnswer{"bob", sdp("answer", "bob's answer"), std::move(features)});
    sessions.back()->events.state(media::CallState::connected, "DTLS-SRTP");
    ASSERT_TRUE(calls.connected());
  }
};

TEST_F(CallControllerTest, CallsThatCannotBePlacedSayWhyAndSendNothing) {
  calls.place_call({"dave"});
  EXPECT_NE(last_event().text.find("dave is not online"), std::string::npos) << last_event().text;
  calls.place_call({"alice"});
  EXPECT_EQ(last_event().text, "you cannot call yourself");
  calls.place_call({});
  EXPECT_EQ(last_event().kind, EventKind::error);
  EXPECT_NE(last_event().text.find("call:"), std::string::npos) << last_event().text;
  host.connected = false;
  calls.place_call({"bob"});
  EXPECT_EQ(last_event().text, "not logged in: login first");
  EXPECT_TRUE(host.sent.empty());
  EXPECT_TRUE(sessions.empty());
  EXPECT_FALSE(calls.busy());
}

TEST_F(CallControllerTest, AnOutgoingCallOffersThenGivesUpAtTheRingTimeout) {
  calls.place_call({"bob"});
  ASSERT_EQ(sessions.size(), 1U);
  EXPECT_EQ(session().calls, std::vector<std::string>{"start_offer"});
  EXPECT_FALSE(session().options.polite) << "the caller's offer stands on glare";
  EXPECT_EQ(calls.status_text(), "calling bob…");
  session().events.local_description(sdp("offer", "our offer"));
  const auto offers = sent("video-offer");
  ASSERT_EQ(offers.size(), 1U);
  EXPECT_EQ(offers[0]["target"], "bob");
  EXPECT_EQ(offers[0]["sdp"]["sdp"], "our offer");
  EXPECT_EQ(offers[0]["media"], (nlohmann::json{"audio", "video"}));
  EXPECT_EQ(offers[0]["features"], (nlohmann::json{"reconnect"}));
  run(1500ms);
  const auto hang_ups = sent("hang-up");
  ASSERT_EQ(hang_ups.size(), 1U);
  EXPECT_EQ(hang_ups[0]["reason"], "no-answer");
  EXPECT_EQ(last_event().text, "no answer from bob in 1 s");
  EXPECT_FALSE(calls.busy());
  EXPECT_TRUE(session().destroyed);
  EXPECT_EQ(host.presenter_.video_ended_count, 1);
}

TEST_F(CallControllerTest, AnUnansweredIncomingCallIsMissed) {
  calls.handle(offer_from("bob"));
  EXPECT_EQ(calls.status_text(), "bob is calling");
  EXPECT_EQ(calls.hint(), "answer · decline");
  EXPECT_TRUE(sessions.empty()) << "no camera or microphone before the user answers";
  run(1500ms);
  EXPECT_EQ(sent("hang-up").at(0)["reason"], "no-answer");
  EXPECT_EQ(last_event().text, "missed call from bob");
  EXPECT_FALSE(calls.busy());
}

TEST_F(CallControllerTest, AnOfferWhileBusyIsAnsweredBusy) {
  calls.place_call({"bob"});
  calls.handle(offer_from("carol"));
  const auto hang_ups = sent("hang-up");
  ASSERT_EQ(hang_ups.size(), 1U);
  EXPECT_EQ(hang_ups[0]["target"], "carol");
  EXPECT_EQ(hang_ups[0]["reason"], "busy");
  EXPECT_EQ(calls.status_text(), "calling bob…") << "the call in progress goes on";
  EXPECT_EQ(sessions.size(), 1U);
}

TEST_F(CallControllerTest, DeclineTellsTheCallerAndForgetsTheCall) {
  calls.handle(offer_from("bob"));
  calls.decline();
  const auto hang_ups = sent("hang-up");
  ASSERT_EQ(hang_ups.size(), 1U);
  EXPECT_EQ(hang_ups[0]["reason"], "declined");
  EXPECT_FALSE(calls.busy());
  calls.answer();
  EXPECT_EQ(last_event().text, "nobody is calling");
  EXPECT_TRUE(sessions.empty());
}

TEST_F(CallControllerTest, CandidatesBeforeTheAnswerReachTheSessionAfterTheOffer) {
  calls.handle(offer_from("bob"));
  calls.handle(protocol::IceCandidate{"bob", "candidate:1", "0", 0});
  calls.handle(protocol::IceCandidate{"carol", "candidate:stale", "0", 0});
  calls.handle(protocol::IceCandidate{"bob", "candidate:2", "0", 0});
  calls.answer();
  ASSERT_EQ(sessions.size(), 1U);
  EXPECT_EQ(session().calls, (std::vector<std::string>{"accept_offer offer from bob", "candidate candidate:1",
                                                       "candidate candidate:2"}));
  EXPECT_TRUE(session().options.polite) << "the callee yields on glare";
  session().events.local_description(sdp("answer", "our answer"));
  const auto answers = sent("video-answer");
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0]["target"], "bob");
  calls.handle(protocol::IceCandidate{"bob", "candidate:3", "0", 0});
  EXPECT_EQ(session().calls.back(), "candidate candidate:3") << "later ones go straight in";
}

TEST_F(CallControllerTest, AReOfferWithinTheCallIsAnsweredByTheSameSession) {
  in_call_as_callee();
  calls.handle(offer_from("bob"));
  EXPECT_EQ(sessions.size(), 1U);
  EXPECT_EQ(session().calls.back(), "accept_offer offer from bob");
  EXPECT_TRUE(sent("hang-up").empty());
  EXPECT_TRUE(calls.connected());
}

TEST_F(CallControllerTest, ThePeersHangUpReasonIsWhatTheUserReads) {
  calls.place_call({"bob"});
  calls.handle(protocol::HangUp{"bob", "busy"});
  EXPECT_EQ(last_event().text, "bob is busy in another call");
  EXPECT_EQ(last_event().kind, EventKind::warning);
  calls.place_call({"bob"});
  calls.handle(protocol::HangUp{"bob", "declined"});
  EXPECT_EQ(last_event().text, "bob declined the call");
  in_call_as_caller();
  calls.handle(protocol::HangUp{"carol", ""});
  EXPECT_TRUE(calls.connected()) << "only the peer of the call can end it";
  calls.handle(protocol::HangUp{"bob", ""});
  EXPECT_EQ(last_event().text, "bob hung up");
  EXPECT_EQ(last_event().kind, EventKind::info);
  EXPECT_FALSE(calls.busy());
  EXPECT_TRUE(sent("hang-up").empty()) << "nothing to tell a peer that hung up";
}

TEST_F(CallControllerTest, OurHangUpTellsThePeer) {
  in_call_as_caller();
  calls.hang_up_by_user();
  EXPECT_EQ(sent("hang-up").at(0)["reason"], "hangup");
  EXPECT_EQ(last_event().text, "call with bob ended");
  calls.hang_up_by_user();
  EXPECT_EQ(last_event().text, "no call to hang up");
}

TEST_F(CallControllerTest, APeerThatLeavesTheServerEndsTheCall) {
  in_call_as_callee();
  host.online.erase("bob");
  calls.roster_changed();
  EXPECT_EQ(last_event().text, "bob left the server");
  EXPECT_FALSE(calls.busy());
}

TEST_F(CallControllerTest, AFailedPathWithAPeerThatCannotReconnectEndsTheCall) {
  in_call_as_caller();
  session().events.state(media::CallState::failed, "no media for 10 s");
  EXPECT_EQ(sent("hang-up").at(0)["reason"], "failed");
  EXPECT_EQ(last_event().text, "call with bob failed: no media for 10 s");
  EXPECT_FALSE(calls.busy());
}

TEST_F(CallControllerTest, RecoveryOutlivesALostServerConnection) {
  in_call_as_caller({protocol::kFeatureReconnect});
  session().events.state(media::CallState::failed, "no media for 10 s");
  EXPECT_EQ(host.alive_checks, 1) << "the server connection may have died with the path";
  EXPECT_EQ(calls.status_text(), "reconnecting to bob…");
  ASSERT_EQ(sessions.size(), 2U) << "the caller offers again on a fresh session";
  EXPECT_EQ(session(1).calls, std::vector<std::string>{"start_offer"});
  host.connected = false;  // the offer is lost with the server connection
  session(1).events.local_description(sdp("offer", "lost offer"));
  EXPECT_TRUE(sent("video-offer").size() == 1U);
  host.connected = true;
  calls.logged_in_again();
  ASSERT_EQ(sessions.size(), 3U);
  session(2).events.local_description(sdp("offer", "fresh offer"));
  const auto offers = sent("video-offer");
  ASSERT_EQ(offers.size(), 2U);
  EXPECT_EQ(offers[1]["reconnect"], true);
  session(1).events.state(media::CallState::connected, "stale");
  EXPECT_EQ(calls.status_text(), "reconnecting to bob…") << "events of a dropped session are ignored";
  calls.handle(protocol::VideoAnswer{"bob", sdp("answer", "fresh answer"), {protocol::kFeatureReconnect}});
  EXPECT_EQ(session(2).calls.back(), "set_answer fresh answer");
  session(2).events.state(media::CallState::connected, "DTLS-SRTP");
  EXPECT_TRUE(calls.connected());
  EXPECT_NE(last_event().text.find("back in call with bob"), std::string::npos) << last_event().text;
}

TEST_F(CallControllerTest, MuteAndCameraLastAcrossCalls) {
  calls.set_muted(true);
  calls.set_camera({"off"});
  EXPECT_EQ(calls.devices_text(), "🔇 🚫");
  in_call_as_caller();
  EXPECT_EQ(session().calls,
            (std::vector<std::string>{"mute", "camera off", "start_offer", "set_answer bob's answer"}));
  calls.set_muted(false);
  EXPECT_EQ(session().calls.back(), "unmute");
  calls.set_camera({"sideways"});
  EXPECT_EQ(last_event().text, "usage: camera on|off");
}

}  // namespace
}  // namespace clivrt::app

#include "negotiation.hpp"

#include <gtest/gtest.h>

namespace clivrt::media {
namespace {

using namespace negotiation;

// What webrtcbin 1.22 offers: BUNDLE over one transport, DTLS role left to the answerer.
constexpr const char* webrtcbin_offer =
    "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-options:trickle\r\na=group:BUNDLE video0 audio1\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=setup:actpass\r\na=ice-ufrag:u1\r\na=ice-pwd:p1\r\n"
    "a=mid:video0\r\na=sendrecv\r\na=rtpmap:96 VP8/90000\r\n"
    "m=audio 0 UDP/TLS/RTP/SAVPF 97\r\nc=IN IP4 0.0.0.0\r\na=setup:actpass\r\na=ice-ufrag:u1\r\na=ice-pwd:p1\r\n"
    "a=mid:audio1\r\na=sendrecv\r\na=rtpmap:97 OPUS/48000/2\r\n";

// A browser's answer to it: the browser takes the DTLS client role, so we are the server.
constexpr const char* browser_answer =
    "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE video0 audio1\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=setup:active\r\na=mid:video0\r\na=recvonly\r\n"
    "a=rtpmap:96 VP8/90000\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 97\r\nc=IN IP4 0.0.0.0\r\na=setup:active\r\na=mid:audio1\r\na=recvonly\r\n"
    "a=rtpmap:97 opus/48000/2\r\n";

// MDN's sample, once its camera starts after answering: a fresh offer within the call, actpass.
constexpr const char* browser_reoffer =
    "v=0\r\no=- 2 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE video0 audio1\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=setup:actpass\r\na=mid:video0\r\na=sendrecv\r\n"
    "a=rtpmap:96 VP8/90000\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 97\r\nc=IN IP4 0.0.0.0\r\na=setup:actpass\r\na=mid:audio1\r\na=sendrecv\r\n"
    "a=rtpmap:97 opus/48000/2\r\n";

// What webrtcbin 1.22 answers that re-offer with, whatever the first exchange said.
constexpr const char* webrtcbin_reanswer =
    "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE video0 audio1\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=setup:active\r\na=mid:video0\r\na=sendrecv\r\n"
    "a=rtpmap:96 VP8/90000\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 97\r\nc=IN IP4 0.0.0.0\r\na=setup:active\r\na=mid:audio1\r\na=sendrecv\r\n"
    "a=rtpmap:97 OPUS/48000/2\r\n";

// aiortc 1.4: a BUNDLE group whose sections carry different ice-ufrags.
constexpr const char* aiortc_offer =
    "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=msid-semantic:WMS *\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=setup:actpass\r\n"
    "a=rtpmap:96 opus/48000/2\r\na=ice-ufrag:aaaa\r\na=ice-pwd:p1\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 97\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=setup:actpass\r\n"
    "a=rtpmap:97 VP8/90000\r\na=ice-ufrag:bbbb\r\na=ice-pwd:p2\r\n";

// webrtcbin's answer to it once the BUNDLE group is gone.
constexpr const char* unbundled_answer =
    "v=0\r\no=- 3 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=setup:active\r\na=rtpmap:96 OPUS/48000/2\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 97\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=setup:active\r\na=rtpmap:97 VP8/90000\r\n";

constexpr const char* host_candidate = "candidate:1 1 UDP 2013266431 10.0.0.2 40000 typ host";

/// The steps in order, one word each, e.g. "SetRemote(offer) AddCandidate(0) CreateDescription(answer)".
std::string steps(const NegotiationActions& actions) {
  std::string out;
  const auto kind = [](SdpKind k) { return k == SdpKind::offer ? "(offer)" : "(answer)"; };
  for (const auto& action : actions) {
    if (!out.empty()) out += ' ';
    std::visit(
        [&](const auto& step) {
          using Step = std::decay_t<decltype(step)>;
          if constexpr (std::is_same_v<Step, SetRemote>) out += std::string("SetRemote") + kind(step.kind);
          if constexpr (std::is_same_v<Step, StartOver>) out += "StartOver";
          if constexpr (std::is_same_v<Step, CreateDescription>)
            out += std::string("CreateDescription") + kind(step.kind);
          if constexpr (std::is_same_v<Step, SetLocal>) out += std::string("SetLocal") + kind(step.kind);
          if constexpr (std::is_same_v<Step, SendDescription>) out += "SendDescription(" + step.description.type + ")";
          if constexpr (std::is_same_v<Step, SendFullDescription>) out += "SendFullDescription";
          if constexpr (std::is_same_v<Step, AddCandidate>)
            out += "AddCandidate(" + std::to_string(step.mline_index) + ")";
          if constexpr (std::is_same_v<Step, SendCandidate>) out += "SendCandidate";
          if constexpr (std::is_same_v<Step, Negotiated>) out += "Negotiated";
          if constexpr (std::is_same_v<Step, Warn>) out += "Warn";
          if constexpr (std::is_same_v<Step, Fail>) out += "Fail";
        },
        action);
  }
  return out;
}

template <typename Step>
std::vector<Step> all_of(const NegotiationActions& actions) {
  std::vector<Step> out;
  for (const auto& action : actions) {
    if (const auto* step = std::get_if<Step>(&action)) out.push_back(*step);
  }
  return out;
}

protocol::IceCandidate candidate_at(int index, std::string text = host_candidate) {
  protocol::IceCandidate candidate;
  candidate.candidate = std::move(text);
  candidate.sdp_mline_index = index;
  return candidate;
}

/// A caller whose offer is out and answered by `answer`.
Negotiation caller_after(const char* answer) {
  Negotiation caller;
  caller.start_offer();
  caller.local_created(SdpKind::offer, webrtcbin_offer);
  caller.remote_answer({"answer", answer});
  caller.remote_applied(std::nullopt);
  return caller;
}

TEST(Negotiation, CallerOffersQueuesEarlyCandidatesAndAppliesThemWithTheAnswer) {
  Negotiation caller;
  EXPECT_EQ(steps(caller.start_offer()), "CreateDescription(offer)");
  EXPECT_EQ(caller.signaling_state(), SignalingState::stable) << "nothing set until the offer exists";
  const auto sent = caller.local_created(SdpKind::offer, webrtcbin_offer);
  EXPECT_EQ(steps(sent), "SetLocal(offer) SendDescription(offer)");
  EXPECT_EQ(all_of<SendDescription>(sent).at(0).description.sdp, webrtcbin_offer);
  EXPECT_EQ(caller.signaling_state(), SignalingState::have_local_offer);
  EXPECT_EQ(caller.local_type(), "offer");

  // A fast callee trickles candidates before its answer arrives: held, then applied in order.
  EXPECT_TRUE(caller.remote_candidate(candidate_at(0)).empty());
  protocol::IceCandidate by_mid;
  by_mid.candidate = "a=candidate:2 1 UDP 1 10.0.0.2 40002 typ host\r\n";
  by_mid.sdp_mid = "audio1";
  EXPECT_TRUE(caller.remote_candidate(by_mid).empty());

  EXPECT_EQ(steps(caller.remote_answer({"answer", browser_answer})), "SetRemote(answer)");
  const auto applied = caller.remote_applied(std::nullopt);
  EXPECT_EQ(steps(applied), "Negotiated AddCandidate(0) AddCandidate(1)");
  EXPECT_EQ(all_of<AddCandidate>(applied).at(1).candidate, "candidate:2 1 UDP 1 10.0.0.2 40002 typ host")
      << "the a= prefix and line end are gone";
  EXPECT_EQ(caller.signaling_state(), SignalingState::stable);
  EXPECT_EQ(caller.dtls_role(), "passive") << "the browser answered active";
  EXPECT_EQ(steps(caller.remote_candidate(candidate_at(1))), "AddCandidate(1)") << "no queue once set";
}

TEST(Negotiation, CalleeAnswersOnceTheOfferIsApplied) {
  Negotiation callee;
  EXPECT_EQ(steps(callee.remote_offer({"offer", webrtcbin_offer})), "SetRemote(offer)");
  EXPECT_FALSE(callee.offerer());
  EXPECT_TRUE(callee.bundle());
  EXPECT_EQ(steps(callee.remote_applied(std::nullopt)), "Negotiated CreateDescription(answer)");
  EXPECT_EQ(callee.signaling_state(), SignalingState::have_remote_offer);
  EXPECT_EQ(steps(callee.local_created(SdpKind::answer, browser_answer)), "SetLocal(answer) SendDescription(answer)");
  EXPECT_EQ(callee.signaling_state(), SignalingState::stable);
  EXPECT_EQ(callee.dtls_role(), "active") << "ours, as we answered";
}

TEST(Negotiation, AiortcBundleWithMixedUfragsBecomesOneTransportPerMediaLine) {
  Negotiation callee;
  const auto set = all_of<SetRemote>(callee.remote_offer({"offer", aiortc_offer}));
  ASSERT_EQ(set.size(), 1U);
  EXPECT_EQ(set[0].sdp.find("a=group:BUNDLE"), std::string::npos);
  EXPECT_NE(set[0].sdp.find("a=ice-ufrag:bbbb"), std::string::npos);
  EXPECT_FALSE(callee.bundle());
  callee.remote_applied(std::nullopt);
  callee.local_created(SdpKind::answer, unbundled_answer);
  // End of candidates: one per transport, each named by mid and index.
  const auto ends = all_of<SendCandidate>(callee.gathering_complete());
  ASSERT_EQ(ends.size(), 2U);
  EXPECT_EQ(ends[1].candidate.candidate, "");
  EXPECT_EQ(ends[1].candidate.sdp_mid, "1");
  EXPECT_EQ(ends[1].candidate.sdp_mline_index, 1);
  EXPECT_TRUE(callee.gathering_complete().empty()) << "said once";
}

TEST(Negotiation, BundledCallEndsItsCandidatesOnce) {
  Negotiation caller;
  caller.start_offer();
  caller.local_created(SdpKind::offer, webrtcbin_offer);
  const auto local = all_of<SendCandidate>(caller.local_candidate(1, host_candidate));
  ASSERT_EQ(local.size(), 1U);
  EXPECT_EQ(local[0].candidate.sdp_mid, "audio1");
  EXPECT_EQ(local[0].candidate.sdp_mline_index, 1);
  const auto ends = all_of<SendCandidate>(caller.gathering_complete());
  ASSERT_EQ(ends.size(), 1U);
  EXPECT_EQ(ends[0].candidate.sdp_mid, "video0");
}

TEST(Negotiation, ReofferWithinTheCallIsAnsweredKeepingTheDtlsRole) {
  Negotiation caller = caller_after(browser_answer);
  ASSERT_EQ(caller.dtls_role(), "passive");
  EXPECT_EQ(steps(caller.remote_offer({"offer", browser_reoffer})), "SetRemote(offer)");
  EXPECT_EQ(steps(caller.remote_applied(std::nullopt)), "CreateDescription(answer)") << "negotiated already";
  const auto answered = caller.local_created(SdpKind::answer, webrtcbin_reanswer);
  EXPECT_EQ(steps(answered), "SetLocal(answer) SendDescription(answer)");
  const std::string sent = all_of<SendDescription>(answered).at(0).description.sdp;
  EXPECT_EQ(all_of<SetLocal>(answered).at(0).sdp, sent);
  EXPECT_EQ(sent.find("a=setup:active"), std::string::npos) << "webrtcbin's role switch would break DTLS";
  EXPECT_NE(sent.find("a=setup:passive"), std::string::npos);
  EXPECT_EQ(caller.signaling_state(), SignalingState::stable);
  EXPECT_EQ(caller.dtls_role(), "passive");
}

TEST(Negotiation, RefusedReofferLeavesTheCallAsItWas) {
  Negotiation caller = caller_after(browser_answer);
  caller.remote_offer({"offer", browser_reoffer});
  const auto refused = caller.remote_applied("bad m-line");
  ASSERT_EQ(steps(refused), "Warn");
  EXPECT_NE(all_of<Warn>(refused)[0].text.find("new offer was refused: bad m-line"), std::string::npos);
  EXPECT_EQ(caller.signaling_state(), SignalingState::stable);
  caller.remote_offer({"offer", browser_reoffer});
  EXPECT_EQ(steps(caller.remote_applied(std::nullopt)), "CreateDescription(answer)") << "a later one still works";
}

TEST(Negotiation, RefusedFirstDescriptionFailsTheCall) {
  Negotiation callee;
  callee.remote_offer({"offer", "this is not SDP"});
  const auto refused = callee.remote_applied("not valid SDP");
  ASSERT_EQ(steps(refused), "Fail");
  EXPECT_NE(all_of<Fail>(refused)[0].text.find("not valid SDP"), std::string::npos);
}

TEST(Negotiation, OutOfTurnDescriptionsAreRefused) {
  Negotiation callee;
  EXPECT_EQ(steps(callee.remote_answer({"answer", browser_answer})), "Warn") << "no offer of ours";
  EXPECT_EQ(steps(callee.remote_offer({"answer", browser_answer})), "Fail");
  callee.remote_offer({"offer", webrtcbin_offer});
  EXPECT_EQ(steps(callee.remote_offer({"offer", webrtcbin_offer})), "Warn") << "the first is still being applied";

  Negotiation caller;
  caller.start_offer();
  EXPECT_EQ(steps(caller.start_offer()), "Warn");
  caller.local_created(SdpKind::offer, webrtcbin_offer);
  EXPECT_EQ(steps(caller.remote_answer({"pranswer", browser_answer})), "Fail");
  EXPECT_TRUE(caller.local_created(SdpKind::answer, browser_answer).empty()) << "nothing asked for an answer";
}

TEST(Negotiation, GlareImpoliteSideKeepsItsOffer) {
  Negotiation impolite;
  impolite.start_offer();
  impolite.local_created(SdpKind::offer, webrtcbin_offer);
  EXPECT_EQ(steps(impolite.remote_offer({"offer", browser_reoffer})), "Warn");
  EXPECT_EQ(impolite.signaling_state(), SignalingState::have_local_offer);
  EXPECT_EQ(steps(impolite.remote_answer({"answer", browser_answer})), "SetRemote(answer)");
}

TEST(Negotiation, GlarePoliteSideStartsOverAndAnswers) {
  Negotiation polite({.polite = true});
  polite.start_offer();
  polite.local_created(SdpKind::offer, webrtcbin_offer);
  EXPECT_EQ(steps(polite.remote_offer({"offer", browser_reoffer})), "StartOver SetRemote(offer)");
  EXPECT_FALSE(polite.offerer());
  EXPECT_EQ(steps(polite.remote_applied(std::nullopt)), "Negotiated CreateDescription(answer)");
  EXPECT_EQ(steps(polite.local_created(SdpKind::answer, browser_answer)), "SetLocal(answer) SendDescription(answer)");
  EXPECT_EQ(polite.local_type(), "answer");
}

TEST(Negotiation, GlareWhileTheOfferIsBeingMadeDropsItWhenItComes) {
  Negotiation polite({.polite = true});
  polite.start_offer();
  EXPECT_EQ(steps(polite.remote_offer({"offer", browser_reoffer})), "StartOver SetRemote(offer)");
  EXPECT_TRUE(polite.local_created(SdpKind::offer, webrtcbin_offer).empty()) << "withdrawn meanwhile";
  EXPECT_EQ(steps(polite.remote_applied(std::nullopt)), "Negotiated CreateDescription(answer)");
}

TEST(Negotiation, BadlyAddressedCandidatesAreWarnedAbout) {
  Negotiation caller = caller_after(browser_answer);
  EXPECT_EQ(steps(caller.remote_candidate(candidate_at(42))), "Warn");
  EXPECT_EQ(steps(caller.remote_candidate(candidate_at(0, "not a candidate"))), "Warn");
  protocol::IceCandidate unknown_mid;
  unknown_mid.candidate = host_candidate;
  unknown_mid.sdp_mid = "no-such-mid";
  EXPECT_EQ(steps(caller.remote_candidate(unknown_mid)), "Warn");
  EXPECT_TRUE(caller.remote_candidate(protocol::IceCandidate{}).empty()) << "end of candidates needs nothing";
}

TEST(Negotiation, EarlyCandidatesAreBounded) {
  Negotiation callee({.max_queued_candidates = 3});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(callee.remote_candidate(candidate_at(0)).empty());
  EXPECT_EQ(steps(callee.remote_candidate(candidate_at(0))), "Warn");
  callee.remote_offer({"offer", webrtcbin_offer});
  EXPECT_EQ(steps(callee.remote_applied(std::nullopt)),
            "Negotiated AddCandidate(0) AddCandidate(0) AddCandidate(0) CreateDescription(answer)");
}

TEST(Negotiation, WithoutTrickleTheDescriptionWaitsForEveryCandidate) {
  Negotiation caller({.trickle = false});
  caller.start_offer();
  EXPECT_EQ(steps(caller.local_created(SdpKind::offer, webrtcbin_offer)), "SetLocal(offer)");
  EXPECT_TRUE(caller.local_candidate(0, host_candidate).empty()) << "candidates go inside the description";
  EXPECT_EQ(steps(caller.gathering_complete()), "SendFullDescription");

  Negotiation callee({.trickle = false});  // gathering may also end before the description exists
  callee.remote_offer({"offer", webrtcbin_offer});
  callee.remote_applied(std::nullopt);
  EXPECT_TRUE(callee.gathering_complete().empty());
  EXPECT_EQ(steps(callee.local_created(SdpKind::answer, browser_answer)), "SetLocal(answer) SendFullDescription");
}

}  // namespace
}  // namespace clivrt::media

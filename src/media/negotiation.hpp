#pragma once
// The offer/answer rules of one peer connection (RFC 8829 JSEP, W3C RTCSignalingState) without
// GStreamer: descriptions and candidates go in, the steps the media adapter must take come out.
// It owns what webrtcbin 1.22 gets wrong or leaves to us: queueing remote candidates until the
// remote description is set, the aiortc BUNDLE quirk, keeping the DTLS role in a renegotiation,
// trickle or not, end-of-candidates, and perfect-negotiation glare (the polite side yields).
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clivrt/protocol/messages.hpp"
#include "sdp_text.hpp"

namespace clivrt::media {

/// W3C RTCSignalingState without the provisional answers nobody here sends.
enum class SignalingState { stable, have_local_offer, have_remote_offer };
const char* to_string(SignalingState state);

enum class SdpKind { offer, answer };

namespace negotiation {
/// Apply the peer's description; report the outcome with Negotiation::remote_applied.
struct SetRemote {
  SdpKind kind;
  std::string sdp;
};
/// Glare, polite side: discard our offer, its transport and candidates; the peer's offer is then
/// answered on a fresh one. (Only before the first exchange, the one time we offer; webrtcbin
/// 1.22 refuses a rollback from have-local-offer.)
struct StartOver {};
/// Create a description (when the send streams are ready); hand it to Negotiation::local_created.
struct CreateDescription {
  SdpKind kind;
};
/// Apply this as our local description.
struct SetLocal {
  SdpKind kind;
  std::string sdp;
};
/// Send this description to the peer.
struct SendDescription {
  protocol::SessionDescription description;
};
/// Send the local description as it is now, with every gathered candidate in it (no trickle).
struct SendFullDescription {};
/// Give the ICE agent this remote candidate for media line `mline_index`.
struct AddCandidate {
  int mline_index;
  std::string candidate;
};
/// Trickle this local candidate to the peer (an empty candidate ends a transport's candidates).
struct SendCandidate {
  protocol::IceCandidate candidate;
};
/// The first exchange is complete on our side: ICE may start connecting.
struct Negotiated {};
struct Warn {
  std::string text;
};
struct Fail {
  std::string text;
};
}  // namespace negotiation

using NegotiationAction =
    std::variant<negotiation::SetRemote, negotiation::StartOver, negotiation::CreateDescription, negotiation::SetLocal,
                 negotiation::SendDescription, negotiation::SendFullDescription, negotiation::AddCandidate,
                 negotiation::SendCandidate, negotiation::Negotiated, negotiation::Warn, negotiation::Fail>;
using NegotiationActions = std::vector<NegotiationAction>;

struct NegotiationOptions {
  /// false: the local description is sent once gathering is complete, candidates inside it.
  bool trickle = true;
  /// In glare (both sides offered at once) the polite side withdraws its offer and answers;
  /// the impolite side ignores the peer's offer and waits for its answer.
  bool polite = false;
  std::size_t max_queued_candidates = 200;
};

class Negotiation {
 public:
  explicit Negotiation(NegotiationOptions options = {});

  // ---- what the app asks for ----
  NegotiationActions start_offer();
  NegotiationActions remote_offer(const protocol::SessionDescription& offer);
  NegotiationActions remote_answer(const protocol::SessionDescription& answer);
  NegotiationActions remote_candidate(const protocol::IceCandidate& candidate);

  // ---- what the media engine reports ----
  NegotiationActions remote_applied(const std::optional<std::string>& error);  // after SetRemote
  NegotiationActions local_created(SdpKind kind, std::string sdp);             // after CreateDescription
  NegotiationActions local_candidate(int mline_index, std::string candidate);
  NegotiationActions gathering_complete();

  SignalingState signaling_state() const { return state_; }
  bool offerer() const { return offerer_; }
  /// false when the peer's BUNDLE could not be kept (aiortc quirk): one transport per media line.
  bool bundle() const { return bundle_; }
  bool remote_set() const { return !remote_sections_.empty(); }
  bool local_set() const { return local_kind_.has_value(); }
  /// "offer" or "answer": the type of our current local description, empty before there is one.
  std::string local_type() const;
  /// Our DTLS role as the first exchange settled it ("active"/"passive"), empty while unknown.
  std::string dtls_role() const;
  const std::vector<sdp::MediaSection>& remote_sections() const { return remote_sections_; }

 private:
  std::optional<NegotiationAction> candidate_action(const protocol::IceCandidate& candidate) const;
  void end_of_candidates(NegotiationActions& out) const;

  NegotiationOptions options_;
  SignalingState state_ = SignalingState::stable;
  bool offerer_ = false, bundle_ = true;
  bool exchanged_ = false;      // one offer/answer exchange has completed
  bool renegotiating_ = false;  // the offer being applied or answered came within the call
  bool making_offer_ = false;   // CreateDescription{offer} is out, its result not yet back
  bool gathering_done_ = false, description_sent_ = false;
  std::optional<SdpKind> applying_;  // a SetRemote is out, its outcome not yet reported
  std::optional<SdpKind> local_kind_;
  std::string pending_remote_sdp_;  // what SetRemote carried, read once it is applied
  std::string kept_role_;           // the DTLS role a renegotiation's answer must keep
  std::vector<sdp::MediaSection> local_sections_, remote_sections_;
  std::deque<protocol::IceCandidate> queued_candidates_;
};

}  // namespace clivrt::media

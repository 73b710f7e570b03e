#include "negotiation.hpp"

#include <algorithm>

namespace clivrt::media {

using namespace negotiation;

const char* to_string(SignalingState state) {
  switch (state) {
    case SignalingState::stable: return "stable";
    case SignalingState::have_local_offer: return "have-local-offer";
    case SignalingState::have_remote_offer: return "have-remote-offer";
  }
  return "?";
}

Negotiation::Negotiation(NegotiationOptions options) : options_(options) {}

std::string Negotiation::local_type() const {
  if (!local_kind_) return "";
  return *local_kind_ == SdpKind::offer ? "offer" : "answer";
}

std::string Negotiation::dtls_role() const {
  // Ours if we answered, else the opposite of the answer's.
  std::string ours = local_sections_.empty() ? "" : local_sections_.front().setup;
  if (ours == "active" || ours == "passive") return ours;
  const std::string theirs = remote_sections_.empty() ? "" : remote_sections_.front().setup;
  if (theirs == "active") return "passive";
  if (theirs == "passive") return "active";
  return "";
}

NegotiationActions Negotiation::start_offer() {
  if (offerer_ || exchanged_ || state_ != SignalingState::stable || applying_) {
    return {Warn{"this call was already started"}};
  }
  offerer_ = true;
  making_offer_ = true;
  return {CreateDescription{SdpKind::offer}};
}

NegotiationActions Negotiation::remote_offer(const protocol::SessionDescription& offer) {
  if (offer.type != "offer") return {Fail{"expected an offer, got \"" + offer.type + "\""}};
  if (applying_ || state_ == SignalingState::have_remote_offer) {
    return {Warn{"ignoring the peer's offer: its previous one is still being answered"}};
  }
  NegotiationActions out;
  const bool collision = making_offer_ || state_ == SignalingState::have_local_offer;
  if (collision) {
    if (!options_.polite) return {Warn{"ignoring the peer's offer: both sides offered at once, and ours stands"}};
    // We offer only before the first exchange (start_offer), so nothing agreed is lost.
    out.emplace_back(StartOver{});
    state_ = SignalingState::stable;
    making_offer_ = false;
    offerer_ = false;
    local_kind_.reset();
    local_sections_.clear();
    gathering_done_ = false;  // the fresh transport gathers anew
    description_sent_ = false;
  }
  std::string text = offer.sdp;
  if (exchanged_) {
    // Within the call: answered on the same transports, keeping the DTLS role (RFC 8842 §5.5).
    if (!bundle_) text = sdp::without_bundle_group(text);
    kept_role_ = dtls_role();
    renegotiating_ = true;
  } else if (sdp::bundle_has_mixed_ufrags(text)) {
    // aiortc 1.4: webrtcbin 1.22 refuses such a BUNDLE; each m-line gets its own transport instead.
    text = sdp::without_bundle_group(text);
    bundle_ = false;
  }
  applying_ = SdpKind::offer;
  pending_remote_sdp_ = text;
  out.emplace_back(SetRemote{SdpKind::offer, std::move(text)});
  return out;
}

NegotiationActions Negotiation::remote_answer(const protocol::SessionDescription& answer) {
  if (state_ != SignalingState::have_local_offer || applying_) return {Warn{"ignoring an unexpected answer"}};
  if (answer.type != "answer") return {Fail{"expected an answer, got \"" + answer.type + "\""}};
  applying_ = SdpKind::answer;
  pending_remote_sdp_ = answer.sdp;
  return {SetRemote{SdpKind::answer, answer.sdp}};
}

NegotiationActions Negotiation::remote_applied(const std::optional<std::string>& error) {
  if (!applying_) return {};
  const SdpKind kind = *applying_;
  applying_.reset();
  if (error) {
    if (renegotiating_) {
      renegotiating_ = false;
      kept_role_.clear();
      return {Warn{"the peer's new offer was refused: " + *error}};  // the call goes on as it was
    }
    return {Fail{"the peer's description was refused: " + *error}};
  }
  NegotiationActions out;
  if (remote_sections_.empty()) out.emplace_back(Negotiated{});
  remote_sections_ = sdp::media_sections(pending_remote_sdp_);
  pending_remote_sdp_.clear();
  if (kind == SdpKind::answer) {
    state_ = SignalingState::stable;
    exchanged_ = true;
  } else {
    state_ = SignalingState::have_remote_offer;
  }
  while (!queued_candidates_.empty()) {
    if (auto action = candidate_action(queued_candidates_.front())) out.push_back(std::move(*action));
    queued_candidates_.pop_front();
  }
  if (kind == SdpKind::offer) {
    description_sent_ = false;
    out.emplace_back(CreateDescription{SdpKind::answer});
  }
  return out;
}

NegotiationActions Negotiation::local_created(SdpKind kind, std::string sdp) {
  if (kind == SdpKind::offer && !making_offer_) return {};  // withdrawn in glare meanwhile
  if (kind == SdpKind::answer && state_ != SignalingState::have_remote_offer) return {};
  if (kind == SdpKind::answer && !kept_role_.empty()) sdp = sdp::with_setup_role(sdp, kept_role_);
  local_kind_ = kind;
  local_sections_ = sdp::media_sections(sdp);
  if (kind == SdpKind::offer) {
    making_offer_ = false;
    state_ = SignalingState::have_local_offer;
  } else {
    state_ = SignalingState::stable;
    exchanged_ = true;
    renegotiating_ = false;
    kept_role_.clear();
  }
  NegotiationActions out;
  out.emplace_back(SetLocal{kind, sdp});
  if (options_.trickle) {
    description_sent_ = true;
    out.emplace_back(SendDescription{{local_type(), std::move(sdp)}});
  } else if (gathering_done_) {
    description_sent_ = true;
    out.emplace_back(SendFullDescription{});
  }
  return out;
}

NegotiationActions Negotiation::remote_candidate(const protocol::IceCandidate& candidate) {
  if (candidate.candidate.empty()) return {};  // end of candidates: libnice needs no signal for it
  if (!remote_set()) {
    if (queued_candidates_.size() >= options_.max_queued_candidates) {
      return {Warn{"too many ICE candidates before the peer's description: ignoring one"}};
    }
    queued_candidates_.push_back(candidate);
    return {};
  }
  if (auto action = candidate_action(candidate)) return {std::move(*action)};
  return {};
}

std::optional<NegotiationAction> Negotiation::candidate_action(const protocol::IceCandidate& candidate) const {
  int index = -1;
  if (candidate.sdp_mline_index) {
    index = *candidate.sdp_mline_index;
  } else if (candidate.sdp_mid) {
    for (std::size_t i = 0; i < remote_sections_.size(); ++i) {
      if (remote_sections_[i].mid == *candidate.sdp_mid) index = static_cast<int>(i);
    }
  }
  if (index < 0 || static_cast<std::size_t>(index) >= remote_sections_.size()) {
    return Warn{"ignoring a remote ICE candidate for an unknown media line"};
  }
  std::string text = sdp::normalize_candidate(candidate.candidate);
  if (!text.starts_with("candidate:")) return Warn{"ignoring a malformed remote ICE candidate"};
  return AddCandidate{index, std::move(text)};
}

NegotiationActions Negotiation::local_candidate(int mline_index, std::string candidate) {
  if (!options_.trickle) return {};
  protocol::IceCandidate out;
  out.candidate = std::move(candidate);
  out.sdp_mline_index = mline_index;
  const auto index = static_cast<std::size_t>(mline_index);
  if (mline_index >= 0 && index < local_sections_.size() && !local_sections_[index].mid.empty()) {
    out.sdp_mid = local_sections_[index].mid;
  }
  return {SendCandidate{std::move(out)}};
}

NegotiationActions Negotiation::gathering_complete() {
  if (gathering_done_) return {};
  gathering_done_ = true;
  NegotiationActions out;
  if (!options_.trickle) {
    if (local_set() && !description_sent_) {
      description_sent_ = true;
      out.emplace_back(SendFullDescription{});
    }
  } else {
    end_of_candidates(out);
  }
  return out;
}

void Negotiation::end_of_candidates(NegotiationActions& out) const {
  // An empty candidate for each transport (one when bundled), named by mid and index like any
  // other, since peers build an RTCIceCandidate from it.
  const std::size_t transports = bundle_ ? std::min<std::size_t>(1, local_sections_.size()) : local_sections_.size();
  if (transports == 0) out.emplace_back(SendCandidate{protocol::IceCandidate{}});
  for (std::size_t i = 0; i < transports; ++i) {
    protocol::IceCandidate end;
    end.sdp_mline_index = static_cast<int>(i);
    if (!local_sections_[i].mid.empty()) end.sdp_mid = local_sections_[i].mid;
    out.emplace_back(SendCandidate{std::move(end)});
  }
}

}  // namespace clivrt::media

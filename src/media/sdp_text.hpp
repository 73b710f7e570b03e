#pragma once
// Small line-level reads and fixes of SDP text (RFC 8866) that webrtcbin needs around it.
// Pure functions on untrusted text: malformed input gives empty results, never throws.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::media::sdp {

struct MediaSection {
  std::string kind;                    // "audio", "video", "application"
  std::string mid;                     // a=mid, empty if absent
  std::string ice_ufrag;               // a=ice-ufrag inside the section, else the session-level one
  std::string setup;                   // a=setup (DTLS role: actpass, active, passive), else the session-level one
  std::vector<std::string> encodings;  // a=rtpmap encoding names, upper case, in offer order
  std::vector<int> payload_types;      // the payload type of each of `encodings`
  std::map<int, std::string> format_parameters;  // a=fmtp:<payload type> <parameters>

  /// The payload type the section gives `encoding` (upper case) first, or -1. With `parameter`,
  /// a payload type whose format parameters contain it is preferred.
  int payload_type(std::string_view encoding, std::string_view parameter = {}) const;
};

/// The m= sections in order (index = sdpMLineIndex).
std::vector<MediaSection> media_sections(std::string_view sdp);

/// aiortc 1.4 offers a BUNDLE group whose members carry different ice-ufrag values, which
/// webrtcbin 1.22 rejects ("media 1 has different ice-ufrag values in bundle").
bool bundle_has_mixed_ufrags(std::string_view sdp);

/// The same SDP without its a=group:BUNDLE lines, so each m-line gets its own transport.
std::string without_bundle_group(std::string_view sdp);

/// The same SDP with every a=setup value replaced by `role` ("active" or "passive"): an answer
/// in a renegotiation must keep the DTLS role of the first exchange (RFC 8842 §5.5), which
/// webrtcbin 1.22 does not (it always answers active).
std::string with_setup_role(std::string_view sdp, std::string_view role);

/// A trickled candidate as webrtcbin wants it: "candidate:..." without an "a=" prefix or line end.
std::string normalize_candidate(std::string_view candidate);

}  // namespace clivrt::media::sdp

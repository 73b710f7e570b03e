#include "sdp_text.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace clivrt::media::sdp {

namespace {

// Splits on LF, dropping a trailing CR (SDP uses CRLF, but peers are lenient).
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::string first_word(std::string_view text) {
  const auto end = text.find_first_of(" \t");
  return std::string(text.substr(0, end));
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

}  // namespace

std::vector<MediaSection> media_sections(std::string_view sdp) {
  std::vector<MediaSection> sections;
  std::string session_ufrag, session_setup;
  for (const auto line : lines_of(sdp)) {
    if (starts_with(line, "m=")) {
      sections.push_back(MediaSection{first_word(line.substr(2)), {}, session_ufrag, session_setup, {}, {}, {}});
    } else if (starts_with(line, "a=ice-ufrag:")) {
      const std::string ufrag(line.substr(12));
      (sections.empty() ? session_ufrag : sections.back().ice_ufrag) = ufrag;
    } else if (starts_with(line, "a=setup:")) {
      const std::string role(line.substr(8));
      (sections.empty() ? session_setup : sections.back().setup) = role;
    } else if (sections.empty()) {
      continue;
    } else if (starts_with(line, "a=mid:")) {
      sections.back().mid = std::string(line.substr(6));
    } else if (starts_with(line, "a=fmtp:")) {
      const auto space = line.find(' ');
      if (space == std::string_view::npos) continue;
      try {
        sections.back().format_parameters[std::stoi(std::string(line.substr(7, space - 7)))] =
            std::string(line.substr(space + 1));
      } catch (const std::exception&) {
        continue;
      }
    } else if (starts_with(line, "a=rtpmap:")) {
      // a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]
      const auto space = line.find(' ');
      if (space == std::string_view::npos) continue;
      const auto rest = line.substr(space + 1);
      int payload_type = -1;
      try {
        payload_type = std::stoi(std::string(line.substr(9, space - 9)));
      } catch (const std::exception&) {
        continue;  // not a number: not a usable format
      }
      if (payload_type < 0 || payload_type > 127) continue;
      sections.back().encodings.push_back(upper(std::string(rest.substr(0, rest.find('/')))));
      sections.back().payload_types.push_back(payload_type);
    }
  }
  return sections;
}

int MediaSection::payload_type(std::string_view encoding, std::string_view parameter) const {
  int first = -1;
  for (std::size_t i = 0; i < encodings.size(); ++i) {
    if (encodings[i] != encoding) continue;
    if (first < 0) first = payload_types[i];
    const auto fmtp = format_parameters.find(payload_types[i]);
    if (parameter.empty() || (fmtp != format_parameters.end() && fmtp->second.find(parameter) != std::string::npos)) {
      return payload_types[i];
    }
  }
  return first;
}

bool bundle_has_mixed_ufrags(std::string_view sdp) {
  std::vector<std::string> bundled;
  for (const auto line : lines_of(sdp)) {
    if (!starts_with(line, "a=group:BUNDLE")) continue;
    auto rest = line.substr(14);
    while (!rest.empty()) {
      const auto start = rest.find_first_not_of(' ');
      if (start == std::string_view::npos) break;
      rest.remove_prefix(start);
      const auto end = rest.find(' ');
      bundled.emplace_back(rest.substr(0, end));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end);
    }
  }
  std::string first_ufrag;
  bool seen = false;
  for (const auto& section : media_sections(sdp)) {
    if (std::find(bundled.begin(), bundled.end(), section.mid) == bundled.end()) continue;
    if (seen && section.ice_ufrag != first_ufrag) return true;
    first_ufrag = section.ice_ufrag;
    seen = true;
  }
  return false;
}

std::string without_bundle_group(std::string_view sdp) {
  std::string out;
  out.reserve(sdp.size());
  for (const auto line : lines_of(sdp)) {
    if (starts_with(line, "a=group:BUNDLE")) continue;
    out.append(line);
    out.append("\r\n");
  }
  return out;
}

std::string with_setup_role(std::string_view sdp, std::string_view role) {
  std::string out;
  out.reserve(sdp.size());
  for (const auto line : lines_of(sdp)) {
    if (starts_with(line, "a=setup:")) {
      out.append("a=setup:").append(role);
    } else {
      out.append(line);
    }
    out.append("\r\n");
  }
  return out;
}

std::string normalize_candidate(std::string_view candidate) {
  if (starts_with(candidate, "a=")) candidate.remove_prefix(2);
  while (!candidate.empty() && (candidate.back() == '\r' || candidate.back() == '\n' || candidate.back() == ' ')) {
    candidate.remove_suffix(1);
  }
  return std::string(candidate);
}

}  // namespace clivrt::media::sdp

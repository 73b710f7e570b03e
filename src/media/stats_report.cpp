#include "stats_report.hpp"

#include <gst/webrtc/webrtc.h>

#include <algorithm>

namespace clivrt::media {

namespace {

void read_entry(const GstStructure* source, StatsEntry& entry) {
  entry.id = gst_structure_get_name(source);
  const int fields = gst_structure_n_fields(source);
  for (int i = 0; i < fields; ++i) {
    const char* name = gst_structure_nth_field_name(source, static_cast<guint>(i));
    const GValue* value = gst_structure_get_value(source, name);
    if (G_VALUE_HOLDS_STRING(value)) {
      entry.strings[name] = g_value_get_string(value) != nullptr ? g_value_get_string(value) : "";
    } else if (G_VALUE_TYPE(value) == GST_TYPE_WEBRTC_STATS_TYPE) {
      GEnumClass* type_class = static_cast<GEnumClass*>(g_type_class_ref(GST_TYPE_WEBRTC_STATS_TYPE));
      const GEnumValue* type = g_enum_get_value(type_class, g_value_get_enum(value));
      entry.type = type != nullptr ? type->value_nick : "";
      g_type_class_unref(type_class);
    } else if (GST_VALUE_HOLDS_STRUCTURE(value) && g_strcmp0(name, "gst-rtpsource-stats") == 0) {
      // The RTP source's clock rate tells audio from video where "kind" is wrong (see is_video).
      int rate = 0;
      if (gst_structure_get_int(gst_value_get_structure(value), "clock-rate", &rate) && rate > 0) {
        entry.numbers["source-clock-rate"] = rate;
      }
    } else if (G_VALUE_HOLDS_ENUM(value)) {
      entry.numbers[name] = g_value_get_enum(value);
    } else {
      GValue as_double = G_VALUE_INIT;
      g_value_init(&as_double, G_TYPE_DOUBLE);
      if (g_value_type_transformable(G_VALUE_TYPE(value), G_TYPE_DOUBLE) && g_value_transform(value, &as_double)) {
        entry.numbers[name] = g_value_get_double(&as_double);
      }
      g_value_unset(&as_double);
    }
  }
  // webrtcbin names each structure by its type ("inbound-rtp"): the id others refer to
  // (codec-id, local-id) is the "id" field.
  if (const auto id = entry.strings.find("id"); id != entry.strings.end()) entry.id = id->second;
}

std::string codec_mime(const std::vector<StatsEntry>& entries, const StatsEntry& stream) {
  const std::string codec_id = stream.string("codec-id");
  for (const auto& entry : entries) {
    if (entry.type == "codec" && entry.id == codec_id) return entry.string("mime-type");  // "video/VP8"
  }
  return {};
}

bool is_video_codec(const std::string& mime) { return mime.starts_with("video/"); }

// With BUNDLE, webrtcbin 1.22 lists every SSRC of the shared RTP session once per pad, so the
// entry kept carries the "kind" and "codec-id" of whichever pad came last: audio was counted as
// video (0 audio packets in calls to aiortc and, depending on pad order, Chromium). The stream's
// own RTP clock rate is right: 90 kHz for every video codec, the sample rate for audio.
bool is_video(const std::vector<StatsEntry>& entries, const StatsEntry& stream) {
  if (const double rate = stream.number("source-clock-rate"); rate > 0) return rate == 90000;
  const std::string kind = stream.string("kind");
  if (!kind.empty()) return kind == "video";
  return is_video_codec(codec_mime(entries, stream));
}

// The codec's name, unless the entry's codec-id points at the other kind's codec (BUNDLE, above).
std::string codec_name(const std::vector<StatsEntry>& entries, const StatsEntry& stream, bool video) {
  const std::string mime = codec_mime(entries, stream);
  if (mime.empty() || is_video_codec(mime) != video) return {};
  const auto slash = mime.find('/');
  return slash == std::string::npos ? mime : mime.substr(slash + 1);
}

// Several entries may describe one kind (the RTX stream, a stale SSRC): their counts add up.
void add_stream(const std::vector<StatsEntry>& entries, const StatsEntry& entry, bool inbound, bool video,
                StreamStats& out) {
  if (out.codec.empty()) out.codec = codec_name(entries, entry, video);
  out.bytes += static_cast<std::uint64_t>(entry.number(inbound ? "bytes-received" : "bytes-sent"));
  out.packets += static_cast<std::uint64_t>(entry.number(inbound ? "packets-received" : "packets-sent"));
  if (inbound) {
    out.packets_lost += std::max<std::int64_t>(0, static_cast<std::int64_t>(entry.number("packets-lost")));
    out.jitter_s = std::max(out.jitter_s, entry.number("jitter"));
  }
}

// webrtcbin 1.22 counts feedback on the RTP source that carries the RTCP: the NACKs/PLIs we send
// about an inbound stream appear on our outbound entry, those we receive on the inbound entry.
void add_feedback(const StatsEntry& entry, StreamStats& out) {
  out.nacks += static_cast<std::uint64_t>(entry.number("nack-count"));
  out.plis += static_cast<std::uint64_t>(entry.number("pli-count"));
}

void set_bitrate(const StreamStats& previous, double seconds, StreamStats& out) {
  if (seconds > 0 && out.bytes >= previous.bytes) {
    out.bitrate_bps = static_cast<double>(out.bytes - previous.bytes) * 8.0 / seconds;
  }
}

// By id alone: webrtcbin 1.22.0 swaps the two types (our own candidate is listed as
// "remote-candidate" under the id "ice-candidate-local_…" that the pair names as local).
const StatsEntry* find_candidate(const std::vector<StatsEntry>& entries, const std::string& id) {
  const auto it = std::find_if(entries.begin(), entries.end(), [&](const StatsEntry& entry) {
    return (entry.type == "local-candidate" || entry.type == "remote-candidate") && entry.id == id;
  });
  return it == entries.end() ? nullptr : &*it;
}

std::string address_of(const StatsEntry& candidate) {
  const std::string address = candidate.string("address");
  const auto port = static_cast<long>(candidate.number("port"));
  // IPv6 in brackets, so that ":PORT" stays unambiguous.
  return (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

// How our relay candidate reaches its TURN server. webrtcbin 1.22 reports "relay-protocol" from
// its single `turn-server` property ("none" with add-turn-server), so read what libnice encodes
// in the candidate's priority instead: the type preference (RFC 8445 5.1.2.1, the top byte) is
// 30 for a TURN/UDP allocation and 20 for TURN over TCP or TLS.
std::string relay_protocol_of(const StatsEntry& candidate) {
  const auto type_preference = static_cast<std::uint64_t>(candidate.number("priority")) >> 24;
  if (type_preference == 30) return "udp";
  if (type_preference == 20) return "tcp";
  const std::string reported = candidate.string("relay-protocol");
  return reported == "udp" || reported == "tcp" || reported == "tls" ? reported : "";
}

}  // namespace

CallPath selected_path(const std::vector<StatsEntry>& entries) {
  CallPath path;
  for (const auto& pair : entries) {
    if (pair.type != "candidate-pair") continue;
    const StatsEntry* local = find_candidate(entries, pair.string("local-candidate-id"));
    const StatsEntry* remote = find_candidate(entries, pair.string("remote-candidate-id"));
    if (local == nullptr || remote == nullptr) continue;
    path.local_type = local->string("candidate-type");
    path.remote_type = remote->string("candidate-type");
    path.protocol = local->string("protocol");
    if (path.local_type == "relay") path.relay_protocol = relay_protocol_of(*local);
    path.local_address = address_of(*local);
    path.remote_address = address_of(*remote);
    break;
  }
  return path;
}

std::vector<StatsEntry> read_stats(const GstStructure* reply) {
  std::vector<StatsEntry> entries;
  if (reply == nullptr) return entries;
  const int fields = gst_structure_n_fields(reply);
  for (int i = 0; i < fields; ++i) {
    const GValue* value = gst_structure_get_value(reply, gst_structure_nth_field_name(reply, static_cast<guint>(i)));
    if (!GST_VALUE_HOLDS_STRUCTURE(value)) continue;
    StatsEntry entry;
    read_entry(gst_value_get_structure(value), entry);
    entries.push_back(std::move(entry));
  }
  return entries;
}

void fold_stats(const std::vector<StatsEntry>& entries, const CallStats& previous,
                std::chrono::duration<double> interval, CallStats& out) {
  for (const auto& entry : entries) {
    bool video = is_video(entries, entry);
    if (entry.type == "remote-inbound-rtp") {
      // Its nested source stats are the reporting peer's stream: the kind is our outbound one's.
      const std::string local = entry.string("local-id");
      const auto outbound = std::find_if(entries.begin(), entries.end(), [&](const StatsEntry& other) {
        return other.type == "outbound-rtp" && other.id == local;
      });
      if (outbound != entries.end()) video = is_video(entries, *outbound);
    }
    if (entry.type == "inbound-rtp") {
      add_stream(entries, entry, true, video, video ? out.video_in : out.audio_in);
      add_feedback(entry, video ? out.video_out : out.audio_out);
    } else if (entry.type == "outbound-rtp") {
      add_stream(entries, entry, false, video, video ? out.video_out : out.audio_out);
      add_feedback(entry, video ? out.video_in : out.audio_in);
    } else if (entry.type == "remote-inbound-rtp") {
      // What the peer's receiver reports say about our outbound stream (-1: not known yet).
      StreamStats& stream = video ? out.video_out : out.audio_out;
      stream.packets_lost += std::max<std::int64_t>(0, static_cast<std::int64_t>(entry.number("packets-lost")));
      stream.jitter_s = std::max(stream.jitter_s, entry.number("jitter"));
      const double rtt = entry.number("round-trip-time", -1);
      if (rtt >= 0) out.rtt_s = std::max(out.rtt_s, rtt);
    }
  }
  const double seconds = interval.count();
  set_bitrate(previous.video_in, seconds, out.video_in);
  set_bitrate(previous.audio_in, seconds, out.audio_in);
  set_bitrate(previous.video_out, seconds, out.video_out);
  set_bitrate(previous.audio_out, seconds, out.audio_out);
}

}  // namespace clivrt::media

#include "echo_bot.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "clivrt/media/call_session.hpp"
#include "clivrt/protocol/messages.hpp"
#include "clivrt/protocol/username.hpp"
#include "clivrt/signaling/signaling_client.hpp"
#include "media_event_loop.hpp"

namespace clivrt::app {

namespace {
constexpr const char* kEchoName = "echo";
}

struct EchoBot::Impl : std::enable_shared_from_this<Impl> {
  boost::asio::io_context& io;
  config::Settings settings;
  signaling::SignalingClient client;
  std::unique_ptr<media::CallSession> call;
  std::string caller;

  Impl(boost::asio::io_context& context, const config::Settings& s)
      : io(context),
        settings(s),
        client(context, signaling::SignalingEvents{[](const signaling::ConnectionStatus&) {},
                                                   [this](const protocol::Json& message) { on_message(message); },
                                                   [](std::string problem) { spdlog::warn("echo: {}", problem); },
                                                   [](std::string reason) { spdlog::error("echo: {}", reason); }}) {}

  void on_message(const protocol::Json& json) {
    std::string error;
    const auto message = protocol::decode_incoming(json, error);
    if (!message) return;
    if (const auto* chat = std::get_if<protocol::ChatMessage>(&*message)) {
      if (chat->from != kEchoName && chat->from != protocol::kServerName) {
        client.send(protocol::encode_chat("you said: " + chat->text, chat->from));
      }
    } else if (const auto* offer = std::get_if<protocol::VideoOffer>(&*message)) {
      answer(*offer);
    } else if (const auto* candidate = std::get_if<protocol::IceCandidate>(&*message)) {
      if (call && candidate->from == caller) call->add_remote_candidate(*candidate);
    } else if (const auto* hang_up = std::get_if<protocol::HangUp>(&*message)) {
      if (hang_up->from == caller) end_call();
    } else if (const auto* delta = std::get_if<protocol::Presence>(&*message)) {
      for (const auto& name : delta->left) {
        if (name == caller) end_call();
      }
    }
  }

  void answer(const protocol::VideoOffer& offer) {
    if (call) {
      client.send(protocol::encode_hang_up(offer.from, "busy"));
      return;
    }
    caller = offer.from;
    media::CallOptions options;
    options.video_source = "echo";  // the caller's own video and sound, back to them
    options.microphone = "echo";
    options.speaker = "none";
    options.local_addresses = settings.ice_addresses;
    std::weak_ptr<Impl> weak = weak_from_this();
    media::CallEvents events;
    events.local_description = [weak](protocol::SessionDescription sdp) {
      if (auto self = weak.lock(); self && self->call)
        self->client.send(protocol::encode_answer(self->caller, {{}, std::move(sdp), {}}));
    };
    events.local_candidate = [weak](const protocol::IceCandidate& candidate) {
      if (auto self = weak.lock(); self && self->call)
        self->client.send(protocol::encode_candidate(self->caller, candidate));
    };
    events.state = [weak](media::CallState state, std::string detail) {
      auto self = weak.lock();
      if (!self) return;
      if (state == media::CallState::failed || state == media::CallState::closed) {
        spdlog::info("echo: call with {} ended: {}", self->caller, detail);
        self->end_call();
      }
    };
    call = std::make_unique<media::CallSession>(media_event_loop(io), options, events);
    call->accept_offer(offer.sdp);
  }

  void end_call() {
    if (!call) return;
    boost::asio::post(io, [old = std::shared_ptr<media::CallSession>(std::move(call))] {});
    caller.clear();
  }
};

EchoBot::EchoBot(boost::asio::io_context& io, const config::Settings& settings)
    : impl_(std::make_shared<Impl>(io, settings)) {}

EchoBot::~EchoBot() { impl_->end_call(); }

void EchoBot::start(const std::string& server_url) { impl_->client.connect(server_url, kEchoName, {}); }

}  // namespace clivrt::app

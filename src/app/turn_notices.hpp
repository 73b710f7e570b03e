#pragma once
// What the user is told about a TURN server's answer to the credential check before calls
// (signaling/turn_check.hpp). Pure text: unit-tested.
#include <string>

#include "clivrt/signaling/turn_check.hpp"
#include "ice_choice.hpp"

namespace clivrt::app {

/// A warning when the server refused the credentials or answered with another error, naming
/// whom to blame (the chat server's secret or clock, or the user's ice_servers); empty when the
/// server accepted them or did not answer (TCP may still reach it: the call will tell).
std::string describe_turn_trouble(const TurnUri& server, const signaling::TurnCheck& check);

}  // namespace clivrt::app

// Answers from a hostile TURN server (or anyone on the path) to the client's credential check:
// the input is split into up to three replies, each given the transaction ID of the request it
// answers so that the fuzzer gets past libnice's transaction matching into the parsing.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "clivrt/signaling/turn_exchange.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using clivrt::signaling::TurnExchange;
  constexpr std::size_t kIdOffset = 8, kIdEnd = 20;  // after the magic cookie: 12 bytes of ID
  TurnExchange exchange("1700000000:alice", "credential");
  std::span<const std::uint8_t> input(data, size);
  for (int reply = 0; reply < 3 && !input.empty(); ++reply) {
    // One length byte (in 4-byte words after the 20-byte header), then the message.
    const std::size_t length = std::min<std::size_t>(input.size() - 1, input[0] * 4U + 20);
    const auto body = input.subspan(1, length);
    std::vector<std::uint8_t> message(body.begin(), body.end());
    input = input.subspan(1 + length);
    const auto request = exchange.request();
    if (message.size() >= kIdEnd && request.size() >= kIdEnd) {
      std::memcpy(message.data() + kIdOffset, request.data() + kIdOffset, kIdEnd - kIdOffset);
    }
    if (exchange.receive(message) == TurnExchange::Step::decided) {
      (void)exchange.release_request();
      break;
    }
  }
  return 0;
}

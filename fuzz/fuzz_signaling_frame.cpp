// A WebSocket text frame from a hostile server or client: parsing, decoding every message
// type, and re-serialising what parsed (the server relays re-serialised messages).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "clivrt/protocol/codec.hpp"
#include "clivrt/protocol/messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clivrt::protocol;
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto message = parse_frame(frame, error);
  if (!message) return 0;
  std::string decode_error;
  (void)decode_incoming(*message, decode_error);
  // What we send on must parse back to the same message.
  std::string again;
  const auto reparsed = parse_frame(serialize(*message), again);
  if (!reparsed || *reparsed != *message) std::abort();
  return 0;
}

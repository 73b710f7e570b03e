#include "resume_token.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace clivrt::server {

std::string new_resume_token() {
  std::array<unsigned char, 16> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw std::runtime_error("OpenSSL's random generator failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (const unsigned char byte : random) {
    token += kHex[byte >> 4];
    token += kHex[byte & 0x0f];
  }
  return token;
}

bool same_resume_token(std::string_view presented, std::string_view issued) {
  if (issued.empty() || presented.size() != issued.size()) return false;
  return CRYPTO_memcmp(presented.data(), issued.data(), issued.size()) == 0;
}

}  // namespace clivrt::server

#include "clivrt/server/turn_credentials.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <stdexcept>

namespace clivrt::server {

TurnCredential turn_credential(std::string_view secret, std::string_view user,
                               std::chrono::system_clock::time_point expiry) {
  TurnCredential out;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(expiry.time_since_epoch()).count();
  out.username = std::to_string(seconds) + ":" + std::string(user);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(out.username.data()), out.username.size(), digest, &digest_size);
  std::string base64(4 * ((digest_size + 2) / 3) + 1, '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), digest, static_cast<int>(digest_size));
  base64.resize(static_cast<std::size_t>(written));
  out.credential = std::move(base64);
  return out;
}

void IceServerConfig::validate() const {
  for (const auto& [flag, urls] : {std::pair{"--stun-url", &stun_urls}, {"--turn-url", &turn_urls}}) {
    for (const auto& text : *urls) {
      std::string error;
      const auto url = protocol::parse_ice_url(text, error);
      if (!url) throw std::invalid_argument(std::string(flag) + " " + text + ": " + error);
      const bool is_stun = url->scheme == protocol::IceScheme::stun;
      if (is_stun != (urls == &stun_urls)) {
        throw std::invalid_argument(std::string(flag) + " " + text + ": must be a " +
                                    (urls == &stun_urls ? "stun:" : "turn: or turns:") + " URL");
      }
      if (!url->username.empty()) {
        throw std::invalid_argument(std::string(flag) +
                                    ": put no credentials in the URL; the server makes them "
                                    "from --turn-secret-file");
      }
    }
  }
  if (!turn_urls.empty() && turn_secret.empty()) {
    throw std::invalid_argument("--turn-url needs --turn-secret-file (coturn's static-auth-secret)");
  }
  if (turn_ttl.count() < 60) throw std::invalid_argument("--turn-ttl must be at least 60 seconds");
}

protocol::IceServers IceServerConfig::for_user(std::string_view user, std::chrono::system_clock::time_point now) const {
  protocol::IceServers out;
  if (!stun_urls.empty()) out.servers.push_back({stun_urls, {}, {}});
  if (!turn_urls.empty()) {
    const auto credential = turn_credential(turn_secret, user, now + turn_ttl);
    out.servers.push_back({turn_urls, credential.username, credential.credential});
    out.ttl_seconds = static_cast<long>(turn_ttl.count());
  }
  return out;
}

std::string read_turn_secret(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read the TURN secret file " + path);
  std::string secret;
  std::getline(file, secret);
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  if (secret.empty()) throw std::runtime_error("the TURN secret file " + path + " is empty");
  return secret;
}

}  // namespace clivrt::server

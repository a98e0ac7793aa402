#include "core/crypto.hpp"

#include <sodium.h>

#include <cassert>
#include <stdexcept>
#include <vector>

namespace fuwu::crypto {

void initialize() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string random_hex(std::size_t byte_count) {
  std::vector<unsigned char> buffer(byte_count);
  randombytes_buf(buffer.data(), buffer.size());
  return to_hex(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

std::string seal(std::string_view key, std::string_view plaintext) {
  assert(key.size() == crypto_secretbox_KEYBYTES);
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plaintext.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        out.data(), reinterpret_cast<const unsigned char*>(key.data()));
  return to_hex(std::string_view(reinterpret_cast<const char*>(out.data()), out.size()));
}

Result<std::string> from_hex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  std::size_t length = 0;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &length, nullptr) != 0 ||
      length != out.size())
    return Status(ErrorCode::invalid_argument, "not hexadecimal");
  return out;
}

Result<std::string> open(std::string_view key, std::string_view sealed_hex) {
  assert(key.size() == crypto_secretbox_KEYBYTES);
  FUWU_ASSIGN_OR_RETURN(std::string sealed, from_hex(sealed_hex));
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Status(ErrorCode::internal, "sealed secret is truncated");
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 bytes + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, bytes,
                                 reinterpret_cast<const unsigned char*>(key.data())) != 0)
    return Status(ErrorCode::internal,
                  "sealed secret does not open with this key (altered, or another key)");
  return plain;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fuwu::crypto

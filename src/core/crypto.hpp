// Hashing and randomness used across modules (libsodium underneath).
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace fuwu::crypto {

// Must be called once before any other function here (idempotent).
void initialize();

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

// `byte_count` random bytes from the OS CSPRNG, hex-encoded.
std::string random_hex(std::size_t byte_count);

std::string to_hex(std::string_view bytes);

// Authenticated encryption (XSalsa20-Poly1305 secretbox) of small secrets at rest. `key` is 32
// bytes. The result is hex of nonce || ciphertext; open() fails if anything was altered.
inline constexpr std::size_t kSecretKeyBytes = 32;
std::string seal(std::string_view key, std::string_view plaintext);
Result<std::string> open(std::string_view key, std::string_view sealed_hex);
Result<std::string> from_hex(std::string_view hex);

// Constant-time comparison of two equally sized strings.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace fuwu::crypto

// Hashing and randomness used across modules (libsodium underneath).
#pragma once

#include <string>
#include <string_view>

namespace fuwu::crypto {

// Must be called once before any other function here (idempotent).
void initialize();

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

// `byte_count` random bytes from the OS CSPRNG, hex-encoded.
std::string random_hex(std::size_t byte_count);

std::string to_hex(std::string_view bytes);

// Constant-time comparison of two equally sized strings.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace fuwu::crypto

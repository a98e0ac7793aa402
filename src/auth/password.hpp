// Password hashing with Argon2id (libsodium). Hashes are self-describing PHC strings, so the
// cost can be raised later without breaking stored hashes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace fuwu::auth {

struct PasswordCost {
  std::uint64_t ops = 2;                   // crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t memory_bytes = 64ull << 20;  // crypto_pwhash_MEMLIMIT_INTERACTIVE
};

inline constexpr std::size_t kPasswordCharsMin = 10;
inline constexpr std::size_t kPasswordCharsMax = 128;

// Length in code points and not all one character class-free; returns the reason on failure.
Status check_password_strength(std::string_view password);
Result<std::string> hash_password(std::string_view password, const PasswordCost& cost);
bool verify_password(std::string_view password, const std::string& stored_hash);

}  // namespace fuwu::auth

#include "auth/password.hpp"

#include <sodium.h>

#include "core/utf8.hpp"

namespace fuwu::auth {

Status check_password_strength(std::string_view password) {
  const auto chars = utf8::count_code_points(password);
  if (!chars)
    return {ErrorCode::invalid_argument,
            "password must be valid UTF-8",
            {{"password", "must be valid UTF-8"}}};
  if (*chars < kPasswordCharsMin || *chars > kPasswordCharsMax) {
    const std::string message = "must be " + std::to_string(kPasswordCharsMin) + " to " +
                                std::to_string(kPasswordCharsMax) + " characters";
    return {ErrorCode::invalid_argument, "password " + message, {{"password", message}}};
  }
  return Status::ok();
}

Result<std::string> hash_password(std::string_view password, const PasswordCost& cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status(ErrorCode::internal, "password hashing ran out of memory");
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace fuwu::auth

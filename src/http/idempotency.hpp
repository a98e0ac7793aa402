// Idempotency-Key on POST: the first request with a key runs and its response is stored in the
// database; a repeat with the same key and body replays that response; the same key with another
// body is refused (422 idempotency_key_reused); a repeat while the first still runs gets 409.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "core/clock.hpp"
#include "http/message.hpp"
#include "store/database.hpp"

namespace fuwu::http {

class IdempotencyStore {
 public:
  IdempotencyStore(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  struct Proceed {};
  struct Replay {
    Response response;
  };
  using Claim = std::variant<Proceed, Replay>;

  // Claims `key` for `principal`; Proceed means the caller runs the request and then calls
  // complete() or release().
  Result<Claim> claim(const std::string& principal, const std::string& key, const Request& request);
  void complete(const std::string& principal, const std::string& key, const Response& response);
  // Forgets a claim whose request failed in a way worth retrying (5xx).
  void release(const std::string& principal, const std::string& key);

  // A pending claim older than this is treated as abandoned (its server died mid-request).
  static constexpr TimeMs kPendingExpiryMs = 60'000;
  // Keys are remembered this long.
  static constexpr TimeMs kRetentionMs = 24 * 3600 * 1000;

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace fuwu::http

// Signing in and proving who you are: password login with throttling and lockout, opaque session
// tokens stored only as hashes, API keys for machine clients, and turning either into a Principal.
#pragma once

#include <string>

#include "audit/audit_log.hpp"
#include "auth/model.hpp"
#include "auth/password.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace fuwu::auth {

struct SessionPolicy {
  TimeMs token_ttl_ms = 12 * 3600 * 1000;
  int failures_before_slowdown =
      3;  // then each attempt must wait 1 s, 2 s, 4 s … after the last failure
  int failures_before_lock = 8;  // then the account is locked for lock_ms
  TimeMs lock_ms = 15 * 60 * 1000;
  TimeMs slowdown_max_ms = 60 * 1000;
  PasswordCost password_cost;
};

struct LoginResult {
  std::string token;  // shown once; only its hash is stored
  TimeMs expires_at = 0;
  Principal principal;
};

struct CreatedApiKey {
  ApiKey key;
  std::string secret;  // shown once
};

class SessionService {
 public:
  SessionService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
                 SessionPolicy policy)
      : db_(db), clock_(clock), audit_(audit), policy_(policy) {}

  Result<LoginResult> login(const std::string& email, const std::string& password,
                            const std::string& request_id);
  Status logout(const Principal& principal, const audit::Actor& actor);
  // Bearer session tokens ("fws_…") and API keys ("fwk_…").
  Result<Principal> authenticate(std::string_view credential);

  Result<CreatedApiKey> create_api_key(const Principal& principal, const audit::Actor& actor,
                                       std::int64_t user_id, const std::string& name,
                                       std::optional<TimeMs> expires_at);
  Result<std::vector<ApiKey>> list_api_keys(const Principal& principal, std::int64_t after_id,
                                            std::int64_t limit);
  Status revoke_api_key(const Principal& principal, const audit::Actor& actor, std::int64_t id);

  const SessionPolicy& policy() const { return policy_; }

 private:
  Status record_failed_login(const std::string& email);
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  SessionPolicy policy_;
};

std::string normalize_email(std::string_view email);

}  // namespace fuwu::auth

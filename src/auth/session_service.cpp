#include "auth/session_service.hpp"

#include <boost/json.hpp>

#include "auth/repository.hpp"
#include "core/crypto.hpp"

namespace fuwu::auth {
namespace {

constexpr std::string_view kSessionPrefix = "fws_";
constexpr std::string_view kApiKeyPrefix = "fwk_";
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kCredentialCharsMax = 128;

Status invalid_credentials() {
  return Status(ErrorCode::unauthenticated, "the email or password is wrong")
      .with_problem_code("invalid_credentials");
}

Status token_rejected(std::string message) {
  return Status(ErrorCode::unauthenticated, std::move(message)).with_problem_code("invalid_token");
}

// Verifying against a fixed hash when the email is unknown keeps the response time the same, so
// timing does not reveal which emails have accounts.
const std::string& decoy_hash(const PasswordCost& cost) {
  static const std::string hash = hash_password("fuwu-decoy-password", cost).value();
  return hash;
}

}  // namespace

std::string normalize_email(std::string_view email) {
  std::string out;
  std::size_t start = 0, end = email.size();
  while (start < end && std::isspace(static_cast<unsigned char>(email[start]))) ++start;
  while (end > start && std::isspace(static_cast<unsigned char>(email[end - 1]))) --end;
  for (char c : email.substr(start, end - start))
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Result<LoginResult> SessionService::login(const std::string& email_raw, const std::string& password,
                                          const std::string& request_id) {
  const std::string email = normalize_email(email_raw);
  const TimeMs now = clock_.now_ms();
  repository::Throttle throttle;
  std::optional<repository::Credentials> credentials;
  {
    auto tx = db_.begin(store::TxMode::read);
    if (!tx) return tx.status();
    FUWU_ASSIGN_OR_RETURN(throttle, repository::find_throttle(**tx, email));
    FUWU_ASSIGN_OR_RETURN(credentials, repository::find_credentials(**tx, email));
  }
  if (throttle.locked_until > now) {
    const auto minutes = (throttle.locked_until - now + 59'999) / 60'000;
    return Status(ErrorCode::too_many_requests,
                  "too many failed sign-ins; this account is locked for " +
                      std::to_string(minutes) + " more minute(s)")
        .with_problem_code("login_locked");
  }
  const bool lock_expired = throttle.locked_until != 0 && throttle.locked_until <= now;
  if (!lock_expired && throttle.failures >= policy_.failures_before_slowdown) {
    const int exponent = static_cast<int>(
        std::min<std::int64_t>(throttle.failures - policy_.failures_before_slowdown, 16));
    const TimeMs wait = std::min<TimeMs>(1000ll << exponent, policy_.slowdown_max_ms);
    if (now < throttle.last_failure_at + wait)
      return Status(ErrorCode::too_many_requests,
                    "too many failed sign-ins; wait " +
                        std::to_string((throttle.last_failure_at + wait - now + 999) / 1000) +
                        " s before trying again")
          .with_problem_code("login_throttled");
  }

  // Argon2id runs outside any transaction: it is slow on purpose and must not hold the writer.
  const bool password_ok =
      credentials ? verify_password(password, credentials->password_hash)
                  : (verify_password(password, decoy_hash(policy_.password_cost)), false);
  if (!password_ok || credentials->user_status != "active" ||
      credentials->organization_status != "active") {
    FUWU_TRY(record_failed_login(email));
    return invalid_credentials();
  }

  LoginResult result;
  result.token = std::string(kSessionPrefix) + crypto::random_hex(kSecretBytes);
  result.expires_at = now + policy_.token_ttl_ms;
  const std::string token_hash = crypto::sha256_hex(result.token);
  FUWU_TRY(store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_TRY(repository::clear_throttle(tx, email));
    FUWU_ASSIGN_OR_RETURN(
        std::int64_t session_id,
        repository::insert_session(tx, token_hash, credentials->user_id,
                                   credentials->organization_id, now, result.expires_at));
    boost::json::object after{{"user_id", credentials->user_id},
                              {"organization_id", credentials->organization_id},
                              {"expires_at", result.expires_at}};
    return audit_.append(
        tx, {credentials->user_id, credentials->organization_id, request_id},
        {"session.create", "session", std::to_string(session_id), credentials->organization_id,
         std::nullopt, boost::json::serialize(after)});
  }));
  FUWU_ASSIGN_OR_RETURN(result.principal, authenticate(result.token));
  return result;
}

Status SessionService::record_failed_login(const std::string& email) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto throttle, repository::find_throttle(tx, email));
    if (throttle.locked_until != 0 && throttle.locked_until <= now)
      throttle = {};  // the lock has run out
    ++throttle.failures;
    throttle.last_failure_at = now;
    if (throttle.failures >= policy_.failures_before_lock) {
      throttle.locked_until = now + policy_.lock_ms;
      boost::json::object after{{"email", email},
                                {"failures", throttle.failures},
                                {"locked_until", throttle.locked_until}};
      FUWU_TRY(audit_.append(tx, audit::Actor::system("login-throttle"),
                             {"login.lock", "login", email, std::nullopt, std::nullopt,
                              boost::json::serialize(after)}));
    }
    return repository::save_throttle(tx, email, throttle);
  });
}

Status SessionService::logout(const Principal& principal, const audit::Actor& actor) {
  if (principal.session_id == 0)
    return Status(ErrorCode::conflict, "API keys are revoked, not logged out");
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_TRY(repository::revoke_session(tx, principal.session_id, clock_.now_ms()));
    return audit_.append(tx, actor,
                         {"session.revoke", "session", std::to_string(principal.session_id),
                          principal.organization_id, std::nullopt, std::nullopt});
  });
}

Result<Principal> SessionService::authenticate(std::string_view credential) {
  if (credential.size() > kCredentialCharsMax) return token_rejected("the token is not valid");
  const bool is_api_key = credential.starts_with(kApiKeyPrefix);
  if (!is_api_key && !credential.starts_with(kSessionPrefix))
    return token_rejected("the token is not valid");
  const std::string hash = crypto::sha256_hex(credential);
  auto tx = db_.begin(store::TxMode::read);
  if (!tx) return tx.status();
  FUWU_ASSIGN_OR_RETURN(auto row, is_api_key ? repository::find_api_key(**tx, hash)
                                             : repository::find_session(**tx, hash));
  if (!row) return token_rejected("the token is not valid");
  const TimeMs now = clock_.now_ms();
  if (row->revoked_at) return token_rejected("the token was revoked; sign in again");
  if (row->expires_at != 0 && row->expires_at <= now)
    return Status(ErrorCode::unauthenticated, "the token has expired; sign in again")
        .with_problem_code("token_expired");
  if (row->user_status != "active" || row->organization_status != "active")
    return token_rejected("the account is disabled");
  Principal p;
  p.user_id = row->user_id;
  p.user_name = row->user_name;
  p.organization_id = row->organization_id;
  p.organization_kind = row->organization_kind;
  if (is_api_key)
    p.api_key_id = row->id;
  else
    p.session_id = row->id;
  p.roles = row->roles;
  return p;
}

Result<CreatedApiKey> SessionService::create_api_key(const Principal& principal,
                                                     const audit::Actor& actor,
                                                     std::int64_t user_id, const std::string& name,
                                                     std::optional<TimeMs> expires_at) {
  const TimeMs now = clock_.now_ms();
  if (expires_at && *expires_at <= now)
    return Status(ErrorCode::invalid_argument, "expires_at must be in the future",
                  {{"expires_at", "must be in the future"}});
  CreatedApiKey created;
  created.secret = std::string(kApiKeyPrefix) + crypto::random_hex(kSecretBytes);
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<CreatedApiKey> {
    FUWU_ASSIGN_OR_RETURN(auto user, repository::find_user(tx, user_id));
    if (!user || !principal.can_see_organization(user->organization_id))
      return Status(ErrorCode::not_found, "no such user", {{"user_id", "no such user"}});
    ApiKey key;
    key.name = name;
    key.prefix = created.secret.substr(0, 12);
    key.user_id = user->id;
    key.organization_id = user->organization_id;
    key.created_by = principal.user_id;
    key.created_at = now;
    key.expires_at = expires_at;
    FUWU_ASSIGN_OR_RETURN(created.key,
                          repository::insert_api_key(tx, key, crypto::sha256_hex(created.secret)));
    FUWU_TRY(audit_.append(
        tx, actor,
        {"api_key.create", "api_key", std::to_string(created.key.id), created.key.organization_id,
         std::nullopt, boost::json::serialize(boost::json::value_from(created.key))}));
    return created;
  });
}

Result<std::vector<ApiKey>> SessionService::list_api_keys(const Principal& principal,
                                                          std::int64_t after_id,
                                                          std::int64_t limit) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) {
    return repository::list_api_keys(tx,
                                     principal.is_platform()
                                         ? std::nullopt
                                         : std::optional<std::int64_t>(principal.organization_id),
                                     after_id, limit);
  });
}

Status SessionService::revoke_api_key(const Principal& principal, const audit::Actor& actor,
                                      std::int64_t id) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto key, repository::find_api_key_by_id(tx, id));
    if (!key || !principal.can_see_organization(key->organization_id))
      return Status(ErrorCode::not_found, "no such API key");
    if (key->revoked_at) return Status::ok();
    const std::string before = boost::json::serialize(boost::json::value_from(*key));
    FUWU_TRY(repository::revoke_api_key(tx, id, clock_.now_ms()));
    key->revoked_at = clock_.now_ms();
    return audit_.append(tx, actor,
                         {"api_key.revoke", "api_key", std::to_string(id), key->organization_id,
                          before, boost::json::serialize(boost::json::value_from(*key))});
  });
}

}  // namespace fuwu::auth

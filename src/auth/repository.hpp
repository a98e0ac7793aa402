// SQL for accounts: organizations, users, memberships, sessions, API keys and login throttling.
// Every function runs inside the caller's transaction; none opens its own.
#pragma once

#include <optional>
#include <vector>

#include "auth/model.hpp"
#include "store/database.hpp"

namespace fuwu::auth::repository {

using store::Transaction;

struct OrganizationFilter {
  std::optional<OrganizationKind> kind;
  std::optional<std::string> name_contains;
  std::optional<std::int64_t> only_id;  // restricts to one organization (non-operators)
};

Result<std::optional<Organization>> find_organization(Transaction& tx, std::int64_t id);
Result<std::vector<Organization>> list_organizations(Transaction& tx,
                                                     const OrganizationFilter& filter,
                                                     std::int64_t after_id, std::int64_t limit);
Result<Organization> insert_organization(Transaction& tx, Organization org);
// False when `expected_version` is stale.
Result<bool> update_organization(Transaction& tx, const Organization& org,
                                 std::int64_t expected_version);

struct UserFilter {
  std::optional<std::int64_t> organization_id;
  std::optional<std::string> text_contains;  // name or email
};

struct Credentials {
  std::int64_t user_id = 0;
  std::string password_hash;
  std::string user_status;
  std::int64_t organization_id = 0;
  std::string organization_status;
};

Result<std::optional<User>> find_user(Transaction& tx, std::int64_t id);
Result<std::optional<Credentials>> find_credentials(Transaction& tx, const std::string& email);
Result<std::vector<User>> list_users(Transaction& tx, const UserFilter& filter,
                                     std::int64_t after_id, std::int64_t limit);
Result<User> insert_user(Transaction& tx, User user, const std::string& password_hash);
Result<bool> update_user(Transaction& tx, const User& user, std::int64_t expected_version);
Status set_password_hash(Transaction& tx, std::int64_t user_id, const std::string& password_hash);
Status replace_roles(Transaction& tx, std::int64_t user_id, std::int64_t organization_id,
                     RoleSet roles, TimeMs now);
Result<RoleSet> roles_of(Transaction& tx, std::int64_t user_id, std::int64_t organization_id);

struct SessionRow {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::string user_status;
  std::int64_t organization_id = 0;
  OrganizationKind organization_kind = OrganizationKind::client;
  std::string organization_status;
  TimeMs expires_at = 0;
  std::optional<TimeMs> revoked_at;
  RoleSet roles;  // of the membership in organization_id
};

Result<std::int64_t> insert_session(Transaction& tx, const std::string& token_hash,
                                    std::int64_t user_id, std::int64_t organization_id, TimeMs now,
                                    TimeMs expires_at);
Result<std::optional<SessionRow>> find_session(Transaction& tx, const std::string& token_hash);
Status revoke_session(Transaction& tx, std::int64_t session_id, TimeMs now);
Status revoke_sessions_of_user(Transaction& tx, std::int64_t user_id, TimeMs now);

Result<ApiKey> insert_api_key(Transaction& tx, ApiKey key, const std::string& key_hash);
// The key's owner, in the same shape as a session (expires_at 0 = never).
Result<std::optional<SessionRow>> find_api_key(Transaction& tx, const std::string& key_hash);
Result<std::optional<ApiKey>> find_api_key_by_id(Transaction& tx, std::int64_t id);
Result<std::vector<ApiKey>> list_api_keys(Transaction& tx,
                                          std::optional<std::int64_t> organization_id,
                                          std::int64_t after_id, std::int64_t limit);
Status revoke_api_key(Transaction& tx, std::int64_t id, TimeMs now);

struct Throttle {
  std::int64_t failures = 0;
  TimeMs last_failure_at = 0;
  TimeMs locked_until = 0;
};
Result<Throttle> find_throttle(Transaction& tx, const std::string& email);
Status save_throttle(Transaction& tx, const std::string& email, const Throttle& throttle);
Status clear_throttle(Transaction& tx, const std::string& email);

// Escapes % _ and \ for a LIKE pattern used with ESCAPE '\'.
std::string like_pattern(std::string_view needle);

}  // namespace fuwu::auth::repository

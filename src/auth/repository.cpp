#include "auth/repository.hpp"

#include <cctype>

namespace fuwu::auth::repository {
namespace {

constexpr const char* kOrganizationColumns =
    "id, name, kind, region_code, status, version, created_at, updated_at";

Organization organization_from_row(const store::Row& row) {
  Organization o;
  o.id = row.integer(0);
  o.name = row.text(1);
  o.kind = parse_organization_kind(row.text(2)).value_or(OrganizationKind::client);
  o.region_code = row.text(3);
  o.status = row.text(4);
  o.version = row.integer(5);
  o.created_at = row.integer(6);
  o.updated_at = row.integer(7);
  return o;
}

constexpr const char* kUserSelect =
    "SELECT u.id, u.email, u.name, u.organization_id, o.name, o.kind, u.status, u.version, "
    "u.created_at, "
    "u.updated_at FROM users u JOIN organizations o ON o.id = u.organization_id";

User user_from_row(const store::Row& row) {
  User u;
  u.id = row.integer(0);
  u.email = row.text(1);
  u.name = row.text(2);
  u.organization_id = row.integer(3);
  u.organization_name = row.text(4);
  u.organization_kind = parse_organization_kind(row.text(5)).value_or(OrganizationKind::client);
  u.status = row.text(6);
  u.version = row.integer(7);
  u.created_at = row.integer(8);
  u.updated_at = row.integer(9);
  return u;
}

// One query for the roles of a whole page of users (never one query per user).
Status load_roles(Transaction& tx, std::vector<User>& users) {
  if (users.empty()) return Status::ok();
  store::Params params;
  for (const auto& u : users) params.emplace_back(u.id);
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT user_id, organization_id, role FROM memberships WHERE user_id IN (" +
                   store::parameter_list(1, params.size()) + ")",
               params));
  for (auto& u : users) u.roles = {};
  for (const auto& row : rows) {
    for (auto& u : users) {
      if (u.id != row.integer(0) || u.organization_id != row.integer(1)) continue;
      if (auto r = parse_role(row.text(2))) u.roles.add(*r);
    }
  }
  return Status::ok();
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string like_pattern(std::string_view needle) {
  std::string out = "%";
  for (char c : lower_ascii(std::string(needle))) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

Result<std::optional<Organization>> find_organization(Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kOrganizationColumns +
                                                " FROM organizations WHERE id = $1",
                                            {id}));
  if (rows.empty()) return std::optional<Organization>();
  return std::optional<Organization>(organization_from_row(rows[0]));
}

Result<std::vector<Organization>> list_organizations(Transaction& tx,
                                                     const OrganizationFilter& filter,
                                                     std::int64_t after_id, std::int64_t limit) {
  std::string sql =
      std::string("SELECT ") + kOrganizationColumns + " FROM organizations WHERE id > $1";
  store::Params params{after_id};
  if (filter.kind) {
    params.emplace_back(std::string(organization_kind_name(*filter.kind)));
    sql += " AND kind = $" + std::to_string(params.size());
  }
  if (filter.name_contains) {
    params.emplace_back(like_pattern(*filter.name_contains));
    sql += " AND lower(name) LIKE $" + std::to_string(params.size()) + " ESCAPE '\\'";
  }
  if (filter.only_id) {
    params.emplace_back(*filter.only_id);
    sql += " AND id = $" + std::to_string(params.size());
  }
  params.emplace_back(limit);
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
  std::vector<Organization> out;
  for (const auto& row : rows) out.push_back(organization_from_row(row));
  return out;
}

Result<Organization> insert_organization(Transaction& tx, Organization org) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("INSERT INTO organizations (name, kind, region_code, status, version, created_at, "
               "updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
               {org.name, std::string(organization_kind_name(org.kind)), org.region_code,
                org.status, org.created_at}));
  org.id = rows[0].integer(0);
  org.version = 1;
  org.updated_at = org.created_at;
  return org;
}

Result<bool> update_organization(Transaction& tx, const Organization& org,
                                 std::int64_t expected_version) {
  FUWU_ASSIGN_OR_RETURN(
      auto changed,
      tx.exec("UPDATE organizations SET name = $1, region_code = $2, status = $3, "
              "version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
              {org.name, org.region_code, org.status, org.updated_at, org.id, expected_version}));
  return changed == 1;
}

Result<std::optional<User>> find_user(Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string(kUserSelect) + " WHERE u.id = $1", {id}));
  if (rows.empty()) return std::optional<User>();
  std::vector<User> users{user_from_row(rows[0])};
  FUWU_TRY(load_roles(tx, users));
  return std::optional<User>(std::move(users[0]));
}

Result<std::optional<Credentials>> find_credentials(Transaction& tx, const std::string& email) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT u.id, u.password_hash, u.status, u.organization_id, o.status FROM users u "
               "JOIN organizations o ON o.id = u.organization_id WHERE u.email = $1",
               {email}));
  if (rows.empty()) return std::optional<Credentials>();
  return std::optional<Credentials>(Credentials{
      rows[0].integer(0), rows[0].text(1), rows[0].text(2), rows[0].integer(3), rows[0].text(4)});
}

Result<std::vector<User>> list_users(Transaction& tx, const UserFilter& filter,
                                     std::int64_t after_id, std::int64_t limit) {
  std::string sql = std::string(kUserSelect) + " WHERE u.id > $1";
  store::Params params{after_id};
  if (filter.organization_id) {
    params.emplace_back(*filter.organization_id);
    sql += " AND u.organization_id = $" + std::to_string(params.size());
  }
  if (filter.text_contains) {
    params.emplace_back(like_pattern(*filter.text_contains));
    const std::string n = std::to_string(params.size());
    sql +=
        " AND (lower(u.name) LIKE $" + n + " ESCAPE '\\' OR u.email LIKE $" + n + " ESCAPE '\\')";
  }
  params.emplace_back(limit);
  sql += " ORDER BY u.id LIMIT $" + std::to_string(params.size());
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
  std::vector<User> users;
  for (const auto& row : rows) users.push_back(user_from_row(row));
  FUWU_TRY(load_roles(tx, users));
  return users;
}

Result<User> insert_user(Transaction& tx, User user, const std::string& password_hash) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("INSERT INTO users (email, name, password_hash, organization_id, status, version, "
               "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id",
               {user.email, user.name, password_hash, user.organization_id, user.status,
                user.created_at}));
  user.id = rows[0].integer(0);
  user.version = 1;
  user.updated_at = user.created_at;
  FUWU_TRY(replace_roles(tx, user.id, user.organization_id, user.roles, user.created_at));
  return user;
}

Result<bool> update_user(Transaction& tx, const User& user, std::int64_t expected_version) {
  FUWU_ASSIGN_OR_RETURN(
      auto changed, tx.exec("UPDATE users SET name = $1, status = $2, version = version + 1, "
                            "updated_at = $3 WHERE id = $4 AND version = $5",
                            {user.name, user.status, user.updated_at, user.id, expected_version}));
  if (changed != 1) return false;
  FUWU_TRY(replace_roles(tx, user.id, user.organization_id, user.roles, user.updated_at));
  return true;
}

Status set_password_hash(Transaction& tx, std::int64_t user_id, const std::string& password_hash) {
  return tx.exec("UPDATE users SET password_hash = $1 WHERE id = $2", {password_hash, user_id})
      .status();
}

Status replace_roles(Transaction& tx, std::int64_t user_id, std::int64_t organization_id,
                     RoleSet roles, TimeMs now) {
  FUWU_TRY(tx.exec("DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2",
                   {user_id, organization_id}));
  for (Role role : roles.list()) {
    FUWU_TRY(
        tx.exec("INSERT INTO memberships (user_id, organization_id, role, created_at) VALUES ($1, "
                "$2, $3, $4)",
                {user_id, organization_id, std::string(role_name(role)), now}));
  }
  return Status::ok();
}

Result<RoleSet> roles_of(Transaction& tx, std::int64_t user_id, std::int64_t organization_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT role FROM memberships WHERE user_id = $1 AND organization_id = $2",
               {user_id, organization_id}));
  RoleSet roles;
  for (const auto& row : rows)
    if (auto r = parse_role(row.text(0))) roles.add(*r);
  return roles;
}

Result<std::int64_t> insert_session(Transaction& tx, const std::string& token_hash,
                                    std::int64_t user_id, std::int64_t organization_id, TimeMs now,
                                    TimeMs expires_at) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("INSERT INTO sessions (token_hash, user_id, organization_id, created_at, "
                          "expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                          {token_hash, user_id, organization_id, now, expires_at}));
  return rows[0].integer(0);
}

namespace {
SessionRow session_from_row(const store::Row& row) {
  SessionRow s;
  s.id = row.integer(0);
  s.user_id = row.integer(1);
  s.user_name = row.text(2);
  s.user_status = row.text(3);
  s.organization_id = row.integer(4);
  s.organization_kind = parse_organization_kind(row.text(5)).value_or(OrganizationKind::client);
  s.organization_status = row.text(6);
  s.expires_at = row.optional_integer(7).value_or(0);
  s.revoked_at = row.optional_integer(8);
  return s;
}
}  // namespace

namespace {
// Sessions and API keys both name a user in an organization; one query (one row per role of
// that membership) turns either into a SessionRow. `table` is "sessions" or "api_keys".
Result<std::optional<SessionRow>> find_credential(Transaction& tx, const std::string& table,
                                                  const std::string& hash_column,
                                                  const std::string& hash) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT c.id, c.user_id, u.name, u.status, c.organization_id, o.kind, o.status, "
               "c.expires_at, c.revoked_at, m.role FROM " +
                   table +
                   " c JOIN users u ON u.id = c.user_id "
                   "JOIN organizations o ON o.id = c.organization_id LEFT JOIN memberships m ON "
                   "m.user_id = c.user_id AND m.organization_id = c.organization_id WHERE c." +
                   hash_column + " = $1",
               {hash}));
  if (rows.empty()) return std::optional<SessionRow>();
  SessionRow session = session_from_row(rows[0]);
  for (const auto& row : rows)
    if (auto r = parse_role(row.text(9))) session.roles.add(*r);
  return std::optional<SessionRow>(std::move(session));
}
}  // namespace

Result<std::optional<SessionRow>> find_session(Transaction& tx, const std::string& token_hash) {
  return find_credential(tx, "sessions", "token_hash", token_hash);
}

Status revoke_session(Transaction& tx, std::int64_t session_id, TimeMs now) {
  return tx
      .exec("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            {now, session_id})
      .status();
}

Status revoke_sessions_of_user(Transaction& tx, std::int64_t user_id, TimeMs now) {
  return tx
      .exec("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            {now, user_id})
      .status();
}

Result<ApiKey> insert_api_key(Transaction& tx, ApiKey key, const std::string& key_hash) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query(
          "INSERT INTO api_keys (key_hash, prefix, name, user_id, organization_id, created_by, "
          "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
          {key_hash, key.prefix, key.name, key.user_id, key.organization_id, key.created_by,
           key.created_at, store::optional_value(key.expires_at)}));
  key.id = rows[0].integer(0);
  return key;
}

Result<std::optional<SessionRow>> find_api_key(Transaction& tx, const std::string& key_hash) {
  return find_credential(tx, "api_keys", "key_hash", key_hash);
}

namespace {
constexpr const char* kApiKeySelect =
    "SELECT id, name, prefix, user_id, organization_id, created_by, created_at, expires_at, "
    "revoked_at FROM api_keys";
ApiKey api_key_from_row(const store::Row& row) {
  ApiKey k;
  k.id = row.integer(0);
  k.name = row.text(1);
  k.prefix = row.text(2);
  k.user_id = row.integer(3);
  k.organization_id = row.integer(4);
  k.created_by = row.integer(5);
  k.created_at = row.integer(6);
  k.expires_at = row.optional_integer(7);
  k.revoked_at = row.optional_integer(8);
  return k;
}
}  // namespace

Result<std::optional<ApiKey>> find_api_key_by_id(Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string(kApiKeySelect) + " WHERE id = $1", {id}));
  if (rows.empty()) return std::optional<ApiKey>();
  return std::optional<ApiKey>(api_key_from_row(rows[0]));
}

Result<std::vector<ApiKey>> list_api_keys(Transaction& tx,
                                          std::optional<std::int64_t> organization_id,
                                          std::int64_t after_id, std::int64_t limit) {
  std::string sql = std::string(kApiKeySelect) + " WHERE id > $1";
  store::Params params{after_id};
  if (organization_id) {
    params.emplace_back(*organization_id);
    sql += " AND organization_id = $2";
  }
  params.emplace_back(limit);
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
  std::vector<ApiKey> keys;
  for (const auto& row : rows) keys.push_back(api_key_from_row(row));
  return keys;
}

Status revoke_api_key(Transaction& tx, std::int64_t id, TimeMs now) {
  return tx
      .exec("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", {now, id})
      .status();
}

Result<Throttle> find_throttle(Transaction& tx, const std::string& email) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT failures, last_failure_at, locked_until FROM login_throttle "
                          "WHERE email = $1",
                          {email}));
  if (rows.empty()) return Throttle{};
  return Throttle{rows[0].integer(0), rows[0].integer(1), rows[0].integer(2)};
}

Status save_throttle(Transaction& tx, const std::string& email, const Throttle& t) {
  return tx
      .exec(
          "INSERT INTO login_throttle (email, failures, last_failure_at, locked_until) VALUES ($1, "
          "$2, $3, $4) "
          "ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, "
          "last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
          {email, t.failures, t.last_failure_at, t.locked_until})
      .status();
}

Status clear_throttle(Transaction& tx, const std::string& email) {
  return tx.exec("DELETE FROM login_throttle WHERE email = $1", {email}).status();
}

}  // namespace fuwu::auth::repository

#include "auth/directory_service.hpp"

#include <boost/json.hpp>

#include "auth/repository.hpp"
#include "auth/session_service.hpp"
#include "core/regions.hpp"

namespace fuwu::auth {
namespace {

template <typename T>
std::string to_json_text(const T& value) {
  return boost::json::serialize(boost::json::value_from(value));
}

Status version_mismatch(std::int64_t current) {
  return Status(ErrorCode::version_mismatch, "this record changed since you read it (now version " +
                                                 std::to_string(current) + "); reload and retry");
}

// Who may administer users of organization `org_id` with `org_kind`.
bool can_administer_users(const Principal& p, std::int64_t org_id) {
  if (p.is_platform()) return p.roles.contains(Role::operator_admin);
  if (org_id != p.organization_id) return false;
  return p.roles.contains(Role::client_admin) || p.roles.contains(Role::provider_admin);
}

Status check_roles_fit(RoleSet roles, OrganizationKind kind) {
  for (Role r : roles.list()) {
    if (!roles_allowed_for(kind).contains(r))
      return Status(
          ErrorCode::invalid_argument,
          std::string("role ") + role_name(r) + " is not available in a " +
              organization_kind_name(kind) + " organization",
          {{"roles", std::string(role_name(r)) + " is not available for this organization"}});
  }
  if (roles.empty())
    return Status(ErrorCode::invalid_argument, "a user needs at least one role",
                  {{"roles", "must not be empty"}});
  return Status::ok();
}

}  // namespace

bool is_region_code(std::string_view code) {
  return code.empty() || regions::find(code) != nullptr;
}

bool looks_like_email(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at != email.rfind('@')) return false;
  const auto domain = email.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot == domain.size() - 1) return false;
  for (char c : email)
    if (std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20)
      return false;
  return true;
}

Result<std::vector<Organization>> DirectoryService::list_organizations(
    const Principal& p, std::optional<OrganizationKind> kind,
    std::optional<std::string> name_contains, std::int64_t after_id, std::int64_t limit) {
  repository::OrganizationFilter filter{kind, std::move(name_contains), std::nullopt};
  if (!p.is_platform()) filter.only_id = p.organization_id;
  return store::with_read_transaction(db_, [&](store::Transaction& tx) {
    return repository::list_organizations(tx, filter, after_id, limit);
  });
}

Result<Organization> DirectoryService::get_organization(const Principal& p, std::int64_t id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<Organization> {
    FUWU_ASSIGN_OR_RETURN(auto org, repository::find_organization(tx, id));
    if (!org || !p.can_see_organization(id))
      return Status(ErrorCode::not_found, "no such organization");
    return *org;
  });
}

Result<Organization> DirectoryService::insert_organization(store::Transaction& tx,
                                                           const audit::Actor& actor,
                                                           Organization org) {
  org.created_at = clock_.now_ms();
  FUWU_ASSIGN_OR_RETURN(auto created, repository::insert_organization(tx, org));
  FUWU_TRY(audit_.append(tx, actor,
                         {"organization.create", "organization", std::to_string(created.id),
                          created.id, std::nullopt, to_json_text(created)}));
  return created;
}

Result<Organization> DirectoryService::create_organization(const audit::Actor& actor,
                                                           Organization org) {
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) { return insert_organization(tx, actor, org); });
}

Result<std::string> DirectoryService::hash_new_password(std::string_view password) const {
  FUWU_TRY(check_password_strength(password));
  return hash_password(password, cost_);
}

Result<Organization> DirectoryService::update_organization(const Principal& p,
                                                           const audit::Actor& actor,
                                                           std::int64_t id,
                                                           std::int64_t expected_version,
                                                           const OrganizationPatch& patch) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Organization> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_organization(tx, id));
    if (!found || !p.can_see_organization(id))
      return Status(ErrorCode::not_found, "no such organization");
    if (found->version != expected_version) return version_mismatch(found->version);
    if (found->kind == OrganizationKind::platform && patch.status && *patch.status != "active")
      return Status(ErrorCode::conflict, "the platform organization cannot be suspended");
    Organization updated = *found;
    if (patch.name) updated.name = *patch.name;
    if (patch.region_code) updated.region_code = *patch.region_code;
    if (patch.status) updated.status = *patch.status;
    updated.updated_at = clock_.now_ms();
    FUWU_ASSIGN_OR_RETURN(bool changed,
                          repository::update_organization(tx, updated, expected_version));
    if (!changed) return version_mismatch(found->version + 1);
    updated.version = expected_version + 1;
    FUWU_TRY(audit_.append(tx, actor,
                           {"organization.update", "organization", std::to_string(id), id,
                            to_json_text(*found), to_json_text(updated)}));
    return updated;
  });
}

Result<std::vector<User>> DirectoryService::list_users(const Principal& p,
                                                       std::optional<std::int64_t> organization_id,
                                                       std::optional<std::string> text_contains,
                                                       std::int64_t after_id, std::int64_t limit) {
  repository::UserFilter filter{organization_id, std::move(text_contains)};
  if (!p.is_platform()) {
    if (organization_id && *organization_id != p.organization_id) return std::vector<User>{};
    filter.organization_id = p.organization_id;
  }
  return store::with_read_transaction(db_, [&](store::Transaction& tx) {
    return repository::list_users(tx, filter, after_id, limit);
  });
}

Result<User> DirectoryService::get_user(const Principal& p, std::int64_t id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<User> {
    FUWU_ASSIGN_OR_RETURN(auto user, repository::find_user(tx, id));
    if (!user || !p.can_see_organization(user->organization_id))
      return Status(ErrorCode::not_found, "no such user");
    return *user;
  });
}

Result<User> DirectoryService::insert_user(store::Transaction& tx, const audit::Actor& actor,
                                           const NewUser& input, const std::string& password_hash) {
  if (!looks_like_email(input.email))
    return Status(ErrorCode::invalid_argument, "email is not an email address",
                  {{"email", "is not an email address"}});
  FUWU_ASSIGN_OR_RETURN(auto org, repository::find_organization(tx, input.organization_id));
  if (!org)
    return Status(ErrorCode::invalid_argument, "no such organization",
                  {{"organization_id", "no such organization"}});
  FUWU_TRY(check_roles_fit(input.roles, org->kind));
  User user;
  user.email = normalize_email(input.email);
  user.name = input.name;
  user.organization_id = org->id;
  user.organization_name = org->name;
  user.organization_kind = org->kind;
  user.roles = input.roles;
  user.created_at = clock_.now_ms();
  auto created = repository::insert_user(tx, user, password_hash);
  if (!created && created.status().code() == ErrorCode::unique_violation)
    return Status(ErrorCode::unique_violation, "a user with this email already exists",
                  {{"email", "is already registered"}});
  if (!created) return created.status();
  FUWU_TRY(audit_.append(tx, actor,
                         {"user.create", "user", std::to_string(created->id),
                          created->organization_id, std::nullopt, to_json_text(*created)}));
  return created;
}

Result<User> DirectoryService::create_user(const Principal& p, const audit::Actor& actor,
                                           const NewUser& input) {
  if (!p.can_see_organization(input.organization_id))
    return Status(ErrorCode::invalid_argument, "no such organization",
                  {{"organization_id", "no such organization"}});
  if (!can_administer_users(p, input.organization_id))
    return Status(ErrorCode::forbidden, "your role cannot add users to this organization");
  return create_user_unchecked(actor, input);
}

Result<User> DirectoryService::create_user_unchecked(const audit::Actor& actor,
                                                     const NewUser& input) {
  if (!looks_like_email(input.email))
    return Status(ErrorCode::invalid_argument, "email is not an email address",
                  {{"email", "is not an email address"}});
  FUWU_ASSIGN_OR_RETURN(std::string hash, hash_new_password(input.password));
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) { return insert_user(tx, actor, input, hash); });
}

Result<std::map<std::int64_t, std::string>> DirectoryService::user_names(
    const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> names;
  if (ids.empty()) return names;
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::map<std::int64_t, std::string>> {
        for (std::int64_t id : ids) {
          if (names.count(id)) continue;
          FUWU_ASSIGN_OR_RETURN(auto rows, tx.query("SELECT name FROM users WHERE id = $1", {id}));
          if (!rows.empty()) names[id] = rows[0].text(0);
        }
        return names;
      });
}

Result<User> DirectoryService::update_user(const Principal& p, const audit::Actor& actor,
                                           std::int64_t id, std::int64_t expected_version,
                                           const UserPatch& patch) {
  // Access is checked before hashing a new password, so outsiders cannot make the server hash.
  FUWU_TRY(store::with_read_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_user(tx, id));
    if (!found || !p.can_see_organization(found->organization_id))
      return Status(ErrorCode::not_found, "no such user");
    if (!can_administer_users(p, found->organization_id))
      return Status(ErrorCode::forbidden, "your role cannot change users of this organization");
    return Status::ok();
  }));
  std::optional<std::string> new_hash;
  if (patch.password) {
    FUWU_TRY(check_password_strength(*patch.password));
    FUWU_ASSIGN_OR_RETURN(new_hash, hash_password(*patch.password, cost_));
  }
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<User> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_user(tx, id));
    if (!found || !p.can_see_organization(found->organization_id))
      return Status(ErrorCode::not_found, "no such user");
    if (!can_administer_users(p, found->organization_id))
      return Status(ErrorCode::forbidden, "your role cannot change users of this organization");
    if (found->version != expected_version) return version_mismatch(found->version);
    if (found->id == p.user_id && patch.status && *patch.status != "active")
      return Status(ErrorCode::conflict, "you cannot disable your own account");
    User updated = *found;
    if (patch.name) updated.name = *patch.name;
    if (patch.status) updated.status = *patch.status;
    if (patch.roles) {
      FUWU_TRY(check_roles_fit(*patch.roles, found->organization_kind));
      updated.roles = *patch.roles;
    }
    updated.updated_at = clock_.now_ms();
    FUWU_ASSIGN_OR_RETURN(bool changed, repository::update_user(tx, updated, expected_version));
    if (!changed) return version_mismatch(found->version + 1);
    updated.version = expected_version + 1;
    if (new_hash) FUWU_TRY(repository::set_password_hash(tx, id, *new_hash));
    // A disabled account or a new password ends every session of that user.
    if ((patch.status && *patch.status != "active") || new_hash)
      FUWU_TRY(repository::revoke_sessions_of_user(tx, id, updated.updated_at));
    boost::json::object after = boost::json::value_from(updated).as_object();
    if (new_hash) after["password_changed"] = true;
    FUWU_TRY(audit_.append(tx, actor,
                           {"user.update", "user", std::to_string(id), updated.organization_id,
                            to_json_text(*found), boost::json::serialize(after)}));
    return updated;
  });
}

}  // namespace fuwu::auth

// The directory of organizations and users: who may see and change which. Operators (platform
// organization) manage every organization; organization admins manage their own users. An
// organization a caller may not see answers not_found, never forbidden, so ids reveal nothing.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/model.hpp"
#include "auth/password.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace fuwu::auth {

inline constexpr std::size_t kNameCharsMax = 100;
inline constexpr std::size_t kEmailCharsMax = 254;
inline constexpr std::size_t kRegionCodeCharsMax = 12;

struct OrganizationPatch {
  std::optional<std::string> name;
  std::optional<std::string> region_code;
  std::optional<std::string> status;
};

struct NewUser {
  std::string email;
  std::string name;
  std::string password;
  std::int64_t organization_id = 0;
  RoleSet roles;
};

struct UserPatch {
  std::optional<std::string> name;
  std::optional<RoleSet> roles;
  std::optional<std::string> status;
  std::optional<std::string> password;
};

class DirectoryService {
 public:
  DirectoryService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
                   PasswordCost cost)
      : db_(db), clock_(clock), audit_(audit), cost_(cost) {}

  Result<std::vector<Organization>> list_organizations(const Principal& p,
                                                       std::optional<OrganizationKind> kind,
                                                       std::optional<std::string> name_contains,
                                                       std::int64_t after_id, std::int64_t limit);
  Result<Organization> get_organization(const Principal& p, std::int64_t id);
  Result<Organization> create_organization(const audit::Actor& actor, Organization org);
  Result<Organization> update_organization(const Principal& p, const audit::Actor& actor,
                                           std::int64_t id, std::int64_t expected_version,
                                           const OrganizationPatch& patch);

  Result<std::vector<User>> list_users(const Principal& p,
                                       std::optional<std::int64_t> organization_id,
                                       std::optional<std::string> text_contains,
                                       std::int64_t after_id, std::int64_t limit);
  Result<User> get_user(const Principal& p, std::int64_t id);
  Result<User> create_user(const Principal& p, const audit::Actor& actor, const NewUser& user);
  // Used by the CLI and demo data, which act with no principal.
  Result<User> create_user_unchecked(const audit::Actor& actor, const NewUser& user);
  // Display names of users by id, for records that name an actor.
  Result<std::map<std::int64_t, std::string>> user_names(const std::vector<std::int64_t>& ids);
  Result<User> update_user(const Principal& p, const audit::Actor& actor, std::int64_t id,
                           std::int64_t expected_version, const UserPatch& patch);

  // Building blocks for callers that create many records in one transaction (demo data). They
  // check what the record needs but not who asks.
  Result<std::string> hash_new_password(std::string_view password) const;
  Result<Organization> insert_organization(store::Transaction& tx, const audit::Actor& actor,
                                           Organization org);
  Result<User> insert_user(store::Transaction& tx, const audit::Actor& actor, const NewUser& user,
                           const std::string& password_hash);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  PasswordCost cost_;
};

// Region codes are China administrative-division codes known to core/regions (or empty).
bool is_region_code(std::string_view code);
bool looks_like_email(std::string_view email);

}  // namespace fuwu::auth

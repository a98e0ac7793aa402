// Accounts: organizations, users and their memberships (roles), sessions and API keys.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "auth/role.hpp"
#include "core/clock.hpp"

namespace fuwu::auth {

struct Organization {
  std::int64_t id = 0;
  std::string name;
  OrganizationKind kind = OrganizationKind::client;
  std::string region_code;
  std::string status = "active";  // active | suspended
  std::int64_t version = 1;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::int64_t organization_id = 0;
  std::string organization_name;
  OrganizationKind organization_kind = OrganizationKind::client;
  RoleSet roles;
  std::string status = "active";  // active | disabled
  std::int64_t version = 1;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct ApiKey {
  std::int64_t id = 0;
  std::string name;
  std::string prefix;  // the first characters of the key, to recognise it
  std::int64_t user_id = 0;
  std::int64_t organization_id = 0;
  std::int64_t created_by = 0;
  TimeMs created_at = 0;
  std::optional<TimeMs> expires_at;
  std::optional<TimeMs> revoked_at;
};

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Organization& o);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const User& u);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const ApiKey& k);

}  // namespace fuwu::auth

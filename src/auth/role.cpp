#include "auth/role.hpp"

namespace fuwu::auth {

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {
      Role::operator_admin, Role::reviewer,   Role::finance,
      Role::client_admin,   Role::employee,   Role::provider_admin,
      Role::provider_staff, Role::desk_agent, Role::supplier_api,
  };
  return roles;
}

const char* role_name(Role role) {
  switch (role) {
    case Role::operator_admin:
      return "operator_admin";
    case Role::reviewer:
      return "reviewer";
    case Role::finance:
      return "finance";
    case Role::client_admin:
      return "client_admin";
    case Role::employee:
      return "employee";
    case Role::provider_admin:
      return "provider_admin";
    case Role::provider_staff:
      return "provider_staff";
    case Role::desk_agent:
      return "desk_agent";
    case Role::supplier_api:
      return "supplier_api";
  }
  return "unknown";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : all_roles())
    if (name == role_name(r)) return r;
  return std::nullopt;
}

std::vector<Role> RoleSet::list() const {
  std::vector<Role> out;
  for (Role r : all_roles())
    if (contains(r)) out.push_back(r);
  return out;
}

std::vector<std::string> RoleSet::names() const {
  std::vector<std::string> out;
  for (Role r : list()) out.emplace_back(role_name(r));
  return out;
}

const char* organization_kind_name(OrganizationKind kind) {
  switch (kind) {
    case OrganizationKind::platform:
      return "platform";
    case OrganizationKind::client:
      return "client";
    case OrganizationKind::provider:
      return "provider";
    case OrganizationKind::supplier:
      return "supplier";
  }
  return "unknown";
}

std::optional<OrganizationKind> parse_organization_kind(std::string_view name) {
  for (auto k : {OrganizationKind::platform, OrganizationKind::client, OrganizationKind::provider,
                 OrganizationKind::supplier})
    if (name == organization_kind_name(k)) return k;
  return std::nullopt;
}

RoleSet roles_allowed_for(OrganizationKind kind) {
  switch (kind) {
    case OrganizationKind::platform:
      return {Role::operator_admin, Role::reviewer, Role::finance, Role::desk_agent};
    case OrganizationKind::client:
      return {Role::client_admin, Role::employee};
    case OrganizationKind::provider:
      return {Role::provider_admin, Role::provider_staff, Role::desk_agent};
    case OrganizationKind::supplier:
      return {Role::supplier_api};
  }
  return {};
}

}  // namespace fuwu::auth

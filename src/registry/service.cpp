#include "registry/service.hpp"

#include <boost/json.hpp>

#include "auth/repository.hpp"
#include "core/crypto.hpp"
#include "core/regions.hpp"

namespace fuwu::registry {
namespace {

template <typename T>
std::string json_text(const T& value) {
  return boost::json::serialize(boost::json::value_from(value));
}

Status version_mismatch() {
  return Status(ErrorCode::version_mismatch,
                "the record changed since you read it; reload and retry");
}

Status check_regions(const std::string& hq, const std::vector<std::string>& resources) {
  if (!hq.empty() && !regions::find(hq))
    return Status(ErrorCode::invalid_argument, "unknown region " + hq,
                  {{"hq_region_code", "unknown region code"}});
  for (const auto& r : resources)
    if (!regions::find(r))
      return Status(ErrorCode::invalid_argument, "unknown region " + r,
                    {{"resource_region_codes", "unknown region " + r}});
  return Status::ok();
}

Status check_categories(const std::vector<std::string>& categories) {
  const auto& known = service_categories();
  for (const auto& c : categories)
    if (std::find(known.begin(), known.end(), c) == known.end())
      return Status(ErrorCode::invalid_argument, "unknown service category " + c,
                    {{"categories", "unknown category " + c}});
  return Status::ok();
}

bool can_manage_departments(const auth::Principal& p, std::int64_t organization_id) {
  if (p.is_platform()) return p.roles.contains(auth::Role::operator_admin);
  return p.organization_id == organization_id && p.roles.contains(auth::Role::client_admin);
}

}  // namespace

Status RegistryService::create_provider_profile(store::Transaction& tx, const audit::Actor& actor,
                                                ProviderProfile profile) {
  FUWU_TRY(check_regions(profile.hq_region_code, profile.resource_region_codes));
  FUWU_TRY(check_categories(profile.categories));
  profile.created_at = profile.updated_at = clock_.now_ms();
  FUWU_TRY(repository::insert_provider(tx, profile));
  FUWU_ASSIGN_OR_RETURN(auto stored, repository::find_provider(tx, profile.organization_id));
  return audit_.append(
      tx, actor,
      {"provider_profile.create", "provider_profile", std::to_string(profile.organization_id),
       profile.organization_id, std::nullopt, json_text(*stored)});
}

Result<std::vector<ProviderProfile>> RegistryService::directory(const auth::Principal& viewer,
                                                                repository::ProviderFilter filter,
                                                                std::int64_t after_id,
                                                                std::int64_t limit) {
  if (!viewer.is_platform()) filter.status = "active";
  return store::with_read_transaction(db_, [&](store::Transaction& tx) {
    return repository::list_providers(tx, filter, after_id, limit);
  });
}

Result<ProviderProfile> RegistryService::get_provider(const auth::Principal& viewer,
                                                      std::int64_t id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<ProviderProfile> {
    FUWU_ASSIGN_OR_RETURN(auto profile, repository::find_provider(tx, id));
    // A suspended provider is visible to operators and to itself only.
    if (!profile ||
        (profile->status != "active" && !viewer.is_platform() && viewer.organization_id != id))
      return Status(ErrorCode::not_found, "no such provider");
    return *profile;
  });
}

Result<ProviderProfile> RegistryService::update_provider(const auth::Principal& p,
                                                         const audit::Actor& actor, std::int64_t id,
                                                         std::int64_t expected_version,
                                                         const ProviderPatch& patch) {
  const bool operator_admin = p.is_platform() && p.roles.contains(auth::Role::operator_admin);
  const bool own_admin = p.organization_id == id && p.roles.contains(auth::Role::provider_admin);
  if (!operator_admin && !own_admin) return Status(ErrorCode::not_found, "no such provider");
  if (!operator_admin && (patch.status || patch.provider_type))
    return Status(ErrorCode::forbidden, "only operators change a provider's status or type");
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<ProviderProfile> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_provider(tx, id));
    if (!found) return Status(ErrorCode::not_found, "no such provider");
    if (found->version != expected_version) return version_mismatch();
    ProviderProfile updated = *found;
    if (patch.summary) updated.summary = *patch.summary;
    if (patch.team_size) updated.team_size = *patch.team_size;
    if (patch.hq_region_code) updated.hq_region_code = *patch.hq_region_code;
    if (patch.resource_region_codes) updated.resource_region_codes = *patch.resource_region_codes;
    if (patch.categories) updated.categories = *patch.categories;
    if (patch.status) updated.status = *patch.status;
    if (patch.provider_type) updated.provider_type = *patch.provider_type;
    FUWU_TRY(check_regions(updated.hq_region_code, updated.resource_region_codes));
    FUWU_TRY(check_categories(updated.categories));
    updated.updated_at = clock_.now_ms();
    FUWU_ASSIGN_OR_RETURN(bool changed, repository::update_provider(tx, updated, expected_version));
    if (!changed) return version_mismatch();
    // What was stored (lists sorted, duplicates folded) is what the caller and the audit log see.
    FUWU_ASSIGN_OR_RETURN(auto stored, repository::find_provider(tx, id));
    updated = std::move(*stored);
    FUWU_TRY(audit_.append(tx, actor,
                           {"provider_profile.update", "provider_profile", std::to_string(id), id,
                            json_text(*found), json_text(updated)}));
    return updated;
  });
}

Result<SupplierProfile> RegistryService::create_supplier(const audit::Actor& actor,
                                                         const NewSupplier& input) {
  const auto& categories = supplier_categories();
  if (std::find(categories.begin(), categories.end(), input.category) == categories.end())
    return Status(ErrorCode::invalid_argument, "category must be airline, hotel, rail or car",
                  {{"category", "must be airline, hotel, rail or car"}});
  if (!input.region_code.empty() && !regions::find(input.region_code))
    return Status(ErrorCode::invalid_argument, "unknown region",
                  {{"region_code", "unknown region code"}});
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<SupplierProfile> {
    auth::Organization org;
    org.name = input.name;
    org.kind = auth::OrganizationKind::supplier;
    org.region_code = input.region_code;
    FUWU_ASSIGN_OR_RETURN(auto created, directory_.insert_organization(tx, actor, org));
    SupplierProfile profile;
    profile.organization_id = created.id;
    profile.name = created.name;
    profile.category = input.category;
    profile.api_endpoint = input.api_endpoint;
    profile.limits = input.limits;
    profile.created_at = profile.updated_at = clock_.now_ms();
    FUWU_TRY(repository::insert_supplier(tx, profile));
    FUWU_TRY(
        audit_.append(tx, actor,
                      {"supplier_profile.create", "supplier_profile", std::to_string(created.id),
                       created.id, std::nullopt, json_text(profile)}));
    return profile;
  });
}

Result<std::vector<SupplierProfile>> RegistryService::list_suppliers(
    std::optional<std::string> category, std::int64_t after_id, std::int64_t limit) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) {
    return repository::list_suppliers(tx, category, after_id, limit);
  });
}

Result<SupplierProfile> RegistryService::get_supplier(std::int64_t id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<SupplierProfile> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_supplier(tx, id));
    if (!found) return Status(ErrorCode::not_found, "no such supplier");
    return *found;
  });
}

Result<SupplierProfile> RegistryService::update_supplier(const audit::Actor& actor, std::int64_t id,
                                                         std::int64_t expected_version,
                                                         const SupplierPatch& patch) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<SupplierProfile> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_supplier(tx, id));
    if (!found) return Status(ErrorCode::not_found, "no such supplier");
    if (found->version != expected_version) return version_mismatch();
    SupplierProfile updated = *found;
    if (patch.category) updated.category = *patch.category;
    if (patch.api_endpoint) updated.api_endpoint = *patch.api_endpoint;
    if (patch.status) updated.status = *patch.status;
    if (patch.requests_per_second) updated.limits.requests_per_second = *patch.requests_per_second;
    if (patch.soft_deadline_ms) updated.limits.soft_deadline_ms = *patch.soft_deadline_ms;
    if (patch.hard_deadline_ms) updated.limits.hard_deadline_ms = *patch.hard_deadline_ms;
    if (updated.limits.hard_deadline_ms < updated.limits.soft_deadline_ms)
      return Status(
          ErrorCode::invalid_argument, "the hard deadline comes before the soft one",
          {{"hard_deadline_ms", "must be at least soft_deadline_ms (" +
                                    std::to_string(updated.limits.soft_deadline_ms) + ")"}});
    updated.updated_at = clock_.now_ms();
    FUWU_ASSIGN_OR_RETURN(bool changed, repository::update_supplier(tx, updated, expected_version));
    if (!changed) return version_mismatch();
    updated.version = expected_version + 1;
    FUWU_TRY(audit_.append(tx, actor,
                           {"supplier_profile.update", "supplier_profile", std::to_string(id), id,
                            json_text(*found), json_text(updated)}));
    return updated;
  });
}

Result<SupplierProfile> RegistryService::set_supplier_credentials(
    const audit::Actor& actor, std::int64_t id, const std::string& credentials_json) {
  const std::string sealed = crypto::seal(credentials_key_, credentials_json);
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<SupplierProfile> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_supplier(tx, id));
    if (!found) return Status(ErrorCode::not_found, "no such supplier");
    FUWU_TRY(repository::set_supplier_credentials(tx, id, sealed, now));
    FUWU_ASSIGN_OR_RETURN(auto updated, repository::find_supplier(tx, id));
    // The audit record says that the credentials changed, never what they are.
    boost::json::object after{{"credentials", "replaced"}, {"credentials_updated_at", now}};
    FUWU_TRY(audit_.append(tx, actor,
                           {"supplier_credentials.replace", "supplier_profile", std::to_string(id),
                            id, std::nullopt, boost::json::serialize(after)}));
    return *updated;
  });
}

Result<std::string> RegistryService::supplier_credentials(std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto sealed, store::with_read_transaction(db_, [&](store::Transaction& tx) {
                          return repository::supplier_credentials(tx, id);
                        }));
  if (!sealed) return Status(ErrorCode::not_found, "the supplier has no credentials");
  return crypto::open(credentials_key_, *sealed);
}

Result<std::vector<Department>> RegistryService::list_departments(const auth::Principal& p,
                                                                  std::int64_t organization_id) {
  if (!p.can_see_organization(organization_id))
    return Status(ErrorCode::not_found, "no such organization");
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Department>> {
        FUWU_ASSIGN_OR_RETURN(auto org, auth::repository::find_organization(tx, organization_id));
        if (!org) return Status(ErrorCode::not_found, "no such organization");
        return repository::list_departments(tx, organization_id);
      });
}

Result<Department> RegistryService::create_department(const auth::Principal& p,
                                                      const audit::Actor& actor,
                                                      std::int64_t organization_id,
                                                      const DepartmentInput& input) {
  if (!p.can_see_organization(organization_id))
    return Status(ErrorCode::not_found, "no such organization");
  if (!can_manage_departments(p, organization_id))
    return Status(ErrorCode::forbidden,
                  "only the organization's admin or an operator manages departments");
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Department> {
    FUWU_ASSIGN_OR_RETURN(auto org, auth::repository::find_organization(tx, organization_id));
    if (!org) return Status(ErrorCode::not_found, "no such organization");
    if (org->kind != auth::OrganizationKind::client &&
        org->kind != auth::OrganizationKind::platform)
      return Status(ErrorCode::conflict, "departments belong to client organizations");
    if (input.parent_id) {
      FUWU_ASSIGN_OR_RETURN(auto parent, repository::find_department(tx, *input.parent_id));
      if (!parent || parent->organization_id != organization_id)
        return Status(ErrorCode::invalid_argument, "no such parent department",
                      {{"parent_id", "no such department"}});
    }
    Department d;
    d.organization_id = organization_id;
    d.parent_id = input.parent_id;
    d.name = input.name;
    d.cost_centre = input.cost_centre;
    d.created_at = clock_.now_ms();
    auto created = repository::insert_department(tx, d);
    if (!created && created.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::unique_violation, "a department with this name exists",
                    {{"name", "is already used"}});
    if (!created) return created.status();
    FUWU_TRY(audit_.append(tx, actor,
                           {"department.create", "department", std::to_string(created->id),
                            organization_id, std::nullopt, json_text(*created)}));
    return created;
  });
}

Result<Department> RegistryService::update_department(const auth::Principal& p,
                                                      const audit::Actor& actor, std::int64_t id,
                                                      std::int64_t expected_version,
                                                      const DepartmentPatch& patch) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Department> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_department(tx, id));
    if (!found || !p.can_see_organization(found->organization_id))
      return Status(ErrorCode::not_found, "no such department");
    if (!can_manage_departments(p, found->organization_id))
      return Status(ErrorCode::forbidden,
                    "only the organization's admin or an operator manages departments");
    if (found->version != expected_version) return version_mismatch();
    const std::optional<std::int64_t> parent_id =
        patch.parent_id ? *patch.parent_id : found->parent_id;
    if (patch.parent_id && parent_id) {
      // No cycles: walk up from the new parent; meeting this department means it would be its own
      // ancestor.
      for (std::optional<std::int64_t> at = parent_id; at;) {
        if (*at == id)
          return Status(ErrorCode::invalid_argument, "a department cannot be inside itself",
                        {{"parent_id", "would make a cycle"}});
        FUWU_ASSIGN_OR_RETURN(auto parent, repository::find_department(tx, *at));
        if (!parent || parent->organization_id != found->organization_id)
          return Status(ErrorCode::invalid_argument, "no such parent department",
                        {{"parent_id", "no such department"}});
        at = parent->parent_id;
      }
    }
    Department updated = *found;
    if (patch.name) updated.name = *patch.name;
    updated.parent_id = parent_id;
    if (patch.cost_centre) updated.cost_centre = *patch.cost_centre;
    updated.updated_at = clock_.now_ms();
    auto changed = repository::update_department(tx, updated, expected_version);
    if (!changed && changed.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::unique_violation, "a department with this name exists",
                    {{"name", "is already used"}});
    if (!changed) return changed.status();
    if (!*changed) return version_mismatch();
    updated.version = expected_version + 1;
    FUWU_TRY(audit_.append(tx, actor,
                           {"department.update", "department", std::to_string(id),
                            found->organization_id, json_text(*found), json_text(updated)}));
    return updated;
  });
}

Status RegistryService::delete_department(const auth::Principal& p, const audit::Actor& actor,
                                          std::int64_t id) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_department(tx, id));
    if (!found || !p.can_see_organization(found->organization_id))
      return Status(ErrorCode::not_found, "no such department");
    if (!can_manage_departments(p, found->organization_id))
      return Status(ErrorCode::forbidden,
                    "only the organization's admin or an operator manages departments");
    Status deleted = repository::delete_department(tx, id);
    if (deleted.code() == ErrorCode::foreign_key_violation)
      return Status(ErrorCode::conflict,
                    "the department still has sub-departments; move or delete them first");
    FUWU_TRY(deleted);
    return audit_.append(tx, actor,
                         {"department.delete", "department", std::to_string(id),
                          found->organization_id, json_text(*found), std::nullopt});
  });
}

}  // namespace fuwu::registry

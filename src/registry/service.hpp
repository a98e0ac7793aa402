// The registry service: provider profiles and the directory that finds them, suppliers and their
// encrypted API credentials, client departments. Who may change what:
//   provider profile: operators (everything) and the provider's own admin (what it offers);
//   suppliers: operators; departments: operators and the client organization's admin.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/directory_service.hpp"
#include "auth/principal.hpp"
#include "registry/repository.hpp"

namespace fuwu::registry {

struct ProviderPatch {
  std::optional<std::string> summary;
  std::optional<std::int64_t> team_size;
  std::optional<std::string> hq_region_code;
  std::optional<std::vector<std::string>> resource_region_codes;
  std::optional<std::vector<std::string>> categories;
  std::optional<std::string> status;         // operators only
  std::optional<std::string> provider_type;  // operators only
};

struct NewSupplier {
  std::string name;
  std::string region_code;
  std::string category;
  std::string api_endpoint;
  SupplierLimits limits;
};

struct SupplierPatch {
  std::optional<std::string> category;
  std::optional<std::string> api_endpoint;
  std::optional<std::string> status;
  std::optional<std::int64_t> requests_per_second;
  std::optional<std::int64_t> soft_deadline_ms;
  std::optional<std::int64_t> hard_deadline_ms;
};

struct DepartmentInput {
  std::string name;
  std::optional<std::int64_t> parent_id;
  std::string cost_centre;
};

// Fields left out keep their value; parent_id set to an empty optional moves it to the top.
struct DepartmentPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::int64_t>> parent_id;
  std::optional<std::string> cost_centre;
};

class RegistryService {
 public:
  // `credentials_key`: 32 bytes that seal supplier credentials at rest.
  RegistryService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
                  auth::DirectoryService& directory, std::string credentials_key)
      : db_(db),
        clock_(clock),
        audit_(audit),
        directory_(directory),
        credentials_key_(std::move(credentials_key)) {}

  // Within the caller's transaction (admission approval creates the profile with the organization).
  Status create_provider_profile(store::Transaction& tx, const audit::Actor& actor,
                                 ProviderProfile profile);

  // Non-operators see active providers only.
  Result<std::vector<ProviderProfile>> directory(const auth::Principal& viewer,
                                                 repository::ProviderFilter filter,
                                                 std::int64_t after_id, std::int64_t limit);
  Result<ProviderProfile> get_provider(const auth::Principal& viewer, std::int64_t id);
  Result<ProviderProfile> update_provider(const auth::Principal& principal,
                                          const audit::Actor& actor, std::int64_t id,
                                          std::int64_t expected_version,
                                          const ProviderPatch& patch);

  Result<SupplierProfile> create_supplier(const audit::Actor& actor, const NewSupplier& supplier);
  Result<std::vector<SupplierProfile>> list_suppliers(std::optional<std::string> category,
                                                      std::int64_t after_id, std::int64_t limit);
  Result<SupplierProfile> get_supplier(std::int64_t id);
  Result<SupplierProfile> update_supplier(const audit::Actor& actor, std::int64_t id,
                                          std::int64_t expected_version,
                                          const SupplierPatch& patch);
  // `credentials_json` is sealed before it is stored; it is never returned by the API.
  Result<SupplierProfile> set_supplier_credentials(const audit::Actor& actor, std::int64_t id,
                                                   const std::string& credentials_json);
  // For the supplier adapters of the travel module.
  Result<std::string> supplier_credentials(std::int64_t id);

  Result<std::vector<Department>> list_departments(const auth::Principal& p,
                                                   std::int64_t organization_id);
  Result<Department> create_department(const auth::Principal& p, const audit::Actor& actor,
                                       std::int64_t organization_id, const DepartmentInput& input);
  Result<Department> update_department(const auth::Principal& p, const audit::Actor& actor,
                                       std::int64_t id, std::int64_t expected_version,
                                       const DepartmentPatch& patch);
  Status delete_department(const auth::Principal& p, const audit::Actor& actor, std::int64_t id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  auth::DirectoryService& directory_;
  std::string credentials_key_;
};

}  // namespace fuwu::registry

// SQL for the registry. Every function runs in the caller's transaction.
#pragma once

#include <optional>
#include <vector>

#include "registry/model.hpp"
#include "store/database.hpp"

namespace fuwu::registry::repository {

using store::Transaction;

struct ProviderFilter {
  std::optional<std::string> category;
  std::optional<std::string> region_code;  // any level: a province finds its counties
  std::optional<std::string> provider_type;
  std::optional<std::string> status;
  std::optional<std::string> name_contains;
};

Status insert_provider(Transaction& tx, const ProviderProfile& profile);
Result<std::optional<ProviderProfile>> find_provider(Transaction& tx, std::int64_t organization_id);
Result<std::vector<ProviderProfile>> list_providers(Transaction& tx, const ProviderFilter& filter,
                                                    std::int64_t after_id, std::int64_t limit);
Result<bool> update_provider(Transaction& tx, const ProviderProfile& profile,
                             std::int64_t expected_version);

Status insert_supplier(Transaction& tx, const SupplierProfile& profile);
Result<std::optional<SupplierProfile>> find_supplier(Transaction& tx, std::int64_t organization_id);
Result<std::vector<SupplierProfile>> list_suppliers(Transaction& tx,
                                                    std::optional<std::string> category,
                                                    std::int64_t after_id, std::int64_t limit);
Result<bool> update_supplier(Transaction& tx, const SupplierProfile& profile,
                             std::int64_t expected_version);
Status set_supplier_credentials(Transaction& tx, std::int64_t organization_id,
                                const std::string& ciphertext, TimeMs now);
Result<std::optional<std::string>> supplier_credentials(Transaction& tx,
                                                        std::int64_t organization_id);

Result<Department> insert_department(Transaction& tx, Department department);
Result<std::optional<Department>> find_department(Transaction& tx, std::int64_t id);
Result<std::vector<Department>> list_departments(Transaction& tx, std::int64_t organization_id);
Result<bool> update_department(Transaction& tx, const Department& department,
                               std::int64_t expected_version);
Status delete_department(Transaction& tx, std::int64_t id);

}  // namespace fuwu::registry::repository

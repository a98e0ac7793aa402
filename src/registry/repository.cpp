#include "registry/repository.hpp"

#include <map>
#include <set>

#include "core/regions.hpp"

namespace fuwu::registry::repository {
namespace {

constexpr const char* kProviderSelect =
    "SELECT p.organization_id, o.name, p.provider_type, p.program_id, p.application_id, "
    "p.hq_region_code, "
    "p.team_size, p.summary, p.status, p.version, p.created_at, p.updated_at FROM "
    "provider_profiles p "
    "JOIN organizations o ON o.id = p.organization_id";

ProviderProfile provider_from_row(const store::Row& row) {
  ProviderProfile p;
  p.organization_id = row.integer(0);
  p.name = row.text(1);
  p.provider_type = row.text(2);
  p.program_id = row.optional_integer(3);
  p.application_id = row.optional_integer(4);
  p.hq_region_code = row.text(5);
  p.team_size = row.integer(6);
  p.summary = row.text(7);
  p.status = row.text(8);
  p.version = row.integer(9);
  p.created_at = row.integer(10);
  p.updated_at = row.integer(11);
  return p;
}

// Categories, regions and capabilities of a page of providers: three queries, not three per row.
Status load_details(Transaction& tx, std::vector<ProviderProfile>& providers) {
  if (providers.empty()) return Status::ok();
  store::Params ids;
  std::map<std::int64_t, ProviderProfile*> by_id;
  for (auto& p : providers) {
    ids.emplace_back(p.organization_id);
    by_id[p.organization_id] = &p;
    p.categories.clear();
    p.resource_region_codes.clear();
    p.capabilities.clear();
  }
  const std::string in = " WHERE organization_id IN (" + store::parameter_list(1, ids.size()) + ")";
  FUWU_ASSIGN_OR_RETURN(auto categories,
                        tx.query("SELECT organization_id, category FROM provider_categories" + in +
                                     " ORDER BY category",
                                 ids));
  for (const auto& row : categories) by_id[row.integer(0)]->categories.push_back(row.text(1));
  FUWU_ASSIGN_OR_RETURN(auto regions,
                        tx.query("SELECT organization_id, region_code FROM provider_regions" + in +
                                     " ORDER BY region_code",
                                 ids));
  for (const auto& row : regions)
    by_id[row.integer(0)]->resource_region_codes.push_back(row.text(1));
  FUWU_ASSIGN_OR_RETURN(auto capabilities,
                        tx.query("SELECT organization_id, capability, status FROM "
                                 "provider_capabilities" +
                                     in + " ORDER BY capability",
                                 ids));
  for (const auto& row : capabilities)
    by_id[row.integer(0)]->capabilities.push_back({row.text(1), row.text(2)});
  return Status::ok();
}

Status replace_details(Transaction& tx, const ProviderProfile& p) {
  const store::Params id{p.organization_id};
  for (const char* table : {"provider_categories", "provider_regions", "provider_region_index",
                            "provider_capabilities"})
    FUWU_TRY(tx.exec(std::string("DELETE FROM ") + table + " WHERE organization_id = $1", id));
  for (const auto& c : std::set<std::string>(p.categories.begin(), p.categories.end()))
    FUWU_TRY(tx.exec("INSERT INTO provider_categories (organization_id, category) VALUES ($1, $2)",
                     {p.organization_id, c}));
  std::set<std::string> indexed;
  for (const auto& r :
       std::set<std::string>(p.resource_region_codes.begin(), p.resource_region_codes.end())) {
    FUWU_TRY(tx.exec("INSERT INTO provider_regions (organization_id, region_code) VALUES ($1, $2)",
                     {p.organization_id, r}));
    for (const auto* region : regions::lineage(r)) indexed.insert(region->code);
  }
  for (const auto* region : regions::lineage(p.hq_region_code)) indexed.insert(region->code);
  for (const auto& code : indexed)
    FUWU_TRY(
        tx.exec("INSERT INTO provider_region_index (organization_id, region_code) VALUES ($1, $2)",
                {p.organization_id, code}));
  for (const auto& c : p.capabilities)
    FUWU_TRY(
        tx.exec("INSERT INTO provider_capabilities (organization_id, capability, status) VALUES "
                "($1, $2, $3)",
                {p.organization_id, c.capability, c.status}));
  return Status::ok();
}

std::string like_pattern(std::string_view needle) {
  std::string out = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out + "%";
}

}  // namespace

Status insert_provider(Transaction& tx, const ProviderProfile& p) {
  FUWU_TRY(tx.exec(
      "INSERT INTO provider_profiles (organization_id, provider_type, program_id, application_id, "
      "hq_region_code, team_size, summary, status, version, created_at, updated_at) VALUES ($1, "
      "$2, $3, "
      "$4, $5, $6, $7, $8, 1, $9, $9)",
      {p.organization_id, p.provider_type, store::optional_value(p.program_id),
       store::optional_value(p.application_id), p.hq_region_code, p.team_size, p.summary, p.status,
       p.created_at}));
  return replace_details(tx, p);
}

Result<std::optional<ProviderProfile>> find_provider(Transaction& tx,
                                                     std::int64_t organization_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query(std::string(kProviderSelect) + " WHERE p.organization_id = $1", {organization_id}));
  if (rows.empty()) return std::optional<ProviderProfile>();
  std::vector<ProviderProfile> one{provider_from_row(rows[0])};
  FUWU_TRY(load_details(tx, one));
  return std::optional<ProviderProfile>(std::move(one[0]));
}

Result<std::vector<ProviderProfile>> list_providers(Transaction& tx, const ProviderFilter& filter,
                                                    std::int64_t after_id, std::int64_t limit) {
  // The most selective index drives the scan, in organization order so pages stay cheap: a
  // region (a province has a few percent of providers), else a category, else the profiles.
  std::string from = " FROM provider_profiles p";
  std::string order_column = "p.organization_id";
  store::Params params;
  auto next = [&](store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string where;
  bool category_driven = false;
  if (filter.region_code) {
    from =
        " FROM provider_region_index d JOIN provider_profiles p ON p.organization_id = "
        "d.organization_id";
    order_column = "d.organization_id";
    where = " WHERE d.region_code = " + next(*filter.region_code);
  } else if (filter.category) {
    from =
        " FROM provider_categories d JOIN provider_profiles p ON p.organization_id = "
        "d.organization_id";
    order_column = "d.organization_id";
    where = " WHERE d.category = " + next(*filter.category);
    category_driven = true;
  } else {
    where = " WHERE 1 = 1";
  }
  where += " AND " + order_column + " > " + next(after_id);
  if (filter.provider_type) where += " AND p.provider_type = " + next(*filter.provider_type);
  if (filter.status) where += " AND p.status = " + next(*filter.status);
  if (filter.category && !category_driven)
    where +=
        " AND EXISTS (SELECT 1 FROM provider_categories c WHERE c.organization_id = "
        "p.organization_id AND "
        "c.category = " +
        next(*filter.category) + ")";
  if (filter.name_contains)
    where +=
        " AND lower(o.name) LIKE " + next(like_pattern(*filter.name_contains)) + " ESCAPE '\\'";
  const std::string select =
      std::string(kProviderSelect).substr(0, std::string(kProviderSelect).find(" FROM "));
  const std::string sql = select + from + " JOIN organizations o ON o.id = p.organization_id" +
                          where + " ORDER BY " + order_column + " LIMIT " + next(limit);
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
  std::vector<ProviderProfile> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(provider_from_row(row));
  FUWU_TRY(load_details(tx, out));
  return out;
}

Result<bool> update_provider(Transaction& tx, const ProviderProfile& p,
                             std::int64_t expected_version) {
  FUWU_ASSIGN_OR_RETURN(
      auto changed,
      tx.exec(
          "UPDATE provider_profiles SET provider_type = $1, hq_region_code = $2, team_size = $3, "
          "summary = $4, status = $5, version = version + 1, updated_at = $6 WHERE "
          "organization_id = $7 AND version = $8",
          {p.provider_type, p.hq_region_code, p.team_size, p.summary, p.status, p.updated_at,
           p.organization_id, expected_version}));
  if (changed != 1) return false;
  FUWU_TRY(replace_details(tx, p));
  return true;
}

namespace {
constexpr const char* kSupplierSelect =
    "SELECT s.organization_id, o.name, s.category, s.api_endpoint, s.credentials_ciphertext IS NOT "
    "NULL, "
    "s.credentials_updated_at, s.status, s.version, s.created_at, s.updated_at, "
    "s.requests_per_second, s.soft_deadline_ms, s.hard_deadline_ms FROM "
    "supplier_profiles s "
    "JOIN organizations o ON o.id = s.organization_id";
SupplierProfile supplier_from_row(const store::Row& row) {
  SupplierProfile s;
  s.organization_id = row.integer(0);
  s.name = row.text(1);
  s.category = row.text(2);
  s.api_endpoint = row.text(3);
  s.credentials_configured = row.integer(4) != 0;
  s.credentials_updated_at = row.optional_integer(5);
  s.status = row.text(6);
  s.version = row.integer(7);
  s.created_at = row.integer(8);
  s.updated_at = row.integer(9);
  s.limits = {row.integer(10), row.integer(11), row.integer(12)};
  return s;
}
}  // namespace

Status insert_supplier(Transaction& tx, const SupplierProfile& s) {
  return tx
      .exec(
          "INSERT INTO supplier_profiles (organization_id, category, api_endpoint, status, "
          "version, created_at, updated_at, requests_per_second, soft_deadline_ms, "
          "hard_deadline_ms) VALUES ($1, $2, $3, $4, 1, $5, $5, $6, $7, $8)",
          {s.organization_id, s.category, s.api_endpoint, s.status, s.created_at,
           s.limits.requests_per_second, s.limits.soft_deadline_ms, s.limits.hard_deadline_ms})
      .status();
}

Result<std::optional<SupplierProfile>> find_supplier(Transaction& tx,
                                                     std::int64_t organization_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query(std::string(kSupplierSelect) + " WHERE s.organization_id = $1", {organization_id}));
  if (rows.empty()) return std::optional<SupplierProfile>();
  return std::optional<SupplierProfile>(supplier_from_row(rows[0]));
}

Result<std::vector<SupplierProfile>> list_suppliers(Transaction& tx,
                                                    std::optional<std::string> category,
                                                    std::int64_t after_id, std::int64_t limit) {
  std::string sql = std::string(kSupplierSelect) + " WHERE s.organization_id > $1";
  store::Params params{after_id};
  if (category) {
    params.emplace_back(*category);
    sql += " AND s.category = $2";
  }
  params.emplace_back(limit);
  sql += " ORDER BY s.organization_id LIMIT $" + std::to_string(params.size());
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
  std::vector<SupplierProfile> out;
  for (const auto& row : rows) out.push_back(supplier_from_row(row));
  return out;
}

Result<bool> update_supplier(Transaction& tx, const SupplierProfile& s,
                             std::int64_t expected_version) {
  FUWU_ASSIGN_OR_RETURN(
      auto changed,
      tx.exec(
          "UPDATE supplier_profiles SET category = $1, api_endpoint = $2, status = $3, "
          "version = version + 1, updated_at = $4, requests_per_second = $7, "
          "soft_deadline_ms = $8, hard_deadline_ms = $9 WHERE organization_id = $5 AND "
          "version = $6",
          {s.category, s.api_endpoint, s.status, s.updated_at, s.organization_id, expected_version,
           s.limits.requests_per_second, s.limits.soft_deadline_ms, s.limits.hard_deadline_ms}));
  return changed == 1;
}

Status set_supplier_credentials(Transaction& tx, std::int64_t organization_id,
                                const std::string& ciphertext, TimeMs now) {
  return tx
      .exec(
          "UPDATE supplier_profiles SET credentials_ciphertext = $1, credentials_updated_at = $2, "
          "version = version + 1, updated_at = $2 WHERE organization_id = $3",
          {ciphertext, now, organization_id})
      .status();
}

Result<std::optional<std::string>> supplier_credentials(Transaction& tx,
                                                        std::int64_t organization_id) {
  FUWU_ASSIGN_OR_RETURN(auto rows,
                        tx.query("SELECT credentials_ciphertext FROM supplier_profiles WHERE "
                                 "organization_id = $1",
                                 {organization_id}));
  if (rows.empty()) return std::optional<std::string>();
  return rows[0].optional_text(0);
}

namespace {
constexpr const char* kDepartmentColumns =
    "id, organization_id, parent_id, name, cost_centre, version, created_at, updated_at";
Department department_from_row(const store::Row& row) {
  return {row.integer(0), row.integer(1), row.optional_integer(2), row.text(3),
          row.text(4),    row.integer(5), row.integer(6),          row.integer(7)};
}
}  // namespace

Result<Department> insert_department(Transaction& tx, Department d) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("INSERT INTO departments (organization_id, parent_id, name, cost_centre, "
                          "version, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5) "
                          "RETURNING id",
                          {d.organization_id, store::optional_value(d.parent_id), d.name,
                           d.cost_centre, d.created_at}));
  d.id = rows[0].integer(0);
  d.version = 1;
  d.updated_at = d.created_at;
  return d;
}

Result<std::optional<Department>> find_department(Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kDepartmentColumns +
                                                " FROM departments WHERE id = $1",
                                            {id}));
  if (rows.empty()) return std::optional<Department>();
  return std::optional<Department>(department_from_row(rows[0]));
}

Result<std::vector<Department>> list_departments(Transaction& tx, std::int64_t organization_id) {
  FUWU_ASSIGN_OR_RETURN(auto rows,
                        tx.query(std::string("SELECT ") + kDepartmentColumns +
                                     " FROM departments WHERE organization_id = $1 ORDER BY id",
                                 {organization_id}));
  std::vector<Department> out;
  for (const auto& row : rows) out.push_back(department_from_row(row));
  return out;
}

Result<bool> update_department(Transaction& tx, const Department& d,
                               std::int64_t expected_version) {
  FUWU_ASSIGN_OR_RETURN(
      auto changed, tx.exec("UPDATE departments SET parent_id = $1, name = $2, cost_centre = $3, "
                            "version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
                            {store::optional_value(d.parent_id), d.name, d.cost_centre,
                             d.updated_at, d.id, expected_version}));
  return changed == 1;
}

Status delete_department(Transaction& tx, std::int64_t id) {
  return tx.exec("DELETE FROM departments WHERE id = $1", {id}).status();
}

}  // namespace fuwu::registry::repository

#include "travel/service.hpp"

#include <boost/json.hpp>
#include <set>

#include "core/utf8.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

Result<TravelPolicy> load_policy(store::Transaction& tx, std::int64_t organization_id) {
  FUWU_ASSIGN_OR_RETURN(auto rows,
                        tx.query("SELECT policy_json, version FROM travel_policies WHERE "
                                 "organization_id = $1",
                                 {organization_id}));
  if (rows.empty()) return default_travel_policy();
  boost::system::error_code ec;
  auto parsed = json::parse(rows[0].text(0), ec);
  if (ec) return Status(ErrorCode::internal, "the stored travel policy is not JSON");
  FUWU_ASSIGN_OR_RETURN(auto policy, travel_policy_from_json(parsed));
  policy.version = rows[0].integer(1);
  return policy;
}

constexpr const char* kEmployeeQuery =
    "SELECT u.id, u.name, u.email, p.grade, p.department_id, d.name, p.cost_centre, d.cost_centre, "
    "p.version FROM users u JOIN (SELECT DISTINCT user_id FROM memberships WHERE organization_id = "
    "$1 AND role IN ('employee', 'client_admin')) m ON m.user_id = u.id LEFT JOIN travel_profiles "
    "p ON p.organization_id = $1 AND p.user_id = u.id LEFT JOIN departments d ON d.id = "
    "p.department_id";

EmployeeProfile employee_from_row(const store::Row& row, const TravelPolicy& policy) {
  EmployeeProfile e;
  e.user_id = row.integer(0);
  e.name = row.text(1);
  e.email = row.text(2);
  e.grade = row.optional_text(3);
  if (e.grade) {
    auto it = policy.grades.find(*e.grade);
    if (it != policy.grades.end()) e.rule_class = it->second;
  }
  e.department_id = row.optional_integer(4);
  e.department_name = row.optional_text(5).value_or("");
  const auto own = row.optional_text(6).value_or("");
  e.cost_centre = own.empty() ? row.optional_text(7).value_or("") : own;
  e.version = row.optional_integer(8).value_or(0);
  return e;
}

std::string profile_json(const EmployeeProfile& e) {
  return json::serialize(json::object{
      {"grade", e.grade ? json::value(*e.grade) : json::value(nullptr)},
      {"department_id", e.department_id ? json::value(*e.department_id) : json::value(nullptr)},
      {"cost_centre", e.cost_centre}});
}

Result<EmployeeProfile> find_employee(store::Transaction& tx, std::int64_t organization_id,
                                      std::int64_t user_id, const TravelPolicy& policy) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string(kEmployeeQuery) + " WHERE u.id = $2",
                                            {organization_id, user_id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such employee");
  return employee_from_row(rows[0], policy);
}

}  // namespace

Status require_client(store::Transaction& tx, const auth::Principal& who,
                      std::int64_t organization_id) {
  if (!who.can_see_organization(organization_id))
    return Status(ErrorCode::not_found, "no such company");
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT kind FROM organizations WHERE id = $1", {organization_id}));
  if (rows.empty() || rows[0].text(0) != "client")
    return Status(ErrorCode::not_found, "no such company");
  return Status::ok();
}

Result<TravelPolicy> TravelService::policy(const auth::Principal& who,
                                           std::int64_t organization_id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<TravelPolicy> {
    FUWU_TRY(require_client(tx, who, organization_id));
    return load_policy(tx, organization_id);
  });
}

Result<TravelPolicy> TravelService::put_policy(const auth::Principal& who,
                                               const audit::Actor& actor,
                                               std::int64_t organization_id,
                                               const TravelPolicy& policy,
                                               std::int64_t expected_version) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<TravelPolicy> {
    FUWU_TRY(require_client(tx, who, organization_id));
    FUWU_TRY(tx.lock("fuwu.travel-policy." + std::to_string(organization_id)));
    FUWU_ASSIGN_OR_RETURN(auto current, load_policy(tx, organization_id));
    if (current.version != expected_version)
      return Status(ErrorCode::version_mismatch,
                    "the travel policy was changed meanwhile (now version " +
                        std::to_string(current.version) + ")");
    FUWU_ASSIGN_OR_RETURN(auto in_use, tx.query("SELECT DISTINCT grade FROM travel_profiles WHERE "
                                                "organization_id = $1 ORDER BY grade",
                                                {organization_id}));
    std::vector<FieldError> dropped;
    for (const auto& row : in_use)
      if (!policy.grades.contains(row.text(0)))
        dropped.push_back({"grades." + row.text(0), "employees have this grade"});
    if (!dropped.empty()) {
      const std::string message = "employees still have grade " + dropped.front().field.substr(7) +
                                  "; give them another grade first";
      return Status(ErrorCode::conflict, message, std::move(dropped))
          .with_problem_code("grades_in_use");
    }
    TravelPolicy saved = policy;
    saved.version = current.version + 1;
    auto document = to_json(saved);
    document.erase("version");
    FUWU_TRY(tx.exec(current.version == 1
                         ? "INSERT INTO travel_policies (policy_json, version, updated_at, "
                           "organization_id) VALUES ($1, $2, $3, $4)"
                         : "UPDATE travel_policies SET policy_json = $1, version = $2, updated_at "
                           "= $3 WHERE organization_id = $4",
                     {json::serialize(document), saved.version, clock_.now_ms(), organization_id})
                 .status());
    FUWU_TRY(audit_.append(
        tx, actor,
        {"travel_policy.update", "travel_policy", std::to_string(organization_id), organization_id,
         json::serialize(to_json(current)), json::serialize(to_json(saved))}));
    return saved;
  });
}

Result<std::vector<EmployeeProfile>> TravelService::employees(const auth::Principal& who,
                                                              std::int64_t organization_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<EmployeeProfile>> {
        FUWU_TRY(require_client(tx, who, organization_id));
        FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, organization_id));
        FUWU_ASSIGN_OR_RETURN(
            auto rows, tx.query(std::string(kEmployeeQuery) + " ORDER BY u.id", {organization_id}));
        std::vector<EmployeeProfile> out;
        for (const auto& row : rows) out.push_back(employee_from_row(row, policy));
        return out;
      });
}

Result<EmployeeProfile> TravelService::set_profile(
    const auth::Principal& who, const audit::Actor& actor, std::int64_t organization_id,
    std::int64_t user_id, const ProfileChange& change, std::int64_t expected_version) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<EmployeeProfile> {
    FUWU_TRY(require_client(tx, who, organization_id));
    FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, organization_id));
    FUWU_ASSIGN_OR_RETURN(auto before, find_employee(tx, organization_id, user_id, policy));
    if (before.version != expected_version)
      return Status(ErrorCode::version_mismatch,
                    "the travel profile was changed meanwhile (now version " +
                        std::to_string(before.version) + "; 0 means none yet)");
    std::vector<FieldError> errors;
    if (!policy.grades.contains(change.grade))
      errors.push_back({"grade", "is not a grade of the company's travel policy"});
    if (change.department_id) {
      FUWU_ASSIGN_OR_RETURN(auto dept,
                            tx.query("SELECT organization_id FROM departments WHERE id = $1",
                                     {*change.department_id}));
      if (dept.empty() || dept[0].integer(0) != organization_id)
        errors.push_back({"department_id", "is not a department of this company"});
    }
    if (!errors.empty()) {
      const std::string message =
          "the travel profile is not valid: " + errors.front().field + " " + errors.front().message;
      return Status(ErrorCode::invalid_argument, message, std::move(errors));
    }
    const TimeMs now = clock_.now_ms();
    FUWU_TRY(tx.exec("INSERT INTO travel_profiles (organization_id, user_id, grade, "
                     "department_id, cost_centre, version, updated_at) VALUES ($1, $2, $3, $4, "
                     "$5, 1, $6) ON CONFLICT (organization_id, user_id) DO UPDATE SET grade = "
                     "excluded.grade, department_id = excluded.department_id, cost_centre = "
                     "excluded.cost_centre, version = travel_profiles.version + 1, updated_at "
                     "= excluded.updated_at",
                     {organization_id, user_id, change.grade,
                      store::optional_value(change.department_id), change.cost_centre, now})
                 .status());
    FUWU_ASSIGN_OR_RETURN(auto after, find_employee(tx, organization_id, user_id, policy));
    FUWU_TRY(audit_.append(
        tx, actor,
        {"travel_profile.update", "travel_profile",
         std::to_string(organization_id) + "/" + std::to_string(user_id), organization_id,
         before.version ? std::optional(profile_json(before)) : std::nullopt,
         profile_json(after)}));
    return after;
  });
}

Result<Traveller> TravelService::traveller(const auth::Principal& who,
                                           std::optional<std::int64_t> user_id) {
  if (who.organization_kind != auth::OrganizationKind::client)
    return Status(ErrorCode::forbidden, "travellers are employees of a client company");
  if (user_id && *user_id != who.user_id && !who.roles.contains(auth::Role::client_admin))
    return Status(ErrorCode::forbidden,
                  "only the travel manager books for another employee; book for yourself");
  const std::int64_t id = user_id.value_or(who.user_id);
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<Traveller> {
    FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string(kEmployeeQuery) + " WHERE u.id = $2",
                                              {who.organization_id, id}));
    if (rows.empty())
      return Status(ErrorCode::invalid_argument, "the traveller is not an employee of your company",
                    {{"traveller_id", "is not an employee of your company"}});
    return Traveller{who.organization_id, id, rows[0].text(1)};
  });
}

Result<EmployeeProfile> TravelService::profile_of(std::int64_t organization_id,
                                                  std::int64_t user_id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<EmployeeProfile> {
    FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, organization_id));
    return find_employee(tx, organization_id, user_id, policy);
  });
}

Result<RuleClass> TravelService::rule_class_of(std::int64_t organization_id, std::int64_t user_id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<RuleClass> {
    FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, organization_id));
    FUWU_ASSIGN_OR_RETURN(auto employee, find_employee(tx, organization_id, user_id, policy));
    if (!employee.grade)
      return Status(ErrorCode::conflict,
                    "the employee has no travel grade yet; the travel "
                    "manager sets it")
          .with_problem_code("no_grade");
    const auto* rule_class = policy.rule_class_for_grade(*employee.grade);
    if (!rule_class) return Status(ErrorCode::internal, "a grade without a rule class");
    return *rule_class;
  });
}

}  // namespace fuwu::travel

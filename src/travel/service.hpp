// The travel module's company data: each client company's policy document and its employees'
// travel profiles (grade → rule class, department, cost centre). Every change is audited.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "travel/policy_document.hpp"

namespace fuwu::travel {

struct EmployeeProfile {
  std::int64_t user_id = 0;
  std::string name;
  std::string email;
  std::optional<std::string> grade;  // none until the travel manager sets it
  std::optional<std::string> rule_class;
  std::optional<std::int64_t> department_id;
  std::string department_name;
  std::string cost_centre;   // its own, or its department's
  std::int64_t version = 0;  // 0: no profile yet
};

struct ProfileChange {
  std::string grade;
  std::optional<std::int64_t> department_id;
  std::string cost_centre;  // "" → the department's
};

class TravelService {
 public:
  TravelService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // The company's policy, or the defaults. 404 for another company's id or a non-client.
  Result<TravelPolicy> policy(const auth::Principal& who, std::int64_t organization_id);
  // Replaces it when `expected_version` is current; refused while an employee has a grade the
  // new policy drops (409 grades_in_use).
  Result<TravelPolicy> put_policy(const auth::Principal& who, const audit::Actor& actor,
                                  std::int64_t organization_id, const TravelPolicy& policy,
                                  std::int64_t expected_version);

  Result<std::vector<EmployeeProfile>> employees(const auth::Principal& who,
                                                 std::int64_t organization_id);
  Result<EmployeeProfile> set_profile(const auth::Principal& who, const audit::Actor& actor,
                                      std::int64_t organization_id, std::int64_t user_id,
                                      const ProfileChange& change);
  // The rule class that applies to an employee (409 no_grade until one is set).
  Result<RuleClass> rule_class_of(std::int64_t organization_id, std::int64_t user_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fuwu::travel

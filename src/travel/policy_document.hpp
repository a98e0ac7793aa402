// A company's travel policy as a document: its rule classes and which class each employee grade
// falls under. Read from JSON strictly (every problem a field error with its path, e.g.
// `rule_classes[0].flight.lowest_fare.window_minutes`) and written back the same way.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "travel/policy.hpp"

namespace fuwu::travel {

// Pre-trip approval (出差申请): which bookings need an approved travel request, and what happens to
// a request nobody decided by its deadline.
enum class ApprovalMode { none, out_of_policy, always };
const char* approval_mode_name(ApprovalMode mode);
struct ApprovalRules {
  ApprovalMode mode = ApprovalMode::none;
  std::int64_t deadline_hours = 24;
  bool approve_by_default = false;  // at the deadline: approve, or (default) deny
};

struct TravelPolicy {
  std::vector<RuleClass> rule_classes;
  ApprovalRules approval;
  std::map<std::string, std::string> grades;  // grade → rule class name
  std::int64_t version = 1;  // 1: the defaults (not stored); a stored policy counts on from 2

  const RuleClass* rule_class_for_grade(const std::string& grade) const;
};

// Three classes (staff, manager, executive) and grades P1–P9, M1–M4, E1–E3.
TravelPolicy default_travel_policy();

Result<TravelPolicy> travel_policy_from_json(const boost::json::value& body);
boost::json::object to_json(const TravelPolicy& policy);
boost::json::object to_json(const RuleClass& rule_class);

}  // namespace fuwu::travel

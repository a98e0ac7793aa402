// Admission records: provider programs, their rule-set versions, applications with materials and
// a timeline. JSON forms for the API live beside them.
#pragma once

#include <boost/json/fwd.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "admission/lifecycle.hpp"
#include "admission/rules.hpp"
#include "core/clock.hpp"

namespace fuwu::admission {

struct Program {
  std::int64_t id = 0;
  std::string code;  // stable, e.g. "local_services"
  std::string name_zh;
  std::string name_en;
  std::string description;
  std::string status = "open";  // open | closed
  std::int64_t rule_set_version = 0;
  int review_sla_working_days = 10;
  std::int64_t version = 1;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct RuleSetVersion {
  std::int64_t program_id = 0;
  std::int64_t version = 0;
  RuleSet rules;
  std::string note;
  std::optional<std::int64_t> created_by;
  TimeMs created_at = 0;
};

struct Application {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t rule_set_version = 0;
  State state = State::draft;
  std::string contact_name;
  std::string contact_email;
  std::string contact_phone;
  std::string company_name;
  std::optional<std::string> credit_code;
  std::string provider_type = "specialized";  // specialized | full_agency | travel
  std::vector<std::string> service_categories;
  boost::json::object facts;  // rule-relevant fields by name (see application_fields())
  std::optional<std::vector<Verdict>> verdicts;  // of the last submission
  std::optional<TimeMs> submitted_at;
  std::optional<TimeMs> due_at;
  std::optional<std::int64_t> reviewer_user_id;
  std::optional<TimeMs> decided_at;
  std::string decision_reason;
  std::optional<std::int64_t> provider_organization_id;
  std::int64_t version = 1;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct Material {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string material_type;
  std::string file_name;
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::string sha256;
  std::optional<std::string> list_stats_json;  // parsed lists: counts and problems
  TimeMs uploaded_at = 0;
};

struct Event {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  TimeMs at = 0;
  std::string actor;  // applicant | reviewer | operator | system
  std::optional<std::int64_t> actor_user_id;
  std::string action;
  std::optional<std::string> from_state;
  std::optional<std::string> to_state;
  std::string note;
};

// Facts for rule evaluation from an application's fields and its materials.
Facts facts_of(const Application& application, const std::vector<Material>& materials);

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Program& p);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Material& m);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Event& e);
// Without materials and timeline; the API adds those where it shows them.
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Application& a);

}  // namespace fuwu::admission

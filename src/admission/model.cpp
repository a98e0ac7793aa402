#include "admission/model.hpp"

#include <boost/json.hpp>

namespace fuwu::admission {
namespace {

boost::json::value optional_int(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value optional_text(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

}  // namespace

Facts facts_of(const Application& application, const std::vector<Material>& materials) {
  Facts facts;
  for (const auto& [name, type] : application_fields()) {
    const auto* value = application.facts.if_contains(name);
    if (name == "company_name") {
      if (!application.company_name.empty()) facts.fields[name] = application.company_name;
      continue;
    }
    if (name == "credit_code") {
      if (application.credit_code) facts.fields[name] = *application.credit_code;
      continue;
    }
    if (!value || value->is_null()) continue;
    switch (type) {
      case FieldType::integer:
        if (value->is_int64()) facts.fields[name] = value->as_int64();
        break;
      case FieldType::boolean:
        if (value->is_bool()) facts.fields[name] = value->as_bool();
        break;
      case FieldType::text:
        if (value->is_string()) facts.fields[name] = std::string(value->as_string());
        break;
      case FieldType::text_list:
        if (value->is_array()) {
          std::vector<std::string> items;
          for (const auto& item : value->as_array())
            if (item.is_string()) items.emplace_back(item.as_string());
          facts.fields[name] = std::move(items);
        }
        break;
    }
  }
  for (const auto& m : materials) {
    auto& summary = facts.materials[m.material_type];
    ++summary.files;
    if (m.list_stats_json) {
      boost::system::error_code ec;
      auto stats = boost::json::parse(*m.list_stats_json, ec);
      if (!ec && stats.is_object())
        if (const auto* distinct = stats.as_object().if_contains("rows_distinct");
            distinct && distinct->is_int64())
          // Several lists of one type are summed: each is counted distinct on its own.
          summary.list_rows_distinct =
              summary.list_rows_distinct.value_or(0) + distinct->as_int64();
    }
  }
  return facts;
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Program& p) {
  out = {{"id", p.id},
         {"code", p.code},
         {"name_zh", p.name_zh},
         {"name_en", p.name_en},
         {"description", p.description},
         {"status", p.status},
         {"rule_set_version", p.rule_set_version},
         {"review_sla_working_days", p.review_sla_working_days},
         {"version", p.version},
         {"created_at", p.created_at},
         {"updated_at", p.updated_at}};
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Material& m) {
  boost::json::value stats = nullptr;
  if (m.list_stats_json) {
    boost::system::error_code ec;
    stats = boost::json::parse(*m.list_stats_json, ec);
    if (ec) stats = nullptr;
  }
  out = {{"id", m.id},
         {"application_id", m.application_id},
         {"material_type", m.material_type},
         {"file_name", m.file_name},
         {"content_type", m.content_type},
         {"size_bytes", m.size_bytes},
         {"sha256", m.sha256},
         {"list_stats", stats},
         {"uploaded_at", m.uploaded_at}};
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Event& e) {
  out = {{"id", e.id},
         {"at", e.at},
         {"actor", e.actor},
         {"actor_user_id", optional_int(e.actor_user_id)},
         {"action", e.action},
         {"from_state", optional_text(e.from_state)},
         {"to_state", optional_text(e.to_state)},
         {"note", e.note}};
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const Application& a) {
  boost::json::array categories;
  for (const auto& c : a.service_categories) categories.emplace_back(c);
  boost::json::value verdicts = nullptr;
  if (a.verdicts) {
    boost::json::array list;
    for (const auto& v : *a.verdicts) list.push_back(verdict_to_json(v));
    verdicts = std::move(list);
  }
  out = {{"id", a.id},
         {"program_id", a.program_id},
         {"rule_set_version", a.rule_set_version},
         {"state", state_name(a.state)},
         {"contact_name", a.contact_name},
         {"contact_email", a.contact_email},
         {"contact_phone", a.contact_phone},
         {"company_name", a.company_name},
         {"credit_code", optional_text(a.credit_code)},
         {"provider_type", a.provider_type},
         {"service_categories", std::move(categories)},
         {"facts", a.facts},
         {"verdicts", std::move(verdicts)},
         {"submitted_at", optional_int(a.submitted_at)},
         {"due_at", optional_int(a.due_at)},
         {"reviewer_user_id", optional_int(a.reviewer_user_id)},
         {"decided_at", optional_int(a.decided_at)},
         {"decision_reason", a.decision_reason},
         {"provider_organization_id", optional_int(a.provider_organization_id)},
         {"version", a.version},
         {"created_at", a.created_at},
         {"updated_at", a.updated_at}};
}

}  // namespace fuwu::admission

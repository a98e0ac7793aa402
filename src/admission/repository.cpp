#include "admission/repository.hpp"

#include <boost/json.hpp>

namespace fuwu::admission::repository {
namespace {

constexpr const char* kProgramColumns =
    "id, code, name_zh, name_en, description, status, rule_set_version, review_sla_working_days, "
    "version, "
    "created_at, updated_at";

Program program_from_row(const store::Row& row) {
  Program p;
  p.id = row.integer(0);
  p.code = row.text(1);
  p.name_zh = row.text(2);
  p.name_en = row.text(3);
  p.description = row.text(4);
  p.status = row.text(5);
  p.rule_set_version = row.integer(6);
  p.review_sla_working_days = static_cast<int>(row.integer(7));
  p.version = row.integer(8);
  p.created_at = row.integer(9);
  p.updated_at = row.integer(10);
  return p;
}

constexpr const char* kApplicationColumns =
    "id, program_id, rule_set_version, state, contact_name, contact_email, contact_phone, "
    "company_name, "
    "credit_code, provider_type, service_categories_json, facts_json, verdicts_json, submitted_at, "
    "due_at, "
    "reviewer_user_id, decided_at, decision_reason, provider_organization_id, version, created_at, "
    "updated_at";

std::vector<Verdict> verdicts_from_json(const std::string& text) {
  std::vector<Verdict> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& item : value.as_array()) {
    const auto* o = item.if_object();
    if (!o) continue;
    Verdict v;
    if (auto* id = o->if_contains("rule_id"); id && id->is_string())
      v.rule_id = std::string(id->as_string());
    if (auto* outcome = o->if_contains("outcome"); outcome && outcome->is_string()) {
      const std::string_view s = outcome->as_string();
      v.outcome = s == "pass" ? Outcome::pass : s == "warn" ? Outcome::warn : Outcome::fail;
    }
    if (auto* control = o->if_contains("control"); control && control->is_string())
      v.control = control->as_string() == "warning" ? Control::warning : Control::must_pass;
    if (auto* reason = o->if_contains("reason"); reason && reason->is_object()) {
      const auto& r = reason->as_object();
      if (auto* zh = r.if_contains("zh"); zh && zh->is_string())
        v.reason.zh = std::string(zh->as_string());
      if (auto* en = r.if_contains("en"); en && en->is_string())
        v.reason.en = std::string(en->as_string());
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::string verdicts_to_json(const std::vector<Verdict>& verdicts) {
  boost::json::array array;
  for (const auto& v : verdicts) array.push_back(verdict_to_json(v));
  return boost::json::serialize(array);
}

Application application_from_row(const store::Row& row) {
  Application a;
  a.id = row.integer(0);
  a.program_id = row.integer(1);
  a.rule_set_version = row.integer(2);
  a.state = parse_state(row.text(3)).value_or(State::draft);
  a.contact_name = row.text(4);
  a.contact_email = row.text(5);
  a.contact_phone = row.text(6);
  a.company_name = row.text(7);
  a.credit_code = row.optional_text(8);
  a.provider_type = row.text(9);
  boost::system::error_code ec;
  auto categories = boost::json::parse(row.text(10), ec);
  if (!ec && categories.is_array())
    for (const auto& c : categories.as_array())
      if (c.is_string()) a.service_categories.emplace_back(c.as_string());
  auto facts = boost::json::parse(row.text(11), ec);
  if (!ec && facts.is_object()) a.facts = std::move(facts.as_object());
  if (auto verdicts = row.optional_text(12)) a.verdicts = verdicts_from_json(*verdicts);
  a.submitted_at = row.optional_integer(13);
  a.due_at = row.optional_integer(14);
  a.reviewer_user_id = row.optional_integer(15);
  a.decided_at = row.optional_integer(16);
  a.decision_reason = row.text(17);
  a.provider_organization_id = row.optional_integer(18);
  a.version = row.integer(19);
  a.created_at = row.integer(20);
  a.updated_at = row.integer(21);
  return a;
}

std::string categories_json(const std::vector<std::string>& categories) {
  boost::json::array array;
  for (const auto& c : categories) array.emplace_back(c);
  return boost::json::serialize(array);
}

constexpr const char* kMaterialColumns =
    "id, application_id, material_type, file_name, content_type, size_bytes, sha256, "
    "list_stats_json, uploaded_at";

Material material_from_row(const store::Row& row) {
  Material m;
  m.id = row.integer(0);
  m.application_id = row.integer(1);
  m.material_type = row.text(2);
  m.file_name = row.text(3);
  m.content_type = row.text(4);
  m.size_bytes = row.integer(5);
  m.sha256 = row.text(6);
  m.list_stats_json = row.optional_text(7);
  m.uploaded_at = row.integer(8);
  return m;
}

}  // namespace

Result<std::vector<Program>> list_programs(Transaction& tx) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kProgramColumns +
                                            " FROM admission_programs ORDER BY id"));
  std::vector<Program> out;
  for (const auto& row : rows) out.push_back(program_from_row(row));
  return out;
}

Result<std::optional<Program>> find_program(Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kProgramColumns +
                                                " FROM admission_programs WHERE id = $1",
                                            {id}));
  if (rows.empty()) return std::optional<Program>();
  return std::optional<Program>(program_from_row(rows[0]));
}

Result<Program> insert_program(Transaction& tx, Program p) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("INSERT INTO admission_programs (code, name_zh, name_en, description, status, "
               "rule_set_version, "
               "review_sla_working_days, version, created_at, updated_at) VALUES ($1, $2, $3, $4, "
               "$5, $6, $7, 1, $8, $8) "
               "RETURNING id",
               {p.code, p.name_zh, p.name_en, p.description, p.status, p.rule_set_version,
                std::int64_t{p.review_sla_working_days}, p.created_at}));
  p.id = rows[0].integer(0);
  p.version = 1;
  p.updated_at = p.created_at;
  return p;
}

Result<bool> update_program(Transaction& tx, const Program& p, std::int64_t expected_version) {
  FUWU_ASSIGN_OR_RETURN(
      auto changed,
      tx.exec("UPDATE admission_programs SET name_zh = $1, name_en = $2, description = $3, status "
              "= $4, "
              "rule_set_version = $5, review_sla_working_days = $6, version = version + 1, "
              "updated_at = $7 "
              "WHERE id = $8 AND version = $9",
              {p.name_zh, p.name_en, p.description, p.status, p.rule_set_version,
               std::int64_t{p.review_sla_working_days}, p.updated_at, p.id, expected_version}));
  return changed == 1;
}

Result<RuleSetVersion> insert_rule_set(Transaction& tx, RuleSetVersion r) {
  FUWU_TRY(
      tx.exec("INSERT INTO admission_rule_sets (program_id, version, rules_json, note, created_by, "
              "created_at) "
              "VALUES ($1, $2, $3, $4, $5, $6)",
              {r.program_id, r.version, boost::json::serialize(rule_set_to_json(r.rules)), r.note,
               store::optional_value(r.created_by), r.created_at}));
  return r;
}

namespace {
Result<RuleSetVersion> rule_set_from_row(const store::Row& row) {
  RuleSetVersion r;
  r.program_id = row.integer(0);
  r.version = row.integer(1);
  boost::system::error_code ec;
  auto json = boost::json::parse(row.text(2), ec);
  if (ec) return Status(ErrorCode::internal, "stored rule set is not JSON");
  FUWU_ASSIGN_OR_RETURN(r.rules, rule_set_from_json(json));
  r.note = row.text(3);
  r.created_by = row.optional_integer(4);
  r.created_at = row.integer(5);
  return r;
}
}  // namespace

Result<std::optional<RuleSetVersion>> find_rule_set(Transaction& tx, std::int64_t program_id,
                                                    std::int64_t version) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT program_id, version, rules_json, note, created_by, created_at "
                          "FROM admission_rule_sets WHERE program_id = $1 AND version = $2",
                          {program_id, version}));
  if (rows.empty()) return std::optional<RuleSetVersion>();
  FUWU_ASSIGN_OR_RETURN(auto r, rule_set_from_row(rows[0]));
  return std::optional<RuleSetVersion>(std::move(r));
}

Result<std::vector<RuleSetVersion>> list_rule_sets(Transaction& tx, std::int64_t program_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT program_id, version, rules_json, note, created_by, created_at "
                          "FROM admission_rule_sets WHERE program_id = $1 ORDER BY version DESC",
                          {program_id}));
  std::vector<RuleSetVersion> out;
  for (const auto& row : rows) {
    FUWU_ASSIGN_OR_RETURN(auto r, rule_set_from_row(row));
    out.push_back(std::move(r));
  }
  return out;
}

Result<Application> insert_application(Transaction& tx, Application a,
                                       const std::string& token_hash) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("INSERT INTO admission_applications (program_id, rule_set_version, "
                          "state, access_token_hash, "
                          "contact_name, contact_email, contact_phone, company_name, "
                          "provider_type, service_categories_json, "
                          "facts_json, version, created_at, updated_at) VALUES ($1, $2, $3, $4, "
                          "$5, $6, $7, $8, $9, $10, $11, 1, "
                          "$12, $12) RETURNING id",
                          {a.program_id, a.rule_set_version, std::string(state_name(a.state)),
                           token_hash, a.contact_name, a.contact_email, a.contact_phone,
                           a.company_name, a.provider_type, categories_json(a.service_categories),
                           boost::json::serialize(a.facts), a.created_at}));
  a.id = rows[0].integer(0);
  a.version = 1;
  a.updated_at = a.created_at;
  return a;
}

Result<std::optional<Application>> find_application(Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kApplicationColumns +
                                                " FROM admission_applications WHERE id = $1",
                                            {id}));
  if (rows.empty()) return std::optional<Application>();
  return std::optional<Application>(application_from_row(rows[0]));
}

Result<std::optional<std::int64_t>> find_application_by_token(Transaction& tx,
                                                              const std::string& token_hash) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT id FROM admission_applications WHERE access_token_hash = $1", {token_hash}));
  if (rows.empty()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(rows[0].integer(0));
}

Result<bool> update_application(Transaction& tx, const Application& a,
                                std::int64_t expected_version) {
  FUWU_ASSIGN_OR_RETURN(
      auto changed,
      tx.exec(
          "UPDATE admission_applications SET rule_set_version = $1, state = $2, contact_name = $3, "
          "contact_email = $4, contact_phone = $5, company_name = $6, credit_code = $7, "
          "provider_type = $8, "
          "service_categories_json = $9, facts_json = $10, verdicts_json = $11, submitted_at = "
          "$12, "
          "due_at = $13, reviewer_user_id = $14, decided_at = $15, decision_reason = $16, "
          "provider_organization_id = $17, version = version + 1, updated_at = $18 "
          "WHERE id = $19 AND version = $20",
          {a.rule_set_version,
           std::string(state_name(a.state)),
           a.contact_name,
           a.contact_email,
           a.contact_phone,
           a.company_name,
           store::optional_value(a.credit_code),
           a.provider_type,
           categories_json(a.service_categories),
           boost::json::serialize(a.facts),
           a.verdicts ? store::Value(verdicts_to_json(*a.verdicts)) : store::null_value(),
           store::optional_value(a.submitted_at),
           store::optional_value(a.due_at),
           store::optional_value(a.reviewer_user_id),
           store::optional_value(a.decided_at),
           a.decision_reason,
           store::optional_value(a.provider_organization_id),
           a.updated_at,
           a.id,
           expected_version}));
  return changed == 1;
}

Result<std::vector<Application>> review_queue(Transaction& tx, const QueueFilter& filter,
                                              std::optional<std::pair<TimeMs, std::int64_t>> after,
                                              std::int64_t limit) {
  std::string sql =
      std::string("SELECT ") + kApplicationColumns + " FROM admission_applications WHERE ";
  store::Params params;
  auto next = [&](store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  if (filter.state) {
    sql += "state = " + next(std::string(state_name(*filter.state)));
  } else {
    sql += "state IN ('auto_checked', 'in_review')";
  }
  if (filter.program_id) sql += " AND program_id = " + next(*filter.program_id);
  if (filter.reviewer_user_id) sql += " AND reviewer_user_id = " + next(*filter.reviewer_user_id);
  // Applications without a due date (drafts, decided ones) sort last.
  const std::string due = "COALESCE(due_at, 9223372036854775807)";
  if (after) {
    const std::string d = next(after->first), i = next(after->second);
    sql += " AND (" + due + " > " + d + " OR (" + due + " = " + d + " AND id > " + i + "))";
  }
  sql += " ORDER BY " + due + ", id LIMIT " + next(limit);
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
  std::vector<Application> out;
  for (const auto& row : rows) out.push_back(application_from_row(row));
  return out;
}

Result<Material> insert_material(Transaction& tx, Material m) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("INSERT INTO admission_materials (application_id, material_type, file_name, "
               "content_type, "
               "size_bytes, sha256, list_stats_json, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, "
               "$7, $8) "
               "RETURNING id",
               {m.application_id, m.material_type, m.file_name, m.content_type, m.size_bytes,
                m.sha256, store::optional_value(m.list_stats_json), m.uploaded_at}));
  m.id = rows[0].integer(0);
  return m;
}

Result<std::vector<Material>> list_materials(Transaction& tx, std::int64_t application_id) {
  FUWU_ASSIGN_OR_RETURN(auto rows,
                        tx.query(std::string("SELECT ") + kMaterialColumns +
                                     " FROM admission_materials WHERE application_id = $1 AND "
                                     "removed_at IS NULL ORDER BY id",
                                 {application_id}));
  std::vector<Material> out;
  for (const auto& row : rows) out.push_back(material_from_row(row));
  return out;
}

Result<std::optional<Material>> find_material(Transaction& tx, std::int64_t application_id,
                                              std::int64_t material_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query(std::string("SELECT ") + kMaterialColumns +
                              " FROM admission_materials WHERE application_id = $1 AND id = $2 "
                              "AND removed_at IS NULL",
                          {application_id, material_id}));
  if (rows.empty()) return std::optional<Material>();
  return std::optional<Material>(material_from_row(rows[0]));
}

Status remove_material(Transaction& tx, std::int64_t material_id, TimeMs now) {
  return tx.exec("UPDATE admission_materials SET removed_at = $1 WHERE id = $2", {now, material_id})
      .status();
}

Result<Event> insert_event(Transaction& tx, Event e) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("INSERT INTO admission_events (application_id, at, actor, actor_user_id, action, "
               "from_state, "
               "to_state, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
               {e.application_id, e.at, e.actor, store::optional_value(e.actor_user_id), e.action,
                store::optional_value(e.from_state), store::optional_value(e.to_state), e.note}));
  e.id = rows[0].integer(0);
  return e;
}

Result<std::vector<Event>> list_events(Transaction& tx, std::int64_t application_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT id, application_id, at, actor, actor_user_id, action, from_state, "
               "to_state, note FROM admission_events WHERE application_id = $1 ORDER BY id",
               {application_id}));
  std::vector<Event> out;
  for (const auto& row : rows) {
    Event e;
    e.id = row.integer(0);
    e.application_id = row.integer(1);
    e.at = row.integer(2);
    e.actor = row.text(3);
    e.actor_user_id = row.optional_integer(4);
    e.action = row.text(5);
    e.from_state = row.optional_text(6);
    e.to_state = row.optional_text(7);
    e.note = row.text(8);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace fuwu::admission::repository

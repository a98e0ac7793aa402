#include "admission/service.hpp"

#include <boost/json.hpp>

#include "admission/credit_code.hpp"
#include "admission/material_check.hpp"
#include "admission/partner_list.hpp"
#include "admission/repository.hpp"
#include "auth/repository.hpp"
#include "auth/session_service.hpp"
#include "calendar/calendar_days.hpp"
#include "core/crypto.hpp"
#include "core/regions.hpp"
#include "core/utf8.hpp"

namespace fuwu::admission {
namespace {

constexpr std::string_view kTokenPrefix = "fwa_";
constexpr std::size_t kFactTextCharsMax = 2000;
constexpr std::size_t kFactListItemsMax = 50;
constexpr std::int64_t kFactIntegerMax = 1'000'000'000'000'000;  // ¥10 trillion in fen
constexpr std::size_t kReasonCharsMax = 1000;

template <typename T>
std::string json_text(const T& value) {
  return boost::json::serialize(boost::json::value_from(value));
}

Status not_found_application() {
  return Status(ErrorCode::not_found, "no such application");
}

Status stale(std::int64_t current) {
  return Status(ErrorCode::version_mismatch,
                "the application changed since you read it (now version " +
                    std::to_string(current) + "); reload and retry");
}

Event event(const Application& a, std::string actor, std::optional<std::int64_t> user,
            std::string action, std::optional<State> from, std::optional<State> to,
            std::string note, TimeMs at) {
  Event e;
  e.application_id = a.id;
  e.at = at;
  e.actor = std::move(actor);
  e.actor_user_id = user;
  e.action = std::move(action);
  if (from) e.from_state = state_name(*from);
  if (to) e.to_state = state_name(*to);
  e.note = std::move(note);
  return e;
}

// Writes `updated` over `before` (refusing if another writer got there first) and puts the step
// on the application's timeline.
Status save_change(store::Transaction& tx, const Application& before, Application& updated,
                   Event step) {
  FUWU_ASSIGN_OR_RETURN(bool changed, repository::update_application(tx, updated, before.version));
  if (!changed)
    return Status(ErrorCode::serialization_failure, "the application changed meanwhile");
  updated.version = before.version + 1;
  return repository::insert_event(tx, std::move(step)).status();
}

audit::Actor applicant_actor(const std::string& request_id) {
  return {std::nullopt, std::nullopt, request_id};
}

// Leading and trailing whitespace (the ideographic space too) does not count as a reason.
std::string trimmed(std::string_view text) {
  constexpr std::string_view kIdeographicSpace = "\u3000";
  for (bool changed = true; changed && !text.empty();) {
    changed = false;
    if (std::isspace(static_cast<unsigned char>(text.front())))
      text.remove_prefix(1), changed = true;
    else if (text.starts_with(kIdeographicSpace))
      text.remove_prefix(3), changed = true;
    if (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
      text.remove_suffix(1), changed = true;
    else if (text.ends_with(kIdeographicSpace))
      text.remove_suffix(3), changed = true;
  }
  return std::string(text);
}

Status check_reason(const std::string& reason, bool required) {
  const auto chars = utf8::count_code_points(trimmed(reason)).value_or(0);
  if (required && chars == 0)
    return Status(ErrorCode::invalid_argument, "give a reason the applicant can act on",
                  {{"reason", "is required"}});
  if (chars > kReasonCharsMax)
    return Status(ErrorCode::invalid_argument, "the reason is too long",
                  {{"reason", "must be at most 1000 characters"}});
  return Status::ok();
}

}  // namespace

Status validate_facts(const boost::json::object& facts) {
  std::vector<FieldError> errors;
  for (const auto& [key, value] : facts) {
    const std::string field = "facts." + std::string(key);
    auto known = application_fields().find(std::string(key));
    if (known == application_fields().end() || key == "company_name" || key == "credit_code") {
      errors.push_back({field, "is not a field of an application"});
      continue;
    }
    if (value.is_null()) continue;
    switch (known->second) {
      case FieldType::integer:
        if (!value.is_int64() || value.as_int64() < 0 || value.as_int64() > kFactIntegerMax)
          errors.push_back({field, "must be a whole number from 0"});
        break;
      case FieldType::boolean:
        if (!value.is_bool()) errors.push_back({field, "must be true or false"});
        break;
      case FieldType::text: {
        const auto chars =
            value.is_string() ? utf8::count_code_points(value.as_string()) : std::nullopt;
        if (!chars || *chars > kFactTextCharsMax)
          errors.push_back({field, "must be text of at most 2000 characters"});
        break;
      }
      case FieldType::text_list: {
        bool ok = value.is_array() && value.as_array().size() <= kFactListItemsMax;
        if (ok)
          for (const auto& item : value.as_array())
            ok &= item.is_string() && item.as_string().size() <= 64;
        if (!ok) errors.push_back({field, "must be a list of at most 50 short strings"});
        break;
      }
    }
  }
  if (errors.empty()) return Status::ok();
  const std::string message =
      "the application has invalid fields: " + errors.front().field + " " + errors.front().message;
  return Status(ErrorCode::invalid_argument, message, std::move(errors));
}

Result<std::vector<Program>> AdmissionService::list_programs() {
  return store::with_read_transaction(
      db_, [](store::Transaction& tx) { return repository::list_programs(tx); });
}

Result<Program> AdmissionService::get_program(std::int64_t id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<Program> {
    FUWU_ASSIGN_OR_RETURN(auto program, repository::find_program(tx, id));
    if (!program) return Status(ErrorCode::not_found, "no such program");
    return *program;
  });
}

Result<RuleSetVersion> AdmissionService::get_rule_set(std::int64_t program_id,
                                                      std::optional<std::int64_t> version) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<RuleSetVersion> {
    FUWU_ASSIGN_OR_RETURN(auto program, repository::find_program(tx, program_id));
    if (!program) return Status(ErrorCode::not_found, "no such program");
    FUWU_ASSIGN_OR_RETURN(
        auto rules,
        repository::find_rule_set(tx, program_id, version.value_or(program->rule_set_version)));
    if (!rules) return Status(ErrorCode::not_found, "no such rule set version");
    return *rules;
  });
}

Result<std::vector<RuleSetVersion>> AdmissionService::rule_set_history(std::int64_t program_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<RuleSetVersion>> {
        FUWU_ASSIGN_OR_RETURN(auto program, repository::find_program(tx, program_id));
        if (!program) return Status(ErrorCode::not_found, "no such program");
        return repository::list_rule_sets(tx, program_id);
      });
}

Result<Program> AdmissionService::create_program(const audit::Actor& actor, const NewProgram& input,
                                                 const RuleSet& rules) {
  FUWU_TRY(validate_rule_set(rules));
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Program> {
    Program program;
    program.code = input.code;
    program.name_zh = input.name_zh;
    program.name_en = input.name_en;
    program.description = input.description;
    program.review_sla_working_days = input.review_sla_working_days;
    program.rule_set_version = 1;
    program.created_at = now;
    auto created = repository::insert_program(tx, program);
    if (!created && created.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::unique_violation, "a program with this code exists",
                    {{"code", "is already used"}});
    if (!created) return created.status();
    FUWU_TRY(repository::insert_rule_set(
        tx, {created->id, 1, rules, "initial rules", actor.user_id, now}));
    FUWU_TRY(
        audit_.append(tx, actor,
                      {"admission_program.create", "admission_program", std::to_string(created->id),
                       std::nullopt, std::nullopt, json_text(*created)}));
    return created;
  });
}

Result<Program> AdmissionService::update_program(const audit::Actor& actor, std::int64_t id,
                                                 std::int64_t expected_version,
                                                 const ProgramPatch& patch) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Program> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_program(tx, id));
    if (!found) return Status(ErrorCode::not_found, "no such program");
    if (found->version != expected_version)
      return Status(ErrorCode::version_mismatch,
                    "the program changed since you read it; reload and retry");
    Program updated = *found;
    if (patch.name_zh) updated.name_zh = *patch.name_zh;
    if (patch.name_en) updated.name_en = *patch.name_en;
    if (patch.description) updated.description = *patch.description;
    if (patch.status) updated.status = *patch.status;
    if (patch.review_sla_working_days)
      updated.review_sla_working_days = *patch.review_sla_working_days;
    updated.updated_at = clock_.now_ms();
    FUWU_ASSIGN_OR_RETURN(bool changed, repository::update_program(tx, updated, expected_version));
    if (!changed)
      return Status(ErrorCode::version_mismatch, "the program changed since you read it");
    updated.version = expected_version + 1;
    FUWU_TRY(audit_.append(tx, actor,
                           {"admission_program.update", "admission_program", std::to_string(id),
                            std::nullopt, json_text(*found), json_text(updated)}));
    return updated;
  });
}

Result<RuleSetVersion> AdmissionService::publish_rule_set(const audit::Actor& actor,
                                                          std::int64_t program_id,
                                                          const RuleSet& rules,
                                                          const std::string& note) {
  FUWU_TRY(validate_rule_set(rules));
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<RuleSetVersion> {
    FUWU_ASSIGN_OR_RETURN(auto program, repository::find_program(tx, program_id));
    if (!program) return Status(ErrorCode::not_found, "no such program");
    RuleSetVersion version{
        program_id, program->rule_set_version + 1, rules, note, actor.user_id, clock_.now_ms()};
    FUWU_ASSIGN_OR_RETURN(auto inserted, repository::insert_rule_set(tx, version));
    Program updated = *program;
    updated.rule_set_version = inserted.version;
    updated.updated_at = inserted.created_at;
    FUWU_ASSIGN_OR_RETURN(bool changed, repository::update_program(tx, updated, program->version));
    if (!changed) return Status(ErrorCode::serialization_failure, "the program changed meanwhile");
    boost::json::object after{{"program_id", program_id},
                              {"version", inserted.version},
                              {"note", note},
                              {"rules", rule_set_to_json(rules)}};
    FUWU_TRY(audit_.append(
        tx, actor,
        {"admission_rule_set.publish", "admission_program", std::to_string(program_id),
         std::nullopt, std::nullopt, boost::json::serialize(after)}));
    return inserted;
  });
}

Result<StartedApplication> AdmissionService::start_application(std::int64_t program_id,
                                                               const Contact& contact,
                                                               const std::string& request_id) {
  if (!auth::looks_like_email(contact.email))
    return Status(ErrorCode::invalid_argument, "contact_email is not an email address",
                  {{"contact_email", "is not an email address"}});
  StartedApplication started;
  started.access_token = std::string(kTokenPrefix) + crypto::random_hex(32);
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) -> Result<StartedApplication> {
        FUWU_ASSIGN_OR_RETURN(auto program, repository::find_program(tx, program_id));
        if (!program)
          return Status(ErrorCode::invalid_argument, "no such program",
                        {{"program_id", "no such program"}});
        if (program->status != "open")
          return Status(ErrorCode::conflict, "this program does not take applications now")
              .with_problem_code("program_closed");
        Application a;
        a.program_id = program_id;
        a.rule_set_version = program->rule_set_version;
        a.contact_name = contact.name;
        a.contact_email = auth::normalize_email(contact.email);
        a.contact_phone = contact.phone;
        a.created_at = now;
        FUWU_ASSIGN_OR_RETURN(
            started.application,
            repository::insert_application(tx, a, crypto::sha256_hex(started.access_token)));
        FUWU_TRY(
            repository::insert_event(tx, event(started.application, "applicant", std::nullopt,
                                               "create", std::nullopt, State::draft, "", now)));
        FUWU_TRY(audit_.append(tx, applicant_actor(request_id),
                               {"admission_application.create", "admission_application",
                                std::to_string(started.application.id), std::nullopt, std::nullopt,
                                json_text(started.application)}));
        return started;
      });
}

Status AdmissionService::check_token(std::int64_t application_id, std::string_view token) {
  if (!token.starts_with(kTokenPrefix) || token.size() > 128)
    return Status(ErrorCode::unauthenticated, "send the application's token in X-Application-Token")
        .with_problem_code("invalid_token");
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto id,
                          repository::find_application_by_token(tx, crypto::sha256_hex(token)));
    if (!id)
      return Status(ErrorCode::unauthenticated, "the application token is not valid")
          .with_problem_code("invalid_token");
    if (*id != application_id) return not_found_application();
    return Status::ok();
  });
}

Result<ApplicationView> AdmissionService::view(std::int64_t id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<ApplicationView> {
    FUWU_ASSIGN_OR_RETURN(auto application, repository::find_application(tx, id));
    if (!application) return not_found_application();
    ApplicationView v;
    v.application = std::move(*application);
    FUWU_ASSIGN_OR_RETURN(v.materials, repository::list_materials(tx, id));
    FUWU_ASSIGN_OR_RETURN(v.events, repository::list_events(tx, id));
    // A draft is judged by the program's current rules; a submitted one by those it was submitted
    // under.
    std::int64_t version = v.application.rule_set_version;
    if (v.application.state == State::draft) {
      FUWU_ASSIGN_OR_RETURN(auto program, repository::find_program(tx, v.application.program_id));
      if (program) version = program->rule_set_version;
    }
    FUWU_ASSIGN_OR_RETURN(auto rules,
                          repository::find_rule_set(tx, v.application.program_id, version));
    if (!rules) return Status(ErrorCode::internal, "the application's rule set is missing");
    v.rule_set = std::move(*rules);
    v.live_verdicts = evaluate(v.rule_set.rules, facts_of(v.application, v.materials));
    return v;
  });
}

Result<Application> AdmissionService::update(std::int64_t id, std::int64_t expected_version,
                                             const ApplicationPatch& patch,
                                             const std::string& request_id) {
  if (patch.facts) FUWU_TRY(validate_facts(*patch.facts));
  std::optional<std::optional<std::string>> credit_code;
  if (patch.credit_code) {
    if (*patch.credit_code) {
      FUWU_ASSIGN_OR_RETURN(std::string normalized, normalize_credit_code(**patch.credit_code));
      credit_code = std::optional<std::string>(normalized);
    } else {
      credit_code = std::optional<std::string>();
    }
  }
  if (patch.contact_email && !auth::looks_like_email(*patch.contact_email))
    return Status(ErrorCode::invalid_argument, "contact_email is not an email address",
                  {{"contact_email", "is not an email address"}});
  if (patch.provider_type && *patch.provider_type != "specialized" &&
      *patch.provider_type != "full_agency" && *patch.provider_type != "travel")
    return Status(ErrorCode::invalid_argument,
                  "provider_type must be specialized, full_agency or travel",
                  {{"provider_type", "must be specialized, full_agency or travel"}});
  if (patch.service_categories) {
    for (const auto& c : *patch.service_categories) {
      const auto& known = registry::service_categories();
      if (std::find(known.begin(), known.end(), c) == known.end())
        return Status(ErrorCode::invalid_argument, "unknown service category " + c,
                      {{"service_categories", "unknown category " + c}});
    }
  }
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Application> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_application(tx, id));
    if (!found) return not_found_application();
    FUWU_TRY(transition(found->state, Action::edit, Actor::applicant).status());
    if (found->version != expected_version) return stale(found->version);
    Application updated = *found;
    if (patch.contact_name) updated.contact_name = *patch.contact_name;
    if (patch.contact_email) updated.contact_email = auth::normalize_email(*patch.contact_email);
    if (patch.contact_phone) updated.contact_phone = *patch.contact_phone;
    if (patch.company_name) updated.company_name = *patch.company_name;
    if (credit_code) updated.credit_code = *credit_code;
    if (patch.provider_type) updated.provider_type = *patch.provider_type;
    if (patch.service_categories) updated.service_categories = *patch.service_categories;
    if (patch.facts)
      for (const auto& [key, value] : *patch.facts) {
        if (value.is_null())
          updated.facts.erase(key);
        else
          updated.facts[key] = value;
      }
    updated.updated_at = now;
    auto changed = repository::update_application(tx, updated, expected_version);
    if (!changed && changed.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::unique_violation,
                    "another application for this unified social credit code is already in "
                    "progress or approved",
                    {{"credit_code", "already has a live application"}});
    if (!changed) return changed.status();
    if (!*changed) return stale(found->version + 1);
    updated.version = expected_version + 1;
    FUWU_TRY(
        audit_.append(tx, applicant_actor(request_id),
                      {"admission_application.update", "admission_application", std::to_string(id),
                       std::nullopt, json_text(*found), json_text(updated)}));
    return updated;
  });
}

Result<Application> AdmissionService::submit(std::int64_t id, const std::string& request_id) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Application> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_application(tx, id));
    if (!found) return not_found_application();
    const Action action =
        found->state == State::changes_requested ? Action::resubmit : Action::submit;
    FUWU_ASSIGN_OR_RETURN(State next, transition(found->state, action, Actor::applicant));
    FUWU_ASSIGN_OR_RETURN(auto program, repository::find_program(tx, found->program_id));
    if (!program) return Status(ErrorCode::internal, "the application's program is missing");
    if (action == Action::submit && program->status != "open")
      return Status(ErrorCode::conflict, "this program does not take applications now")
          .with_problem_code("program_closed");
    std::vector<FieldError> missing;
    if (found->company_name.empty()) missing.push_back({"company_name", "is required to submit"});
    if (!found->credit_code) missing.push_back({"credit_code", "is required to submit"});
    if (!missing.empty())
      return Status(ErrorCode::invalid_argument, "complete the application before submitting",
                    missing);
    Application updated = *found;
    // The rules it is judged by: the current ones at first submission, the same ones on
    // resubmission.
    if (action == Action::submit) updated.rule_set_version = program->rule_set_version;
    FUWU_ASSIGN_OR_RETURN(
        auto rules, repository::find_rule_set(tx, updated.program_id, updated.rule_set_version));
    if (!rules) return Status(ErrorCode::internal, "the rule set is missing");
    FUWU_ASSIGN_OR_RETURN(auto materials, repository::list_materials(tx, id));
    auto verdicts = evaluate(rules->rules, facts_of(updated, materials));
    if (!all_must_pass_rules_pass(verdicts)) {
      std::vector<FieldError> failed;
      for (const auto& v : verdicts)
        if (v.outcome == Outcome::fail) failed.push_back({"rules." + v.rule_id, v.reason.en});
      const std::string message = "the application does not meet " + std::to_string(failed.size()) +
                                  " must-pass rule(s), first: " + failed.front().field + " (" +
                                  failed.front().message + ")";
      return Status(ErrorCode::invalid_argument, message, std::move(failed))
          .with_problem_code("rules_not_met");
    }
    FUWU_ASSIGN_OR_RETURN(auto calendar, calendar::load_business_calendar(tx));
    updated.state = next;
    updated.verdicts = verdicts;
    updated.submitted_at = now;
    updated.due_at = calendar.add_working_days(now, program->review_sla_working_days);
    updated.reviewer_user_id.reset();
    updated.decision_reason.clear();
    updated.updated_at = now;
    FUWU_TRY(save_change(tx, *found, updated,
                         event(updated, "applicant", std::nullopt, action_name(action),
                               found->state, std::nullopt, "", now)));
    int warnings = 0;
    for (const auto& v : verdicts) warnings += v.outcome == Outcome::warn;
    FUWU_TRY(repository::insert_event(
        tx, event(updated, "system", std::nullopt, "auto_check", std::nullopt, next,
                  std::to_string(verdicts.size()) + " rules checked, " + std::to_string(warnings) +
                      " warning(s)",
                  now)));
    FUWU_TRY(audit_.append(
        tx, applicant_actor(request_id),
        {"admission_application." + std::string(action_name(action)), "admission_application",
         std::to_string(id), std::nullopt, json_text(*found), json_text(updated)}));
    return updated;
  });
}

Result<Application> AdmissionService::withdraw(std::int64_t id, const std::string& note,
                                               const std::string& request_id) {
  FUWU_TRY(check_reason(note, false));
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Application> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_application(tx, id));
    if (!found) return not_found_application();
    FUWU_ASSIGN_OR_RETURN(State next, transition(found->state, Action::withdraw, Actor::applicant));
    Application updated = *found;
    updated.state = next;
    updated.decided_at = now;
    updated.updated_at = now;
    FUWU_TRY(save_change(
        tx, *found, updated,
        event(updated, "applicant", std::nullopt, "withdraw", found->state, next, note, now)));
    FUWU_TRY(
        audit_.append(tx, applicant_actor(request_id),
                      {"admission_application.withdraw", "admission_application",
                       std::to_string(id), std::nullopt, json_text(*found), json_text(updated)}));
    return updated;
  });
}

Result<Material> AdmissionService::add_material(std::int64_t id, const std::string& material_type,
                                                const std::string& file_name,
                                                std::string_view bytes,
                                                const std::string& request_id) {
  FUWU_ASSIGN_OR_RETURN(auto sniffed, check_material(material_type, file_name, bytes));
  std::optional<std::string> list_stats;
  if (is_list_material(material_type)) {
    const auto& schema =
        material_type == "merchant_list" ? merchant_list_schema() : influencer_list_schema();
    auto summary = parse_partner_list(bytes, schema);
    if (!summary) {
      Status s = summary.status();
      return Status(s.code(), s.message(), {{"file", s.message()}});
    }
    boost::json::array problems;
    for (const auto& p : summary->problems)
      problems.push_back({{"line", p.line}, {"message", p.message}});
    list_stats =
        boost::json::serialize(boost::json::object{{"rows_total", summary->rows_total},
                                                   {"rows_well_formed", summary->rows_well_formed},
                                                   {"rows_distinct", summary->rows_distinct},
                                                   {"encoding", summary->encoding},
                                                   {"had_bom", summary->had_bom},
                                                   {"problems_total", summary->problems_total},
                                                   {"problems", std::move(problems)}});
  }
  // Refusals that depend on the application come before the bytes touch the disk.
  FUWU_TRY(store::with_read_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_application(tx, id));
    if (!found) return not_found_application();
    FUWU_TRY(transition(found->state, Action::edit, Actor::applicant).status());
    FUWU_ASSIGN_OR_RETURN(auto existing, repository::list_materials(tx, id));
    if (static_cast<int>(existing.size()) >= kMaterialsPerApplicationMax)
      return Status(ErrorCode::conflict, "an application holds at most 30 files; remove one first");
    return Status::ok();
  }));
  // The file goes to disk before its row: a crash in between leaves an unreferenced file, never a
  // row without its file.
  FUWU_ASSIGN_OR_RETURN(std::string sha256, files_.put(bytes));
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Material> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_application(tx, id));
    if (!found) return not_found_application();
    FUWU_TRY(transition(found->state, Action::edit, Actor::applicant).status());
    FUWU_ASSIGN_OR_RETURN(auto existing, repository::list_materials(tx, id));
    if (static_cast<int>(existing.size()) >= kMaterialsPerApplicationMax)
      return Status(ErrorCode::conflict, "an application holds at most 30 files; remove one first");
    Material m;
    m.application_id = id;
    m.material_type = material_type;
    m.file_name = file_name;
    m.content_type = sniffed.content_type;
    m.size_bytes = static_cast<std::int64_t>(bytes.size());
    m.sha256 = sha256;
    m.list_stats_json = list_stats;
    m.uploaded_at = now;
    FUWU_ASSIGN_OR_RETURN(auto inserted, repository::insert_material(tx, m));
    FUWU_TRY(repository::insert_event(
        tx, event(*found, "applicant", std::nullopt, "upload", std::nullopt, std::nullopt,
                  material_type + ": " + file_name, now)));
    FUWU_TRY(audit_.append(tx, applicant_actor(request_id),
                           {"admission_material.create", "admission_application",
                            std::to_string(id), std::nullopt, std::nullopt, json_text(inserted)}));
    return inserted;
  });
}

Status AdmissionService::remove_material(std::int64_t id, std::int64_t material_id,
                                         const std::string& request_id) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_application(tx, id));
    if (!found) return not_found_application();
    FUWU_TRY(transition(found->state, Action::edit, Actor::applicant).status());
    FUWU_ASSIGN_OR_RETURN(auto material, repository::find_material(tx, id, material_id));
    if (!material) return Status(ErrorCode::not_found, "no such material");
    FUWU_TRY(repository::remove_material(tx, material_id, now));
    FUWU_TRY(repository::insert_event(
        tx, event(*found, "applicant", std::nullopt, "remove_upload", std::nullopt, std::nullopt,
                  material->material_type + ": " + material->file_name, now)));
    return audit_.append(tx, applicant_actor(request_id),
                         {"admission_material.remove", "admission_application", std::to_string(id),
                          std::nullopt, json_text(*material), std::nullopt});
  });
}

Result<AdmissionService::MaterialFile> AdmissionService::material_file(std::int64_t id,
                                                                       std::int64_t material_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto material,
      store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<Material> {
        FUWU_ASSIGN_OR_RETURN(auto m, repository::find_material(tx, id, material_id));
        if (!m) return Status(ErrorCode::not_found, "no such material");
        return *m;
      }));
  FUWU_ASSIGN_OR_RETURN(auto bytes, files_.get(material.sha256));
  return MaterialFile{std::move(material), std::move(bytes)};
}

Result<QueuePage> AdmissionService::review_queue(std::optional<std::int64_t> program_id,
                                                 std::optional<State> state,
                                                 const std::string& cursor, std::int64_t limit) {
  std::optional<std::pair<TimeMs, std::int64_t>> after;
  if (!cursor.empty()) {
    // "q<due>.<id>": the last row of the previous page.
    const auto dot = cursor.find('.');
    try {
      if (cursor[0] != 'q' || dot == std::string::npos) throw std::invalid_argument("cursor");
      after =
          std::make_pair(std::stoll(cursor.substr(1, dot - 1)), std::stoll(cursor.substr(dot + 1)));
    } catch (const std::exception&) {
      return Status(ErrorCode::invalid_argument, "cursor is not one this server issued",
                    {{"cursor", "is not a cursor this server issued"}});
    }
  }
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<QueuePage> {
    FUWU_ASSIGN_OR_RETURN(auto rows, repository::review_queue(tx, {program_id, state, std::nullopt},
                                                              after, limit + 1));
    QueuePage page;
    if (static_cast<std::int64_t>(rows.size()) > limit) {
      rows.resize(static_cast<std::size_t>(limit));
      const auto& last = rows.back();
      page.next_cursor =
          "q" + std::to_string(last.due_at.value_or(INT64_MAX)) + "." + std::to_string(last.id);
    }
    page.items = std::move(rows);
    return page;
  });
}

Result<Application> AdmissionService::claim(const auth::Principal& reviewer,
                                            const audit::Actor& actor, std::int64_t id) {
  return reviewer_decision(reviewer, actor, id, Action::claim, "");
}

Result<Application> AdmissionService::reject(const auth::Principal& reviewer,
                                             const audit::Actor& actor, std::int64_t id,
                                             const std::string& reason) {
  FUWU_TRY(check_reason(reason, true));
  return reviewer_decision(reviewer, actor, id, Action::reject, reason);
}

Result<Application> AdmissionService::request_changes(const auth::Principal& reviewer,
                                                      const audit::Actor& actor, std::int64_t id,
                                                      const std::string& reason) {
  FUWU_TRY(check_reason(reason, true));
  return reviewer_decision(reviewer, actor, id, Action::request_changes, reason);
}

Result<Application> AdmissionService::reviewer_decision(const auth::Principal& reviewer,
                                                        const audit::Actor& actor, std::int64_t id,
                                                        Action action, const std::string& reason) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Application> {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_application(tx, id));
    if (!found) return not_found_application();
    FUWU_ASSIGN_OR_RETURN(State next, transition(found->state, action, Actor::reviewer));
    Application updated = *found;
    updated.state = next;
    updated.reviewer_user_id = reviewer.user_id;
    if (action != Action::claim) {
      updated.decision_reason = reason;
      if (is_final(next)) updated.decided_at = now;
    }
    updated.updated_at = now;
    FUWU_TRY(save_change(tx, *found, updated,
                         event(updated, "reviewer", reviewer.user_id, action_name(action),
                               found->state, next, reason, now)));
    FUWU_TRY(audit_.append(
        tx, actor,
        {"admission_application." + std::string(action_name(action)), "admission_application",
         std::to_string(id), std::nullopt, json_text(*found), json_text(updated)}));
    return updated;
  });
}

Result<Approval> AdmissionService::approve(const auth::Principal& reviewer,
                                           const audit::Actor& actor, std::int64_t id,
                                           const std::string& note) {
  FUWU_TRY(check_reason(note, false));
  Approval approval;
  approval.one_time_password = crypto::random_hex(8);
  FUWU_ASSIGN_OR_RETURN(std::string password_hash,
                        directory_.hash_new_password(approval.one_time_password));
  const TimeMs now = clock_.now_ms();
  FUWU_TRY(store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_ASSIGN_OR_RETURN(auto found, repository::find_application(tx, id));
    if (!found) return not_found_application();
    FUWU_ASSIGN_OR_RETURN(State next, transition(found->state, Action::approve, Actor::reviewer));
    // The provider organization and its admin come into being with the approval, or not at all.
    auth::Organization org;
    org.name = found->company_name;
    org.kind = auth::OrganizationKind::provider;
    org.region_code =
        found->facts.contains("hq_region_code") && found->facts.at("hq_region_code").is_string()
            ? std::string(found->facts.at("hq_region_code").as_string())
            : "";
    if (!regions::find(org.region_code)) org.region_code.clear();
    FUWU_ASSIGN_OR_RETURN(approval.organization, directory_.insert_organization(tx, actor, org));
    auto admin = directory_.insert_user(
        tx, actor,
        {found->contact_email,
         found->contact_name.empty() ? found->company_name : found->contact_name,
         approval.one_time_password, approval.organization.id,
         auth::RoleSet{auth::Role::provider_admin}},
        password_hash);
    if (!admin && admin.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::conflict,
                    "the contact email " + found->contact_email +
                        " already has an account; ask the applicant for another contact email")
          .with_problem_code("contact_email_taken");
    if (!admin) return admin.status();
    approval.admin = std::move(admin).value();
    // The registry profile: what the application stated, capabilities claimed until certified.
    registry::ProviderProfile profile;
    profile.organization_id = approval.organization.id;
    profile.provider_type = found->provider_type;
    profile.program_id = found->program_id;
    profile.application_id = found->id;
    profile.hq_region_code = approval.organization.region_code;
    if (const auto* regions = found->facts.if_contains("resource_region_codes");
        regions && regions->is_array())
      for (const auto& r : regions->as_array())
        if (r.is_string() && regions::find(r.as_string()))
          profile.resource_region_codes.emplace_back(r.as_string());
    if (const auto* team = found->facts.if_contains("team_size"); team && team->is_int64())
      profile.team_size = team->as_int64();
    if (const auto* statement = found->facts.if_contains("advantage_statement");
        statement && statement->is_string())
      profile.summary = std::string(statement->as_string());
    profile.categories = found->service_categories;
    for (const auto& c : found->service_categories) profile.capabilities.push_back({c, "claimed"});
    FUWU_TRY(registry_.create_provider_profile(tx, actor, profile));
    Application updated = *found;
    updated.state = next;
    updated.reviewer_user_id = reviewer.user_id;
    updated.decision_reason = note;
    updated.decided_at = now;
    updated.provider_organization_id = approval.organization.id;
    updated.updated_at = now;
    FUWU_TRY(save_change(
        tx, *found, updated,
        event(updated, "reviewer", reviewer.user_id, "approve", found->state, next, note, now)));
    FUWU_TRY(
        audit_.append(tx, actor,
                      {"admission_application.approve", "admission_application", std::to_string(id),
                       approval.organization.id, json_text(*found), json_text(updated)}));
    approval.application = std::move(updated);
    return Status::ok();
  }));
  return approval;
}

bool AdmissionService::is_overdue(const Application& application) const {
  return awaits_review(application.state) && application.due_at &&
         clock_.now_ms() > *application.due_at;
}

}  // namespace fuwu::admission

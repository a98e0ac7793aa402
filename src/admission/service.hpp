// Admission: how a company becomes a provider. Operators run programs with versioned rule sets;
// applicants (who have no account yet: they hold an application token) fill in an application,
// upload materials, see every rule's verdict live and submit; the auto-check stores each verdict;
// reviewers work a queue sorted by due date (working days, holiday calendar) and approve, reject or
// request changes. Approval creates the provider organization and its admin user in the same
// transaction. Every change is in the audit log and on the application's timeline.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "admission/model.hpp"
#include "audit/audit_log.hpp"
#include "auth/directory_service.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "registry/service.hpp"
#include "store/database.hpp"
#include "store/file_store.hpp"

namespace fuwu::admission {

struct NewProgram {
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::string description;
  int review_sla_working_days = 10;
};

struct ProgramPatch {
  std::optional<std::string> name_zh;
  std::optional<std::string> name_en;
  std::optional<std::string> description;
  std::optional<std::string> status;
  std::optional<int> review_sla_working_days;
};

struct Contact {
  std::string name;
  std::string email;
  std::string phone;
};

struct ApplicationPatch {
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_email;
  std::optional<std::string> contact_phone;
  std::optional<std::string> company_name;
  std::optional<std::optional<std::string>> credit_code;  // set, or clear with null
  std::optional<std::string> provider_type;
  std::optional<std::vector<std::string>> service_categories;
  std::optional<boost::json::object> facts;  // merged: a key with null removes the fact
};

struct ApplicationView {
  Application application;
  std::vector<Material> materials;
  std::vector<Event> events;
  std::vector<Verdict> live_verdicts;  // against the rule set it is (or will be) judged by
  RuleSetVersion rule_set;
};

struct StartedApplication {
  Application application;
  std::string access_token;  // shown once; only its hash is stored
};

struct Approval {
  Application application;
  auth::Organization organization;
  auth::User admin;
  std::string one_time_password;  // shown once to the reviewer, who hands it to the provider
};

struct QueuePage {
  std::vector<Application> items;
  std::optional<std::string> next_cursor;
};

class AdmissionService {
 public:
  AdmissionService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
                   store::FileStore& files, auth::DirectoryService& directory,
                   registry::RegistryService& registry)
      : db_(db),
        clock_(clock),
        audit_(audit),
        files_(files),
        directory_(directory),
        registry_(registry) {}

  Result<std::vector<Program>> list_programs();
  Result<Program> get_program(std::int64_t id);
  // The current rule set when `version` is empty.
  Result<RuleSetVersion> get_rule_set(std::int64_t program_id, std::optional<std::int64_t> version);
  Result<std::vector<RuleSetVersion>> rule_set_history(std::int64_t program_id);
  Result<Program> create_program(const audit::Actor& actor, const NewProgram& program,
                                 const RuleSet& rules);
  Result<Program> update_program(const audit::Actor& actor, std::int64_t id,
                                 std::int64_t expected_version, const ProgramPatch& patch);
  Result<RuleSetVersion> publish_rule_set(const audit::Actor& actor, std::int64_t program_id,
                                          const RuleSet& rules, const std::string& note);

  // Applicant side. `request_id` goes to the audit log; applicants act with no user.
  Result<StartedApplication> start_application(std::int64_t program_id, const Contact& contact,
                                               const std::string& request_id);
  // The application a token opens; unauthenticated for an unknown token, not_found for another id.
  Status check_token(std::int64_t application_id, std::string_view token);
  Result<ApplicationView> view(std::int64_t id);
  Result<Application> update(std::int64_t id, std::int64_t expected_version,
                             const ApplicationPatch& patch, const std::string& request_id);
  // Submits a draft or resubmits after changes were requested: runs the auto-check, refuses when a
  // must-pass rule fails (naming each), starts the review clock.
  Result<Application> submit(std::int64_t id, const std::string& request_id);
  Result<Application> withdraw(std::int64_t id, const std::string& note,
                               const std::string& request_id);
  Result<Material> add_material(std::int64_t id, const std::string& material_type,
                                const std::string& file_name, std::string_view bytes,
                                const std::string& request_id);
  Status remove_material(std::int64_t id, std::int64_t material_id, const std::string& request_id);
  struct MaterialFile {
    Material material;
    std::string bytes;
  };
  Result<MaterialFile> material_file(std::int64_t id, std::int64_t material_id);

  // Reviewer side.
  Result<QueuePage> review_queue(std::optional<std::int64_t> program_id, std::optional<State> state,
                                 const std::string& cursor, std::int64_t limit);
  Result<Application> claim(const auth::Principal& reviewer, const audit::Actor& actor,
                            std::int64_t id);
  Result<Approval> approve(const auth::Principal& reviewer, const audit::Actor& actor,
                           std::int64_t id, const std::string& note);
  Result<Application> reject(const auth::Principal& reviewer, const audit::Actor& actor,
                             std::int64_t id, const std::string& reason);
  Result<Application> request_changes(const auth::Principal& reviewer, const audit::Actor& actor,
                                      std::int64_t id, const std::string& reason);

  // Overdue: awaiting review past its due date, now.
  bool is_overdue(const Application& application) const;

 private:
  Result<Application> reviewer_decision(const auth::Principal& reviewer, const audit::Actor& actor,
                                        std::int64_t id, Action action, const std::string& reason);
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  store::FileStore& files_;
  auth::DirectoryService& directory_;
  registry::RegistryService& registry_;
};

// Reads facts from a JSON object: every key must be a known application field of the right type.
Status validate_facts(const boost::json::object& facts);

}  // namespace fuwu::admission

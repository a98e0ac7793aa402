// Growth tasks (任务): the catalogue per program, completion from metrics the platform reports
// (the interface later modules feed) or from evidence a reviewer accepts, and what each provider
// has done in a cycle. Points reach the ledger only through here, with source "task:<code>";
// how many a provider holds for a task is always read back from the ledger.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rating/ledger.hpp"

namespace fuwu::rating {

struct Task {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::string kind;  // basic | additional
  std::int64_t points = 0;
  std::int64_t cap = 1;  // completions per cycle
  std::string capability;
  std::string completion;  // metric | evidence
  std::string metric;      // for metric tasks
  std::int64_t target = 0;
  bool active = true;

  std::string source_ref() const { return "task:" + code; }
  // Completions a metric value earns: floor(value / target), at most the cap.
  std::int64_t completions_for(std::int64_t value) const;
};

struct MetricReading {
  std::int64_t cycle_id = 0;
  std::int64_t provider_id = 0;
  std::string metric;
  std::int64_t value = 0;
  std::string source_event;
  TimeMs updated_at = 0;
};

struct Evidence {
  std::int64_t id = 0;
  std::int64_t task_id = 0;
  std::string task_code;
  std::int64_t cycle_id = 0;
  std::int64_t provider_id = 0;
  std::string provider_name;
  std::string description;
  std::string state;  // submitted | accepted | rejected
  TimeMs submitted_at = 0;
  std::optional<TimeMs> decided_at;
  std::string decision_note;
  std::optional<std::int64_t> ledger_entry_id;
};

struct TaskStatus {
  Task task;
  std::int64_t completions = 0;
  std::int64_t points_earned = 0;
  bool done = false;
  std::int64_t evidence_pending = 0;
};

struct EvidenceFilter {
  std::optional<std::string> state;
  std::optional<std::int64_t> cycle_id;
  std::optional<std::int64_t> provider_id;
};

// Points a provider holds in a cycle per task source reference ("task:<code>" → points).
Result<std::map<std::string, std::int64_t>> task_points(store::Transaction& tx,
                                                        std::int64_t cycle_id,
                                                        std::int64_t provider_id);
Result<std::vector<Task>> program_tasks(store::Transaction& tx, std::int64_t program_id);

class TaskService {
 public:
  TaskService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
              LedgerService& ledger)
      : db_(db), clock_(clock), audit_(audit), ledger_(ledger) {}

  Result<Task> create(const audit::Actor& actor, Task task);
  Result<std::vector<Task>> list(std::int64_t program_id);
  Result<Task> get(std::int64_t id);
  Result<Task> set_active(const audit::Actor& actor, std::int64_t id, bool active);

  // The metric interface: a provider's value of a metric in a cycle, as an absolute value.
  // Every active metric task of the program using it is re-evaluated and the difference
  // credited (or taken back) in the ledger; repeating a report changes nothing.
  Result<std::vector<LedgerEntry>> report_metric(const audit::Actor& actor, std::int64_t cycle_id,
                                                 std::int64_t provider_id,
                                                 const std::string& metric, std::int64_t value,
                                                 const std::string& source_event);
  Result<std::vector<MetricReading>> metrics(std::int64_t cycle_id, std::int64_t provider_id);

  Result<Evidence> submit_evidence(const audit::Actor& actor, std::int64_t task_id,
                                   std::int64_t cycle_id, std::int64_t provider_id,
                                   const std::string& description);
  Result<Evidence> decide_evidence(const audit::Actor& actor, std::int64_t id, bool accept,
                                   const std::string& note);
  Result<Evidence> get_evidence(std::int64_t id);
  Result<std::vector<Evidence>> list_evidence(const EvidenceFilter& filter, std::int64_t limit);

  Result<std::vector<TaskStatus>> statuses(std::int64_t cycle_id, std::int64_t provider_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  LedgerService& ledger_;
};

}  // namespace fuwu::rating

#include "rating/tasks.hpp"

#include <boost/json.hpp>

#include "core/utf8.hpp"
#include "rating/policy.hpp"

namespace fuwu::rating {
namespace {

namespace json = boost::json;

constexpr const char* kTaskColumns =
    "id, program_id, code, name_zh, name_en, kind, points, cap, capability, completion, metric, "
    "target, active";
constexpr const char* kEvidenceColumns =
    "e.id, e.task_id, t.code, e.cycle_id, e.provider_id, o.name, e.description, e.state, "
    "e.submitted_at, e.decided_at, e.decision_note, e.ledger_entry_id";
constexpr const char* kEvidenceFrom =
    " FROM task_evidence e JOIN growth_tasks t ON t.id = e.task_id JOIN organizations o ON o.id = "
    "e.provider_id";

Task task_from_row(const store::Row& row) {
  Task t;
  t.id = row.integer(0);
  t.program_id = row.integer(1);
  t.code = row.text(2);
  t.name_zh = row.text(3);
  t.name_en = row.text(4);
  t.kind = row.text(5);
  t.points = row.integer(6);
  t.cap = row.integer(7);
  t.capability = row.text(8);
  t.completion = row.text(9);
  t.metric = row.text(10);
  t.target = row.integer(11);
  t.active = row.integer(12) != 0;
  return t;
}

Evidence evidence_from_row(const store::Row& row) {
  Evidence e;
  e.id = row.integer(0);
  e.task_id = row.integer(1);
  e.task_code = row.text(2);
  e.cycle_id = row.integer(3);
  e.provider_id = row.integer(4);
  e.provider_name = row.text(5);
  e.description = row.text(6);
  e.state = row.text(7);
  e.submitted_at = row.integer(8);
  e.decided_at = row.optional_integer(9);
  e.decision_note = row.text(10);
  e.ledger_entry_id = row.optional_integer(11);
  return e;
}

std::string task_json(const Task& t) {
  return json::serialize(json::object{{"code", t.code},
                                      {"kind", t.kind},
                                      {"points", t.points},
                                      {"cap", t.cap},
                                      {"capability", t.capability},
                                      {"completion", t.completion},
                                      {"metric", t.metric},
                                      {"target", t.target},
                                      {"active", t.active}});
}

std::string evidence_json(const Evidence& e) {
  return json::serialize(json::object{{"task_id", e.task_id},
                                      {"cycle_id", e.cycle_id},
                                      {"provider_id", e.provider_id},
                                      {"state", e.state},
                                      {"decision_note", e.decision_note}});
}

Result<Task> find_task(store::Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query(std::string("SELECT ") + kTaskColumns + " FROM growth_tasks WHERE id = $1", {id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such task");
  return task_from_row(rows[0]);
}

Result<Evidence> find_evidence(store::Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kEvidenceColumns +
                                                kEvidenceFrom + " WHERE e.id = $1",
                                            {id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such evidence");
  return evidence_from_row(rows[0]);
}

Status invalid(std::vector<FieldError> errors, const char* what) {
  const std::string message = std::string("the ") + what +
                              " is not valid: " + errors.front().field + " " +
                              errors.front().message;
  return Status(ErrorCode::invalid_argument, message, std::move(errors));
}

// Serializes crediting for one provider in one cycle, so two reports cannot both credit.
Status lock_credits(store::Transaction& tx, std::int64_t cycle_id, std::int64_t provider_id) {
  return tx.lock("fuwu.task-credits." + std::to_string(cycle_id) + "." +
                 std::to_string(provider_id));
}

}  // namespace

std::int64_t Task::completions_for(std::int64_t value) const {
  if (target <= 0 || value <= 0) return 0;
  return std::min(value / target, cap);
}

Result<std::map<std::string, std::int64_t>> task_points(store::Transaction& tx,
                                                        std::int64_t cycle_id,
                                                        std::int64_t provider_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT source_ref, SUM(points) FROM points_ledger WHERE cycle_id = $1 "
                          "AND provider_id = $2 AND source_kind IN ('task', 'reversal') AND "
                          "source_ref LIKE 'task:%' GROUP BY source_ref",
                          {cycle_id, provider_id}));
  std::map<std::string, std::int64_t> out;
  for (const auto& row : rows) out[row.text(0)] = row.integer(1);
  return out;
}

Result<std::vector<Task>> program_tasks(store::Transaction& tx, std::int64_t program_id) {
  FUWU_ASSIGN_OR_RETURN(auto rows,
                        tx.query(std::string("SELECT ") + kTaskColumns +
                                     " FROM growth_tasks WHERE program_id = $1 ORDER BY kind, id",
                                 {program_id}));
  std::vector<Task> out;
  for (const auto& row : rows) out.push_back(task_from_row(row));
  return out;
}

Result<Task> TaskService::create(const audit::Actor& actor, Task task) {
  std::vector<FieldError> errors;
  if (task.code.empty() || task.code.size() > 40)
    errors.push_back({"code", "must be 1 to 40 characters"});
  if (task.name_zh.empty() || task.name_en.empty())
    errors.push_back({"name", "needs both name_zh and name_en"});
  if (task.kind != "basic" && task.kind != "additional")
    errors.push_back({"kind", "must be basic or additional"});
  if (task.points <= 0 || task.points > kEntryPointsMax)
    errors.push_back({"points", "must be from 1 to 1,000,000"});
  if (task.cap < 1 || task.cap > 1000) errors.push_back({"cap", "must be from 1 to 1000"});
  if (task.completion == "metric") {
    if (!is_known_metric(task.metric))
      errors.push_back({"metric", "must be one of the reported metrics"});
    if (task.target <= 0) errors.push_back({"target", "must be at least 1"});
  } else if (task.completion == "evidence") {
    if (!task.metric.empty()) errors.push_back({"metric", "only metric tasks read a metric"});
    task.target = 0;
  } else {
    errors.push_back({"completion", "must be metric or evidence"});
  }
  if (!errors.empty()) return invalid(std::move(errors), "task");
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Task> {
    FUWU_TRY(require_program(tx, task.program_id));
    if (!task.capability.empty()) {
      FUWU_ASSIGN_OR_RETURN(auto cap,
                            tx.query("SELECT code FROM capabilities WHERE program_id = $1 AND "
                                     "code = $2",
                                     {task.program_id, task.capability}));
      if (cap.empty())
        return Status(ErrorCode::invalid_argument,
                      "the program has no capability " + task.capability,
                      {{"capability", "not a capability of this program"}});
    }
    auto rows = tx.query(
        "INSERT INTO growth_tasks (program_id, code, name_zh, name_en, kind, points, cap, "
        "capability, completion, metric, target, active, created_at) VALUES ($1, $2, $3, $4, $5, "
        "$6, $7, $8, $9, $10, $11, 1, $12) RETURNING id",
        {task.program_id, task.code, task.name_zh, task.name_en, task.kind, task.points, task.cap,
         task.capability, task.completion, task.metric, task.target, clock_.now_ms()});
    if (!rows && rows.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::unique_violation, "the program has a task " + task.code,
                    {{"code", "already exists"}});
    if (!rows) return rows.status();
    FUWU_ASSIGN_OR_RETURN(auto created, find_task(tx, (*rows)[0].integer(0)));
    FUWU_TRY(audit_.append(tx, actor,
                           {"growth_task.create", "growth_task", std::to_string(created.id),
                            std::nullopt, std::nullopt, task_json(created)}));
    return created;
  });
}

Result<std::vector<Task>> TaskService::list(std::int64_t program_id) {
  return store::with_read_transaction(db_,
                                      [&](store::Transaction& tx) -> Result<std::vector<Task>> {
                                        FUWU_TRY(require_program(tx, program_id));
                                        return program_tasks(tx, program_id);
                                      });
}

Result<Task> TaskService::get(std::int64_t id) {
  return store::with_read_transaction(db_,
                                      [&](store::Transaction& tx) { return find_task(tx, id); });
}

Result<Task> TaskService::set_active(const audit::Actor& actor, std::int64_t id, bool active) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Task> {
    FUWU_ASSIGN_OR_RETURN(auto before, find_task(tx, id));
    FUWU_TRY(tx.exec("UPDATE growth_tasks SET active = $1 WHERE id = $2",
                     {std::int64_t{active ? 1 : 0}, id}));
    FUWU_ASSIGN_OR_RETURN(auto after, find_task(tx, id));
    FUWU_TRY(audit_.append(tx, actor,
                           {"growth_task.update", "growth_task", std::to_string(id), std::nullopt,
                            task_json(before), task_json(after)}));
    return after;
  });
}

Result<std::vector<LedgerEntry>> TaskService::report_metric(
    const audit::Actor& actor, std::int64_t cycle_id, std::int64_t provider_id,
    const std::string& metric, std::int64_t value, const std::string& source_event) {
  if (!is_known_metric(metric))
    return Status(ErrorCode::invalid_argument, "unknown metric " + metric,
                  {{"metric", "must be one of the reported metrics"}});
  if (value < 0 || (metric == "satisfaction_bp" && value > 10'000))
    return Status(ErrorCode::invalid_argument, "the metric value is out of range",
                  {{"value", metric == "satisfaction_bp" ? "must be from 0 to 10000"
                                                         : "must not be negative"}});
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<LedgerEntry>> {
        FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, cycle_id));
        if (cycle.state != CycleState::open)
          return Status(ErrorCode::conflict, "cycle " + cycle.code + " is " +
                                                 cycle_state_name(cycle.state) +
                                                 ": its metrics are frozen")
              .with_problem_code("cycle_closed");
        auto program = provider_program(tx, provider_id);
        if (!program || *program != cycle.program_id)
          return Status(ErrorCode::invalid_argument, "no such provider in this cycle's program",
                        {{"provider_id", "not a provider of this program"}});
        FUWU_TRY(lock_credits(tx, cycle_id, provider_id));
        FUWU_ASSIGN_OR_RETURN(
            auto previous,
            tx.query("SELECT value FROM provider_metrics WHERE cycle_id = $1 AND provider_id = $2 "
                     "AND metric = $3",
                     {cycle_id, provider_id, metric}));
        FUWU_TRY(tx.exec(
            "INSERT INTO provider_metrics (cycle_id, provider_id, metric, value, source_event, "
            "updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cycle_id, provider_id, "
            "metric) DO UPDATE SET value = excluded.value, source_event = excluded.source_event, "
            "updated_at = excluded.updated_at",
            {cycle_id, provider_id, metric, value, source_event, now}));
        if (previous.empty() || previous[0].integer(0) != value) {
          json::object before;
          if (!previous.empty()) before["value"] = previous[0].integer(0);
          FUWU_TRY(audit_.append(
              tx, actor,
              {"metric.report", "provider_metric",
               std::to_string(cycle_id) + "/" + std::to_string(provider_id) + "/" + metric,
               provider_id,
               previous.empty() ? std::nullopt : std::optional(json::serialize(before)),
               json::serialize(json::object{{"value", value}, {"source_event", source_event}})}));
        }
        FUWU_ASSIGN_OR_RETURN(auto tasks, program_tasks(tx, cycle.program_id));
        FUWU_ASSIGN_OR_RETURN(auto held, task_points(tx, cycle_id, provider_id));
        std::vector<LedgerEntry> credited;
        for (const auto& task : tasks) {
          if (!task.active || task.completion != "metric" || task.metric != metric) continue;
          const std::int64_t due = task.completions_for(value) * task.points;
          const std::int64_t delta = due - held[task.source_ref()];
          if (delta == 0) continue;
          FUWU_ASSIGN_OR_RETURN(
              auto entry,
              ledger_.append_in(
                  tx, actor,
                  {cycle_id, provider_id, delta, "task", task.source_ref(), task.capability,
                   source_event.empty()
                       ? metric + "=" + std::to_string(value)
                       : source_event + " (" + metric + "=" + std::to_string(value) + ")",
                   delta > 0 ? "" : "the metric fell"}));
          credited.push_back(std::move(entry));
        }
        return credited;
      });
}

Result<std::vector<MetricReading>> TaskService::metrics(std::int64_t cycle_id,
                                                        std::int64_t provider_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<MetricReading>> {
        FUWU_TRY(find_cycle(tx, cycle_id).status());
        FUWU_ASSIGN_OR_RETURN(auto rows,
                              tx.query("SELECT metric, value, source_event, updated_at FROM "
                                       "provider_metrics WHERE cycle_id = $1 AND provider_id = $2 "
                                       "ORDER BY metric",
                                       {cycle_id, provider_id}));
        std::vector<MetricReading> out;
        for (const auto& row : rows)
          out.push_back(
              {cycle_id, provider_id, row.text(0), row.integer(1), row.text(2), row.integer(3)});
        return out;
      });
}

Result<Evidence> TaskService::submit_evidence(const audit::Actor& actor, std::int64_t task_id,
                                              std::int64_t cycle_id, std::int64_t provider_id,
                                              const std::string& description) {
  const auto chars = utf8::count_code_points(description).value_or(0);
  if (chars == 0 || chars > 4000)
    return Status(ErrorCode::invalid_argument, "describe the evidence",
                  {{"description", "must be 1 to 4000 characters"}});
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Evidence> {
    FUWU_ASSIGN_OR_RETURN(auto task, find_task(tx, task_id));
    FUWU_ASSIGN_OR_RETURN(auto program, provider_program(tx, provider_id));
    if (program != task.program_id) return Status(ErrorCode::not_found, "no such task");
    if (task.completion != "evidence" || !task.active)
      return Status(ErrorCode::conflict, task.active ? "task " + task.code +
                                                           " is completed from a platform metric, "
                                                           "not from evidence"
                                                     : "task " + task.code + " is no longer active")
          .with_problem_code("not_evidence_task");
    auto cycle = find_cycle(tx, cycle_id);
    if (!cycle || cycle->program_id != task.program_id)
      return Status(ErrorCode::invalid_argument, "no such cycle of the task's program",
                    {{"cycle_id", "not a cycle of this program"}});
    if (cycle->state != CycleState::open)
      return Status(ErrorCode::conflict, "cycle " + cycle->code + " is " +
                                             cycle_state_name(cycle->state) +
                                             ": evidence goes into the open cycle")
          .with_problem_code("cycle_closed");
    FUWU_ASSIGN_OR_RETURN(auto held, task_points(tx, cycle_id, provider_id));
    if (held[task.source_ref()] / task.points >= task.cap)
      return Status(ErrorCode::conflict, "task " + task.code + " is already completed " +
                                             std::to_string(task.cap) + " times this cycle")
          .with_problem_code("task_cap_reached");
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query("INSERT INTO task_evidence (task_id, cycle_id, provider_id, description, state, "
                 "submitted_at, submitted_by) VALUES ($1, $2, $3, $4, 'submitted', $5, $6) "
                 "RETURNING id",
                 {task_id, cycle_id, provider_id, description, clock_.now_ms(),
                  store::optional_value(actor.user_id)}));
    FUWU_ASSIGN_OR_RETURN(auto evidence, find_evidence(tx, rows[0].integer(0)));
    FUWU_TRY(audit_.append(tx, actor,
                           {"task_evidence.submit", "task_evidence", std::to_string(evidence.id),
                            provider_id, std::nullopt, evidence_json(evidence)}));
    return evidence;
  });
}

Result<Evidence> TaskService::decide_evidence(const audit::Actor& actor, std::int64_t id,
                                              bool accept, const std::string& note) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Evidence> {
    FUWU_ASSIGN_OR_RETURN(auto found, find_evidence(tx, id));
    if (found.state != "submitted")
      return Status(ErrorCode::conflict, "the evidence was already " + found.state)
          .with_problem_code("illegal_transition");
    std::optional<std::int64_t> entry_id;
    if (accept) {
      FUWU_ASSIGN_OR_RETURN(auto task, find_task(tx, found.task_id));
      FUWU_TRY(lock_credits(tx, found.cycle_id, found.provider_id));
      FUWU_ASSIGN_OR_RETURN(auto held, task_points(tx, found.cycle_id, found.provider_id));
      if (held[task.source_ref()] / task.points >= task.cap)
        return Status(ErrorCode::conflict, "task " + task.code + " is already completed " +
                                               std::to_string(task.cap) + " times this cycle")
            .with_problem_code("task_cap_reached");
      FUWU_ASSIGN_OR_RETURN(
          auto entry, ledger_.append_in(tx, actor,
                                        {found.cycle_id, found.provider_id, task.points, "task",
                                         task.source_ref(), task.capability,
                                         "evidence:" + std::to_string(id) + " accepted", note}));
      entry_id = entry.id;
    }
    FUWU_TRY(tx.exec(
        "UPDATE task_evidence SET state = $1, decided_at = $2, decided_by = $3, decision_note = "
        "$4, ledger_entry_id = $5 WHERE id = $6",
        {std::string(accept ? "accepted" : "rejected"), clock_.now_ms(),
         store::optional_value(actor.user_id), note, store::optional_value(entry_id), id}));
    FUWU_ASSIGN_OR_RETURN(auto updated, find_evidence(tx, id));
    FUWU_TRY(audit_.append(
        tx, actor,
        {accept ? "task_evidence.accept" : "task_evidence.reject", "task_evidence",
         std::to_string(id), found.provider_id, evidence_json(found), evidence_json(updated)}));
    return updated;
  });
}

Result<Evidence> TaskService::get_evidence(std::int64_t id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) { return find_evidence(tx, id); });
}

Result<std::vector<Evidence>> TaskService::list_evidence(const EvidenceFilter& filter,
                                                         std::int64_t limit) {
  std::string sql = std::string("SELECT ") + kEvidenceColumns + kEvidenceFrom + " WHERE 1 = 1";
  store::Params params;
  if (filter.state) {
    params.push_back(*filter.state);
    sql += " AND e.state = $" + std::to_string(params.size());
  }
  if (filter.cycle_id) {
    params.push_back(*filter.cycle_id);
    sql += " AND e.cycle_id = $" + std::to_string(params.size());
  }
  if (filter.provider_id) {
    params.push_back(*filter.provider_id);
    sql += " AND e.provider_id = $" + std::to_string(params.size());
  }
  params.push_back(limit);
  sql += " ORDER BY e.id DESC LIMIT $" + std::to_string(params.size());
  return store::with_read_transaction(db_,
                                      [&](store::Transaction& tx) -> Result<std::vector<Evidence>> {
                                        FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
                                        std::vector<Evidence> out;
                                        for (const auto& row : rows)
                                          out.push_back(evidence_from_row(row));
                                        return out;
                                      });
}

Result<std::vector<TaskStatus>> TaskService::statuses(std::int64_t cycle_id,
                                                      std::int64_t provider_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<TaskStatus>> {
        FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, cycle_id));
        FUWU_ASSIGN_OR_RETURN(auto tasks, program_tasks(tx, cycle.program_id));
        FUWU_ASSIGN_OR_RETURN(auto held, task_points(tx, cycle_id, provider_id));
        FUWU_ASSIGN_OR_RETURN(
            auto pending,
            tx.query("SELECT task_id, COUNT(*) FROM task_evidence WHERE cycle_id = $1 AND "
                     "provider_id = $2 AND state = 'submitted' GROUP BY task_id",
                     {cycle_id, provider_id}));
        std::map<std::int64_t, std::int64_t> pending_by_task;
        for (const auto& row : pending) pending_by_task[row.integer(0)] = row.integer(1);
        std::vector<TaskStatus> out;
        for (auto& task : tasks) {
          TaskStatus s;
          s.points_earned = held[task.source_ref()];
          s.completions = std::max<std::int64_t>(0, s.points_earned / task.points);
          s.done = s.completions >= 1;
          s.evidence_pending = pending_by_task[task.id];
          s.task = std::move(task);
          out.push_back(std::move(s));
        }
        return out;
      });
}

}  // namespace fuwu::rating

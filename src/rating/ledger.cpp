#include "rating/ledger.hpp"

#include <boost/json.hpp>

#include "core/business_calendar.hpp"

namespace fuwu::rating {
namespace {

constexpr const char* kCycleColumns =
    "id, program_id, code, period, window_start_ms, window_end_ms, decision_date, state, "
    "published_at, version, "
    "created_at, computed_at";
constexpr const char* kEntryColumns =
    "id, cycle_id, provider_id, points, source_kind, source_ref, capability, source_event, "
    "reverses_entry_id, "
    "actor_user_id, note, created_at, (SELECT r.id FROM points_ledger r WHERE r.reverses_entry_id "
    "= points_ledger.id) AS reversed_by";

CycleState parse_cycle_state(const std::string& s) {
  return s == "published"   ? CycleState::published
         : s == "computing" ? CycleState::computing
                            : CycleState::open;
}

Cycle cycle_from_row(const store::Row& row) {
  Cycle c;
  c.id = row.integer(0);
  c.program_id = row.integer(1);
  c.code = row.text(2);
  c.period = row.text(3);
  c.window_start_ms = row.integer(4);
  c.window_end_ms = row.integer(5);
  c.decision_date = row.text(6);
  c.state = parse_cycle_state(row.text(7));
  c.published_at = row.optional_integer(8);
  c.version = row.integer(9);
  c.created_at = row.integer(10);
  c.computed_at = row.optional_integer(11);
  return c;
}

LedgerEntry entry_from_row(const store::Row& row) {
  LedgerEntry e;
  e.id = row.integer(0);
  e.cycle_id = row.integer(1);
  e.provider_id = row.integer(2);
  e.points = row.integer(3);
  e.source_kind = row.text(4);
  e.source_ref = row.text(5);
  e.capability = row.text(6);
  e.source_event = row.text(7);
  e.reverses_entry_id = row.optional_integer(8);
  e.actor_user_id = row.optional_integer(9);
  e.note = row.text(10);
  e.created_at = row.integer(11);
  e.reversed_by_entry_id = row.optional_integer(12);
  return e;
}

std::string cycle_json(const Cycle& c) {
  return boost::json::serialize(boost::json::object{{"id", c.id},
                                                    {"program_id", c.program_id},
                                                    {"code", c.code},
                                                    {"period", c.period},
                                                    {"state", cycle_state_name(c.state)},
                                                    {"decision_date", c.decision_date}});
}

std::string entry_json(const LedgerEntry& e) {
  return boost::json::serialize(boost::json::object{
      {"id", e.id},
      {"cycle_id", e.cycle_id},
      {"provider_id", e.provider_id},
      {"points", e.points},
      {"source_kind", e.source_kind},
      {"source_ref", e.source_ref},
      {"capability", e.capability},
      {"source_event", e.source_event},
      {"reverses_entry_id",
       e.reverses_entry_id ? boost::json::value(*e.reverses_entry_id) : nullptr},
      {"note", e.note}});
}

Status require_open(const Cycle& cycle) {
  if (cycle.state == CycleState::open) return Status::ok();
  return Status(ErrorCode::conflict,
                "cycle " + cycle.code + " is " + cycle_state_name(cycle.state) +
                    ": its points are frozen; corrections go into the next cycle")
      .with_problem_code("cycle_closed");
}

}  // namespace

Result<Cycle> find_cycle(store::Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query(std::string("SELECT ") + kCycleColumns + " FROM rating_cycles WHERE id = $1", {id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such rating cycle");
  return cycle_from_row(rows[0]);
}

Status require_program(store::Transaction& tx, std::int64_t program_id) {
  FUWU_ASSIGN_OR_RETURN(auto rows,
                        tx.query("SELECT id FROM admission_programs WHERE id = $1", {program_id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such program");
  return Status::ok();
}

Result<std::int64_t> provider_program(store::Transaction& tx, std::int64_t provider_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT program_id FROM provider_profiles WHERE organization_id = $1",
                          {provider_id}));
  if (rows.empty() || !rows[0].optional_integer(0))
    return Status(ErrorCode::not_found, "no such provider in a rating program");
  return rows[0].integer(0);
}

Result<std::map<std::int64_t, std::string>> organization_names(
    store::Transaction& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> names;
  constexpr std::size_t kBatch = 500;
  for (std::size_t start = 0; start < ids.size(); start += kBatch) {
    const std::size_t count = std::min(kBatch, ids.size() - start);
    store::Params params(ids.begin() + static_cast<std::ptrdiff_t>(start),
                         ids.begin() + static_cast<std::ptrdiff_t>(start + count));
    FUWU_ASSIGN_OR_RETURN(auto rows, tx.query("SELECT id, name FROM organizations WHERE id IN (" +
                                                  store::parameter_list(1, count) + ")",
                                              params));
    for (const auto& row : rows) names[row.integer(0)] = row.text(1);
  }
  return names;
}

const char* cycle_state_name(CycleState state) {
  switch (state) {
    case CycleState::open:
      return "open";
    case CycleState::computing:
      return "computing";
    case CycleState::published:
      return "published";
  }
  return "open";
}

bool is_cycle_code(std::string_view period, std::string_view code) {
  auto digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return !s.empty();
  };
  if (period == "quarterly")
    return code.size() == 6 && digits(code.substr(0, 4)) && code[4] == 'Q' && code[5] >= '1' &&
           code[5] <= '4';
  if (period == "monthly") {
    if (code.size() != 7 || !digits(code.substr(0, 4)) || code[4] != '-' || !digits(code.substr(5)))
      return false;
    const int month = (code[5] - '0') * 10 + (code[6] - '0');
    return month >= 1 && month <= 12;
  }
  return false;
}

Result<Cycle> LedgerService::create_cycle(const audit::Actor& actor, const NewCycle& input) {
  std::vector<FieldError> errors;
  if (input.period != "monthly" && input.period != "quarterly")
    errors.push_back({"period", "must be monthly or quarterly"});
  else if (!is_cycle_code(input.period, input.code))
    errors.push_back(
        {"code", input.period == "quarterly" ? "must look like 2024Q2" : "must look like 2024-05"});
  if (input.window_end_ms <= input.window_start_ms)
    errors.push_back({"window_end_ms", "must be after window_start_ms"});
  if (!Date::parse(input.decision_date)) errors.push_back({"decision_date", "must be YYYY-MM-DD"});
  if (!errors.empty()) {
    const std::string message =
        "the cycle is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Cycle> {
    FUWU_TRY(tx.lock("fuwu.rating-cycles." + std::to_string(input.program_id)));
    // One open cycle per program, so that points, evidence and corrections have one place to go;
    // windows never overlap, so that every moment belongs to at most one cycle.
    FUWU_ASSIGN_OR_RETURN(
        auto clash,
        tx.query("SELECT code, state FROM rating_cycles WHERE program_id = $1 AND (state = 'open' "
                 "OR (window_start_ms < $3 AND window_end_ms > $2)) ORDER BY window_start_ms "
                 "LIMIT 1",
                 {input.program_id, input.window_start_ms, input.window_end_ms}));
    if (!clash.empty() && clash[0].text(1) == "open")
      return Status(ErrorCode::conflict, "cycle " + clash[0].text(0) +
                                             " is still open; compute it before opening the next")
          .with_problem_code("open_cycle_exists");
    if (!clash.empty())
      return Status(ErrorCode::invalid_argument, "the window overlaps cycle " + clash[0].text(0),
                    {{"window_start_ms", "overlaps cycle " + clash[0].text(0)}});
    auto rows = tx.query(
        "INSERT INTO rating_cycles (program_id, code, period, window_start_ms, window_end_ms, "
        "decision_date, state, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
        "'open', 1, $7, $7) RETURNING id",
        {input.program_id, input.code, input.period, input.window_start_ms, input.window_end_ms,
         input.decision_date, now});
    if (!rows && rows.status().code() == ErrorCode::unique_violation)
      return Status(ErrorCode::unique_violation, "the program already has a cycle " + input.code,
                    {{"code", "already exists"}});
    if (!rows && rows.status().code() == ErrorCode::foreign_key_violation)
      return Status(ErrorCode::invalid_argument, "no such program",
                    {{"program_id", "no such program"}});
    if (!rows) return rows.status();
    FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, (*rows)[0].integer(0)));
    FUWU_TRY(audit_.append(tx, actor,
                           {"rating_cycle.create", "rating_cycle", std::to_string(cycle.id),
                            std::nullopt, std::nullopt, cycle_json(cycle)}));
    return cycle;
  });
}

Result<std::vector<Cycle>> LedgerService::list_cycles(std::int64_t program_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Cycle>> {
        FUWU_ASSIGN_OR_RETURN(
            auto rows,
            tx.query(std::string("SELECT ") + kCycleColumns +
                         " FROM rating_cycles WHERE program_id = $1 ORDER BY window_start_ms",
                     {program_id}));
        std::vector<Cycle> out;
        for (const auto& row : rows) out.push_back(cycle_from_row(row));
        return out;
      });
}

Result<Cycle> LedgerService::get_cycle(std::int64_t id) {
  return store::with_read_transaction(db_,
                                      [&](store::Transaction& tx) { return find_cycle(tx, id); });
}

Result<Cycle> move_cycle(store::Transaction& tx, const audit::AuditLog& audit,
                         const audit::Actor& actor, std::int64_t id, CycleState to, TimeMs now) {
  FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, id));
  const bool allowed = (cycle.state == CycleState::open && to == CycleState::computing) ||
                       (cycle.state == CycleState::computing && to == CycleState::computing) ||
                       (cycle.state == CycleState::computing && to == CycleState::published) ||
                       (cycle.state == CycleState::computing && to == CycleState::open);
  if (!allowed)
    return Status(ErrorCode::conflict, std::string("a ") + cycle_state_name(cycle.state) +
                                           " cycle cannot become " + cycle_state_name(to))
        .with_problem_code("illegal_transition");
  const std::string before = cycle_json(cycle);
  FUWU_TRY(
      tx.exec("UPDATE rating_cycles SET state = $1, published_at = $2, computed_at = $3, version = "
              "version + 1, updated_at = $4 WHERE id = $5",
              {std::string(cycle_state_name(to)),
               to == CycleState::published ? store::Value(now) : store::null_value(),
               to == CycleState::open        ? store::null_value()
               : to == CycleState::computing ? store::Value(now)
                                             : store::optional_value(cycle.computed_at),
               now, id}));
  FUWU_ASSIGN_OR_RETURN(auto moved, find_cycle(tx, id));
  FUWU_TRY(audit.append(
      tx, actor,
      {std::string("rating_cycle.") + (cycle.state == to ? "recompute" : cycle_state_name(to)),
       "rating_cycle", std::to_string(id), std::nullopt, before, cycle_json(moved)}));
  return moved;
}

Result<LedgerEntry> LedgerService::append(const audit::Actor& actor, const NewEntry& input) {
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) { return append_in(tx, actor, input); });
}

Result<LedgerEntry> LedgerService::append_in(store::Transaction& tx, const audit::Actor& actor,
                                             const NewEntry& input) {
  std::vector<FieldError> errors;
  if (input.source_kind != "task" && input.source_kind != "violation" &&
      input.source_kind != "adjustment")
    errors.push_back({"source_kind", "must be task, violation or adjustment"});
  if (input.points == 0 || input.points > kEntryPointsMax || input.points < -kEntryPointsMax)
    errors.push_back({"points", "must be non-zero and at most 1,000,000 either way"});
  if (input.source_kind == "violation" && input.points > 0)
    errors.push_back({"points", "a violation deducts points"});
  if (input.source_ref.empty())
    errors.push_back({"source_ref", "must name what earned or cost the points"});
  if (!errors.empty()) {
    const std::string message =
        "the entry is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  const TimeMs now = clock_.now_ms();
  FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, input.cycle_id));
  FUWU_TRY(require_open(cycle));
  auto program = provider_program(tx, input.provider_id);
  if (!program && program.status().code() != ErrorCode::not_found) return program.status();
  if (!program || *program != cycle.program_id)
    return Status(ErrorCode::invalid_argument, "no such provider in the cycle's program",
                  {{"provider_id", "not a provider of this program"}});
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("INSERT INTO points_ledger (cycle_id, provider_id, points, source_kind, source_ref, "
               "capability, source_event, actor_user_id, note, created_at) VALUES ($1, $2, $3, $4, "
               "$5, $6, "
               "$7, $8, $9, $10) RETURNING id",
               {input.cycle_id, input.provider_id, input.points, input.source_kind,
                input.source_ref, input.capability, input.source_event,
                store::optional_value(actor.user_id), input.note, now}));
  FUWU_ASSIGN_OR_RETURN(auto stored, tx.query(std::string("SELECT ") + kEntryColumns +
                                                  " FROM points_ledger WHERE id = $1",
                                              {rows[0].integer(0)}));
  LedgerEntry entry = entry_from_row(stored[0]);
  FUWU_TRY(audit_.append(tx, actor,
                         {"points.append", "points_entry", std::to_string(entry.id),
                          entry.provider_id, std::nullopt, entry_json(entry)}));
  return entry;
}

Result<LedgerEntry> LedgerService::reverse(const audit::Actor& actor, std::int64_t entry_id,
                                           const std::string& note) {
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) { return reverse_in(tx, actor, entry_id, note); });
}

Result<LedgerEntry> LedgerService::reverse_in(store::Transaction& tx, const audit::Actor& actor,
                                              std::int64_t entry_id, const std::string& note) {
  const TimeMs now = clock_.now_ms();
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kEntryColumns +
                                                " FROM points_ledger WHERE id = $1",
                                            {entry_id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such ledger entry");
  const LedgerEntry original = entry_from_row(rows[0]);
  if (original.reverses_entry_id)
    return Status(ErrorCode::conflict, "a reversal cannot be reversed; append a new entry instead")
        .with_problem_code("reversal_of_reversal");
  FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, original.cycle_id));
  FUWU_TRY(require_open(cycle));
  auto inserted = tx.query(
      "INSERT INTO points_ledger (cycle_id, provider_id, points, source_kind, source_ref, "
      "capability, source_event, reverses_entry_id, actor_user_id, note, created_at) VALUES ($1, "
      "$2, $3, 'reversal', $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {original.cycle_id, original.provider_id, -original.points, original.source_ref,
       original.capability, original.source_event, original.id,
       store::optional_value(actor.user_id), note, now});
  if (!inserted && inserted.status().code() == ErrorCode::unique_violation)
    return Status(ErrorCode::conflict,
                  "entry " + std::to_string(entry_id) + " was already reversed")
        .with_problem_code("already_reversed");
  if (!inserted) return inserted.status();
  FUWU_ASSIGN_OR_RETURN(auto stored, tx.query(std::string("SELECT ") + kEntryColumns +
                                                  " FROM points_ledger WHERE id = $1",
                                              {(*inserted)[0].integer(0)}));
  LedgerEntry reversal = entry_from_row(stored[0]);
  FUWU_TRY(audit_.append(tx, actor,
                         {"points.reverse", "points_entry", std::to_string(reversal.id),
                          reversal.provider_id, entry_json(original), entry_json(reversal)}));
  return reversal;
}

Result<std::vector<LedgerEntry>> ledger_entries(store::Transaction& tx, std::int64_t cycle_id,
                                                std::int64_t provider_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query(std::string("SELECT ") + kEntryColumns +
                   " FROM points_ledger WHERE cycle_id = $1 AND provider_id = $2 ORDER BY id",
               {cycle_id, provider_id}));
  std::vector<LedgerEntry> out;
  for (const auto& row : rows) out.push_back(entry_from_row(row));
  return out;
}

Result<std::vector<LedgerEntry>> LedgerService::entries(std::int64_t cycle_id,
                                                        std::int64_t provider_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) { return ledger_entries(tx, cycle_id, provider_id); });
}

Result<std::vector<Balance>> LedgerService::balances(std::int64_t cycle_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Balance>> {
        FUWU_TRY(find_cycle(tx, cycle_id).status());
        FUWU_ASSIGN_OR_RETURN(
            auto rows,
            tx.query("SELECT provider_id, source_kind, capability, SUM(points), COUNT(*) "
                     "FROM points_ledger WHERE cycle_id = $1 GROUP BY provider_id, "
                     "source_kind, capability ORDER BY provider_id",
                     {cycle_id}));
        std::vector<Balance> out;
        for (const auto& row : rows) {
          if (out.empty() || out.back().provider_id != row.integer(0))
            out.push_back({row.integer(0), 0, {}, {}, 0});
          Balance& b = out.back();
          const std::int64_t sum = row.integer(3);
          b.points += sum;
          b.by_source[row.text(1)] += sum;
          b.by_capability[row.text(2)] += sum;
          b.entries += row.integer(4);
        }
        return out;
      });
}

}  // namespace fuwu::rating

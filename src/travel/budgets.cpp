#include "travel/budgets.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/business_calendar.hpp"
#include "core/lists.hpp"
#include "travel/service.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

constexpr const char* kBudgetColumns =
    "b.id, b.organization_id, b.department_id, d.name, b.project_code, b.period, b.period_key, "
    "b.amount_fen, b.consumed_fen, b.warning_levels_bp, b.over_control, b.version, b.created_at, "
    "b.updated_at FROM travel_budgets b LEFT JOIN departments d ON d.id = b.department_id";

std::vector<std::int64_t> parse_levels(const std::string& text) {
  std::vector<std::int64_t> out;
  for (const auto& item : split_list(text)) out.push_back(std::stoll(item));
  return out;
}

std::string levels_text(const std::vector<std::int64_t>& levels) {
  std::string out;
  for (auto l : levels) out += (out.empty() ? "" : ",") + std::to_string(l);
  return out;
}

Budget budget_from_row(const store::Row& r) {
  Budget b;
  b.id = r.integer(0);
  b.organization_id = r.integer(1);
  b.department_id = r.optional_integer(2);
  b.department_name = r.optional_text(3).value_or("");
  b.project_code = r.text(4);
  b.period = r.text(5);
  b.period_key = r.text(6);
  b.amount_fen = r.integer(7);
  b.consumed_fen = r.integer(8);
  b.warning_levels_bp = parse_levels(r.text(9));
  b.over_control = parse_control(r.text(10)).value_or(Control::block);
  b.version = r.integer(11);
  b.created_at = r.integer(12);
  b.updated_at = r.integer(13);
  return b;
}

// The keys of the month, quarter and year a date falls in.
std::vector<std::string> period_keys(const Date& d) {
  const std::string year = std::to_string(d.year);
  return {d.to_string().substr(0, 7), year + "Q" + std::to_string((d.month - 1) / 3 + 1), year};
}

bool period_key_fits(const std::string& period, const std::string& key) {
  auto digits = [&](std::size_t from, std::size_t count) {
    return key.size() >= from + count &&
           std::all_of(key.begin() + static_cast<std::ptrdiff_t>(from),
                       key.begin() + static_cast<std::ptrdiff_t>(from + count),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (period == "year") return key.size() == 4 && digits(0, 4);
  if (period == "quarter")
    return key.size() == 6 && digits(0, 4) && key[4] == 'Q' && key[5] >= '1' && key[5] <= '4';
  if (period == "month")
    return key.size() == 7 && digits(0, 4) && key[4] == '-' && Date::parse(key + "-01").is_ok();
  return false;
}

bool levels_valid(const std::vector<std::int64_t>& levels) {
  if (levels.size() > 5) return false;
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i] < 1 || levels[i] > 10'000 || (i > 0 && levels[i] <= levels[i - 1])) return false;
  return true;
}

Status require_manager(const auth::Principal& who) {
  if (!who.is_platform() && !who.roles.contains(auth::Role::client_admin))
    return Status(ErrorCode::forbidden, "travel budgets are for the company's travel managers");
  return Status::ok();
}

Result<Budget> load_budget(store::Transaction& tx, std::int64_t organization_id, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kBudgetColumns +
                                                " WHERE b.id = $1 AND b.organization_id = $2",
                                            {id, organization_id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such budget");
  return budget_from_row(rows[0]);
}

}  // namespace

json::object to_json(const Budget& b) {
  json::array levels;
  for (auto l : b.warning_levels_bp) levels.push_back(l);
  const std::int64_t used_bp = b.amount_fen ? b.consumed_fen * 10'000 / b.amount_fen : 0;
  return {{"id", b.id},
          {"organization_id", b.organization_id},
          {"department_id", b.department_id ? json::value(*b.department_id) : json::value(nullptr)},
          {"department_name", b.department_name},
          {"project_code", b.project_code},
          {"period", b.period},
          {"period_key", b.period_key},
          {"amount_fen", b.amount_fen},
          {"consumed_fen", b.consumed_fen},
          {"remaining_fen", b.amount_fen - b.consumed_fen},
          {"used_bp", used_bp},
          {"warning_levels_bp", std::move(levels)},
          {"warning_reached_bp", warning_reached_bp(b)},
          {"over_budget", b.consumed_fen > b.amount_fen},
          {"over_control", control_name(b.over_control)},
          {"version", b.version},
          {"created_at", b.created_at},
          {"updated_at", b.updated_at}};
}

std::int64_t warning_reached_bp(const Budget& b) {
  std::int64_t reached = 0;
  for (auto level : b.warning_levels_bp) {
    const bool at_level =
        b.amount_fen > 0 ? b.consumed_fen * 10'000 >= level * b.amount_fen : b.consumed_fen > 0;
    if (at_level) reached = std::max(reached, level);
  }
  return reached;
}

Status lock_budgets(store::Transaction& tx, std::int64_t organization_id) {
  return tx.lock("fuwu.travel-budgets." + std::to_string(organization_id));
}

Result<std::vector<Budget>> covering_budgets(store::Transaction& tx, std::int64_t organization_id,
                                             std::optional<std::int64_t> department_id,
                                             const std::string& project_code, TimeMs at) {
  const auto keys = period_keys(shanghai_date_of(at));
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query(std::string("SELECT ") + kBudgetColumns +
                   " WHERE b.organization_id = $1 AND b.scope_key IN ($2, $3) AND b.period_key "
                   "IN ($4, $5, $6) ORDER BY b.id",
               {organization_id,
                department_id ? "department:" + std::to_string(*department_id) : std::string("-"),
                project_code.empty() ? std::string("-") : "project:" + project_code, keys[0],
                keys[1], keys[2]}));
  std::vector<Budget> out;
  for (const auto& r : rows) out.push_back(budget_from_row(r));
  return out;
}

std::vector<Verdict> budget_verdicts(const std::vector<Budget>& budgets, std::int64_t amount_fen) {
  std::vector<Verdict> out;
  for (const auto& b : budgets)
    out.push_back(budget_verdict(b.amount_fen, b.consumed_fen, b.over_control, amount_fen));
  return out;
}

Status charge_budgets(store::Transaction& tx, const std::vector<Budget>& budgets,
                      std::int64_t segment_id, std::int64_t amount_fen, TimeMs now) {
  for (const auto& b : budgets) {
    FUWU_TRY(tx.exec("INSERT INTO travel_budget_entries (budget_id, segment_id, amount_fen, "
                     "created_at) VALUES ($1, $2, $3, $4)",
                     {b.id, segment_id, amount_fen, now})
                 .status());
    FUWU_TRY(tx.exec("UPDATE travel_budgets SET consumed_fen = consumed_fen + $1 WHERE id = $2",
                     {amount_fen, b.id})
                 .status());
  }
  return Status::ok();
}

Status release_budgets(store::Transaction& tx, std::int64_t segment_id, std::int64_t amount_fen,
                       TimeMs now) {
  FUWU_ASSIGN_OR_RETURN(auto taken,
                        tx.query("SELECT budget_id, SUM(amount_fen) FROM travel_budget_entries "
                                 "WHERE segment_id = $1 GROUP BY budget_id ORDER BY budget_id",
                                 {segment_id}));
  for (const auto& row : taken) {
    const std::int64_t back = std::min(amount_fen, row.integer(1));
    if (back <= 0) continue;
    FUWU_TRY(tx.exec("INSERT INTO travel_budget_entries (budget_id, segment_id, amount_fen, "
                     "created_at) VALUES ($1, $2, $3, $4)",
                     {row.integer(0), segment_id, -back, now})
                 .status());
    FUWU_TRY(tx.exec("UPDATE travel_budgets SET consumed_fen = consumed_fen - $1 WHERE id = $2",
                     {back, row.integer(0)})
                 .status());
  }
  return Status::ok();
}

Result<std::vector<Budget>> BudgetService::list(const auth::Principal& who,
                                                std::int64_t organization_id) {
  FUWU_TRY(require_manager(who));
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Budget>> {
        FUWU_TRY(require_client(tx, who, organization_id));
        FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kBudgetColumns +
                                                      " WHERE b.organization_id = $1 ORDER BY "
                                                      "b.period_key DESC, b.scope_key, b.id",
                                                  {organization_id}));
        std::vector<Budget> out;
        for (const auto& r : rows) out.push_back(budget_from_row(r));
        return out;
      });
}

Result<Budget> BudgetService::create(const auth::Principal& who, const audit::Actor& actor,
                                     std::int64_t organization_id, const BudgetInput& in) {
  FUWU_TRY(require_manager(who));
  std::vector<FieldError> errors;
  if (in.department_id.has_value() == !in.project_code.empty())
    errors.push_back({"department_id", "give a department_id or a project_code, one of them"});
  if (in.period != "month" && in.period != "quarter" && in.period != "year")
    errors.push_back({"period", "must be month, quarter or year"});
  else if (!period_key_fits(in.period, in.period_key))
    errors.push_back({"period_key",
                      "must be YYYY-MM for a month, YYYYQn for a quarter, YYYY for "
                      "a year"});
  if (!levels_valid(in.warning_levels_bp))
    errors.push_back({"warning_levels_bp", "must be up to 5 rising levels of 1 to 10000"});
  if (in.over_control != Control::allow && in.over_control != Control::needs_approval &&
      in.over_control != Control::block)
    errors.push_back({"over_control", "must be allow, needs_approval or block"});
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Budget> {
    FUWU_TRY(require_client(tx, who, organization_id));
    if (in.department_id) {
      FUWU_ASSIGN_OR_RETURN(
          auto dept,
          tx.query("SELECT organization_id FROM departments WHERE id = $1", {*in.department_id}));
      if (dept.empty() || dept[0].integer(0) != organization_id)
        errors.push_back({"department_id", "is not a department of this company"});
    }
    if (!errors.empty()) {
      const std::string message =
          "the budget is not valid: " + errors.front().field + " " + errors.front().message;
      return Status(ErrorCode::invalid_argument, message, std::move(errors));
    }
    const std::string scope = in.department_id ? "department:" + std::to_string(*in.department_id)
                                               : "project:" + in.project_code;
    FUWU_ASSIGN_OR_RETURN(auto taken, tx.query("SELECT id FROM travel_budgets WHERE "
                                               "organization_id = $1 AND scope_key = $2 AND "
                                               "period_key = $3",
                                               {organization_id, scope, in.period_key}));
    if (!taken.empty())
      return Status(ErrorCode::conflict,
                    "this department or project already has a budget for " + in.period_key)
          .with_problem_code("budget_exists");
    const TimeMs now = clock_.now_ms();
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query("INSERT INTO travel_budgets (organization_id, department_id, project_code, "
                 "scope_key, period, period_key, amount_fen, warning_levels_bp, over_control, "
                 "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) "
                 "RETURNING id",
                 {organization_id, store::optional_value(in.department_id), in.project_code, scope,
                  in.period, in.period_key, in.amount_fen, levels_text(in.warning_levels_bp),
                  std::string(control_name(in.over_control)), now}));
    FUWU_ASSIGN_OR_RETURN(auto created, load_budget(tx, organization_id, rows[0].integer(0)));
    FUWU_TRY(audit_.append(tx, actor,
                           {"travel.budget.create", "travel_budget", std::to_string(created.id),
                            organization_id, std::nullopt, json::serialize(to_json(created))}));
    return created;
  });
}

Result<Budget> BudgetService::update(const auth::Principal& who, const audit::Actor& actor,
                                     std::int64_t organization_id, std::int64_t id,
                                     std::int64_t expected_version, const BudgetPatch& patch) {
  FUWU_TRY(require_manager(who));
  std::vector<FieldError> errors;
  if (patch.warning_levels_bp && !levels_valid(*patch.warning_levels_bp))
    errors.push_back({"warning_levels_bp", "must be up to 5 rising levels of 1 to 10000"});
  if (patch.over_control && *patch.over_control != Control::allow &&
      *patch.over_control != Control::needs_approval && *patch.over_control != Control::block)
    errors.push_back({"over_control", "must be allow, needs_approval or block"});
  if (!errors.empty()) {
    const std::string message =
        "the budget is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Budget> {
    FUWU_TRY(require_client(tx, who, organization_id));
    FUWU_TRY(lock_budgets(tx, organization_id));
    FUWU_ASSIGN_OR_RETURN(auto before, load_budget(tx, organization_id, id));
    if (before.version != expected_version)
      return Status(ErrorCode::version_mismatch, "the budget was changed meanwhile (now version " +
                                                     std::to_string(before.version) + ")");
    Budget after = before;
    if (patch.amount_fen) after.amount_fen = *patch.amount_fen;
    if (patch.warning_levels_bp) after.warning_levels_bp = *patch.warning_levels_bp;
    if (patch.over_control) after.over_control = *patch.over_control;
    after.updated_at = clock_.now_ms();
    FUWU_TRY(tx.exec("UPDATE travel_budgets SET amount_fen = $1, warning_levels_bp = $2, "
                     "over_control = $3, version = version + 1, updated_at = $4 WHERE id = $5",
                     {after.amount_fen, levels_text(after.warning_levels_bp),
                      std::string(control_name(after.over_control)), after.updated_at, id})
                 .status());
    FUWU_ASSIGN_OR_RETURN(auto saved, load_budget(tx, organization_id, id));
    FUWU_TRY(
        audit_.append(tx, actor,
                      {"travel.budget.update", "travel_budget", std::to_string(id), organization_id,
                       json::serialize(to_json(before)), json::serialize(to_json(saved))}));
    return saved;
  });
}

}  // namespace fuwu::travel

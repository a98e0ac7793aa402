// Travel budgets (差旅预算): a company sets budgets for a department or a project per month,
// quarter or year, with warning levels (e.g. 60 % and 90 % used) and a control for a booking
// that would go over (allow, needs approval, block). A booking takes the company's share of its
// price from every budget that covers it — the traveller's department and the booking's project,
// in the period of the booking date — in the same transaction as the booking; a cancellation
// gives back the company's share of the refund. The budget's verdict joins the policy's.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "travel/policy.hpp"

namespace fuwu::travel {

struct Budget {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::optional<std::int64_t> department_id;
  std::string department_name;
  std::string project_code;  // "" for a department's budget
  std::string period;        // month | quarter | year
  std::string period_key;    // 2026-11 | 2026Q4 | 2026
  std::int64_t amount_fen = 0;
  std::int64_t consumed_fen = 0;
  std::vector<std::int64_t> warning_levels_bp = {6'000, 9'000};
  Control over_control = Control::block;
  std::int64_t version = 1;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};
boost::json::object to_json(const Budget& budget);
// The highest warning level reached (0: none), in basis points of the amount.
std::int64_t warning_reached_bp(const Budget& budget);

struct BudgetInput {
  std::optional<std::int64_t> department_id;
  std::string project_code;
  std::string period;
  std::string period_key;
  std::int64_t amount_fen = 0;
  std::vector<std::int64_t> warning_levels_bp = {6'000, 9'000};
  Control over_control = Control::block;
};

struct BudgetPatch {
  std::optional<std::int64_t> amount_fen;
  std::optional<std::vector<std::int64_t>> warning_levels_bp;
  std::optional<Control> over_control;
};

// The budgets a segment booked at `at` takes from, for the verdicts and the charge.
Result<std::vector<Budget>> covering_budgets(store::Transaction& tx, std::int64_t organization_id,
                                             std::optional<std::int64_t> department_id,
                                             const std::string& project_code, TimeMs at);
// Each covering budget's verdict on taking `amount_fen`.
std::vector<Verdict> budget_verdicts(const std::vector<Budget>& budgets, std::int64_t amount_fen);
// Takes `amount_fen` from each budget for the segment (locks the company's budgets first).
Status charge_budgets(store::Transaction& tx, const std::vector<Budget>& budgets,
                      std::int64_t segment_id, std::int64_t amount_fen, TimeMs now);
// Gives back `amount_fen` (at most what the segment took) to the budgets the segment took from.
Status release_budgets(store::Transaction& tx, std::int64_t segment_id, std::int64_t amount_fen,
                       TimeMs now);
// Serializes budget changes of one company (check, then charge, in one transaction).
Status lock_budgets(store::Transaction& tx, std::int64_t organization_id);

class BudgetService {
 public:
  BudgetService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Newest period first. Travel managers of the company and operators.
  Result<std::vector<Budget>> list(const auth::Principal& who, std::int64_t organization_id);
  Result<Budget> create(const auth::Principal& who, const audit::Actor& actor,
                        std::int64_t organization_id, const BudgetInput& input);
  Result<Budget> update(const auth::Principal& who, const audit::Actor& actor,
                        std::int64_t organization_id, std::int64_t id,
                        std::int64_t expected_version, const BudgetPatch& patch);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fuwu::travel

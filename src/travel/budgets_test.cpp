// Travel budgets on SQLite and PostgreSQL: which budgets cover a booking, their verdicts and
// warning levels, charges and releases, and every refusal of a bad budget.
#include "travel/budgets.hpp"

#include <gtest/gtest.h>

#include "support/test_database.hpp"

namespace fuwu::travel {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

constexpr TimeMs kNov10 = 1'794'240'000'000;  // 2026-11-10T00:00+08:00

TEST(BudgetVerdict, BreaksWhenTheBookingWouldGoOverWithTheBudgetsControl) {
  auto v = budget_verdict(100'000, 70'000, Control::block, 30'000);
  EXPECT_FALSE(v.broken);  // exactly what is left
  v = budget_verdict(100'000, 70'000, Control::block, 30'100);
  EXPECT_TRUE(v.broken);
  EXPECT_EQ(v.control, Control::block);
  EXPECT_EQ(v.limit, 30'000);
  EXPECT_EQ(v.excess_fen, 100);
  v = budget_verdict(100'000, 120'000, Control::needs_approval, 1);  // already over
  EXPECT_EQ(v.limit, 0);
  EXPECT_EQ(v.control, Control::needs_approval);

  Evaluation e;
  add_verdict(e, budget_verdict(100'000, 0, Control::needs_approval, 150'000), 150'000);
  EXPECT_EQ(e.outcome, Control::needs_approval);
  add_verdict(e, budget_verdict(100'000, 0, Control::allow, 150'000), 150'000);
  EXPECT_EQ(e.outcome, Control::needs_approval);  // an allowing budget changes nothing
  EXPECT_EQ(e.verdicts.size(), 2u);
}

class BudgetsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    budgets_ = std::make_unique<BudgetService>(db(), clock_, audit_);
    auto tx = must(db().begin(store::TxMode::write));
    auto org = [&](const char* name) {
      return must(
                 tx->query("INSERT INTO organizations (name, kind, created_at, updated_at) "
                           "VALUES ($1, 'client', 0, 0) RETURNING id",
                           {std::string(name)}))[0]
          .integer(0);
    };
    company_ = org("星云科技");
    other_ = org("汇达贸易");
    auto department = [&](std::int64_t organization, const char* name) {
      return must(
                 tx->query("INSERT INTO departments (organization_id, name, created_at, "
                           "updated_at) VALUES ($1, $2, 0, 0) RETURNING id",
                           {organization, std::string(name)}))[0]
          .integer(0);
    };
    sales_ = department(company_, "销售部");
    foreign_ = department(other_, "市场部");
    user_ =
        must(tx->query("INSERT INTO users (email, name, password_hash, organization_id, "
                       "created_at, updated_at) VALUES ('li@xy.test', '李伟', 'x', $1, 0, 0) "
                       "RETURNING id",
                       {company_}))[0]
            .integer(0);
    const auto search =
        must(tx->query("INSERT INTO travel_searches (organization_id, user_id, "
                       "kind, request_json, result_json, created_at) VALUES ($1, "
                       "$2, 'flight', '{}', '{}', 0) RETURNING id",
                       {company_, user_}))[0]
            .integer(0);
    const auto trip =
        must(tx->query("INSERT INTO trips (organization_id, traveller_id, "
                       "created_at) VALUES ($1, $2, 0) RETURNING id",
                       {company_, user_}))[0]
            .integer(0);
    for (int i = 0; i < 2; ++i)
      segments_.push_back(
          must(tx->query("INSERT INTO trip_segments (trip_id, kind, search_id, offer_key, "
                         "supplier_id, supplier_booking_id, product_json, price_fen, fee_fen, "
                         "total_fen, employee_pays_fen, company_pays_fen, missed_saving_fen, "
                         "outcome, verdicts_json, booked_at) VALUES ($1, 'flight', $2, 'k', $3, "
                         "$4, '{}', 0, 0, 0, 0, 0, 0, 'allow', '[]', 0) RETURNING id",
                         {trip, search, company_, "B" + std::to_string(i)}))[0]
              .integer(0));
    must(tx->commit());
    manager_.organization_id = company_;
    manager_.organization_kind = auth::OrganizationKind::client;
    manager_.roles = {auth::Role::client_admin};
  }

  BudgetInput department_budget(const char* period, const char* key, std::int64_t amount) {
    BudgetInput in;
    in.department_id = sales_;
    in.period = period;
    in.period_key = key;
    in.amount_fen = amount;
    return in;
  }

  std::vector<Budget> covering(const std::string& project) {
    auto tx = must(db().begin(store::TxMode::read));
    return must(covering_budgets(*tx, company_, sales_, project, kNov10));
  }

  ManualClock clock_{kNov10};
  audit::AuditLog audit_{clock_};
  const audit::Actor actor_ = audit::Actor::system("test");
  std::unique_ptr<BudgetService> budgets_;
  auth::Principal manager_;
  std::int64_t company_ = 0, other_ = 0, sales_ = 0, foreign_ = 0, user_ = 0;
  std::vector<std::int64_t> segments_;
};

TEST_P(BudgetsTest, ABookingTakesFromItsDepartmentsAndProjectsBudgetsOfThePeriod) {
  const auto month = must(
      budgets_->create(manager_, actor_, company_, department_budget("month", "2026-11", 100'000)));
  must(budgets_->create(manager_, actor_, company_,
                        department_budget("quarter", "2026Q4", 1'000'000)));
  must(budgets_->create(manager_, actor_, company_, department_budget("month", "2026-12", 1)));
  BudgetInput project;
  project.project_code = "XY-PILOT";
  project.period = "year";
  project.period_key = "2026";
  project.amount_fen = 50'000;
  project.over_control = Control::needs_approval;
  must(budgets_->create(manager_, actor_, company_, project));

  EXPECT_EQ(covering("").size(), 2u);  // November and Q4, not December
  const auto all = covering("XY-PILOT");
  ASSERT_EQ(all.size(), 3u);
  // 60,000 fits the month and the quarter but not the project: needs approval, not blocked.
  Evaluation e;
  for (const auto& v : budget_verdicts(all, 60'000)) add_verdict(e, v, 60'000);
  EXPECT_EQ(e.outcome, Control::needs_approval);

  {
    auto tx = must(db().begin(store::TxMode::write));
    must(lock_budgets(*tx, company_));
    must(charge_budgets(*tx, covering(""), segments_[0], 60'000, kNov10));
    must(tx->commit());
  }
  auto listed = must(budgets_->list(manager_, company_));
  auto find = [&](std::int64_t id) {
    for (const auto& b : listed)
      if (b.id == id) return b;
    return Budget{};
  };
  EXPECT_EQ(find(month.id).consumed_fen, 60'000);
  EXPECT_EQ(warning_reached_bp(find(month.id)), 6'000);  // 60 % reached
  EXPECT_EQ(to_json(find(month.id)).at("remaining_fen").as_int64(), 40'000);

  // The next 50,000 would go over the month's budget: blocked.
  const auto verdicts = budget_verdicts(covering(""), 50'000);
  EXPECT_TRUE(verdicts[0].broken);
  EXPECT_EQ(verdicts[0].control, Control::block);
  EXPECT_EQ(verdicts[0].excess_fen, 10'000);

  // A cancellation gives back at most what the segment took.
  {
    auto tx = must(db().begin(store::TxMode::write));
    must(release_budgets(*tx, segments_[0], 90'000, kNov10 + 1));
    must(release_budgets(*tx, segments_[1], 10'000, kNov10 + 1));  // took nothing
    must(tx->commit());
  }
  listed = must(budgets_->list(manager_, company_));
  EXPECT_EQ(find(month.id).consumed_fen, 0);
  EXPECT_EQ(warning_reached_bp(find(month.id)), 0);
}

TEST_P(BudgetsTest, BadBudgetsAreRefusedAndChangeNothing) {
  BudgetInput both = department_budget("month", "2026-11", 1);
  both.project_code = "P";
  const auto refused = budgets_->create(manager_, actor_, company_, both);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().fields().at(0).field, "department_id");

  auto bad = department_budget("week", "2026-11", 1);
  EXPECT_EQ(budgets_->create(manager_, actor_, company_, bad).status().fields().at(0).field,
            "period");
  bad = department_budget("quarter", "2026-11", 1);
  EXPECT_EQ(budgets_->create(manager_, actor_, company_, bad).status().fields().at(0).field,
            "period_key");
  bad = department_budget("month", "2026-11", 1);
  bad.warning_levels_bp = {9'000, 6'000};
  EXPECT_EQ(budgets_->create(manager_, actor_, company_, bad).status().fields().at(0).field,
            "warning_levels_bp");
  bad = department_budget("month", "2026-11", 1);
  bad.over_control = Control::warn;
  EXPECT_EQ(budgets_->create(manager_, actor_, company_, bad).status().fields().at(0).field,
            "over_control");
  bad = department_budget("month", "2026-11", 1);
  bad.department_id = foreign_;  // another company's department
  EXPECT_EQ(budgets_->create(manager_, actor_, company_, bad).status().fields().at(0).field,
            "department_id");
  EXPECT_EQ(budgets_->create(manager_, actor_, other_, department_budget("month", "2026-11", 1))
                .status()
                .code(),
            ErrorCode::not_found);
  auth::Principal employee = manager_;
  employee.roles = {auth::Role::employee};
  EXPECT_EQ(budgets_->list(employee, company_).status().code(), ErrorCode::forbidden);
  EXPECT_TRUE(must(budgets_->list(manager_, company_)).empty());

  const auto created = must(
      budgets_->create(manager_, actor_, company_, department_budget("month", "2026-11", 100)));
  EXPECT_EQ(budgets_->create(manager_, actor_, company_, department_budget("month", "2026-11", 100))
                .status()
                .problem_code(),
            "budget_exists");
  BudgetPatch patch;
  patch.amount_fen = 500;
  EXPECT_EQ(budgets_->update(manager_, actor_, company_, created.id, 7, patch).status().code(),
            ErrorCode::version_mismatch);
  const auto updated = must(budgets_->update(manager_, actor_, company_, created.id, 1, patch));
  EXPECT_EQ(updated.amount_fen, 500);
  EXPECT_EQ(updated.version, 2);
}

FUWU_ON_BOTH_BACKENDS(BudgetsTest);

}  // namespace
}  // namespace fuwu::travel

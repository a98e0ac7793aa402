// Travel analytics on SQLite and PostgreSQL: bookings and cancellations keep the monthly summary,
// panels read it by dimension and month, and a rebuild from the segments gives the same rows.
#include "travel/analytics.hpp"

#include <gtest/gtest.h>

#include "support/test_database.hpp"

namespace fuwu::travel {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

constexpr TimeMs kNov2026 =
    1'793'548'800'000;  // 2026-11-01T16:00Z: midnight of 2 November in China
constexpr TimeMs kDay = 86'400'000;

class AnalyticsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    analytics_ = std::make_unique<AnalyticsService>(db());
    auto tx = must(db().begin(store::TxMode::write));
    auto org = [&](const char* name, const char* kind) {
      return must(
                 tx->query("INSERT INTO organizations (name, kind, created_at, updated_at) "
                           "VALUES ($1, $2, 0, 0) RETURNING id",
                           {std::string(name), std::string(kind)}))[0]
          .integer(0);
    };
    company_ = org("星云科技", "client");
    other_ = org("汇达贸易", "client");
    supplier_ = org("云翼航空", "supplier");
    auto user = [&](const char* email) {
      return must(
                 tx->query("INSERT INTO users (email, name, password_hash, organization_id, "
                           "created_at, updated_at) VALUES ($1, $1, 'x', $2, 0, 0) RETURNING id",
                           {std::string(email), company_}))[0]
          .integer(0);
    };
    li_ = user("李伟");
    wang_ = user("王芳");
    sales_ =
        must(tx->query("INSERT INTO departments (organization_id, name, cost_centre, "
                       "created_at, updated_at) VALUES ($1, '销售部', 'S-1', 0, 0) "
                       "RETURNING id",
                       {company_}))[0]
            .integer(0);
    search_ =
        must(tx->query("INSERT INTO travel_searches (organization_id, user_id, kind, "
                       "request_json, result_json, created_at) VALUES ($1, $2, 'flight', "
                       "'{}', '{}', 0) RETURNING id",
                       {company_, li_}))[0]
            .integer(0);
    must(tx->commit());
    manager_.organization_id = company_;
    manager_.organization_kind = auth::OrganizationKind::client;
    manager_.roles = {auth::Role::client_admin};
  }

  // Books a segment the way BookingService records it: the row and its summary in one go.
  std::int64_t book(std::int64_t traveller, std::optional<std::int64_t> department,
                    const char* kind, std::int64_t total, std::int64_t employee,
                    const char* outcome, const char* broken, const char* reason, TimeMs at) {
    auto tx = must(db().begin(store::TxMode::write));
    const auto trip =
        must(tx->query("INSERT INTO trips (organization_id, traveller_id, "
                       "created_at) VALUES ($1, $2, $3) RETURNING id",
                       {company_, traveller, at}))[0]
            .integer(0);
    const auto id = must(tx->query(
        "INSERT INTO trip_segments (trip_id, kind, search_id, offer_key, supplier_id, "
        "supplier_booking_id, product_json, price_fen, fee_fen, total_fen, "
        "employee_pays_fen, company_pays_fen, lowest_logical_fare_fen, "
        "missed_saving_fen, outcome, verdicts_json, reason_code, booked_at, "
        "department_id, days_ahead, route, city, median_offer_fen, "
        "lowest_compliant_fen, broken_rules) VALUES ($1, $2, $3, 'k', $4, $5, '{}', $6, "
        "0, $6, $7, $8, NULL, $9, $10, '[]', $11, $12, $13, 7, $14, '3101', 90000, "
        "70000, $15) RETURNING id",
        {trip, std::string(kind), search_, supplier_, "B-" + std::to_string(++booked_), total,
         employee, total - employee, std::int64_t{std::string(outcome) == "allow" ? 0 : 5'000},
         std::string(outcome), std::string(reason), at, store::optional_value(department),
         std::string(std::string(kind) == "flight" ? "1101-3101" : ""), std::string(broken)}))[0]
                        .integer(0);
    must(record_booking(*tx, must(spend_fact_of(*tx, id))));
    must(tx->commit());
    return id;
  }

  std::vector<AnalyticsRow> panel(const std::string& dimension) {
    return must(analytics_->panel(manager_, company_, dimension, {"2026-01", "2026-12"}, 50));
  }

  std::string summary_rows() {
    auto tx = must(db().begin(store::TxMode::read));
    auto rows = must(tx->query(
        "SELECT dimension, key, month, segments, cancelled, spend_fen, employee_fen, compliant, "
        "missed_saving_fen, realized_saving_fen, days_ahead_sum FROM travel_spend_monthly "
        "ORDER BY dimension, key, month"));
    std::string out;
    for (const auto& r : rows) {
      out += r.text(0) + "|" + r.text(1) + "|" + r.text(2);
      for (int i = 3; i <= 10; ++i) out += "|" + std::to_string(r.integer(i));
      out += "\n";
    }
    return out;
  }

  std::unique_ptr<AnalyticsService> analytics_;
  auth::Principal manager_;
  std::int64_t company_ = 0, other_ = 0, supplier_ = 0, li_ = 0, wang_ = 0, sales_ = 0, search_ = 0,
               booked_ = 0;
};

TEST(Analytics, RealizedSavingIsTheMedianOfferAboveTheLowestCompliantOne) {
  EXPECT_EQ(realized_saving(true, 90'000, 70'000), 20'000);
  EXPECT_EQ(realized_saving(false, 90'000, 70'000), 0);  // booked outside the policy
  EXPECT_EQ(realized_saving(true, 60'000, 70'000), 0);
  EXPECT_EQ(realized_saving(true, std::nullopt, 70'000), 0);
}

TEST_P(AnalyticsTest, BookingsAndCancellationsKeepTheSummaryThatARebuildGives) {
  book(li_, sales_, "flight", 100'000, 0, "allow", "", "", kNov2026);
  const auto hotel = book(li_, sales_, "hotel", 60'000, 10'000, "employee_pays_excess", "hotel_cap",
                          "venue_nearby", kNov2026 + kDay);
  book(wang_, std::nullopt, "flight", 150'000, 0, "warn", "flight_cabin,lowest_fare", "schedule",
       kNov2026 + 40 * kDay);  // December
  {
    auto tx = must(db().begin(store::TxMode::write));
    must(
        tx->exec("INSERT INTO trip_segment_cancellations (segment_id, cancelled_by, refund_fen, "
                 "employee_refund_fen, fee_fen, cancelled_at) VALUES ($1, $2, 60000, 10000, 0, "
                 "$3)",
                 {hotel, li_, kNov2026 + 2 * kDay}));
    must(record_cancellation(*tx, must(spend_fact_of(*tx, hotel)), 60'000, 10'000));
    must(tx->commit());
  }

  const auto total = panel("total");
  ASSERT_EQ(total.size(), 1u);
  EXPECT_EQ(total[0].segments, 3);
  EXPECT_EQ(total[0].cancelled, 1);
  EXPECT_EQ(total[0].spend_fen, 250'000);  // the hotel was refunded in full
  EXPECT_EQ(total[0].employee_fen, 0);
  EXPECT_EQ(total[0].compliant, 1);
  EXPECT_EQ(total[0].missed_saving_fen, 10'000);
  EXPECT_EQ(total[0].realized_saving_fen, 20'000);  // only the compliant flight
  EXPECT_EQ(to_json(total[0]).at("compliance_bp").as_int64(), 3'333);

  const auto months = panel("month");
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].key, "2026-11");
  EXPECT_EQ(months[1].key, "2026-12");
  EXPECT_EQ(months[1].spend_fen, 150'000);

  const auto departments = panel("department");
  ASSERT_EQ(departments.size(), 2u);
  EXPECT_EQ(departments[0].key, "none");  // 王芳 had no department: the biggest spender
  EXPECT_EQ(departments[1].name, "销售部");

  const auto employees = panel("employee");
  EXPECT_EQ(employees[0].name, "王芳");
  const auto routes = panel("route");
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].name, "北京 → 上海");
  EXPECT_EQ(routes[0].segments, 2);
  const auto rules = panel("rule");
  ASSERT_EQ(rules.size(), 3u);  // each broken rule once
  const auto reasons = panel("reason");
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(panel("supplier")[0].name, "云翼航空");

  // A month range narrows every panel.
  EXPECT_EQ(
      must(analytics_->panel(manager_, company_, "total", {"2026-12", "2026-12"}, 10))[0].segments,
      1);

  const std::string kept = summary_rows();
  {
    auto tx = must(db().begin(store::TxMode::write));
    must(analytics_->rebuild(*tx, company_));
    must(tx->commit());
  }
  EXPECT_EQ(summary_rows(), kept);
}

TEST_P(AnalyticsTest, OnlyTheCompanysTravelManagersAndOperatorsReadIt) {
  auth::Principal employee = manager_;
  employee.roles = {auth::Role::employee};
  EXPECT_EQ(
      analytics_->panel(employee, company_, "total", {"2026-01", "2026-12"}, 10).status().code(),
      ErrorCode::forbidden);
  EXPECT_EQ(
      analytics_->panel(manager_, other_, "total", {"2026-01", "2026-12"}, 10).status().code(),
      ErrorCode::not_found);
  EXPECT_EQ(
      analytics_->panel(manager_, company_, "colour", {"2026-01", "2026-12"}, 10).status().code(),
      ErrorCode::not_found);
  EXPECT_TRUE(
      must(analytics_->panel(manager_, company_, "total", {"2026-01", "2026-12"}, 10)).empty());
}

FUWU_ON_BOTH_BACKENDS(AnalyticsTest);

}  // namespace
}  // namespace fuwu::travel

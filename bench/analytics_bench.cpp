// The travel manager's dashboard at scale: seeds one company with N booked segments over the
// twelve months of 2026 (2,000 travellers in 40 departments, 8 suppliers, 3 providers, four
// categories, 20 % outside the policy, 5 % cancelled; set-based SQL, not timed), builds the
// monthly summary from the segments (timed once: what `rebuild` costs), then reads every panel
// of the dashboard for the whole year `rounds` times, as the server's AnalyticsService does.
//
//   fuwu_bench_analytics <sqlite-file | postgresql://…> [segments=1000000] [rounds=20]
//
// Prints one line of JSON per panel (p50 and max in ms) and one with the seed and rebuild times.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "seeding.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"
#include "travel/analytics.hpp"

using namespace fuwu;
using fuwu::bench::check;
using fuwu::bench::series;

namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::int64_t first_id(store::Transaction& tx, const std::string& sql) {
  return check(tx.query(sql), "first id")[0].integer(0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <sqlite-file | postgresql://…> [segments] [rounds]\n", argv[0]);
    return 2;
  }
  const std::string url = argv[1];
  const std::int64_t segments = argc > 2 ? std::stoll(argv[2]) : 1'000'000;
  const int rounds = argc > 3 ? std::stoi(argv[3]) : 20;
  constexpr std::int64_t kTravellers = 2'000, kDepartments = 40;
  constexpr std::int64_t kYearStartMs = 1'767'196'800'000;  // 2026-01-01T00:00+08:00

  auto seeder = check(store::open_database({url, 2, 3'600'000, 3'600'000, 60'000}), "open");
  check(store::migrate(*seeder, store::embedded_migrations(seeder->dialect())), "migrate");
  const auto dialect = seeder->dialect();
  const auto seed_start = std::chrono::steady_clock::now();
  const std::int64_t company = check(
      store::with_write_transaction(
          *seeder,
          [&](store::Transaction& tx) -> Result<std::int64_t> {
            FUWU_ASSIGN_OR_RETURN(auto org, tx.query("INSERT INTO organizations (name, kind, "
                                                     "created_at, updated_at) VALUES ('基准公司', "
                                                     "'client', 0, 0) RETURNING id"));
            const std::int64_t company_id = org[0].integer(0);
            FUWU_TRY(tx.exec("INSERT INTO organizations (name, kind, created_at, updated_at) "
                             "SELECT 'supplier ' || n, 'supplier', 0, 0 FROM (" +
                             series(dialect, 8) + ") AS x")
                         .status());
            FUWU_TRY(tx.exec("INSERT INTO organizations (name, kind, created_at, updated_at) "
                             "SELECT 'provider ' || n, 'provider', 0, 0 FROM (" +
                             series(dialect, 3) + ") AS x")
                         .status());
            const auto supplier = first_id(tx,
                                           "SELECT MIN(id) FROM organizations WHERE kind = "
                                           "'supplier'");
            const auto provider = first_id(tx,
                                           "SELECT MIN(id) FROM organizations WHERE kind = "
                                           "'provider'");
            FUWU_TRY(tx.exec("INSERT INTO users (email, name, password_hash, organization_id, "
                             "created_at, updated_at) SELECT 'u' || n || '@bench', '员工' || n, "
                             "'x', $1, 0, 0 FROM (" +
                                 series(dialect, kTravellers) + ") AS x",
                             {company_id})
                         .status());
            const auto user = first_id(tx, "SELECT MIN(id) FROM users");
            FUWU_TRY(tx.exec("INSERT INTO departments (organization_id, name, cost_centre, "
                             "created_at, updated_at) SELECT $1, '部门' || n, 'CC-' || n, 0, 0 "
                             "FROM (" +
                                 series(dialect, kDepartments) + ") AS x",
                             {company_id})
                         .status());
            const auto department = first_id(tx, "SELECT MIN(id) FROM departments");
            FUWU_ASSIGN_OR_RETURN(
                auto search, tx.query("INSERT INTO travel_searches (organization_id, user_id, "
                                      "kind, request_json, result_json, created_at) VALUES ($1, "
                                      "$2, 'flight', '{}', '{}', 0) RETURNING id",
                                      {company_id, user}));
            const std::int64_t trips = std::max<std::int64_t>(1, segments / 10);
            FUWU_TRY(tx.exec("INSERT INTO trips (organization_id, traveller_id, created_at) "
                             "SELECT $1, $2 + n % $3, n FROM (" +
                                 series(dialect, trips) + ") AS x",
                             {company_id, user, kTravellers})
                         .status());
            const auto trip = first_id(tx, "SELECT MIN(id) FROM trips");
            // Segment n belongs to trip n % trips (so to its traveller), books at a day and
            // second spread over the year, and is a flight, hotel, train or transfer in turn.
            FUWU_TRY(
                tx.exec(
                      "INSERT INTO trip_segments (trip_id, kind, search_id, offer_key, "
                      "supplier_id, "
                      "supplier_booking_id, product_json, price_fen, fee_fen, total_fen, "
                      "employee_pays_fen, company_pays_fen, missed_saving_fen, outcome, "
                      "verdicts_json, reason_code, booked_at, provider_id, department_id, "
                      "days_ahead, route, city, median_offer_fen, lowest_compliant_fen, "
                      "broken_rules) SELECT $1 + n % $2, CASE n % 4 WHEN 0 THEN 'flight' WHEN 1 "
                      "THEN 'hotel' WHEN 2 THEN 'train' ELSE 'transfer' END, $3, 'k' || n, $4 + n "
                      "% 8, 'B' || n, '{}', 20000 + (n * 7919) % 150000, 0, 20000 + (n * 7919) % "
                      "150000, CASE WHEN n % 10 = 0 THEN 5000 ELSE 0 END, 15000 + (n * 7919) % "
                      "150000, CASE WHEN n % 5 = 0 THEN (n * 31) % 20000 ELSE 0 END, CASE WHEN n % "
                      "5 = 0 THEN 'warn' ELSE 'allow' END, '[]', CASE WHEN n % 5 = 0 THEN "
                      "'schedule' ELSE '' END, $5 + ((n * 7919) % 365) * 86400000 + (n % 86400) * "
                      "1000, $6 + n % 3, $7 + ((n % $2) % $8) % $9, n % 30, CASE WHEN n % 4 IN (0, "
                      "2) THEN CASE (n / 4) % 5 WHEN 0 THEN '1101-3101' WHEN 1 THEN '3101-4401' "
                      "WHEN 2 THEN '1101-4403' WHEN 3 THEN '3101-3301' ELSE '4401-5101' END ELSE "
                      "'' "
                      "END, CASE (n / 4) % 5 WHEN 0 THEN '3101' WHEN 1 THEN '4401' WHEN 2 THEN "
                      "'4403' WHEN 3 THEN '3301' ELSE '5101' END, 90000, 70000, CASE WHEN n % 5 = "
                      "0 "
                      "THEN 'lowest_fare' ELSE '' END FROM (" +
                          series(dialect, segments) + ") AS x",
                      {trip, trips, search[0].integer(0), supplier, kYearStartMs, provider,
                       department, kTravellers, kDepartments})
                    .status());
            FUWU_TRY(tx.exec("INSERT INTO trip_segment_cancellations (segment_id, cancelled_by, "
                             "refund_fen, employee_refund_fen, fee_fen, cancelled_at) SELECT id, "
                             "$1, total_fen * 9 / 10, employee_pays_fen * 9 / 10, total_fen - "
                             "total_fen * 9 / 10, booked_at + 3600000 FROM trip_segments WHERE "
                             "id % 20 = 0",
                             {user})
                         .status());
            return company_id;
          }),
      "seed");
  if (dialect == store::Dialect::postgres) {
    auto tx = check(seeder->begin(store::TxMode::write), "analyze");
    check(tx->exec_script("ANALYZE"), "analyze");
    check(tx->commit(), "analyze");
  }
  const double seed_ms = ms_since(seed_start);
  const auto rebuild_start = std::chrono::steady_clock::now();
  travel::AnalyticsService builder(*seeder);
  check(store::with_write_transaction(
            *seeder, [&](store::Transaction& tx) { return builder.rebuild(tx, company); }),
        "rebuild");
  const double rebuild_ms = ms_since(rebuild_start);
  if (dialect == store::Dialect::postgres) {
    auto tx = check(seeder->begin(store::TxMode::write), "analyze");
    check(tx->exec_script("ANALYZE travel_spend_monthly"), "analyze");
    check(tx->commit(), "analyze");
  }
  seeder.reset();

  // The measured part: the server's pool and statement deadline.
  auto db = check(store::open_database({url, 4, 5'000, 5'000, 5'000}), "open");
  travel::AnalyticsService analytics(*db);
  auth::Principal manager;
  manager.organization_id = company;
  manager.organization_kind = auth::OrganizationKind::client;
  manager.roles = {auth::Role::client_admin};
  const char* backend = dialect == store::Dialect::postgres ? "postgresql" : "sqlite";
  double worst_p50 = 0;
  for (const auto& dimension : travel::analytics_dimensions()) {
    std::vector<double> times;
    std::size_t rows = 0;
    for (int i = 0; i < rounds; ++i) {
      const auto start = std::chrono::steady_clock::now();
      rows =
          check(analytics.panel(manager, company, dimension, {"2026-01", "2026-12"}, 50), "panel")
              .size();
      times.push_back(ms_since(start));
    }
    std::sort(times.begin(), times.end());
    worst_p50 = std::max(worst_p50, times[times.size() / 2]);
    std::printf(
        "{\"backend\": \"%s\", \"panel\": \"%s\", \"rows\": %zu, \"p50_ms\": %.2f, \"max_ms\": "
        "%.2f}\n",
        backend, dimension.c_str(), rows, times[times.size() / 2], times.back());
  }
  std::printf(
      "{\"backend\": \"%s\", \"segments\": %lld, \"seed_ms\": %.0f, \"rebuild_ms\": %.0f, "
      "\"slowest_panel_p50_ms\": %.2f}\n",
      backend, static_cast<long long>(segments), seed_ms, rebuild_ms, worst_p50);
  return 0;
}

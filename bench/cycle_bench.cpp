// A whole rating cycle at scale: seeds a program with N providers and M ledger entries (set-based
// SQL, not timed), then times what an operator's "compute" and "publish" do — derive every
// balance from the ledger, read basic-task completion, caps and last cycle's tiers, allocate,
// store the standings — on SQLite or PostgreSQL with the server's normal 5 s statement deadline.
//
//   fuwu_bench_cycle <sqlite-file | postgresql://…> [providers=100000] [entries=10000000]
//
// Prints one line of JSON with the seed and measured times.
#include <chrono>
#include <cstdio>
#include <string>

#include "audit/audit_log.hpp"
#include "rating/publication.hpp"
#include "seeding.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"

using namespace fuwu;
using fuwu::bench::check;
using fuwu::bench::series;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <sqlite-file | postgresql://…> [providers] [entries]\n",
                 argv[0]);
    return 2;
  }
  const std::string url = argv[1];
  const std::int64_t providers = argc > 2 ? std::stoll(argv[2]) : 100'000;
  const std::int64_t entries = argc > 3 ? std::stoll(argv[3]) : 10'000'000;

  // Seeding runs long set-based statements; the measured part uses the normal deadline.
  auto seeder = check(store::open_database({url, 2, 3'600'000, 3'600'000, 60'000}), "open");
  check(store::migrate(*seeder, store::embedded_migrations(seeder->dialect())), "migrate");
  const auto dialect = seeder->dialect();
  const auto seed_start = std::chrono::steady_clock::now();
  const std::int64_t cycle_id = check(
      store::with_write_transaction(
          *seeder,
          [&](store::Transaction& tx) -> Result<std::int64_t> {
            FUWU_ASSIGN_OR_RETURN(
                auto program,
                tx.query("INSERT INTO admission_programs (code, name_zh, name_en, created_at, "
                         "updated_at) VALUES ('bench', '基准', 'Bench', 0, 0) RETURNING id"));
            const std::int64_t program_id = program[0].integer(0);
            FUWU_TRY(tx.exec("INSERT INTO organizations (name, kind, created_at, updated_at) "
                             "SELECT 'bench provider ' || n, 'provider', n, n FROM (" +
                             series(dialect, providers) + ") AS p")
                         .status());
            FUWU_TRY(tx.exec("INSERT INTO provider_profiles (organization_id, provider_type, "
                             "program_id, created_at, updated_at) SELECT id, 'specialized', $1, "
                             "created_at, created_at FROM organizations WHERE kind = 'provider'",
                             {program_id})
                         .status());
            FUWU_TRY(tx.exec("INSERT INTO growth_tasks (program_id, code, name_zh, name_en, kind, "
                             "points, cap, completion, metric, target, created_at) VALUES ($1, "
                             "'basic', '基础', 'Basic', 'basic', 1, 1, 'metric', 'orders_served', "
                             "1, 0)",
                             {program_id})
                         .status());
            FUWU_ASSIGN_OR_RETURN(
                auto cycle,
                tx.query("INSERT INTO rating_cycles (program_id, code, period, window_start_ms, "
                         "window_end_ms, decision_date, state, version, created_at, updated_at) "
                         "VALUES ($1, '2026Q4', 'quarterly', 0, 1, '2027-01-15', 'open', 1, 0, 0) "
                         "RETURNING id",
                         {program_id}));
            const std::int64_t id = cycle[0].integer(0);
            // Entries arrive interleaved across providers, 1–29 points each (providers differ by
            // up to 6 points an entry, so every tier fills); 90% did the basic task.
            FUWU_TRY(
                tx.exec("INSERT INTO points_ledger (cycle_id, provider_id, points, source_kind, "
                        "source_ref, created_at) SELECT $1, (n % $2) + 1, (n * 7919) % 23 + 1 + (n "
                        "% $2) % 7, "
                        "'task', CASE WHEN n <= $3 THEN 'task:basic' ELSE 'task:bench' END, n "
                        "FROM (" +
                            series(dialect, entries) + ") AS e",
                        {id, providers, providers * 9 / 10})
                    .status());
            return id;
          }),
      "seed");
  if (dialect == store::Dialect::postgres) {
    auto tx = check(seeder->begin(store::TxMode::write), "analyze");
    check(tx->exec_script("ANALYZE"), "analyze");
    check(tx->commit(), "analyze");
  }
  const double seed_seconds = seconds_since(seed_start);
  seeder.reset();

  auto db = check(store::open_database({url, 4, 5'000, 5'000, 5'000}), "open");
  SystemClock clock;
  audit::AuditLog audit(clock);
  rating::PublicationService publication(*db, clock, audit);
  const auto actor = audit::Actor::system("bench");
  const auto start = std::chrono::steady_clock::now();
  auto summary = check(publication.compute(actor, cycle_id), "compute");
  const double compute_seconds = seconds_since(start);
  check(publication.publish(actor, cycle_id), "publish");
  const double total_seconds = seconds_since(start);
  std::printf(
      "{\"backend\": \"%s\", \"providers\": %lld, \"entries\": %lld, \"seed_s\": %.1f, "
      "\"compute_s\": %.2f, \"compute_and_publish_s\": %.2f, \"rated\": %lld, \"diamond\": %lld, "
      "\"gold\": %lld, \"silver\": %lld}\n",
      dialect == store::Dialect::postgres ? "postgresql" : "sqlite",
      static_cast<long long>(providers), static_cast<long long>(entries), seed_seconds,
      compute_seconds, total_seconds, static_cast<long long>(summary.rated),
      static_cast<long long>(summary.tiers["diamond"]),
      static_cast<long long>(summary.tiers["gold"]),
      static_cast<long long>(summary.tiers["silver"]));
  return 0;
}

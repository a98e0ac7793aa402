// The points ledger on SQLite and PostgreSQL.
#include "rating/ledger.hpp"

#include <gtest/gtest.h>

#include "auth/directory_service.hpp"
#include "rating/publication.hpp"
#include "support/rating_world.hpp"
#include "support/test_database.hpp"

namespace fuwu::rating {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

class LedgerTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    ledger_holder_ = std::make_unique<LedgerService>(db(), clock_, audit_);
    ledger_ptr_ = ledger_holder_.get();
    program_ = fuwu::testing::insert_program(db(), "p");
    provider_ = fuwu::testing::insert_provider(db(), program_, "测试服务商");
    auth::DirectoryService directory(db(), clock_, audit_, auth::PasswordCost{1, 8 * 1024});
    auth::Organization client;
    client.name = "测试客户";
    client.kind = auth::OrganizationKind::client;
    client_ = must(directory.create_organization(actor_, client)).id;
    cycle_ = must(ledger().create_cycle(actor_, {program_, "2024Q2", "quarterly", 1'711'900'800'000,
                                                 1'719'763'200'000, "2024-07-10"}));
  }

  NewEntry task_points(std::int64_t points, const char* capability = "") {
    return {cycle_.id,
            provider_,
            points,
            "task",
            "task:orders_served",
            capability,
            "order:8812 completed",
            ""};
  }

  LedgerService& ledger() { return *ledger_ptr_; }

  ManualClock clock_{1'719'000'000'000};
  audit::AuditLog audit_{clock_};
  const audit::Actor actor_ = audit::Actor::system("test");
  std::unique_ptr<LedgerService> ledger_holder_;
  LedgerService* ledger_ptr_ = nullptr;
  std::int64_t provider_ = 0, client_ = 0, program_ = 0;
  Cycle cycle_;
};

TEST_P(LedgerTest, BalancesAreDerivedFromTheEntries) {
  must(ledger().append(actor_, task_points(120, "store_operation")));
  must(ledger().append(actor_, task_points(80, "live_stream_operation")));
  auto violation =
      must(ledger().append(actor_, {cycle_.id, provider_, -50, "violation",
                                    "violation:late-delivery", "", "ticket:77", "迟到"}));
  auto balances = must(ledger().balances(cycle_.id));
  ASSERT_EQ(balances.size(), 1u);
  EXPECT_EQ(balances[0].points, 150);
  EXPECT_EQ(balances[0].by_source["task"], 200);
  EXPECT_EQ(balances[0].by_source["violation"], -50);
  EXPECT_EQ(balances[0].by_capability["store_operation"], 120);
  // A correction is a reversing entry; the original stays.
  auto reversal = must(ledger().reverse(actor_, violation.id, "申诉成立"));
  EXPECT_EQ(reversal.points, 50);
  EXPECT_EQ(reversal.reverses_entry_id, violation.id);
  EXPECT_EQ(must(ledger().balances(cycle_.id))[0].points, 200);
  EXPECT_EQ(must(ledger().entries(cycle_.id, provider_)).size(), 4u);
  EXPECT_TRUE(must(audit::AuditLog::verify(db())).ok());
}

TEST_P(LedgerTest, ReversalsHappenOnceAndOnlyOfRealEntries) {
  auto entry = must(ledger().append(actor_, task_points(10)));
  auto reversal = must(ledger().reverse(actor_, entry.id, ""));
  EXPECT_EQ(ledger().reverse(actor_, entry.id, "").status().problem_code(), "already_reversed");
  EXPECT_EQ(ledger().reverse(actor_, reversal.id, "").status().problem_code(),
            "reversal_of_reversal");
  EXPECT_EQ(ledger().reverse(actor_, 999'999, "").status().code(), ErrorCode::not_found);
  EXPECT_EQ(must(ledger().balances(cycle_.id))[0].points, 0);
}

TEST_P(LedgerTest, PublishedCyclesAreFrozen) {
  auto entry = must(ledger().append(actor_, task_points(10)));
  PublicationService publication(db(), clock_, audit_);
  must(publication.compute(actor_, cycle_.id));
  EXPECT_EQ(ledger().append(actor_, task_points(5)).status().problem_code(), "cycle_closed");
  auto published = must(publication.publish(actor_, cycle_.id));
  EXPECT_TRUE(published.published_at.has_value());
  EXPECT_EQ(ledger().append(actor_, task_points(5)).status().problem_code(), "cycle_closed");
  EXPECT_EQ(ledger().reverse(actor_, entry.id, "").status().problem_code(), "cycle_closed");
  EXPECT_EQ(publication.reopen(actor_, cycle_.id).status().problem_code(), "illegal_transition");
  EXPECT_EQ(publication.compute(actor_, cycle_.id).status().problem_code(), "cycle_closed");
  EXPECT_EQ(must(ledger().balances(cycle_.id))[0].points, 10);
}

TEST_P(LedgerTest, BadEntriesAndCyclesChangeNothing) {
  EXPECT_EQ(ledger().append(actor_, task_points(0)).status().fields()[0].field, "points");
  auto to_client = task_points(10);
  to_client.provider_id = client_;
  EXPECT_EQ(ledger().append(actor_, to_client).status().fields()[0].field, "provider_id");
  EXPECT_EQ(ledger()
                .append(actor_, {cycle_.id, provider_, 30, "violation", "v:1", "", "", ""})
                .status()
                .fields()[0]
                .field,
            "points");
  EXPECT_EQ(ledger()
                .create_cycle(actor_, {program_, "2024Q5", "quarterly", 1, 2, "2024-07-10"})
                .status()
                .fields()[0]
                .field,
            "code");
  EXPECT_EQ(ledger()
                .create_cycle(actor_, {program_, "2024Q2", "quarterly", 1, 2, "2024-07-10"})
                .status()
                .problem_code(),
            "open_cycle_exists");
  EXPECT_TRUE(must(ledger().balances(cycle_.id)).empty());
  EXPECT_TRUE(is_cycle_code("monthly", "2024-05"));
  EXPECT_FALSE(is_cycle_code("monthly", "2024-13"));
}

FUWU_ON_BOTH_BACKENDS(LedgerTest);

}  // namespace
}  // namespace fuwu::rating

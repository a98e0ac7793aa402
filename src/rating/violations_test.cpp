// Violations and appeals on SQLite and PostgreSQL.
#include "rating/violations.hpp"

#include <gtest/gtest.h>

#include "rating/publication.hpp"
#include "support/rating_world.hpp"
#include "support/test_database.hpp"

namespace fuwu::rating {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

constexpr TimeMs kDay = 24 * 3600 * 1000;

class ViolationTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    ledger_ = std::make_unique<LedgerService>(db(), clock_, audit_);
    violations_ = std::make_unique<ViolationService>(db(), clock_, audit_, *ledger_);
    program_ = fuwu::testing::insert_program(db(), "p");
    provider_ = fuwu::testing::insert_provider(db(), program_, "违规测试服务商");
    q2_ =
        must(ledger_->create_cycle(actor_, {program_, "2024Q2", "quarterly", 1, 2, "2024-07-10"}));
    late_ = must(violations_->create_type(
        actor_, {0, program_, "late", "迟到履约", "Late delivery", "minor", 20, "", 7}));
    fraud_ = must(violations_->create_type(actor_, {0, program_, "fake_orders", "虚假交易",
                                                    "Fake orders", "serious", 300, "silver", 14}));
    must(ledger_->append(actor_, {q2_.id, provider_, 1000, "task", "task:orders", "", "", ""}));
  }

  std::int64_t balance(std::int64_t cycle_id) {
    auto balances = must(ledger_->balances(cycle_id));
    return balances.empty() ? 0 : balances[0].points;
  }

  ManualClock clock_{1'719'000'000'000};
  audit::AuditLog audit_{clock_};
  const audit::Actor actor_ = audit::Actor::system("test");
  std::unique_ptr<LedgerService> ledger_;
  std::unique_ptr<ViolationService> violations_;
  std::int64_t provider_ = 0, program_ = 0;
  Cycle q2_;
  ViolationType late_, fraud_;
};

TEST_P(ViolationTest, RecordingDeductsAndAnOverturnedAppealGivesThePointsBack) {
  auto v = must(violations_->record(actor_, late_.id, provider_, q2_.id, "工单 #77 超时"));
  EXPECT_EQ(balance(q2_.id), 980);
  must(violations_->appeal(actor_, v.id, "客户改约，有聊天记录"));
  auto decided = must(violations_->decide(actor_, v.id, /*overturn=*/true, "证据成立"));
  EXPECT_EQ(decided.state, "overturned");
  EXPECT_TRUE(decided.correction_entry_id.has_value());
  EXPECT_EQ(balance(q2_.id), 1000);
  EXPECT_EQ(violations_->decide(actor_, v.id, false, "").status().problem_code(),
            "illegal_transition");
  EXPECT_TRUE(must(audit::AuditLog::verify(db())).ok());
}

TEST_P(ViolationTest, AppealsAfterTheDeadlineAreRefused) {
  auto v = must(violations_->record(actor_, late_.id, provider_, q2_.id, ""));
  clock_.advance_ms(7 * kDay + 1);
  EXPECT_EQ(violations_->appeal(actor_, v.id, "太晚了").status().problem_code(),
            "appeal_deadline_passed");
  EXPECT_EQ(violations_->appeal(actor_, 999'999, "x").status().code(), ErrorCode::not_found);
}

TEST_P(ViolationTest, SeriousViolationsCapTheTierUnlessOverturned) {
  auto fraud = must(violations_->record(actor_, fraud_.id, provider_, q2_.id, "刷单"));
  EXPECT_EQ(balance(q2_.id), 700);
  auto caps = must(violations_->tier_caps(q2_.id));
  EXPECT_EQ(caps.at(provider_), "silver");
  must(violations_->appeal(actor_, fraud.id, "系统误判"));
  must(violations_->decide(actor_, fraud.id, /*overturn=*/false, "维持"));
  EXPECT_EQ(must(violations_->tier_caps(q2_.id)).at(provider_), "silver");
  EXPECT_EQ(balance(q2_.id), 700);
}

TEST_P(ViolationTest, AFrozenCycleIsCorrectedInTheOpenOne) {
  auto v = must(violations_->record(actor_, late_.id, provider_, q2_.id, ""));
  must(violations_->appeal(actor_, v.id, "申诉"));
  PublicationService publication(db(), clock_, audit_);
  must(publication.compute(actor_, q2_.id));
  must(publication.publish(actor_, q2_.id));
  EXPECT_EQ(violations_->decide(actor_, v.id, true, "").status().problem_code(), "no_open_cycle");
  auto q3 =
      must(ledger_->create_cycle(actor_, {program_, "2024Q3", "quarterly", 3, 4, "2024-10-10"}));
  must(violations_->decide(actor_, v.id, true, "成立"));
  EXPECT_EQ(balance(q2_.id), 980);  // published results never change
  EXPECT_EQ(balance(q3.id), 20);    // the correction
}

TEST_P(ViolationTest, BadTypesAreRefused) {
  EXPECT_EQ(violations_->create_type(actor_, {0, program_, "x", "x", "x", "fatal", 5, "", 7})
                .status()
                .fields()[0]
                .field,
            "severity");
  EXPECT_EQ(violations_->create_type(actor_, {0, program_, "y", "y", "y", "minor", 0, "", 7})
                .status()
                .fields()[0]
                .field,
            "points");
  EXPECT_EQ(violations_->create_type(actor_, {0, program_, "late", "y", "y", "minor", 5, "", 7})
                .status()
                .code(),
            ErrorCode::unique_violation);
}

FUWU_ON_BOTH_BACKENDS(ViolationTest);

}  // namespace
}  // namespace fuwu::rating

#include "audit/audit_log.hpp"

#include <gtest/gtest.h>

#include "support/test_database.hpp"

namespace fuwu::audit {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

class AuditLogTest : public BackendTest {
 protected:
  void append_records(int count) {
    for (int i = 0; i < count; ++i) {
      must(store::with_write_transaction(db(), [&](store::Transaction& tx) {
        return log_.append(
            tx, {std::int64_t{1}, std::int64_t{1}, "req-" + std::to_string(i)},
            {"thing.update", "thing", std::to_string(i), std::int64_t{1},
             "{\"v\":" + std::to_string(i) + "}", "{\"v\":" + std::to_string(i + 1) + "}"});
      }));
      clock_.advance_ms(1000);
    }
  }
  void tamper(const std::string& sql) {
    auto tx = must(db().begin(store::TxMode::write));
    must(tx->exec(sql));
    must(tx->commit());
  }
  ManualClock clock_{1'700'000'000'000};
  AuditLog log_{clock_};
};

TEST_P(AuditLogTest, IntactChainVerifies) {
  append_records(5);
  auto v = must(AuditLog::verify(db()));
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_EQ(v.records_checked, 5);
}

TEST_P(AuditLogTest, EditedRecordIsNamed) {
  append_records(5);
  tamper("UPDATE audit_log SET after_json = '{\"v\":999}' WHERE id = 3");
  auto v = must(AuditLog::verify(db()));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_bad_id, 3);
  EXPECT_EQ(v.records_checked, 2);
}

TEST_P(AuditLogTest, RecomputedHashStillBreaksTheChain) {
  append_records(4);
  // A forger who also rewrites the hash of record 2 breaks the link from record 3.
  tamper("UPDATE audit_log SET action = 'forged', hash = '" + std::string(64, 'a') +
         "' WHERE id = 2");
  auto v = must(AuditLog::verify(db()));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_bad_id, 2);
}

TEST_P(AuditLogTest, RemovedRecordIsNamed) {
  append_records(5);
  tamper("DELETE FROM audit_log WHERE id = 4");
  auto v = must(AuditLog::verify(db()));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_bad_id, 4);
  EXPECT_NE(v.problem.find("missing"), std::string::npos);
}

TEST_P(AuditLogTest, ListsNewestFirstWithFilters) {
  append_records(3);
  auto tx = must(db().begin(store::TxMode::read));
  AuditLog::Filter filter;
  filter.entity_id = "1";
  auto records = must(AuditLog::list(*tx, filter, 0, 10));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].entity_id, "1");
  auto all = must(AuditLog::list(*tx, {}, 0, 10));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_GT(all[0].id, all[1].id);
  auto older = must(AuditLog::list(*tx, {}, all[0].id, 10));
  EXPECT_EQ(older.size(), 2u);
}

TEST_P(AuditLogTest, RolledBackChangeLeavesNoRecord) {
  {
    auto tx = must(db().begin(store::TxMode::write));
    must(log_.append(*tx, Actor::system("test"),
                     {"thing.create", "thing", "1", std::nullopt, std::nullopt, "{}"}));
  }
  auto v = must(AuditLog::verify(db()));
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.records_checked, 0);
}

FUWU_ON_BOTH_BACKENDS(AuditLogTest);

}  // namespace
}  // namespace fuwu::audit

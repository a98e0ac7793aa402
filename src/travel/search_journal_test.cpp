// The search journal on SQLite and PostgreSQL: searches appended from many threads at once are
// all committed, each with its own id, whatever batches they shared.
#include "travel/search_journal.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "support/test_database.hpp"

namespace fuwu::travel {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

class SearchJournalTest : public BackendTest {};

TEST_P(SearchJournalTest, ConcurrentSearchesAreAllCommittedWithTheirOwnIds) {
  std::int64_t company = 0, user = 0;
  {
    auto tx = must(db().begin(store::TxMode::write));
    company =
        must(tx->query("INSERT INTO organizations (name, kind, created_at, updated_at) "
                       "VALUES ('星云科技', 'client', 0, 0) RETURNING id"))[0]
            .integer(0);
    user =
        must(tx->query("INSERT INTO users (email, name, password_hash, organization_id, "
                       "created_at, updated_at) VALUES ('li@xy.test', '李伟', 'x', $1, 0, 0) "
                       "RETURNING id",
                       {company}))[0]
            .integer(0);
    must(tx->commit());
  }
  std::mutex mutex;
  std::set<std::int64_t> ids;
  {
    SearchJournal journal(db());
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          const auto id =
              must(journal.append({company, user, user, "flight", "{}",
                                   R"({"n":)" + std::to_string(t * 100 + i) + "}", 1'000 + i}));
          std::lock_guard lock(mutex);
          ids.insert(id);
        }
      });
    for (auto& thread : threads) thread.join();
  }
  EXPECT_EQ(ids.size(), 200u);
  auto tx = must(db().begin(store::TxMode::read));
  EXPECT_EQ(
      must(tx->query("SELECT COUNT(DISTINCT result_json) FROM travel_searches"))[0].integer(0),
      200);
}

FUWU_ON_BOTH_BACKENDS(SearchJournalTest);

}  // namespace
}  // namespace fuwu::travel

#include "travel/search_journal.hpp"

#include <vector>

namespace fuwu::travel {

SearchJournal::SearchJournal(store::Database& db) : db_(db), thread_([this] { run(); }) {}

SearchJournal::~SearchJournal() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Result<std::int64_t> SearchJournal::append(StoredSearch search) {
  std::future<Result<std::int64_t>> committed;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Status(ErrorCode::unavailable, "the server is stopping");
    queue_.push_back({std::move(search), {}});
    committed = queue_.back().done.get_future();
  }
  wake_.notify_one();
  return committed.get();
}

void SearchJournal::run() {
  for (;;) {
    std::vector<Waiting> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && batch.size() < kBatchMax) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    auto ids = store::with_write_transaction(
        db_, [&](store::Transaction& tx) -> Result<std::vector<std::int64_t>> {
          std::vector<std::int64_t> out;
          out.reserve(batch.size());
          for (const auto& w : batch) {
            const auto& s = w.search;
            FUWU_ASSIGN_OR_RETURN(
                auto rows,
                tx.query("INSERT INTO travel_searches (organization_id, user_id, kind, "
                         "request_json, result_json, created_at, created_by) VALUES ($1, $2, $3, "
                         "$4, $5, $6, $7) RETURNING id",
                         {s.organization_id, s.user_id, s.kind, s.request_json, s.result_json,
                          s.created_at, s.created_by}));
            out.push_back(rows[0].integer(0));
          }
          return out;
        });
    for (std::size_t i = 0; i < batch.size(); ++i)
      batch[i].done.set_value(ids.is_ok() ? Result<std::int64_t>(ids.value()[i])
                                          : Result<std::int64_t>(ids.status()));
  }
}

}  // namespace fuwu::travel

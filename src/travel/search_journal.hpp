// Where searches are written. Every search is stored so that a booking can refer to what was on
// offer, and at a few hundred searches a second writing each in its own transaction makes them
// queue for the database's single writer (and, on SQLite, for one fsync each). The journal
// writes them in batches instead: one thread takes everything waiting and stores it in one
// transaction, so under load many searches share a commit, and alone a search is written at once.
// A search's caller waits until its row is committed.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace fuwu::travel {

struct StoredSearch {
  std::int64_t organization_id = 0;
  std::int64_t user_id = 0;     // the traveller
  std::int64_t created_by = 0;  // who searched (the traveller or a travel manager)
  std::string kind;
  std::string request_json;
  std::string result_json;
  TimeMs created_at = 0;
};

class SearchJournal {
 public:
  explicit SearchJournal(store::Database& db);
  ~SearchJournal();  // writes what is waiting, then stops
  SearchJournal(const SearchJournal&) = delete;
  SearchJournal& operator=(const SearchJournal&) = delete;

  // The new search's id, once committed.
  Result<std::int64_t> append(StoredSearch search);

  static constexpr std::size_t kBatchMax = 64;

 private:
  struct Waiting {
    StoredSearch search;
    std::promise<Result<std::int64_t>> done;
  };
  void run();

  store::Database& db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Waiting> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fuwu::travel

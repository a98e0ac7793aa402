// The audit log: every state change in fuwu writes who / when / what / before / after, in the
// same transaction as the change. Records form a SHA-256 hash chain (each names the previous
// record's hash), so `fuwu audit verify` can prove that no record was altered or removed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace fuwu::audit {

// Who acts: a user in an organization, or the system itself (CLI, demo data, jobs).
struct Actor {
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> organization_id;
  std::string request_id;

  static Actor system(std::string label) { return {std::nullopt, std::nullopt, std::move(label)}; }
};

struct Change {
  std::string action;       // "organization.create", "user.update", …
  std::string entity_type;  // "organization", "user", …
  std::string entity_id;
  std::optional<std::int64_t> organization_id;  // whose data changed
  std::optional<std::string> before_json;       // null for creations
  std::optional<std::string> after_json;        // null for deletions
};

struct Record {
  std::int64_t id = 0;
  TimeMs at = 0;
  std::optional<std::int64_t> actor_user_id;
  std::optional<std::int64_t> actor_organization_id;
  std::optional<std::int64_t> organization_id;
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string request_id;
  std::string prev_hash;
  std::string hash;
};

inline const std::string kGenesisHash(64, '0');

// The hash of a record: SHA-256 over a canonical JSON array of every field but `hash`.
std::string record_hash(const Record& record);

class AuditLog {
 public:
  explicit AuditLog(const Clock& clock) : clock_(clock) {}

  // Appends within `tx`. REQUIRES: tx is a write transaction.
  Status append(store::Transaction& tx, const Actor& actor, const Change& change) const;

  struct Filter {
    std::optional<std::string> entity_type;
    std::optional<std::string> entity_id;
    std::optional<std::int64_t> actor_user_id;
    std::optional<std::int64_t> organization_id;
    std::optional<std::string> action;
  };
  // Newest first; `before_id` 0 means from the newest.
  static Result<std::vector<Record>> list(store::Transaction& tx, const Filter& filter,
                                          std::int64_t before_id, std::int64_t limit);

  struct Verification {
    std::int64_t records_checked = 0;
    std::optional<std::int64_t> first_bad_id;  // set when the chain is broken
    std::string problem;                       // what is wrong at first_bad_id
    bool ok() const { return !first_bad_id.has_value(); }
  };
  // Walks the whole chain in id order.
  static Result<Verification> verify(store::Database& db);

 private:
  const Clock& clock_;
};

}  // namespace fuwu::audit

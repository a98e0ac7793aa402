// The points ledger of the growth system: rating cycles per program (open → computing →
// published, after which nothing changes) and an append-only ledger of point entries. Every entry
// names its source (a task, a violation, an adjustment), capability, cycle and actor; a mistake is
// corrected by a reversing entry, never by an edit, and an entry can be reversed once. Balances are
// always derived from the entries.
//
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace fuwu::rating {

enum class CycleState { open, computing, published };
const char* cycle_state_name(CycleState state);

struct Cycle {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string code;    // "2024Q2" (quarterly) or "2024-05" (monthly)
  std::string period;  // quarterly | monthly
  TimeMs window_start_ms = 0;
  TimeMs window_end_ms = 0;
  std::string decision_date;  // YYYY-MM-DD, published in advance
  CycleState state = CycleState::open;
  std::optional<TimeMs> published_at;
  std::optional<TimeMs> computed_at;  // when the standings were last computed
  std::int64_t version = 1;
  TimeMs created_at = 0;
};

struct NewCycle {
  std::int64_t program_id = 0;
  std::string code;
  std::string period;
  TimeMs window_start_ms = 0;
  TimeMs window_end_ms = 0;
  std::string decision_date;
};

struct LedgerEntry {
  std::int64_t id = 0;
  std::int64_t cycle_id = 0;
  std::int64_t provider_id = 0;
  std::int64_t points = 0;
  std::string source_kind;   // task | violation | reversal | adjustment
  std::string source_ref;    // e.g. "task:orders_served", "violation:17"
  std::string capability;    // "" when the points belong to no capability
  std::string source_event;  // the platform event that earned them, e.g. "order:8812 completed"
  std::optional<std::int64_t> reverses_entry_id;
  std::optional<std::int64_t> reversed_by_entry_id;  // the entry that reversed this one
  std::optional<std::int64_t> actor_user_id;
  std::string note;
  TimeMs created_at = 0;
};

struct NewEntry {
  std::int64_t cycle_id = 0;
  std::int64_t provider_id = 0;
  std::int64_t points = 0;
  std::string source_kind;  // task | violation | adjustment
  std::string source_ref;
  std::string capability;
  std::string source_event;
  std::string note;
};

struct Balance {
  std::int64_t provider_id = 0;
  std::int64_t points = 0;
  std::map<std::string, std::int64_t> by_source;      // task / violation / reversal / adjustment
  std::map<std::string, std::int64_t> by_capability;  // "" for points of no capability
  std::int64_t entries = 0;
};

inline constexpr std::int64_t kEntryPointsMax = 1'000'000;

Result<Cycle> find_cycle(store::Transaction& tx, std::int64_t id);
// not_found when there is no such admission program.
Status require_program(store::Transaction& tx, std::int64_t program_id);
// A provider's entries in a cycle, oldest first.
Result<std::vector<LedgerEntry>> ledger_entries(store::Transaction& tx, std::int64_t cycle_id,
                                                std::int64_t provider_id);

// open → computing (computing again: recomputed) → published; computing → open (a computation
// abandoned). Published is final. Used by the publication of a cycle (publication.hpp).
Result<Cycle> move_cycle(store::Transaction& tx, const audit::AuditLog& audit,
                         const audit::Actor& actor, std::int64_t id, CycleState to, TimeMs now);

// The program a provider was admitted under; not_found when the organization is not a provider
// taking part in a program.
Result<std::int64_t> provider_program(store::Transaction& tx, std::int64_t provider_id);
// Display names of organizations by id (missing ids are left out).
Result<std::map<std::int64_t, std::string>> organization_names(
    store::Transaction& tx, const std::vector<std::int64_t>& ids);

// "2024Q2" for quarterly, "2024-05" for monthly.
bool is_cycle_code(std::string_view period, std::string_view code);

class LedgerService {
 public:
  LedgerService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  Result<Cycle> create_cycle(const audit::Actor& actor, const NewCycle& cycle);
  Result<std::vector<Cycle>> list_cycles(std::int64_t program_id);
  Result<Cycle> get_cycle(std::int64_t id);

  Result<LedgerEntry> append(const audit::Actor& actor, const NewEntry& entry);
  Result<LedgerEntry> reverse(const audit::Actor& actor, std::int64_t entry_id,
                              const std::string& note);
  // The same within the caller's transaction (a violation and its deduction are one change).
  Result<LedgerEntry> append_in(store::Transaction& tx, const audit::Actor& actor,
                                const NewEntry& entry);
  Result<LedgerEntry> reverse_in(store::Transaction& tx, const audit::Actor& actor,
                                 std::int64_t entry_id, const std::string& note);
  Result<std::vector<LedgerEntry>> entries(std::int64_t cycle_id, std::int64_t provider_id);
  Result<std::vector<Balance>> balances(std::int64_t cycle_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fuwu::rating

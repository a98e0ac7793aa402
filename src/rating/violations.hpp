// Violations (违规): a severity catalogue per program, recorded violations that deduct points
// through the ledger (in the same transaction), and their appeal — recorded → under_appeal →
// upheld / overturned, with a deadline. An overturned violation's deduction is reversed; when its
// cycle is already frozen, the correction goes into the program's open cycle instead. Serious
// types can cap the tier for the cycle (e.g. "no Diamond").
#pragma once

#include <map>
#include <optional>
#include <string>

#include "rating/ledger.hpp"

namespace fuwu::rating {

struct ViolationType {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::string severity;     // minor | major | serious
  std::int64_t points = 0;  // deducted
  std::string tier_cap;     // "" none, else the best tier allowed this cycle, e.g. "gold"
  int appeal_days = 7;
};

struct Violation {
  std::int64_t id = 0;
  std::int64_t type_id = 0;
  std::int64_t provider_id = 0;
  std::int64_t cycle_id = 0;
  std::string state;  // recorded | under_appeal | upheld | overturned
  std::string evidence;
  TimeMs recorded_at = 0;
  TimeMs appeal_deadline_ms = 0;
  std::string appeal_reason;
  std::optional<TimeMs> decided_at;
  std::string decision_note;
  std::int64_t ledger_entry_id = 0;
  std::optional<std::int64_t> correction_entry_id;
  // From the type, the provider and the cycle, for display.
  std::string type_code;
  std::string type_name_zh;
  std::string type_name_en;
  std::string severity;
  std::int64_t points = 0;
  std::string tier_cap;
  std::string provider_name;
  std::string cycle_code;
};

struct ViolationFilter {
  std::optional<std::int64_t> cycle_id;
  std::optional<std::int64_t> provider_id;
  std::optional<std::string> state;
};

// The tier caps that apply in a cycle: provider → the most restrictive cap of its standing (not
// overturned) violations.
Result<std::map<std::int64_t, std::string>> tier_caps_in(store::Transaction& tx,
                                                         std::int64_t cycle_id);

class ViolationService {
 public:
  ViolationService(store::Database& db, const Clock& clock, const audit::AuditLog& audit,
                   LedgerService& ledger)
      : db_(db), clock_(clock), audit_(audit), ledger_(ledger) {}

  Result<ViolationType> create_type(const audit::Actor& actor, ViolationType type);
  Result<std::vector<ViolationType>> types(std::int64_t program_id);
  Result<Violation> get(std::int64_t id);
  Result<std::vector<Violation>> list(const ViolationFilter& filter, std::int64_t limit);
  Result<Violation> record(const audit::Actor& actor, std::int64_t type_id,
                           std::int64_t provider_id, std::int64_t cycle_id,
                           const std::string& evidence);
  // By the provider, before the deadline.
  Result<Violation> appeal(const audit::Actor& actor, std::int64_t id, const std::string& reason);
  Result<Violation> decide(const audit::Actor& actor, std::int64_t id, bool overturn,
                           const std::string& note);
  // The tier caps that apply in a cycle: provider → the most restrictive cap of its standing
  // (not overturned) violations.
  Result<std::map<std::int64_t, std::string>> tier_caps(std::int64_t cycle_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
  LedgerService& ledger_;
};

}  // namespace fuwu::rating

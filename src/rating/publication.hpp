// Publication of a cycle: compute the standings (open/computing → computing), let operators
// override single tiers with a second operator's approval, and publish (→ published, frozen).
// The board shows a cycle's tiers with quota use and waitlists; an open cycle's board is
// computed live and marked provisional.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rating/standings.hpp"

namespace fuwu::rating {

struct ComputeSummary {
  Cycle cycle;
  std::int64_t providers = 0;
  std::int64_t rated = 0;
  std::map<std::string, std::int64_t> tiers;  // tier → seated
  std::int64_t waitlisted = 0;
  std::int64_t at_risk = 0;
};

struct CycleStandings {
  Cycle cycle;
  RatingPolicy policy;
  bool provisional = false;         // computed live for an open cycle
  std::vector<Standing> standings;  // rated by rank, then unrated
};

struct Override {
  std::int64_t id = 0;
  std::int64_t cycle_id = 0;
  std::int64_t provider_id = 0;
  std::string provider_name;
  std::optional<std::string> from_tier;
  std::optional<std::string> to_tier;
  std::string reason;
  std::string state;  // proposed | approved | rejected | void
  std::int64_t proposed_by = 0;
  TimeMs proposed_at = 0;
  std::optional<std::int64_t> decided_by;
  std::optional<TimeMs> decided_at;
  std::string decision_note;
};

class PublicationService {
 public:
  PublicationService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Freezes the cycle's ledger (→ computing), reads its inputs, allocates and stores the
  // standings and leaderboards. Recomputing a computing cycle voids its overrides.
  Result<ComputeSummary> compute(const audit::Actor& actor, std::int64_t cycle_id);
  // computing → open: the stored standings are discarded and overrides voided.
  Result<Cycle> reopen(const audit::Actor& actor, std::int64_t cycle_id);
  // computing → published; refused while an override awaits its second operator.
  Result<Cycle> publish(const audit::Actor& actor, std::int64_t cycle_id);

  // Stored standings of a computing or published cycle; live ones for an open cycle.
  Result<CycleStandings> standings(std::int64_t cycle_id);

  Result<Override> propose_override(const audit::Actor& actor, std::int64_t cycle_id,
                                    std::int64_t provider_id, std::optional<std::string> tier,
                                    const std::string& reason);
  Result<Override> decide_override(const audit::Actor& actor, std::int64_t id, bool approve,
                                   const std::string& note);
  Result<std::vector<Override>> overrides(std::int64_t cycle_id);

 private:
  Result<Cycle> set_state(store::Transaction& tx, const audit::Actor& actor, const Cycle& cycle,
                          CycleState to);
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fuwu::rating

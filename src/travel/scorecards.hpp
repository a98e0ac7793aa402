// Provider scorecards (服务商评分卡): every travel provider that serves a company measured the same
// way from the platform's own records — its price against the lowest offer for the same product
// at the time, how fast suppliers confirmed its bookings, how many of its disrupted segments were
// re-accommodated — folded into one score with standing bands: below 30 the provider takes no
// new bookings, below 50 it is flagged. A provider with fewer than five segments in the period is
// provisional (scored, never blocked).
//
// Not yet: complaint rate (needs the service desk), the provider's own response times to service
// requests, and feeding the scores to the rating module as task metrics.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace fuwu::travel {

struct ProviderFigures {
  std::int64_t provider_id = 0;
  std::string name;
  std::int64_t segments = 0;
  std::int64_t spend_fen = 0;
  std::int64_t priced_segments = 0;       // with the market's lowest price known
  std::int64_t price_over_market_bp = 0;  // average, in basis points over the lowest offer
  std::int64_t confirmed_segments = 0;
  std::int64_t confirm_ms = 0;  // average time the supplier took to confirm
  std::int64_t disruptions = 0;
  std::int64_t reaccommodated = 0;
};

struct Scorecard {
  ProviderFigures figures;
  std::optional<std::int64_t> price_score, confirmation_score, reaccommodation_score;
  std::int64_t score = 100;  // 0–100, the weighted mean of the scores there are
  std::string band;          // good | warning | blocked | provisional
};

// Pure: the scores and the band from the figures.
Scorecard score(const ProviderFigures& figures);
boost::json::object to_json(const Scorecard& card);

// The figures of every travel provider serving the company (those without segments too),
// booked between `from` and `to` (epoch ms).
Result<std::vector<ProviderFigures>> provider_figures(store::Transaction& tx,
                                                      std::int64_t organization_id, TimeMs from,
                                                      TimeMs to);

// 409 provider_blocked when the provider's scorecard for the company over the last 90 days is in
// the blocked band.
Status require_standing(store::Transaction& tx, std::int64_t organization_id,
                        std::int64_t provider_id, TimeMs now);

class ScorecardService {
 public:
  explicit ScorecardService(store::Database& db) : db_(db) {}

  // Side by side, best first. Travel managers of the company, operators.
  Result<std::vector<Scorecard>> for_company(const auth::Principal& who,
                                             std::int64_t organization_id, TimeMs from, TimeMs to);

 private:
  store::Database& db_;
};

}  // namespace fuwu::travel

#include "travel/scorecards.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "travel/service.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

constexpr std::int64_t kProvisionalBelow = 5;

std::int64_t clamp_score(std::int64_t v) {
  return std::clamp<std::int64_t>(v, 0, 100);
}

json::value optional_json(std::optional<std::int64_t> v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

Scorecard score(const ProviderFigures& f) {
  Scorecard c;
  c.figures = f;
  // Price: at the market's lowest 100, 20 % above it 0.
  if (f.priced_segments > 0) c.price_score = clamp_score(100 - f.price_over_market_bp / 20);
  // Confirmation: within a second 100, half a minute 0.
  if (f.confirmed_segments > 0)
    c.confirmation_score = clamp_score(100 - (f.confirm_ms - 1'000) / 290);
  // Re-accommodation: the share of disrupted segments that were replaced.
  if (f.disruptions > 0)
    c.reaccommodation_score = clamp_score(f.reaccommodated * 100 / f.disruptions);
  std::int64_t weighted = 0, weights = 0;
  for (const auto& [part, weight] :
       {std::pair{c.price_score, 50}, std::pair{c.confirmation_score, 20},
        std::pair{c.reaccommodation_score, 30}})
    if (part) {
      weighted += *part * weight;
      weights += weight;
    }
  c.score = weights ? weighted / weights : 100;
  c.band = f.segments < kProvisionalBelow ? "provisional"
           : c.score < 30                 ? "blocked"
           : c.score < 50                 ? "warning"
                                          : "good";
  return c;
}

json::object to_json(const Scorecard& c) {
  const auto& f = c.figures;
  return {{"provider_id", f.provider_id},
          {"name", f.name},
          {"segments", f.segments},
          {"spend_fen", f.spend_fen},
          {"price_over_market_bp",
           f.priced_segments ? json::value(f.price_over_market_bp) : json::value(nullptr)},
          {"average_confirm_ms",
           f.confirmed_segments ? json::value(f.confirm_ms) : json::value(nullptr)},
          {"disruptions", f.disruptions},
          {"reaccommodated", f.reaccommodated},
          {"complaint_rate_bp", nullptr},  // measured once the service desk exists
          {"price_score", optional_json(c.price_score)},
          {"confirmation_score", optional_json(c.confirmation_score)},
          {"reaccommodation_score", optional_json(c.reaccommodation_score)},
          {"score", c.score},
          {"band", c.band}};
}

Result<std::vector<ProviderFigures>> provider_figures(store::Transaction& tx,
                                                      std::int64_t organization_id, TimeMs from,
                                                      TimeMs to) {
  std::map<std::int64_t, ProviderFigures> by_id;
  FUWU_ASSIGN_OR_RETURN(auto serving, tx.query("SELECT c.provider_id, o.name FROM "
                                               "company_travel_providers c JOIN organizations o "
                                               "ON o.id = c.provider_id WHERE c.organization_id "
                                               "= $1",
                                               {organization_id}));
  for (const auto& r : serving) by_id[r.integer(0)] = {r.integer(0), r.text(1)};
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT s.provider_id, o.name, COUNT(*), SUM(s.total_fen), SUM(CASE WHEN "
               "s.market_lowest_fen > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN s.market_lowest_fen > "
               "0 THEN (s.total_fen - s.market_lowest_fen) * 10000 / s.market_lowest_fen ELSE 0 "
               "END), SUM(CASE WHEN s.confirm_ms IS NOT NULL THEN 1 ELSE 0 END), "
               "SUM(COALESCE(s.confirm_ms, 0)) FROM trip_segments s JOIN trips t ON t.id = "
               "s.trip_id JOIN organizations o ON o.id = s.provider_id WHERE t.organization_id = "
               "$1 AND s.booked_at >= $2 AND s.booked_at < $3 GROUP BY s.provider_id, o.name",
               {organization_id, from, to}));
  for (const auto& r : rows) {
    auto& f = by_id[r.integer(0)];
    f.provider_id = r.integer(0);
    f.name = r.text(1);
    f.segments = r.integer(2);
    f.spend_fen = r.integer(3);
    f.priced_segments = r.integer(4);
    f.price_over_market_bp = f.priced_segments ? r.integer(5) / f.priced_segments : 0;
    f.confirmed_segments = r.integer(6);
    f.confirm_ms = f.confirmed_segments ? r.integer(7) / f.confirmed_segments : 0;
  }
  FUWU_ASSIGN_OR_RETURN(
      auto disrupted,
      tx.query("SELECT s.provider_id, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM trip_events "
               "r WHERE r.source = 'trip' AND r.external_id = 'rebook:' || e.id) THEN 1 ELSE 0 "
               "END) FROM trip_events e JOIN trip_segments s ON s.id = e.segment_id JOIN trips t "
               "ON t.id = e.trip_id WHERE t.organization_id = $1 AND e.type IN ('missed', "
               "'cancellation') AND s.provider_id IS NOT NULL AND e.created_at >= $2 AND "
               "e.created_at < $3 GROUP BY s.provider_id",
               {organization_id, from, to}));
  for (const auto& r : disrupted) {
    auto it = by_id.find(r.integer(0));
    if (it == by_id.end()) continue;
    it->second.disruptions = r.integer(1);
    it->second.reaccommodated = r.integer(2);
  }
  std::vector<ProviderFigures> out;
  for (auto& [id, f] : by_id) out.push_back(std::move(f));
  return out;
}

Status require_standing(store::Transaction& tx, std::int64_t organization_id,
                        std::int64_t provider_id, TimeMs now) {
  constexpr TimeMs kWindowMs = 90LL * 86'400'000;
  FUWU_ASSIGN_OR_RETURN(auto figures,
                        provider_figures(tx, organization_id, now - kWindowMs, now + 1));
  for (const auto& f : figures) {
    if (f.provider_id != provider_id) continue;
    const auto card = score(f);
    if (card.band == "blocked")
      return Status(ErrorCode::conflict, "the travel provider " + f.name + " scores " +
                                             std::to_string(card.score) +
                                             " of 100 over the last 90 days (below 30): it takes "
                                             "no new bookings; choose another")
          .with_problem_code("provider_blocked");
  }
  return Status::ok();
}

Result<std::vector<Scorecard>> ScorecardService::for_company(const auth::Principal& who,
                                                             std::int64_t organization_id,
                                                             TimeMs from, TimeMs to) {
  if (!who.is_platform() && !who.roles.contains(auth::Role::client_admin))
    return Status(ErrorCode::forbidden, "scorecards are for the company's travel managers");
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Scorecard>> {
        FUWU_TRY(require_client(tx, who, organization_id));
        FUWU_ASSIGN_OR_RETURN(auto figures, provider_figures(tx, organization_id, from, to));
        std::vector<Scorecard> out;
        for (const auto& f : figures) out.push_back(score(f));
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.score > b.score; });
        return out;
      });
}

}  // namespace fuwu::travel

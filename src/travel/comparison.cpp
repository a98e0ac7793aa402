#include "travel/comparison.hpp"

#include <algorithm>
#include <unordered_map>

namespace fuwu::travel {

Comparison compare(const std::vector<SupplierOffer>& offers, const RuleClass& rules,
                   const SearchContext& context) {
  Comparison out;
  // Merge: one entry per product, every supplier's price on it (a supplier listing a product
  // twice keeps its cheaper quote).
  std::unordered_map<std::string_view, std::size_t> by_key;
  by_key.reserve(offers.size());
  out.offers.reserve(offers.size() / 2 + 1);
  for (std::size_t i = 0; i < offers.size(); ++i) {
    const auto& o = offers[i];
    auto [it, inserted] = by_key.try_emplace(o.offer_key, out.offers.size());
    if (inserted) {
      MergedOffer m;
      m.offer_key = o.offer_key;
      m.source = i;
      out.offers.push_back(std::move(m));
    }
    auto& prices = out.offers[it->second].prices;
    auto same = std::find_if(prices.begin(), prices.end(),
                             [&](const SupplierPrice& p) { return p.supplier == o.supplier; });
    if (same == prices.end())
      prices.push_back({o.supplier, o.quote_id, o.price_fen, o.fee_fen, o.total_fen});
    else if (o.total_fen < same->total_fen)
      *same = {o.supplier, o.quote_id, o.price_fen, o.fee_fen, o.total_fen};
  }
  for (auto& m : out.offers)
    std::sort(m.prices.begin(), m.prices.end(), [](const SupplierPrice& a, const SupplierPrice& b) {
      return a.total_fen != b.total_fen ? a.total_fen < b.total_fen : a.supplier < b.supplier;
    });

  // The lowest logical fare: the cheapest economy flight near the requested time.
  if (context.requested_minute) {
    std::vector<FlightOption> options;
    options.reserve(out.offers.size());
    for (const auto& m : out.offers) {
      const auto& o = offers[m.source];
      if (o.facts.kind == OfferKind::flight)
        options.push_back({o.departure_minute, o.facts.cabin, m.prices.front().total_fen});
    }
    out.lowest_logical_fare_fen =
        lowest_logical_fare(options, *context.requested_minute, rules.lowest_fare_window_minutes);
  }

  for (auto& m : out.offers) {
    OfferFacts facts = offers[m.source].facts;
    facts.total_fen = m.prices.front().total_fen;
    facts.days_ahead = context.days_ahead;
    if (facts.kind == OfferKind::flight)
      facts.lowest_logical_fare_fen = out.lowest_logical_fare_fen;
    if (facts.kind == OfferKind::hotel && facts.nights > 0)
      facts.nightly_fen = facts.total_fen / facts.nights;
    m.evaluation = evaluate(rules, facts);
    m.lowest_logical = out.lowest_logical_fare_fen &&
                       offers[m.source].facts.cabin == Cabin::economy &&
                       m.prices.front().total_fen == *out.lowest_logical_fare_fen &&
                       std::abs(offers[m.source].departure_minute - *context.requested_minute) <=
                           rules.lowest_fare_window_minutes;
  }

  std::sort(out.offers.begin(), out.offers.end(), [&](const MergedOffer& a, const MergedOffer& b) {
    const bool a_blocked = a.evaluation.outcome == Control::block;
    const bool b_blocked = b.evaluation.outcome == Control::block;
    if (a_blocked != b_blocked) return b_blocked;
    if (a.prices.front().total_fen != b.prices.front().total_fen)
      return a.prices.front().total_fen < b.prices.front().total_fen;
    const int ta = offers[a.source].departure_minute, tb = offers[b.source].departure_minute;
    if (ta != tb) return ta < tb;
    return a.offer_key < b.offer_key;
  });
  for (std::size_t i = 0; i < out.offers.size(); ++i)
    if (out.offers[i].evaluation.compliant()) {
      out.offers[i].cheapest_compliant = true;
      out.cheapest_compliant = i;
      break;
    }
  return out;
}

}  // namespace fuwu::travel

// Real-time comparison (比价): the offers of every supplier for one search, merged by product
// (flight: carrier + number + date + cabin; hotel: the physical hotel + room type + dates; train:
// number + date + seat class), each product carrying every supplier's price, evaluated against the
// traveller's policy, ranked, with the cheapest compliant offer and the lowest logical fare marked.
// A pure function: the search service feeds it what the suppliers answered.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "travel/policy.hpp"

namespace fuwu::travel {

struct SupplierOffer {
  std::string supplier;
  std::string offer_key;  // the product, the same at every supplier
  std::string quote_id;
  std::int64_t price_fen = 0;
  std::int64_t fee_fen = 0;
  std::int64_t total_fen = 0;
  int departure_minute = 0;  // flights and trains: minutes after midnight of the travel date
  OfferFacts facts;          // the product's facts; total_fen and lowest fare are filled here
};

struct SupplierPrice {
  std::string supplier;
  std::string quote_id;
  std::int64_t price_fen = 0;
  std::int64_t fee_fen = 0;
  std::int64_t total_fen = 0;
};

struct MergedOffer {
  std::string offer_key;
  std::size_t source = 0;             // index of an input offer with the product's facts
  std::vector<SupplierPrice> prices;  // cheapest first
  Evaluation evaluation;              // of the cheapest price
  bool cheapest_compliant = false;
  bool lowest_logical = false;  // its cheapest price is the search's lowest logical fare
};

struct SearchContext {
  std::int64_t days_ahead = 0;
  std::optional<int> requested_minute;  // flights: the preferred departure time
};

struct Comparison {
  std::vector<MergedOffer> offers;  // ranked: not blocked before blocked, then by price, time
  std::optional<std::size_t> cheapest_compliant;  // index into offers
  std::optional<std::int64_t> lowest_logical_fare_fen;
};

Comparison compare(const std::vector<SupplierOffer>& offers, const RuleClass& rules,
                   const SearchContext& context);

}  // namespace fuwu::travel

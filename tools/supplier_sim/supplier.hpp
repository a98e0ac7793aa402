// One simulated supplier: which products of the catalogue it sells (一品多供: several suppliers
// sell the same flights and hotels), at what price and fee, and how it misbehaves — latency from a
// log-normal distribution, errors, hangs, malformed or oversized answers, sold-out offers and
// prices that change between search and booking. Decisions are drawn from a generator seeded by
// the simulator's seed and the supplier, so a run is reproducible.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace fuwu::sim {

struct SupplierProfile {
  std::string name;  // URL segment: /suppliers/<name>/…
  std::string kind;  // air | hotel | rail | car
  std::string display_name;
  int price_bp = 10'000;             // price as basis points of the catalogue's base fare
  std::int64_t service_fee_fen = 0;  // per booking
  int coverage_pct = 100;            // share of the catalogue it sells
  int latency_median_ms = 60;
  int latency_p95_ms = 180;
  int error_pct = 0;         // answers 500
  int hang_pct = 0;          // never answers (holds the request for 10 minutes)
  int malformed_pct = 0;     // answers truncated JSON
  int oversized_pct = 0;     // answers 50 MB
  int sold_out_pct = 0;      // an offer is gone when confirmed or booked
  int price_change_pct = 0;  // an offer's price moved when confirmed
};

enum class Fault { none, error, hang, malformed, oversized };

class Supplier {
 public:
  Supplier(SupplierProfile profile, std::uint64_t seed);

  const SupplierProfile& profile() const { return profile_; }
  // Whether this supplier sells the product with this merge key.
  bool sells(std::string_view key) const;
  // Its price for a product (before the service fee), stable for the key.
  std::int64_t price_fen(std::string_view key, std::int64_t base_fen) const;
  // The fault and the latency of the next request (counted).
  std::pair<Fault, std::int64_t> next_request();
  std::int64_t requests() const { return requests_.load(); }
  // What happened to a quote since it was issued: the same answer every time it is asked, at
  // confirmation and at booking. A quote issued by a price change never changes again.
  enum class Quote { available, price_changed, sold_out };
  Quote quote_outcome(std::string_view quote_id, bool repriced) const;

 private:
  SupplierProfile profile_;
  std::uint64_t seed_;
  std::mutex mutex_;
  std::mt19937_64 rng_;
  std::atomic<std::int64_t> requests_{0};
};

// A quote id carries what was offered, so confirming needs no state: the supplier, merge key,
// price, whether it came from a price change, and a check value against tampering:
// "q.<supplier>.<hex key>.<price>.<check>" ("r." for a re-priced quote).
std::string make_quote_id(const std::string& supplier, const std::string& key,
                          std::int64_t price_fen, std::uint64_t seed, bool repriced = false);
struct QuoteRef {
  std::string supplier;
  std::string key;
  std::int64_t price_fen = 0;
  bool repriced = false;
};
std::optional<QuoteRef> parse_quote_id(std::string_view id, std::uint64_t seed);

}  // namespace fuwu::sim

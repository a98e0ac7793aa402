// Comparison: merging one product across suppliers, policy on every offer, the marks.
#include "travel/comparison.hpp"

#include <gtest/gtest.h>

namespace fuwu::travel {
namespace {

SupplierOffer flight(const char* supplier, const char* key, int minute, std::int64_t total,
                     Cabin cabin = Cabin::economy) {
  SupplierOffer o;
  o.supplier = supplier;
  o.offer_key = key;
  o.quote_id = std::string("q-") + supplier + "-" + key;
  o.price_fen = total;
  o.total_fen = total;
  o.departure_minute = minute;
  o.facts.kind = OfferKind::flight;
  o.facts.cabin = cabin;
  o.facts.duration_minutes = 130;
  return o;
}

RuleClass rules() {
  RuleClass r;
  r.cabin_max = Cabin::economy;
  r.cabin_control = Control::block;
  r.lowest_fare_window_minutes = 120;
  r.lowest_fare_tolerance_bp = 500;
  r.lowest_fare_control = Control::warn;
  return r;
}

TEST(Comparison, MergesOneProductAcrossSuppliersCheapestFirst) {
  const std::vector<SupplierOffer> offers = {
      flight("a", "MU5101|2026-12-01|economy", 8 * 60, 90'000),
      flight("b", "MU5101|2026-12-01|economy", 8 * 60, 87'000),
      flight("c", "MU5101|2026-12-01|economy", 8 * 60, 93'000),
      flight("b", "MU5101|2026-12-01|economy", 8 * 60, 88'000),  // its dearer duplicate: dropped
      flight("a", "CA1501|2026-12-01|economy", 9 * 60, 99'000),
  };
  const auto c = compare(offers, rules(), {7, 8 * 60});
  ASSERT_EQ(c.offers.size(), 2u);
  const auto& mu = c.offers[0];
  EXPECT_EQ(mu.offer_key, "MU5101|2026-12-01|economy");
  ASSERT_EQ(mu.prices.size(), 3u);
  EXPECT_EQ(mu.prices[0].supplier, "b");
  EXPECT_EQ(mu.prices[0].total_fen, 87'000);
  EXPECT_EQ(mu.prices[2].supplier, "c");
  EXPECT_TRUE(mu.lowest_logical);
  EXPECT_TRUE(mu.cheapest_compliant);
  EXPECT_EQ(c.lowest_logical_fare_fen, 87'000);
  // CA1501 at 990 is 13.8 % over the lowest logical fare: a warning, not compliant.
  EXPECT_EQ(c.offers[1].evaluation.outcome, Control::warn);
}

TEST(Comparison, BlockedOffersRankLastAndTheCheapestCompliantIsMarked) {
  const std::vector<SupplierOffer> offers = {
      flight("a", "MU5101|2026-12-01|business", 8 * 60, 60'000,
             Cabin::business),  // cheap but blocked
      flight("a", "MU5101|2026-12-01|economy", 8 * 60, 80'000),
      flight("b", "CZ3101|2026-12-01|economy", 13 * 60, 70'000),  // outside the window
  };
  const auto c = compare(offers, rules(), {7, 8 * 60});
  ASSERT_EQ(c.offers.size(), 3u);
  EXPECT_EQ(c.offers.back().offer_key, "MU5101|2026-12-01|business");
  EXPECT_EQ(c.offers.back().evaluation.outcome, Control::block);
  EXPECT_EQ(c.lowest_logical_fare_fen, 80'000);
  // CZ3101 is cheaper but is not a logical alternative to 08:00; it is compliant all the same.
  ASSERT_TRUE(c.cheapest_compliant.has_value());
  EXPECT_EQ(c.offers[*c.cheapest_compliant].offer_key, "CZ3101|2026-12-01|economy");
  EXPECT_FALSE(c.offers[*c.cheapest_compliant].lowest_logical);
}

TEST(Comparison, HotelsAreJudgedPerNightOnTheCheapestPrice) {
  RuleClass r;
  r.hotel_nightly_cap_fen = {50'000, 45'000, 40'000, 35'000};
  SupplierOffer h;
  h.offer_key = "H3101-01|king|2026-12-01|2";
  h.facts.kind = OfferKind::hotel;
  h.facts.city_tier = CityTier::tier1;
  h.facts.nights = 2;
  h.supplier = "x";
  h.total_fen = 110'000;
  SupplierOffer cheaper = h;
  cheaper.supplier = "y";
  cheaper.total_fen = 98'000;
  const auto c = compare({h, cheaper}, r, {7, std::nullopt});
  ASSERT_EQ(c.offers.size(), 1u);
  EXPECT_TRUE(c.offers[0].evaluation.compliant());  // 490 a night at the cheaper supplier
  EXPECT_FALSE(c.lowest_logical_fare_fen.has_value());
}

}  // namespace
}  // namespace fuwu::travel

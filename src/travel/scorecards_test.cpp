// Provider scorecards: the same measures for every provider, folded into one score with bands.
#include "travel/scorecards.hpp"

#include <gtest/gtest.h>

#include "support/test_database.hpp"

namespace fuwu::travel {
namespace {

ProviderFigures figures(std::int64_t segments, std::int64_t over_market_bp, std::int64_t confirm_ms,
                        std::int64_t disruptions = 0, std::int64_t reaccommodated = 0) {
  ProviderFigures f;
  f.provider_id = 1;
  f.name = "云程差旅";
  f.segments = segments;
  f.priced_segments = segments;
  f.price_over_market_bp = over_market_bp;
  f.confirmed_segments = segments;
  f.confirm_ms = confirm_ms;
  f.disruptions = disruptions;
  f.reaccommodated = reaccommodated;
  return f;
}

TEST(Scorecard, AtTheMarketsPriceConfirmedAtOnceScoresFull) {
  const auto card = score(figures(20, 0, 800));
  EXPECT_EQ(card.price_score, 100);
  EXPECT_EQ(card.confirmation_score, 100);
  EXPECT_FALSE(card.reaccommodation_score.has_value());  // nothing was disrupted
  EXPECT_EQ(card.score, 100);
  EXPECT_EQ(card.band, "good");
}

TEST(Scorecard, DearAndSlowProvidersAreFlaggedThenBlocked) {
  // 10 % over the market (price 50), 15.5 s to confirm (50), half its disruptions handled (50).
  auto card = score(figures(20, 1'000, 15'500, 4, 2));
  EXPECT_EQ(card.price_score, 50);
  EXPECT_EQ(card.confirmation_score, 50);
  EXPECT_EQ(card.reaccommodation_score, 50);
  EXPECT_EQ(card.score, 50);
  EXPECT_EQ(card.band, "good");
  card = score(figures(20, 1'200, 16'950, 4, 2));  // 40, 45, 50: 44
  EXPECT_EQ(card.band, "warning");
  card = score(figures(20, 2'500, 40'000, 3, 0));  // all 0
  EXPECT_EQ(card.score, 0);
  EXPECT_EQ(card.band, "blocked");
  // Too few segments to judge: scored, never blocked.
  EXPECT_EQ(score(figures(3, 2'500, 40'000)).band, "provisional");
  // Below the market is no better than at it.
  EXPECT_EQ(score(figures(20, -500, 500)).price_score, 100);
}

using fuwu::testing::BackendTest;
using fuwu::testing::must;

class ScorecardStandingTest : public BackendTest {};

TEST_P(ScorecardStandingTest, AProviderInTheBlockedBandTakesNoNewBookings) {
  constexpr TimeMs kNow = 1'794'240'000'000;
  std::int64_t company = 0, dear = 0, fair = 0;
  {
    auto tx = must(db().begin(store::TxMode::write));
    auto org = [&](const char* name, const char* kind) {
      return must(
                 tx->query("INSERT INTO organizations (name, kind, created_at, updated_at) "
                           "VALUES ($1, $2, 0, 0) RETURNING id",
                           {std::string(name), std::string(kind)}))[0]
          .integer(0);
    };
    company = org("星云科技", "client");
    dear = org("贵价差旅", "provider");
    fair = org("云程差旅", "provider");
    const auto supplier = org("云翼航空", "supplier");
    const auto user =
        must(tx->query("INSERT INTO users (email, name, password_hash, "
                       "organization_id, created_at, updated_at) VALUES ('li', "
                       "'李伟', 'x', $1, 0, 0) RETURNING id",
                       {company}))[0]
            .integer(0);
    const auto search =
        must(tx->query("INSERT INTO travel_searches (organization_id, user_id, "
                       "kind, request_json, result_json, created_at) VALUES ($1, "
                       "$2, 'flight', '{}', '{}', 0) RETURNING id",
                       {company, user}))[0]
            .integer(0);
    const auto trip =
        must(tx->query("INSERT INTO trips (organization_id, traveller_id, "
                       "created_at) VALUES ($1, $2, 0) RETURNING id",
                       {company, user}))[0]
            .integer(0);
    // Six segments each: the dear provider 30 % above the market and 40 s to confirm.
    for (int i = 0; i < 12; ++i) {
      const bool expensive = i % 2 == 0;
      must(
          tx->exec("INSERT INTO trip_segments (trip_id, kind, search_id, offer_key, supplier_id, "
                   "supplier_booking_id, product_json, price_fen, fee_fen, total_fen, "
                   "employee_pays_fen, company_pays_fen, missed_saving_fen, outcome, "
                   "verdicts_json, booked_at, provider_id, market_lowest_fen, confirm_ms) VALUES "
                   "($1, 'flight', $2, 'k', $3, $4, '{}', $5, 0, $5, 0, $5, 0, 'allow', '[]', $6, "
                   "$7, 100000, $8)",
                   {trip, search, supplier, "B" + std::to_string(i),
                    std::int64_t{expensive ? 130'000 : 100'000}, kNow - 86'400'000,
                    expensive ? dear : fair, std::int64_t{expensive ? 40'000 : 500}}));
    }
    must(tx->commit());
  }
  auto tx = must(db().begin(store::TxMode::read));
  EXPECT_EQ(require_standing(*tx, company, dear, kNow).problem_code(), "provider_blocked");
  EXPECT_TRUE(require_standing(*tx, company, fair, kNow).is_ok());
  // Outside the 90 days nothing counts against it.
  EXPECT_TRUE(require_standing(*tx, company, dear, kNow + 100LL * 86'400'000).is_ok());
}

FUWU_ON_BOTH_BACKENDS(ScorecardStandingTest);

}  // namespace
}  // namespace fuwu::travel

// The growth module end to end on SQLite and PostgreSQL: tasks and metrics into the ledger,
// computed standings with quotas, waitlists and grace, overrides with a second operator,
// explanations, campaigns and certificates.
#include <gtest/gtest.h>

#include "rating/benefits.hpp"
#include "rating/capabilities.hpp"
#include "rating/explanation.hpp"
#include "rating/violations.hpp"
#include "support/rating_world.hpp"
#include "support/test_database.hpp"

namespace fuwu::rating {
namespace {

using fuwu::testing::BackendTest;
using fuwu::testing::must;

class GrowthTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    policy_ = std::make_unique<PolicyService>(db(), clock_, audit_);
    ledger_ = std::make_unique<LedgerService>(db(), clock_, audit_);
    tasks_ = std::make_unique<TaskService>(db(), clock_, audit_, *ledger_);
    publication_ = std::make_unique<PublicationService>(db(), clock_, audit_);
    explanations_ = std::make_unique<ExplanationService>(db());
    benefits_ = std::make_unique<BenefitService>(db(), clock_, audit_);
    capabilities_ = std::make_unique<CapabilityService>(db(), clock_, audit_);
    program_ = fuwu::testing::insert_program(db(), "growth");
    for (int i = 0; i < 5; ++i)
      providers_.push_back(
          fuwu::testing::insert_provider(db(), program_, "服务商" + std::to_string(i), i));
    // Two operators for overrides.
    {
      auto tx = must(db().begin(store::TxMode::write));
      for (const char* email : {"a@ops.test", "b@ops.test"}) {
        operators_.push_back(
            must(tx->query("INSERT INTO users (email, name, password_hash, "
                           "organization_id, created_at, updated_at) VALUES ($1, "
                           "'op', 'x', $2, 0, 0) RETURNING id",
                           {std::string(email), providers_[0]}))[0]
                .integer(0));
      }
      must(tx->commit());
    }
    // Small quotas so four providers fill them: Diamond 1, Gold 1, Silver unlimited.
    auto policy = default_rating_policy(program_);
    policy.star_thresholds = {10, 20, 30, 40, 50};
    policy.tiers[0].quota = 1;
    policy.tiers[1].quota = 1;
    must(policy_->put(actor_, policy, 1));
    must(capabilities_->create(actor_, {program_, "store_operation", "店铺运营", "Store"}));
    orders_ =
        must(tasks_->create(actor_, {0, program_, "orders", "订单", "Orders", "basic", 10, 6,
                                     "store_operation", "metric", "orders_served", 100, true}));
    cases_ = must(tasks_->create(actor_, {0, program_, "cases", "案例", "Cases", "additional", 5, 2,
                                          "", "evidence", "", 0, true}));
    q1_ =
        must(ledger_->create_cycle(actor_, {program_, "2026Q1", "quarterly", 0, 10, "2026-04-10"}));
  }

  audit::Actor op(std::size_t i) const { return {operators_.at(i), std::nullopt, "test"}; }

  // Sets each provider's orders so it earns `points` (multiples of 10, at most 60).
  void give(const Cycle& cycle, const std::vector<std::int64_t>& points) {
    for (std::size_t i = 0; i < points.size(); ++i)
      must(tasks_->report_metric(actor_, cycle.id, providers_[i], "orders_served",
                                 points[i] / 10 * 100, "orders"));
  }

  std::optional<std::string> tier_of(const CycleStandings& cs, std::int64_t provider) {
    for (const auto& s : cs.standings)
      if (s.provider_id == provider) return s.tier;
    return std::nullopt;
  }

  ManualClock clock_{1'790'000'000'000};
  audit::AuditLog audit_{clock_};
  const audit::Actor actor_ = audit::Actor::system("test");
  std::unique_ptr<PolicyService> policy_;
  std::unique_ptr<LedgerService> ledger_;
  std::unique_ptr<TaskService> tasks_;
  std::unique_ptr<PublicationService> publication_;
  std::unique_ptr<ExplanationService> explanations_;
  std::unique_ptr<BenefitService> benefits_;
  std::unique_ptr<CapabilityService> capabilities_;
  std::int64_t program_ = 0;
  std::vector<std::int64_t> providers_, operators_;
  Task orders_, cases_;
  Cycle q1_;
};

TEST_P(GrowthTest, PoliciesRefuseNegativeQuotasAndStaleVersions) {
  auto json = policy_to_json(default_rating_policy(program_));
  json.erase("program_id");
  json.erase("version");
  json["tiers"].as_array()[1].as_object()["quota"] = -1;
  auto bad = policy_from_json(program_, json);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().fields()[0].field, "tiers[1].quota");
  EXPECT_EQ(policy_->put(actor_, default_rating_policy(program_), 1).status().code(),
            ErrorCode::version_mismatch);
  EXPECT_EQ(must(policy_->get(program_)).tiers[0].quota, 1);
}

TEST_P(GrowthTest, MetricsCreditTheDifferenceOnlyAndEvidenceNeedsAReviewer) {
  auto first = must(tasks_->report_metric(actor_, q1_.id, providers_[0], "orders_served", 250, ""));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].points, 20);
  EXPECT_TRUE(
      must(tasks_->report_metric(actor_, q1_.id, providers_[0], "orders_served", 250, "")).empty());
  auto fell = must(tasks_->report_metric(actor_, q1_.id, providers_[0], "orders_served", 120, ""));
  EXPECT_EQ(fell.at(0).points, -10);
  auto capped =
      must(tasks_->report_metric(actor_, q1_.id, providers_[0], "orders_served", 9999, ""));
  EXPECT_EQ(capped.at(0).points, 50);  // 6 completions at most

  EXPECT_EQ(tasks_->submit_evidence(actor_, orders_.id, q1_.id, providers_[1], "x")
                .status()
                .problem_code(),
            "not_evidence_task");
  auto e1 = must(tasks_->submit_evidence(actor_, cases_.id, q1_.id, providers_[1], "案例一"));
  auto e2 = must(tasks_->submit_evidence(actor_, cases_.id, q1_.id, providers_[1], "案例二"));
  auto e3 = must(tasks_->submit_evidence(actor_, cases_.id, q1_.id, providers_[1], "案例三"));
  EXPECT_TRUE(must(ledger_->entries(q1_.id, providers_[1])).empty());  // claims earn nothing
  must(tasks_->decide_evidence(actor_, e1.id, true, ""));
  must(tasks_->decide_evidence(actor_, e2.id, true, ""));
  EXPECT_EQ(tasks_->decide_evidence(actor_, e3.id, true, "").status().problem_code(),
            "task_cap_reached");
  auto statuses = must(tasks_->statuses(q1_.id, providers_[1]));
  EXPECT_EQ(statuses.size(), 2u);
}

TEST_P(GrowthTest, StandingsRespectQuotasWaitlistsBasicTasksAndGrace) {
  give(q1_, {60, 50, 50, 30});  // provider 4 has no orders: not rated
  auto summary = must(publication_->compute(actor_, q1_.id));
  EXPECT_EQ(summary.rated, 4);
  auto cs = must(publication_->standings(q1_.id));
  EXPECT_EQ(tier_of(cs, providers_[0]), "diamond");
  EXPECT_EQ(tier_of(cs, providers_[1]), "gold");
  // Provider 2 reaches the Diamond floor too but both quotas are full: waitlisted for both.
  EXPECT_EQ(tier_of(cs, providers_[2]), "silver");
  EXPECT_EQ(cs.standings[2].waitlist.size(), 2u);
  EXPECT_EQ(tier_of(cs, providers_[4]), std::nullopt);
  EXPECT_FALSE(cs.standings.back().rated);
  must(publication_->publish(actor_, q1_.id));

  // Next quarter the Diamond falls below the floor: it keeps Diamond by grace, at risk.
  auto q2 =
      must(ledger_->create_cycle(actor_, {program_, "2026Q2", "quarterly", 10, 20, "2026-07-10"}));
  give(q2, {40, 30, 30, 30});
  must(publication_->compute(actor_, q2.id));
  auto next = must(publication_->standings(q2.id));
  EXPECT_EQ(tier_of(next, providers_[0]), "diamond");
  EXPECT_TRUE(next.standings[0].at_risk);
  auto x = must(explanations_->explain(q2.id, providers_[0]));
  ASSERT_TRUE(x.next_tier.has_value());
  EXPECT_EQ(x.next_tier->tier, "diamond");
  EXPECT_EQ(x.next_tier->points_needed, 10);
}

TEST_P(GrowthTest, OverridesNeedASecondOperatorAndRespectQuotas) {
  give(q1_, {60, 50, 40, 30});
  must(publication_->compute(actor_, q1_.id));
  EXPECT_EQ(publication_->propose_override(op(0), q1_.id, providers_[3], "gold", "short")
                .status()
                .fields()[0]
                .field,
            "reason");
  auto full = must(publication_->propose_override(op(0), q1_.id, providers_[3], "gold",
                                                  "服务质量投诉已查明不属实，恢复应得牌级"));
  EXPECT_EQ(publication_->decide_override(op(0), full.id, true, "").status().problem_code(),
            "second_approver_required");
  EXPECT_EQ(publication_->publish(actor_, q1_.id).status().problem_code(), "overrides_pending");
  EXPECT_EQ(publication_->decide_override(op(1), full.id, true, "").status().problem_code(),
            "quota_full");
  auto demote = must(publication_->propose_override(op(0), q1_.id, providers_[1], "silver",
                                                    "金牌服务商被查实虚假宣传，本期降为银牌"));
  must(publication_->decide_override(op(1), demote.id, true, "核实"));
  must(publication_->decide_override(op(1), full.id, true, "核实"));
  auto cs = must(publication_->standings(q1_.id));
  EXPECT_EQ(tier_of(cs, providers_[3]), "gold");
  EXPECT_EQ(tier_of(cs, providers_[1]), "silver");
  must(publication_->publish(actor_, q1_.id));
}

TEST_P(GrowthTest, OneOpenCycleAtATimeAndWindowsDoNotOverlap) {
  EXPECT_EQ(ledger_->create_cycle(actor_, {program_, "2026Q2", "quarterly", 10, 20, "2026-07-10"})
                .status()
                .problem_code(),
            "open_cycle_exists");
  must(publication_->compute(actor_, q1_.id));
  EXPECT_EQ(ledger_->create_cycle(actor_, {program_, "2026Q2", "quarterly", 5, 20, "2026-07-10"})
                .status()
                .fields()[0]
                .field,
            "window_start_ms");
  must(ledger_->create_cycle(actor_, {program_, "2026Q2", "quarterly", 10, 20, "2026-07-10"}));
}

TEST_P(GrowthTest, WhatIfShowsWhereExtraCompletionsLead) {
  give(q1_, {60, 50, 40, 30});
  auto x = must(explanations_->what_if(q1_.id, providers_[3], {{cases_.id, 5}}));
  EXPECT_EQ(x.added.at(0).count, 2);  // the cap
  EXPECT_EQ(x.standing.points, 40);
  EXPECT_TRUE(x.provisional);
  EXPECT_EQ(must(explanations_->explain(q1_.id, providers_[3])).standing.points, 30);
}

TEST_P(GrowthTest, CampaignsCheckTheTierOfTheLatestPublishedCycle) {
  give(q1_, {60, 50, 40, 30});
  must(publication_->compute(actor_, q1_.id));
  must(publication_->publish(actor_, q1_.id));
  auto campaign = must(benefits_->create_campaign(
      actor_, {0, program_, "双12", "", {"diamond", "gold"}, 1, 0, clock_.now_ms() + 1000, 0}));
  EXPECT_EQ(
      benefits_->register_provider(actor_, campaign.id, providers_[2]).status().problem_code(),
      "not_eligible");
  must(benefits_->register_provider(actor_, campaign.id, providers_[0]));
  EXPECT_EQ(
      benefits_->register_provider(actor_, campaign.id, providers_[1]).status().problem_code(),
      "campaign_full");
  EXPECT_EQ(must(benefits_->entitlements(providers_[0])).benefits.commission_bps, 200);
  EXPECT_EQ(must(benefits_->registrations(campaign.id, std::nullopt)).size(), 1u);
}

TEST_P(GrowthTest, CertificatesFeedTheLeaderboard) {
  EXPECT_EQ(
      capabilities_->apply(actor_, providers_[0], "live_stream", "证据").status().fields()[0].field,
      "capability");
  auto a = must(capabilities_->apply(actor_, providers_[0], "store_operation", "证据"));
  EXPECT_EQ(capabilities_->apply(actor_, providers_[0], "store_operation", "证据").status().code(),
            ErrorCode::unique_violation);
  must(capabilities_->review(actor_, a.id, true, 80, "", 12));
  auto b = must(capabilities_->apply(actor_, providers_[1], "store_operation", "证据"));
  must(capabilities_->review(actor_, b.id, true, 90, "", 12));
  give(q1_, {60, 10});
  must(publication_->compute(actor_, q1_.id));
  auto q2 = must(ledger_->create_cycle(
      actor_, {program_, "2026Q2", "quarterly", 10, clock_.now_ms() + 1000, "2026-07-10"}));
  give(q2, {60, 10});
  auto board = must(capabilities_->leaderboard(q2.id, "store_operation"));
  ASSERT_EQ(board.rows.size(), 2u);
  EXPECT_EQ(board.rows[0].provider_id, providers_[1]);  // 900 + 10 > 800 + 60
  EXPECT_EQ(board.rows[0].score, 910);
  must(capabilities_->revoke(actor_, b.id, "证据造假"));
  EXPECT_EQ(must(capabilities_->leaderboard(q2.id, "store_operation")).rows.size(), 1u);
}

FUWU_ON_BOTH_BACKENDS(GrowthTest);

}  // namespace
}  // namespace fuwu::rating

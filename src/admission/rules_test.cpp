#include "admission/rules.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fuwu::admission {
namespace {

// A complete application that meets every default rule.
Facts passing_facts() {
  Facts f;
  f.fields["registered_capital_fen"] = std::int64_t{50'000'000};
  f.fields["team_size"] = std::int64_t{20};
  f.fields["partner_merchants"] = std::int64_t{20};
  f.fields["partner_influencers"] = std::int64_t{25};
  f.fields["independent_legal_entity"] = true;
  f.fields["no_debt_disputes"] = true;
  f.fields["advantage_statement"] =
      std::string("深耕本地生活服务八年，覆盖餐饮、休闲娱乐与丽人行业。");
  f.fields["business_scope"] = std::string("设计、制作、代理、发布各类广告；技术服务、技术咨询。");
  f.fields["hq_region_code"] = std::string("110108");
  f.fields["resource_region_codes"] = std::vector<std::string>{"110108", "310115"};
  f.materials["business_licence"] = {1, std::nullopt};
  f.materials["case_study"] = {2, std::nullopt};
  f.materials["merchant_list"] = {1, 20};
  f.materials["influencer_list"] = {1, 30};
  return f;
}

const Verdict& verdict_of(const std::vector<Verdict>& verdicts, const std::string& id) {
  for (const auto& v : verdicts)
    if (v.rule_id == id) return v;
  throw std::runtime_error("no verdict for " + id);
}

TEST(AdmissionRules, DefaultRuleSetIsValidAndPassesACompleteApplication) {
  const RuleSet rules = default_rule_set();
  ASSERT_TRUE(validate_rule_set(rules).is_ok()) << validate_rule_set(rules).message();
  auto verdicts = evaluate(rules, passing_facts());
  for (const auto& v : verdicts)
    EXPECT_EQ(v.outcome, Outcome::pass) << v.rule_id << ": " << v.reason.en;
  EXPECT_TRUE(all_must_pass_rules_pass(verdicts));
}

struct Case {
  const char* name;
  const char* rule_id;
  std::function<void(Facts&)> change;
  Outcome expected;
  const char* reason_contains;  // in the English reason
};

class AdmissionRuleCases : public ::testing::TestWithParam<Case> {};

TEST_P(AdmissionRuleCases, Judges) {
  const Case& c = GetParam();
  Facts facts = passing_facts();
  c.change(facts);
  auto verdicts = evaluate(default_rule_set(), facts);
  const Verdict& v = verdict_of(verdicts, c.rule_id);
  EXPECT_EQ(v.outcome, c.expected) << v.reason.en;
  EXPECT_NE(v.reason.en.find(c.reason_contains), std::string::npos) << v.reason.en;
  EXPECT_FALSE(v.reason.zh.empty());
}

const std::string k100 = [] {
  std::string s;
  for (int i = 0; i < 100; ++i) s += "优";
  return s;
}();

INSTANTIATE_TEST_SUITE_P(
    Table, AdmissionRuleCases,
    ::testing::Values(
        Case{"capital_one_fen_short", "registered_capital",
             [](Facts& f) { f.fields["registered_capital_fen"] = std::int64_t{49'999'999}; },
             Outcome::fail, "¥499,999.99, below the required ¥500,000.00"},
        Case{"capital_missing", "registered_capital",
             [](Facts& f) { f.fields.erase("registered_capital_fen"); }, Outcome::fail,
             "not given"},
        Case{"team_19", "team_size", [](Facts& f) { f.fields["team_size"] = std::int64_t{19}; },
             Outcome::fail, "19, below the required 20"},
        Case{"declared_no", "no_debt_disputes",
             [](Facts& f) { f.fields["no_debt_disputes"] = false; }, Outcome::fail,
             "declared as no"},
        Case{"statement_100_chars", "advantage_statement",
             [](Facts& f) { f.fields["advantage_statement"] = k100; }, Outcome::pass,
             "100 characters"},
        Case{"statement_101_chars", "advantage_statement",
             [](Facts& f) { f.fields["advantage_statement"] = k100 + "势"; }, Outcome::fail,
             "101 characters, more than 100"},
        Case{"scope_without_keywords", "business_scope",
             [](Facts& f) { f.fields["business_scope"] = std::string("餐饮服务；食品销售"); },
             Outcome::fail, "mentions none"},
        Case{"hq_unknown_code", "hq_region",
             [](Facts& f) { f.fields["hq_region_code"] = std::string("999999"); }, Outcome::fail,
             "unknown region code"},
        Case{"no_resource_regions", "resource_regions",
             [](Facts& f) { f.fields["resource_region_codes"] = std::vector<std::string>{}; },
             Outcome::fail, "at least 1"},
        Case{"list_19_for_20", "partner_merchants_backed",
             [](Facts& f) { f.materials["merchant_list"].list_rows_distinct = 19; }, Outcome::fail,
             "only 19 distinct valid rows"},
        Case{"no_list", "partner_influencers_backed",
             [](Facts& f) { f.materials.erase("influencer_list"); }, Outcome::fail,
             "no list uploaded"},
        Case{"no_licence", "business_licence",
             [](Facts& f) { f.materials.erase("business_licence"); }, Outcome::fail, "0 uploaded"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(AdmissionRules, WarningRulesWarnInsteadOfFailing) {
  RuleSet rules = default_rule_set();
  for (auto& r : rules.rules)
    if (r.id == "case_studies") r.control = Control::warning;
  Facts facts = passing_facts();
  facts.materials.erase("case_study");
  auto verdicts = evaluate(rules, facts);
  EXPECT_EQ(verdict_of(verdicts, "case_studies").outcome, Outcome::warn);
  EXPECT_TRUE(all_must_pass_rules_pass(verdicts));
}

TEST(AdmissionRules, JsonRoundTripKeepsEveryRule) {
  const RuleSet rules = default_rule_set();
  auto parsed = rule_set_from_json(rule_set_to_json(rules));
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_EQ(boost::json::serialize(rule_set_to_json(*parsed)),
            boost::json::serialize(rule_set_to_json(rules)));
}

TEST(AdmissionRules, InvalidRuleSetsNameTheRule) {
  auto bad = boost::json::parse(R"({"rules": [
      {"id": "a", "kind": "numeric_min", "field": "advantage_statement", "min": 1, "message": {"zh": "x", "en": "x"}},
      {"id": "a", "kind": "telepathy", "field": "team_size", "message": {"zh": "x", "en": "x"}},
      {"id": "b", "kind": "list_backed_count", "field": "team_size", "material": "case_study", "message": {"zh": "x"}}
  ]})");
  auto parsed = rule_set_from_json(bad);
  ASSERT_FALSE(parsed.is_ok());
  const Status status = parsed.status();
  std::string fields;
  for (const auto& f : status.fields()) fields += f.field + ";";
  EXPECT_NE(fields.find("rules[1].kind"), std::string::npos) << fields;

  RuleSet mismatched;
  mismatched.rules.push_back(default_rule_set().rules[1]);
  mismatched.rules[0].field = "advantage_statement";
  Status s = validate_rule_set(mismatched);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.fields()[0].field, "rules[0].field");
}

}  // namespace
}  // namespace fuwu::admission

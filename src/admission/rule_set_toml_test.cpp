#include "admission/rule_set_toml.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fuwu::admission {
namespace {

TEST(RuleSetToml, ExportThenImportGivesTheSameRules) {
  Program program;
  program.code = "local_services";
  program.name_zh = "生活服务服务商";
  program.name_en = "Local services providers";
  program.review_sla_working_days = 10;
  RuleSetVersion rules{1, 3, default_rule_set(), "", std::nullopt, 0};
  const std::string text = program_to_toml(program, rules);
  EXPECT_NE(text.find("rule set version 3"), std::string::npos);
  auto imported = program_from_toml(text, "rules.toml");
  ASSERT_TRUE(imported.is_ok()) << imported.status().message();
  EXPECT_EQ(imported->program.code, "local_services");
  EXPECT_EQ(imported->program.name_zh, "生活服务服务商");
  EXPECT_EQ(boost::json::serialize(rule_set_to_json(imported->rules)),
            boost::json::serialize(rule_set_to_json(default_rule_set())));
}

TEST(RuleSetToml, ErrorsNameTheKey) {
  auto unknown = program_from_toml(
      "[program]\ncode = \"x\"\nname_zh = \"a\"\nname_en = \"b\"\ncolour = \"red\"\n", "p.toml");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().message().find("program.colour"), std::string::npos);
  auto bad_rule = program_from_toml(
      "[program]\ncode = \"x\"\nname_zh = \"a\"\nname_en = \"b\"\n[[rules]]\nid = \"team\"\nkind = "
      "\"numeric_min\"\n"
      "field = \"team_size\"\nmin = \"twenty\"\nmessage = { zh = \"团队\", en = \"team\" }\n",
      "p.toml");
  ASSERT_FALSE(bad_rule.is_ok());
  EXPECT_NE(bad_rule.status().message().find("rules[0].min"), std::string::npos)
      << bad_rule.status().message();
  EXPECT_FALSE(program_from_toml("[program\n", "broken.toml").is_ok());
}

}  // namespace
}  // namespace fuwu::admission

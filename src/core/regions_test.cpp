#include "core/regions.hpp"

#include <gtest/gtest.h>

namespace fuwu::regions {

TEST(Regions, KnowsProvincesCitiesAndCounties) {
  const Region* haidian = find("110108");
  ASSERT_NE(haidian, nullptr);
  EXPECT_EQ(haidian->name, "海淀区");
  EXPECT_EQ(haidian->level, Level::county);
  EXPECT_EQ(full_name("110108"), "北京市 市辖区 海淀区");
  ASSERT_EQ(lineage("440305").size(), 3u);
  EXPECT_EQ(lineage("440305").back()->code, "44");
  EXPECT_EQ(find("999999"), nullptr);
  EXPECT_EQ(find(""), nullptr);
  EXPECT_EQ(children("").size(), 31u);
  bool has_shenzhen = false;
  for (const Region* city : children("44")) has_shenzhen |= (city->name == "深圳市");
  EXPECT_TRUE(has_shenzhen);
}

}  // namespace fuwu::regions

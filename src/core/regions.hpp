// China's administrative divisions (GB/T 2260 codes: 2-digit provinces, 4-digit cities, 6-digit
// counties), compiled in from data/regions/regions.tsv, which tools/regions derives from the
// china-division package. Used to validate region codes and to match a region to its parents.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fuwu::regions {

enum class Level { province, city, county };
const char* level_name(Level level);

struct Region {
  std::string code;
  std::string name;
  std::string parent_code;  // empty for provinces
  Level level = Level::province;
};

// nullptr when the code is not a known division.
const Region* find(std::string_view code);
// Direct children of `parent_code`, in code order; the provinces when parent_code is empty.
std::vector<const Region*> children(std::string_view parent_code);
// The region and its parents, county first: 110108 → 110108, 1101, 11.
std::vector<const Region*> lineage(std::string_view code);
// "北京市 市辖区 海淀区"
std::string full_name(std::string_view code);

}  // namespace fuwu::regions

// Short lists kept in one text column, "a,b,c": split back into their items (empty ones dropped).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace fuwu {

inline std::vector<std::string> split_list(std::string_view text, char separator = ',') {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find(separator, start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace fuwu

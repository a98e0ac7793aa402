#include "core/regions.hpp"

#include <map>
#include <mutex>

#include "core/embedded_file.hpp"

namespace fuwu {
std::vector<EmbeddedFile> region_files();
}

namespace fuwu::regions {
namespace {

struct Table {
  std::map<std::string, Region, std::less<>> by_code;
  std::multimap<std::string, const Region*, std::less<>> by_parent;
};

const Table& table() {
  static const Table t = [] {
    Table built;
    const std::string_view text = region_files().at(0).contents;
    std::size_t start = text.find('\n') + 1;  // skip the header
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(start, end - start);
      start = end + 1;
      std::vector<std::string_view> cells;
      std::size_t cell_start = 0;
      for (;;) {
        const std::size_t tab = line.find('\t', cell_start);
        cells.push_back(line.substr(cell_start, tab - cell_start));
        if (tab == std::string_view::npos) break;
        cell_start = tab + 1;
      }
      if (cells.size() != 4) continue;
      Region r;
      r.code = cells[0];
      r.name = cells[1];
      r.parent_code = cells[2];
      r.level = cells[3] == "province" ? Level::province
                : cells[3] == "city"   ? Level::city
                                       : Level::county;
      built.by_code.emplace(r.code, std::move(r));
    }
    for (const auto& [code, region] : built.by_code)
      built.by_parent.emplace(region.parent_code, &region);
    return built;
  }();
  return t;
}

}  // namespace

const char* level_name(Level level) {
  switch (level) {
    case Level::province:
      return "province";
    case Level::city:
      return "city";
    case Level::county:
      return "county";
  }
  return "county";
}

const Region* find(std::string_view code) {
  const auto& t = table();
  auto it = t.by_code.find(code);
  return it == t.by_code.end() ? nullptr : &it->second;
}

std::vector<const Region*> children(std::string_view parent_code) {
  std::vector<const Region*> out;
  auto [begin, end] = table().by_parent.equal_range(parent_code);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

std::vector<const Region*> lineage(std::string_view code) {
  std::vector<const Region*> out;
  for (const Region* r = find(code); r; r = r->parent_code.empty() ? nullptr : find(r->parent_code))
    out.push_back(r);
  return out;
}

std::string full_name(std::string_view code) {
  std::string out;
  auto chain = lineage(code);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    out += (out.empty() ? "" : " ") + (*it)->name;
  return out;
}

}  // namespace fuwu::regions

#include "profiles.hpp"

#include <toml++/toml.h>
#include <limits>
#include <set>

namespace fuwu::sim {

SimulatorConfig demo_config() {
  SimulatorConfig c;
  auto supplier = [](std::string name, std::string kind, std::string display, int price_bp,
                     std::int64_t fee, int coverage, int median, int p95) {
    SupplierProfile p;
    p.name = std::move(name);
    p.kind = std::move(kind);
    p.display_name = std::move(display);
    p.price_bp = price_bp;
    p.service_fee_fen = fee;
    p.coverage_pct = coverage;
    p.latency_median_ms = median;
    p.latency_p95_ms = p95;
    return p;
  };
  c.suppliers = {
      supplier("yunyi-air", "air", "云翼航空票务", 10'000, 3'000, 100, 80, 220),
      supplier("tianhang-air", "air", "天航商旅", 9'700, 5'000, 85, 140, 420),
      supplier("jieyun-air", "air", "捷运机票", 10'200, 0, 90, 60, 160),
      supplier("jincheng-hotel", "hotel", "锦程酒店集团", 10'000, 0, 100, 90, 260),
      supplier("lvju-hotel", "hotel", "旅居订房", 9'600, 1'500, 80, 150, 480),
      supplier("changxing-rail", "rail", "畅行铁路票务", 10'000, 500, 100, 70, 200),
      supplier("changtu-car", "car", "畅途用车", 10'000, 0, 100, 60, 180),
      supplier("yixing-car", "car", "易行专车", 9'300, 800, 90, 90, 300),
  };
  c.suppliers[1].price_change_pct = 8;
  c.suppliers[1].sold_out_pct = 3;
  c.suppliers[4].price_change_pct = 5;
  return c;
}

Status validate(const SimulatorConfig& config) {
  std::set<std::string> names;
  for (const auto& p : config.suppliers) {
    const std::string where = "supplier " + (p.name.empty() ? std::string("(unnamed)") : p.name);
    const bool name_ok =
        !p.name.empty() && p.name.size() <= 40 &&
        p.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
    if (!name_ok)
      return Status(ErrorCode::invalid_argument, where + ": name must be a-z, 0-9 and -");
    if (!names.insert(p.name).second)
      return Status(ErrorCode::invalid_argument, where + ": the name is used twice");
    if (p.kind != "air" && p.kind != "hotel" && p.kind != "rail" && p.kind != "car")
      return Status(ErrorCode::invalid_argument, where + ": kind must be air, hotel, rail or car");
    if (p.price_bp < 1'000 || p.price_bp > 100'000)
      return Status(ErrorCode::invalid_argument, where + ": price_bp must be 1000 to 100000");
    if (p.service_fee_fen < 0)
      return Status(ErrorCode::invalid_argument, where + ": service_fee_fen < 0");
    if (p.coverage_pct < 1 || p.coverage_pct > 100)
      return Status(ErrorCode::invalid_argument, where + ": coverage_pct must be 1 to 100");
    if (p.latency_median_ms < 0 || p.latency_p95_ms < p.latency_median_ms)
      return Status(ErrorCode::invalid_argument,
                    where + ": latency_p95_ms must be at least latency_median_ms (≥ 0)");
    for (int pct : {p.error_pct, p.hang_pct, p.malformed_pct, p.oversized_pct, p.sold_out_pct,
                    p.price_change_pct})
      if (pct < 0 || pct > 100)
        return Status(ErrorCode::invalid_argument, where + ": percentages are 0 to 100");
    if (p.error_pct + p.hang_pct + p.malformed_pct + p.oversized_pct > 100 ||
        p.sold_out_pct + p.price_change_pct > 100)
      return Status(ErrorCode::invalid_argument, where + ": percentages add up to more than 100");
  }
  return Status::ok();
}

Result<SimulatorConfig> load_config(const std::string& path) {
  toml::table document;
  try {
    document = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status(ErrorCode::invalid_argument, path + ": " + std::string(e.description()));
  }
  SimulatorConfig config;
  for (const auto& [key, node] : document) {
    if (key == "seed") {
      auto v = node.value<std::int64_t>();
      if (!v || *v < 0)
        return Status(ErrorCode::invalid_argument, path + ": seed must be a whole number ≥ 0");
      config.seed = static_cast<std::uint64_t>(*v);
    } else if (key != "supplier") {
      return Status(ErrorCode::invalid_argument, path + ": unknown key " + std::string(key.str()));
    }
  }
  const auto* list = document["supplier"].as_array();
  if (!list) return Status(ErrorCode::invalid_argument, path + ": no [[supplier]] tables");
  for (const auto& node : *list) {
    const auto* t = node.as_table();
    if (!t) return Status(ErrorCode::invalid_argument, path + ": [[supplier]] must be tables");
    SupplierProfile p;
    for (const auto& [key, value] : *t) {
      const std::string k(key.str());
      auto text = [&](std::string& out) -> Status {
        auto v = value.value<std::string>();
        if (!v) return Status(ErrorCode::invalid_argument, path + ": " + k + " must be text");
        out = *v;
        return Status::ok();
      };
      auto number = [&](auto& out) -> Status {
        using T = std::remove_reference_t<decltype(out)>;
        auto v = value.value<std::int64_t>();
        if (!v || *v < std::numeric_limits<T>::min() || *v > std::numeric_limits<T>::max())
          return Status(ErrorCode::invalid_argument,
                        path + ": " + k + " must be a whole number within range");
        out = static_cast<T>(*v);
        return Status::ok();
      };
      Status s = k == "name"                ? text(p.name)
                 : k == "kind"              ? text(p.kind)
                 : k == "display_name"      ? text(p.display_name)
                 : k == "price_bp"          ? number(p.price_bp)
                 : k == "service_fee_fen"   ? number(p.service_fee_fen)
                 : k == "coverage_pct"      ? number(p.coverage_pct)
                 : k == "latency_median_ms" ? number(p.latency_median_ms)
                 : k == "latency_p95_ms"    ? number(p.latency_p95_ms)
                 : k == "error_pct"         ? number(p.error_pct)
                 : k == "hang_pct"          ? number(p.hang_pct)
                 : k == "malformed_pct"     ? number(p.malformed_pct)
                 : k == "oversized_pct"     ? number(p.oversized_pct)
                 : k == "sold_out_pct"      ? number(p.sold_out_pct)
                 : k == "price_change_pct"
                     ? number(p.price_change_pct)
                     : Status(ErrorCode::invalid_argument, path + ": unknown supplier key " + k);
      FUWU_TRY(s);
    }
    config.suppliers.push_back(std::move(p));
  }
  if (Status s = validate(config); !s.is_ok())
    return Status(ErrorCode::invalid_argument, path + ": " + s.message());
  return config;
}

}  // namespace fuwu::sim

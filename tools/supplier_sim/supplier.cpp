#include "supplier.hpp"

#include <cmath>

#include "catalog.hpp"

namespace fuwu::sim {
namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> unhex(std::string_view text) {
  if (text.size() % 2) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = value(text[i]), lo = value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto dot = s.find('.', start);
    out.push_back(s.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

Supplier::Supplier(SupplierProfile profile, std::uint64_t seed)
    : profile_(std::move(profile)),
      seed_(seed),
      rng_(stable_hash({std::to_string(seed), "requests", profile_.name})) {}

bool Supplier::sells(std::string_view key) const {
  if (profile_.coverage_pct >= 100) return true;
  return stable_hash({std::to_string(seed_), "sells", profile_.name, key}) % 100 <
         static_cast<std::uint64_t>(profile_.coverage_pct);
}

std::int64_t Supplier::price_fen(std::string_view key, std::int64_t base_fen) const {
  // Each supplier's price for a product differs by up to ±4 % around its general level; rail
  // fares are fixed by the railway, so a rail agent only adds its level.
  const auto h = stable_hash({std::to_string(seed_), "price", profile_.name, key});
  const double jitter =
      profile_.kind == "rail" ? 1.0 : 0.96 + static_cast<double>(h % 801) / 10'000.0;
  const double fen = static_cast<double>(base_fen) * profile_.price_bp / 10'000.0 * jitter;
  return static_cast<std::int64_t>(std::llround(fen / 100.0)) * 100;
}

std::pair<Fault, std::int64_t> Supplier::next_request() {
  ++requests_;
  std::lock_guard lock(mutex_);
  std::uniform_int_distribution<int> percent(0, 99);
  Fault fault = Fault::none;
  int roll = percent(rng_);
  for (auto [f, pct] : {std::pair{Fault::hang, profile_.hang_pct},
                        {Fault::error, profile_.error_pct},
                        {Fault::malformed, profile_.malformed_pct},
                        {Fault::oversized, profile_.oversized_pct}}) {
    if (roll < pct) {
      fault = f;
      break;
    }
    roll -= pct;
  }
  // Log-normal latency with the configured median and 95th percentile.
  const double median = std::max(1, profile_.latency_median_ms);
  const double p95 = std::max(profile_.latency_p95_ms, profile_.latency_median_ms + 1);
  const double sigma = std::log(p95 / median) / 1.6449;
  std::normal_distribution<double> normal(0.0, 1.0);
  const auto latency =
      static_cast<std::int64_t>(std::llround(median * std::exp(sigma * normal(rng_))));
  return {fault, fault == Fault::hang ? 600'000 : std::min<std::int64_t>(latency, 60'000)};
}

Supplier::Quote Supplier::quote_outcome(std::string_view quote_id, bool repriced) const {
  const auto roll =
      static_cast<int>(stable_hash({std::to_string(seed_), "fate", profile_.name, quote_id}) % 100);
  if (roll < profile_.sold_out_pct) return Quote::sold_out;
  if (!repriced && roll < profile_.sold_out_pct + profile_.price_change_pct)
    return Quote::price_changed;
  return Quote::available;
}

std::string make_quote_id(const std::string& supplier, const std::string& key,
                          std::int64_t price_fen, std::uint64_t seed, bool repriced) {
  const std::string price = std::to_string(price_fen);
  const std::string kind = repriced ? "r" : "q";
  const auto check =
      stable_hash({std::to_string(seed), "quote", kind, supplier, key, price}) % 1'000'000'007;
  return kind + "." + supplier + "." + hex(key) + "." + price + "." + std::to_string(check);
}

std::optional<QuoteRef> parse_quote_id(std::string_view id, std::uint64_t seed) {
  const auto parts = split_dots(id);
  if (parts.size() != 5 || (parts[0] != "q" && parts[0] != "r")) return std::nullopt;
  auto key = unhex(parts[2]);
  if (!key) return std::nullopt;
  QuoteRef ref{std::string(parts[1]), *key, 0, parts[0] == "r"};
  try {
    ref.price_fen = std::stoll(std::string(parts[3]));
  } catch (...) {
    return std::nullopt;
  }
  if (make_quote_id(ref.supplier, ref.key, ref.price_fen, seed, ref.repriced) != id)
    return std::nullopt;
  return ref;
}

}  // namespace fuwu::sim

// Parsing and counting an uploaded partner list of 100,000 merchants: the real parser (encoding
// detection, RFC 4180 quoting, per-column validation, identity folding, duplicate counting) on
// UTF-8 and GB18030 input, next to a naive getline-and-split count that validates nothing, as a
// floor for what reading the bytes costs.
#include <benchmark/benchmark.h>
#include <iconv.h>

#include <set>
#include <sstream>
#include <string>

#include "admission/partner_list.hpp"

namespace {

std::string merchant_csv(int rows) {
  static const char* kNames[] = {"老街坊面馆", "蜀香小厨", "甜心烘焙",
                                 "悦颜美容",   "速洁洗衣", "\"阿强, 烧烤\""};
  std::string csv = "商户名称,联系人,联系电话,所在地区\n";
  for (int i = 0; i < rows; ++i) {
    csv += kNames[i % 6];
    csv += std::to_string(i);
    csv += "号店,联系人" + std::to_string(i) + ",1380013" + std::to_string(1000 + i % 9000) +
           ",330106\n";
  }
  return csv;
}

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

fuwu::admission::PartnerListLimits roomy() {
  fuwu::admission::PartnerListLimits limits;
  limits.max_bytes = 64u << 20;
  return limits;
}

void BM_PartnerList_Utf8(benchmark::State& state) {
  const std::string csv = merchant_csv(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto summary =
        fuwu::admission::parse_partner_list(csv, fuwu::admission::merchant_list_schema(), roomy());
    benchmark::DoNotOptimize(summary);
    if (!summary.is_ok() || summary->rows_distinct != static_cast<std::size_t>(state.range(0)))
      state.SkipWithError("unexpected parse result");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * csv.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PartnerList_Utf8)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_PartnerList_Gb18030(benchmark::State& state) {
  const std::string csv = to_gb18030(merchant_csv(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    auto summary =
        fuwu::admission::parse_partner_list(csv, fuwu::admission::merchant_list_schema(), roomy());
    benchmark::DoNotOptimize(summary);
    if (!summary.is_ok() || summary->encoding != "gb18030")
      state.SkipWithError("unexpected parse result");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * csv.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PartnerList_Gb18030)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Baseline: split lines and count distinct first fields, nothing else.
void BM_NaiveGetlineSplit(benchmark::State& state) {
  const std::string csv = merchant_csv(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::istringstream in(csv);
    std::string line;
    std::set<std::string> names;
    std::getline(in, line);
    while (std::getline(in, line)) names.insert(line.substr(0, line.find(',')));
    benchmark::DoNotOptimize(names);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * csv.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_NaiveGetlineSplit)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

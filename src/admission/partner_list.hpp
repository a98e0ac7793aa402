// Partner lists (合作商户名单 / 合作达人名单): the spreadsheets a service provider uploads to back
// a claim such as "we serve 300 merchants". Admission parses the CSV as Chinese spreadsheet
// software exports it (UTF-8 with or without BOM, or GB18030 from Excel and WPS on Chinese
// Windows), checks each row against a schema and counts the distinct well-formed rows: that count,
// not the number of lines, is what backs the claim. Rows that do not count are reported with their
// line numbers so the provider can fix the file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace fuwu::admission {

// Defaults of the limits; PartnerListLimits lets a setting override them.
inline constexpr std::size_t kPartnerListMaxBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kPartnerListMaxRows = 200'000;
inline constexpr std::size_t kPartnerListMaxFieldChars = 1'000;  // Unicode code points
// Problems past this many are counted but not kept: a report nobody reads helps nobody.
inline constexpr std::size_t kPartnerListMaxProblems = 100;

struct PartnerListLimits {
  std::size_t max_bytes = kPartnerListMaxBytes;
  std::size_t max_rows = kPartnerListMaxRows;  // data rows, blank lines excluded
  std::size_t max_field_chars = kPartnerListMaxFieldChars;
  std::size_t max_problems = kPartnerListMaxProblems;
};

enum class ColumnKind {
  text,
  // Mainland mobile (1[3-9] and 9 more digits, optionally +86), landline (optional area code
  // 0xx/0xxx, 7-8 digit local number, optional -extension), or a 400/800 service number. Spaces,
  // dashes and parentheses are allowed as separators.
  phone,
  region_code,  // six digits (GB/T 2260)
  handle,       // a platform account or URL: free text, named apart for readers of the schema
};

struct Column {
  // Accepted header spellings, Chinese and English; names[0] is the name used in messages.
  // Headers match after trimming, collapsing whitespace, folding full-width characters and
  // ignoring ASCII case.
  std::vector<std::string> names;
  bool required = false;
  ColumnKind kind = ColumnKind::text;
};

// The first required column is the row's identity: two rows with the same normalized identity
// are the same partner. A schema must have at least one required column.
struct ListSchema {
  std::vector<Column> columns;
};

struct ListProblem {
  std::size_t line = 0;  // 1-based physical line where the row starts
  std::string message;
};

struct PartnerListSummary {
  std::size_t rows_total = 0;        // data rows, blank lines excluded
  std::size_t rows_well_formed = 0;  // required values present and typed values valid
  std::size_t rows_distinct = 0;     // well-formed rows with distinct identities: backs a claim
  std::string encoding;              // "utf-8" or "gb18030"
  bool had_bom = false;
  std::vector<ListProblem> problems;         // at most max_problems, in line order
  std::size_t problems_total = 0;            // every problem, kept or not
  std::vector<std::string> ignored_columns;  // headers that match no schema column
};

// Parses and checks an uploaded list. Errors that make the whole file unusable are a failed
// Status: larger than the limits (payload_too_large), not UTF-8 or GB18030, no header row, a
// missing required column, two headers for the same column, an unclosed quote or an over-long
// field (invalid_argument). Problems with single rows are reported in the summary instead.
Result<PartnerListSummary> parse_partner_list(std::string_view bytes, const ListSchema& schema,
                                              const PartnerListLimits& limits = {});

// 商户名称 (required identity), 联系人, 联系电话 (phone), 所在地区/地区编码 (region code).
const ListSchema& merchant_list_schema();
// 平台账号/抖音号 (required identity), 达人昵称 (required), 粉丝数 (text: "12.5万" is fine),
// 联系电话 (phone).
const ListSchema& influencer_list_schema();

// The identity form of a value: trimmed, inner whitespace collapsed to one space, full-width
// ASCII (U+FF01-FF5E) folded to half-width, ASCII lower-cased. "ＡＢＣ　餐厅" → "abc 餐厅".
// `text` must be valid UTF-8.
std::string normalize_partner_identity(std::string_view text);

bool is_phone_number(std::string_view text);

}  // namespace fuwu::admission

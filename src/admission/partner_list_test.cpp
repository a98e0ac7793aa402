#include "admission/partner_list.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include <string>
#include <vector>

#include "core/utf8.hpp"

namespace fuwu::admission {
namespace {

constexpr std::string_view kHeader = "商户名称,联系人,联系电话,地区编码\n";

// A list of `n` distinct, valid merchants.
std::string merchants(int n, std::string_view line_end = "\n") {
  std::string csv(kHeader.substr(0, kHeader.size() - 1));
  csv += line_end;
  for (int i = 1; i <= n; ++i) {
    csv += "商户" + std::to_string(i) + "号店,张三,1380013" + std::to_string(8000 + i) + ",110108";
    csv += line_end;
  }
  return csv;
}

std::string to_gb18030(std::string_view utf8_text) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8_text.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8_text.data());
  std::size_t in_left = utf8_text.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &out_ptr, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

PartnerListSummary parse_ok(std::string_view csv, const ListSchema& schema = merchant_list_schema(),
                            const PartnerListLimits& limits = {}) {
  auto result = parse_partner_list(csv, schema, limits);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  return result ? std::move(result).value() : PartnerListSummary{};
}

std::string parse_error(std::string_view csv, ErrorCode code = ErrorCode::invalid_argument,
                        const ListSchema& schema = merchant_list_schema(),
                        const PartnerListLimits& limits = {}) {
  auto result = parse_partner_list(csv, schema, limits);
  EXPECT_FALSE(result.is_ok());
  if (result) return "";
  EXPECT_EQ(result.status().code(), code);
  return result.status().message();
}

std::vector<std::size_t> problem_lines(const PartnerListSummary& s) {
  std::vector<std::size_t> lines;
  for (const ListProblem& p : s.problems) lines.push_back(p.line);
  return lines;
}

struct RowCase {
  std::string name;
  std::string csv;
  std::size_t total;
  std::size_t well_formed;
  std::size_t distinct;
  std::vector<std::size_t> problem_lines;
  std::string first_problem;  // checked when not empty
};

TEST(PartnerList, CountsRows) {
  const std::vector<RowCase> cases = {
      {"twenty valid rows", merchants(20), 20, 20, 20, {}, ""},
      {"CRLF line ends", merchants(20, "\r\n"), 20, 20, 20, {}, ""},
      {"lone CR line ends", merchants(5, "\r"), 5, 5, 5, {}, ""},
      {"no final line end", merchants(3).substr(0, merchants(3).size() - 1), 3, 3, 3, {}, ""},
      {"19 valid and a duplicate",
       merchants(19) + "商户7号店,李四,13900139000,440305\n",
       20,
       20,
       19,
       {21},
       "商户名称 \"商户7号店\" duplicates line 8; counted once"},
      {"full-width duplicate",
       std::string(kHeader) + "ＡＢＣ餐厅,,,\nabc餐厅,,,\n  Abc　餐厅 ,,,\nABC 餐厅,,,\n",
       4,
       4,
       2,
       {3, 5},
       "商户名称 \"abc餐厅\" duplicates line 2; counted once"},
      {"bad phone",
       std::string(kHeader) + "甲店,,12345,\n乙店,,138-0013-8000,\n丙店,,tel 010 6552 9988,\n",
       3,
       1,
       1,
       {2, 4},
       "联系电话 \"12345\" is not a phone number"},
      {"bad region code and missing name in one row",
       std::string(kHeader) + " ,,,11010\n",
       1,
       0,
       0,
       {2},
       "商户名称 is empty; 地区编码 \"11010\" is not a 6-digit region code"},
      {"rows shorter and longer than the header",
       std::string(kHeader) + "甲店\n乙店,王五,13800138000,310115,extra,cells\n",
       2,
       2,
       2,
       {},
       ""},
      {"header only", std::string(kHeader), 0, 0, 0, {}, ""},
      {"rows of empty cells are blank lines",
       std::string(kHeader) + ",,,\n甲店,,,\n , ,\t,\n",
       1,
       1,
       1,
       {},
       ""},
  };
  for (const RowCase& c : cases) {
    SCOPED_TRACE(c.name);
    const PartnerListSummary s = parse_ok(c.csv);
    EXPECT_EQ(s.rows_total, c.total);
    EXPECT_EQ(s.rows_well_formed, c.well_formed);
    EXPECT_EQ(s.rows_distinct, c.distinct);
    EXPECT_EQ(problem_lines(s), c.problem_lines);
    EXPECT_EQ(s.problems_total, c.problem_lines.size());
    if (!c.first_problem.empty() && !s.problems.empty()) {
      EXPECT_EQ(s.problems[0].message, c.first_problem);
    }
    EXPECT_EQ(s.encoding, "utf-8");
    EXPECT_FALSE(s.had_bom);
  }
}

TEST(PartnerList, Gb18030File) {
  const std::string utf8_text =
      "商户名称,联系电话\r\n北京烤鸭店,13800138000\r\n上海生煎铺,021-6888"
      "8888\r\n北京烤鸭店,13900139000\r\n𠀀字号,\r\n";
  const std::string bytes = to_gb18030(utf8_text);
  ASSERT_FALSE(utf8::is_valid(bytes));  // otherwise this would test nothing
  const PartnerListSummary s = parse_ok(bytes);
  EXPECT_EQ(s.encoding, "gb18030");
  EXPECT_FALSE(s.had_bom);
  EXPECT_EQ(s.rows_total, 4u);
  EXPECT_EQ(s.rows_well_formed, 4u);
  EXPECT_EQ(s.rows_distinct, 3u);
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_EQ(s.problems[0].line, 4u);
  // The name arrives decoded: messages are UTF-8.
  EXPECT_EQ(s.problems[0].message, "商户名称 \"北京烤鸭店\" duplicates line 2; counted once");

  // Shorter than a string's inline buffer once converted.
  const PartnerListSummary tiny = parse_ok(to_gb18030("name\n店\n"));
  EXPECT_EQ(tiny.encoding, "gb18030");
  EXPECT_EQ(tiny.rows_distinct, 1u);
}

TEST(PartnerList, BomBlankLinesQuotesAndAMalformedRow) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "\r\n"                                             // 1: blank before the header
      "商户名称,联系人,联系电话\r\n"                     // 2
      "\"好味道餐厅（望京店）\",赵六,13800138000\r\n"    // 3
      "\r\n"                                             // 4
      ",钱七,13900139000\r\n"                            // 5: no name
      "\"川菜馆, 朝阳\",\"孙八\nand \"\"Sun\"\"\",\r\n"  // 6-7: comma, newline, quotes
      "   \r\n"                                          // 8
      "老北京,周九,\r\n";                                // 9
  const PartnerListSummary s = parse_ok(csv);
  EXPECT_TRUE(s.had_bom);
  EXPECT_EQ(s.encoding, "utf-8");
  EXPECT_EQ(s.rows_total, 4u);
  EXPECT_EQ(s.rows_well_formed, 3u);
  EXPECT_EQ(s.rows_distinct, 3u);
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_EQ(s.problems[0].line, 5u);
  EXPECT_EQ(s.problems[0].message, "商户名称 is empty");

  // The line after a quoted newline is numbered by physical lines.
  const PartnerListSummary after = parse_ok(csv + "老北京,,\r\n");
  ASSERT_EQ(after.problems.size(), 2u);
  EXPECT_EQ(after.problems[1].line, 10u);
  EXPECT_EQ(after.problems[1].message, "商户名称 \"老北京\" duplicates line 9; counted once");

  // A quoted identity with a comma is one value.
  const PartnerListSummary quoted = parse_ok(csv + "川菜馆， 朝阳,,\n");
  ASSERT_EQ(quoted.problems.size(), 2u);
  EXPECT_EQ(quoted.problems[1].message,
            "商户名称 \"川菜馆， 朝阳\" duplicates line 6; counted once");
}

TEST(PartnerList, HeadersMatchAnySpellingAndIgnoreExtraColumns) {
  const PartnerListSummary s = parse_ok(
      "序号, Merchant  Name ,备注,ＰＨＯＮＥ\n1,A,x,13800138000\n2,B,y,+86 139 0013 9000\n");
  EXPECT_EQ(s.rows_distinct, 2u);
  EXPECT_TRUE(s.problems.empty());
  EXPECT_EQ(s.ignored_columns, (std::vector<std::string>{"序号", "备注"}));
}

TEST(PartnerList, WholeFileErrors) {
  EXPECT_EQ(parse_error("联系人,联系电话\n张三,13800138000\n"),
            "line 1: missing required column 商户名称 (accepted headers: 商户名称, 商户名, "
            "merchant name, merchant, name)");
  EXPECT_EQ(parse_error("达人昵称,粉丝数\n小美,12.5万\n", ErrorCode::invalid_argument,
                        influencer_list_schema()),
            "line 1: missing required column 平台账号 (accepted headers: 平台账号, 抖音号, 账号, "
            "platform account, account, handle)");
  EXPECT_EQ(parse_error("商户名称;联系电话\n甲;13800138000\n"),
            "line 1: missing required column 商户名称 (accepted headers: 商户名称, 商户名, "
            "merchant name, merchant, name); the file seems to use tabs or semicolons, not "
            "commas, between columns");
  EXPECT_EQ(parse_error("\n商户名称,name\nA,B\n"),
            "line 2: both \"商户名称\" and \"name\" are the column 商户名称; keep one of them");
  EXPECT_EQ(parse_error(""), "the file is empty: it needs a header row and data rows");
  EXPECT_EQ(parse_error("\r\n ,\r\n"), "the file is empty: it needs a header row and data rows");
  EXPECT_EQ(parse_error("商户名称\n\"甲店\n乙店\n"), "line 2: a quoted field is never closed");
  EXPECT_EQ(parse_error("商户名称\n\x80\xFF\n"),
            "the file is neither UTF-8 nor GB18030 text: undecodable bytes on line 2; save it "
            "from the spreadsheet as CSV (UTF-8)");
  EXPECT_EQ(parse_error("\xEF\xBB\xBF商户名称\n\xB1\xB1\n"),
            "the file starts with a UTF-8 byte-order mark but is not valid UTF-8");
  EXPECT_EQ(parse_error(std::string("PK\x03\x04\x14\x00", 6)),
            "this is an Excel workbook (.xlsx), not CSV: save it as CSV (UTF-8) first");
  EXPECT_EQ(parse_error("\xFF\xFE\x46\x55"),
            "the file is UTF-16 (Excel \"Unicode text\"): save it as CSV (UTF-8) instead");
}

TEST(PartnerList, Limits) {
  // Bytes: the limit itself is fine, one more byte is not.
  std::string at_limit = merchants(1);
  at_limit.append(kPartnerListMaxBytes - at_limit.size(), '\n');
  EXPECT_EQ(parse_ok(at_limit).rows_total, 1u);
  EXPECT_EQ(parse_error(at_limit + "\n", ErrorCode::payload_too_large),
            "the file is larger than 16 MiB; split the list");

  // Rows: 200,000 data rows are fine, 200,001 are not.
  std::string rows = "商户名称\n";
  for (std::size_t i = 0; i < kPartnerListMaxRows; ++i) rows += "m" + std::to_string(i) + "\n";
  const PartnerListSummary full = parse_ok(rows);
  EXPECT_EQ(full.rows_total, kPartnerListMaxRows);
  EXPECT_EQ(full.rows_distinct, kPartnerListMaxRows);
  EXPECT_EQ(parse_error(rows + "one more\n", ErrorCode::payload_too_large),
            "the list has more than 200000 rows");

  // Fields: counted in characters, not bytes.
  std::string name;
  for (std::size_t i = 0; i < kPartnerListMaxFieldChars; ++i) name += "店";
  EXPECT_EQ(parse_ok("商户名称\n" + name + "\n").rows_distinct, 1u);
  EXPECT_EQ(parse_error("商户名称\n" + name + "x\n"),
            "line 2: a field is longer than 1000 characters");
  // A quote left open runs on to the next quote in the file.
  EXPECT_EQ(parse_error("商户名称\n\"abc\n" + std::string(1000, 'x') + "\n\"def\",x\n"),
            "line 2: a field is longer than 1000 characters (is a quote left open?)");

  // Problems: counted past the cap, kept up to it.
  std::string bad = "商户名称,联系电话\n";
  for (int i = 0; i < 150; ++i) bad += "店" + std::to_string(i) + ",000\n";
  const PartnerListSummary s = parse_ok(bad);
  EXPECT_EQ(s.rows_total, 150u);
  EXPECT_EQ(s.rows_well_formed, 0u);
  EXPECT_EQ(s.problems.size(), kPartnerListMaxProblems);
  EXPECT_EQ(s.problems_total, 150u);
  EXPECT_EQ(s.problems.back().line, 101u);
}

TEST(PartnerList, InfluencerListUsesTheAccountAsIdentity) {
  const PartnerListSummary s = parse_ok(
      "达人昵称,抖音号,粉丝数,联系电话\n"
      "小美,xiaomei001,12.5万,13800138000\n"
      "小美,xiaomei_2,3000,\n"       // same nickname, another person
      "小美美,XIAOMEI001,12.5万,\n"  // same account, renamed
      "无账号,,100,\n",
      influencer_list_schema());
  EXPECT_EQ(s.rows_total, 4u);
  EXPECT_EQ(s.rows_well_formed, 3u);
  EXPECT_EQ(s.rows_distinct, 2u);
  ASSERT_EQ(s.problems.size(), 2u);
  EXPECT_EQ(s.problems[0].message, "抖音号 \"XIAOMEI001\" duplicates line 2; counted once");
  EXPECT_EQ(s.problems[1].message, "抖音号 is empty");
}

TEST(PartnerList, PhoneNumbers) {
  for (std::string_view good :
       {"13800138000", "199 0000 1111", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
        "008613800138000", "8613800138000", "１３８００１３８０００", "010-65529988",
        "(010)65529988", "（０２１）６８８８８８８８", "0755 8601 3388", "0755-86013388-1234",
        "0571-8765432", "65529988", "400-810-8888", "8008208820", "+86 10 6552 9988",
        "+86-755-86013388"}) {
    EXPECT_TRUE(is_phone_number(good)) << good;
  }
  for (std::string_view bad :
       {"", "12345", "12800138000", "1380013800", "138001380001", "+1 415 555 0100", "010-12345678",
        "0755-123456", "13800138000/13900139000", "1.38001E+10", "tel:13800138000", "138 0013 800O",
        "+", "0", "01"}) {
    EXPECT_FALSE(is_phone_number(bad)) << bad;
  }
}

TEST(PartnerList, Identity) {
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  for (const Case& c : std::vector<Case>{{"ＡＢＣ餐厅", "abc餐厅"},
                                         {"  Abc\t\t餐厅  ", "abc 餐厅"},
                                         {"\xE3\x80\x80"
                                          "abc\xC2\xA0\xC2\xA0"
                                          "餐厅",
                                          "abc 餐厅"},
                                         {"好味道（望京店）", "好味道(望京店)"},
                                         {"ｘｉａｏｍｅｉ＿００１", "xiaomei_001"},
                                         {"", ""}}) {
    EXPECT_EQ(normalize_partner_identity(c.in), c.out) << c.in;
  }
}

}  // namespace
}  // namespace fuwu::admission

#include "admission/credit_code.hpp"

#include <gtest/gtest.h>

namespace fuwu::admission {
namespace {

std::string with_check_digit(std::string_view first17) {
  return std::string(first17) + credit_code_check_digit(first17);
}

std::string error_of(std::string_view input) {
  auto result = normalize_credit_code(input);
  EXPECT_FALSE(result.is_ok()) << input;
  if (result) return "";
  EXPECT_EQ(result.status().code(), ErrorCode::invalid_argument);
  EXPECT_EQ(result.status().fields().size(), 1u);
  if (result.status().fields().size() == 1) {
    EXPECT_EQ(result.status().fields()[0].field, "credit_code");
    EXPECT_EQ(result.status().fields()[0].message, result.status().message());
  }
  return result.status().message();
}

TEST(CreditCode, AcceptsPublishedCodes) {
  for (std::string_view code : {
           "91350100M000100Y43",  // the worked example circulated with GB 32100-2015
           "914403001922038216",  // 华为技术有限公司
           "9144030071526726XG",  // 深圳市腾讯计算机系统有限公司
           "91110108551385082Q",
       }) {
    auto result = normalize_credit_code(code);
    ASSERT_TRUE(result.is_ok()) << code << ": " << result.status().message();
    EXPECT_EQ(*result, code);
  }
}

TEST(CreditCode, ComputesCheckDigits) {
  EXPECT_EQ(credit_code_check_digit("91350100M000100Y4"), '3');
  EXPECT_EQ(credit_code_check_digit("91440300192203821"), '6');
  EXPECT_EQ(credit_code_check_digit("9144030071526726X"), 'G');
  // Codes built from prefixes validate, whatever their check digit turns out to be.
  for (std::string_view prefix : {"91110108MA01ABCDE", "92440300MA5FXY712", "12100000400000000",
                                  "51110000500000000", "Y1310115MA1K40000", "93330106MA2H00001"}) {
    const std::string code = with_check_digit(prefix);
    auto result = normalize_credit_code(code);
    ASSERT_TRUE(result.is_ok()) << code << ": " << result.status().message();
    EXPECT_EQ(*result, code);
  }
}

TEST(CreditCode, CheckDigitZeroWhenSumIsAMultipleOf31) {
  // All zeros sum to 0: 31 - 0 = 31, which wraps to 0.
  EXPECT_EQ(credit_code_check_digit("00000000000000000"), '0');
  EXPECT_TRUE(normalize_credit_code("000000000000000000").is_ok());
}

TEST(CreditCode, NormalizesSpacesAndCase) {
  auto result = normalize_credit_code("  9144030071526726xg\t");
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_EQ(*result, "9144030071526726XG");
  auto ideographic = normalize_credit_code(
      "\xE3\x80\x80"
      "91350100m000100y43 ");
  ASSERT_TRUE(ideographic.is_ok()) << ideographic.status().message();
  EXPECT_EQ(*ideographic, "91350100M000100Y43");
}

TEST(CreditCode, RejectsWrongCheckDigit) {
  EXPECT_EQ(error_of("914403001922038217"), "wrong check digit: expected 6, got 7");
  EXPECT_EQ(error_of("91350100M000100Y4A"), "wrong check digit: expected 3, got A");
  // A transposition of two characters is caught too.
  EXPECT_EQ(error_of("914403001922038126"), "wrong check digit: expected 8, got 6");
}

TEST(CreditCode, RejectsWrongLength) {
  EXPECT_EQ(error_of(""), "credit code is empty");
  EXPECT_EQ(error_of("   "), "credit code is empty");
  EXPECT_EQ(error_of("91440300192203821"), "credit code must be 18 characters, got 17");
  EXPECT_EQ(error_of("9144030019220382160"), "credit code must be 18 characters, got 19");
  // Counted in characters: 17 ASCII characters and one Chinese character are 18, not 20 bytes.
  EXPECT_EQ(error_of("9144030019220382１6"), "character '１' at position 17 is not allowed");
  // An old 15-digit business registration number is not a credit code.
  EXPECT_EQ(error_of("110108000000016"), "credit code must be 18 characters, got 15");
}

TEST(CreditCode, RejectsForbiddenAndForeignCharacters) {
  struct Case {
    std::string input;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"91350100I000100Y43",
       "character 'I' at position 9 is not allowed (credit codes never use I, O, Z, S or V)"},
      {"91350100o000100Y43",
       "character 'o' at position 9 is not allowed (credit codes never use I, O, Z, S or V)"},
      {"9135010OM000100Y43",
       "character 'O' at position 8 is not allowed (credit codes never use I, O, Z, S or V)"},
      {"Z1350100M000100Y43",
       "character 'Z' at position 1 is not allowed (credit codes never use I, O, Z, S or V)"},
      {"91350100M000100S43",
       "character 'S' at position 16 is not allowed (credit codes never use I, O, Z, S or V)"},
      {"91350100M00010VY43",
       "character 'V' at position 15 is not allowed (credit codes never use I, O, Z, S or V)"},
      {"91350100M000-00Y43", "character '-' at position 13 is not allowed"},
      {"913501 0M000100Y43", "character ' ' at position 7 is not allowed"},
      {"91350100M000100Y4码", "character '码' at position 18 is not allowed"},
      {"913A0100M000100Y43",
       "character 'A' at position 4 must be a digit: positions 3-8 are the administrative-division "
       "code"},
  };
  for (const Case& c : cases) EXPECT_EQ(error_of(c.input), c.message) << c.input;
  EXPECT_EQ(error_of("\xFF"
                     "1350100M000100Y43"),
            "credit code is not valid UTF-8 text");
}

}  // namespace
}  // namespace fuwu::admission

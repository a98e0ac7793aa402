#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace fuwu::utf8 {

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("abc"), 3u);
  EXPECT_EQ(count_code_points("服务商"), 3u);  // 9 bytes
  EXPECT_EQ(count_code_points("😀a"), 2u);      // 4-byte sequence
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(count_code_points("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(count_code_points("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(count_code_points("\xE6\x9C"));          // truncated
  EXPECT_FALSE(count_code_points("\xF5\x80\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(count_code_points("\x80"));              // lone continuation
  EXPECT_TRUE(is_valid("纯文本 plain"));
}

}  // namespace fuwu::utf8

#include "store/sql_placeholders.hpp"

#include <gtest/gtest.h>

namespace fuwu::store {

TEST(SqlPlaceholders, RewritesDollarNumbersToNumberedQuestionMarks) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $2, $1 WHERE a = $10"),
            "SELECT ?2, ?1 WHERE a = ?10");
}

TEST(SqlPlaceholders, LeavesQuotedTextAlone) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT '$1', \"$2\", $3"), "SELECT '$1', \"$2\", ?3");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT 'it''s $1' || $1"), "SELECT 'it''s $1' || ?1");
}

}  // namespace fuwu::store

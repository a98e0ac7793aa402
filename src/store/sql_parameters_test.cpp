#include "store/sql_parameters.hpp"

#include <gtest/gtest.h>

namespace fuwu::store {

TEST(SqlParameters, RewritesDollarNumbersToNumberedQuestionMarks) {
  EXPECT_EQ(rewrite_parameters_for_sqlite("SELECT $2, $1 WHERE a = $10"),
            "SELECT ?2, ?1 WHERE a = ?10");
}

TEST(SqlParameters, LeavesQuotedTextAlone) {
  EXPECT_EQ(rewrite_parameters_for_sqlite("SELECT '$1', \"$2\", $3"), "SELECT '$1', \"$2\", ?3");
  EXPECT_EQ(rewrite_parameters_for_sqlite("SELECT 'it''s $1' || $1"), "SELECT 'it''s $1' || ?1");
}

}  // namespace fuwu::store

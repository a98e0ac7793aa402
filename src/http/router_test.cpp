#include "http/router.hpp"

#include <gtest/gtest.h>

namespace fuwu::http {
namespace {

Handler ok() {
  return [](RequestContext&) -> Result<Response> { return Response{}; };
}

TEST(Router, MatchesPathParametersAndPrefersLiterals) {
  Router router;
  router.add({Method::get, "/api/v1/users/{id}", Access::any_member(), ok()});
  router.add({Method::get, "/api/v1/users/me", Access::any_member(), ok()});
  router.add({Method::patch, "/api/v1/users/{id}", Access::any_member(), ok()});

  auto by_id = router.match(Method::get, "/api/v1/users/42");
  ASSERT_NE(by_id.route, nullptr);
  EXPECT_EQ(by_id.route->pattern, "/api/v1/users/{id}");
  ASSERT_EQ(by_id.params.size(), 1u);
  EXPECT_EQ(by_id.params[0].second, "42");

  auto me = router.match(Method::get, "/api/v1/users/me");
  ASSERT_NE(me.route, nullptr);
  EXPECT_EQ(me.route->pattern, "/api/v1/users/me");
}

TEST(Router, ReportsAllowedMethodsForAKnownPath) {
  Router router;
  router.add({Method::get, "/api/v1/things", Access::any_member(), ok()});
  router.add({Method::post, "/api/v1/things", Access::any_member(), ok()});
  auto m = router.match(Method::del, "/api/v1/things");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods.size(), 2u);
  auto none = router.match(Method::get, "/api/v1/nothing");
  EXPECT_EQ(none.route, nullptr);
  EXPECT_TRUE(none.allowed_methods.empty());
}

TEST(Router, IdParameterMustBeAPositiveInteger) {
  Request request;
  RequestContext good(request, {{"id", "17"}}, "r");
  EXPECT_EQ(*good.id_param("id"), 17);
  for (const char* bad : {"0", "-1", "1e3", "abc", "17x", "99999999999999999999"}) {
    RequestContext c(request, {{"id", bad}}, "r");
    EXPECT_EQ(c.id_param("id").status().code(), ErrorCode::not_found) << bad;
  }
}

}  // namespace
}  // namespace fuwu::http

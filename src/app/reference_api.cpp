#include "app/reference_api.hpp"

#include <boost/json.hpp>

#include "core/regions.hpp"
#include "http/json_io.hpp"

namespace fuwu::app {

void add_reference_routes(http::Router& router) {
  // Children of one division (the provinces without parent_code), small enough to never page.
  router.add({http::Method::get, "/api/v1/regions", http::Access::any_member(),
              [](http::RequestContext& c) -> Result<http::Response> {
                FUWU_ASSIGN_OR_RETURN(auto parent, http::query_text(c.request(), "parent_code", 6));
                if (parent && !regions::find(*parent))
                  return Status(ErrorCode::not_found, "no such region " + *parent);
                boost::json::array items;
                for (const auto* r : regions::children(parent.value_or(""))) {
                  items.push_back({{"code", r->code},
                                   {"name", r->name},
                                   {"level", regions::level_name(r->level)},
                                   {"has_children", !regions::children(r->code).empty()}});
                }
                return http::json_response(200, {{"items", std::move(items)}});
              },
              /*runs_inline=*/true});
}

}  // namespace fuwu::app

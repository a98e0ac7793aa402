#include "audit/api.hpp"

#include <boost/json.hpp>

#include "http/json_io.hpp"

namespace fuwu::audit {
namespace {

boost::json::value parse_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  boost::system::error_code ec;
  auto value = boost::json::parse(*text, ec);
  return ec ? boost::json::value(*text) : value;
}

boost::json::value optional_int(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

}  // namespace

void add_audit_routes(http::Router& router, store::Database& db, ActorNames actor_names) {
  router.add(
      {http::Method::get, "/api/v1/audit", http::Access::only({auth::Role::operator_admin}),
       [&db, actor_names](http::RequestContext& c) -> Result<http::Response> {
         const auto& request = c.request();
         FUWU_ASSIGN_OR_RETURN(auto page, http::parse_page_request(request));
         AuditLog::Filter filter;
         FUWU_ASSIGN_OR_RETURN(filter.entity_type, http::query_text(request, "entity_type", 64));
         FUWU_ASSIGN_OR_RETURN(filter.entity_id, http::query_text(request, "entity_id", 128));
         FUWU_ASSIGN_OR_RETURN(filter.action, http::query_text(request, "action", 64));
         FUWU_ASSIGN_OR_RETURN(filter.actor_user_id, http::query_id(request, "actor_user_id"));
         FUWU_ASSIGN_OR_RETURN(filter.organization_id, http::query_id(request, "organization_id"));
         auto tx = db.begin(store::TxMode::read);
         if (!tx) return tx.status();
         FUWU_ASSIGN_OR_RETURN(auto records,
                               AuditLog::list(**tx, filter, page.after_id, page.limit + 1));
         std::optional<std::int64_t> next;
         if (static_cast<std::int64_t>(records.size()) > page.limit) {
           records.resize(static_cast<std::size_t>(page.limit));
           next = records.back().id;
         }
         std::vector<std::int64_t> actor_ids;
         for (const auto& r : records)
           if (r.actor_user_id) actor_ids.push_back(*r.actor_user_id);
         FUWU_ASSIGN_OR_RETURN(auto names, actor_names(actor_ids));
         boost::json::array items;
         for (const auto& r : records) {
           boost::json::value actor_name = nullptr;
           if (r.actor_user_id)
             if (auto it = names.find(*r.actor_user_id); it != names.end()) actor_name = it->second;
           items.push_back({{"id", r.id},
                            {"at", r.at},
                            {"actor_user_id", optional_int(r.actor_user_id)},
                            {"actor_name", actor_name},
                            {"actor_organization_id", optional_int(r.actor_organization_id)},
                            {"organization_id", optional_int(r.organization_id)},
                            {"action", r.action},
                            {"entity_type", r.entity_type},
                            {"entity_id", r.entity_id},
                            {"before", parse_or_null(r.before_json)},
                            {"after", parse_or_null(r.after_json)},
                            {"request_id", r.request_id},
                            {"hash", r.hash}});
         }
         return http::json_response(200, http::page_body(std::move(items), next));
       }});
}

}  // namespace fuwu::audit

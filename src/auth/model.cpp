#include "auth/model.hpp"

#include <boost/json.hpp>

namespace fuwu::auth {

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out,
                const Organization& o) {
  out = {{"id", o.id},
         {"name", o.name},
         {"kind", organization_kind_name(o.kind)},
         {"region_code", o.region_code},
         {"status", o.status},
         {"version", o.version},
         {"created_at", o.created_at},
         {"updated_at", o.updated_at}};
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const User& u) {
  boost::json::array roles;
  for (const auto& name : u.roles.names()) roles.emplace_back(name);
  out = {{"id", u.id},
         {"email", u.email},
         {"name", u.name},
         {"status", u.status},
         {"roles", std::move(roles)},
         {"organization_id", u.organization_id},
         {"organization_name", u.organization_name},
         {"organization",
          {{"id", u.organization_id},
           {"name", u.organization_name},
           {"kind", organization_kind_name(u.organization_kind)}}},
         {"version", u.version},
         {"created_at", u.created_at},
         {"updated_at", u.updated_at}};
}

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out, const ApiKey& k) {
  out = {{"id", k.id},
         {"name", k.name},
         {"prefix", k.prefix},
         {"user_id", k.user_id},
         {"organization_id", k.organization_id},
         {"created_by", k.created_by},
         {"created_at", k.created_at},
         {"expires_at",
          k.expires_at ? boost::json::value(*k.expires_at) : boost::json::value(nullptr)},
         {"revoked_at",
          k.revoked_at ? boost::json::value(*k.revoked_at) : boost::json::value(nullptr)}};
}

}  // namespace fuwu::auth

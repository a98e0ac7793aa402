// The travel providers (差旅服务商) that serve a client company, and which one serves a new
// segment. A provider here is an organization admitted as a travel provider (registry type
// `travel`); a suspended one keeps its past segments but serves no new ones.
#include <boost/json.hpp>
#include <set>

#include "travel/service.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

Result<std::vector<CompanyProvider>> load(store::Transaction& tx, std::int64_t organization_id) {
  FUWU_ASSIGN_OR_RETURN(
      auto rows,
      tx.query("SELECT c.provider_id, o.name, c.is_default, p.status FROM company_travel_providers "
               "c JOIN organizations o ON o.id = c.provider_id JOIN provider_profiles p ON "
               "p.organization_id = c.provider_id WHERE c.organization_id = $1 ORDER BY "
               "c.is_default DESC, o.name",
               {organization_id}));
  std::vector<CompanyProvider> out;
  for (const auto& row : rows)
    out.push_back({row.integer(0), row.text(1), row.integer(2) != 0, row.text(3)});
  return out;
}

json::array to_json(const std::vector<CompanyProvider>& providers) {
  json::array out;
  for (const auto& p : providers)
    out.push_back({{"provider_id", p.provider_id}, {"is_default", p.is_default}});
  return out;
}

}  // namespace

Result<std::vector<CompanyProvider>> TravelService::providers(const auth::Principal& who,
                                                              std::int64_t organization_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<CompanyProvider>> {
        FUWU_TRY(require_client(tx, who, organization_id));
        return load(tx, organization_id);
      });
}

Result<std::vector<CompanyProvider>> TravelService::set_providers(
    const auth::Principal& who, const audit::Actor& actor, std::int64_t organization_id,
    const std::vector<CompanyProvider>& chosen) {
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<CompanyProvider>> {
        FUWU_TRY(require_client(tx, who, organization_id));
        std::vector<FieldError> errors;
        std::set<std::int64_t> seen;
        int defaults = 0;
        for (std::size_t i = 0; i < chosen.size(); ++i) {
          const std::string field = "providers[" + std::to_string(i) + "].provider_id";
          FUWU_ASSIGN_OR_RETURN(auto rows,
                                tx.query("SELECT provider_type, status FROM provider_profiles "
                                         "WHERE organization_id = $1",
                                         {chosen[i].provider_id}));
          if (rows.empty() || rows[0].text(0) != "travel")
            errors.push_back({field, "is not a travel provider of the registry"});
          else if (rows[0].text(1) != "active")
            errors.push_back({field, "is suspended"});
          if (!seen.insert(chosen[i].provider_id).second)
            errors.push_back({field, "is listed twice"});
          defaults += chosen[i].is_default ? 1 : 0;
        }
        if (!chosen.empty() && defaults != 1)
          errors.push_back({"providers", "exactly one provider must be the default"});
        if (!errors.empty()) {
          const std::string message =
              "the travel providers are not valid: " + errors.front().field + " " +
              errors.front().message;
          return Status(ErrorCode::invalid_argument, message, std::move(errors));
        }
        FUWU_ASSIGN_OR_RETURN(auto before, load(tx, organization_id));
        FUWU_TRY(tx.exec("DELETE FROM company_travel_providers WHERE organization_id = $1",
                         {organization_id})
                     .status());
        const TimeMs now = clock_.now_ms();
        for (const auto& p : chosen)
          FUWU_TRY(
              tx.exec("INSERT INTO company_travel_providers (organization_id, provider_id, "
                      "is_default, added_at) VALUES ($1, $2, $3, $4)",
                      {organization_id, p.provider_id, std::int64_t{p.is_default ? 1 : 0}, now})
                  .status());
        FUWU_ASSIGN_OR_RETURN(auto after, load(tx, organization_id));
        FUWU_TRY(audit_.append(
            tx, actor,
            {"travel.providers.set", "organization", std::to_string(organization_id),
             organization_id, json::serialize(to_json(before)), json::serialize(to_json(after))}));
        return after;
      });
}

Result<std::optional<std::int64_t>> TravelService::serving_provider(
    store::Transaction& tx, std::int64_t organization_id, std::optional<std::int64_t> asked) {
  FUWU_ASSIGN_OR_RETURN(auto providers, load(tx, organization_id));
  for (const auto& p : providers) {
    const bool chosen = asked ? p.provider_id == *asked : p.is_default;
    if (!chosen) continue;
    if (p.status != "active")
      return Status(ErrorCode::conflict,
                    "the company's travel provider " + p.name + " is suspended; choose another")
          .with_problem_code("provider_suspended");
    return std::optional<std::int64_t>(p.provider_id);
  }
  if (asked)
    return Status(ErrorCode::invalid_argument, "the provider does not serve your company",
                  {{"provider_id", "is not a travel provider of your company"}});
  return std::optional<std::int64_t>();
}

}  // namespace fuwu::travel

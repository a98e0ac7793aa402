#include "rating/benefits.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/utf8.hpp"
#include "rating/standings.hpp"

namespace fuwu::rating {
namespace {

namespace json = boost::json;

constexpr const char* kCampaignColumns =
    "c.id, c.program_id, c.name, c.description, c.eligible_tiers, c.slots, "
    "c.registration_closes_ms, c.created_at, (SELECT COUNT(*) FROM campaign_registrations r "
    "WHERE r.campaign_id = c.id)";

std::vector<std::string> split_tiers(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Campaign campaign_from_row(const store::Row& row) {
  Campaign c;
  c.id = row.integer(0);
  c.program_id = row.integer(1);
  c.name = row.text(2);
  c.description = row.text(3);
  c.eligible_tiers = split_tiers(row.text(4));
  c.slots = row.integer(5);
  c.registration_closes_ms = row.integer(6);
  c.created_at = row.integer(7);
  c.registered = row.integer(8);
  return c;
}

Result<Campaign> find_campaign(store::Transaction& tx, std::int64_t id) {
  FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(std::string("SELECT ") + kCampaignColumns +
                                                " FROM campaigns c WHERE c.id = $1",
                                            {id}));
  if (rows.empty()) return Status(ErrorCode::not_found, "no such campaign");
  return campaign_from_row(rows[0]);
}

}  // namespace

Result<Entitlements> entitlements_in(store::Transaction& tx, std::int64_t provider_id) {
  Entitlements e;
  e.provider_id = provider_id;
  FUWU_ASSIGN_OR_RETURN(e.program_id, provider_program(tx, provider_id));
  FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, e.program_id));
  e.benefits = policy.untiered;
  FUWU_ASSIGN_OR_RETURN(auto cycle, latest_published_cycle(tx, e.program_id, std::nullopt));
  if (!cycle) return e;
  e.cycle_id = cycle->id;
  e.cycle_code = cycle->code;
  FUWU_ASSIGN_OR_RETURN(auto standing, stored_standing(tx, cycle->id, provider_id));
  if (standing && standing->tier) {
    e.tier = standing->tier;
    if (auto index = policy.tier_index(*standing->tier))
      e.benefits = policy.tiers[static_cast<std::size_t>(*index)].benefits;
  }
  return e;
}

Result<Entitlements> BenefitService::entitlements(std::int64_t provider_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) { return entitlements_in(tx, provider_id); });
}

Result<Campaign> BenefitService::create_campaign(const audit::Actor& actor, Campaign campaign) {
  std::vector<FieldError> errors;
  const auto name_chars = utf8::count_code_points(campaign.name).value_or(0);
  if (name_chars == 0 || name_chars > 100)
    errors.push_back({"name", "must be 1 to 100 characters"});
  if (campaign.eligible_tiers.empty())
    errors.push_back({"eligible_tiers", "must name at least one tier"});
  for (const auto& t : campaign.eligible_tiers)
    if (!is_tier_name(t)) errors.push_back({"eligible_tiers", "must be diamond, gold or silver"});
  if (campaign.slots < 1 || campaign.slots > 100'000)
    errors.push_back({"slots", "must be from 1 to 100,000"});
  if (campaign.registration_closes_ms <= clock_.now_ms())
    errors.push_back({"registration_closes_ms", "must be in the future"});
  if (!errors.empty()) {
    const std::string message =
        "the campaign is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  std::string tiers;
  for (const char* t : kTierNames)
    if (std::find(campaign.eligible_tiers.begin(), campaign.eligible_tiers.end(), t) !=
        campaign.eligible_tiers.end())
      tiers += (tiers.empty() ? "" : ",") + std::string(t);
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<Campaign> {
    FUWU_TRY(require_program(tx, campaign.program_id));
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query("INSERT INTO campaigns (program_id, name, description, eligible_tiers, slots, "
                 "registration_closes_ms, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
                 "$7, $8) RETURNING id",
                 {campaign.program_id, campaign.name, campaign.description, tiers, campaign.slots,
                  campaign.registration_closes_ms, store::optional_value(actor.user_id),
                  clock_.now_ms()}));
    FUWU_ASSIGN_OR_RETURN(auto created, find_campaign(tx, rows[0].integer(0)));
    FUWU_TRY(audit_.append(
        tx, actor,
        {"campaign.create", "campaign", std::to_string(created.id), std::nullopt, std::nullopt,
         json::serialize(json::object{
             {"name", created.name}, {"eligible_tiers", tiers}, {"slots", created.slots}})}));
    return created;
  });
}

Result<std::vector<Campaign>> BenefitService::campaigns(std::int64_t program_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Campaign>> {
        FUWU_TRY(require_program(tx, program_id));
        FUWU_ASSIGN_OR_RETURN(auto rows,
                              tx.query(std::string("SELECT ") + kCampaignColumns +
                                           " FROM campaigns c WHERE c.program_id = $1 ORDER BY "
                                           "c.id DESC",
                                       {program_id}));
        std::vector<Campaign> out;
        for (const auto& row : rows) out.push_back(campaign_from_row(row));
        return out;
      });
}

Result<Campaign> BenefitService::campaign(std::int64_t id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) { return find_campaign(tx, id); });
}

Result<CampaignRegistration> BenefitService::register_provider(const audit::Actor& actor,
                                                               std::int64_t campaign_id,
                                                               std::int64_t provider_id) {
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) -> Result<CampaignRegistration> {
        FUWU_TRY(tx.lock("fuwu.campaign." + std::to_string(campaign_id)));
        FUWU_ASSIGN_OR_RETURN(auto campaign, find_campaign(tx, campaign_id));
        FUWU_ASSIGN_OR_RETURN(auto entitled, entitlements_in(tx, provider_id));
        if (entitled.program_id != campaign.program_id)
          return Status(ErrorCode::not_found, "no such campaign");
        if (now > campaign.registration_closes_ms)
          return Status(ErrorCode::conflict, "registration for this campaign has closed")
              .with_problem_code("registration_closed");
        const bool tier_ok =
            entitled.tier &&
            std::find(campaign.eligible_tiers.begin(), campaign.eligible_tiers.end(),
                      *entitled.tier) != campaign.eligible_tiers.end();
        if (!tier_ok || !entitled.benefits.campaign_access) {
          std::string eligible;
          for (const auto& t : campaign.eligible_tiers)
            eligible += (eligible.empty() ? "" : ", ") + t;
          return Status(ErrorCode::conflict,
                        "the campaign is open to " + eligible + "; the provider's tier" +
                            (entitled.cycle_code ? " in " + *entitled.cycle_code : "") + " is " +
                            entitled.tier.value_or("none") +
                            (tier_ok ? " without campaign access" : ""))
              .with_problem_code("not_eligible");
        }
        if (campaign.registered >= campaign.slots)
          return Status(ErrorCode::conflict, "all " + std::to_string(campaign.slots) +
                                                 " slots of the campaign are taken")
              .with_problem_code("campaign_full");
        auto inserted = tx.exec(
            "INSERT INTO campaign_registrations (campaign_id, provider_id, tier, registered_by, "
            "registered_at) VALUES ($1, $2, $3, $4, $5)",
            {campaign_id, provider_id, *entitled.tier, store::optional_value(actor.user_id), now});
        if (!inserted && inserted.status().code() == ErrorCode::unique_violation)
          return Status(ErrorCode::unique_violation,
                        "the provider is already registered for this campaign");
        if (!inserted) return inserted.status();
        FUWU_ASSIGN_OR_RETURN(auto names, organization_names(tx, {provider_id}));
        CampaignRegistration r{campaign_id, provider_id, names[provider_id], *entitled.tier, now};
        FUWU_TRY(audit_.append(
            tx, actor,
            {"campaign.register", "campaign_registration",
             std::to_string(campaign_id) + "/" + std::to_string(provider_id), provider_id,
             std::nullopt,
             json::serialize(json::object{{"campaign_id", campaign_id}, {"tier", r.tier}})}));
        return r;
      });
}

Result<std::vector<CampaignRegistration>> BenefitService::registrations(
    std::int64_t campaign_id, std::optional<std::int64_t> provider_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<CampaignRegistration>> {
        FUWU_TRY(find_campaign(tx, campaign_id).status());
        store::Params params{campaign_id};
        std::string sql =
            "SELECT r.provider_id, o.name, r.tier, r.registered_at FROM campaign_registrations r "
            "JOIN organizations o ON o.id = r.provider_id WHERE r.campaign_id = $1";
        if (provider_id) {
          params.push_back(*provider_id);
          sql += " AND r.provider_id = $2";
        }
        FUWU_ASSIGN_OR_RETURN(auto rows,
                              tx.query(sql + " ORDER BY r.registered_at, r.provider_id", params));
        std::vector<CampaignRegistration> out;
        for (const auto& row : rows)
          out.push_back({campaign_id, row.integer(0), row.text(1), row.text(2), row.integer(3)});
        return out;
      });
}

}  // namespace fuwu::rating

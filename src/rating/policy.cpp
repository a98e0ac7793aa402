#include "rating/policy.hpp"

#include "rating/ledger.hpp"

#include <boost/json.hpp>

namespace fuwu::rating {
namespace {

namespace json = boost::json;

constexpr std::int64_t kWeightMax = 10'000;
constexpr std::int64_t kCommissionBpsMax = 10'000;
constexpr std::int64_t kQuotaMax = 1'000'000;

class PolicyReader {
 public:
  std::vector<FieldError> errors;

  const json::value* field(const json::object& object, std::string_view name,
                           const std::string& path) {
    const auto* value = object.if_contains(name);
    if (!value) errors.push_back({path, "is required"});
    return value;
  }
  std::int64_t integer(const json::object& object, std::string_view name, const std::string& path,
                       std::int64_t min, std::int64_t max) {
    const auto* value = field(object, name, path);
    if (!value) return 0;
    if (!value->is_int64() && !value->is_uint64()) {
      errors.push_back({path, "must be an integer"});
      return 0;
    }
    const std::int64_t v = value->is_int64() ? value->as_int64() : std::int64_t(-1);
    if (v < min || v > max) {
      errors.push_back(
          {path, "must be from " + std::to_string(min) + " to " + std::to_string(max)});
      return 0;
    }
    return v;
  }
  bool boolean(const json::object& object, std::string_view name, const std::string& path) {
    const auto* value = field(object, name, path);
    if (value && !value->is_bool()) errors.push_back({path, "must be true or false"});
    return value && value->is_bool() && value->as_bool();
  }
  const json::object* object(const json::value* value, const std::string& path) {
    if (value && !value->is_object()) {
      errors.push_back({path, "must be an object"});
      return nullptr;
    }
    return value ? &value->as_object() : nullptr;
  }
  void unknown_keys(const json::object& object, std::initializer_list<std::string_view> known,
                    const std::string& prefix) {
    for (const auto& [key, value] : object) {
      bool ok = false;
      for (auto k : known) ok = ok || key == k;
      if (!ok) errors.push_back({prefix + std::string(key), "is not a field of the policy"});
    }
  }
  Benefits benefits(const json::value* value, const std::string& path) {
    Benefits b;
    const auto* o = object(value, path);
    if (!o) return b;
    unknown_keys(*o, {"campaign_access", "directory_weight", "dispatch_weight", "commission_bps"},
                 path + ".");
    b.campaign_access = boolean(*o, "campaign_access", path + ".campaign_access");
    b.directory_weight = integer(*o, "directory_weight", path + ".directory_weight", 0, kWeightMax);
    b.dispatch_weight = integer(*o, "dispatch_weight", path + ".dispatch_weight", 0, kWeightMax);
    b.commission_bps =
        integer(*o, "commission_bps", path + ".commission_bps", 0, kCommissionBpsMax);
    return b;
  }
};

}  // namespace

bool is_tier_name(std::string_view name) {
  for (const char* t : kTierNames)
    if (name == t) return true;
  return false;
}

const std::vector<std::string>& known_metrics() {
  static const std::vector<std::string> metrics = {"orders_served", "flagship_stores_served",
                                                   "gmv_after_returns_fen", "satisfaction_bp",
                                                   "training_finished"};
  return metrics;
}

bool is_known_metric(std::string_view metric) {
  for (const auto& m : known_metrics())
    if (m == metric) return true;
  return false;
}

TierPolicy RatingPolicy::tier_policy() const {
  TierPolicy p;
  p.star_thresholds = star_thresholds;
  for (const auto& t : tiers) p.tiers.push_back({t.name, t.star_floor, t.quota});
  return p;
}

std::optional<TierIndex> RatingPolicy::tier_index(std::string_view name) const {
  for (std::size_t i = 0; i < tiers.size(); ++i)
    if (tiers[i].name == name) return static_cast<TierIndex>(i);
  return std::nullopt;
}

RatingPolicy default_rating_policy(std::int64_t program_id) {
  RatingPolicy p;
  p.program_id = program_id;
  const TierPolicy defaults = default_tier_policy();
  p.star_thresholds = defaults.star_thresholds;
  const Benefits benefits[] = {{true, 300, 300, 200}, {true, 200, 200, 350}, {true, 120, 120, 450}};
  for (std::size_t i = 0; i < defaults.tiers.size(); ++i)
    p.tiers.push_back({defaults.tiers[i].name, defaults.tiers[i].star_floor,
                       defaults.tiers[i].quota, benefits[i]});
  p.untiered = {false, 100, 100, 500};
  return p;
}

Result<RatingPolicy> policy_from_json(std::int64_t program_id, const json::value& body) {
  PolicyReader r;
  RatingPolicy p;
  p.program_id = program_id;
  if (!body.is_object()) return Status(ErrorCode::invalid_argument, "the policy must be an object");
  const auto& o = body.as_object();
  r.unknown_keys(o, {"star_thresholds", "tie_breaker_metric", "tiers", "untiered"}, "");

  if (const auto* t = r.field(o, "star_thresholds", "star_thresholds")) {
    if (!t->is_array() || t->as_array().empty() || t->as_array().size() > 10) {
      r.errors.push_back({"star_thresholds", "must be a list of 1 to 10 point thresholds"});
    } else {
      for (std::size_t i = 0; i < t->as_array().size(); ++i) {
        const auto& v = t->as_array()[i];
        const std::string path = "star_thresholds[" + std::to_string(i) + "]";
        if (!v.is_int64() || v.as_int64() < 1 || v.as_int64() > 100'000'000) {
          r.errors.push_back({path, "must be an integer from 1 to 100,000,000"});
          continue;
        }
        if (!p.star_thresholds.empty() && v.as_int64() <= p.star_thresholds.back())
          r.errors.push_back({path, "must be more than the threshold before it"});
        p.star_thresholds.push_back(v.as_int64());
      }
    }
  }
  if (const auto* m = r.field(o, "tie_breaker_metric", "tie_breaker_metric")) {
    if (!m->is_string() || !is_known_metric(m->as_string()))
      r.errors.push_back({"tie_breaker_metric", "must be one of the reported metrics"});
    else
      p.tie_breaker_metric = std::string(m->as_string());
  }
  const int stars_max = static_cast<int>(p.star_thresholds.size());
  if (const auto* t = r.field(o, "tiers", "tiers")) {
    if (!t->is_array() || t->as_array().size() != 3) {
      r.errors.push_back({"tiers", "must list diamond, gold and silver, in that order"});
    } else {
      for (std::size_t i = 0; i < 3; ++i) {
        const std::string path = "tiers[" + std::to_string(i) + "]";
        const auto* tier = r.object(&t->as_array()[i], path);
        if (!tier) continue;
        r.unknown_keys(*tier, {"name", "star_floor", "quota", "benefits"}, path + ".");
        TierSpec spec;
        const auto* name = r.field(*tier, "name", path + ".name");
        if (name && (!name->is_string() || name->as_string() != kTierNames[i]))
          r.errors.push_back({path + ".name", std::string("must be ") + kTierNames[i]});
        spec.name = kTierNames[i];
        spec.star_floor =
            static_cast<int>(r.integer(*tier, "star_floor", path + ".star_floor", 0, stars_max));
        if (const auto* q = r.field(*tier, "quota", path + ".quota"); q && !q->is_null()) {
          if (!q->is_int64() || q->as_int64() < 0 || q->as_int64() > kQuotaMax)
            r.errors.push_back(
                {path + ".quota", "must be null (unlimited) or from 0 to 1,000,000"});
          else
            spec.quota = q->as_int64();
        }
        spec.benefits = r.benefits(tier->if_contains("benefits"), path + ".benefits");
        if (!tier->if_contains("benefits")) r.errors.push_back({path + ".benefits", "is required"});
        if (!p.tiers.empty() && spec.star_floor > p.tiers.back().star_floor)
          r.errors.push_back(
              {path + ".star_floor", "must not be above the floor of a better tier"});
        p.tiers.push_back(std::move(spec));
      }
    }
  }
  if (!o.if_contains("untiered"))
    r.errors.push_back({"untiered", "is required"});
  else
    p.untiered = r.benefits(o.if_contains("untiered"), "untiered");
  if (!r.errors.empty()) {
    const std::string message =
        "the policy is not valid: " + r.errors.front().field + " " + r.errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(r.errors));
  }
  return p;
}

json::object benefits_to_json(const Benefits& b) {
  return {{"campaign_access", b.campaign_access},
          {"directory_weight", b.directory_weight},
          {"dispatch_weight", b.dispatch_weight},
          {"commission_bps", b.commission_bps}};
}

json::object policy_to_json(const RatingPolicy& p) {
  json::array thresholds(p.star_thresholds.begin(), p.star_thresholds.end());
  json::array tiers;
  for (const auto& t : p.tiers)
    tiers.push_back({{"name", t.name},
                     {"star_floor", t.star_floor},
                     {"quota", t.quota ? json::value(*t.quota) : json::value(nullptr)},
                     {"benefits", benefits_to_json(t.benefits)}});
  return {{"program_id", p.program_id},
          {"star_thresholds", std::move(thresholds)},
          {"tie_breaker_metric", p.tie_breaker_metric},
          {"tiers", std::move(tiers)},
          {"untiered", benefits_to_json(p.untiered)},
          {"version", p.version}};
}

Result<RatingPolicy> load_policy(store::Transaction& tx, std::int64_t program_id) {
  FUWU_TRY(require_program(tx, program_id));
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT policy_json, version FROM rating_policies WHERE program_id = $1",
                          {program_id}));
  if (rows.empty()) return default_rating_policy(program_id);
  boost::system::error_code ec;
  auto parsed = json::parse(rows[0].text(0), ec);
  if (ec) return Status(ErrorCode::internal, "the stored rating policy is not JSON");
  FUWU_ASSIGN_OR_RETURN(auto policy, policy_from_json(program_id, parsed));
  policy.version = rows[0].integer(1);
  return policy;
}

Result<RatingPolicy> PolicyService::get(std::int64_t program_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) { return load_policy(tx, program_id); });
}

Result<RatingPolicy> PolicyService::put(const audit::Actor& actor, const RatingPolicy& policy,
                                        std::int64_t expected_version) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<RatingPolicy> {
    FUWU_TRY(tx.lock("fuwu.rating-policy." + std::to_string(policy.program_id)));
    FUWU_ASSIGN_OR_RETURN(auto current, load_policy(tx, policy.program_id));
    if (current.version != expected_version)
      return Status(ErrorCode::version_mismatch, "the policy was changed meanwhile (now version " +
                                                     std::to_string(current.version) +
                                                     "); read it again");
    RatingPolicy saved = policy;
    saved.version = current.version + 1;
    auto body = policy_to_json(saved);
    body.erase("program_id");
    body.erase("version");
    FUWU_TRY(tx.exec(
        current.version == 1
            ? "INSERT INTO rating_policies (policy_json, version, updated_at, program_id) VALUES "
              "($1, $2, $3, $4)"
            : "UPDATE rating_policies SET policy_json = $1, version = $2, updated_at = $3 WHERE "
              "program_id = $4",
        {json::serialize(body), saved.version, clock_.now_ms(), saved.program_id}));
    auto before = policy_to_json(current);
    FUWU_TRY(audit_.append(
        tx, actor,
        {"rating_policy.update", "rating_policy", std::to_string(saved.program_id), std::nullopt,
         json::serialize(before), json::serialize(policy_to_json(saved))}));
    return saved;
  });
}

}  // namespace fuwu::rating

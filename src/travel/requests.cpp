#include "travel/requests.hpp"

#include <boost/json.hpp>
#include <set>

#include "core/business_calendar.hpp"
#include "travel/geography.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

constexpr TimeMs kHourMs = 3'600'000;

constexpr const char* kRequestSelect =
    "SELECT r.id, r.organization_id, r.traveller_id, u.name, r.created_by, r.department_id, "
    "d.name, r.purpose, r.itinerary_json, r.budget_fen, r.rule_class, r.state, r.deadline_at, "
    "r.approve_by_default, r.decided_by, du.name, r.decided_at, r.decided_by_default, "
    "r.decision_comment, r.created_at FROM travel_requests r JOIN users u ON u.id = "
    "r.traveller_id LEFT JOIN departments d ON d.id = r.department_id LEFT JOIN users du ON du.id "
    "= r.decided_by";

json::value optional_int(std::optional<std::int64_t> v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object request_json(const store::Row& r) {
  boost::system::error_code ec;
  auto itinerary = json::parse(r.text(8), ec);
  return {{"id", r.integer(0)},
          {"organization_id", r.integer(1)},
          {"traveller_id", r.integer(2)},
          {"traveller_name", r.text(3)},
          {"created_by", r.integer(4)},
          {"department_id", optional_int(r.optional_integer(5))},
          {"department_name", r.optional_text(6).value_or("")},
          {"purpose", r.text(7)},
          {"itinerary", ec ? json::value(json::array()) : itinerary},
          {"budget_fen", r.integer(9)},
          {"rule_class", r.text(10)},
          {"state", r.text(11)},
          {"deadline_at", r.integer(12)},
          {"default_outcome", r.integer(13) ? "approve" : "deny"},
          {"decided_by", optional_int(r.optional_integer(14))},
          {"decided_by_name",
           r.optional_text(15) ? json::value(*r.optional_text(15)) : json::value(nullptr)},
          {"decided_at", optional_int(r.optional_integer(16))},
          {"decided_by_default", r.integer(17) != 0},
          {"decision_comment", r.text(18)},
          {"created_at", r.integer(19)}};
}

// The planned itinerary, checked field by field.
json::array checked_itinerary(const json::array& items, const Date& today,
                              std::vector<FieldError>& errors) {
  json::array out;
  if (items.empty() || items.size() > 20) {
    errors.push_back({"itinerary", "must list 1 to 20 planned segments"});
    return out;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = "itinerary[" + std::to_string(i) + "]";
    if (!items[i].is_object()) {
      errors.push_back({path, "must be an object"});
      continue;
    }
    const auto& o = items[i].as_object();
    auto text = [&](const char* key) {
      const auto* v = o.if_contains(key);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    const std::string kind = text("kind");
    const bool journey = kind == "flight" || kind == "train";
    const bool known_kind = journey || kind == "hotel" || kind == "transfer";
    for (const auto& [key, value] : o) {
      if (!known_kind) break;  // the kind itself is reported below
      const bool fits = key == "kind" || key == "date" ||
                        (journey && (key == "origin" || key == "destination")) ||
                        (!journey && key == "city") || (kind == "hotel" && key == "nights");
      if (!fits) errors.push_back({path + "." + std::string(key), "is not a field of a " + kind});
    }
    json::object item{{"kind", kind}};
    const auto date = Date::parse(text("date"));
    if (!date)
      errors.push_back({path + ".date", "must be a date YYYY-MM-DD"});
    else if (*date < today)
      errors.push_back({path + ".date", "is in the past"});
    else
      item["date"] = date->to_string();
    auto place = [&](const char* key, bool airports) {
      const std::string code = text(key);
      const City* city = find_city(code);
      if (!city && airports) city = city_of_airport(code);
      if (!city)
        errors.push_back({path + "." + key, "is not a known city"});
      else
        item[key] = city->code;
    };
    if (journey) {
      place("origin", kind == "flight");
      place("destination", kind == "flight");
      if (item.contains("origin") && item.contains("destination") &&
          item.at("origin") == item.at("destination"))
        errors.push_back({path + ".destination", "is the origin's city"});
    } else if (kind == "hotel" || kind == "transfer") {
      place("city", false);
      if (kind == "hotel") {
        const auto* n = o.if_contains("nights");
        const std::int64_t nights = n && n->is_int64() ? n->as_int64() : (n ? 0 : 1);
        if (nights < 1 || nights > 30)
          errors.push_back({path + ".nights", "must be 1 to 30"});
        else
          item["nights"] = nights;
      }
    } else {
      errors.push_back({path + ".kind", "must be flight, hotel, train or transfer"});
    }
    out.push_back(std::move(item));
  }
  return out;
}

// Whether `user_id` decides requests of `department_id` in the company: a listed approver of that
// department or of the whole company; with no approvers listed at all, the travel managers.
Result<bool> may_decide(store::Transaction& tx, const auth::Principal& who,
                        std::int64_t organization_id, std::optional<std::int64_t> department_id) {
  FUWU_ASSIGN_OR_RETURN(auto any, tx.query("SELECT COUNT(*) FROM travel_approvers WHERE "
                                           "organization_id = $1",
                                           {organization_id}));
  if (any[0].integer(0) == 0)
    return who.organization_id == organization_id && who.roles.contains(auth::Role::client_admin);
  FUWU_ASSIGN_OR_RETURN(
      auto rows, tx.query("SELECT 1 FROM travel_approvers WHERE organization_id = $1 AND user_id "
                          "= $2 AND (scope_key = 'company' OR scope_key = $3)",
                          {organization_id, who.user_id,
                           department_id ? "department:" + std::to_string(*department_id)
                                         : std::string("company")}));
  return !rows.empty();
}

}  // namespace

bool needs_approval(const ApprovalRules& rules, Control outcome) {
  switch (rules.mode) {
    case ApprovalMode::none:
      return false;
    case ApprovalMode::always:
      return true;
    case ApprovalMode::out_of_policy:
      return outcome != Control::allow;
  }
  return false;
}

Status TravelRequestService::settle_due(store::Transaction& tx, std::int64_t organization_id) {
  const TimeMs now = clock_.now_ms();
  FUWU_ASSIGN_OR_RETURN(auto due, tx.query("SELECT id, approve_by_default, deadline_at FROM "
                                           "travel_requests WHERE organization_id = $1 AND state "
                                           "= 'pending' AND deadline_at <= $2 ORDER BY id",
                                           {organization_id, now}));
  for (const auto& row : due) {
    const std::string state = row.integer(1) ? "approved" : "denied";
    FUWU_TRY(tx.exec("UPDATE travel_requests SET state = $1, decided_at = $2, "
                     "decided_by_default = 1 WHERE id = $3",
                     {state, row.integer(2), row.integer(0)})
                 .status());
    FUWU_TRY(audit_.append(
        tx, audit::Actor::system("travel-request-deadline"),
        {"travel.request.default_outcome", "travel_request", std::to_string(row.integer(0)),
         organization_id, json::serialize(json::object{{"state", "pending"}}),
         json::serialize(json::object{{"state", state}, {"decided_by_default", true}})}));
  }
  return Status::ok();
}

Result<std::vector<Approver>> TravelRequestService::approvers(const auth::Principal& who,
                                                              std::int64_t organization_id) {
  return store::with_read_transaction(
      db_, [&](store::Transaction& tx) -> Result<std::vector<Approver>> {
        FUWU_TRY(require_client(tx, who, organization_id));
        FUWU_ASSIGN_OR_RETURN(
            auto rows,
            tx.query("SELECT a.department_id, d.name, a.user_id, u.name FROM travel_approvers a "
                     "JOIN users u ON u.id = a.user_id LEFT JOIN departments d ON d.id = "
                     "a.department_id WHERE a.organization_id = $1 ORDER BY a.scope_key, u.name",
                     {organization_id}));
        std::vector<Approver> out;
        for (const auto& r : rows)
          out.push_back(
              {r.optional_integer(0), r.optional_text(1).value_or(""), r.integer(2), r.text(3)});
        return out;
      });
}

Result<std::vector<Approver>> TravelRequestService::set_approvers(
    const auth::Principal& who, const audit::Actor& actor, std::int64_t organization_id,
    const std::vector<Approver>& approvers) {
  FUWU_TRY(store::with_write_transaction(db_, [&](store::Transaction& tx) -> Status {
    FUWU_TRY(require_client(tx, who, organization_id));
    std::vector<FieldError> errors;
    std::set<std::pair<std::string, std::int64_t>> seen;
    for (std::size_t i = 0; i < approvers.size(); ++i) {
      const auto& a = approvers[i];
      const std::string path = "approvers[" + std::to_string(i) + "]";
      FUWU_ASSIGN_OR_RETURN(
          auto member,
          tx.query("SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2 AND "
                   "role IN ('employee', 'client_admin')",
                   {organization_id, a.user_id}));
      if (member.empty()) errors.push_back({path + ".user_id", "is not a member of the company"});
      if (a.department_id) {
        FUWU_ASSIGN_OR_RETURN(
            auto dept,
            tx.query("SELECT organization_id FROM departments WHERE id = $1", {*a.department_id}));
        if (dept.empty() || dept[0].integer(0) != organization_id)
          errors.push_back({path + ".department_id", "is not a department of this company"});
      }
      const std::string scope =
          a.department_id ? "department:" + std::to_string(*a.department_id) : "company";
      if (!seen.insert({scope, a.user_id}).second) errors.push_back({path, "is listed twice"});
    }
    if (!errors.empty()) {
      const std::string message =
          "the approvers are not valid: " + errors.front().field + " " + errors.front().message;
      return Status(ErrorCode::invalid_argument, message, std::move(errors));
    }
    FUWU_ASSIGN_OR_RETURN(auto before, tx.query("SELECT scope_key, user_id FROM travel_approvers "
                                                "WHERE organization_id = $1 ORDER BY scope_key, "
                                                "user_id",
                                                {organization_id}));
    json::array before_json;
    for (const auto& r : before)
      before_json.push_back({{"scope", r.text(0)}, {"user_id", r.integer(1)}});
    FUWU_TRY(tx.exec("DELETE FROM travel_approvers WHERE organization_id = $1", {organization_id})
                 .status());
    json::array after_json;
    for (const auto& a : approvers) {
      const std::string scope =
          a.department_id ? "department:" + std::to_string(*a.department_id) : "company";
      FUWU_TRY(tx.exec("INSERT INTO travel_approvers (organization_id, scope_key, department_id, "
                       "user_id) VALUES ($1, $2, $3, $4)",
                       {organization_id, scope, store::optional_value(a.department_id), a.user_id})
                   .status());
      after_json.push_back({{"scope", scope}, {"user_id", a.user_id}});
    }
    return audit_.append(
        tx, actor,
        {"travel.approvers.set", "organization", std::to_string(organization_id), organization_id,
         json::serialize(before_json), json::serialize(after_json)});
  }));
  return this->approvers(who, organization_id);
}

Result<json::object> TravelRequestService::create(const auth::Principal& who,
                                                  const audit::Actor& actor,
                                                  const NewTravelRequest& in) {
  FUWU_ASSIGN_OR_RETURN(auto traveller, travel_.traveller(who, in.traveller_id));
  std::vector<FieldError> errors;
  const json::array itinerary =
      checked_itinerary(in.itinerary, shanghai_date_of(clock_.now_ms()), errors);
  if (!errors.empty()) {
    const std::string message =
        "the travel request is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  FUWU_ASSIGN_OR_RETURN(auto rules,
                        travel_.rule_class_of(traveller.organization_id, traveller.user_id));
  FUWU_ASSIGN_OR_RETURN(auto profile,
                        travel_.profile_of(traveller.organization_id, traveller.user_id));
  FUWU_ASSIGN_OR_RETURN(auto policy, travel_.policy(who, traveller.organization_id));
  const TimeMs now = clock_.now_ms();
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<json::object> {
    FUWU_ASSIGN_OR_RETURN(
        auto rows,
        tx.query(
            "INSERT INTO travel_requests (organization_id, traveller_id, created_by, "
            "department_id, purpose, itinerary_json, budget_fen, rule_class, state, "
            "deadline_at, approve_by_default, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
            "$7, $8, 'pending', $9, $10, $11) RETURNING id",
            {traveller.organization_id, traveller.user_id, who.user_id,
             store::optional_value(profile.department_id), in.purpose, json::serialize(itinerary),
             in.budget_fen, rules.name, now + policy.approval.deadline_hours * kHourMs,
             std::int64_t{policy.approval.approve_by_default ? 1 : 0}, now}));
    const auto id = rows[0].integer(0);
    FUWU_ASSIGN_OR_RETURN(auto created,
                          tx.query(std::string(kRequestSelect) + " WHERE r.id = $1", {id}));
    auto out = request_json(created[0]);
    FUWU_TRY(audit_.append(tx, actor,
                           {"travel.request.create", "travel_request", std::to_string(id),
                            traveller.organization_id, std::nullopt, json::serialize(out)}));
    return out;
  });
}

Result<json::array> TravelRequestService::list(const auth::Principal& who, const std::string& scope,
                                               std::optional<std::string> state,
                                               std::int64_t limit) {
  if (who.organization_kind != auth::OrganizationKind::client)
    return Status(ErrorCode::forbidden, "travel requests belong to a client company");
  if (scope != "mine" && scope != "inbox" && scope != "company")
    return Status(ErrorCode::invalid_argument, "unknown scope",
                  {{"scope", "must be mine, inbox or company"}});
  if (state && *state != "pending" && *state != "approved" && *state != "denied")
    return Status(ErrorCode::invalid_argument, "unknown state",
                  {{"state", "must be pending, approved or denied"}});
  if (scope == "company" && !who.roles.contains(auth::Role::client_admin))
    return Status(ErrorCode::forbidden, "the company's requests are for its travel managers");
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<json::array> {
    FUWU_TRY(settle_due(tx, who.organization_id));
    std::string sql = std::string(kRequestSelect) + " WHERE r.organization_id = $1";
    store::Params params{who.organization_id};
    if (scope == "mine") {
      params.push_back(who.user_id);
      sql += " AND (r.traveller_id = $2 OR r.created_by = $2)";
    }
    if (scope == "inbox") state = "pending";
    if (state) {
      params.push_back(*state);
      sql += " AND r.state = $" + std::to_string(params.size());
    }
    sql += " ORDER BY r.id DESC";
    FUWU_ASSIGN_OR_RETURN(auto rows, tx.query(sql, params));
    json::array out;
    for (const auto& row : rows) {
      if (static_cast<std::int64_t>(out.size()) >= limit) break;
      if (scope == "inbox") {
        if (row.integer(2) == who.user_id) continue;  // one's own request is for others
        FUWU_ASSIGN_OR_RETURN(auto mine,
                              may_decide(tx, who, who.organization_id, row.optional_integer(5)));
        if (!mine) continue;
      }
      out.push_back(request_json(row));
    }
    return out;
  });
}

Result<json::object> TravelRequestService::get(const auth::Principal& who, std::int64_t id) {
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<json::object> {
    FUWU_ASSIGN_OR_RETURN(auto rows,
                          tx.query(std::string(kRequestSelect) + " WHERE r.id = $1", {id}));
    if (rows.empty() || !who.can_see_organization(rows[0].integer(1)))
      return Status(ErrorCode::not_found, "no such travel request");
    const auto organization_id = rows[0].integer(1);
    FUWU_ASSIGN_OR_RETURN(auto approver,
                          may_decide(tx, who, organization_id, rows[0].optional_integer(5)));
    const bool visible = who.is_platform() || who.roles.contains(auth::Role::client_admin) ||
                         rows[0].integer(2) == who.user_id || rows[0].integer(4) == who.user_id ||
                         approver;
    if (!visible) return Status(ErrorCode::not_found, "no such travel request");
    FUWU_TRY(settle_due(tx, organization_id));
    FUWU_ASSIGN_OR_RETURN(auto now,
                          tx.query(std::string(kRequestSelect) + " WHERE r.id = $1", {id}));
    auto out = request_json(now[0]);
    out["can_decide"] =
        approver && now[0].text(11) == "pending" && now[0].integer(2) != who.user_id;
    return out;
  });
}

Status TravelRequestService::settle(std::int64_t organization_id) {
  return store::with_write_transaction(
      db_, [&](store::Transaction& tx) { return settle_due(tx, organization_id); });
}

Result<json::object> TravelRequestService::decide(const auth::Principal& who,
                                                  const audit::Actor& actor, std::int64_t id,
                                                  bool approve, const std::string& comment) {
  // The deadline's default first, in its own transaction: a refusal below must not undo it.
  FUWU_TRY(settle(who.organization_id));
  return store::with_write_transaction(db_, [&](store::Transaction& tx) -> Result<json::object> {
    FUWU_ASSIGN_OR_RETURN(auto found,
                          tx.query(std::string(kRequestSelect) + " WHERE r.id = $1", {id}));
    if (found.empty() || !who.can_see_organization(found[0].integer(1)))
      return Status(ErrorCode::not_found, "no such travel request");
    const auto organization_id = found[0].integer(1);
    FUWU_ASSIGN_OR_RETURN(auto rows,
                          tx.query(std::string(kRequestSelect) + " WHERE r.id = $1", {id}));
    const auto& row = rows[0];
    FUWU_ASSIGN_OR_RETURN(auto approver,
                          may_decide(tx, who, organization_id, row.optional_integer(5)));
    if (row.integer(2) == who.user_id)
      return Status(ErrorCode::forbidden, "a traveller does not approve their own request")
          .with_problem_code("own_request");
    if (!approver)
      return Status(ErrorCode::forbidden, "you do not approve travel requests of this department")
          .with_problem_code("not_an_approver");
    if (row.text(11) != "pending") {
      if (row.integer(17))
        return Status(ErrorCode::conflict,
                      "the deadline passed and the request was " + row.text(11) + " by default")
            .with_problem_code("approval_expired");
      return Status(ErrorCode::conflict, "the request was " + row.text(11) + " already")
          .with_problem_code("already_decided");
    }
    const std::string state = approve ? "approved" : "denied";
    const TimeMs now = clock_.now_ms();
    FUWU_TRY(tx.exec("UPDATE travel_requests SET state = $1, decided_by = $2, decided_at = $3, "
                     "decision_comment = $4 WHERE id = $5",
                     {state, who.user_id, now, comment, id})
                 .status());
    FUWU_ASSIGN_OR_RETURN(auto after,
                          tx.query(std::string(kRequestSelect) + " WHERE r.id = $1", {id}));
    auto out = request_json(after[0]);
    FUWU_TRY(
        audit_.append(tx, actor,
                      {"travel.request.decide", "travel_request", std::to_string(id),
                       organization_id, json::serialize(request_json(row)), json::serialize(out)}));
    out["can_decide"] = false;
    return out;
  });
}

Status TravelRequestService::require_approved(std::int64_t organization_id,
                                              std::int64_t traveller_id, std::int64_t request_id) {
  FUWU_TRY(settle(organization_id));
  FUWU_ASSIGN_OR_RETURN(auto rows, store::with_read_transaction(db_, [&](store::Transaction& tx) {
                          return tx.query(
                              "SELECT organization_id, traveller_id, state FROM "
                              "travel_requests WHERE id = $1",
                              {request_id});
                        }));
  if (rows.empty() || rows[0].integer(0) != organization_id || rows[0].integer(1) != traveller_id)
    return Status(ErrorCode::invalid_argument, "no such travel request of the traveller",
                  {{"travel_request_id", "is not a travel request of the traveller"}});
  if (rows[0].text(2) == "pending")
    return Status(ErrorCode::conflict, "the travel request is waiting for approval")
        .with_problem_code("approval_pending");
  if (rows[0].text(2) == "denied")
    return Status(ErrorCode::conflict, "the travel request was denied")
        .with_problem_code("approval_denied");
  return Status::ok();
}

}  // namespace fuwu::travel

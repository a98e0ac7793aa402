#include <boost/json.hpp>

#include "http/json_io.hpp"
#include "rating/api.hpp"
#include "rating/json.hpp"

namespace fuwu::rating {

using http::Access;
using http::Method;
using http::Presence;
using http::RequestContext;
using http::Response;

namespace {

namespace json = boost::json;

// Members listed per board column; the counts are always complete.
constexpr std::size_t kBoardListMax = 500;

Result<json::object> board_json(store::Database& db, const CycleStandings& cs) {
  std::vector<std::int64_t> listed;
  std::vector<std::size_t> per_tier(cs.policy.tiers.size(), 0), waiting(cs.policy.tiers.size(), 0);
  std::size_t untiered = 0;
  for (const auto& st : cs.standings) {
    bool list = false;
    if (st.tier) {
      if (auto t = cs.policy.tier_index(*st.tier))
        list = per_tier[static_cast<std::size_t>(*t)]++ < kBoardListMax;
    } else {
      list = untiered++ < kBoardListMax;
    }
    for (const auto& [tier, position] : st.waitlist)
      if (auto t = cs.policy.tier_index(tier))
        list = waiting[static_cast<std::size_t>(*t)]++ < kBoardListMax || list;
    if (list) listed.push_back(st.provider_id);
  }
  FUWU_ASSIGN_OR_RETURN(auto names, store::with_read_transaction(db, [&](store::Transaction& tx) {
                          return organization_names(tx, listed);
                        }));
  json::array tiers;
  for (std::size_t i = 0; i < cs.policy.tiers.size(); ++i) {
    const auto& spec = cs.policy.tiers[i];
    json::array members, waitlist;
    std::int64_t seated = 0;
    for (const auto& st : cs.standings) {
      if (st.tier == spec.name && ++seated <= std::int64_t(kBoardListMax))
        members.push_back(to_json(st, names[st.provider_id]));
      for (const auto& [tier, position] : st.waitlist)
        if (tier == spec.name && waitlist.size() < kBoardListMax)
          waitlist.push_back({{"provider_id", st.provider_id},
                              {"provider_name", names[st.provider_id]},
                              {"points", st.points},
                              {"position", position}});
    }
    tiers.push_back({{"name", spec.name},
                     {"star_floor", spec.star_floor},
                     {"quota", spec.quota ? json::value(*spec.quota) : json::value(nullptr)},
                     {"seated", seated},
                     {"members", std::move(members)},
                     {"waitlisted", static_cast<std::int64_t>(waiting[i])},
                     {"waitlist", std::move(waitlist)}});
  }
  json::array untiered_list;
  for (const auto& st : cs.standings)
    if (!st.tier && untiered_list.size() < kBoardListMax)
      untiered_list.push_back(to_json(st, names[st.provider_id]));
  return json::object{{"cycle", to_json(cs.cycle)},
                      {"provisional", cs.provisional},
                      {"tiers", std::move(tiers)},
                      {"untiered_count", static_cast<std::int64_t>(untiered)},
                      {"untiered", std::move(untiered_list)}};
}

std::vector<std::string> formula_rules_zh(const RatingPolicy& p) {
  std::string thresholds;
  for (std::size_t i = 0; i < p.star_thresholds.size(); ++i)
    thresholds += (i ? "、" : "") + std::to_string(i + 1) + "星 " +
                  std::to_string(p.star_thresholds[i]) + " 分";
  return {"每个评级周期（月度或季度）独立计分；周期发布后结果冻结，更正计入下一开放周期。",
          "基础任务全部完成才参与评级；附加任务按完成次数计分，每个任务每周期有上限。",
          "积分全部来自积分流水：任务、违规扣分、人工调整与冲正，每一分都可追溯来源。",
          "星级门槛：" + thresholds + "。",
          "排名：积分高者在前；同分按 " + p.tie_breaker_metric +
              " 高者在前，再按入驻时间早者在前，"
              "最后按服务商编号小者在前。",
          "牌级从高到低依次分配名额；达到星级门槛但名额已满的服务商进入候补名单并显示位置，"
          "继续参与下一档的分配。",
          "宽限：上周期持有某牌级（且非宽限获得）而本周期未达门槛者，本周期仍有该牌级资格并标注"
          "“有降级风险”，但不额外占用名额。",
          "严重违规可限制本周期最高牌级；申诉成立的违规扣分会被冲正，限制随之解除。",
          "人工调整牌级需书面理由，并由另一位运营人员批准。"};
}

std::vector<std::string> formula_rules_en(const RatingPolicy& p) {
  std::string thresholds;
  for (std::size_t i = 0; i < p.star_thresholds.size(); ++i)
    thresholds += (i ? ", " : "") + std::to_string(i + 1) + "★ " +
                  std::to_string(p.star_thresholds[i]) + " points";
  return {
      "Each rating cycle (monthly or quarterly) is scored on its own; a published cycle is frozen "
      "and corrections go into the next open cycle.",
      "Every basic task must be done to be rated at all; additional tasks earn points per "
      "completion, up to a cap per cycle.",
      "All points come from the points ledger — tasks, violation deductions, adjustments and "
      "reversals — and each one names its source.",
      "Star thresholds: " + thresholds + ".",
      "Ranking: more points first; then higher " + p.tie_breaker_metric +
          "; then the earlier admission; then the smaller provider id.",
      "Tiers are filled best first; providers who reach a tier's floor but find its quota full "
      "are on its waitlist with their position and compete for the next tier down.",
      "Grace: a provider that held a tier last cycle (not by grace) and misses its floor now stays "
      "eligible for it for one cycle, marked at risk; grace takes no extra seat.",
      "Serious violations can cap the best tier of the cycle; an overturned violation's "
      "deduction is reversed and its cap lifted.",
      "A manual tier override needs a written reason and a second operator's approval."};
}

}  // namespace

void add_standing_routes(http::Router& router, RatingServices& s) {
  router.add({Method::get, "/api/v1/rating/cycles/{id}/board", Access::any_member(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto cycle, s.ledger.get_cycle(id));
                const bool staff =
                    c.principal().is_platform() && c.principal().roles.intersects(kStaff);
                if (cycle.state != CycleState::published && !staff)
                  return Status(ErrorCode::forbidden,
                                "the board of a cycle is visible to everyone once published");
                FUWU_ASSIGN_OR_RETURN(auto standings, s.publication.standings(id));
                FUWU_ASSIGN_OR_RETURN(auto body, board_json(s.db, standings));
                return http::json_response(200, body);
              }});

  router.add({Method::get, "/api/v1/rating/cycles/{id}/overrides", Access::only(kStaff),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto items, s.publication.overrides(id));
                return http::json_response(200, items_json(items));
              }});

  router.add({Method::post, "/api/v1/rating/cycles/{id}/overrides", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto provider = fields.integer("provider_id", Presence::required, 1, INT64_MAX);
                // An explicit null proposes that the provider holds no tier.
                if (!fields.has("tier"))
                  fields.add_error("tier", "is required: diamond, gold, silver or null");
                auto tier = fields.text("tier", Presence::optional, 20, 1);
                auto reason = fields.text("reason", Presence::required, 2000, 1);
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto created, s.publication.propose_override(
                                                        c.actor(), id, *provider, tier, *reason));
                return http::json_response(201, to_json(created));
              }});

  router.add({Method::post, "/api/v1/rating/overrides/{id}/decision", Access::only(kOperators),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                http::JsonFields fields(body);
                auto approve = fields.boolean("approve", Presence::required);
                auto note = fields.text("note", Presence::optional, 1000).value_or("");
                FUWU_TRY(fields.finish());
                FUWU_ASSIGN_OR_RETURN(auto decided,
                                      s.publication.decide_override(c.actor(), id, *approve, note));
                return http::json_response(200, to_json(decided));
              }});

  router.add({Method::get, "/api/v1/rating/cycles/{id}/providers/{pid}/explanation",
              Access::only(kStaffAndProviders), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto params, cycle_provider_params(c));
                const auto [id, pid] = params;
                FUWU_ASSIGN_OR_RETURN(auto x, s.explanations.explain(id, pid));
                return http::json_response(200, to_json(x));
              }});

  router.add({Method::post, "/api/v1/rating/cycles/{id}/providers/{pid}/what-if",
              Access::only(kStaffAndProviders), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto params, cycle_provider_params(c));
                const auto [id, pid] = params;
                FUWU_ASSIGN_OR_RETURN(auto body, http::parse_json_object(c.request()));
                std::vector<WhatIfCompletion> completions;
                std::vector<FieldError> errors;
                const auto* list = body.if_contains("completions");
                for (const auto& [key, value] : body)
                  if (key != "completions") errors.push_back({std::string(key), "is not a field"});
                if (!list || !list->is_array() || list->as_array().empty() ||
                    list->as_array().size() > 50) {
                  errors.push_back({"completions", "must be a list of 1 to 50 {task_id, count}"});
                } else {
                  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
                    const auto& item = list->as_array()[i];
                    const std::string path = "completions[" + std::to_string(i) + "]";
                    const auto* o = item.if_object();
                    const auto* task = o ? o->if_contains("task_id") : nullptr;
                    const auto* count = o ? o->if_contains("count") : nullptr;
                    if (!o || o->size() != 2 || !task || !count || !task->is_int64() ||
                        !count->is_int64() || task->as_int64() < 1 || count->as_int64() < 1 ||
                        count->as_int64() > 1000) {
                      errors.push_back({path, "must be {task_id: id, count: 1 to 1000}"});
                      continue;
                    }
                    completions.push_back({task->as_int64(), count->as_int64()});
                  }
                }
                if (!errors.empty()) {
                  const std::string message = "the what-if is not valid: " + errors.front().field +
                                              " " + errors.front().message;
                  return Status(ErrorCode::invalid_argument, message, std::move(errors));
                }
                FUWU_ASSIGN_OR_RETURN(auto x, s.explanations.what_if(id, pid, completions));
                return http::json_response(200, to_json(x));
              }});

  router.add({Method::get, "/api/v1/rating/providers/{pid}/growth",
              Access::only(kStaffAndProviders), [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto pid, c.id_param("pid"));
                FUWU_TRY(require_provider_visible(c.principal(), pid));
                FUWU_ASSIGN_OR_RETURN(auto growth, s.explanations.growth(pid));
                return http::json_response(200, to_json(growth));
              }});

  router.add({Method::get, "/api/v1/rating/programs/{id}/formula", Access::public_route(),
              [&s](RequestContext& c) -> Result<Response> {
                FUWU_ASSIGN_OR_RETURN(auto id, c.id_param("id"));
                FUWU_ASSIGN_OR_RETURN(auto policy, s.policy.get(id));
                FUWU_ASSIGN_OR_RETURN(auto tasks, s.tasks.list(id));
                FUWU_ASSIGN_OR_RETURN(auto types, s.violations.types(id));
                FUWU_ASSIGN_OR_RETURN(
                    auto program, store::with_read_transaction(s.db, [&](store::Transaction& tx) {
                      return tx.query(
                          "SELECT name_zh, name_en FROM admission_programs WHERE id = $1", {id});
                    }));
                json::array zh, en;
                for (auto& r : formula_rules_zh(policy)) zh.push_back(json::value(r));
                for (auto& r : formula_rules_en(policy)) en.push_back(json::value(r));
                std::erase_if(tasks, [](const Task& t) { return !t.active; });
                return http::json_response(
                    200, json::object{{"program_id", id},
                                      {"program_name", program[0].text(0)},
                                      {"program_name_en", program[0].text(1)},
                                      {"policy", policy_to_json(policy)},
                                      {"rules_zh", std::move(zh)},
                                      {"rules_en", std::move(en)},
                                      {"leaderboard_formula_zh", kLeaderboardFormulaZh},
                                      {"leaderboard_formula_en", kLeaderboardFormulaEn},
                                      {"tasks", items_json(tasks)["items"]},
                                      {"violation_types", items_json(types)["items"]}});
              }});
}

}  // namespace fuwu::rating

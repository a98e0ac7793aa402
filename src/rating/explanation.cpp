#include "rating/explanation.hpp"

#include <algorithm>

namespace fuwu::rating {
namespace {

const char* tier_name_zh(const std::string& tier) {
  if (tier == "diamond") return "钻石";
  if (tier == "gold") return "金牌";
  if (tier == "silver") return "银牌";
  return "无";
}

std::int64_t floor_points(const RatingPolicy& policy, int star_floor) {
  if (star_floor <= 0) return 0;
  return policy.star_thresholds[static_cast<std::size_t>(star_floor) - 1];
}

// What the provider needs to hold tier `t` if nothing else changes.
NextStep tier_step(const RatingPolicy& policy, const Standing& s, const TierExplanation& tier) {
  NextStep step;
  step.tier = tier.name;
  const std::int64_t for_floor =
      std::max<std::int64_t>(0, floor_points(policy, tier.star_floor) - s.points);
  const bool full = tier.quota && tier.seated >= *tier.quota && !tier.seat;
  const std::int64_t for_seat =
      full && tier.lowest_seated_points
          ? std::max<std::int64_t>(0, *tier.lowest_seated_points - s.points + 1)
          : 0;
  step.points_needed = std::max(for_floor, for_seat);
  const std::string zh = tier_name_zh(tier.name);
  const std::string n = std::to_string(step.points_needed);
  if (s.tier_cap.size() && policy.tier_index(tier.name) < policy.tier_index(s.tier_cap)) {
    step.reason_zh =
        "本周期有违规限制，最高只能评为" + std::string(tier_name_zh(s.tier_cap)) + "。";
    step.reason_en = "A violation caps this cycle at " + s.tier_cap + ".";
  } else if (for_seat > for_floor) {
    step.reason_zh = zh + "名额（" + std::to_string(*tier.quota) + "）已满，还需 " + n +
                     " 分才能超过名额内最后一位（" + std::to_string(*tier.lowest_seated_points) +
                     " 分）。";
    step.reason_en = "The " + tier.name + " quota (" + std::to_string(*tier.quota) +
                     ") is full: " + n + " more points pass the last seated provider (" +
                     std::to_string(*tier.lowest_seated_points) + " points).";
  } else {
    step.reason_zh = "还需 " + n + " 分达到" + zh + "的星级门槛（" +
                     std::to_string(tier.star_floor) + " 星，" +
                     std::to_string(floor_points(policy, tier.star_floor)) + " 分）。";
    step.reason_en = n + " more points reach the " + tier.name + " floor (" +
                     std::to_string(tier.star_floor) + " stars, " +
                     std::to_string(floor_points(policy, tier.star_floor)) + " points).";
  }
  if (!s.rated) {
    step.reason_zh = "先完成全部基础任务才能参与评级；" + step.reason_zh;
    step.reason_en = "Complete every basic task to be rated at all; then: " + step.reason_en;
  }
  return step;
}

Result<std::vector<BasicTaskDone>> basic_tasks_of(store::Transaction& tx, const Cycle& cycle,
                                                  std::int64_t provider_id) {
  FUWU_ASSIGN_OR_RETURN(auto tasks, program_tasks(tx, cycle.program_id));
  FUWU_ASSIGN_OR_RETURN(auto held, task_points(tx, cycle.id, provider_id));
  std::vector<BasicTaskDone> out;
  for (const auto& t : tasks)
    if (t.kind == "basic" && t.active)
      out.push_back({t.id, t.code, t.name_zh, t.name_en, held[t.source_ref()] > 0});
  return out;
}

Balance balance_of(std::int64_t provider_id, const std::vector<LedgerEntry>& entries) {
  Balance b;
  b.provider_id = provider_id;
  for (const auto& e : entries) {
    b.points += e.points;
    b.by_source[e.source_kind] += e.points;
    b.by_capability[e.capability] += e.points;
    ++b.entries;
  }
  return b;
}

}  // namespace

void explain_standing(const RatingPolicy& policy, const std::vector<Standing>& standings,
                      const Standing& s, Explanation& out) {
  out.standing = s;
  out.ranked = 0;
  std::vector<std::int64_t> seated(policy.tiers.size(), 0);
  std::vector<std::optional<std::int64_t>> lowest(policy.tiers.size());
  for (const auto& other : standings) {
    if (other.rated) ++out.ranked;
    if (!other.tier) continue;
    const auto t = policy.tier_index(*other.tier);
    if (!t) continue;
    const auto i = static_cast<std::size_t>(*t);
    ++seated[i];
    if (!other.overridden && (!lowest[i] || other.points < *lowest[i])) lowest[i] = other.points;
  }
  out.star_thresholds.clear();
  for (std::size_t i = 0; i < policy.star_thresholds.size(); ++i)
    out.star_thresholds.push_back({static_cast<int>(i) + 1, policy.star_thresholds[i],
                                   s.points >= policy.star_thresholds[i]});
  const auto cap = s.tier_cap.empty() ? std::nullopt : policy.tier_index(s.tier_cap);
  out.tiers.clear();
  for (std::size_t i = 0; i < policy.tiers.size(); ++i) {
    const auto& spec = policy.tiers[i];
    TierExplanation t;
    t.name = spec.name;
    t.star_floor = spec.star_floor;
    t.floor_met = s.stars >= spec.star_floor;
    t.quota = spec.quota;
    t.seated = seated[i];
    t.capped = cap && static_cast<TierIndex>(i) < *cap;
    t.seat = s.tier == spec.name;
    t.at_risk = t.seat && s.at_risk;
    t.eligible = s.rated && !t.capped && (t.floor_met || t.at_risk);
    for (const auto& [tier, position] : s.waitlist)
      if (tier == spec.name) t.waitlist_position = position;
    t.lowest_seated_points = lowest[i];
    out.tiers.push_back(std::move(t));
  }
  const auto stars = static_cast<std::size_t>(s.stars);
  out.next_star.reset();
  if (stars < policy.star_thresholds.size()) {
    NextStep step;
    step.stars = s.stars + 1;
    step.points_needed = policy.star_thresholds[stars] - s.points;
    step.reason_zh = "还需 " + std::to_string(step.points_needed) + " 分升到 " +
                     std::to_string(step.stars) + " 星（" +
                     std::to_string(policy.star_thresholds[stars]) + " 分）。";
    step.reason_en = std::to_string(step.points_needed) + " more points reach " +
                     std::to_string(step.stars) + " stars (" +
                     std::to_string(policy.star_thresholds[stars]) + " points).";
    out.next_star = step;
  }
  // The next tier: the one held at risk (to keep it without grace), else the next better one.
  out.next_tier.reset();
  const auto held = s.tier ? policy.tier_index(*s.tier) : std::nullopt;
  std::optional<TierIndex> target;
  if (held && s.at_risk)
    target = held;
  else if (held)
    target = *held > 0 ? std::optional(*held - 1) : std::nullopt;
  else if (!policy.tiers.empty())
    target = static_cast<TierIndex>(policy.tiers.size()) - 1;
  if (target) {
    const auto& tier = out.tiers[static_cast<std::size_t>(*target)];
    out.next_tier = tier_step(policy, s, tier);
    if (s.at_risk) {
      out.next_tier->reason_zh = "当前" + std::string(tier_name_zh(tier.name)) +
                                 "为宽限期保留（有降级风险）；" + out.next_tier->reason_zh;
      out.next_tier->reason_en =
          "The " + tier.name + " tier is held by grace (at risk); " + out.next_tier->reason_en;
    }
  }
}

Result<Explanation> ExplanationService::explain(std::int64_t cycle_id, std::int64_t provider_id) {
  return what_if(cycle_id, provider_id, {});
}

Result<Explanation> ExplanationService::what_if(std::int64_t cycle_id, std::int64_t provider_id,
                                                const std::vector<WhatIfCompletion>& completions) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<Explanation> {
    Explanation out;
    FUWU_ASSIGN_OR_RETURN(out.cycle, find_cycle(tx, cycle_id));
    FUWU_ASSIGN_OR_RETURN(auto program, provider_program(tx, provider_id));
    if (program != out.cycle.program_id)
      return Status(ErrorCode::not_found, "the provider takes no part in this cycle's program");
    out.provider_id = provider_id;
    FUWU_ASSIGN_OR_RETURN(auto names, organization_names(tx, {provider_id}));
    out.provider_name = names[provider_id];
    FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, out.cycle.program_id));
    FUWU_ASSIGN_OR_RETURN(out.entries, ledger_entries(tx, cycle_id, provider_id));
    out.balance = balance_of(provider_id, out.entries);
    FUWU_ASSIGN_OR_RETURN(out.basic_tasks, basic_tasks_of(tx, out.cycle, provider_id));

    std::vector<Standing> standings;
    const bool hypothetical = !completions.empty();
    out.provisional = out.cycle.state == CycleState::open || hypothetical;
    if (!out.provisional) {
      FUWU_ASSIGN_OR_RETURN(standings, stored_standings(tx, cycle_id));
    } else {
      FUWU_ASSIGN_OR_RETURN(auto inputs, load_cycle_inputs(tx, out.cycle, policy));
      if (hypothetical) {
        FUWU_ASSIGN_OR_RETURN(auto tasks, program_tasks(tx, out.cycle.program_id));
        FUWU_ASSIGN_OR_RETURN(auto held, task_points(tx, cycle_id, provider_id));
        std::int64_t extra = 0;
        for (const auto& c : completions) {
          auto task = std::find_if(tasks.begin(), tasks.end(),
                                   [&](const Task& t) { return t.id == c.task_id; });
          if (task == tasks.end() || !task->active)
            return Status(ErrorCode::invalid_argument,
                          "no active task " + std::to_string(c.task_id) + " in this program",
                          {{"completions", "task " + std::to_string(c.task_id) +
                                               " is not a task "
                                               "of this program"}});
          auto& points = held[task->source_ref()];
          const std::int64_t done = std::max<std::int64_t>(0, points / task->points);
          const std::int64_t applied = std::clamp<std::int64_t>(c.count, 0, task->cap - done);
          points += applied * task->points;
          extra += applied * task->points;
          out.added.push_back({task->id, applied, applied * task->points});
          for (auto& b : out.basic_tasks)
            if (b.task_id == task->id && applied > 0) b.done = true;
        }
        inputs.points[provider_id] += extra;
        const bool now_rated = std::all_of(out.basic_tasks.begin(), out.basic_tasks.end(),
                                           [](const BasicTaskDone& b) { return b.done; });
        auto unrated = std::find(inputs.unrated.begin(), inputs.unrated.end(), provider_id);
        if (unrated != inputs.unrated.end() && now_rated) {
          inputs.unrated.erase(unrated);
          TierCandidate c;
          c.provider_id = provider_id;
          FUWU_ASSIGN_OR_RETURN(
              auto admitted,
              tx.query("SELECT created_at FROM provider_profiles WHERE organization_id = $1",
                       {provider_id}));
          c.admitted_at_ms = admitted.empty() ? 0 : admitted[0].integer(0);
          if (auto cap = inputs.caps.find(provider_id); cap != inputs.caps.end())
            c.best_allowed = policy.tier_index(cap->second);
          inputs.candidates.push_back(c);
        }
        for (auto& c : inputs.candidates)
          if (c.provider_id == provider_id) c.points = inputs.points[provider_id];
      }
      standings = rank_cycle(policy, inputs);
    }
    auto mine = std::find_if(standings.begin(), standings.end(),
                             [&](const Standing& s) { return s.provider_id == provider_id; });
    if (mine == standings.end())
      return Status(ErrorCode::not_found, "the provider has no standing in this cycle");
    explain_standing(policy, standings, *mine, out);
    return out;
  });
}

Result<Growth> ExplanationService::growth(std::int64_t provider_id) {
  return store::with_read_transaction(db_, [&](store::Transaction& tx) -> Result<Growth> {
    Growth g;
    g.provider_id = provider_id;
    FUWU_ASSIGN_OR_RETURN(g.program_id, provider_program(tx, provider_id));
    FUWU_ASSIGN_OR_RETURN(auto names, organization_names(tx, {provider_id}));
    g.provider_name = names[provider_id];
    FUWU_ASSIGN_OR_RETURN(auto policy, load_policy(tx, g.program_id));
    FUWU_ASSIGN_OR_RETURN(auto cycles,
                          tx.query("SELECT id FROM rating_cycles WHERE program_id = $1 ORDER BY "
                                   "window_start_ms",
                                   {g.program_id}));
    for (const auto& row : cycles) {
      FUWU_ASSIGN_OR_RETURN(auto cycle, find_cycle(tx, row.integer(0)));
      GrowthCycle c;
      for (const char* source : {"task", "violation", "adjustment", "reversal"})
        c.by_source[source] = 0;
      c.cycle_id = cycle.id;
      c.code = cycle.code;
      c.state = cycle.state;
      if (cycle.state == CycleState::open) g.open_cycle_id = cycle.id;
      FUWU_ASSIGN_OR_RETURN(
          auto sums, tx.query("SELECT source_kind, SUM(points) FROM points_ledger WHERE cycle_id = "
                              "$1 AND provider_id = $2 GROUP BY source_kind",
                              {cycle.id, provider_id}));
      for (const auto& s : sums) {
        c.by_source[s.text(0)] = s.integer(1);
        c.points += s.integer(1);
      }
      c.stars = stars_for(policy.tier_policy(), c.points);
      FUWU_ASSIGN_OR_RETURN(auto standing, stored_standing(tx, cycle.id, provider_id));
      if (standing) {
        c.stars = standing->stars;
        c.tier = standing->tier;
        c.at_risk = standing->at_risk;
      }
      g.history.push_back(std::move(c));
    }
    return g;
  });
}

}  // namespace fuwu::rating

#include "rating/json.hpp"

#include <boost/json.hpp>

namespace fuwu::rating {
namespace {

namespace json = boost::json;

template <typename T>
json::value nullable(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object sums(const std::map<std::string, std::int64_t>& m) {
  json::object o;
  for (const auto& [key, value] : m) o[key] = value;
  return o;
}

json::object step_json(const NextStep& s) {
  json::object o{
      {"points_needed", s.points_needed}, {"reason_zh", s.reason_zh}, {"reason_en", s.reason_en}};
  if (s.tier.empty())
    o["stars"] = s.stars;
  else
    o["tier"] = s.tier;
  return o;
}

}  // namespace

json::object to_json(const Cycle& c) {
  return {{"id", c.id},
          {"program_id", c.program_id},
          {"code", c.code},
          {"period", c.period},
          {"window_start_ms", c.window_start_ms},
          {"window_end_ms", c.window_end_ms},
          {"decision_date", c.decision_date},
          {"state", cycle_state_name(c.state)},
          {"published_at", nullable(c.published_at)},
          {"computed_at", nullable(c.computed_at)},
          {"version", c.version}};
}

json::object to_json(const LedgerEntry& e) {
  return {{"id", e.id},
          {"cycle_id", e.cycle_id},
          {"provider_id", e.provider_id},
          {"points", e.points},
          {"source_kind", e.source_kind},
          {"source_ref", e.source_ref},
          {"capability", e.capability},
          {"source_event", e.source_event},
          {"reverses_entry_id", nullable(e.reverses_entry_id)},
          {"reversed_by_entry_id", nullable(e.reversed_by_entry_id)},
          {"actor_user_id", nullable(e.actor_user_id)},
          {"note", e.note},
          {"created_at", e.created_at}};
}

json::object to_json(const Task& t) {
  return {{"id", t.id},
          {"program_id", t.program_id},
          {"code", t.code},
          {"name_zh", t.name_zh},
          {"name_en", t.name_en},
          {"kind", t.kind},
          {"points", t.points},
          {"cap", t.cap},
          {"capability", t.capability},
          {"completion", t.completion},
          {"metric", t.metric},
          {"target", t.target},
          {"active", t.active}};
}

json::object to_json(const TaskStatus& s) {
  return {{"task", to_json(s.task)},
          {"completions", s.completions},
          {"points_earned", s.points_earned},
          {"done", s.done},
          {"evidence_pending", s.evidence_pending}};
}

json::object to_json(const MetricReading& m) {
  return {{"cycle_id", m.cycle_id}, {"provider_id", m.provider_id},   {"metric", m.metric},
          {"value", m.value},       {"source_event", m.source_event}, {"updated_at", m.updated_at}};
}

json::object to_json(const Evidence& e) {
  return {{"id", e.id},
          {"task_id", e.task_id},
          {"task_code", e.task_code},
          {"cycle_id", e.cycle_id},
          {"provider_id", e.provider_id},
          {"provider_name", e.provider_name},
          {"description", e.description},
          {"state", e.state},
          {"submitted_at", e.submitted_at},
          {"decided_at", nullable(e.decided_at)},
          {"decision_note", e.decision_note},
          {"ledger_entry_id", nullable(e.ledger_entry_id)}};
}

json::object to_json(const ViolationType& t) {
  return {{"id", t.id},           {"program_id", t.program_id}, {"code", t.code},
          {"name_zh", t.name_zh}, {"name_en", t.name_en},       {"severity", t.severity},
          {"points", t.points},   {"tier_cap", t.tier_cap},     {"appeal_days", t.appeal_days}};
}

json::object to_json(const Violation& v) {
  return {{"id", v.id},
          {"type_id", v.type_id},
          {"type_code", v.type_code},
          {"type_name_zh", v.type_name_zh},
          {"type_name_en", v.type_name_en},
          {"severity", v.severity},
          {"points", v.points},
          {"tier_cap", v.tier_cap},
          {"provider_id", v.provider_id},
          {"provider_name", v.provider_name},
          {"cycle_id", v.cycle_id},
          {"cycle_code", v.cycle_code},
          {"state", v.state},
          {"evidence", v.evidence},
          {"recorded_at", v.recorded_at},
          {"appeal_deadline_ms", v.appeal_deadline_ms},
          {"appeal_reason", v.appeal_reason},
          {"decided_at", nullable(v.decided_at)},
          {"decision_note", v.decision_note},
          {"ledger_entry_id", v.ledger_entry_id},
          {"correction_entry_id", nullable(v.correction_entry_id)}};
}

json::object to_json(const Override& v) {
  return {{"id", v.id},
          {"cycle_id", v.cycle_id},
          {"provider_id", v.provider_id},
          {"provider_name", v.provider_name},
          {"from_tier", nullable(v.from_tier)},
          {"to_tier", nullable(v.to_tier)},
          {"reason", v.reason},
          {"state", v.state},
          {"proposed_by", v.proposed_by},
          {"proposed_at", v.proposed_at},
          {"decided_by", nullable(v.decided_by)},
          {"decided_at", nullable(v.decided_at)},
          {"decision_note", v.decision_note}};
}

json::object to_json(const Standing& s, const std::string& provider_name) {
  json::array waitlist;
  for (const auto& [tier, position] : s.waitlist)
    waitlist.push_back({{"tier", tier}, {"position", position}});
  return {{"provider_id", s.provider_id},
          {"provider_name", provider_name},
          {"points", s.points},
          {"stars", s.stars},
          {"rank", s.rank},
          {"rated", s.rated},
          {"tier", nullable(s.tier)},
          {"at_risk", s.at_risk},
          {"overridden", s.overridden},
          {"tier_cap", s.tier_cap},
          {"waitlist", std::move(waitlist)}};
}

json::object to_json(const ComputeSummary& s) {
  return {{"cycle", to_json(s.cycle)},
          {"summary",
           {{"providers", s.providers},
            {"rated", s.rated},
            {"tiers", sums(s.tiers)},
            {"waitlisted", s.waitlisted},
            {"at_risk", s.at_risk}}}};
}

json::object to_json(const Explanation& x) {
  json::array entries, basic, thresholds, tiers, added;
  for (const auto& e : x.entries) entries.push_back(to_json(e));
  for (const auto& b : x.basic_tasks)
    basic.push_back({{"task_id", b.task_id},
                     {"code", b.code},
                     {"name_zh", b.name_zh},
                     {"name_en", b.name_en},
                     {"done", b.done}});
  for (const auto& t : x.star_thresholds)
    thresholds.push_back({{"stars", t.stars}, {"points", t.points}, {"met", t.met}});
  for (const auto& t : x.tiers)
    tiers.push_back({{"name", t.name},
                     {"star_floor", t.star_floor},
                     {"floor_met", t.floor_met},
                     {"quota", nullable(t.quota)},
                     {"seated", t.seated},
                     {"eligible", t.eligible},
                     {"capped", t.capped},
                     {"at_risk", t.at_risk},
                     {"seat", t.seat},
                     {"waitlist_position", nullable(t.waitlist_position)},
                     {"lowest_seated_points", nullable(t.lowest_seated_points)}});
  for (const auto& a : x.added)
    added.push_back({{"task_id", a.task_id}, {"count", a.count}, {"points", a.points}});
  json::object o{{"cycle_id", x.cycle.id},
                 {"cycle_code", x.cycle.code},
                 {"cycle_state", cycle_state_name(x.cycle.state)},
                 {"provider_id", x.provider_id},
                 {"provider_name", x.provider_name},
                 {"provisional", x.provisional},
                 {"points", x.standing.points},
                 {"by_source", sums(x.balance.by_source)},
                 {"by_capability", sums(x.balance.by_capability)},
                 {"entries", std::move(entries)},
                 {"basic_tasks", std::move(basic)},
                 {"rated", x.standing.rated},
                 {"stars", x.standing.stars},
                 {"star_thresholds", std::move(thresholds)},
                 {"tiers", std::move(tiers)},
                 {"rank", x.standing.rank},
                 {"ranked", x.ranked},
                 {"tier", nullable(x.standing.tier)},
                 {"at_risk", x.standing.at_risk},
                 {"overridden", x.standing.overridden},
                 {"tier_cap", x.standing.tier_cap},
                 {"next_star", x.next_star ? json::value(step_json(*x.next_star)) : nullptr},
                 {"next_tier", x.next_tier ? json::value(step_json(*x.next_tier)) : nullptr}};
  if (!x.added.empty() || x.provisional) o["added"] = std::move(added);
  return o;
}

json::object to_json(const Growth& g) {
  json::array history;
  for (const auto& c : g.history)
    history.push_back({{"cycle_id", c.cycle_id},
                       {"code", c.code},
                       {"state", cycle_state_name(c.state)},
                       {"points", c.points},
                       {"by_source", sums(c.by_source)},
                       {"stars", c.stars},
                       {"tier", nullable(c.tier)},
                       {"at_risk", c.at_risk}});
  return {{"provider_id", g.provider_id},
          {"provider_name", g.provider_name},
          {"program_id", g.program_id},
          {"open_cycle_id", nullable(g.open_cycle_id)},
          {"history", std::move(history)}};
}

json::object to_json(const Entitlements& e) {
  return {{"provider_id", e.provider_id},     {"program_id", e.program_id},
          {"cycle_id", nullable(e.cycle_id)}, {"cycle_code", nullable(e.cycle_code)},
          {"tier", nullable(e.tier)},         {"benefits", benefits_to_json(e.benefits)}};
}

json::object to_json(const Campaign& c) {
  json::array tiers;
  for (const auto& t : c.eligible_tiers) tiers.push_back(json::value(t));
  return {{"id", c.id},
          {"program_id", c.program_id},
          {"name", c.name},
          {"description", c.description},
          {"eligible_tiers", std::move(tiers)},
          {"slots", c.slots},
          {"registered", c.registered},
          {"registration_closes_ms", c.registration_closes_ms},
          {"created_at", c.created_at}};
}

json::object to_json(const CampaignRegistration& r) {
  return {{"campaign_id", r.campaign_id},
          {"provider_id", r.provider_id},
          {"provider_name", r.provider_name},
          {"tier", r.tier},
          {"registered_at", r.registered_at}};
}

json::object to_json(const Capability& c) {
  return {{"program_id", c.program_id},
          {"code", c.code},
          {"name_zh", c.name_zh},
          {"name_en", c.name_en}};
}

json::object to_json(const CapabilityApplication& a, TimeMs now) {
  return {{"id", a.id},
          {"program_id", a.program_id},
          {"provider_id", a.provider_id},
          {"provider_name", a.provider_name},
          {"capability", a.capability},
          {"evidence", a.evidence},
          {"state", a.state},
          {"score", nullable(a.score)},
          {"review_note", a.review_note},
          {"applied_at", a.applied_at},
          {"reviewed_at", nullable(a.reviewed_at)},
          {"expires_at", nullable(a.expires_at)},
          {"revoked_at", nullable(a.revoked_at)},
          {"revoke_reason", a.revoke_reason},
          {"valid", a.valid_at(now)}};
}

json::object to_json(const Leaderboard& b) {
  json::array items;
  for (const auto& r : b.rows)
    items.push_back({{"rank", r.rank},
                     {"provider_id", r.provider_id},
                     {"provider_name", r.provider_name},
                     {"score", r.score},
                     {"review_score", r.review_score},
                     {"capability_points", r.capability_points}});
  return {{"cycle_id", b.cycle_id},
          {"capability", b.capability},
          {"provisional", b.provisional},
          {"formula_zh", kLeaderboardFormulaZh},
          {"formula_en", kLeaderboardFormulaEn},
          {"items", std::move(items)}};
}

}  // namespace fuwu::rating

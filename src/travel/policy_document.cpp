#include "travel/policy_document.hpp"

#include <boost/json.hpp>
#include <set>

#include "core/utf8.hpp"

namespace fuwu::travel {
namespace {

namespace json = boost::json;

constexpr std::int64_t kFenMax = 100'000'000;  // one million yuan

const char* const kTierKeys[] = {"tier1", "new_tier1", "tier2", "other"};
const std::set<std::string> kSeatClasses = {"business",     "first",        "second",
                                            "soft_sleeper", "hard_sleeper", "hard_seat"};
const std::set<std::string> kCarTypes = {"economy", "comfort", "business", "van"};

// Reads one document, collecting every problem with the path of its field.
class Reader {
 public:
  std::vector<FieldError> errors;

  const json::object* object(const json::object& in, std::string_view key, const std::string& path,
                             bool required = true) {
    const auto* v = in.if_contains(key);
    if (!v || v->is_null()) {
      if (required) errors.push_back({path, "is required"});
      return nullptr;
    }
    if (!v->is_object()) {
      errors.push_back({path, "must be an object"});
      return nullptr;
    }
    return &v->as_object();
  }
  std::int64_t integer(const json::object& in, std::string_view key, const std::string& path,
                       std::int64_t min, std::int64_t max, std::int64_t fallback) {
    const auto* v = in.if_contains(key);
    if (!v || v->is_null()) return fallback;
    if (!v->is_int64() || v->as_int64() < min || v->as_int64() > max) {
      errors.push_back({path, "must be a whole number from " + std::to_string(min) + " to " +
                                  std::to_string(max)});
      return fallback;
    }
    return v->as_int64();
  }
  Control control(const json::object& in, const std::string& path, Control fallback) {
    const auto* v = in.if_contains("control");
    if (!v || v->is_null()) return fallback;
    const auto c = v->is_string() ? parse_control(std::string_view(v->as_string())) : std::nullopt;
    if (!c)
      errors.push_back({path + ".control",
                        "must be allow, warn, needs_approval, employee_pays_excess or block"});
    return c.value_or(fallback);
  }
  Cabin cabin(const json::object& in, std::string_view key, const std::string& path,
              Cabin fallback) {
    const auto* v = in.if_contains(key);
    if (!v || v->is_null()) return fallback;
    const auto c = v->is_string() ? parse_cabin(std::string_view(v->as_string())) : std::nullopt;
    if (!c) errors.push_back({path, "must be economy, business or first"});
    return c.value_or(fallback);
  }
  std::vector<std::string> words(const json::object& in, std::string_view key,
                                 const std::string& path, const std::set<std::string>& allowed) {
    std::vector<std::string> out;
    const auto* v = in.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      errors.push_back({path, "must be a list"});
      return out;
    }
    for (const auto& item : v->as_array()) {
      if (!item.is_string() || !allowed.contains(std::string(item.as_string()))) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        errors.push_back({path, "each must be one of " + list});
        return {};
      }
      out.emplace_back(item.as_string());
    }
    return out;
  }
  void known(const json::object& in, std::initializer_list<std::string_view> keys,
             const std::string& path) {
    for (const auto& [key, value] : in) {
      bool ok = false;
      for (auto k : keys) ok = ok || key == k;
      if (!ok)
        errors.push_back({path + (path.empty() ? "" : ".") + std::string(key), "is not a field"});
    }
  }
};

RuleClass read_class(Reader& r, const json::object& in, const std::string& path) {
  RuleClass c;
  r.known(in, {"name", "flight", "advance_booking", "hotel", "train", "car"}, path);
  const auto* name = in.if_contains("name");
  const auto name_chars = name && name->is_string()
                              ? utf8::count_code_points(std::string_view(name->as_string()))
                              : std::nullopt;
  if (!name_chars || *name_chars == 0 || *name_chars > 40)
    r.errors.push_back({path + ".name", "must be 1 to 40 characters"});
  else
    c.name = std::string(name->as_string());
  if (const auto* f = r.object(in, "flight", path + ".flight", false)) {
    const std::string p = path + ".flight";
    r.known(*f, {"cabin_max", "long_flight_minutes", "cabin_max_long", "control", "lowest_fare"},
            p);
    c.cabin_max = r.cabin(*f, "cabin_max", p + ".cabin_max", Cabin::economy);
    if (f->contains("long_flight_minutes") && !f->at("long_flight_minutes").is_null())
      c.long_flight_minutes = static_cast<int>(
          r.integer(*f, "long_flight_minutes", p + ".long_flight_minutes", 30, 1'440, 0));
    c.cabin_max_long = r.cabin(*f, "cabin_max_long", p + ".cabin_max_long", c.cabin_max);
    c.cabin_control = r.control(*f, p, Control::block);
    if (const auto* l = r.object(*f, "lowest_fare", p + ".lowest_fare", false)) {
      const std::string q = p + ".lowest_fare";
      r.known(*l, {"window_minutes", "tolerance_bp", "tolerance_fen", "control"}, q);
      c.lowest_fare_window_minutes =
          static_cast<int>(r.integer(*l, "window_minutes", q + ".window_minutes", 1, 720, 120));
      c.lowest_fare_tolerance_bp =
          r.integer(*l, "tolerance_bp", q + ".tolerance_bp", 0, 100'000, 0);
      c.lowest_fare_tolerance_fen =
          r.integer(*l, "tolerance_fen", q + ".tolerance_fen", 0, kFenMax, 0);
      c.lowest_fare_control = r.control(*l, q, Control::warn);
    }
  }
  if (const auto* a = r.object(in, "advance_booking", path + ".advance_booking", false)) {
    const std::string p = path + ".advance_booking";
    r.known(*a, {"days", "control"}, p);
    c.advance_days = static_cast<int>(r.integer(*a, "days", p + ".days", 0, 90, 0));
    c.advance_control = r.control(*a, p, Control::warn);
  }
  if (const auto* h = r.object(in, "hotel", path + ".hotel", false)) {
    const std::string p = path + ".hotel";
    r.known(*h, {"nightly_cap_fen", "control"}, p);
    if (const auto* caps = r.object(*h, "nightly_cap_fen", p + ".nightly_cap_fen", false)) {
      r.known(*caps, {"tier1", "new_tier1", "tier2", "other"}, p + ".nightly_cap_fen");
      for (std::size_t i = 0; i < 4; ++i)
        c.hotel_nightly_cap_fen[i] =
            r.integer(*caps, kTierKeys[i], p + ".nightly_cap_fen." + kTierKeys[i], 0, kFenMax, 0);
    }
    c.hotel_control = r.control(*h, p, Control::employee_pays_excess);
  }
  if (const auto* t = r.object(in, "train", path + ".train", false)) {
    const std::string p = path + ".train";
    r.known(*t, {"high_speed_seats", "conventional_seats", "control"}, p);
    c.high_speed_seats = r.words(*t, "high_speed_seats", p + ".high_speed_seats", kSeatClasses);
    c.conventional_seats =
        r.words(*t, "conventional_seats", p + ".conventional_seats", kSeatClasses);
    c.train_control = r.control(*t, p, Control::needs_approval);
  }
  if (const auto* k = r.object(in, "car", path + ".car", false)) {
    const std::string p = path + ".car";
    r.known(*k, {"types", "control"}, p);
    c.car_types = r.words(*k, "types", p + ".types", kCarTypes);
    c.car_control = r.control(*k, p, Control::warn);
  }
  return c;
}

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& i : items) out.push_back(json::value(i));
  return out;
}

}  // namespace

const char* approval_mode_name(ApprovalMode mode) {
  switch (mode) {
    case ApprovalMode::none:
      return "none";
    case ApprovalMode::out_of_policy:
      return "out_of_policy";
    case ApprovalMode::always:
      return "always";
  }
  return "none";
}

const RuleClass* TravelPolicy::rule_class_for_grade(const std::string& grade) const {
  auto it = grades.find(grade);
  if (it == grades.end()) return nullptr;
  for (const auto& c : rule_classes)
    if (c.name == it->second) return &c;
  return nullptr;
}

TravelPolicy default_travel_policy() {
  TravelPolicy p;
  RuleClass staff;
  staff.name = "staff";
  staff.cabin_max = Cabin::economy;
  staff.cabin_control = Control::block;
  staff.lowest_fare_window_minutes = 120;
  staff.lowest_fare_tolerance_bp = 1'000;
  staff.lowest_fare_control = Control::warn;
  staff.advance_days = 3;
  staff.advance_control = Control::warn;
  staff.hotel_nightly_cap_fen = {55'000, 45'000, 38'000, 32'000};
  staff.hotel_control = Control::employee_pays_excess;
  staff.high_speed_seats = {"second"};
  staff.conventional_seats = {"hard_sleeper", "hard_seat"};
  staff.train_control = Control::needs_approval;
  staff.car_types = {"economy", "comfort"};
  staff.car_control = Control::warn;
  RuleClass manager = staff;
  manager.name = "manager";
  manager.long_flight_minutes = 240;
  manager.cabin_max_long = Cabin::business;
  manager.hotel_nightly_cap_fen = {80'000, 65'000, 50'000, 42'000};
  manager.high_speed_seats = {"first", "second"};
  manager.conventional_seats = {"soft_sleeper", "hard_sleeper", "hard_seat"};
  manager.car_types = {"economy", "comfort", "business"};
  RuleClass executive = manager;
  executive.name = "executive";
  executive.cabin_max = Cabin::business;
  executive.long_flight_minutes.reset();
  executive.lowest_fare_control = Control::allow;
  executive.advance_days = 0;
  executive.hotel_nightly_cap_fen = {150'000, 120'000, 90'000, 70'000};
  executive.high_speed_seats = {"business", "first", "second"};
  executive.car_types = {"comfort", "business", "van"};
  p.rule_classes = {staff, manager, executive};
  for (int i = 1; i <= 9; ++i) p.grades["P" + std::to_string(i)] = "staff";
  for (int i = 1; i <= 4; ++i) p.grades["M" + std::to_string(i)] = "manager";
  for (int i = 1; i <= 3; ++i) p.grades["E" + std::to_string(i)] = "executive";
  return p;
}

Result<TravelPolicy> travel_policy_from_json(const json::value& body) {
  Reader r;
  TravelPolicy p;
  if (!body.is_object()) return Status(ErrorCode::invalid_argument, "the policy must be an object");
  const auto& o = body.as_object();
  r.known(o, {"rule_classes", "grades", "approval", "version"}, "");  // version: ignored
  if (const auto* a = r.object(o, "approval", "approval", false)) {
    r.known(*a, {"mode", "deadline_hours", "default_outcome"}, "approval");
    const auto* mode = a->if_contains("mode");
    const std::string m = mode && mode->is_string() ? std::string(mode->as_string()) : "";
    if (m == "none" || m == "out_of_policy" || m == "always")
      p.approval.mode = m == "none"            ? ApprovalMode::none
                        : m == "out_of_policy" ? ApprovalMode::out_of_policy
                                               : ApprovalMode::always;
    else
      r.errors.push_back({"approval.mode", "must be none, out_of_policy or always"});
    p.approval.deadline_hours =
        r.integer(*a, "deadline_hours", "approval.deadline_hours", 1, 168, 24);
    const auto* outcome = a->if_contains("default_outcome");
    if (outcome && !outcome->is_null()) {
      const std::string d = outcome->is_string() ? std::string(outcome->as_string()) : "";
      if (d != "approve" && d != "deny")
        r.errors.push_back({"approval.default_outcome", "must be approve or deny"});
      p.approval.approve_by_default = d == "approve";
    }
  }
  const auto* classes = o.if_contains("rule_classes");
  if (!classes || !classes->is_array() || classes->as_array().empty() ||
      classes->as_array().size() > 20) {
    r.errors.push_back({"rule_classes", "must be a list of 1 to 20 rule classes"});
  } else {
    std::set<std::string> names;
    for (std::size_t i = 0; i < classes->as_array().size(); ++i) {
      const std::string path = "rule_classes[" + std::to_string(i) + "]";
      const auto& item = classes->as_array()[i];
      if (!item.is_object()) {
        r.errors.push_back({path, "must be an object"});
        continue;
      }
      RuleClass c = read_class(r, item.as_object(), path);
      if (!c.name.empty() && !names.insert(c.name).second)
        r.errors.push_back({path + ".name", "is used by another rule class"});
      p.rule_classes.push_back(std::move(c));
    }
  }
  const auto* grades = o.if_contains("grades");
  if (!grades || !grades->is_object() || grades->as_object().empty() ||
      grades->as_object().size() > 200) {
    r.errors.push_back({"grades", "must map 1 to 200 grades to rule classes"});
  } else {
    for (const auto& [grade, cls] : grades->as_object()) {
      const std::string path = "grades." + std::string(grade);
      if (grade.empty() || grade.size() > 20)
        r.errors.push_back({path, "grades are 1 to 20 characters"});
      const bool known = cls.is_string() &&
                         std::any_of(p.rule_classes.begin(), p.rule_classes.end(),
                                     [&](const RuleClass& c) { return c.name == cls.as_string(); });
      if (!known) {
        r.errors.push_back({path, "must name one of the rule classes"});
        continue;
      }
      p.grades[std::string(grade)] = std::string(cls.as_string());
    }
  }
  if (!r.errors.empty()) {
    const std::string message = "the travel policy is not valid: " + r.errors.front().field + " " +
                                r.errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(r.errors));
  }
  return p;
}

json::object to_json(const RuleClass& c) {
  json::object caps;
  for (std::size_t i = 0; i < 4; ++i) caps[kTierKeys[i]] = c.hotel_nightly_cap_fen[i];
  return {
      {"name", c.name},
      {"flight",
       {{"cabin_max", cabin_name(c.cabin_max)},
        {"long_flight_minutes",
         c.long_flight_minutes ? json::value(*c.long_flight_minutes) : json::value(nullptr)},
        {"cabin_max_long", cabin_name(c.cabin_max_long)},
        {"control", control_name(c.cabin_control)},
        {"lowest_fare",
         {{"window_minutes", c.lowest_fare_window_minutes},
          {"tolerance_bp", c.lowest_fare_tolerance_bp},
          {"tolerance_fen", c.lowest_fare_tolerance_fen},
          {"control", control_name(c.lowest_fare_control)}}}}},
      {"advance_booking", {{"days", c.advance_days}, {"control", control_name(c.advance_control)}}},
      {"hotel", {{"nightly_cap_fen", std::move(caps)}, {"control", control_name(c.hotel_control)}}},
      {"train",
       {{"high_speed_seats", strings(c.high_speed_seats)},
        {"conventional_seats", strings(c.conventional_seats)},
        {"control", control_name(c.train_control)}}},
      {"car", {{"types", strings(c.car_types)}, {"control", control_name(c.car_control)}}}};
}

json::object to_json(const TravelPolicy& p) {
  json::array classes;
  for (const auto& c : p.rule_classes) classes.push_back(to_json(c));
  json::object grades;
  for (const auto& [grade, cls] : p.grades) grades[grade] = cls;
  return {{"rule_classes", std::move(classes)},
          {"grades", std::move(grades)},
          {"approval",
           {{"mode", approval_mode_name(p.approval.mode)},
            {"deadline_hours", p.approval.deadline_hours},
            {"default_outcome", p.approval.approve_by_default ? "approve" : "deny"}}},
          {"version", p.version}};
}

}  // namespace fuwu::travel

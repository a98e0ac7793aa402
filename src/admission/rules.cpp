#include "admission/rules.hpp"

#include <boost/json.hpp>
#include <set>

#include "core/regions.hpp"
#include "core/utf8.hpp"

namespace fuwu::admission {
namespace {

struct KindName {
  RuleKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {RuleKind::numeric_min, "numeric_min"},
    {RuleKind::declaration, "declaration"},
    {RuleKind::text_length, "text_length"},
    {RuleKind::keyword_coverage, "keyword_coverage"},
    {RuleKind::regions_required, "regions_required"},
    {RuleKind::materials_required, "materials_required"},
    {RuleKind::list_backed_count, "list_backed_count"},
};

// "¥500,000.00" from fen, for messages about money fields (names ending in _fen).
std::string format_fen(std::int64_t fen) {
  const bool negative = fen < 0;
  std::uint64_t abs =
      negative ? static_cast<std::uint64_t>(-(fen + 1)) + 1 : static_cast<std::uint64_t>(fen);
  std::string yuan = std::to_string(abs / 100);
  for (int i = static_cast<int>(yuan.size()) - 3; i > 0; i -= 3)
    yuan.insert(static_cast<std::size_t>(i), ",");
  const auto cents = abs % 100;
  return std::string(negative ? "-" : "") + "¥" + yuan + "." + (cents < 10 ? "0" : "") +
         std::to_string(cents);
}

std::string format_number(const std::string& field, std::int64_t value) {
  return field.ends_with("_fen") ? format_fen(value) : std::to_string(value);
}

Verdict verdict(const Rule& rule, bool passed, std::string zh, std::string en) {
  Verdict v;
  v.rule_id = rule.id;
  v.control = rule.control;
  v.outcome =
      passed ? Outcome::pass : (rule.control == Control::warning ? Outcome::warn : Outcome::fail);
  v.reason = {std::move(zh), std::move(en)};
  return v;
}

const FactValue* fact(const Facts& facts, const std::string& field) {
  auto it = facts.fields.find(field);
  if (it == facts.fields.end() || std::holds_alternative<std::monostate>(it->second))
    return nullptr;
  return &it->second;
}

std::vector<std::string> region_values(const FactValue* value) {
  if (!value) return {};
  if (auto* s = std::get_if<std::string>(value))
    return s->empty() ? std::vector<std::string>{} : std::vector{*s};
  if (auto* list = std::get_if<std::vector<std::string>>(value)) return *list;
  return {};
}

Verdict evaluate_rule(const Rule& rule, const Facts& facts) {
  const FactValue* value = rule.field.empty() ? nullptr : fact(facts, rule.field);
  switch (rule.kind) {
    case RuleKind::numeric_min: {
      const auto* n = value ? std::get_if<std::int64_t>(value) : nullptr;
      if (!n) return verdict(rule, false, "未填写", "not given");
      const std::string actual = format_number(rule.field, *n),
                        required = format_number(rule.field, rule.min);
      if (*n >= rule.min)
        return verdict(rule, true, actual + "，满足不低于 " + required,
                       actual + ", at least " + required);
      return verdict(rule, false, actual + "，低于要求的 " + required,
                     actual + ", below the required " + required);
    }
    case RuleKind::declaration: {
      const auto* b = value ? std::get_if<bool>(value) : nullptr;
      if (!b) return verdict(rule, false, "未声明", "not declared");
      if (*b) return verdict(rule, true, "已声明", "declared");
      return verdict(rule, false, "声明为否", "declared as no");
    }
    case RuleKind::text_length: {
      const auto* s = value ? std::get_if<std::string>(value) : nullptr;
      const std::size_t chars = s ? utf8::count_code_points(*s).value_or(0) : 0;
      const std::string count = std::to_string(chars);
      if (chars < static_cast<std::size_t>(rule.min))
        return verdict(rule, false, count + " 字，少于 " + std::to_string(rule.min) + " 字",
                       count + " characters, fewer than " + std::to_string(rule.min));
      if (chars > static_cast<std::size_t>(rule.max))
        return verdict(rule, false, count + " 字，超过 " + std::to_string(rule.max) + " 字",
                       count + " characters, more than " + std::to_string(rule.max));
      return verdict(rule, true, count + " 字，在限制之内",
                     count + " characters, within the limit");
    }
    case RuleKind::keyword_coverage: {
      const auto* s = value ? std::get_if<std::string>(value) : nullptr;
      std::vector<std::string> found;
      if (s)
        for (const auto& keyword : rule.keywords)
          if (s->find(keyword) != std::string::npos) found.push_back(keyword);
      std::string list;
      for (const auto& k : found) list += (list.empty() ? "" : "、") + k;
      if (static_cast<std::int64_t>(found.size()) >= rule.min)
        return verdict(rule, true, "包含：" + list, "mentions: " + list);
      return verdict(
          rule, false,
          found.empty() ? "未包含任何要求的关键词"
                        : "仅包含：" + list + "，不足 " + std::to_string(rule.min) + " 项",
          found.empty() ? "mentions none of the required terms"
                        : "mentions only " + list + ", fewer than " + std::to_string(rule.min));
    }
    case RuleKind::regions_required: {
      int valid = 0;
      std::vector<std::string> unknown;
      for (const auto& code : region_values(value)) {
        if (regions::find(code))
          ++valid;
        else
          unknown.push_back(code);
      }
      if (!unknown.empty())
        return verdict(rule, false, "未知的地区编码：" + unknown.front(),
                       "unknown region code: " + unknown.front());
      if (valid >= rule.min)
        return verdict(rule, true, "已填写 " + std::to_string(valid) + " 个地区",
                       std::to_string(valid) + " region(s) given");
      return verdict(
          rule, false,
          "需至少 " + std::to_string(rule.min) + " 个地区，已填写 " + std::to_string(valid),
          "needs at least " + std::to_string(rule.min) + " region(s), " + std::to_string(valid) +
              " given");
    }
    case RuleKind::materials_required: {
      auto it = facts.materials.find(rule.material);
      const int files = it == facts.materials.end() ? 0 : it->second.files;
      if (files >= rule.min)
        return verdict(rule, true, "已上传 " + std::to_string(files) + " 份",
                       std::to_string(files) + " file(s) uploaded");
      return verdict(
          rule, false,
          "需上传至少 " + std::to_string(rule.min) + " 份，已上传 " + std::to_string(files),
          "needs at least " + std::to_string(rule.min) + " file(s), " + std::to_string(files) +
              " uploaded");
    }
    case RuleKind::list_backed_count: {
      const auto* claimed = value ? std::get_if<std::int64_t>(value) : nullptr;
      if (!claimed) return verdict(rule, false, "未填写数量", "no number claimed");
      auto it = facts.materials.find(rule.material);
      if (it == facts.materials.end() || !it->second.list_rows_distinct)
        return verdict(rule, false, "声称 " + std::to_string(*claimed) + "，但未上传名单",
                       std::to_string(*claimed) + " claimed, but no list uploaded");
      const auto backed = *it->second.list_rows_distinct;
      if (backed >= *claimed)
        return verdict(rule, true,
                       "声称 " + std::to_string(*claimed) + "，名单有效且不重复 " +
                           std::to_string(backed) + " 条",
                       std::to_string(*claimed) + " claimed, the list has " +
                           std::to_string(backed) + " distinct valid rows");
      return verdict(rule, false,
                     "声称 " + std::to_string(*claimed) + "，名单仅有有效且不重复 " +
                         std::to_string(backed) + " 条",
                     std::to_string(*claimed) + " claimed, but the list has only " +
                         std::to_string(backed) + " distinct valid rows");
    }
  }
  return verdict(rule, false, "未知规则", "unknown rule");
}

bool fits(RuleKind kind, FieldType type) {
  switch (kind) {
    case RuleKind::numeric_min:
    case RuleKind::list_backed_count:
      return type == FieldType::integer;
    case RuleKind::declaration:
      return type == FieldType::boolean;
    case RuleKind::text_length:
    case RuleKind::keyword_coverage:
      return type == FieldType::text;
    case RuleKind::regions_required:
      return type == FieldType::text || type == FieldType::text_list;
    case RuleKind::materials_required:
      return true;
  }
  return false;
}

}  // namespace

const char* rule_kind_name(RuleKind kind) {
  for (const auto& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "unknown";
}

std::optional<RuleKind> parse_rule_kind(std::string_view name) {
  for (const auto& k : kKindNames)
    if (name == k.name) return k.kind;
  return std::nullopt;
}

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::pass:
      return "pass";
    case Outcome::fail:
      return "fail";
    case Outcome::warn:
      return "warn";
  }
  return "fail";
}

const std::map<std::string, FieldType>& application_fields() {
  static const std::map<std::string, FieldType> fields = {
      {"company_name", FieldType::text},
      {"credit_code", FieldType::text},
      {"registered_capital_fen", FieldType::integer},
      {"team_size", FieldType::integer},
      {"partner_merchants", FieldType::integer},
      {"partner_influencers", FieldType::integer},
      {"independent_legal_entity", FieldType::boolean},
      {"no_debt_disputes", FieldType::boolean},
      {"advantage_statement", FieldType::text},
      {"business_scope", FieldType::text},
      {"hq_region_code", FieldType::text},
      {"resource_region_codes", FieldType::text_list},
  };
  return fields;
}

const std::vector<std::string>& material_types() {
  static const std::vector<std::string> types = {"business_licence", "merchant_list",
                                                 "influencer_list", "case_study"};
  return types;
}

bool is_list_material(std::string_view material) {
  return material == "merchant_list" || material == "influencer_list";
}

Status validate_rule_set(const RuleSet& rule_set) {
  std::vector<FieldError> errors;
  std::set<std::string> ids;
  constexpr std::size_t kRulesMax = 100;
  if (rule_set.rules.size() > kRulesMax) errors.push_back({"rules", "at most 100 rules"});
  for (std::size_t i = 0; i < rule_set.rules.size(); ++i) {
    const Rule& r = rule_set.rules[i];
    const std::string at = "rules[" + std::to_string(i) + "]";
    if (r.id.empty() || r.id.size() > 64)
      errors.push_back({at + ".id", "must be 1 to 64 characters"});
    if (!ids.insert(r.id).second) errors.push_back({at + ".id", "is used twice: " + r.id});
    if (r.message.zh.empty() || r.message.en.empty())
      errors.push_back({at + ".message", "needs both zh and en"});
    const bool reads_material =
        r.kind == RuleKind::materials_required || r.kind == RuleKind::list_backed_count;
    if (reads_material) {
      const auto& types = material_types();
      if (std::find(types.begin(), types.end(), r.material) == types.end())
        errors.push_back({at + ".material", "unknown material type " + r.material});
      else if (r.kind == RuleKind::list_backed_count && !is_list_material(r.material))
        errors.push_back({at + ".material", r.material + " is not a parsed list"});
    }
    if (r.kind != RuleKind::materials_required) {
      auto field = application_fields().find(r.field);
      if (field == application_fields().end())
        errors.push_back({at + ".field", "unknown field " + r.field});
      else if (!fits(r.kind, field->second))
        errors.push_back(
            {at + ".field", r.field + " does not fit a " + rule_kind_name(r.kind) + " rule"});
    }
    if (r.kind == RuleKind::text_length && (r.min < 0 || r.max < 1 || r.min > r.max))
      errors.push_back({at + ".max", "needs 0 ≤ min ≤ max and max ≥ 1"});
    if (r.kind == RuleKind::keyword_coverage &&
        (r.keywords.empty() || r.min < 1 || r.min > static_cast<std::int64_t>(r.keywords.size())))
      errors.push_back({at + ".keywords", "needs keywords and 1 ≤ min ≤ their number"});
    if ((r.kind == RuleKind::regions_required || r.kind == RuleKind::materials_required) &&
        r.min < 1)
      errors.push_back({at + ".min", "must be at least 1"});
  }
  if (errors.empty()) return Status::ok();
  const std::string message =
      "the rule set is not valid: " + errors.front().field + " " + errors.front().message;
  return Status(ErrorCode::invalid_argument, message, std::move(errors));
}

std::vector<Verdict> evaluate(const RuleSet& rule_set, const Facts& facts) {
  std::vector<Verdict> verdicts;
  verdicts.reserve(rule_set.rules.size());
  for (const auto& rule : rule_set.rules) verdicts.push_back(evaluate_rule(rule, facts));
  return verdicts;
}

bool all_must_pass_rules_pass(const std::vector<Verdict>& verdicts) {
  for (const auto& v : verdicts)
    if (v.outcome == Outcome::fail) return false;
  return true;
}

RuleSet default_rule_set() {
  auto rule = [](std::string id, RuleKind kind, std::string field, std::int64_t min, std::string zh,
                 std::string en) {
    Rule r;
    r.id = std::move(id);
    r.kind = kind;
    r.field = std::move(field);
    r.min = min;
    r.message = {std::move(zh), std::move(en)};
    return r;
  };
  RuleSet set;
  set.rules.push_back(rule("independent_legal_entity", RuleKind::declaration,
                           "independent_legal_entity", 0, "具有独立法人资格",
                           "Is an independent legal entity"));
  set.rules.push_back(rule("registered_capital", RuleKind::numeric_min, "registered_capital_fen",
                           50'000'000, "营业执照注册资金不低于50万元",
                           "Registered capital of at least ¥500,000"));
  set.rules.push_back(rule("no_debt_disputes", RuleKind::declaration, "no_debt_disputes", 0,
                           "公司经营状况良好，无债务纠纷",
                           "Sound operation with no debt disputes"));
  set.rules.push_back(rule("team_size", RuleKind::numeric_min, "team_size", 20,
                           "具备不低于20人的生活服务团队",
                           "A local-services team of at least 20 people"));
  set.rules.push_back(rule("partner_merchants", RuleKind::numeric_min, "partner_merchants", 20,
                           "拥有不少于20家合作商户资源", "At least 20 partner merchants"));
  Rule merchants_backed = rule("partner_merchants_backed", RuleKind::list_backed_count,
                               "partner_merchants", 0, "合作商户数量须由上传的商户名单证实",
                               "The partner-merchant count is backed by the uploaded list");
  merchants_backed.material = "merchant_list";
  set.rules.push_back(merchants_backed);
  set.rules.push_back(rule("partner_influencers", RuleKind::numeric_min, "partner_influencers", 20,
                           "拥有不少于20位合作达人", "At least 20 partner influencers"));
  Rule influencers_backed = rule("partner_influencers_backed", RuleKind::list_backed_count,
                                 "partner_influencers", 0, "合作达人数量须由上传的达人名单证实",
                                 "The partner-influencer count is backed by the uploaded list");
  influencers_backed.material = "influencer_list";
  set.rules.push_back(influencers_backed);
  set.rules.push_back(rule("hq_region", RuleKind::regions_required, "hq_region_code", 1,
                           "填写公司总部所在地区", "The headquarters region is given"));
  set.rules.push_back(rule("resource_regions", RuleKind::regions_required, "resource_region_codes",
                           1, "填写资源集中地域",
                           "The regions where resources concentrate are given"));
  Rule statement = rule("advantage_statement", RuleKind::text_length, "advantage_statement", 1,
                        "用100字以内描述公司在生活服务行业的优势",
                        "The advantage statement has at most 100 characters");
  statement.max = 100;
  set.rules.push_back(statement);
  Rule scope = rule("business_scope", RuleKind::keyword_coverage, "business_scope", 1,
                    "营业执照经营范围包括广告设计、制作、代理、发布或技术服务等",
                    "The business scope covers advertising or technical services");
  scope.keywords = {"广告",     "技术开发", "技术咨询",   "技术服务",
                    "商务咨询", "营销策划", "计算机服务", "电视节目制作"};
  set.rules.push_back(scope);
  Rule licence = rule("business_licence", RuleKind::materials_required, "", 1,
                      "上传营业执照副本扫描件", "A scan of the business licence is uploaded");
  licence.material = "business_licence";
  set.rules.push_back(licence);
  Rule cases = rule("case_studies", RuleKind::materials_required, "", 1, "上传合作案例",
                    "At least one case study is uploaded");
  cases.material = "case_study";
  set.rules.push_back(cases);
  return set;
}

boost::json::value rule_set_to_json(const RuleSet& rule_set) {
  boost::json::array rules;
  for (const auto& r : rule_set.rules) {
    boost::json::object o{{"id", r.id},
                          {"kind", rule_kind_name(r.kind)},
                          {"control", r.control == Control::must_pass ? "must_pass" : "warning"},
                          {"message", {{"zh", r.message.zh}, {"en", r.message.en}}}};
    if (!r.field.empty()) o["field"] = r.field;
    if (!r.material.empty()) o["material"] = r.material;
    if (r.kind != RuleKind::declaration && r.kind != RuleKind::list_backed_count) o["min"] = r.min;
    if (r.kind == RuleKind::text_length) o["max"] = r.max;
    if (!r.keywords.empty()) {
      boost::json::array keywords;
      for (const auto& k : r.keywords) keywords.emplace_back(k);
      o["keywords"] = std::move(keywords);
    }
    rules.push_back(std::move(o));
  }
  return boost::json::object{{"rules", std::move(rules)}};
}

Result<RuleSet> rule_set_from_json(const boost::json::value& json) {
  const auto* root = json.if_object();
  const auto* rules = root ? root->if_contains("rules") : nullptr;
  if (!rules || !rules->is_array())
    return Status(ErrorCode::invalid_argument, "a rule set is an object with a rules array",
                  {{"rules", "is required"}});
  RuleSet set;
  std::vector<FieldError> errors;
  const auto& array = rules->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string at = "rules[" + std::to_string(i) + "]";
    const auto* o = array[i].if_object();
    if (!o) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    static const std::set<std::string> kKnown = {"id",       "kind", "control", "message", "field",
                                                 "material", "min",  "max",     "keywords"};
    for (const auto& [key, value] : *o)
      if (!kKnown.count(std::string(key)))
        errors.push_back({at + "." + std::string(key), "is not a known field"});
    Rule r;
    auto text = [&](const char* key, std::string& out, bool required) {
      const auto* v = o->if_contains(key);
      if (!v || v->is_null()) {
        if (required) errors.push_back({at + "." + key, "is required"});
        return;
      }
      if (!v->is_string()) return errors.push_back({at + "." + key, "must be a string"});
      out = std::string(v->as_string());
    };
    auto integer = [&](const char* key, std::int64_t& out) {
      const auto* v = o->if_contains(key);
      if (!v || v->is_null()) return;
      if (!v->is_int64()) return errors.push_back({at + "." + key, "must be an integer"});
      out = v->as_int64();
    };
    std::string kind, control = "must_pass";
    text("id", r.id, true);
    text("kind", kind, true);
    text("control", control, false);
    text("field", r.field, false);
    text("material", r.material, false);
    integer("min", r.min);
    integer("max", r.max);
    if (auto k = parse_rule_kind(kind))
      r.kind = *k;
    else if (!kind.empty())
      errors.push_back({at + ".kind", "unknown rule kind " + kind});
    if (control == "must_pass")
      r.control = Control::must_pass;
    else if (control == "warning")
      r.control = Control::warning;
    else
      errors.push_back({at + ".control", "must be must_pass or warning"});
    if (const auto* m = o->if_contains("message"); m && m->is_object()) {
      const auto& mo = m->as_object();
      if (auto* zh = mo.if_contains("zh"); zh && zh->is_string())
        r.message.zh = std::string(zh->as_string());
      if (auto* en = mo.if_contains("en"); en && en->is_string())
        r.message.en = std::string(en->as_string());
    } else {
      errors.push_back({at + ".message", "must be an object with zh and en"});
    }
    if (const auto* k = o->if_contains("keywords"); k && !k->is_null()) {
      if (!k->is_array()) {
        errors.push_back({at + ".keywords", "must be an array of strings"});
      } else {
        for (const auto& item : k->as_array()) {
          if (item.is_string() && !item.as_string().empty())
            r.keywords.emplace_back(item.as_string());
          else
            errors.push_back({at + ".keywords", "must be an array of non-empty strings"});
        }
      }
    }
    set.rules.push_back(std::move(r));
  }
  if (!errors.empty()) {
    const std::string message =
        "the rule set is not valid: " + errors.front().field + " " + errors.front().message;
    return Status(ErrorCode::invalid_argument, message, std::move(errors));
  }
  FUWU_TRY(validate_rule_set(set));
  return set;
}

boost::json::value verdict_to_json(const Verdict& v) {
  return {{"rule_id", v.rule_id},
          {"outcome", outcome_name(v.outcome)},
          {"control", v.control == Control::must_pass ? "must_pass" : "warning"},
          {"reason", {{"zh", v.reason.zh}, {"en", v.reason.en}}}};
}

}  // namespace fuwu::admission

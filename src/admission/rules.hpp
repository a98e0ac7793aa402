// Admission rules: the published thresholds a company must meet to become a provider, and their
// evaluation. Pure functions over plain values: no database, no clock.
//
// A rule set is versioned per program (see program_repository); an application is always judged
// by the version it was submitted under. Each rule names one kind, the application field or
// material it reads, its parameters, a control (must pass, or warning only) and a message in
// Chinese and English. Every verdict carries a reason that quotes the values it compared.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.hpp"

namespace fuwu::admission {

enum class RuleKind {
  numeric_min,         // a number field ≥ min (capital in fen, team size, partner counts)
  declaration,         // a yes/no field must be yes
  text_length,         // a text field's length in Unicode characters within [min, max]
  keyword_coverage,    // a text field mentions at least `min` of `keywords`
  regions_required,    // at least `min` valid region codes in a field (one code or a list)
  materials_required,  // at least `min` files of a material type
  list_backed_count,   // the claimed number in `field` is backed by that many distinct list rows
};
const char* rule_kind_name(RuleKind kind);
std::optional<RuleKind> parse_rule_kind(std::string_view name);

enum class Control { must_pass, warning };

struct LocalizedText {
  std::string zh;
  std::string en;
};

struct Rule {
  std::string id;  // stable within a program, e.g. "registered_capital"
  RuleKind kind = RuleKind::numeric_min;
  Control control = Control::must_pass;
  std::string field;     // application field read (not for materials_required)
  std::string material;  // materials_required, list_backed_count
  std::int64_t min = 0;
  std::int64_t max = 0;  // text_length
  std::vector<std::string> keywords;
  LocalizedText message;  // what the rule asks, shown to applicants
};

struct RuleSet {
  std::vector<Rule> rules;
};

// What an application states, by field name, and what it uploaded, by material type.
using FactValue =
    std::variant<std::monostate, std::int64_t, bool, std::string, std::vector<std::string>>;
struct MaterialFacts {
  int files = 0;
  std::optional<std::int64_t> list_rows_distinct;  // parsed lists only: rows that back a claim
};
struct Facts {
  std::map<std::string, FactValue> fields;
  std::map<std::string, MaterialFacts> materials;
};

enum class Outcome { pass, fail, warn };
const char* outcome_name(Outcome outcome);

struct Verdict {
  std::string rule_id;
  Outcome outcome = Outcome::pass;
  Control control = Control::must_pass;
  LocalizedText reason;
};

// Fields an application may have and their types, which rules may name.
enum class FieldType { integer, boolean, text, text_list };
const std::map<std::string, FieldType>& application_fields();
// Material types an application may upload; list types are parsed and counted.
const std::vector<std::string>& material_types();
bool is_list_material(std::string_view material);

// Checks a rule set for unknown fields, kinds that do not fit a field's type, empty messages,
// duplicate ids. Field errors name "rules[i].x".
Status validate_rule_set(const RuleSet& rules);

std::vector<Verdict> evaluate(const RuleSet& rules, const Facts& facts);
bool all_must_pass_rules_pass(const std::vector<Verdict>& verdicts);

// The defaults of the published thresholds (seed 000): capital ≥ ¥500,000, team ≥ 20, merchants
// ≥ 20 and influencers ≥ 20 backed by lists, statement ≤ 100 characters, and so on.
RuleSet default_rule_set();

// JSON form used by the API, the database and TOML export.
boost::json::value rule_set_to_json(const RuleSet& rules);
Result<RuleSet> rule_set_from_json(const boost::json::value& json);
boost::json::value verdict_to_json(const Verdict& verdict);

}  // namespace fuwu::admission

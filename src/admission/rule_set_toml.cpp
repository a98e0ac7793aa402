#include "admission/rule_set_toml.hpp"

#include <toml++/toml.h>
#include <boost/json.hpp>
#include <sstream>

#include "admission/service.hpp"

namespace fuwu::admission {
namespace {

toml::array to_toml_array(const boost::json::array& array);

toml::table to_toml_table(const boost::json::object& object) {
  toml::table table;
  for (const auto& [key, value] : object) {
    const std::string k(key);
    if (value.is_string())
      table.insert(k, std::string(value.as_string()));
    else if (value.is_int64())
      table.insert(k, value.as_int64());
    else if (value.is_bool())
      table.insert(k, value.as_bool());
    else if (value.is_object())
      table.insert(k, to_toml_table(value.as_object()));
    else if (value.is_array())
      table.insert(k, to_toml_array(value.as_array()));
  }
  return table;
}

toml::array to_toml_array(const boost::json::array& array) {
  toml::array out;
  for (const auto& value : array) {
    if (value.is_string())
      out.push_back(std::string(value.as_string()));
    else if (value.is_int64())
      out.push_back(value.as_int64());
    else if (value.is_bool())
      out.push_back(value.as_bool());
    else if (value.is_object())
      out.push_back(to_toml_table(value.as_object()));
  }
  return out;
}

boost::json::value to_json(const toml::node& node) {
  if (auto* s = node.as_string()) return boost::json::value(s->get());
  if (auto* i = node.as_integer()) return boost::json::value(i->get());
  if (auto* b = node.as_boolean()) return boost::json::value(b->get());
  if (auto* t = node.as_table()) {
    boost::json::object o;
    for (const auto& [key, value] : *t) o[std::string(key.str())] = to_json(value);
    return o;
  }
  if (auto* a = node.as_array()) {
    boost::json::array out;
    for (const auto& value : *a) out.push_back(to_json(value));
    return out;
  }
  return nullptr;  // floats and dates have no place in a rule set; validation names the key
}

}  // namespace

std::string program_to_toml(const Program& program, const RuleSetVersion& rules) {
  toml::table document;
  document.insert("program",
                  toml::table{{"code", program.code},
                              {"name_zh", program.name_zh},
                              {"name_en", program.name_en},
                              {"description", program.description},
                              {"review_sla_working_days", program.review_sla_working_days}});
  const auto json = rule_set_to_json(rules.rules).as_object();
  document.insert("rules", to_toml_array(json.at("rules").as_array()));
  std::ostringstream out;
  out << "# fuwu admission program " << program.code << ", rule set version " << rules.version
      << "\n"
      << "# Import with: fuwu programs import --file <this file>\n\n"
      << document << "\n";
  return out.str();
}

Result<ProgramDocument> program_from_toml(std::string_view text, std::string_view source) {
  toml::table document;
  try {
    document = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return Status(ErrorCode::invalid_argument, std::string(source) + ": " +
                                                   std::string(e.description()) + " at line " +
                                                   std::to_string(e.source().begin.line));
  }
  for (const auto& [key, value] : document)
    if (key != "program" && key != "rules")
      return Status(ErrorCode::invalid_argument,
                    std::string(source) + ": unknown key " + std::string(key.str()));
  const auto* program = document["program"].as_table();
  if (!program)
    return Status(ErrorCode::invalid_argument,
                  std::string(source) + ": a [program] table is required");
  ProgramDocument out;
  auto text_of = [&](const char* key, std::string& target, bool required) -> Status {
    const auto* node = program->get(key);
    if (!node)
      return required ? Status(ErrorCode::invalid_argument,
                               std::string(source) + ": program." + key + " is required")
                      : Status::ok();
    if (!node->is_string())
      return Status(ErrorCode::invalid_argument,
                    std::string(source) + ": program." + key + " must be a string");
    target = node->as_string()->get();
    return Status::ok();
  };
  for (const auto& [key, value] : *program) {
    static const std::vector<std::string> kKnown = {"code", "name_zh", "name_en", "description",
                                                    "review_sla_working_days"};
    if (std::find(kKnown.begin(), kKnown.end(), std::string(key.str())) == kKnown.end())
      return Status(ErrorCode::invalid_argument,
                    std::string(source) + ": unknown key program." + std::string(key.str()));
  }
  FUWU_TRY(text_of("code", out.program.code, true));
  FUWU_TRY(text_of("name_zh", out.program.name_zh, true));
  FUWU_TRY(text_of("name_en", out.program.name_en, true));
  FUWU_TRY(text_of("description", out.program.description, false));
  if (const auto* sla = program->get("review_sla_working_days")) {
    if (!sla->is_integer() || sla->as_integer()->get() < 1 || sla->as_integer()->get() > 60)
      return Status(ErrorCode::invalid_argument,
                    std::string(source) +
                        ": program.review_sla_working_days must be a whole number from 1 to 60");
    out.program.review_sla_working_days = static_cast<int>(sla->as_integer()->get());
  }
  const auto* rules = document["rules"].as_array();
  if (!rules)
    return Status(ErrorCode::invalid_argument,
                  std::string(source) + ": [[rules]] entries are required");
  boost::json::object json{{"rules", to_json(*rules)}};
  auto parsed = rule_set_from_json(json);
  if (!parsed) {
    const Status s = parsed.status();
    return Status(s.code(), std::string(source) + ": " + s.message(), s.fields());
  }
  out.rules = std::move(parsed).value();
  return out;
}

}  // namespace fuwu::admission

// A program and its rule set as TOML, so operators can keep admission rules in version control
// (`fuwu programs export|import`). The TOML mirrors the JSON form of the API.
#pragma once

#include <string>
#include <string_view>

#include "admission/service.hpp"

namespace fuwu::admission {

struct ProgramDocument {
  NewProgram program;
  RuleSet rules;
};

std::string program_to_toml(const Program& program, const RuleSetVersion& rules);
// Errors name the TOML key or the rule ("rules[2].min").
Result<ProgramDocument> program_from_toml(std::string_view text, std::string_view source);

}  // namespace fuwu::admission

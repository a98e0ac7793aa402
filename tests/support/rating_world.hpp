// Rows the rating tests need without going through admission: a program and providers taking
// part in it (an organization with its registry profile).
#pragma once

#include <cstdint>
#include <string>

#include "store/database.hpp"

namespace fuwu::testing {

std::int64_t insert_program(store::Database& db, const std::string& code);
std::int64_t insert_provider(store::Database& db, std::int64_t program_id, const std::string& name,
                             std::int64_t admitted_at_ms = 0);

}  // namespace fuwu::testing

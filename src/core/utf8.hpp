// UTF-8 checks: lengths that people see are counted in Unicode code points, never bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace fuwu::utf8 {

// Number of code points, or nullopt if `text` is not well-formed UTF-8 (overlongs, surrogates
// and truncated sequences are rejected).
std::optional<std::size_t> count_code_points(std::string_view text);

bool is_valid(std::string_view text);

}  // namespace fuwu::utf8

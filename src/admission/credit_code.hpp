// Unified social credit codes (统一社会信用代码, GB 32100-2015): the 18-character identifier every
// company, institution and individual business in China is registered under. Admission checks the
// code's form and check digit before anything is looked up, so typos are caught at the form.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace fuwu::admission {

// The 31 characters a code may use, in value order: digits, then upper-case letters without
// I, O, Z, S and V (too easily confused with 1, 0, 2, 5 and U).
inline constexpr std::string_view kCreditCodeCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
inline constexpr std::size_t kCreditCodeLength = 18;

// Trims surrounding spaces, upper-cases ASCII letters and checks the result: 18 characters from
// kCreditCodeCharset, positions 3–8 digits (the administrative-division code) and a correct check
// digit. Returns the normalized code, or invalid_argument naming field "credit_code" with a message
// that says exactly what is wrong.
Result<std::string> normalize_credit_code(std::string_view input);

// The check digit (position 18) for the first 17 characters. `first17` must be 17 characters of
// kCreditCodeCharset (asserted): this is for building test and demo codes, not for checking input.
char credit_code_check_digit(std::string_view first17);

}  // namespace fuwu::admission

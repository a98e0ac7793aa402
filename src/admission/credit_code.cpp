#include "admission/credit_code.hpp"

#include <array>
#include <cassert>

#include "core/utf8.hpp"

namespace fuwu::admission {
namespace {

// Weight of position i (0-based) is 3^i mod 31, as listed in GB 32100-2015.
constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

// -1 when `c` is not in the charset.
constexpr int char_value(char c) {
  const std::size_t at = kCreditCodeCharset.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

Status invalid(std::string message) {
  std::string field_message = message;
  return Status(ErrorCode::invalid_argument, std::move(message),
                {{"credit_code", std::move(field_message)}});
}

bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Codes are pasted from PDFs and Chinese documents, so the ideographic space U+3000 is trimmed
// along with ASCII whitespace.
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space_byte(s.front())) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else if (!s.empty() && is_space_byte(s.back())) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      return s;
    }
  }
}

std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  return 4;
}

}  // namespace

char credit_code_check_digit(std::string_view first17) {
  assert(first17.size() == 17);
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const int value = char_value(first17[i]);
    assert(value >= 0 && "credit_code_check_digit takes charset characters only");
    sum += value * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;  // 31 → 0
  return kCreditCodeCharset[static_cast<std::size_t>(check)];
}

Result<std::string> normalize_credit_code(std::string_view input) {
  const std::string_view trimmed = trim(input);
  // Lengths are what people count: characters, not bytes (a pasted "０" is one character).
  const auto chars = utf8::count_code_points(trimmed);
  if (!chars) return invalid("credit code is not valid UTF-8 text");
  if (*chars == 0) return invalid("credit code is empty");
  if (*chars != kCreditCodeLength)
    return invalid("credit code must be 18 characters, got " + std::to_string(*chars));

  std::string code;
  code.reserve(kCreditCodeLength);
  std::size_t at = 0;
  for (std::size_t position = 1; position <= kCreditCodeLength; ++position) {
    const std::size_t length = utf8_sequence_length(static_cast<unsigned char>(trimmed[at]));
    const std::string_view shown = trimmed.substr(at, length);
    at += length;
    char c = shown[0];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (shown.size() != 1 || char_value(c) < 0) {
      std::string message = "character '" + std::string(shown) + "' at position " +
                            std::to_string(position) + " is not allowed";
      if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V')
        message += " (credit codes never use I, O, Z, S or V)";
      return invalid(std::move(message));
    }
    if (position >= 3 && position <= 8 && (c < '0' || c > '9'))
      return invalid("character '" + std::string(1, c) + "' at position " +
                     std::to_string(position) +
                     " must be a digit: positions 3-8 are the administrative-division code");
    code.push_back(c);
  }

  const char expected = credit_code_check_digit(std::string_view(code).substr(0, 17));
  if (code[17] != expected)
    return invalid(std::string("wrong check digit: expected ") + expected + ", got " + code[17]);
  return code;
}

}  // namespace fuwu::admission

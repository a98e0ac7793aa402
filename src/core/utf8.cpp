#include "core/utf8.hpp"

#include <cstdint>

namespace fuwu::utf8 {

std::optional<std::size_t> count_code_points(std::string_view text) {
  std::size_t count = 0;
  std::size_t i = 0;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  while (i < text.size()) {
    const std::uint8_t lead = bytes[i];
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
      const std::uint8_t continuation = bytes[i + k];
      if ((continuation & 0xC0) != 0x80) return std::nullopt;
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    static constexpr std::uint32_t kMinimumForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimumForLength[length]) return std::nullopt;  // overlong
    if (code_point > 0x10FFFF) return std::nullopt;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return std::nullopt;  // surrogate
    i += length;
    ++count;
  }
  return count;
}

bool is_valid(std::string_view text) {
  return count_code_points(text).has_value();
}

}  // namespace fuwu::utf8

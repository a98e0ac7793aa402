// What an uploaded material really is: its type is read from the bytes (magic numbers), never
// from the name, and must agree with the name's extension and with what the material type
// accepts (a licence scan is PDF, JPEG or PNG; a partner list is CSV).
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace fuwu::admission {

inline constexpr std::size_t kMaterialBytesMax = 10u << 20;  // 10 MiB a file
inline constexpr std::size_t kListBytesMax = 16u << 20;      // partner lists of 100,000+ rows
inline constexpr std::size_t kFileNameCharsMax = 120;
inline constexpr int kMaterialsPerApplicationMax = 30;

struct SniffedType {
  std::string content_type;  // application/pdf, image/jpeg, image/png, text/csv
  std::string extension;     // canonical: pdf, jpg, png, csv
};

// invalid_argument (field "file") when the bytes are none of the known types.
Result<SniffedType> sniff(std::string_view bytes);

// Checks size, name and sniffed type against the material type. Field errors name "file",
// "file_name" or "material_type".
Result<SniffedType> check_material(std::string_view material_type, std::string_view file_name,
                                   std::string_view bytes);

}  // namespace fuwu::admission

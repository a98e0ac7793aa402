#include "admission/material_check.hpp"

#include <algorithm>

#include "admission/rules.hpp"
#include "core/utf8.hpp"

namespace fuwu::admission {
namespace {

Status file_error(std::string field, std::string message) {
  return Status(ErrorCode::invalid_argument, message, {{std::move(field), message}});
}

std::string lower_extension(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(name.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "jpeg") ext = "jpg";
  return ext;
}

bool looks_like_text(std::string_view bytes) {
  // CSV from spreadsheet software: UTF-8 or GB18030 text, so no NUL bytes and few control bytes.
  const std::size_t sample = std::min<std::size_t>(bytes.size(), 64 * 1024);
  for (std::size_t i = 0; i < sample; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return false;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
  }
  return true;
}

}  // namespace

Result<SniffedType> sniff(std::string_view bytes) {
  if (bytes.starts_with("%PDF-")) return SniffedType{"application/pdf", "pdf"};
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF)
    return SniffedType{"image/jpeg", "jpg"};
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return SniffedType{"image/png", "png"};
  if (!bytes.empty() && looks_like_text(bytes)) return SniffedType{"text/csv", "csv"};
  return file_error("file", "the file is not a PDF, JPEG, PNG or CSV file");
}

Result<SniffedType> check_material(std::string_view material_type, std::string_view file_name,
                                   std::string_view bytes) {
  const auto& types = material_types();
  if (std::find(types.begin(), types.end(), material_type) == types.end())
    return file_error("material_type", "unknown material type " + std::string(material_type));
  const auto name_chars = utf8::count_code_points(file_name);
  if (!name_chars || *name_chars == 0 || *name_chars > kFileNameCharsMax ||
      file_name.find('/') != std::string_view::npos ||
      file_name.find('\\') != std::string_view::npos)
    return file_error("file_name", "the file name must be 1 to 120 characters without slashes");
  if (bytes.empty()) return file_error("file", "the file is empty");
  const bool is_list = is_list_material(material_type);
  const std::size_t limit = is_list ? kListBytesMax : kMaterialBytesMax;
  if (bytes.size() > limit)
    return Status(ErrorCode::payload_too_large, "the file is " + std::to_string(bytes.size()) +
                                                    " bytes; at most " + std::to_string(limit) +
                                                    " are allowed");
  FUWU_ASSIGN_OR_RETURN(auto sniffed, sniff(bytes));
  const bool accepted = is_list ? sniffed.extension == "csv" : sniffed.extension != "csv";
  if (!accepted)
    return file_error(
        "file", is_list ? "a partner list must be a CSV file (save the spreadsheet as CSV)"
                        : "this material must be a PDF, JPEG or PNG file, but the bytes are " +
                              sniffed.content_type);
  if (lower_extension(file_name) != sniffed.extension)
    return file_error("file_name", "the name says ." + lower_extension(file_name) +
                                       " but the bytes are " + sniffed.content_type + " (." +
                                       sniffed.extension + ")");
  return sniffed;
}

}  // namespace fuwu::admission

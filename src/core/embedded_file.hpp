// A file compiled into the binary (migrations, the OpenAPI document); see cmake/embed_files.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace fuwu {

struct EmbeddedFile {
  std::string_view path;
  std::string_view contents;
};

}  // namespace fuwu

// Serves the built console (web/dist) at "/": files by path, index.html for client-side routes.
#pragma once

#include <filesystem>
#include <optional>

#include "http/message.hpp"

namespace fuwu::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  bool available() const;
  // nullopt when the path names nothing to serve.
  std::optional<Response> serve(const Request& request) const;

  static constexpr std::uintmax_t kFileBytesMax = 16 << 20;

 private:
  std::filesystem::path root_;
};

}  // namespace fuwu::http

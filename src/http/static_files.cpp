#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

namespace fuwu::http {
namespace {

const char* content_type_for(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  if (std::filesystem::file_size(path, ec) > StaticFiles::kFileBytesMax) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

bool StaticFiles::available() const {
  std::error_code ec;
  return std::filesystem::is_regular_file(root_ / "index.html", ec);
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  if (request.method != Method::get && request.method != Method::head) return std::nullopt;
  std::string relative = request.path;
  while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
  // No "..", no hidden files: the path must stay inside the root.
  const std::filesystem::path candidate = std::filesystem::path(relative).lexically_normal();
  for (const auto& part : candidate) {
    const auto s = part.string();
    if (s == ".." || (!s.empty() && s.front() == '.' && s != ".")) return std::nullopt;
  }
  std::filesystem::path file = relative.empty() ? root_ / "index.html" : root_ / candidate;
  auto body = read_file(file);
  const bool is_asset = relative.starts_with("assets/");
  if (!body && !is_asset && candidate.extension().empty()) {
    file = root_ / "index.html";  // a client-side route
    body = read_file(file);
  }
  if (!body) return std::nullopt;
  Response response;
  response.content_type = content_type_for(file);
  response.body = std::move(*body);
  // Vite fingerprints assets, so they can be cached for long; index.html must always be fresh.
  response.set_header("cache-control",
                      is_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

}  // namespace fuwu::http

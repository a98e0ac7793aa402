// Content-addressed file storage under the data directory: files/ab/abcdef… by SHA-256.
// Writing is atomic (temporary file, fsync, rename), so a crash never leaves half a file under a
// real name; the same bytes stored twice are one file. Several server instances must share the
// directory (a network volume) to see each other's files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace fuwu::store {

class FileStore {
 public:
  explicit FileStore(std::filesystem::path root) : root_(std::move(root)) {}

  // Stores `bytes` and returns their SHA-256 (hex).
  Result<std::string> put(std::string_view bytes);
  Result<std::string> get(const std::string& sha256) const;
  bool contains(const std::string& sha256) const;

 private:
  std::filesystem::path path_of(const std::string& sha256) const;
  std::filesystem::path root_;
};

}  // namespace fuwu::store

#include "store/file_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/crypto.hpp"

namespace fuwu::store {
namespace {

bool is_sha256_hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::filesystem::path FileStore::path_of(const std::string& sha256) const {
  return root_ / "files" / sha256.substr(0, 2) / sha256;
}

bool FileStore::contains(const std::string& sha256) const {
  std::error_code ec;
  return is_sha256_hex(sha256) && std::filesystem::is_regular_file(path_of(sha256), ec);
}

Result<std::string> FileStore::put(std::string_view bytes) {
  const std::string sha256 = crypto::sha256_hex(bytes);
  if (contains(sha256)) return sha256;
  const auto target = path_of(sha256);
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec)
    return Status(ErrorCode::unavailable,
                  "cannot create " + target.parent_path().string() + ": " + ec.message());
  const auto temporary = target.string() + "." + crypto::random_hex(6) + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status(ErrorCode::unavailable, "cannot write " + temporary);
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      std::filesystem::remove(temporary, ec);
      return Status(ErrorCode::unavailable, "writing " + temporary + " failed");
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    std::filesystem::remove(temporary, ec);
    return Status(ErrorCode::unavailable, "fsync of " + temporary + " failed");
  }
  std::filesystem::rename(temporary, target, ec);
  if (ec) return Status(ErrorCode::unavailable, "cannot move a file into place: " + ec.message());
  return sha256;
}

Result<std::string> FileStore::get(const std::string& sha256) const {
  if (!is_sha256_hex(sha256)) return Status(ErrorCode::not_found, "no such file");
  std::ifstream in(path_of(sha256), std::ios::binary);
  if (!in) return Status(ErrorCode::not_found, "the file is missing from the data directory");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace fuwu::store

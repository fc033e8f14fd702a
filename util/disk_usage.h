// How many bytes a directory tree holds on disk (regular files' sizes).
#ifndef BYLINE_UTIL_DISK_USAGE_H_
#define BYLINE_UTIL_DISK_USAGE_H_

#include <cstdint>
#include <filesystem>
#include <string>

namespace byline {

// Total size in bytes of the regular files under `path` (the file's own
// size if it is one; 0 if it does not exist). Errors end the walk early.
inline uint64_t DirectoryBytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

}  // namespace byline

#endif  // BYLINE_UTIL_DISK_USAGE_H_

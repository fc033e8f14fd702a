// A temporary directory for tests, removed with everything in it when the
// object goes out of scope.
#ifndef BYLINE_UTIL_TEMP_DIR_H_
#define BYLINE_UTIL_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace byline {

class TempDir {
 public:
  // Creates a fresh directory under $TMPDIR (or /tmp). Throws on failure:
  // only tests use it.
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
        "/byline-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace byline

#endif  // BYLINE_UTIL_TEMP_DIR_H_

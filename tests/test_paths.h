// Where end-to-end tests find the source tree, the build tree and
// ../shared/data (set by CMake through the environment).
#ifndef BYLINE_TESTS_TEST_PATHS_H_
#define BYLINE_TESTS_TEST_PATHS_H_

#include <cstdlib>
#include <string>

namespace byline::testing {

inline std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

// The repository root.
inline std::string SourceDir() { return EnvOr("BYLINE_SOURCE_DIR", "."); }
// The CMake build directory.
inline std::string BinaryDir() { return EnvOr("BYLINE_BINARY_DIR", "build"); }
// The shared datasets, beside the checkout (override: BYLINE_SHARED_DATA).
inline std::string SharedDataDir() {
  return EnvOr("BYLINE_SHARED_DATA", (SourceDir() + "/../shared/data").c_str());
}

}  // namespace byline::testing

#endif  // BYLINE_TESTS_TEST_PATHS_H_

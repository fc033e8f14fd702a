// Named fault-injection points for crash-safety tests. A job calls
// FaultPoint("after-shard-commit") at each moment where a crash must be
// survivable; when the environment variable BYLINE_FAULT_POINT names that
// point the process dies there with SIGKILL (as `kill -9` would), or, with
// the suffix ":stop", stops itself with SIGSTOP so that a test can act while
// the job holds its locks. Compiled only when BYLINE_FAULT_INJECTION is
// defined (the default CMake option; packaged builds turn it off), and a
// no-op unless the variable is set.
#ifndef BYLINE_UTIL_FAULT_POINT_H_
#define BYLINE_UTIL_FAULT_POINT_H_

#include <signal.h>
#include <stdlib.h>

#include "absl/strings/string_view.h"

namespace byline {

inline void FaultPoint(absl::string_view name) {
#ifdef BYLINE_FAULT_INJECTION
  const char* wanted = std::getenv("BYLINE_FAULT_POINT");
  if (wanted == nullptr) return;
  absl::string_view spec(wanted);
  bool stop = false;
  if (spec.size() > 5 && spec.substr(spec.size() - 5) == ":stop") {
    stop = true;
    spec.remove_suffix(5);
  }
  if (spec != name) return;
  ::raise(stop ? SIGSTOP : SIGKILL);
#else
  (void)name;
#endif
}

}  // namespace byline

#endif  // BYLINE_UTIL_FAULT_POINT_H_

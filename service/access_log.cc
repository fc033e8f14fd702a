// AccessLog: JSON lines, appended with one write per line.
#include "service/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "service/metrics.h"
#include "util/json_writer.h"

namespace byline::service {

std::string FormatAccessLogLine(const AccessLogEntry& e) {
  JsonWriter json;
  json.BeginObject()
      .Key("time")
      .String(absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", e.time,
                               absl::UTCTimeZone()))
      .Key("method")
      .String(e.method)
      .Key("code")
      .String(GrpcCodeName(e.code))
      .Key("latency_ms")
      .Double(absl::ToDoubleMilliseconds(e.latency))
      .Key("query_bytes")
      .Uint(e.query_bytes)
      .Key("hits")
      .Uint(e.hits)
      .Key("peer")
      .String(e.peer)
      .EndObject();
  return absl::StrCat(json.str(), "\n");
}

absl::StatusOr<std::unique_ptr<AccessLog>> AccessLog::Open(
    const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<AccessLog>(
        new AccessLog("standard error", STDERR_FILENO, false));
  }
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot open the access log ", path, ": ", std::strerror(errno)));
  }
  return std::unique_ptr<AccessLog>(new AccessLog(path, fd, true));
}

AccessLog::~AccessLog() {
  if (owned_) ::close(fd_);
}

void AccessLog::Write(const AccessLogEntry& entry) {
  const std::string line = FormatAccessLogLine(entry);
  absl::MutexLock lock(&mu_);
  // One write for the line (short writes, rare on files, continue it).
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (!reported_) {
        reported_ = true;
        std::fprintf(stderr,
                     "byline serve: cannot write the access log %s: %s "
                     "(further errors not shown)\n",
                     path_.c_str(), std::strerror(errno));
      }
      return;
    }
    done += static_cast<size_t>(n);
  }
}

}  // namespace byline::service

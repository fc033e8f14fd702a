// The server's access log: one JSON line per finished call (time, method,
// gRPC code, latency, query length, hits, peer). It never holds a query's
// text nor any request metadata, so tokens cannot leak into it.
#ifndef BYLINE_SERVICE_ACCESS_LOG_H_
#define BYLINE_SERVICE_ACCESS_LOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace byline::service {

struct AccessLogEntry {
  absl::Time time;     // when the call arrived
  std::string method;  // "Search"
  int code = 0;        // gRPC status code
  absl::Duration latency;
  uint64_t query_bytes = 0;  // the query's length, never its text
  uint64_t hits = 0;         // passages returned (Search), else 0
  std::string peer;          // gRPC's peer ("ipv4:127.0.0.1:5342")
};

// The entry as one line of JSON, ending in '\n':
// {"time":"2026-12-02T12:00:00.123Z","method":"Search","code":"OK",
//  "latency_ms":1.25,"query_bytes":11,"hits":10,"peer":"ipv4:..."}
std::string FormatAccessLogLine(const AccessLogEntry& entry);

// Thread safety: Write may be called from any thread; each line goes out
// in one write(2) (the file is opened O_APPEND), so lines never interleave.
class AccessLog {
 public:
  // Opens `path` for appending, creating it (0640); "-" is stderr.
  // Errors: the open's, naming the path.
  static absl::StatusOr<std::unique_ptr<AccessLog>> Open(
      const std::string& path);

  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Appends the entry's line. A failed write is reported on stderr once
  // and otherwise ignored: logging never fails a call.
  void Write(const AccessLogEntry& entry);

 private:
  AccessLog(std::string path, int fd, bool owned)
      : path_(std::move(path)), fd_(fd), owned_(owned) {}

  const std::string path_;
  const int fd_;
  const bool owned_;
  absl::Mutex mu_;
  bool reported_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_ACCESS_LOG_H_

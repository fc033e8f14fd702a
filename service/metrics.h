// The server's metrics for Prometheus: finished calls by method and gRPC
// code, a latency histogram per method (fixed buckets), calls refused or
// dropped, the index being served (generation, articles, passages) and the
// build. ServiceMetrics is the thread-safe registry the service records
// into; RenderPrometheusText turns a snapshot of it (plus the pool's gauges)
// into the text exposition format 0.0.4, as a pure function.
#ifndef BYLINE_SERVICE_METRICS_H_
#define BYLINE_SERVICE_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace byline::service {

// Upper bounds of the latency histogram's buckets, in seconds (+Inf is
// implied).
inline constexpr std::array<double, 14> kLatencyBucketsSeconds = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1,    0.25,  0.5,    1,     2.5,  5,     10};

// The name of a gRPC status code ("OK", "RESOURCE_EXHAUSTED"); "UNKNOWN"
// for numbers outside 0..16.
absl::string_view GrpcCodeName(int code);

// What was built: the version and git revision (from configure time; empty
// when unknown) and the index schema version it reads.
struct BuildInfo {
  std::string version;
  std::string git_revision;
  std::string schema_version;
};

// The build info of this binary.
BuildInfo CurrentBuildInfo();

// Why a call was not run.
enum class Refusal {
  kQueueFull,      // RESOURCE_EXHAUSTED on arrival
  kBudgetInQueue,  // its time budget (or deadline) passed while it waited
  kQueueWait,      // RESOURCE_EXHAUSTED: the queue was not draining in time
                   // (on arrival), or the call waited past the bound
};

// Everything rendered, at one moment.
struct MetricsSnapshot {
  struct Latency {
    // Calls per bucket of kLatencyBucketsSeconds (not cumulative), then
    // those slower than the last bound.
    std::array<uint64_t, kLatencyBucketsSeconds.size() + 1> buckets = {};
    uint64_t count = 0;
    double sum_seconds = 0;
  };
  // (method, code name) -> finished calls.
  std::map<std::pair<std::string, std::string>, uint64_t> calls;
  std::map<std::string, Latency> latency;  // by method
  uint64_t refused_queue_full = 0;
  uint64_t dropped_budget_in_queue = 0;
  uint64_t refused_queue_wait = 0;
  // The pool's gauges, filled by the caller.
  uint64_t queue_depth = 0;
  uint64_t queue_capacity = 0;
  uint64_t workers = 0;
  uint64_t busy_workers = 0;
  // The index, as last read (index_known false before the first read).
  bool index_known = false;
  std::string generation;
  uint64_t articles = 0;
  uint64_t passages = 0;
  BuildInfo build;
};

// The Prometheus text format (version 0.0.4) of `snapshot`: HELP and TYPE
// lines, then samples, metric families in a fixed order, label values
// escaped.
std::string RenderPrometheusText(const MetricsSnapshot& snapshot);

// Thread safety: every method may be called from any thread.
class ServiceMetrics {
 public:
  // `methods` get zero-valued series from the start, so that dashboards
  // see them before the first call.
  ServiceMetrics(BuildInfo build, const std::vector<std::string>& methods);

  // A call of `method` finished with gRPC code `code` after `latency`.
  void RecordCall(absl::string_view method, int code, absl::Duration latency);
  void RecordRefusal(Refusal why);
  // The index being served (the live generation's counts).
  void SetIndex(const std::string& generation, uint64_t articles,
                uint64_t passages);
  // Whether the index gauges describe another generation than
  // `generation`, and no one has claimed their refresh yet: true at most
  // once per generation, for the caller that will call SetIndex (or
  // ReleaseIndexClaim when it fails).
  bool ClaimIndexRefresh(const std::string& generation);
  void ReleaseIndexClaim();

  // A copy of the registry (pool gauges left zero).
  MetricsSnapshot Snapshot() const;

 private:
  mutable absl::Mutex mu_;
  MetricsSnapshot data_ ABSL_GUARDED_BY(mu_);
  bool claimed_ ABSL_GUARDED_BY(mu_) = false;
  std::string claimed_generation_ ABSL_GUARDED_BY(mu_);
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_METRICS_H_

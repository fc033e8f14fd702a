// ServiceMetrics and the Prometheus text rendering.
#include "service/metrics.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "schema/schema.h"

#ifndef BYLINE_VERSION
#define BYLINE_VERSION ""
#endif
#ifndef BYLINE_GIT_REVISION
#define BYLINE_GIT_REVISION ""
#endif

namespace byline::service {
namespace {

constexpr absl::string_view kCodeNames[] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

// A label value with backslash, double quote and newline escaped.
std::string EscapeLabel(absl::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Number(double value) { return absl::StrFormat("%.9g", value); }

void Family(std::string* out, absl::string_view name, absl::string_view type,
            absl::string_view help) {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type,
                  "\n");
}

}  // namespace

absl::string_view GrpcCodeName(int code) {
  if (code < 0 || code >= static_cast<int>(std::size(kCodeNames))) {
    return "UNKNOWN";
  }
  return kCodeNames[code];
}

BuildInfo CurrentBuildInfo() {
  return {BYLINE_VERSION, BYLINE_GIT_REVISION,
          std::string(schema::kSchemaVersion)};
}

std::string RenderPrometheusText(const MetricsSnapshot& s) {
  std::string out;
  Family(&out, "byline_grpc_requests_total", "counter",
         "Finished gRPC calls, by method and status code.");
  for (const auto& [key, count] : s.calls) {
    absl::StrAppend(&out, "byline_grpc_requests_total{method=\"",
                    EscapeLabel(key.first), "\",code=\"",
                    EscapeLabel(key.second), "\"} ", count, "\n");
  }
  Family(&out, "byline_grpc_request_duration_seconds", "histogram",
         "Time from a call's arrival to its answer, by method.");
  for (const auto& [method, latency] : s.latency) {
    const std::string label = EscapeLabel(method);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < latency.buckets.size(); ++i) {
      cumulative += latency.buckets[i];
      const std::string le = i < kLatencyBucketsSeconds.size()
                                 ? Number(kLatencyBucketsSeconds[i])
                                 : "+Inf";
      absl::StrAppend(&out, "byline_grpc_request_duration_seconds_bucket{",
                      "method=\"", label, "\",le=\"", le, "\"} ", cumulative,
                      "\n");
    }
    absl::StrAppend(&out, "byline_grpc_request_duration_seconds_sum{method=\"",
                    label, "\"} ", Number(latency.sum_seconds), "\n");
    absl::StrAppend(&out,
                    "byline_grpc_request_duration_seconds_count{method=\"",
                    label, "\"} ", latency.count, "\n");
  }
  Family(&out, "byline_refused_calls_total", "counter",
         "Calls not run: the queue was full or not draining within the "
         "queue wait bound (RESOURCE_EXHAUSTED), or their time budget "
         "passed while they waited (DEADLINE_EXCEEDED).");
  absl::StrAppend(&out, "byline_refused_calls_total{reason=\"queue_full\"} ",
                  s.refused_queue_full, "\n");
  absl::StrAppend(&out,
                  "byline_refused_calls_total{reason=\"budget_in_queue\"} ",
                  s.dropped_budget_in_queue, "\n");
  absl::StrAppend(&out, "byline_refused_calls_total{reason=\"queue_wait\"} ",
                  s.refused_queue_wait, "\n");
  Family(&out, "byline_queue_depth", "gauge", "Calls waiting for a worker.");
  absl::StrAppend(&out, "byline_queue_depth ", s.queue_depth, "\n");
  Family(&out, "byline_queue_capacity", "gauge",
         "Calls that may wait; more are refused.");
  absl::StrAppend(&out, "byline_queue_capacity ", s.queue_capacity, "\n");
  Family(&out, "byline_workers", "gauge", "Search worker threads.");
  absl::StrAppend(&out, "byline_workers ", s.workers, "\n");
  Family(&out, "byline_workers_busy", "gauge", "Workers running a call.");
  absl::StrAppend(&out, "byline_workers_busy ", s.busy_workers, "\n");
  if (s.index_known) {
    Family(&out, "byline_index_info", "gauge",
           "The index generation being served (empty: an index without "
           "generations).");
    absl::StrAppend(&out, "byline_index_info{generation=\"",
                    EscapeLabel(s.generation), "\"} 1\n");
    Family(&out, "byline_index_articles", "gauge",
           "Articles in the generation served.");
    absl::StrAppend(&out, "byline_index_articles ", s.articles, "\n");
    Family(&out, "byline_index_passages", "gauge",
           "Passages in the generation served.");
    absl::StrAppend(&out, "byline_index_passages ", s.passages, "\n");
  }
  Family(&out, "byline_build_info", "gauge",
         "The server's version, git revision and index schema version.");
  absl::StrAppend(&out, "byline_build_info{version=\"",
                  EscapeLabel(s.build.version), "\",git_revision=\"",
                  EscapeLabel(s.build.git_revision), "\",schema_version=\"",
                  EscapeLabel(s.build.schema_version), "\"} 1\n");
  return out;
}

ServiceMetrics::ServiceMetrics(BuildInfo build,
                               const std::vector<std::string>& methods) {
  data_.build = std::move(build);
  for (const std::string& method : methods) {
    data_.latency[method];
    data_.calls[{method, "OK"}];
  }
}

void ServiceMetrics::RecordCall(absl::string_view method, int code,
                                absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  const size_t bucket =
      std::lower_bound(kLatencyBucketsSeconds.begin(),
                       kLatencyBucketsSeconds.end(), seconds) -
      kLatencyBucketsSeconds.begin();
  absl::MutexLock lock(&mu_);
  ++data_.calls[{std::string(method), std::string(GrpcCodeName(code))}];
  MetricsSnapshot::Latency& l = data_.latency[std::string(method)];
  ++l.buckets[bucket];
  ++l.count;
  l.sum_seconds += seconds;
}

void ServiceMetrics::RecordRefusal(Refusal why) {
  absl::MutexLock lock(&mu_);
  switch (why) {
    case Refusal::kQueueFull:
      ++data_.refused_queue_full;
      break;
    case Refusal::kBudgetInQueue:
      ++data_.dropped_budget_in_queue;
      break;
    case Refusal::kQueueWait:
      ++data_.refused_queue_wait;
      break;
  }
}

void ServiceMetrics::SetIndex(const std::string& generation, uint64_t articles,
                              uint64_t passages) {
  absl::MutexLock lock(&mu_);
  data_.index_known = true;
  data_.generation = generation;
  data_.articles = articles;
  data_.passages = passages;
  if (claimed_generation_ == generation) claimed_ = false;
}

bool ServiceMetrics::ClaimIndexRefresh(const std::string& generation) {
  absl::MutexLock lock(&mu_);
  if (data_.index_known && data_.generation == generation) return false;
  if (claimed_ && claimed_generation_ == generation) return false;
  claimed_ = true;
  claimed_generation_ = generation;
  return true;
}

void ServiceMetrics::ReleaseIndexClaim() {
  absl::MutexLock lock(&mu_);
  claimed_ = false;
}

MetricsSnapshot ServiceMetrics::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return data_;
}

}  // namespace byline::service

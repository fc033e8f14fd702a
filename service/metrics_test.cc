// Unit tests of the metrics registry and its Prometheus text rendering, the
// access log's JSON lines (parsed back with simdjson, also under concurrent
// writers), and the civetweb endpoint on a real loopback port.
#include "service/metrics.h"

#include <simdjson.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/access_log.h"
#include "service/metrics_http.h"
#include "tests/http_get.h"
#include "util/temp_dir.h"

namespace byline::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Every line is a comment (# HELP / # TYPE) or `name{labels} value` /
// `name value`, with a number for value.
void ExpectWellFormed(const std::string& text) {
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(text.back(), '\n');
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "# HELP ") ||
        absl::StartsWith(line, "# TYPE ")) {
      continue;
    }
    const size_t space = line.rfind(' ');
    ASSERT_NE(space, absl::string_view::npos) << line;
    double value;
    EXPECT_TRUE(absl::SimpleAtod(line.substr(space + 1), &value)) << line;
    absl::string_view series = line.substr(0, space);
    const size_t brace = series.find('{');
    const absl::string_view name = series.substr(0, brace);
    ASSERT_FALSE(name.empty()) << line;
    for (char c : name) {
      EXPECT_TRUE(absl::ascii_isalnum(c) || c == '_' || c == ':') << line;
    }
    if (brace != absl::string_view::npos) {
      EXPECT_EQ(series.back(), '}') << line;
    }
  }
}

TEST(GrpcCodeNameTest, NamesEveryCode) {
  EXPECT_EQ(GrpcCodeName(0), "OK");
  EXPECT_EQ(GrpcCodeName(3), "INVALID_ARGUMENT");
  EXPECT_EQ(GrpcCodeName(4), "DEADLINE_EXCEEDED");
  EXPECT_EQ(GrpcCodeName(8), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(GrpcCodeName(16), "UNAUTHENTICATED");
  EXPECT_EQ(GrpcCodeName(17), "UNKNOWN");
  EXPECT_EQ(GrpcCodeName(-1), "UNKNOWN");
}

TEST(RenderPrometheusTextTest, RendersEveryFamily) {
  MetricsSnapshot s;
  s.calls[{"Search", "OK"}] = 3;
  s.calls[{"Search", "INVALID_ARGUMENT"}] = 1;
  MetricsSnapshot::Latency& l = s.latency["Search"];
  l.buckets[0] = 1;                              // <= 0.5 ms
  l.buckets[3] = 2;                              // <= 5 ms
  l.buckets[kLatencyBucketsSeconds.size()] = 1;  // > 10 s
  l.count = 4;
  l.sum_seconds = 12.5;
  s.refused_queue_full = 7;
  s.dropped_budget_in_queue = 2;
  s.refused_queue_wait = 3;
  s.queue_depth = 5;
  s.queue_capacity = 256;
  s.workers = 2;
  s.busy_workers = 1;
  s.index_known = true;
  s.generation = "gen-000004";
  s.articles = 40;
  s.passages = 312;
  s.build = {"1.2.3", "abc\"def", "2"};
  const std::string text = RenderPrometheusText(s);
  ExpectWellFormed(text);
  for (const char* line : {
           "# TYPE byline_grpc_requests_total counter\n",
           "byline_grpc_requests_total{method=\"Search\",code=\"OK\"} 3\n",
           "byline_grpc_requests_total{method=\"Search\",code="
           "\"INVALID_ARGUMENT\"} 1\n",
           "# TYPE byline_grpc_request_duration_seconds histogram\n",
           "byline_grpc_request_duration_seconds_bucket{method=\"Search\","
           "le=\"0.0005\"} 1\n",
           "byline_grpc_request_duration_seconds_bucket{method=\"Search\","
           "le=\"0.0025\"} 1\n",
           "byline_grpc_request_duration_seconds_bucket{method=\"Search\","
           "le=\"0.005\"} 3\n",
           "byline_grpc_request_duration_seconds_bucket{method=\"Search\","
           "le=\"10\"} 3\n",
           "byline_grpc_request_duration_seconds_bucket{method=\"Search\","
           "le=\"+Inf\"} 4\n",
           "byline_grpc_request_duration_seconds_sum{method=\"Search\"} 12.5\n",
           "byline_grpc_request_duration_seconds_count{method=\"Search\"} 4\n",
           "byline_refused_calls_total{reason=\"queue_full\"} 7\n",
           "byline_refused_calls_total{reason=\"budget_in_queue\"} 2\n",
           "byline_refused_calls_total{reason=\"queue_wait\"} 3\n",
           "byline_queue_depth 5\n",
           "byline_queue_capacity 256\n",
           "byline_workers 2\n",
           "byline_workers_busy 1\n",
           "byline_index_info{generation=\"gen-000004\"} 1\n",
           "byline_index_articles 40\n",
           "byline_index_passages 312\n",
           "byline_build_info{version=\"1.2.3\",git_revision=\"abc\\\"def\","
           "schema_version=\"2\"} 1\n",
       }) {
    EXPECT_THAT(text, HasSubstr(line));
  }
  // Each family's TYPE line once, before its samples.
  EXPECT_LT(text.find("# TYPE byline_grpc_requests_total"),
            text.find("byline_grpc_requests_total{"));
}

TEST(RenderPrometheusTextTest, LeavesOutTheIndexUntilKnown) {
  MetricsSnapshot s;
  const std::string text = RenderPrometheusText(s);
  ExpectWellFormed(text);
  EXPECT_THAT(text, Not(HasSubstr("byline_index_")));
  EXPECT_THAT(text, HasSubstr("byline_build_info{"));
}

TEST(ServiceMetricsTest, CountsCallsIntoBuckets) {
  ServiceMetrics metrics(CurrentBuildInfo(), {"Search", "Stats"});
  MetricsSnapshot empty = metrics.Snapshot();
  EXPECT_EQ(empty.latency.size(), 2u);  // series exist before any call
  EXPECT_EQ((empty.calls[{"Stats", "OK"}]), 0u);
  EXPECT_FALSE(empty.build.schema_version.empty());

  metrics.RecordCall("Search", 0, absl::Microseconds(300));
  metrics.RecordCall("Search", 0, absl::Milliseconds(1));  // on a bound: le
  metrics.RecordCall("Search", 3, absl::Milliseconds(7));
  metrics.RecordCall("Search", 4, absl::Seconds(20));
  metrics.RecordCall("GetArticle", 5, absl::Milliseconds(2));
  metrics.RecordRefusal(Refusal::kQueueFull);
  metrics.RecordRefusal(Refusal::kQueueFull);
  metrics.RecordRefusal(Refusal::kBudgetInQueue);
  metrics.RecordRefusal(Refusal::kQueueWait);
  MetricsSnapshot s = metrics.Snapshot();
  EXPECT_EQ((s.calls[{"Search", "OK"}]), 2u);
  EXPECT_EQ((s.calls[{"Search", "INVALID_ARGUMENT"}]), 1u);
  EXPECT_EQ((s.calls[{"Search", "DEADLINE_EXCEEDED"}]), 1u);
  EXPECT_EQ((s.calls[{"GetArticle", "NOT_FOUND"}]), 1u);
  const MetricsSnapshot::Latency& l = s.latency["Search"];
  EXPECT_EQ(l.count, 4u);
  EXPECT_EQ(l.buckets[0], 1u);                              // 0.3 ms <= 0.5 ms
  EXPECT_EQ(l.buckets[1], 1u);                              // 1 ms <= 1 ms
  EXPECT_EQ(l.buckets[4], 1u);                              // 7 ms <= 10 ms
  EXPECT_EQ(l.buckets[kLatencyBucketsSeconds.size()], 1u);  // 20 s: +Inf
  EXPECT_NEAR(l.sum_seconds, 20.0083, 1e-9);
  EXPECT_EQ(s.refused_queue_full, 2u);
  EXPECT_EQ(s.dropped_budget_in_queue, 1u);
  EXPECT_EQ(s.refused_queue_wait, 1u);
}

TEST(ServiceMetricsTest, CountsFromManyThreads) {
  ServiceMetrics metrics(CurrentBuildInfo(), {"Search"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&metrics] {
      for (int i = 0; i < 1000; ++i) {
        metrics.RecordCall("Search", i % 2 == 0 ? 0 : 8, absl::Microseconds(i));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  MetricsSnapshot s = metrics.Snapshot();
  EXPECT_EQ((s.calls[{"Search", "OK"}]), 4000u);
  EXPECT_EQ((s.calls[{"Search", "RESOURCE_EXHAUSTED"}]), 4000u);
  EXPECT_EQ(s.latency["Search"].count, 8000u);
}

TEST(ServiceMetricsTest, ClaimsEachGenerationsRefreshOnce) {
  ServiceMetrics metrics(CurrentBuildInfo(), {});
  EXPECT_TRUE(metrics.ClaimIndexRefresh("gen-000001"));
  EXPECT_FALSE(metrics.ClaimIndexRefresh("gen-000001"));  // claimed
  metrics.SetIndex("gen-000001", 10, 20);
  EXPECT_FALSE(metrics.ClaimIndexRefresh("gen-000001"));  // known
  EXPECT_TRUE(metrics.ClaimIndexRefresh("gen-000002"));
  metrics.ReleaseIndexClaim();  // the refresh failed: someone may retry
  EXPECT_TRUE(metrics.ClaimIndexRefresh("gen-000002"));
  metrics.SetIndex("gen-000002", 11, 22);
  MetricsSnapshot s = metrics.Snapshot();
  EXPECT_TRUE(s.index_known);
  EXPECT_EQ(s.generation, "gen-000002");
  EXPECT_EQ(s.articles, 11u);
  EXPECT_EQ(s.passages, 22u);
}

// ---------------------------------------------------------------------------
// The access log.

struct ParsedLine {
  std::string time, method, code, peer;
  double latency_ms = -1;
  uint64_t query_bytes = 0, hits = 0;
  size_t keys = 0;
};

::testing::AssertionResult ParseLine(const std::string& line, ParsedLine* out) {
  simdjson::dom::parser parser;
  simdjson::padded_string json(line);
  simdjson::dom::element root;
  if (auto error = parser.parse(json).get(root); error) {
    return ::testing::AssertionFailure()
           << simdjson::error_message(error) << ": " << line;
  }
  simdjson::dom::object object;
  if (root.get(object)) return ::testing::AssertionFailure() << "not an object";
  out->keys = object.size();
  std::string_view sv;
  if (object["time"].get(sv)) return ::testing::AssertionFailure() << "time";
  out->time = std::string(sv);
  if (object["method"].get(sv))
    return ::testing::AssertionFailure() << "method";
  out->method = std::string(sv);
  if (object["code"].get(sv)) return ::testing::AssertionFailure() << "code";
  out->code = std::string(sv);
  if (object["peer"].get(sv)) return ::testing::AssertionFailure() << "peer";
  out->peer = std::string(sv);
  if (object["latency_ms"].get(out->latency_ms)) {
    return ::testing::AssertionFailure() << "latency_ms";
  }
  if (object["query_bytes"].get(out->query_bytes)) {
    return ::testing::AssertionFailure() << "query_bytes";
  }
  if (object["hits"].get(out->hits))
    return ::testing::AssertionFailure() << "hits";
  return ::testing::AssertionSuccess();
}

TEST(AccessLogTest, FormatsOneJsonLine) {
  AccessLogEntry e;
  absl::Time t;
  std::string err;
  ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, "2026-12-02T12:34:56.789Z",
                              &t, &err));
  e.time = t;
  e.method = "Search";
  e.code = 3;
  e.latency = absl::Microseconds(1250);
  e.query_bytes = 11;
  e.hits = 0;
  e.peer = "ipv4:127.0.0.1:5342";
  const std::string line = FormatAccessLogLine(e);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  ParsedLine p;
  ASSERT_TRUE(ParseLine(line, &p));
  EXPECT_EQ(p.keys, 7u);
  EXPECT_EQ(p.time, "2026-12-02T12:34:56.789Z");
  EXPECT_EQ(p.method, "Search");
  EXPECT_EQ(p.code, "INVALID_ARGUMENT");
  EXPECT_DOUBLE_EQ(p.latency_ms, 1.25);
  EXPECT_EQ(p.query_bytes, 11u);
  EXPECT_EQ(p.hits, 0u);
  EXPECT_EQ(p.peer, "ipv4:127.0.0.1:5342");
}

TEST(AccessLogTest, LinesFromManyThreadsNeverInterleave) {
  TempDir dir;
  const std::string path = dir.Sub("access.log");
  {
    auto log = AccessLog::Open(path);
    ASSERT_TRUE(log.ok()) << log.status();
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < 250; ++i) {
          AccessLogEntry e;
          e.time = absl::Now();
          e.method = t % 2 == 0 ? "Search" : "GetArticle";
          e.latency = absl::Microseconds(i);
          e.query_bytes = static_cast<uint64_t>(t * 1000 + i);
          e.peer = std::string(200, 'p');  // long lines
          (*log)->Write(e);
        }
      });
    }
    for (std::thread& t : threads) t.join();
  }
  std::ifstream in(path);
  std::string line;
  std::set<uint64_t> seen;
  while (std::getline(in, line)) {
    ParsedLine p;
    ASSERT_TRUE(ParseLine(line, &p));
    EXPECT_TRUE(seen.insert(p.query_bytes).second) << line;
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(AccessLogTest, AnUnwritablePathIsAnErrorNamingIt) {
  auto log = AccessLog::Open("/nonexistent-dir/access.log");
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(std::string(log.status().message()),
              HasSubstr("/nonexistent-dir/access.log"));
}

// ---------------------------------------------------------------------------
// The HTTP endpoint.

TEST(MetricsHttpTest, LoopbackAddresses) {
  EXPECT_TRUE(IsLoopbackHostPort("127.0.0.1:9464"));
  EXPECT_TRUE(IsLoopbackHostPort("127.1.2.3:0"));
  EXPECT_TRUE(IsLoopbackHostPort("localhost:9464"));
  EXPECT_TRUE(IsLoopbackHostPort("[::1]:9464"));
  EXPECT_FALSE(IsLoopbackHostPort("0.0.0.0:9464"));
  EXPECT_FALSE(IsLoopbackHostPort("10.1.2.3:9464"));
  EXPECT_FALSE(IsLoopbackHostPort("[::]:9464"));
  EXPECT_FALSE(IsLoopbackHostPort("127.0.0.1"));
  EXPECT_FALSE(IsLoopbackHostPort(":9464"));
}

TEST(MetricsHttpTest, ServesMetricsAnd404sTheRest) {
  int renders = 0;
  MetricsHttpOptions options;
  options.listen_address = "127.0.0.1:0";
  auto server = MetricsHttpServer::Start(options, [&renders] {
    ++renders;  // one scrape at a time in this test
    return std::string("byline_test_metric 1\n");
  });
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  ASSERT_GT(port, 0);

  auto ok = testing::HttpGet(port, "/metrics");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "byline_test_metric 1\n");
  EXPECT_THAT(ok->headers, HasSubstr("text/plain; version=0.0.4"));
  EXPECT_EQ(renders, 1);

  for (const char* path : {"/", "/metricsx", "/metrics/x", "/other"}) {
    auto missing = testing::HttpGet(port, path);
    ASSERT_TRUE(missing.ok()) << path << ": " << missing.status();
    EXPECT_EQ(missing->status, 404) << path;
  }
  auto post = testing::HttpGet(port, "/metrics", "POST");
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(renders, 1);

  (*server)->Stop();
  EXPECT_FALSE(testing::HttpGet(port, "/metrics", "GET", 1000).ok());
}

TEST(MetricsHttpTest, RefusesBadAndNonLoopbackAddresses) {
  auto render = [] { return std::string(); };
  MetricsHttpOptions options;
  for (const char* bad :
       {"nonsense", "127.0.0.1:99999", "example.com:9464", "[zz]:9464"}) {
    options.listen_address = bad;
    auto server = MetricsHttpServer::Start(options, render);
    ASSERT_FALSE(server.ok()) << bad;
    EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument)
        << bad << ": " << server.status();
  }
  options.listen_address = "0.0.0.0:0";
  auto refused = MetricsHttpServer::Start(options, render);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("--metrics_allow_remote"));
  options.allow_non_loopback = true;
  auto allowed = MetricsHttpServer::Start(options, render);
  ASSERT_TRUE(allowed.ok()) << allowed.status();
  EXPECT_GT((*allowed)->port(), 0);
}

TEST(MetricsHttpTest, APortInUseIsUnavailable) {
  auto render = [] { return std::string(); };
  MetricsHttpOptions options;
  options.listen_address = "127.0.0.1:0";
  auto first = MetricsHttpServer::Start(options, render);
  ASSERT_TRUE(first.ok()) << first.status();
  options.listen_address = absl::StrCat("127.0.0.1:", (*first)->port());
  auto second = MetricsHttpServer::Start(options, render);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable)
      << second.status();
}

}  // namespace
}  // namespace byline::service

// The metrics endpoint and the access log of a real server: calls of every
// outcome through gRPC, then /metrics scraped over HTTP from 127.0.0.1 (a
// plain socket) and checked against them, and the access log's JSON lines
// parsed back (never the query text or the token). Also the `byline serve`
// binary with --metrics_listen and --access_log, and its refusal of a
// non-loopback metrics address.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <signal.h>
#include <simdjson.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "byline/v1/search.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server.h"
#include "tests/http_get.h"
#include "tests/subprocess.h"
#include "tests/test_index.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

namespace v1 = ::byline::v1;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "Bearer s3cret-token-never-logged";
constexpr char kQuery[] = "port strike rotterdam";

// The value of the sample `series` (name and labels, exactly) in a
// Prometheus text page; nullopt when absent.
std::optional<double> Sample(const std::string& page,
                             const std::string& series) {
  for (absl::string_view line : absl::StrSplit(page, '\n')) {
    if (absl::StartsWith(line, series) && line.size() > series.size() &&
        line[series.size()] == ' ') {
      double value;
      if (absl::SimpleAtod(line.substr(series.size() + 1), &value)) {
        return value;
      }
    }
  }
  return std::nullopt;
}

class MetricsServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto report = testing::BuildTestIndex(
        Index(), {testing::SourceDir() + "/data/sample/articles.jsonl"});
    ASSERT_TRUE(report.ok()) << report.status();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string Index() { return dir_->Sub("sample"); }
  static TempDir* dir_;
};
TempDir* MetricsServerTest::dir_ = nullptr;

TEST_F(MetricsServerTest, CountsEveryCallAndLogsEachAsJson) {
  TempDir logs;
  const std::string log_path = logs.Sub("access.log");
  service::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.pool.workers = 2;
  options.metrics_listen_address = "127.0.0.1:0";
  options.access_log_path = log_path;
  auto server = service::Server::Start(Index(), options);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->metrics_port(), 0);
  auto stub = v1::SearchService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                          grpc::InsecureChannelCredentials()));
  auto prepare = [](grpc::ClientContext* context) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(30));
    context->AddMetadata("authorization", kToken);
  };

  // Before any call: the index gauges and build info are there.
  auto before = testing::HttpGet((*server)->metrics_port(), "/metrics");
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_EQ(before->status, 200);
  EXPECT_EQ(Sample(before->body, "byline_index_articles"), 40);
  EXPECT_GT(Sample(before->body, "byline_index_passages").value_or(0), 40);
  EXPECT_THAT(before->body, HasSubstr("byline_index_info{generation=\"gen-"));
  EXPECT_THAT(before->body, HasSubstr("byline_build_info{version=\""));
  EXPECT_EQ(Sample(before->body,
                   "byline_grpc_request_duration_seconds_count"
                   "{method=\"Search\"}"),
            0);

  // Three good searches, one bad query, one unknown article, one Stats.
  std::vector<int> hits;
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    prepare(&context);
    v1::SearchRequest request;
    request.set_query(kQuery);
    request.set_page_size(3 + i);
    v1::SearchResponse response;
    grpc::Status status = stub->Search(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    hits.push_back(response.passages_size());
  }
  {
    grpc::ClientContext context;
    prepare(&context);
    v1::SearchRequest request;
    request.set_query("\"unclosed phrase");
    request.set_page_size(1000);  // over the cap
    v1::SearchResponse response;
    EXPECT_EQ(stub->Search(&context, request, &response).error_code(),
              grpc::INVALID_ARGUMENT);
  }
  {
    grpc::ClientContext context;
    prepare(&context);
    v1::GetArticleRequest request;
    request.set_id("no-such-article");
    v1::GetArticleResponse response;
    EXPECT_EQ(stub->GetArticle(&context, request, &response).error_code(),
              grpc::NOT_FOUND);
  }
  {
    grpc::ClientContext context;
    prepare(&context);
    v1::StatsResponse response;
    EXPECT_TRUE(stub->Stats(&context, v1::StatsRequest(), &response).ok());
  }

  auto page = testing::HttpGet((*server)->metrics_port(), "/metrics");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->status, 200);
  const std::string& m = page->body;
  EXPECT_EQ(
      Sample(m, "byline_grpc_requests_total{method=\"Search\",code=\"OK\"}"),
      3);
  EXPECT_EQ(Sample(m,
                   "byline_grpc_requests_total{method=\"Search\","
                   "code=\"INVALID_ARGUMENT\"}"),
            1);
  EXPECT_EQ(Sample(m,
                   "byline_grpc_requests_total{method=\"GetArticle\","
                   "code=\"NOT_FOUND\"}"),
            1);
  EXPECT_EQ(
      Sample(m, "byline_grpc_requests_total{method=\"Stats\",code=\"OK\"}"), 1);
  EXPECT_EQ(Sample(m,
                   "byline_grpc_request_duration_seconds_count"
                   "{method=\"Search\"}"),
            4);
  EXPECT_EQ(Sample(m,
                   "byline_grpc_request_duration_seconds_bucket"
                   "{method=\"Search\",le=\"+Inf\"}"),
            4);
  EXPECT_EQ(Sample(m,
                   "byline_grpc_request_duration_seconds_count"
                   "{method=\"GetArticle\"}"),
            1);
  EXPECT_GT(Sample(m,
                   "byline_grpc_request_duration_seconds_sum"
                   "{method=\"Search\"}")
                .value_or(0),
            0);
  // Cumulative buckets never decrease.
  double previous = 0;
  int buckets = 0;
  for (absl::string_view line : absl::StrSplit(m, '\n')) {
    if (!absl::StartsWith(line,
                          "byline_grpc_request_duration_seconds_bucket"
                          "{method=\"Search\"")) {
      continue;
    }
    double v;
    ASSERT_TRUE(absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &v));
    EXPECT_GE(v, previous) << line;
    previous = v;
    ++buckets;
  }
  EXPECT_EQ(buckets, 15);
  EXPECT_EQ(Sample(m, "byline_queue_depth"), 0);
  EXPECT_EQ(Sample(m, "byline_workers"), 2);
  EXPECT_EQ(Sample(m, "byline_refused_calls_total{reason=\"queue_full\"}"), 0);
  EXPECT_THAT(m, Not(HasSubstr("s3cret")));

  auto missing = testing::HttpGet((*server)->metrics_port(), "/");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);

  (*server)->Shutdown(absl::Seconds(5));

  // The access log: one JSON line per call, in order.
  const std::string log = testing::ReadWholeFile(log_path);
  EXPECT_THAT(log, Not(HasSubstr("s3cret")));
  EXPECT_THAT(log, Not(HasSubstr("rotterdam")));
  EXPECT_THAT(log, Not(HasSubstr("unclosed")));
  std::vector<std::string> lines = absl::StrSplit(log, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 6u) << log;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Search", "OK"},
      {"Search", "OK"},
      {"Search", "OK"},
      {"Search", "INVALID_ARGUMENT"},
      {"GetArticle", "NOT_FOUND"},
      {"Stats", "OK"}};
  simdjson::dom::parser parser;
  for (size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    simdjson::padded_string json(lines[i]);
    simdjson::dom::object object;
    ASSERT_FALSE(parser.parse(json).get(object));
    EXPECT_EQ(object.size(), 7u);
    std::string_view method, code, time, peer;
    ASSERT_FALSE(object["method"].get(method));
    ASSERT_FALSE(object["code"].get(code));
    ASSERT_FALSE(object["time"].get(time));
    ASSERT_FALSE(object["peer"].get(peer));
    EXPECT_EQ(method, expected[i].first);
    EXPECT_EQ(code, expected[i].second);
    absl::Time parsed;
    std::string err;
    EXPECT_TRUE(
        absl::ParseTime(absl::RFC3339_full, std::string(time), &parsed, &err))
        << err;
    EXPECT_EQ(time.back(), 'Z');
    EXPECT_LT(absl::AbsDuration(absl::Now() - parsed), absl::Minutes(5));
    EXPECT_THAT(std::string(peer), HasSubstr("127.0.0.1"));
    double latency_ms = -1;
    ASSERT_FALSE(object["latency_ms"].get(latency_ms));
    EXPECT_GE(latency_ms, 0);
    EXPECT_LT(latency_ms, 30000);
    uint64_t query_bytes = 0, line_hits = 0;
    ASSERT_FALSE(object["query_bytes"].get(query_bytes));
    ASSERT_FALSE(object["hits"].get(line_hits));
    if (i < 3) {
      EXPECT_EQ(query_bytes, sizeof(kQuery) - 1);
      EXPECT_EQ(line_hits, static_cast<uint64_t>(hits[i]));
      EXPECT_GT(line_hits, 0u);
    } else if (i == 3) {
      EXPECT_EQ(query_bytes, std::string("\"unclosed phrase").size());
      EXPECT_EQ(line_hits, 0u);
    } else {
      EXPECT_EQ(query_bytes, 0u);
      EXPECT_EQ(line_hits, 0u);
    }
  }
}

TEST_F(MetricsServerTest, ServeBinaryServesMetricsAndAnAccessLog) {
  TempDir work;
  const std::string out = work.Sub("out"), err = work.Sub("err");
  const std::string log_path = work.Sub("access.log");
  const std::string binary = testing::BinaryDir() + "/cli/byline";
  {
    // A non-loopback metrics address is refused without the flag.
    testing::Subprocess refused(
        {binary, "serve", "--index", Index(), "--listen", "127.0.0.1:0",
         "--metrics_listen", "0.0.0.0:0"},
        "/dev/null", out, err);
    ASSERT_NE(refused.pid(), 0) << refused.error();
    const std::optional<int> code = refused.Wait(std::chrono::seconds(60));
    ASSERT_TRUE(code.has_value());
    EXPECT_NE(*code, 0);
    EXPECT_THAT(testing::ReadWholeFile(err),
                HasSubstr("--metrics_allow_remote"));
  }
  testing::Subprocess serve(
      {binary, "serve", "--index", Index(), "--listen", "127.0.0.1:0",
       "--workers", "1", "--metrics_listen", "127.0.0.1:0", "--access_log",
       log_path},
      "/dev/null", out, err);
  ASSERT_NE(serve.pid(), 0) << serve.error();
  const int port = testing::WaitForServePort(serve, out);
  ASSERT_GT(port, 0) << testing::ReadWholeFile(err);
  const std::string printed = testing::ReadWholeFile(out);
  const std::string prefix = "metrics at http://127.0.0.1:";
  const size_t at = printed.find(prefix);
  ASSERT_NE(at, std::string::npos) << printed;
  int metrics_port = 0;
  ASSERT_TRUE(absl::SimpleAtoi(
      printed.substr(at + prefix.size(), printed.find('/', at + prefix.size()) -
                                             (at + prefix.size())),
      &metrics_port))
      << printed;

  auto stub = v1::SearchService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    v1::SearchRequest request;
    request.set_query("bank");
    v1::SearchResponse response;
    ASSERT_TRUE(stub->Search(&context, request, &response).ok());
  }
  auto page = testing::HttpGet(metrics_port, "/metrics");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Sample(page->body,
                   "byline_grpc_requests_total{method=\"Search\",code=\"OK\"}"),
            2);
  EXPECT_EQ(Sample(page->body, "byline_index_articles"), 40);
  serve.Signal(SIGTERM);
  const std::optional<int> code = serve.Wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << testing::ReadWholeFile(err);
  const std::string log = testing::ReadWholeFile(log_path);
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2) << log;
  EXPECT_THAT(log, HasSubstr("\"method\":\"Search\",\"code\":\"OK\""));
}

}  // namespace
}  // namespace byline

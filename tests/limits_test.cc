// Bounded work per request, against a real index of the sample corpus and
// real gRPC servers on loopback: a search's deadline is checked between its
// stages (each stage named, with a fake clock), a call whose time budget ran
// out in the queue is dropped unrun, a full queue answers
// RESOURCE_EXHAUSTED at once while the worker is busy, the worker is free
// again afterwards, Stats reports the server's limits, and the CLI's client
// checks its requests against them before sending.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "byline/v1/search.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "searcher/searcher.h"
#include "service/client.h"
#include "service/search_service.h"
#include "service/searcher_pool.h"
#include "service/server.h"
#include "tests/subprocess.h"
#include "tests/test_index.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

namespace v1 = ::byline::v1;
using ::testing::HasSubstr;
using ::testing::Not;

class LimitsTest : public ::testing::Test {
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
TempDir* LimitsTest::dir_ = nullptr;

// A clock that moves 1 ms at each read.
struct SteppingClock {
  absl::Time start = absl::FromUnixSeconds(1700000000);
  std::shared_ptr<int> reads = std::make_shared<int>(0);
  absl::Time At(int ms) const { return start + absl::Milliseconds(ms); }
  std::function<absl::Time()> Fn() const {
    return [start = start, reads = reads] {
      return start + absl::Milliseconds((*reads)++);
    };
  }
};

TEST_F(LimitsTest, AnExpiredDeadlineStopsTheSearchBeforeTheMatch) {
  auto searcher = Searcher::Open(Index());
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  SearchRequest request;
  request.query = "bank";
  request.deadline.at = absl::InfinitePast();
  auto result = (*searcher)->Search(request);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded)
      << result.status();
  EXPECT_THAT(std::string(result.status().message()),
              HasSubstr("before the match"));
  // The Searcher is fine afterwards.
  request.deadline = {};
  EXPECT_TRUE((*searcher)->Search(request).ok());
}

// With a deadline k clock reads away, for k = 0, 1, ..., the search stops
// at each of its stages in turn, naming it, until it has time to finish.
TEST_F(LimitsTest, EveryStageChecksTheDeadlineAndNamesItself) {
  auto searcher = Searcher::Open(Index());
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  SearchRequest request;
  request.query = "the OR bank OR port";
  request.limit = 5;
  request.sources = {"Harbour Wire", "Northern Ledger"};
  request.facets = {{FacetField::kSource, 10, DateInterval::kAuto},
                    {FacetField::kDate, 10, DateInterval::kMonth}};
  auto unbounded = (*searcher)->Search(request);
  ASSERT_TRUE(unbounded.ok()) << unbounded.status();
  ASSERT_FALSE(unbounded->hits.empty());

  std::vector<std::string> stages;
  bool finished = false;
  for (int k = 0; k < 200 && !finished; ++k) {
    SteppingClock clock;
    request.deadline.at = clock.At(k);
    request.deadline.clock = clock.Fn();
    auto result = (*searcher)->Search(request);
    if (result.ok()) {
      finished = true;
      ASSERT_EQ(result->hits.size(), unbounded->hits.size());
      for (size_t i = 0; i < result->hits.size(); ++i) {
        EXPECT_EQ(result->hits[i].article.id, unbounded->hits[i].article.id);
      }
      break;
    }
    ASSERT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded)
        << result.status();
    const std::string message(result.status().message());
    EXPECT_TRUE(absl::StartsWith(message, "deadline passed ")) << message;
    if (stages.empty() || stages.back() != message) stages.push_back(message);
  }
  ASSERT_TRUE(finished) << "never finished";
  ASSERT_GE(stages.size(), 6u) << absl::StrJoin(stages, " | ");
  EXPECT_EQ(stages[0], "deadline passed before the match");
  EXPECT_EQ(stages[1], "deadline passed after the match");
  // The date facet, which no filter narrows, then the source facet, which
  // the sources filter does (counted without it).
  EXPECT_EQ(stages[2], "deadline passed before the match counting the facets");
  EXPECT_EQ(stages[3], "deadline passed after the match counting the facets");
  EXPECT_EQ(stages[4],
            "deadline passed before the match counting the source facet");
  EXPECT_THAT(stages[5], HasSubstr("before scoring the passages of result 1"));
  EXPECT_THAT(stages.back(),
              HasSubstr("before scoring the passages of result"));
}

// ---------------------------------------------------------------------------
// A service over a pool the test can occupy, on a real gRPC server.

struct Harness {
  std::unique_ptr<service::SearcherPool> pool;
  std::unique_ptr<service::ServiceMetrics> metrics;
  std::unique_ptr<service::SearchServiceImpl> service;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<v1::SearchService::Stub> stub;

  ~Harness() {
    if (server) server->Shutdown(std::chrono::system_clock::now());
    if (pool) pool->Shutdown();
  }
};

std::unique_ptr<Harness> StartHarness(
    const std::string& index, int workers, size_t max_queued,
    absl::Duration budget,
    absl::Duration max_queue_wait = absl::InfiniteDuration()) {
  auto h = std::make_unique<Harness>();
  service::SearcherPoolOptions pool_options;
  pool_options.workers = workers;
  pool_options.max_queued = max_queued;
  pool_options.max_queue_wait = max_queue_wait;
  auto pool = service::SearcherPool::Create(index, pool_options);
  if (!pool.ok()) {
    ADD_FAILURE() << pool.status();
    return nullptr;
  }
  h->pool = *std::move(pool);
  h->metrics = std::make_unique<service::ServiceMetrics>(
      service::CurrentBuildInfo(), service::SearchServiceMethods());
  service::SearchServiceOptions options;
  options.request_budget = budget;
  h->service = std::make_unique<service::SearchServiceImpl>(
      h->pool.get(), options,
      service::SearchServiceObservers{h->metrics.get(), nullptr});
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(h->service.get());
  h->server = builder.BuildAndStart();
  if (h->server == nullptr || port == 0) {
    ADD_FAILURE() << "no server";
    return nullptr;
  }
  h->stub = v1::SearchService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  return h;
}

// Occupies one worker until the returned notification is notified.
std::shared_ptr<absl::Notification> BlockAWorker(service::SearcherPool& pool,
                                                 absl::Notification* started) {
  auto release = std::make_shared<absl::Notification>();
  EXPECT_TRUE(pool.TrySchedule([release, started](service::LiveSearcher&) {
    started->Notify();
    release->WaitForNotificationWithTimeout(absl::Seconds(60));
  }));
  return release;
}

// Waits (bounded) until `pool` has `n` tasks queued.
bool WaitForQueued(service::SearcherPool& pool, size_t n) {
  for (int i = 0; i < 2000; ++i) {
    if (pool.queued() == n) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return false;
}

v1::SearchRequest Req(const std::string& query, int page_size = 10) {
  v1::SearchRequest r;
  r.set_query(query);
  r.set_page_size(page_size);
  return r;
}

// A Search for `query` sent asynchronously (to wait in the queue); `done`
// is notified with `status` set when it ends.
struct PendingSearch {
  PendingSearch(v1::SearchService::Stub& stub, const std::string& query)
      : request(Req(query)) {
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    stub.async()->Search(&context, &request, &response, [this](grpc::Status s) {
      status = std::move(s);
      done.Notify();
    });
  }
  ~PendingSearch() { done.WaitForNotificationWithTimeout(absl::Seconds(30)); }

  grpc::ClientContext context;
  v1::SearchRequest request;
  v1::SearchResponse response;
  grpc::Status status;
  absl::Notification done;
};

// `queued` ends with `code`, a message naming `why` and "it was not run",
// and no passages.
void ExpectNotRun(PendingSearch& queued, grpc::StatusCode code,
                  const std::string& why) {
  ASSERT_TRUE(queued.done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_EQ(queued.status.error_code(), code) << queued.status.error_message();
  EXPECT_THAT(queued.status.error_message(), HasSubstr(why));
  EXPECT_THAT(queued.status.error_message(), HasSubstr("it was not run"));
  EXPECT_EQ(queued.response.passages_size(), 0);
}

// A search for "bank" is served, with passages.
void ExpectServed(v1::SearchService::Stub& stub) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  v1::SearchResponse response;
  grpc::Status status = stub.Search(&context, Req("bank"), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(response.passages_size(), 0);
}

TEST_F(LimitsTest, AFullQueueIsRefusedAtOnceAndAStaleCallIsDroppedUnrun) {
  auto h = StartHarness(Index(), /*workers=*/1, /*max_queued=*/1,
                        absl::Milliseconds(300));
  ASSERT_NE(h, nullptr);
  absl::Notification started;
  auto release = BlockAWorker(*h->pool, &started);
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));

  // The first call waits in the queue (asynchronously).
  PendingSearch queued(*h->stub, "bank");
  ASSERT_TRUE(WaitForQueued(*h->pool, 1));

  // The queue is full and the worker busy: refused at once.
  for (int i = 0; i < 5; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    v1::SearchResponse response;
    const absl::Time start = absl::Now();
    grpc::Status status = h->stub->Search(&context, Req("bank"), &response);
    const absl::Duration took = absl::Now() - start;
    EXPECT_EQ(status.error_code(), grpc::RESOURCE_EXHAUSTED)
        << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("busy"));
    EXPECT_LT(took, absl::Seconds(1)) << "refusal took " << took;
  }
  EXPECT_FALSE(queued.done.HasBeenNotified());

  // Past the queued call's budget (300 ms), the worker comes free: the
  // call is dropped without running.
  absl::SleepFor(absl::Milliseconds(400));
  release->Notify();
  ExpectNotRun(queued, grpc::DEADLINE_EXCEEDED, "time budget of 300 ms");

  // The worker is free: a call is served.
  ExpectServed(*h->stub);

  service::MetricsSnapshot snapshot = h->metrics->Snapshot();
  EXPECT_EQ(snapshot.refused_queue_full, 5u);
  EXPECT_EQ(snapshot.dropped_budget_in_queue, 1u);
  EXPECT_EQ((snapshot.calls[{"Search", "RESOURCE_EXHAUSTED"}]), 5u);
  EXPECT_EQ((snapshot.calls[{"Search", "DEADLINE_EXCEEDED"}]), 1u);
  EXPECT_EQ((snapshot.calls[{"Search", "OK"}]), 1u);
}

// The queue wait bound: lenient (the full bound) while the queue keeps
// emptying, 1/20 of it once the queue has stood non-empty for longer than
// the bound.
TEST_F(LimitsTest, TheQueueWaitBoundTightensUnderAStandingQueue) {
  auto h = StartHarness(Index(), /*workers=*/1, /*max_queued=*/8,
                        /*budget=*/absl::Seconds(20),
                        /*max_queue_wait=*/absl::Milliseconds(200));
  ASSERT_NE(h, nullptr);
  service::SearcherPool& pool = *h->pool;
  EXPECT_EQ(pool.QueueWaitBound(absl::Now()), absl::Milliseconds(200));
  absl::Notification started;
  auto release = BlockAWorker(pool, &started);
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));
  const absl::Time queued_at = absl::Now();
  ASSERT_TRUE(pool.TrySchedule([](service::LiveSearcher&) {}));
  // Non-empty for less than the bound: lenient, a second task is taken.
  EXPECT_EQ(pool.QueueWaitBound(queued_at + absl::Milliseconds(100)),
            absl::Milliseconds(200));
  EXPECT_EQ(pool.Schedule([](service::LiveSearcher&) {}),
            service::SearcherPool::Admission::kScheduled);
  // Past it: a standing queue, the bound is 10 ms.
  EXPECT_EQ(pool.QueueWaitBound(queued_at + absl::Milliseconds(250)),
            absl::Milliseconds(10));
  absl::SleepFor(absl::Milliseconds(250));
  EXPECT_EQ(pool.Schedule([](service::LiveSearcher&) {}),
            service::SearcherPool::Admission::kQueueTooSlow);
  // Drained, but a call was just refused: strict through the overload;
  // lenient again once a whole bound passes without a refusal.
  release->Notify();
  ASSERT_TRUE(WaitForQueued(pool, 0));
  const absl::Time drained = absl::Now();
  EXPECT_EQ(pool.QueueWaitBound(drained), absl::Milliseconds(10));
  EXPECT_EQ(pool.QueueWaitBound(drained + absl::Milliseconds(250)),
            absl::Milliseconds(200));
}

// CoDel's test: the queue empties between calls, but every call taken by
// the worker during a whole interval had waited longer than the target
// (30 ms and more against 10): the queue stands all the same, and the
// bound tightens; it relaxes once calls stop waiting.
TEST_F(LimitsTest, TheQueueWaitBoundTightensWhenEveryCallWaits) {
  auto h = StartHarness(Index(), /*workers=*/1, /*max_queued=*/8,
                        /*budget=*/absl::Seconds(20),
                        /*max_queue_wait=*/absl::Milliseconds(200));
  ASSERT_NE(h, nullptr);
  service::SearcherPool& pool = *h->pool;
  absl::Notification started;
  auto running = BlockAWorker(pool, &started);  // taken at once: waited 0
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));
  const absl::Time begin = absl::Now();
  bool lenient_at_first = false;
  while (absl::Now() - begin < absl::Milliseconds(700)) {
    absl::Notification next_started;
    auto next = BlockAWorker(pool, &next_started);  // queued behind `running`
    absl::SleepFor(absl::Milliseconds(30));
    if (absl::Now() - begin < absl::Milliseconds(150)) {
      // Within the first interval no verdict has been reached.
      lenient_at_first = pool.QueueWaitBound(absl::Now()) ==
                         absl::Milliseconds(200);
    }
    running->Notify();  // the worker takes `next`, which waited >= 30 ms
    ASSERT_TRUE(next_started.WaitForNotificationWithTimeout(absl::Seconds(10)));
    running = next;
  }
  EXPECT_TRUE(lenient_at_first);
  // The queue is empty (it never stood non-empty for 200 ms), yet the last
  // whole interval's calls all waited: the target applies.
  EXPECT_EQ(pool.queued(), 0u);
  EXPECT_EQ(pool.QueueWaitBound(absl::Now()), absl::Milliseconds(10));
  running->Notify();
  // Two intervals without a call taken: the verdict has expired.
  EXPECT_EQ(pool.QueueWaitBound(absl::Now() + absl::Milliseconds(450)),
            absl::Milliseconds(200));
}

// Overload: while the queue does not drain within the queue wait bound,
// new calls are refused at once, and a call that waited past the bound is
// shed unrun when a worker reaches it; the next call is served.
TEST_F(LimitsTest, ACallIsRefusedOrShedPastTheQueueWaitBound) {
  auto h = StartHarness(Index(), /*workers=*/1, /*max_queued=*/8,
                        /*budget=*/absl::Seconds(20),
                        /*max_queue_wait=*/absl::Milliseconds(100));
  ASSERT_NE(h, nullptr);
  absl::Notification started;
  auto release = BlockAWorker(*h->pool, &started);
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));

  // Queued behind the busy worker: within the bound, it is accepted.
  PendingSearch queued(*h->stub, "bank");
  ASSERT_TRUE(WaitForQueued(*h->pool, 1));
  absl::SleepFor(absl::Milliseconds(200));

  // The oldest queued call has waited past the bound: refused at once,
  // though the queue has room.
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    v1::SearchResponse response;
    const absl::Time start = absl::Now();
    grpc::Status status = h->stub->Search(&context, Req("bank"), &response);
    EXPECT_EQ(status.error_code(), grpc::RESOURCE_EXHAUSTED)
        << status.error_message();
    // The queue has stood for 200 ms, past the 100 ms bound: it is 5 ms.
    EXPECT_THAT(status.error_message(),
                HasSubstr("oldest queued call has waited past the queue "
                          "wait bound of 5.0 ms"));
    EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  }
  EXPECT_EQ(h->pool->queued(), 1u);

  // The worker comes free: the waiting call is shed, not run.
  release->Notify();
  ExpectNotRun(queued, grpc::RESOURCE_EXHAUSTED,
               "in the queue, past the queue wait bound");

  // The queue is empty again: served.
  ExpectServed(*h->stub);

  service::MetricsSnapshot snapshot = h->metrics->Snapshot();
  EXPECT_EQ(snapshot.refused_queue_wait, 2u);
  EXPECT_EQ(snapshot.refused_queue_full, 0u);
  EXPECT_EQ((snapshot.calls[{"Search", "RESOURCE_EXHAUSTED"}]), 2u);
  EXPECT_EQ((snapshot.calls[{"Search", "OK"}]), 1u);
}

// A client deadline shorter than the budget wins; a budget shorter than
// the client's deadline wins.
TEST_F(LimitsTest, TheClientDeadlineCanOnlyShortenTheBudget) {
  auto h = StartHarness(Index(), 1, 4, absl::Milliseconds(200));
  ASSERT_NE(h, nullptr);
  for (const auto& [client_ms, expect_budget] :
       {std::pair{100, false}, std::pair{5000, true}}) {
    absl::Notification started;
    auto release = BlockAWorker(*h->pool, &started);
    ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(client_ms));
    v1::SearchRequest request = Req("bank");
    v1::SearchResponse response;
    grpc::Status status;
    absl::Notification done;
    h->stub->async()->Search(&context, &request, &response,
                             [&](grpc::Status s) {
                               status = std::move(s);
                               done.Notify();
                             });
    ASSERT_TRUE(WaitForQueued(*h->pool, 1));
    absl::SleepFor(absl::Milliseconds(300));
    release->Notify();
    ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
    EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED)
        << status.error_message();
    if (expect_budget) {
      EXPECT_THAT(status.error_message(), HasSubstr("time budget of 200 ms"));
    }
  }
}

// A 1 ms budget on a search that scores a hundred articles' passages: each
// call succeeds or is stopped at a named stage, and the worker serves
// normally afterwards.
TEST_F(LimitsTest, ATinyBudgetStopsASearchAtANamedStage) {
  auto h = StartHarness(Index(), 1, 8, absl::Milliseconds(1));
  ASSERT_NE(h, nullptr);
  int stopped_at_stage = 0, ok = 0;
  for (int i = 0; i < 50 && stopped_at_stage < 3; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    v1::SearchRequest request = Req("the OR company OR bank OR port", 100);
    request.set_passages_per_article(3);
    v1::SearchResponse response;
    grpc::Status status = h->stub->Search(&context, request, &response);
    if (status.ok()) {
      ++ok;
      continue;
    }
    ASSERT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED)
        << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("time budget of 1 ms"));
    if (absl::StrContains(status.error_message(), "deadline passed before") ||
        absl::StrContains(status.error_message(), "deadline passed after")) {
      ++stopped_at_stage;
    }
  }
  std::printf("1 ms budget: %d stopped at a stage, %d finished\n",
              stopped_at_stage, ok);
  EXPECT_GT(stopped_at_stage, 0);
  // The worker comes free (it counts itself idle just after answering).
  for (int i = 0; i < 200 && h->pool->busy() != 0; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(h->pool->busy(), 0);
  // And serves again. Stats is cheap, but the 1 ms budget holds for it too,
  // and a sanitizer build can take longer than that: a call that runs out
  // must say so, and one of a few must get through.
  bool served = false;
  for (int i = 0; i < 20 && !served; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    v1::StatsResponse stats;
    const grpc::Status status =
        h->stub->Stats(&context, v1::StatsRequest(), &stats);
    if (status.ok()) {
      served = true;
      EXPECT_GT(stats.articles(), 0u);
    } else {
      ASSERT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED)
          << status.error_message();
      EXPECT_THAT(status.error_message(), HasSubstr("time budget of 1 ms"));
    }
  }
  EXPECT_TRUE(served) << "no Stats call got through after the searches";
}

TEST_F(LimitsTest, StatsReportsTheServersLimits) {
  service::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.pool.workers = 2;
  options.pool.max_queued = 7;
  options.pool.max_queue_wait = absl::Milliseconds(80);
  options.service.max_page_size = 25;
  options.service.max_query_bytes = 300;
  options.service.request_budget = absl::Milliseconds(1500);
  options.max_message_bytes = 1 << 20;
  auto server = service::Server::Start(Index(), options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::SearchService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  v1::StatsResponse stats;
  grpc::Status status = stub->Stats(&context, v1::StatsRequest(), &stats);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stats.articles(), 40u);
  ASSERT_TRUE(stats.has_limits());
  const v1::ServerLimits& l = stats.limits();
  EXPECT_EQ(l.max_query_bytes(), 300u);
  EXPECT_EQ(l.max_page_size(), 25u);
  EXPECT_EQ(l.max_result_window(), 10000u);
  EXPECT_EQ(l.max_passages_per_article(), kMaxPassagesPerArticle);
  EXPECT_EQ(l.max_facets(), 6u);
  EXPECT_EQ(l.max_facet_values(), kMaxFacetValues);
  EXPECT_EQ(l.max_message_bytes(), 1u << 20);
  EXPECT_EQ(l.request_budget_ms(), 1500u);
  EXPECT_EQ(l.max_queue(), 7u);
  EXPECT_EQ(l.max_queue_wait_ms(), 80u);
  EXPECT_EQ(l.workers(), 2u);
  (*server)->Shutdown(absl::Seconds(5));
}

// The CLI's client reads the limits and refuses what the server would,
// before sending; within them it pages at the server's page cap.
TEST_F(LimitsTest, TheClientChecksRequestsAgainstTheServersLimits) {
  TempDir logs;
  service::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.service.max_page_size = 7;
  options.service.max_query_bytes = 64;
  options.access_log_path = logs.Sub("access.log");
  auto server = service::Server::Start(Index(), options);
  ASSERT_TRUE(server.ok()) << server.status();
  service::RemoteSearcher remote(absl::StrCat("127.0.0.1:", (*server)->port()),
                                 absl::Seconds(30));
  auto limits = remote.Limits();
  ASSERT_TRUE(limits.ok()) << limits.status();
  EXPECT_EQ(limits->max_page_size(), 7u);

  SearchRequest deep;
  deep.query = "bank";
  deep.offset = 9995;
  deep.limit = 10;
  auto r = remote.Search(deep);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("10000"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("10005"));

  SearchRequest long_query;
  long_query.query = std::string(65, 'a');
  r = remote.Search(long_query);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("at most 64 bytes"));

  SearchRequest passages;
  passages.query = "bank";
  passages.passages_per_article = 101;
  r = remote.Search(passages);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("passages"));

  // Within the limits: 20 results in pages of at most 7.
  SearchRequest wide;
  wide.query = "the OR port";
  wide.limit = 20;
  r = remote.Search(wide);
  ASSERT_TRUE(r.ok()) << r.status();
  auto local = Searcher::Open(Index());
  ASSERT_TRUE(local.ok());
  auto l = (*local)->Search(wide);
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(r->hits.size(), l->hits.size());
  for (size_t i = 0; i < r->hits.size(); ++i) {
    EXPECT_EQ(r->hits[i].article.id, l->hits[i].article.id) << i;
  }
  (*server)->Shutdown(absl::Seconds(5));

  // The refused requests never reached the server: one Stats, then only
  // the pages of the last search (20 results, 7 a page), all OK.
  const std::string log = testing::ReadWholeFile(logs.Sub("access.log"));
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 4) << log;
  EXPECT_THAT(log, Not(HasSubstr("INVALID_ARGUMENT")));
}

}  // namespace
}  // namespace byline

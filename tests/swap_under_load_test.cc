// Zero failed requests while the index changes under a live server: the
// real `byline serve` answers 4 gRPC clients in bounded loops while the real
// binary runs 5 updates, 1 rebuild, 1 compact and 1 rollback on its index.
// Every response must succeed and come from exactly one generation: a
// page 2 followed by its token comes from its page 1's generation, and
// every generation named is one that a job made live.
#include <signal.h>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "byline/v1/search.grpc.pb.h"
#include "generations/index_directory.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/subprocess.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

namespace v1 = ::byline::v1;

std::string Byline() { return testing::BinaryDir() + "/cli/byline"; }

// Runs a job to completion; returns the live generation afterwards.
std::string RunJob(const std::vector<std::string>& args, const TempDir& io,
                   const std::string& index) {
  std::vector<std::string> argv = {Byline()};
  argv.insert(argv.end(), args.begin(), args.end());
  testing::Subprocess job(argv, "/dev/null", io.Sub("job.out"),
                          io.Sub("job.err"));
  const std::optional<int> code = job.Wait(std::chrono::seconds(120));
  EXPECT_EQ(code, 0) << args[0] << ": "
                     << testing::ReadWholeFile(io.Sub("job.err"));
  auto live = generations::ReadLiveGeneration(index);
  return live.ok() ? *live : "";
}

TEST(SwapUnderLoadTest, NoFailedRequestAndOneGenerationPerResponse) {
  TempDir io;
  const std::string index = io.Sub("index");
  const std::string sample =
      testing::SourceDir() + "/data/sample/articles.jsonl";
  std::set<std::string> made_live;
  made_live.insert(
      RunJob({"index", "--index", index, "--shards", "2", sample}, io, index));

  // Five nightly feeds of 30 new articles each, and one tombstone.
  std::vector<std::string> feeds;
  for (int night = 1; night <= 5; ++night) {
    feeds.push_back(io.Sub(absl::StrCat("night-", night, ".jsonl")));
    std::ofstream feed(feeds.back());
    for (int i = 1; i <= 30; ++i) {
      feed << "{\"id\":\"night-" << night << "-" << i
           << "\",\"title\":\"Harbour port bulletin " << night << "." << i
           << "\",\"body\":\"The port of Velsen reopened berth " << i
           << " after repairs, the harbour office said.\"}\n";
    }
    feed << "{\"id\":\"sample-0" << (10 + night) << "\",\"deleted\":true}\n";
  }

  testing::Subprocess server(
      {Byline(), "serve", "--index", index, "--listen", "127.0.0.1:0",
       "--workers", "2"},
      "/dev/null", io.Sub("serve.out"), io.Sub("serve.err"));
  ASSERT_NE(server.pid(), 0) << server.error();
  const int port = testing::WaitForServePort(server, io.Sub("serve.out"));
  ASSERT_GT(port, 0) << testing::ReadWholeFile(io.Sub("serve.err"));
  const std::string target = absl::StrCat("127.0.0.1:", port);

  std::atomic<bool> jobs_done{false};
  std::mutex mu;
  std::vector<std::string> failures;
  std::set<std::string> seen;
  std::atomic<int> calls{0};
  auto client = [&](int seed) {
    auto stub = v1::SearchService::NewStub(
        grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
    // Bounded: at most 20,000 rounds, and a few rounds after the jobs end.
    int after_jobs = 0;
    for (int round = 0; round < 20000 && after_jobs < 20; ++round) {
      if (jobs_done.load()) ++after_jobs;
      auto note = [&](const std::string& what) {
        std::lock_guard<std::mutex> lock(mu);
        failures.push_back(what);
      };
      v1::SearchRequest request;
      request.set_query(seed % 2 == 0 ? "port OR harbour" : "strike OR port");
      request.set_page_size(3);
      v1::SearchResponse first;
      grpc::ClientContext c1;
      c1.set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(10));
      grpc::Status s = stub->Search(&c1, request, &first);
      ++calls;
      if (!s.ok()) {
        note(absl::StrCat("search: ", s.error_code(), " ", s.error_message()));
        continue;
      }
      if (!first.next_page_token().empty()) {
        v1::SearchRequest next = request;
        next.set_page_token(first.next_page_token());
        v1::SearchResponse second;
        grpc::ClientContext c2;
        c2.set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
        s = stub->Search(&c2, next, &second);
        ++calls;
        if (!s.ok()) {
          note(absl::StrCat("page 2: ", s.error_code(), " ",
                            s.error_message()));
        } else if (second.generation() != first.generation()) {
          note(absl::StrCat("page 2 from ", second.generation(),
                            ", page 1 from ", first.generation()));
        }
      }
      v1::StatsRequest stats_request;
      v1::StatsResponse stats;
      grpc::ClientContext c3;
      c3.set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(10));
      s = stub->Stats(&c3, stats_request, &stats);
      ++calls;
      if (!s.ok()) {
        note(absl::StrCat("stats: ", s.error_code(), " ", s.error_message()));
        continue;
      }
      std::lock_guard<std::mutex> lock(mu);
      seen.insert(first.generation());
      seen.insert(stats.generation());
    }
  };
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) clients.emplace_back(client, i);

  auto pause = [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  };
  for (const std::string& feed : feeds) {
    pause();
    made_live.insert(RunJob({"update", "--index", index, feed}, io, index));
  }
  pause();
  std::vector<std::string> rebuild = {"rebuild", "--index", index, sample};
  for (const std::string& feed : feeds) rebuild.push_back(feed);
  made_live.insert(RunJob(rebuild, io, index));
  pause();
  made_live.insert(RunJob({"compact", "--index", index}, io, index));
  pause();
  made_live.insert(RunJob({"rollback", "--index", index}, io, index));
  pause();
  jobs_done.store(true);
  for (std::thread& t : clients) t.join();

  EXPECT_THAT(failures, ::testing::IsEmpty());
  EXPECT_GT(calls.load(), 100);
  for (const std::string& g : seen) {
    EXPECT_TRUE(made_live.count(g)) << g << " was never made live";
  }
  // The server followed: it answered from several generations.
  EXPECT_GE(seen.size(), 3u);
  RecordProperty("calls", calls.load());
  RecordProperty("generations_seen", static_cast<int>(seen.size()));

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(std::chrono::seconds(30)), 0)
      << testing::ReadWholeFile(io.Sub("serve.err"));
}

}  // namespace
}  // namespace byline

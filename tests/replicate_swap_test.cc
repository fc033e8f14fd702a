// Scale-out end to end (issue 11), with real processes only: a build
// host's index served by xapian-replicate-server; four shard hosts (2
// shards x 2 replicas) run by deploy/byline-shard-host, each pulling its
// shard of every new generation with xapian-replicate and serving it with
// xapian-tcpsrv on that generation's port; a front end made live by
// `byline publish` and served by `byline serve`. Under load from gRPC
// clients, three nightly generations are replicated and published with
// zero failed requests, and answers match the build host's own index.
// Then one replica of a shard is killed (no failed request: failover), and
// the other (UNAVAILABLE naming the shard, within the deadline).
#include <arpa/inet.h>
#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/match.h"
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

namespace fs = std::filesystem;
namespace v1 = ::byline::v1;
using Clock = std::chrono::steady_clock;

constexpr int kSlots = 4;  // ports per shard host (byline publish default)

std::string Byline() { return testing::BinaryDir() + "/cli/byline"; }
std::string ShardHostScript() {
  return testing::SourceDir() + "/deploy/byline-shard-host";
}

bool PortFree(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok =
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// A first port of `count` consecutive ports free a moment ago (bounded
// search from a pid-dependent start, so parallel test runs differ).
int FreePortRange(int count) {
  int base = 20000 + (getpid() * 37) % 30000;
  for (int attempt = 0; attempt < 200; ++attempt, base += count + 1) {
    if (base + count > 60000) base = 20000;
    bool all = true;
    for (int p = base; p < base + count && all; ++p) all = PortFree(p);
    if (all) return base;
  }
  return 0;
}

// Runs a command to completion (bounded); returns its exit code and keeps
// its stderr for messages.
struct CommandRun {
  std::optional<int> code;
  std::string err;
};
CommandRun RunCommand(const std::vector<std::string>& argv, const TempDir& io,
               const std::string& name) {
  testing::Subprocess p(argv, "/dev/null", io.Sub(name + ".out"),
                        io.Sub(name + ".err"));
  CommandRun run;
  run.code = p.Wait(std::chrono::seconds(120));
  run.err = testing::ReadWholeFile(io.Sub(name + ".err"));
  return run;
}

// Kills the process group of every xapian-tcpsrv the script started under
// `dir` (its pid files), SIGKILL, so that nothing outlives the test.
void KillAllServers(const std::string& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() != ".pid") continue;
    const pid_t pid = std::atoi(testing::ReadWholeFile(it->path()).c_str());
    if (pid > 1 && getpgid(pid) == pid) kill(-pid, SIGKILL);
  }
}

class ReplicateSwapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"/usr/bin/xapian-tcpsrv",
                             "/usr/bin/xapian-replicate",
                             "/usr/bin/xapian-replicate-server"}) {
      if (!fs::exists(tool)) GTEST_SKIP() << "needs " << tool;
    }
    build_ = io_.Sub("build");
    front_ = io_.Sub("front");
    hosts_dir_ = io_.Sub("hosts");
    base_ = FreePortRange(1 + 4 * kSlots);
    ASSERT_GT(base_, 0) << "no free port range";
    // The script leaves each xapian-tcpsrv running as a daemon; as their
    // subreaper, this process gets them back when the script exits, so
    // TearDown reaps them (nothing is left behind, not even a zombie).
    ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  }
  void TearDown() override {
    if (hosts_dir_.empty()) return;
    KillAllServers(hosts_dir_);
    // Bounded: every child was killed; reap until none is left (5 s).
    for (int i = 0; i < 100; ++i) {
      pid_t pid;
      while ((pid = waitpid(-1, nullptr, WNOHANG)) > 0) {
      }
      if (pid < 0) break;  // ECHILD: no child left
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  std::string HostDir(int shard, int replica) const {
    return absl::StrCat(hosts_dir_, "/host-", shard, replica);
  }
  int BasePort(int shard, int replica) const {
    return base_ + 1 + (shard * 2 + replica) * kSlots;
  }
  // The port a host serves generation `number` on (as GenerationPort).
  int Port(int shard, int replica, int number) const {
    return BasePort(shard, replica) + number % kSlots;
  }
  std::string ShardHosts() const {
    std::string hosts;
    for (int s = 0; s < 2; ++s) {
      absl::StrAppend(&hosts, s ? ";" : "", "127.0.0.1:", BasePort(s, 0),
                      ",127.0.0.1:", BasePort(s, 1));
    }
    return hosts;
  }

  // What a nightly job does after the build: every shard host pulls and
  // serves its shard of `generation`, then the front end publishes it.
  void DeployAndPublish(const std::string& generation) {
    for (int s = 0; s < 2; ++s) {
      for (int r = 0; r < 2; ++r) {
        ASSERT_NO_FATAL_FAILURE(DeployOne(generation, s, r));
      }
    }
    const CommandRun publish = Publish(ShardHosts());
    ASSERT_EQ(publish.code, 0) << publish.err;
    auto live = generations::ReadLiveGeneration(front_);
    ASSERT_TRUE(live.ok()) << live.status();
    EXPECT_EQ(*live, generation);
  }

  void DeployOne(const std::string& generation, int s, int r) {
    const CommandRun run = RunCommand(
        {"/bin/bash", ShardHostScript(), "deploy", "--master",
         absl::StrCat("127.0.0.1:", base_), "--generation", generation,
         "--shard", std::to_string(s), "--dir", HostDir(s, r), "--base_port",
         std::to_string(BasePort(s, r)), "--slots", std::to_string(kSlots)},
        io_, "shard-host");
    ASSERT_EQ(run.code, 0) << generation << " shard " << s << ": " << run.err;
  }

  CommandRun Publish(const std::string& shard_hosts,
                     std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {
        Byline(),      "publish",   "--index",       front_,
        "--manifest",  build_,      "--shard_hosts", shard_hosts,
        "--port_slots", std::to_string(kSlots), "--remote_connect_timeout_ms",
        "1000",        "--remote_timeout_ms", "3000"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunCommand(argv, io_, "publish");
  }

  std::unique_ptr<testing::Subprocess> StartReplicateServer() {
    auto server = std::make_unique<testing::Subprocess>(
        std::vector<std::string>{"/usr/bin/setsid",
                                 "/usr/bin/xapian-replicate-server", "--port",
                                 std::to_string(base_), "--interface",
                                 "127.0.0.1", build_},
        "/dev/null", io_.Sub("replicate.out"), io_.Sub("replicate.err"));
    EXPECT_NE(server->pid(), 0) << server->error();
    return server;
  }

  static void StopReplicateServer(testing::Subprocess& server) {
    if (getpgid(server.pid()) == server.pid()) kill(-server.pid(), SIGKILL);
    server.Signal(SIGKILL);
    server.Wait(std::chrono::seconds(10));
  }

  std::string UpdateBuild(int night) {
    const std::string feed = io_.Sub(absl::StrCat("night-", night, ".jsonl"));
    {
      std::ofstream out(feed);
      for (int i = 1; i <= 12; ++i) {
        out << "{\"id\":\"night-" << night << "-" << i
            << "\",\"title\":\"Harbour port bulletin " << night << "." << i
            << "\",\"body\":\"The port of Velsen reopened berth " << i
            << " after repairs, the harbour office said on night " << night
            << ".\"}\n";
      }
      out << "{\"id\":\"sample-0" << (10 + night) << "\",\"deleted\":true}\n";
    }
    const CommandRun run =
        RunCommand({Byline(), "update", "--index", build_, feed}, io_, "job");
    EXPECT_EQ(run.code, 0) << run.err;
    auto live = generations::ReadLiveGeneration(build_);
    return live.ok() ? *live : "";
  }

  TempDir io_;
  std::string build_, front_, hosts_dir_;
  int base_ = 0;
};

std::unique_ptr<v1::SearchService::Stub> Connect(int port) {
  return v1::SearchService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
}

std::unique_ptr<grpc::ClientContext> Deadline(int seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(seconds));
  return context;
}

// Same answer, but for the time it took (scores within 1e-9).
void ExpectSameSearch(const v1::SearchResponse& front,
                      const v1::SearchResponse& build,
                      const std::string& query) {
  v1::SearchResponse a = front, b = build;
  a.clear_took();
  b.clear_took();
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_float_comparison(
      google::protobuf::util::DefaultFieldComparator::APPROXIMATE);
  comparator.SetDefaultFractionAndMargin(1e-12, 1e-9);
  google::protobuf::util::MessageDifferencer differencer;
  differencer.set_field_comparator(&comparator);
  std::string diff;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(a, b)) << query << ":\n" << diff;
  EXPECT_GT(front.passages_size(), 0) << query;
}

TEST_F(ReplicateSwapTest, ReplicatedGenerationsSwapUnderLoadAndFailOver) {
  const std::string sample =
      testing::SourceDir() + "/data/sample/articles.jsonl";
  CommandRun first = RunCommand(
      {Byline(), "index", "--index", build_, "--shards", "2", sample}, io_,
      "job");
  ASSERT_EQ(first.code, 0) << first.err;
  auto replicate_server = StartReplicateServer();
  DeployAndPublish("gen-000001");

  // The front end and, to compare with, the build host's own index.
  testing::Subprocess front_server(
      {Byline(), "serve", "--index", front_, "--listen", "127.0.0.1:0",
       "--workers", "2"},
      "/dev/null", io_.Sub("front.out"), io_.Sub("front.err"));
  const int front_port =
      testing::WaitForServePort(front_server, io_.Sub("front.out"));
  ASSERT_GT(front_port, 0) << testing::ReadWholeFile(io_.Sub("front.err"));
  testing::Subprocess build_server(
      {Byline(), "serve", "--index", build_, "--listen", "127.0.0.1:0",
       "--workers", "1"},
      "/dev/null", io_.Sub("buildsrv.out"), io_.Sub("buildsrv.err"));
  const int build_port =
      testing::WaitForServePort(build_server, io_.Sub("buildsrv.out"));
  ASSERT_GT(build_port, 0) << testing::ReadWholeFile(io_.Sub("buildsrv.err"));

  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> failures;
  std::set<std::string> seen;
  std::atomic<int> calls{0};
  auto client = [&](int seed) {
    auto stub = Connect(front_port);
    // Bounded: at most 50,000 rounds.
    for (int round = 0; round < 50000 && !stop.load(); ++round) {
      v1::SearchRequest request;
      request.set_query(seed % 2 ? "port OR harbour" : "strike OR bank");
      request.set_page_size(4);
      request.set_passages_per_article(2);
      v1::SearchResponse response;
      grpc::Status s = stub->Search(Deadline(10).get(), request, &response);
      ++calls;
      v1::GetArticleRequest get;
      get.set_id("sample-002");
      v1::GetArticleResponse article;
      grpc::Status g =
          s.ok() ? stub->GetArticle(Deadline(10).get(), get, &article) : s;
      ++calls;
      std::lock_guard<std::mutex> lock(mu);
      if (!s.ok() || !g.ok()) {
        failures.push_back(absl::StrCat(s.ok() ? "get: " : "search: ",
                                        g.error_code(), " ",
                                        g.error_message()));
      } else {
        seen.insert(response.generation());
      }
    }
  };
  std::vector<std::thread> clients;
  for (int i = 0; i < 3; ++i) clients.emplace_back(client, i);
  auto wait_for = [&](const std::string& generation) {
    const auto until = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < until) {
      {
        std::lock_guard<std::mutex> lock(mu);
        if (seen.count(generation)) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  ASSERT_TRUE(wait_for("gen-000001"));

  // Four nights: gen-000002 to gen-000005. With 4 port slots, gen-000005
  // takes gen-000001's ports, so the shard hosts retire its servers.
  std::string live;
  for (int night = 1; night <= 4; ++night) {
    live = UpdateBuild(night);
    ASSERT_EQ(live, generations::GenerationName(1 + night));
    DeployAndPublish(live);
    EXPECT_TRUE(wait_for(live)) << "the front end never served " << live;
  }
  // gen-000005 took gen-000001's slot: its servers were retired, and the
  // front end keeps only 2 older generations besides the live one.
  EXPECT_FALSE(fs::exists(HostDir(0, 0) + "/gen-000001"));
  EXPECT_TRUE(fs::exists(HostDir(0, 0) + "/gen-000004/shard-000"));
  EXPECT_FALSE(fs::exists(front_ + "/gen-000002"));

  // Answers over the replicas equal those of the build host's index.
  auto front_stub = Connect(front_port);
  auto build_stub = Connect(build_port);
  for (const char* query :
       {"port strike", "\"central bank\" rate", "freight OR shipping",
        "title:profit", "harbour berth", "source:\"Harbour Wire\""}) {
    v1::SearchRequest request;
    request.set_query(query);
    request.set_passages_per_article(2);
    v1::SearchResponse a, b;
    ASSERT_TRUE(front_stub->Search(Deadline(10).get(), request, &a).ok());
    ASSERT_TRUE(build_stub->Search(Deadline(10).get(), request, &b).ok());
    EXPECT_EQ(a.generation(), live);
    ExpectSameSearch(a, b, query);
  }
  v1::StatsResponse front_stats, build_stats;
  ASSERT_TRUE(front_stub->Stats(Deadline(10).get(), {}, &front_stats).ok());
  ASSERT_TRUE(build_stub->Stats(Deadline(10).get(), {}, &build_stats).ok());
  EXPECT_EQ(front_stats.articles(), build_stats.articles());
  EXPECT_EQ(front_stats.passages(), build_stats.passages());
  EXPECT_EQ(front_stats.generation(), live);

  // One replica of shard 0 dies under load: the front end fails over.
  const CommandRun stop_one = RunCommand(
      {"/bin/bash", ShardHostScript(), "stop", "--generation", live,
       "--shard", "0", "--dir", HostDir(0, 0)},
      io_, "shard-host");
  ASSERT_EQ(stop_one.code, 0) << stop_one.err;
  const int before = calls.load();
  for (int i = 0; i < 200 && calls.load() < before + 60; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop.store(true);
  for (std::thread& t : clients) t.join();
  EXPECT_THAT(failures, ::testing::IsEmpty());
  EXPECT_GE(calls.load(), before + 60);
  RecordProperty("calls", calls.load());
  for (const std::string& g : seen) {
    EXPECT_TRUE(generations::ParseGenerationName(g).has_value()) << g;
  }
  EXPECT_GE(seen.size(), 5u);

  // Its other replica dies too: UNAVAILABLE naming shard 0, in time.
  const CommandRun stop_two = RunCommand(
      {"/bin/bash", ShardHostScript(), "stop", "--generation", live,
       "--shard", "0", "--dir", HostDir(0, 1)},
      io_, "shard-host");
  ASSERT_EQ(stop_two.code, 0) << stop_two.err;
  v1::SearchRequest request;
  request.set_query("port");
  v1::SearchResponse response;
  const auto start = Clock::now();
  const grpc::Status s =
      front_stub->Search(Deadline(8).get(), request, &response);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(8));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "shard 0"))
      << s.error_message();
  // Stats needs every shard too.
  v1::StatsResponse stats;
  const grpc::Status st = front_stub->Stats(Deadline(8).get(), {}, &stats);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(absl::StrContains(st.error_message(), "shard 0"))
      << st.error_message();

  front_server.Signal(SIGTERM);
  EXPECT_EQ(front_server.Wait(std::chrono::seconds(30)), 0)
      << testing::ReadWholeFile(io_.Sub("front.err"));
  build_server.Signal(SIGTERM);
  EXPECT_EQ(build_server.Wait(std::chrono::seconds(30)), 0);
  StopReplicateServer(*replicate_server);
}

// Publishing checks every replica before it switches: wrong data refuses
// (exit 4), a missing shard fails (exit 3), bad options are usage errors
// (exit 2), a silent replica is a warning; and a front-end generation whose
// ports serve another generation is never read.
TEST_F(ReplicateSwapTest, PublishChecksReplicasAndSearchersCheckStamps) {
  const std::string sample =
      testing::SourceDir() + "/data/sample/articles.jsonl";
  const CommandRun first = RunCommand(
      {Byline(), "index", "--index", build_, "--shards", "2", sample}, io_,
      "job");
  ASSERT_EQ(first.code, 0) << first.err;
  auto replicate_server = StartReplicateServer();
  for (int s = 0; s < 2; ++s) {
    for (int r = 0; r < 2; ++r) {
      ASSERT_NO_FATAL_FAILURE(DeployOne("gen-000001", s, r));
    }
  }
  const std::string swapped = absl::StrCat(
      "127.0.0.1:", BasePort(1, 0), ",127.0.0.1:", BasePort(1, 1),
      ";127.0.0.1:", BasePort(0, 0), ",127.0.0.1:", BasePort(0, 1));
  CommandRun run = Publish(swapped);
  EXPECT_EQ(run.code, 4) << run.err;
  EXPECT_TRUE(absl::StrContains(run.err, "serves gen-000001 shard 1, not "
                                         "gen-000001 shard 0"))
      << run.err;
  EXPECT_FALSE(generations::ReadLiveGeneration(front_).ok());

  run = Publish(ShardHosts(), {"--keep", "3"});
  EXPECT_EQ(run.code, 2) << run.err;
  EXPECT_TRUE(absl::StrContains(run.err, "port slots")) << run.err;
  run = Publish(absl::StrCat("127.0.0.1:", BasePort(0, 0)));
  EXPECT_EQ(run.code, 2) << run.err;
  EXPECT_TRUE(absl::StrContains(run.err, "2 shards")) << run.err;

  // One replica down: published, with a warning naming it.
  ASSERT_EQ(RunCommand({"/bin/bash", ShardHostScript(), "stop",
                        "--generation", "gen-000001", "--shard", "1", "--dir",
                        HostDir(1, 1)},
                       io_, "shard-host")
                .code,
            0);
  run = Publish(ShardHosts());
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_TRUE(absl::StrContains(
      run.err, absl::StrCat("shard 1 replica 127.0.0.1:",
                            Port(1, 1, 1), " does not answer")))
      << run.err;
  EXPECT_EQ(*generations::ReadLiveGeneration(front_), "gen-000001");

  // gen-000002 reaches shard 0's hosts only: shard 1 has no server for it.
  EXPECT_EQ(UpdateBuild(1), "gen-000002");
  ASSERT_NO_FATAL_FAILURE(DeployOne("gen-000002", 0, 0));
  ASSERT_NO_FATAL_FAILURE(DeployOne("gen-000002", 0, 1));
  run = Publish(ShardHosts());
  EXPECT_EQ(run.code, 3) << run.err;
  EXPECT_TRUE(absl::StrContains(run.err, "shard 1 of gen-000002: no replica "
                                         "answers"))
      << run.err;
  EXPECT_EQ(*generations::ReadLiveGeneration(front_), "gen-000001");

  // A hand-made front end claiming gen-000003 on gen-000002's ports (as if
  // a shard host had not pulled it): searchers refuse those servers.
  auto manifest =
      generations::ReadManifest((fs::path(front_) / "gen-000001").string());
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::string stale_front = io_.Sub("stale-front");
  manifest->name = "gen-000003";
  manifest->number = 3;
  manifest->shards[0].location =
      absl::StrCat("remote 127.0.0.1:", Port(0, 0, 2));
  fs::create_directories(fs::path(stale_front) / manifest->name);
  ASSERT_TRUE(generations::WriteManifest(stale_front, *manifest).ok());
  ASSERT_TRUE(generations::SwitchLive(stale_front, manifest->name).ok());
  run = RunCommand({Byline(), "search", "--index", stale_front, "port"}, io_,
                   "search");
  EXPECT_EQ(run.code, 3) << run.err;
  EXPECT_TRUE(absl::StrContains(
      run.err, "serves gen-000002 shard 0, not gen-000003 shard 0"))
      << run.err;

  StopReplicateServer(*replicate_server);
}

}  // namespace
}  // namespace byline

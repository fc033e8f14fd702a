// End-to-end test of remote shards (issue 11): the sample corpus indexed
// into 2 shards, each shard served by two real xapian-tcpsrv replicas
// (copies of the shard directory) on loopback, and a front-end index
// directory whose generation lists the shards as remote. Searches,
// articles and statistics must be the same as over the local shards;
// killing replicas must fail over, and a shard with no replica left must
// be Unavailable, named, within a bounded time; the Xapian round trips of
// a query (counted by a small TCP proxy) must not grow with its matches.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <ostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "generations/index_directory.h"
#include "generations/manifest.h"
#include "gtest/gtest.h"
#include "searcher/searcher.h"
#include "tests/subprocess.h"
#include "tests/test_index.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {

// Readable failures for entity lists.
void PrintTo(const EntityEntry& e, std::ostream* os) {
  *os << "{" << e.display_name << " " << static_cast<int>(e.type) << " " << e.id
      << " " << e.articles << "}";
}

namespace {

namespace fs = std::filesystem;
using generations::RemoteAddress;
using Clock = std::chrono::steady_clock;

constexpr char kTcpServer[] = "/usr/bin/xapian-tcpsrv";
constexpr char kSetsid[] = "/usr/bin/setsid";

// A loopback port free a moment ago (the kernel's pick).
uint16_t FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

int ConnectLoopback(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// One xapian-tcpsrv over one shard copy, in its own process group (via
// setsid, which execs in place: same pid) so that Kill() also ends the
// children it forks per connection.
class TcpServer {
 public:
  TcpServer(const std::string& shard_dir, const std::string& log_prefix) {
    for (int attempt = 0; attempt < 5 && port_ == 0; ++attempt) {
      const uint16_t port = FreePort();
      auto process = std::make_unique<testing::Subprocess>(
          std::vector<std::string>{kSetsid, kTcpServer, "--port",
                                   std::to_string(port), "--interface",
                                   "127.0.0.1", shard_dir},
          "/dev/null", log_prefix + ".out", log_prefix + ".err");
      if (process->pid() == 0) continue;
      // Bounded wait for it to listen (or to fail, e.g. port taken).
      for (int i = 0; i < 200; ++i) {
        if (process->Wait(std::chrono::milliseconds(0))) break;
        if (const int fd = ConnectLoopback(port); fd >= 0) {
          close(fd);
          port_ = port;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
      if (port_ != 0) process_ = std::move(process);
    }
  }
  ~TcpServer() { Kill(); }

  bool ok() const { return process_ != nullptr && getpgid(pid()) == pid(); }
  uint16_t port() const { return port_; }
  pid_t pid() const { return process_ ? process_->pid() : 0; }
  RemoteAddress address() const { return {"127.0.0.1", port_}; }

  // SIGKILL to its process group (its own pid), then reaps it.
  void Kill() {
    if (process_ == nullptr || killed_) return;
    killed_ = true;
    if (getpgid(pid()) == pid()) kill(-pid(), SIGKILL);
    process_->Signal(SIGKILL);
    process_->Wait(std::chrono::seconds(10));
  }
  // Stops (SIGSTOP) or resumes (SIGCONT) the whole process group.
  void Pause(bool stop) {
    if (process_ != nullptr && !killed_) kill(-pid(), stop ? SIGSTOP : SIGCONT);
  }

 private:
  std::unique_ptr<testing::Subprocess> process_;
  uint16_t port_ = 0;
  bool killed_ = false;
};

// A TCP proxy on loopback that counts round trips: each time the client
// sends after the server last sent (or first), one turnaround. Bounded:
// every wait is a poll of at most 50 ms that checks the stop flag.
class CountingProxy {
 public:
  explicit CountingProxy(uint16_t target) : target_(target) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) ==
            0 &&
        listen(listen_fd_, 16) == 0 &&
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) ==
            0) {
      port_ = ntohs(addr.sin_port);
    }
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }
  ~CountingProxy() {
    stop_ = true;
    acceptor_.join();
    for (std::thread& t : relays_) t.join();
    close(listen_fd_);
  }

  uint16_t port() const { return port_; }
  int turnarounds() const { return turnarounds_.load(); }

 private:
  void AcceptLoop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int client = accept(listen_fd_, nullptr, nullptr);
      if (client < 0) continue;
      const int server = ConnectLoopback(target_);
      if (server < 0) {
        close(client);
        continue;
      }
      relays_.emplace_back([this, client, server] { Relay(client, server); });
    }
  }

  void Relay(int client, int server) {
    bool server_spoke_last = true;
    char buffer[65536];
    while (!stop_) {
      pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (poll(p, 2, 50) <= 0) continue;
      bool closed = false;
      for (int side = 0; side < 2 && !closed; ++side) {
        if ((p[side].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const ssize_t n = read(p[side].fd, buffer, sizeof(buffer));
        if (n <= 0) {
          closed = true;
          break;
        }
        if (side == 0 && server_spoke_last) ++turnarounds_;
        server_spoke_last = side == 1;
        const int to = side == 0 ? server : client;
        for (ssize_t sent = 0; sent < n;) {
          const ssize_t w = write(to, buffer + sent, n - sent);
          if (w <= 0) {
            closed = true;
            break;
          }
          sent += w;
        }
      }
      if (closed) break;
    }
    close(client);
    close(server);
  }

  uint16_t target_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> turnarounds_{0};
  std::thread acceptor_;
  std::vector<std::thread> relays_;  // touched by the acceptor only
};

// Copies a shard's files (not its lock file) for one more replica.
void CopyShard(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(from)) {
    if (entry.is_regular_file() && entry.path().filename() != "flintlock") {
      fs::copy_file(entry.path(), to / entry.path().filename());
    }
  }
}

std::vector<SearchRequest> Requests() {
  std::vector<SearchRequest> requests;
  auto add = [&](std::string query, uint32_t offset = 0, uint32_t limit = 10,
                 SortOrder sort = SortOrder::kRelevance) {
    SearchRequest r;
    r.query = std::move(query);
    r.offset = offset;
    r.limit = limit;
    r.sort = sort;
    r.passages_per_article = 2;
    requests.push_back(r);
    return &requests.back();
  };
  add("port strike");
  add("\"central bank\" rate");
  add("freight OR shipping");
  add("gdańsk -runoff");
  add("title:profit");
  add("heart drug", 0, 10, SortOrder::kDate);
  add("source:\"Harbour Wire\"");
  add("date:2024-03..2024-05 port");
  add("veltris kestrel chip");
  add("the", 0, 5);
  add("the", 5, 5);    // paging: the next page
  add("the", 12, 20);  // past the rerank window
  add("bank", 0, 3, SortOrder::kDate);
  add("bank", 3, 3, SortOrder::kDate);
  SearchRequest* filtered = add("freight");
  filtered->sources = {"Harbour Wire"};
  filtered->published_from = absl::CivilDay(2024, 4, 1);
  filtered->published_to = absl::CivilDay(2024, 6, 30);
  return requests;
}

void ExpectSameResult(const SearchResult& remote, const SearchResult& local,
                      const std::string& query) {
  SCOPED_TRACE(query);
  EXPECT_EQ(remote.estimated_articles, local.estimated_articles);
  EXPECT_EQ(remote.has_more, local.has_more);
  EXPECT_EQ(remote.sort_used, local.sort_used);
  ASSERT_EQ(remote.hits.size(), local.hits.size());
  for (size_t i = 0; i < local.hits.size(); ++i) {
    const PassageHit& r = remote.hits[i];
    const PassageHit& l = local.hits[i];
    EXPECT_EQ(r.rank, l.rank);
    EXPECT_EQ(r.article.id, l.article.id);
    EXPECT_NEAR(r.score, l.score, 1e-9);
    EXPECT_NEAR(r.passage_score, l.passage_score, 1e-9);
    EXPECT_EQ(r.article.title, l.article.title);
    EXPECT_EQ(r.article.published, l.article.published);
    EXPECT_EQ(r.passage_index, l.passage_index);
    EXPECT_EQ(r.start_byte, l.start_byte);
    EXPECT_EQ(r.end_byte, l.end_byte);
    EXPECT_EQ(r.start_char, l.start_char);
    EXPECT_EQ(r.end_char, l.end_char);
    EXPECT_EQ(r.text, l.text);
    ASSERT_EQ(r.highlights.size(), l.highlights.size());
    for (size_t h = 0; h < l.highlights.size(); ++h) {
      EXPECT_EQ(r.highlights[h].start_byte, l.highlights[h].start_byte);
      EXPECT_EQ(r.highlights[h].end_byte, l.highlights[h].end_byte);
      EXPECT_EQ(r.highlights[h].start_char, l.highlights[h].start_char);
      EXPECT_EQ(r.highlights[h].end_char, l.highlights[h].end_char);
    }
  }
}

class RemoteShardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kTcpServer) || !fs::exists(kSetsid)) {
      GTEST_SKIP() << "needs " << kTcpServer << " and " << kSetsid;
    }
    local_ = dir_.Sub("local");
    auto report = testing::BuildTestIndex(
        local_, {testing::SourceDir() + "/data/sample/articles.jsonl"},
        {.shards = 2, .entities = true});
    ASSERT_TRUE(report.ok()) << report.status();
    auto live = generations::ResolveLive(local_);
    ASSERT_TRUE(live.ok()) << live.status();
    ASSERT_EQ(live->shard_paths.size(), 2u);
    manifest_ = *live->manifest;
    for (int s = 0; s < 2; ++s) {
      for (int r = 0; r < 2; ++r) {
        const std::string copy = dir_.Sub(absl::StrCat("replica-", s, r));
        CopyShard(live->shard_paths[s], copy);
        servers_[s][r] = std::make_unique<TcpServer>(
            copy, dir_.Sub(absl::StrCat("tcpsrv-", s, r)));
        ASSERT_TRUE(servers_[s][r]->ok()) << "xapian-tcpsrv did not start";
      }
    }
    front_ = dir_.Sub("front");
    MakeFrontEnd(front_,
                 {{servers_[0][0]->address(), servers_[0][1]->address()},
                  {servers_[1][0]->address(), servers_[1][1]->address()}});
  }

  // A front-end index directory at `dir` whose one generation lists
  // shard s at `replicas[s]`.
  void MakeFrontEnd(const std::string& dir,
                    const std::vector<std::vector<RemoteAddress>>& replicas) {
    fs::create_directories(dir);
    auto number = generations::IssueGenerationNumber(dir);
    ASSERT_TRUE(number.ok()) << number.status();
    generations::Manifest m = manifest_;
    m.number = *number;
    m.name = generations::GenerationName(*number);
    m.parent = "";
    m.job = "remote";
    m.remote_connect_timeout_ms = 1000;
    m.remote_timeout_ms = 2000;
    for (size_t s = 0; s < m.shards.size(); ++s) {
      m.shards[s].location = generations::RemoteLocation(replicas[s]);
    }
    fs::create_directories(fs::path(dir) / m.name);
    ASSERT_TRUE(generations::WriteManifest(dir, m).ok());
    ASSERT_TRUE(generations::SwitchLive(dir, m.name).ok());
  }

  std::unique_ptr<Searcher> OpenOrDie(const std::string& dir) {
    auto s = Searcher::Open(dir);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *std::move(s) : nullptr;
  }

  TempDir dir_;
  std::string local_, front_;
  generations::Manifest manifest_;
  std::unique_ptr<TcpServer> servers_[2][2];
};

TEST_F(RemoteShardsTest, ManifestNamesRemoteReplicasAndTimeouts) {
  auto one = generations::ParseShardLocation("remote 127.0.0.1:7801");
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_EQ(one->replicas.size(), 1u);
  EXPECT_EQ(one->replicas[0].port, 7801);
  auto two =
      generations::ParseShardLocation("remote db1.example:7801, [::1]:7802");
  ASSERT_TRUE(two.ok()) << two.status();
  ASSERT_EQ(two->replicas.size(), 2u);
  EXPECT_EQ(two->replicas[1].host, "::1");
  EXPECT_EQ(generations::RemoteLocation(two->replicas),
            "remote db1.example:7801,[::1]:7802");
  auto local = generations::ParseShardLocation("shard-000");
  ASSERT_TRUE(local.ok());
  EXPECT_FALSE(local->remote());
  for (const char* bad :
       {"remote ", "remote 127.0.0.1", "remote :7801", "remote h:0",
        "remote h:70000", "remote h:1,h:1", "remote h:1,,h:2", "remote"}) {
    EXPECT_FALSE(generations::ParseShardLocation(bad).ok()) << bad;
  }

  auto read =
      generations::ReadManifest((fs::path(front_) / "gen-000001").string());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->format, 1);
  EXPECT_EQ(read->remote_timeouts().connect_ms, 1000u);
  EXPECT_EQ(read->remote_timeouts().operation_ms, 2000u);
  EXPECT_FALSE(manifest_.remote_connect_timeout_ms);  // local: not written
  // Jobs (which need shard files) refuse a remote generation; readers don't.
  EXPECT_EQ(generations::ResolveLive(front_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto remote =
      generations::ResolveLive(front_, generations::RemoteShards::kAllow);
  ASSERT_TRUE(remote.ok()) << remote.status();
  EXPECT_TRUE(remote->has_remote_shards());
  EXPECT_TRUE(remote->shard_paths.empty());
  ASSERT_EQ(remote->shards.size(), 2u);
  EXPECT_EQ(remote->shards[1].replicas[1], servers_[1][1]->address());
  // The stub names each shard's first replica, for stock Xapian tools.
  const std::string stub = testing::ReadWholeFile(
      (fs::path(front_) / "gen-000001" / "XAPIANDB").string());
  EXPECT_TRUE(absl::StrContains(
      stub, absl::StrCat("remote ", servers_[1][0]->address().ToString())))
      << stub;
}

TEST_F(RemoteShardsTest, RemoteGenerationAnswersLikeTheLocalOne) {
  auto local = OpenOrDie(local_);
  auto remote = OpenOrDie(front_);
  ASSERT_TRUE(local && remote);
  EXPECT_EQ(remote->generation(), "gen-000001");
  for (const SearchRequest& request : Requests()) {
    auto l = local->Search(request);
    auto r = remote->Search(request);
    ASSERT_TRUE(l.ok()) << request.query << ": " << l.status();
    ASSERT_TRUE(r.ok()) << request.query << ": " << r.status();
    EXPECT_FALSE(l->hits.empty()) << request.query;
    ExpectSameResult(*r, *l, request.query);
  }
  for (const char* id : {"sample-001", "sample-020", "sample-040"}) {
    auto l = local->GetArticle(id);
    auto r = remote->GetArticle(id);
    ASSERT_TRUE(l.ok() && r.ok()) << id << ": " << r.status();
    EXPECT_EQ(r->meta.title, l->meta.title);
    EXPECT_EQ(r->body, l->body);
    EXPECT_EQ(r->passage_count, l->passage_count);
  }
  EXPECT_EQ(remote->GetArticle("no-such-article").status().code(),
            absl::StatusCode::kNotFound);
  auto ls = local->Stats();
  auto rs = remote->Stats();
  ASSERT_TRUE(ls.ok() && rs.ok()) << rs.status();
  EXPECT_EQ(rs->articles, 40u);
  EXPECT_EQ(rs->articles, ls->articles);
  EXPECT_EQ(rs->passages, ls->passages);
  EXPECT_EQ(rs->undated_articles, ls->undated_articles);
  EXPECT_NEAR(rs->average_passage_words, ls->average_passage_words, 1e-9);
  EXPECT_EQ(rs->schema_version, ls->schema_version);
  EXPECT_EQ(rs->oldest_published, ls->oldest_published);
  EXPECT_EQ(rs->newest_published, ls->newest_published);
  EXPECT_EQ(rs->articles_by_source, ls->articles_by_source);

  // The CLI over the front end: same output as over the local index.
  const std::string byline = testing::BinaryDir() + "/cli/byline";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"search", "--json", "--color=never",
                                 "port strike"},
        std::vector<std::string>{"stats", "--json"}}) {
    std::string outputs[2];
    for (int side = 0; side < 2; ++side) {
      std::vector<std::string> argv = {byline};
      argv.insert(argv.end(), args.begin(), args.end());
      argv.push_back(absl::StrCat("--index=", side == 0 ? local_ : front_));
      const std::string out = dir_.Sub(absl::StrCat("cli-", side, ".out"));
      const std::string err = dir_.Sub(absl::StrCat("cli-", side, ".err"));
      testing::Subprocess cli(argv, "/dev/null", out, err);
      ASSERT_EQ(cli.Wait(std::chrono::seconds(60)), 0)
          << args[0] << ": " << testing::ReadWholeFile(err);
      // All but the index path and the time taken must be the same.
      outputs[side] = std::regex_replace(
          absl::StrReplaceAll(testing::ReadWholeFile(out),
                              {{side == 0 ? local_ : front_, "INDEX"}}),
          std::regex("\"elapsed_ms\":[-+.0-9eE]+"), "");
    }
    EXPECT_EQ(outputs[1], outputs[0]) << args[0];
    EXPECT_TRUE(absl::StrContains(
        outputs[1], args[0] == "search" ? "sample-002" : "\"gen-000001\""))
        << outputs[1];
  }
}

TEST_F(RemoteShardsTest, FailsOverToAnotherReplicaThenNamesTheDeadShard) {
  auto local = OpenOrDie(local_);
  auto remote = OpenOrDie(front_);
  ASSERT_TRUE(local && remote);
  const std::vector<SearchRequest> requests = Requests();
  ASSERT_TRUE(remote->Search(requests[0]).ok());
  // Kill the replica each shard is connected to, mid-session.
  const std::vector<int> before = remote->chosen_replicas();
  ASSERT_EQ(before.size(), 2u);
  for (int s = 0; s < 2; ++s) servers_[s][before[s]]->Kill();
  for (const SearchRequest& request : requests) {
    auto l = local->Search(request);
    auto r = remote->Search(request);
    ASSERT_TRUE(r.ok()) << request.query << ": " << r.status();
    ExpectSameResult(*r, *l, request.query);
  }
  const std::vector<int> after = remote->chosen_replicas();
  for (int s = 0; s < 2; ++s) EXPECT_NE(after[s], before[s]) << s;
  ASSERT_TRUE(remote->Stats().ok());
  // A new Searcher skips the dead replicas.
  auto fresh = OpenOrDie(front_);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->chosen_replicas(), after);
  ASSERT_TRUE(fresh->GetArticle("sample-003").ok());

  // Now shard 1 has no replica left.
  servers_[1][after[1]]->Kill();
  const auto start = Clock::now();
  auto failed = remote->Search(requests[0]);
  const auto took = Clock::now() - start;
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable)
      << failed.status();
  EXPECT_TRUE(absl::StrContains(failed.status().message(), "shard 1"))
      << failed.status();
  EXPECT_TRUE(absl::StrContains(failed.status().message(),
                                servers_[1][after[1]]->address().ToString()))
      << failed.status();
  EXPECT_LT(took, std::chrono::seconds(10));
  auto reopened = Searcher::Open(front_);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(reopened.status().message(), "shard 1"))
      << reopened.status();
  EXPECT_EQ(fresh->Stats().status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(RemoteShardsTest, SearchersStartAtDifferentReplicas) {
  std::vector<std::unique_ptr<Searcher>> searchers;
  int on_first_replica = 0;
  for (int i = 0; i < 4; ++i) {
    searchers.push_back(OpenOrDie(front_));
    ASSERT_TRUE(searchers.back());
    if (searchers.back()->chosen_replicas()[0] == 0) ++on_first_replica;
  }
  EXPECT_EQ(on_first_replica, 2);  // round-robin over 2 replicas
}

TEST_F(RemoteShardsTest, AServerThatHangsTimesOut) {
  // Shard 0 on one replica only, which then stops answering.
  const std::string front = dir_.Sub("front-hang");
  MakeFrontEnd(front,
               {{servers_[0][0]->address()}, {servers_[1][0]->address()}});
  auto remote = OpenOrDie(front);
  ASSERT_TRUE(remote);
  ASSERT_TRUE(remote->Search(Requests()[0]).ok());
  servers_[0][0]->Pause(true);
  const auto start = Clock::now();
  auto failed = remote->Search(Requests()[1]);
  const auto took = Clock::now() - start;
  servers_[0][0]->Pause(false);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable)
      << failed.status();
  EXPECT_TRUE(absl::StrContains(failed.status().message(), "shard 0"))
      << failed.status();
  // One 2 s operation timeout, one reconnect (1 s connect timeout) and one
  // more try at most.
  EXPECT_LT(took, std::chrono::seconds(8));
}

// A replica that hangs is left within the call budget (the manifest's
// 2 s operation timeout capped at 1200 / 3 = 400 ms), and the Searcher goes
// back to it once it answers again, so the load spreads again.
TEST_F(RemoteShardsTest, AHungReplicaIsLeftWithinTheBudgetThenReturnedTo) {
  SearcherOptions options;
  options.remote_call_budget_ms = 1200;
  options.replica_retry_after = absl::Milliseconds(300);
  auto opened = Searcher::Open(front_, options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<Searcher> remote = *std::move(opened);
  const std::vector<SearchRequest> requests = Requests();
  ASSERT_TRUE(remote->Search(requests[0]).ok());
  const std::vector<int> preferred = remote->chosen_replicas();
  TcpServer& hung = *servers_[0][preferred[0]];

  hung.Pause(true);
  const auto start = Clock::now();
  auto failed_over = remote->Search(requests[1]);
  const auto took = Clock::now() - start;
  ASSERT_TRUE(failed_over.ok()) << failed_over.status();
  EXPECT_LT(took, std::chrono::milliseconds(1200));
  EXPECT_NE(remote->chosen_replicas()[0], preferred[0]);
  // Before the retry is due, calls stay on the replica that works.
  ASSERT_TRUE(remote->Search(requests[2]).ok());
  EXPECT_NE(remote->chosen_replicas()[0], preferred[0]);

  hung.Pause(false);
  // Due 300-450 ms after the failover (spread by the searcher's place).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto back = remote->Search(requests[0]);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(remote->chosen_replicas(), preferred);
  auto local = OpenOrDie(local_);
  ASSERT_TRUE(local);
  auto expected = local->Search(requests[0]);
  ASSERT_TRUE(expected.ok());
  ExpectSameResult(*back, *expected, requests[0].query);
}

// While the preferred replica still hangs, a due retry costs one short
// probe, not an operation timeout, and keeps the working replica; the next
// retry waits longer.
TEST_F(RemoteShardsTest, ARetryOfAStillHungReplicaKeepsTheWorkingOne) {
  SearcherOptions options;
  options.remote_call_budget_ms = 2400;  // 800 ms per timeout
  options.replica_retry_after = absl::Milliseconds(200);
  auto opened = Searcher::Open(front_, options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<Searcher> remote = *std::move(opened);
  const std::vector<SearchRequest> requests = Requests();
  const std::vector<int> preferred = remote->chosen_replicas();
  TcpServer& hung = *servers_[1][preferred[1]];
  hung.Pause(true);
  ASSERT_TRUE(remote->Search(requests[0]).ok());
  const std::vector<int> moved = remote->chosen_replicas();
  EXPECT_NE(moved[1], preferred[1]);
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  const auto start = Clock::now();
  auto retried = remote->Search(requests[1]);  // the retry is due
  const auto took = Clock::now() - start;
  hung.Pause(false);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(remote->chosen_replicas(), moved);
  // A 100 ms probe, not the 800 ms timeout.
  EXPECT_LT(took, std::chrono::milliseconds(600));
  // Not due again for 400-600 ms (doubled): no probe now.
  ASSERT_TRUE(remote->Search(requests[2]).ok());
  EXPECT_EQ(remote->chosen_replicas(), moved);
}

TEST_F(RemoteShardsTest, RoundTripsDoNotGrowWithMatches) {
  CountingProxy proxy0(servers_[0][0]->port());
  CountingProxy proxy1(servers_[1][0]->port());
  ASSERT_NE(proxy0.port(), 0);
  ASSERT_NE(proxy1.port(), 0);
  const std::string front = dir_.Sub("front-counted");
  MakeFrontEnd(
      front, {{{"127.0.0.1", proxy0.port()}}, {{"127.0.0.1", proxy1.port()}}});
  auto remote = OpenOrDie(front);
  ASSERT_TRUE(remote);
  struct Counted {
    uint64_t matches;
    int per_shard[2];
    DatabaseCalls calls;
  };
  auto count = [&](const std::string& query) -> Counted {
    SearchRequest request;
    request.query = query;
    request.limit = 3;
    const int before0 = proxy0.turnarounds(), before1 = proxy1.turnarounds();
    auto result = remote->Search(request);
    EXPECT_TRUE(result.ok()) << query << ": " << result.status();
    if (!result.ok()) return {};
    return {result->estimated_articles,
            {proxy0.turnarounds() - before0, proxy1.turnarounds() - before1},
            result->calls};
  };
  const Counted few = count("kestrel");  // 2 articles
  const Counted many = count("the");     // nearly all 40
  ASSERT_LE(few.matches, 3u);
  ASSERT_GE(many.matches, 30u);
  for (const Counted& c : {few, many}) {
    std::printf(
        "%llu matches: round trips %d (shard 0) + %d (shard 1), "
        "%u documents read\n",
        static_cast<unsigned long long>(c.matches), c.per_shard[0],
        c.per_shard[1], c.calls.documents);
    EXPECT_EQ(c.calls.matches, 1u);
    // The match: a query and a statistics exchange per shard; then one
    // round trip per document read (bounded by the rerank window).
    const int total = c.per_shard[0] + c.per_shard[1];
    EXPECT_LE(total, 2 * 3 + static_cast<int>(c.calls.documents))
        << c.per_shard[0] << " + " << c.per_shard[1];
    EXPECT_LE(c.calls.documents, 10u);  // the rerank window, not the matches
  }
  // Match phase (all but the documents) the same for 2 and for ~40 matches.
  EXPECT_EQ(few.per_shard[0] + few.per_shard[1] - few.calls.documents,
            many.per_shard[0] + many.per_shard[1] - many.calls.documents);
}

// Facets run as Xapian's ValueCountMatchSpy on each xapian-tcpsrv and are
// merged by the front end: the same values, display names and exact counts
// as over the local shards, with and without drill-down filters, and the
// same number of matches (one more per facet counted without its filter).
TEST_F(RemoteShardsTest, FacetsAndDrillDownAnswerLikeTheLocalOne) {
  auto local = OpenOrDie(local_);
  auto remote = OpenOrDie(front_);
  ASSERT_TRUE(local && remote);
  SearchRequest request;
  request.query = "the";
  request.limit = 5;
  for (FacetField field :
       {FacetField::kPerson, FacetField::kOrganization, FacetField::kPlace,
        FacetField::kMisc, FacetField::kSource}) {
    request.facets.push_back({.field = field, .max_values = 20});
  }
  request.facets.push_back(
      {.field = FacetField::kDate, .interval = DateInterval::kMonth});
  auto expect_same_facets = [](const SearchResult& r, const SearchResult& l) {
    ASSERT_EQ(r.facets.size(), l.facets.size());
    for (size_t f = 0; f < l.facets.size(); ++f) {
      SCOPED_TRACE(FacetFieldName(l.facets[f].field));
      EXPECT_EQ(r.facets[f].field, l.facets[f].field);
      EXPECT_EQ(r.facets[f].distinct_values, l.facets[f].distinct_values);
      EXPECT_EQ(r.facets[f].interval, l.facets[f].interval);
      ASSERT_EQ(r.facets[f].values.size(), l.facets[f].values.size());
      for (size_t v = 0; v < l.facets[f].values.size(); ++v) {
        EXPECT_EQ(r.facets[f].values[v].value, l.facets[f].values[v].value);
        EXPECT_EQ(r.facets[f].values[v].display_name,
                  l.facets[f].values[v].display_name);
        EXPECT_EQ(r.facets[f].values[v].articles,
                  l.facets[f].values[v].articles);
      }
    }
  };
  auto l = local->Search(request);
  auto r = remote->Search(request);
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_TRUE(r.ok()) << r.status();
  ExpectSameResult(*r, *l, "facets");
  expect_same_facets(*r, *l);
  EXPECT_EQ(r->calls.matches, l->calls.matches);
  // The sample names people, organisations and places in many articles.
  for (size_t f = 0; f < 3; ++f) {
    ASSERT_FALSE(l->facets[f].values.empty())
        << FacetFieldName(l->facets[f].field);
  }
  ASSERT_GE(l->facets[0].values[0].articles, 2u);

  // Drill down to the most named person and the top two places (OR-ed):
  // each filtered facet is counted without its own filter.
  SearchRequest drilled = request;
  drilled.entity_filters.push_back(
      {.field = FacetField::kPerson, .ids = {l->facets[0].values[0].value}});
  std::vector<std::string> places;
  for (size_t v = 0; v < l->facets[2].values.size() && v < 2; ++v) {
    places.push_back(l->facets[2].values[v].value);
  }
  drilled.entity_filters.push_back(
      {.field = FacetField::kPlace, .ids = places});
  auto ld = local->Search(drilled);
  auto rd = remote->Search(drilled);
  ASSERT_TRUE(ld.ok()) << ld.status();
  ASSERT_TRUE(rd.ok()) << rd.status();
  // The search, the unfiltered facets, then person and place each
  // without its own filter.
  EXPECT_EQ(ld->calls.matches, 4u);
  EXPECT_EQ(rd->calls.matches, ld->calls.matches);
  EXPECT_LE(ld->estimated_articles, l->facets[0].values[0].articles);
  ExpectSameResult(*rd, *ld, "drilled");
  expect_same_facets(*rd, *ld);

  // A sampled count (sample terms are boolean terms, so stock xapian-tcpsrv
  // filters by them): the same sample and estimates as the local shards.
  SearchRequest sampled = request;
  sampled.facet_article_limit = 10;
  auto ls = local->Search(sampled);
  auto rs = remote->Search(sampled);
  ASSERT_TRUE(ls.ok()) << ls.status();
  ASSERT_TRUE(rs.ok()) << rs.status();
  ASSERT_TRUE(ls->facets[0].estimated);
  ASSERT_LT(ls->facets[0].counted_articles, l->estimated_articles);
  for (size_t f = 0; f < ls->facets.size(); ++f) {
    EXPECT_TRUE(rs->facets[f].estimated);
    EXPECT_EQ(rs->facets[f].counted_articles, ls->facets[f].counted_articles);
    EXPECT_EQ(rs->facets[f].matching_articles,
              ls->facets[f].matching_articles);
  }
  expect_same_facets(*rs, *ls);

  // Date order with a short page, and a query of filters only (which sorts
  // by date): the counts do not depend on the order or the page.
  for (const std::string& query :
       {std::string("port strike"),
        absl::StrCat("person:", l->facets[0].values[0].value)}) {
    SearchRequest by_date = request;
    by_date.query = query;
    by_date.sort = SortOrder::kDate;
    by_date.limit = 1;
    SearchRequest by_relevance = by_date;
    by_relevance.sort = SortOrder::kRelevance;
    by_relevance.limit = 100;
    auto lr = local->Search(by_relevance);
    auto ldate = local->Search(by_date);
    auto rdate = remote->Search(by_date);
    ASSERT_TRUE(lr.ok() && ldate.ok() && rdate.ok()) << rdate.status();
    SCOPED_TRACE(query);
    ExpectSameResult(*rdate, *ldate, query);
    {
      SCOPED_TRACE("local, by date vs by relevance");
      expect_same_facets(*ldate, *lr);
    }
    {
      SCOPED_TRACE("remote vs local, by date");
      expect_same_facets(*rdate, *ldate);
    }
    SearchRequest deep = by_relevance;  // past the rerank window
    deep.offset = 12;
    deep.limit = 1;
    auto ldeep = local->Search(deep);
    auto rdeep = remote->Search(deep);
    ASSERT_TRUE(ldeep.ok() && rdeep.ok()) << rdeep.status();
    {
      SCOPED_TRACE("local, deep page vs first page");
      expect_same_facets(*ldeep, *lr);
    }
    {
      SCOPED_TRACE("remote vs local, deep page");
      expect_same_facets(*rdeep, *ldeep);
    }
  }
}

// Entity look-up reads the entity name and completion terms with
// allterms scans, which stock xapian-tcpsrv streams: the same lists and
// exact counts as over the local shards, in one round trip per shard per
// scan, however many entities match.
TEST_F(RemoteShardsTest, ListEntitiesAnswersLikeTheLocalOne) {
  auto local = OpenOrDie(local_);
  auto remote = OpenOrDie(front_);
  ASSERT_TRUE(local && remote);
  CountingProxy proxy0(servers_[0][0]->port());
  CountingProxy proxy1(servers_[1][0]->port());
  ASSERT_NE(proxy0.port(), 0);
  ASSERT_NE(proxy1.port(), 0);
  const std::string front = dir_.Sub("front-entities");
  MakeFrontEnd(
      front, {{{"127.0.0.1", proxy0.port()}}, {{"127.0.0.1", proxy1.port()}}});
  auto counted = OpenOrDie(front);
  ASSERT_TRUE(counted);

  struct Case {
    std::string prefix;
    std::vector<schema::EntityType> types;
    std::string query;
    int scans;  // allterms scans (0: a query, through facets)
  };
  const std::vector<Case> cases = {
      {"", {}, "", 1},
      {"", {schema::EntityType::kPerson, schema::EntityType::kPlace}, "", 2},
      {"m", {}, "", 1},
      {"mar", {schema::EntityType::kOrganization}, "", 1},
      {"ROTT", {}, "", 1},
      {"e", {}, "", 1},
      {"", {}, "port strike", 0},
      {"h", {}, "port strike", 0},
  };
  bool nonempty = false;
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat("prefix '", c.prefix, "' query '", c.query, "'"));
    EntityListRequest request;
    request.prefix = c.prefix;
    request.types = c.types;
    request.query = c.query;
    request.limit = 100;
    auto l = local->ListEntities(request);
    auto r = remote->ListEntities(request);
    ASSERT_TRUE(l.ok()) << l.status();
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->entities, l->entities);
    EXPECT_EQ(r->matched, l->matched);
    EXPECT_EQ(r->term_scans, l->term_scans);
    nonempty = nonempty || !l->entities.empty();
    if (c.scans == 0) continue;
    EXPECT_EQ(l->term_scans, static_cast<uint32_t>(c.scans));
    // One round trip per shard per scan, whatever the number of terms.
    const int before0 = proxy0.turnarounds(), before1 = proxy1.turnarounds();
    auto p = counted->ListEntities(request);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->entities, l->entities);
    EXPECT_EQ(proxy0.turnarounds() - before0, c.scans);
    EXPECT_EQ(proxy1.turnarounds() - before1, c.scans);
  }
  EXPECT_TRUE(nonempty);
}

}  // namespace
}  // namespace byline

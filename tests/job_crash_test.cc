// Crash safety of the index jobs, with the real `byline` binary: kill -9 at
// every named fault point (BYLINE_FAULT_POINT) and at seeded random
// moments. Afterwards the live generation always opens and answers as
// before the job (or, past the pointer switch, as after it); the next run
// cleans up and completes; no accepted article is lost. Also: a second job
// is refused with its own exit code while the first holds the index.
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "generations/index_directory.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "searcher/searcher.h"
#include "tests/subprocess.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr int kFeedArticles = 3000;
constexpr int kKilled = 128 + SIGKILL;
constexpr int kExitLocked = 5;

std::string Byline() { return testing::BinaryDir() + "/cli/byline"; }

// What a reader sees of an index.
struct View {
  std::string generation;
  uint64_t articles = 0;
  std::vector<std::string> top_ids;  // of a fixed query
  bool operator==(const View&) const = default;
};

std::optional<View> Look(const std::string& index, std::string* error) {
  auto searcher = Searcher::Open(index);
  if (!searcher.ok()) {
    *error = std::string(searcher.status().message());
    return std::nullopt;
  }
  View view;
  view.generation = (*searcher)->generation();
  auto stats = (*searcher)->Stats();
  if (!stats.ok()) {
    *error = std::string(stats.status().message());
    return std::nullopt;
  }
  view.articles = stats->articles;
  SearchRequest request;
  request.query = "rotterdam port";
  request.limit = 10;
  auto result = (*searcher)->Search(request);
  if (!result.ok()) {
    *error = std::string(result.status().message());
    return std::nullopt;
  }
  for (const PassageHit& hit : result->hits) {
    if (view.top_ids.empty() || view.top_ids.back() != hit.article.id) {
      view.top_ids.push_back(hit.article.id);
    }
  }
  return view;
}

struct RunResult {
  int code = -1;
  std::string err;
};

// Runs byline with `args`; `fault` sets BYLINE_FAULT_POINT for the child.
// With `kill_after`, sends SIGKILL after that long instead of waiting.
RunResult RunByline(const std::vector<std::string>& args, const std::string& dir,
              const std::string& fault = "",
              std::optional<std::chrono::milliseconds> kill_after = {}) {
  std::vector<std::string> argv = {Byline()};
  argv.insert(argv.end(), args.begin(), args.end());
  if (!fault.empty()) setenv("BYLINE_FAULT_POINT", fault.c_str(), 1);
  testing::Subprocess child(argv, "/dev/null", dir + "/out", dir + "/err");
  unsetenv("BYLINE_FAULT_POINT");
  RunResult run;
  if (child.pid() == 0) {
    run.err = child.error();
    return run;
  }
  if (kill_after) {
    std::this_thread::sleep_for(*kill_after);
    child.Signal(SIGKILL);
  }
  run.code = child.Wait(std::chrono::seconds(120)).value_or(-1);
  run.err = testing::ReadWholeFile(dir + "/err");
  return run;
}

class JobCrashTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string base = dir_->Sub("base");
    const std::string sample =
        testing::SourceDir() + "/data/sample/articles.jsonl";
    // Two generations, so that retention has something to remove.
    ASSERT_EQ(RunByline({"index", "--index", base, "--shards", "2", sample},
                        dir_->path())
                  .code,
              0);
    ASSERT_EQ(RunByline({"update", "--index", base, sample}, dir_->path())
                  .code,
              0);
    std::ofstream feed(dir_->Sub("feed.jsonl"));
    for (int i = 1; i <= kFeedArticles; ++i) {
      feed << "{\"id\":\"feed-" << i << "\",\"title\":\"Harbour bulletin "
           << i << "\",\"body\":\"Bulletin " << i
           << " says the harbour reopened after repairs. Traders watched "
              "prices closely. More updates follow.\"}\n";
    }
    feed << "{\"id\":\"sample-001\",\"deleted\":true}\n"
         << "{\"id\":\"sample-040\",\"deleted\":true}\n";
  }
  static void TearDownTestSuite() { delete dir_; }

  // A fresh copy of the base index for one case.
  std::string FreshIndex(const std::string& name) {
    const std::string index = dir_->Sub(name);
    fs::copy(dir_->Sub("base"), index, fs::copy_options::recursive);
    return index;
  }
  std::vector<std::string> UpdateArgs(const std::string& index) {
    return {"update", "--index", index, "--keep", "0", "--checkpoint_every",
            "500", "--threads", "2", dir_->Sub("feed.jsonl")};
  }
  // After a killed job: the live generation answers as `before` or as the
  // completed job would; a rerun completes with every article.
  void CheckSurvivedAndRerun(const std::string& index, const View& before,
                             bool may_have_swapped) {
    std::string error;
    std::optional<View> after = Look(index, &error);
    ASSERT_TRUE(after.has_value()) << "live generation broken: " << error;
    if (after->generation == before.generation) {
      EXPECT_EQ(*after, before);
    } else {
      EXPECT_TRUE(may_have_swapped) << "swapped at " << after->generation;
      EXPECT_EQ(after->articles, before.articles + kFeedArticles - 2);
    }
    RunResult rerun = RunByline(UpdateArgs(index), dir_->path());
    ASSERT_EQ(rerun.code, 0) << rerun.err;
    std::optional<View> done = Look(index, &error);
    ASSERT_TRUE(done.has_value()) << error;
    EXPECT_EQ(done->articles, before.articles + kFeedArticles - 2);
    auto generations = generations::ListGenerations(index);
    ASSERT_TRUE(generations.ok());
    for (const auto& g : *generations) {
      EXPECT_TRUE(g.complete) << g.name << " left unfinished";
    }
  }

  static TempDir* dir_;
};

TempDir* JobCrashTest::dir_ = nullptr;

TEST_F(JobCrashTest, KillAtEveryFaultPoint) {
  const std::vector<std::pair<std::string, bool>> points = {
      {"after-generation-created", false}, {"after-copy", false},
      {"after-shard-commit", false},       {"before-validation", false},
      {"before-pointer-switch", false},    {"after-pointer-switch", true},
      {"during-cleanup", true}};
  for (const auto& [point, swapped] : points) {
    SCOPED_TRACE(point);
    const std::string index = FreshIndex("at-" + point);
    std::string error;
    std::optional<View> before = Look(index, &error);
    ASSERT_TRUE(before.has_value()) << error;
    RunResult killed = RunByline(UpdateArgs(index), dir_->path(), point);
    ASSERT_EQ(killed.code, kKilled) << "never reached " << point << "\n"
                                    << killed.err;
    std::optional<View> after = Look(index, &error);
    ASSERT_TRUE(after.has_value()) << error;
    EXPECT_EQ(after->generation != before->generation, swapped);
    CheckSurvivedAndRerun(index, *before, swapped);
  }
}

TEST_F(JobCrashTest, KillAtSeededRandomMoments) {
  // How long a clean run takes here, so the kills spread over all of it.
  const std::string timing = FreshIndex("timing");
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(RunByline(UpdateArgs(timing), dir_->path()).code, 0);
  const auto span = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<int> moment(0, static_cast<int>(span.count()));
  int unchanged = 0, swapped = 0;
  for (int i = 0; i < 20; ++i) {
    const std::chrono::milliseconds delay(moment(rng));
    SCOPED_TRACE(absl::StrCat("kill after ", delay.count(), " ms"));
    const std::string index = FreshIndex(absl::StrCat("random-", i));
    std::string error;
    std::optional<View> before = Look(index, &error);
    ASSERT_TRUE(before.has_value()) << error;
    RunByline(UpdateArgs(index), dir_->path(), "", delay);
    std::optional<View> killed = Look(index, &error);
    ASSERT_TRUE(killed.has_value()) << error;
    (killed->generation == before->generation ? unchanged : swapped)++;
    CheckSurvivedAndRerun(index, *before, /*may_have_swapped=*/true);
  }
  RecordProperty("killed_before_swap", unchanged);
  RecordProperty("killed_after_swap", swapped);
  EXPECT_GT(unchanged, 0);
}

TEST_F(JobCrashTest, SecondJobExitsAtOnceNamingTheHolder) {
  const std::string index = FreshIndex("locked");
  std::vector<std::string> argv = {Byline()};
  for (const std::string& a : UpdateArgs(index)) argv.push_back(a);
  setenv("BYLINE_FAULT_POINT", "after-copy:stop", 1);
  testing::Subprocess first(argv, "/dev/null", dir_->Sub("first.out"),
                            dir_->Sub("first.err"));
  unsetenv("BYLINE_FAULT_POINT");
  ASSERT_NE(first.pid(), 0);
  // Wait (bounded) until it stops itself while holding the lock.
  bool stopped = false;
  for (int i = 0; i < 3000 && !stopped; ++i) {
    std::ifstream stat(absl::StrCat("/proc/", first.pid(), "/stat"));
    std::string pid, comm, state;
    stat >> pid >> comm >> state;
    stopped = state == "T";
    if (!stopped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(stopped);
  const auto start = std::chrono::steady_clock::now();
  RunResult second = RunByline({"rebuild", "--index", index, "--max_shrink", "100%",
                          dir_->Sub("feed.jsonl")},
                         dir_->path());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(second.code, kExitLocked) << second.err;
  EXPECT_THAT(second.err, HasSubstr(absl::StrCat("pid ", first.pid())));
  EXPECT_THAT(second.err, HasSubstr("byline update"));
  RunResult compact = RunByline({"compact", "--index", index}, dir_->path());
  EXPECT_EQ(compact.code, kExitLocked) << compact.err;

  first.Signal(SIGKILL);
  first.Wait(std::chrono::seconds(30));
  std::string error;
  std::optional<View> view = Look(index, &error);
  ASSERT_TRUE(view.has_value()) << error;
  RunResult after = RunByline(UpdateArgs(index), dir_->path());
  EXPECT_EQ(after.code, 0) << after.err;
}

}  // namespace
}  // namespace byline

// Ctrl-C during a job, with the real binary and a real SIGINT: once the job
// has committed a checkpoint into its new generation, SIGINT stops it with
// exit code 130, the live generation is exactly as before, the unfinished
// generation is gone, the report says "interrupted", and the next job runs.
#include <xapian.h>

#include <simdjson.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "generations/index_directory.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema/schema.h"
#include "searcher/searcher.h"
#include "tests/subprocess.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr int kExitInterrupted = 130;

// Whether shard 0 of generation `gen` has committed a checkpoint in
// `input` (the copied shard carries the checkpoint of the job that built
// its parent, which does not count).
bool HasCommittedCheckpoint(const std::string& index, const std::string& gen,
                            const std::string& input) {
  const std::string shard = index + "/" + gen + "/shard-000";
  if (!fs::exists(shard + "/iamglass")) return false;
  try {
    Xapian::Database db(shard);
    return absl::StrContains(
        db.get_metadata(std::string(schema::kMetaCheckpoint)),
        "path=" + input + " ");
  } catch (const Xapian::Error&) {
    return false;  // being created
  }
}

uint64_t Articles(const std::string& index) {
  auto searcher = Searcher::Open(index);
  if (!searcher.ok()) return 0;
  auto stats = (*searcher)->Stats();
  return stats.ok() ? stats->articles : 0;
}

TEST(IndexInterruptTest, SigintLeavesTheLiveGenerationAndTheNextJobRuns) {
  TempDir dir;
  const std::string byline = testing::BinaryDir() + "/cli/byline";
  const std::string sample =
      testing::SourceDir() + "/data/sample/articles.jsonl";
  const std::string index = dir.Sub("index");
  {
    testing::Subprocess first({byline, "index", "--index", index, sample},
                              "/dev/null", dir.Sub("out"), dir.Sub("err"));
    ASSERT_EQ(first.Wait(std::chrono::seconds(60)), 0)
        << testing::ReadWholeFile(dir.Sub("err"));
  }
  ASSERT_EQ(Articles(index), 40u);
  const std::string input = dir.Sub("big.jsonl");
  {
    std::ofstream out(input);
    // Enough that the job takes many seconds, so the signal lands midway.
    for (int i = 1; i <= 200000; ++i) {
      out << "{\"id\":\"n" << i << "\",\"title\":\"Bulletin " << i
          << "\",\"body\":\"Item " << i
          << " says the harbour reopened after repairs. Traders watched "
             "prices closely. More updates follow.\"}\n";
    }
  }
  const std::string report_path = dir.Sub("report.json");
  testing::Subprocess child(
      {byline, "update", "--index", index, "--threads", "2",
       "--checkpoint_every", "1000", "--report", report_path, input},
      "/dev/null", dir.Sub("out"), dir.Sub("err"));
  ASSERT_NE(child.pid(), 0) << child.error();
  // Wait (bounded) for a committed checkpoint in the new generation.
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!HasCommittedCheckpoint(index, "gen-000002", input) &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(HasCommittedCheckpoint(index, "gen-000002", input))
      << testing::ReadWholeFile(dir.Sub("err"));
  child.Signal(SIGINT);
  const std::optional<int> code = child.Wait(std::chrono::seconds(120));
  const std::string err = testing::ReadWholeFile(dir.Sub("err"));
  ASSERT_TRUE(code.has_value()) << "byline update did not stop\n" << err;
  ASSERT_EQ(*code, kExitInterrupted) << err;
  EXPECT_THAT(err, HasSubstr("interrupted after"));
  EXPECT_THAT(err, HasSubstr("live generation (gen-000001) is unchanged"));

  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.load(report_path).get(report), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(report["outcome"].get_string().value()),
            "interrupted");
  EXPECT_EQ(report["exit_code"].get_int64().value(), kExitInterrupted);
  const uint64_t read = report["read"].get_uint64().value();
  EXPECT_GT(read, 0u);
  EXPECT_LT(read, 200000u);

  EXPECT_EQ(*generations::ReadLiveGeneration(index), "gen-000001");
  EXPECT_EQ(Articles(index), 40u);
  EXPECT_FALSE(fs::exists(index + "/gen-000002"));

  testing::Subprocess next({byline, "update", "--index", index, sample},
                           "/dev/null", dir.Sub("out"), dir.Sub("err"));
  ASSERT_EQ(next.Wait(std::chrono::seconds(60)), 0)
      << testing::ReadWholeFile(dir.Sub("err"));
  EXPECT_EQ(*generations::ReadLiveGeneration(index), "gen-000003");
  EXPECT_EQ(Articles(index), 40u);
}

}  // namespace
}  // namespace byline

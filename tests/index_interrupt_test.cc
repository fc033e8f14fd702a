// Ctrl-C during `byline index`, with the real binary and a real SIGINT:
// indexing stops at a checkpoint, everything read is committed and
// searchable, and the report names the input position reached.
#include <simdjson.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "searcher/searcher.h"
#include "tests/subprocess.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

using ::testing::HasSubstr;

constexpr int kExitInterrupted = 130;

TEST(IndexInterruptTest, SigintCommitsWhatWasReadAndReportsThePosition) {
  TempDir dir;
  const std::string input = dir.Sub("big.jsonl");
  {
    std::ofstream out(input);
    // Enough that indexing takes many seconds, so the signal lands midway.
    for (int i = 1; i <= 200000; ++i) {
      out << "{\"id\":\"n" << i << "\",\"title\":\"Bulletin " << i
          << "\",\"body\":\"Item " << i
          << " says the harbour reopened after repairs. Traders watched "
             "prices closely. More updates follow.\"}\n";
    }
  }
  const std::string index = dir.Sub("index");
  const std::string report_path = dir.Sub("report.json");
  testing::Subprocess child(
      {testing::BinaryDir() + "/cli/byline", "index", "--index", index,
       "--threads", "2", "--shards", "2", "--checkpoint_every", "1000",
       "--report", report_path, input},
      "/dev/null", dir.Sub("out"), dir.Sub("err"));
  ASSERT_NE(child.pid(), 0) << child.error();
  // Wait until the first checkpoint exists on disk, then interrupt.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(index + "/XAPIANDB") &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  child.Signal(SIGINT);
  const std::optional<int> code = child.Wait(std::chrono::seconds(60));
  const std::string err = testing::ReadWholeFile(dir.Sub("err"));
  ASSERT_TRUE(code.has_value()) << "byline index did not stop\n" << err;
  ASSERT_EQ(*code, kExitInterrupted) << err;
  EXPECT_THAT(err, HasSubstr("stopping at the next checkpoint"));
  EXPECT_THAT(err, HasSubstr("interrupted; committed up to " + input));

  // The report says how far it got; exactly that much is searchable.
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.load(report_path).get(report), simdjson::SUCCESS);
  EXPECT_TRUE(report["interrupted"].get_bool().value());
  const uint64_t read = report["read"].get_uint64().value();
  const uint64_t position = report["position"]["record"].get_uint64().value();
  EXPECT_GT(read, 0u);
  EXPECT_LT(read, 200000u);
  EXPECT_EQ(position, read);  // one article per line, no blank lines
  auto searcher = Searcher::Open(index);
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  auto stats = (*searcher)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, read);
  SearchRequest last;
  last.query = absl::StrCat("title:\"bulletin ", read, "\"");
  auto found = (*searcher)->Search(last);
  ASSERT_TRUE(found.ok());
  ASSERT_FALSE(found->hits.empty()) << "the last article read is missing";
  EXPECT_EQ(found->hits[0].article.id, absl::StrCat("n", read));
}

}  // namespace
}  // namespace byline

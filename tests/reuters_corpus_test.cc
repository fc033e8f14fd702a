// Reuters-21578 read straight from ../shared/data/reuters21578 through
// RecordReader and RecordParser: exact record, type, rejection and
// duplicate counts (see the policy comment in indexer/record_parser.h).
// Skipped when the dataset is absent.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "indexer/record_parser.h"
#include "indexer/record_reader.h"
#include "indexer/sgml_parser.h"
#include "tests/test_paths.h"

namespace byline {
namespace {

struct CorpusStats {
  std::vector<std::string> files;
  std::map<std::string, uint64_t> records_per_file;
  uint64_t records = 0;
  uint64_t norm = 0, brief = 0, unproc = 0;
  uint64_t parsed = 0;
  std::map<std::string, uint64_t> rejected_by_reason;
  std::vector<std::string> rejected_where;  // FILE:LINE
  std::set<std::string> ids;
  uint64_t duplicate_ids = 0;
  uint64_t dated = 0;
  uint64_t at_midnight = 0;  // dates whose time of day was dropped
  absl::Time earliest = absl::InfiniteFuture();
  absl::Time latest = absl::InfinitePast();
  uint64_t duplicate_bodies = 0;  // articles whose body an earlier one had
  std::map<sgml::ReutersTextType, uint64_t> duplicate_bodies_by_type;
  uint64_t empty_titles = 0;
  uint64_t briefs_with_title_body = 0;
  uint64_t non_ascii_articles = 0;
  uint64_t bodies_with_signoff_left = 0;  // StripReutersSignOff would cut
  uint64_t brief_headlines_ending_in_reuter = 0;
  bool first_records_on_line_2 = true;
  bool progress_complete = true;
  std::string error;  // a reader error, if any
};

class ReutersCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stats_ = new CorpusStats;
    const std::string dir = testing::SharedDataDir() + "/reuters21578";
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
      const std::string name = e.path().filename().string();
      if (absl::StartsWith(name, "reut2-") && absl::EndsWith(name, ".sgm")) {
        stats_->files.push_back(e.path().string());
      }
    }
    std::sort(stats_->files.begin(), stats_->files.end());
    if (stats_->files.empty()) return;

    RecordParser parser;
    std::set<std::string> bodies;
    for (const std::string& path : stats_->files) {
      auto reader = RecordReader::Open(path);
      if (!reader.ok()) {
        stats_->error = std::string(reader.status().message());
        return;
      }
      if ((*reader)->format() != InputFormat::kSgml) {
        stats_->error = path + ": not detected as SGML";
        return;
      }
      RawRecord record;
      uint64_t in_file = 0;
      while (true) {
        auto more = (*reader)->Next(&record);
        if (!more.ok()) {
          stats_->error = std::string(more.status().message());
          return;
        }
        if (!*more) break;
        ++in_file;
        ++stats_->records;
        if (in_file == 1 && record.number != 2) {
          stats_->first_records_on_line_2 = false;
        }
        const sgml::ReutersTextType type =
            sgml::GetReutersTextType(record.text);
        switch (type) {
          case sgml::ReutersTextType::kNorm: ++stats_->norm; break;
          case sgml::ReutersTextType::kBrief: ++stats_->brief; break;
          case sgml::ReutersTextType::kUnproc: ++stats_->unproc; break;
        }
        absl::StatusOr<Article> article = parser.Parse(record);
        if (!article.ok()) {
          ++stats_->rejected_by_reason[std::string(
              article.status().message())];
          stats_->rejected_where.push_back(
              absl::StrCat(record.file, ":", record.number));
          continue;
        }
        ++stats_->parsed;
        if (!stats_->ids.insert(article->id).second) ++stats_->duplicate_ids;
        if (article->published) {
          ++stats_->dated;
          const absl::Time t = *article->published;
          stats_->earliest = std::min(stats_->earliest, t);
          stats_->latest = std::max(stats_->latest, t);
          if (t == absl::FromCivil(absl::ToCivilDay(t, absl::UTCTimeZone()),
                                   absl::UTCTimeZone())) {
            ++stats_->at_midnight;
          }
        }
        if (!bodies.insert(article->body).second) {
          ++stats_->duplicate_bodies;
          ++stats_->duplicate_bodies_by_type[type];
        }
        if (article->title.empty()) ++stats_->empty_titles;
        if (type == sgml::ReutersTextType::kBrief &&
            article->body == article->title) {
          ++stats_->briefs_with_title_body;
        }
        const std::string& b = article->body;
        if (std::any_of(b.begin(), b.end(),
                        [](char c) { return (c & 0x80) != 0; })) {
          ++stats_->non_ascii_articles;
        }
        std::string again = b;
        sgml::StripReutersSignOff(&again);
        if (again != b) {
          // Only BRIEF headlines, which are not bodies run through the
          // sign-off removal, may still end in the word.
          if (type == sgml::ReutersTextType::kBrief) {
            ++stats_->brief_headlines_ending_in_reuter;
          } else {
            ++stats_->bodies_with_signoff_left;
          }
        }
      }
      stats_->records_per_file[std::filesystem::path(path).filename()] =
          in_file;
      if (!(*reader)->total_bytes() ||
          (*reader)->consumed_bytes() != *(*reader)->total_bytes()) {
        stats_->progress_complete = false;
      }
    }
  }
  static void TearDownTestSuite() {
    delete stats_;
    stats_ = nullptr;
  }

  void SetUp() override {
    if (stats_->files.empty()) {
      GTEST_SKIP() << "Reuters-21578 not found under "
                   << testing::SharedDataDir()
                   << "/reuters21578 (set BYLINE_SHARED_DATA)";
    }
    ASSERT_EQ(stats_->error, "");
  }

  static CorpusStats* stats_;
};

CorpusStats* ReutersCorpusTest::stats_ = nullptr;

TEST_F(ReutersCorpusTest, ReadsEveryRecord) {
  EXPECT_EQ(stats_->files.size(), 22u);
  EXPECT_EQ(stats_->records, 21578u);
  for (const auto& [file, n] : stats_->records_per_file) {
    EXPECT_EQ(n, file == "reut2-021.sgm" ? 578u : 1000u) << file;
  }
  // The DOCTYPE line comes first; RawRecord::number is the start line.
  EXPECT_TRUE(stats_->first_records_on_line_2);
  EXPECT_TRUE(stats_->progress_complete);
}

TEST_F(ReutersCorpusTest, TextTypes) {
  EXPECT_EQ(stats_->norm, 19043u);
  EXPECT_EQ(stats_->brief, 1798u);
  EXPECT_EQ(stats_->unproc, 737u);
}

TEST_F(ReutersCorpusTest, ParsesAllButTheEmptyStory) {
  std::string rejected;
  for (const auto& [reason, n] : stats_->rejected_by_reason) {
    absl::StrAppend(&rejected, n, " x ", reason, "\n");
  }
  for (const std::string& where : stats_->rejected_where) {
    absl::StrAppend(&rejected, "  at ", where, "\n");
  }
  EXPECT_EQ(stats_->parsed, 21577u) << rejected;
  // One UNPROC story has nothing but control characters in its <TEXT>.
  ASSERT_EQ(stats_->rejected_by_reason.size(), 1u) << rejected;
  EXPECT_EQ(stats_->rejected_by_reason.begin()->first,
            "field 'body': missing or empty");
  EXPECT_EQ(stats_->rejected_by_reason.begin()->second, 1u);
  ASSERT_EQ(stats_->rejected_where.size(), 1u);
  EXPECT_TRUE(absl::EndsWith(stats_->rejected_where[0], "reut2-012.sgm:25983"))
      << stats_->rejected_where[0];
}

TEST_F(ReutersCorpusTest, IdsAreUniqueNewIds) {
  EXPECT_EQ(stats_->duplicate_ids, 0u);
  EXPECT_EQ(stats_->ids.size(), stats_->parsed);
  // Every NEWID from 1 to 21578 but the rejected one.
  uint64_t found = 0;
  for (int i = 1; i <= 21578; ++i) {
    found += stats_->ids.count(absl::StrCat("reuters-", i));
  }
  EXPECT_EQ(found, stats_->parsed);
}

TEST_F(ReutersCorpusTest, EveryDateParses) {
  EXPECT_EQ(stats_->dated, stats_->parsed);
  EXPECT_EQ(stats_->earliest,
            absl::FromCivil(absl::CivilSecond(1987, 2, 26, 15, 1, 1),
                            absl::UTCTimeZone()) +
                absl::Milliseconds(790));
  EXPECT_EQ(stats_->latest,
            absl::FromCivil(absl::CivilSecond(1987, 10, 20, 22, 53, 18),
                            absl::UTCTimeZone()) +
                absl::Milliseconds(250));
  // Two dates fall on midnight: one written as 00:00:00.00, and the one
  // whose hour (605) is out of range, which keeps only its day.
  EXPECT_EQ(stats_->at_midnight, 2u);
}

TEST_F(ReutersCorpusTest, DuplicateBodiesAreKept) {
  EXPECT_EQ(stats_->duplicate_bodies, 358u);
  EXPECT_EQ(stats_->duplicate_bodies_by_type[sgml::ReutersTextType::kNorm],
            328u);
  EXPECT_EQ(stats_->duplicate_bodies_by_type[sgml::ReutersTextType::kBrief],
            26u);
  EXPECT_EQ(stats_->duplicate_bodies_by_type[sgml::ReutersTextType::kUnproc],
            4u);
}

TEST_F(ReutersCorpusTest, TitlesBodiesAndCharacters) {
  // UNPROC stories have no title; the rejected one is not counted.
  EXPECT_EQ(stats_->empty_titles, 736u);
  EXPECT_EQ(stats_->briefs_with_title_body, 1798u);
  // The one Latin-1 byte of the collection.
  EXPECT_EQ(stats_->non_ascii_articles, 1u);
  EXPECT_EQ(stats_->bodies_with_signoff_left, 0u);
  EXPECT_EQ(stats_->brief_headlines_ending_in_reuter, 2u);
}

}  // namespace
}  // namespace byline

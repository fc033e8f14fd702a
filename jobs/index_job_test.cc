// Tests of the index jobs on real Xapian databases: generations, deletes,
// guards, the job lock, retention under a reader, compaction and rollback.
#include "jobs/index_job.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "generations/index_directory.h"
#include "generations/locks.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indexer/index_layout.h"
#include "jobs/job_steps.h"
#include "schema/record.h"
#include "searcher/searcher.h"
#include "util/temp_dir.h"

namespace byline::jobs {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string SampleCorpus() {
  const char* root = std::getenv("BYLINE_SOURCE_DIR");
  return std::string(root ? root : ".") + "/data/sample/articles.jsonl";
}

void WriteLines(const std::string& path, const std::vector<std::string>& l) {
  std::ofstream out(path);
  for (const std::string& line : l) out << line << "\n";
}

std::string Article(absl::string_view id, absl::string_view title) {
  return absl::StrCat("{\"id\":\"", id, "\",\"title\":\"", title,
                      "\",\"body\":\"", title,
                      " was reported on Tuesday by the harbour office.\"}");
}

JobOptions Options(uint32_t shards = 2) {
  JobOptions options;
  options.indexer.threads = 2;
  options.shards = shards;
  return options;
}

uint64_t Articles(const std::string& index) {
  auto searcher = Searcher::Open(index);
  EXPECT_TRUE(searcher.ok()) << searcher.status();
  if (!searcher.ok()) return 0;
  auto stats = (*searcher)->Stats();
  EXPECT_TRUE(stats.ok());
  return stats.ok() ? stats->articles : 0;
}

uint64_t Hits(const std::string& index, const std::string& query) {
  auto searcher = Searcher::Open(index);
  if (!searcher.ok()) return 0;
  SearchRequest request;
  request.query = query;
  auto result = (*searcher)->Search(request);
  return result.ok() ? result->hits.size() : 0;
}

class IndexJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = dir_.Sub("index");
    auto first = RunIndexJob(index_, JobKind::kIndex, {SampleCorpus()},
                             Options());
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_EQ(first->outcome, JobOutcome::kSwapped);
    ASSERT_EQ(first->generation, "gen-000001");
    ASSERT_EQ(first->articles_after, 40u);
  }
  TempDir dir_;
  std::string index_;
};

TEST_F(IndexJobTest, UpdateAppliesUpsertsAndDeletesToANewGeneration) {
  const std::string feed = dir_.Sub("feed.jsonl");
  WriteLines(feed, {Article("new-1", "Zanzibar ferry timetable changes"),
                    Article("sample-002", "Rotterdam strike story rewritten"),
                    "{\"id\": \"sample-003\", \"deleted\": true}",
                    "{\"id\": \"never-indexed\", \"deleted\": true}"});
  JobOptions options = Options();
  options.shards.reset();
  options.delete_ids = {"sample-004"};
  auto report = RunIndexJob(index_, JobKind::kUpdate, {feed}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->outcome, JobOutcome::kSwapped);
  EXPECT_EQ(report->generation, "gen-000002");
  EXPECT_EQ(report->parent, "gen-000001");
  EXPECT_EQ(report->articles_before, 40u);
  EXPECT_EQ(report->articles_after, 40u + 1 - 2);
  EXPECT_EQ(report->indexing.counts.indexed, 1u);
  EXPECT_EQ(report->indexing.counts.replaced, 1u);
  EXPECT_EQ(report->deleted, 2u);
  EXPECT_EQ(report->delete_misses, 1u);

  // Search, GetArticle and Stats agree; the old generation is untouched.
  EXPECT_EQ(Articles(index_), 39u);
  EXPECT_EQ(Hits(index_, "zanzibar"), 1u);
  auto searcher = Searcher::Open(index_);
  ASSERT_TRUE(searcher.ok());
  EXPECT_EQ((*searcher)->GetArticle("sample-003").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ((*searcher)->GetArticle("sample-004").status().code(),
            absl::StatusCode::kNotFound);
  auto old = Searcher::OpenGeneration(index_, "gen-000001");
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_TRUE((*old)->GetArticle("sample-003").ok());
  EXPECT_EQ((*old)->Stats()->articles, 40u);

  // The manifest says what the generation was built from.
  auto manifest = generations::ReadManifest(index_ + "/gen-000002");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->parent, "gen-000001");
  EXPECT_EQ(manifest->articles, 39u);
  EXPECT_EQ(manifest->deleted, 2u);
  ASSERT_EQ(manifest->inputs.size(), 1u);
  EXPECT_EQ(manifest->inputs[0].bytes, fs::file_size(feed));
  EXPECT_NE(manifest->inputs[0].crc32, 0u);
  ASSERT_EQ(manifest->shards.size(), 2u);
  EXPECT_EQ(manifest->shards[0].articles + manifest->shards[1].articles, 39u);
}

TEST_F(IndexJobTest, GuardsRefuseABrokenFeedAndLeaveTheLiveGeneration) {
  const std::string feed = dir_.Sub("tiny.jsonl");
  WriteLines(feed, {Article("only-1", "A lone bulletin")});
  auto report = RunIndexJob(index_, JobKind::kRebuild, {feed}, Options());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->outcome, JobOutcome::kRefused);
  EXPECT_THAT(report->refusal, HasSubstr("--max_shrink 10%"));
  EXPECT_THAT(report->refusal, HasSubstr("40"));
  EXPECT_EQ(*generations::ReadLiveGeneration(index_), "gen-000001");
  EXPECT_FALSE(fs::exists(index_ + "/" + report->generation));
  EXPECT_EQ(Articles(index_), 40u);

  JobOptions at_least = Options();
  at_least.max_shrink = 1.0;
  at_least.min_articles = 2;
  report = RunIndexJob(index_, JobKind::kRebuild, {feed}, at_least);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->outcome, JobOutcome::kRefused);
  EXPECT_THAT(report->refusal, HasSubstr("--min_articles 2"));

  at_least.min_articles = 1;
  report = RunIndexJob(index_, JobKind::kRebuild, {feed}, at_least);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->outcome, JobOutcome::kSwapped);
  EXPECT_EQ(Articles(index_), 1u);
}

TEST_F(IndexJobTest, SecondJobIsRefusedWhileOneHoldsTheIndex) {
  auto held = generations::JobLock::Acquire(index_, "update");
  ASSERT_TRUE(held.ok());
  auto report = RunIndexJob(index_, JobKind::kUpdate, {SampleCorpus()},
                            Options(2));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(report.status().message(), HasSubstr("pid "));
  EXPECT_EQ(RunCompactJob(index_, Options()).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(Rollback(index_, std::nullopt).status().code(),
            absl::StatusCode::kUnavailable);
}

// Regression: `byline compact` twice in one second named both generations
// alike, and the failure path deleted the live shards.
TEST_F(IndexJobTest, CompactTwiceInOneSecondKeepsTheIndex) {
  const uint64_t hits_before = Hits(index_, "rotterdam strike");
  ASSERT_GT(hits_before, 0u);
  auto first = RunCompactJob(index_, Options());
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = RunCompactJob(index_, Options());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(first->generation, second->generation);
  EXPECT_EQ(*generations::ReadLiveGeneration(index_), second->generation);
  EXPECT_EQ(Articles(index_), 40u);
  EXPECT_EQ(Hits(index_, "rotterdam strike"), hits_before);
  auto live = generations::ResolveLive(index_);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->shard_paths.size(), 1u);
}

// Regression: compacting under a reader broke the reader's next search
// (the old shards were deleted at once). Retention now waits for readers.
TEST_F(IndexJobTest, OldGenerationOutlivesCompactionWhileAReaderHoldsIt) {
  auto reader = Searcher::Open(index_);
  ASSERT_TRUE(reader.ok());
  JobOptions keep_none = Options();
  keep_none.keep = 0;
  auto compacted = RunCompactJob(index_, keep_none);
  ASSERT_TRUE(compacted.ok()) << compacted.status();
  EXPECT_TRUE(compacted->removed_generations.empty());
  EXPECT_TRUE(fs::exists(index_ + "/gen-000001"));
  SearchRequest request;
  request.query = "rotterdam";
  ASSERT_TRUE((*reader)->Search(request).ok());  // still answers
  reader->reset();  // releases its hold

  auto again = RunCompactJob(index_, keep_none);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(again->removed_generations,
              ::testing::UnorderedElementsAre("gen-000001", "gen-000002"));
  EXPECT_FALSE(fs::exists(index_ + "/gen-000001"));
  EXPECT_EQ(Articles(index_), 40u);
}

TEST(IndexJobStandaloneTest, ShardedSearchEqualsItsCompactedGeneration) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  ASSERT_TRUE(
      RunIndexJob(index, JobKind::kRebuild, {SampleCorpus()}, Options(3))
          .ok());
  const std::string copy = dir.Sub("copy");
  fs::copy(index, copy, fs::copy_options::recursive);
  auto compacted = RunCompactJob(copy, Options());
  ASSERT_TRUE(compacted.ok()) << compacted.status();
  ASSERT_EQ(generations::ResolveLive(copy)->shard_paths.size(), 1u);
  auto sharded = Searcher::Open(index);
  auto merged = Searcher::Open(copy);
  ASSERT_TRUE(sharded.ok() && merged.ok());
  for (const char* q : {"rotterdam strike", "\"port strike\"", "freight",
                        "title:satellite", "port -rotterdam"}) {
    SearchRequest r;
    r.query = q;
    r.limit = 100;
    auto a = (*sharded)->Search(r);
    auto b = (*merged)->Search(r);
    ASSERT_TRUE(a.ok() && b.ok()) << q;
    auto key = [](const SearchResult& res) {
      std::vector<std::pair<double, std::string>> out;
      for (const PassageHit& h : res.hits) {
        out.emplace_back(-std::round(h.score * 1e6),
                         absl::StrCat(h.article.id, "#", h.passage_index));
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    EXPECT_FALSE(a->hits.empty()) << q;
    EXPECT_EQ(key(*a), key(*b)) << q;
    EXPECT_EQ(a->estimated_articles, b->estimated_articles) << q;
  }
}

TEST_F(IndexJobTest, RollbackGoesBackAndForth) {
  const std::string feed = dir_.Sub("feed.jsonl");
  WriteLines(feed, {Article("new-1", "Zanzibar ferry timetable changes")});
  JobOptions options = Options();
  options.shards.reset();
  ASSERT_TRUE(RunIndexJob(index_, JobKind::kUpdate, {feed}, options).ok());
  EXPECT_EQ(Articles(index_), 41u);
  auto back = Rollback(index_, std::nullopt);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, "gen-000001");
  EXPECT_EQ(Articles(index_), 40u);
  auto forth = Rollback(index_, "gen-000002");
  ASSERT_TRUE(forth.ok());
  EXPECT_EQ(Articles(index_), 41u);
  EXPECT_EQ(Rollback(index_, "gen-000042").status().code(),
            absl::StatusCode::kNotFound);
  fs::create_directories(index_ + "/gen-000003/shard-000");
  EXPECT_EQ(Rollback(index_, "gen-000003").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(IndexJobTest, NextJobCleansUpWhatADeadOneLeft) {
  // A job that died after issuing gen-000007 and creating its directory.
  std::ofstream(index_ + "/generation.seq") << "7\n";
  fs::create_directories(index_ + "/gen-000007/shard-000");
  fs::create_directories(index_ + "/.removing-gen-000005/shard-000");
  std::ofstream(index_ + "/XAPIANDB.tmp.12345") << "auto gen-000007\n";
  auto report = RunCompactJob(index_, Options());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->generation, "gen-000008");  // numbers never repeat
  EXPECT_FALSE(fs::exists(index_ + "/gen-000007"));
  EXPECT_FALSE(fs::exists(index_ + "/.removing-gen-000005"));
  EXPECT_FALSE(fs::exists(index_ + "/XAPIANDB.tmp.12345"));
}

TEST_F(IndexJobTest, UpdateMustAnalyseLikeTheLiveGeneration) {
  JobOptions options = Options();
  options.shards.reset();
  options.indexer.builder.passages.max_words = 60;
  auto report = RunIndexJob(index_, JobKind::kUpdate, {SampleCorpus()},
                            options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(report.status().message(), HasSubstr("passage_max_words"));
  options.shards = 3;
  report = RunIndexJob(index_, JobKind::kRebuild, {SampleCorpus()}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(generations::ResolveLive(index_)->shard_paths.size(), 3u);
}

std::string NerModel() {
  const char* root = std::getenv("BYLINE_SOURCE_DIR");
  return std::string(root ? root : ".") + "/ner/model/byline-ner-en.bin";
}

std::string Setting(const std::string& index, const std::string& key) {
  auto live = generations::ResolveLive(index);
  if (!live.ok() || !live->manifest) return "<no manifest>";
  for (const auto& [k, v] : live->manifest->analyzer) {
    if (k == key) return v;
  }
  return "<unset>";
}

TEST(IndexJobStandaloneTest, EntitiesAreFixedPerIndex) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  JobOptions on = Options();
  on.entities = true;
  on.ner_model = NerModel();
  auto built = RunIndexJob(index, JobKind::kRebuild, {SampleCorpus()}, on);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(Setting(index, "entities"), "on");
  EXPECT_THAT(Setting(index, "ner_model"), ::testing::StartsWith("crc32:"));
  EXPECT_EQ(Setting(index, "ner_model").size(), 14u);
  // The sample articles name people, organisations and places: their
  // stored records carry entities.
  {
    auto live = generations::ResolveLive(index);
    ASSERT_TRUE(live.ok());
    uint64_t with_entities = 0;
    for (const std::string& shard : live->shard_paths) {
      Xapian::Database db(shard);
      for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        auto stored = schema::DecodeStoredArticle(db.get_document(*it).get_data());
        ASSERT_TRUE(stored.ok());
        if (!stored->entities.empty()) ++with_entities;
      }
    }
    EXPECT_GT(with_entities, 30u);
  }

  // An update without entities is refused, naming the flag.
  JobOptions off = Options();
  off.shards.reset();
  auto update = RunIndexJob(index, JobKind::kUpdate, {SampleCorpus()}, off);
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(update.status().message(), HasSubstr("entities on"));
  EXPECT_THAT(update.status().message(), HasSubstr("rebuild to change --entities"));
  EXPECT_THAT(update.status().message(), HasSubstr("--entities=true"));
  EXPECT_EQ(generations::ResolveLive(index)->generation, built->generation);
  // `byline index` (update-or-create) is an update too.
  EXPECT_EQ(RunIndexJob(index, JobKind::kIndex, {SampleCorpus()}, off)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);

  // The same settings update fine.
  JobOptions same = on;
  same.shards.reset();
  auto updated = RunIndexJob(index, JobKind::kUpdate, {SampleCorpus()}, same);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(Setting(index, "entities"), "on");

  // A rebuild may switch entities off; then an update with them is refused.
  auto rebuilt = RunIndexJob(index, JobKind::kRebuild, {SampleCorpus()}, off);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(Setting(index, "entities"), "off");
  EXPECT_EQ(Setting(index, "ner_model"), "none");
  auto again = RunIndexJob(index, JobKind::kUpdate, {SampleCorpus()}, same);
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.status().message(), HasSubstr("entities off"));
  EXPECT_THAT(again.status().message(), HasSubstr("--entities=false"));
}

TEST(IndexJobStandaloneTest, MissingNerModelNamesTheFileAndTheFlags) {
  TempDir dir;
  JobOptions options = Options();
  options.entities = true;
  options.ner_model = dir.Sub("no-such-model.bin");
  auto report =
      RunIndexJob(dir.Sub("index"), JobKind::kRebuild, {SampleCorpus()}, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(report.status().message(), HasSubstr("no-such-model.bin"));
  EXPECT_THAT(report.status().message(), HasSubstr("--ner_model"));
  EXPECT_THAT(report.status().message(), HasSubstr("--entities=false"));
  EXPECT_FALSE(IndexExists(dir.Sub("index")));
  // A damaged model fails as clearly.
  std::ofstream(dir.Sub("bad.bin")) << "not a model";
  options.ner_model = dir.Sub("bad.bin");
  report =
      RunIndexJob(dir.Sub("index"), JobKind::kRebuild, {SampleCorpus()}, options);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("bad.bin"));
}

// Builds `index` from the sample corpus; returns its live generation (with
// its manifest, which tests then edit to play an older build).
generations::ResolvedIndex BuildSampleIndex(const std::string& index) {
  EXPECT_TRUE(
      RunIndexJob(index, JobKind::kRebuild, {SampleCorpus()}, Options()).ok());
  absl::StatusOr<generations::ResolvedIndex> live =
      generations::ResolveLive(index);
  EXPECT_TRUE(live.ok() && live->manifest) << live.status();
  return live.ok() ? *std::move(live) : generations::ResolvedIndex{};
}

TEST(IndexJobStandaloneTest, GenerationWithoutEntitySettingCountsAsOff) {
  // A generation built before entities existed records neither setting.
  TempDir dir;
  const std::string index = dir.Sub("index");
  const generations::ResolvedIndex live = BuildSampleIndex(index);
  ASSERT_TRUE(live.manifest);
  generations::Manifest manifest = *live.manifest;
  std::erase_if(manifest.analyzer, [](const auto& kv) {
    return kv.first == "entities" || kv.first == "ner_model";
  });
  ASSERT_TRUE(generations::WriteManifest(index, manifest).ok());
  JobOptions on = Options();
  on.shards.reset();
  on.entities = true;
  on.ner_model = NerModel();
  auto update = RunIndexJob(index, JobKind::kUpdate, {SampleCorpus()}, on);
  ASSERT_FALSE(update.ok());
  EXPECT_THAT(update.status().message(), HasSubstr("entities off"));
  JobOptions off = Options();
  off.shards.reset();
  EXPECT_TRUE(RunIndexJob(index, JobKind::kUpdate, {SampleCorpus()}, off).ok());
}

// A schema bump: an update of a generation of an older schema is refused
// before it copies anything, naming the live generation and the rebuild;
// the rebuild then works.
TEST(IndexJobStandaloneTest, UpdateOfAnOlderSchemaSaysToRebuild) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  const generations::ResolvedIndex live = BuildSampleIndex(index);
  ASSERT_TRUE(live.manifest);
  generations::Manifest manifest = *live.manifest;
  manifest.schema_version = "5";
  ASSERT_TRUE(generations::WriteManifest(index, manifest).ok());
  JobOptions options = Options();
  options.shards.reset();
  auto update = RunIndexJob(index, JobKind::kUpdate, {SampleCorpus()}, options);
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(update.status().message(),
              HasSubstr(absl::StrCat("the live generation ", live.generation,
                                     " of ", index, " has index schema 5")));
  EXPECT_THAT(update.status().message(),
              HasSubstr(absl::StrCat("byline rebuild --index ", index)));
  EXPECT_EQ(generations::ResolveLive(index)->generation, live.generation);
  auto rebuild =
      RunIndexJob(index, JobKind::kRebuild, {SampleCorpus()}, options);
  ASSERT_TRUE(rebuild.ok()) << rebuild.status();
  EXPECT_NE(generations::ResolveLive(index)->generation, live.generation);
}

TEST(IndexJobStandaloneTest, UpdateNeedsAnIndexAndRebuildNeedsAnEmptyDir) {
  TempDir dir;
  auto update = RunIndexJob(dir.Sub("none"), JobKind::kUpdate,
                            {SampleCorpus()}, Options());
  EXPECT_EQ(update.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(update.status().message(), HasSubstr("byline rebuild"));
  fs::create_directories(dir.Sub("other"));
  std::ofstream(dir.Sub("other") + "/notes.txt") << "mine";
  auto rebuild = RunIndexJob(dir.Sub("other"), JobKind::kRebuild,
                             {SampleCorpus()}, Options());
  EXPECT_EQ(rebuild.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(fs::exists(dir.Sub("other") + "/notes.txt"));
}

TEST(IndexJobStandaloneTest, IndexFromBeforeGenerationsIsConverted) {
  TempDir dir;
  const std::string index = dir.Sub("old");
  auto layout = OpenOrCreateIndexLayout(index, 2);
  ASSERT_TRUE(layout.ok());
  {
    ParallelIndexerOptions options;
    ParallelIndexer indexer(*layout, options);
    ASSERT_TRUE(indexer.Run({SampleCorpus()}, nullptr, nullptr, nullptr).ok());
  }
  EXPECT_EQ(generations::ResolveLive(index)->kind,
            generations::IndexKind::kLegacyStub);
  EXPECT_EQ(Articles(index), 40u);
  const std::string feed = dir.Sub("feed.jsonl");
  WriteLines(feed, {Article("new-1", "Zanzibar ferry timetable changes")});
  JobOptions options = Options();
  options.shards.reset();
  auto report = RunIndexJob(index, JobKind::kUpdate, {feed}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->articles_after, 41u);
  EXPECT_EQ(generations::ResolveLive(index)->kind,
            generations::IndexKind::kGenerations);
  EXPECT_FALSE(fs::exists(index + "/shard-000"));
  EXPECT_EQ(Articles(index), 41u);
}

TEST(ValidateShardsTest, CountMismatchFailsNamingTheShard) {
  TempDir dir;
  auto layout = OpenOrCreateIndexLayout(dir.Sub("g"), 1);
  ASSERT_TRUE(layout.ok());
  auto v = ValidateShards(*layout, 0, {0});
  ASSERT_TRUE(v.ok()) << v.status();
  v = ValidateShards(*layout, 0, {5});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(v.status().message(), HasSubstr("shard 0 holds 0"));
  EXPECT_FALSE(ValidateShards(*layout, 3, {}).ok());
}

TEST(CheckGuardsTest, ShrinkAndMinimum) {
  EXPECT_EQ(CheckGuards(100, 90, 0.10, 0, true), "");
  EXPECT_THAT(CheckGuards(100, 89, 0.10, 0, true), HasSubstr("11.0% fewer"));
  EXPECT_EQ(CheckGuards(0, 0, 0.10, 0, false), "");
  EXPECT_THAT(CheckGuards(0, 5, 0.10, 10, false),
              HasSubstr("--min_articles 10"));
  EXPECT_EQ(CheckGuards(100, 0, 1.0, 0, true), "");
}

}  // namespace
}  // namespace byline::jobs

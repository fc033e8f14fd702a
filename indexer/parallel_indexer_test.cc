// Tests for the parallel indexing pipeline on real sharded indexes.
#include "indexer/parallel_indexer.h"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ner/entity_key.h"
#include "ner/recognizer.h"
#include "schema/record.h"
#include "schema/routing.h"
#include "schema/schema.h"
#include "searcher/searcher.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

using ::testing::HasSubstr;

// Writes `n` JSON Lines articles "a<i>" whose body mentions `marker`.
std::string WriteCorpus(const TempDir& dir, const std::string& name, int n,
                        const std::string& marker, int first = 0) {
  const std::string path = dir.Sub(name);
  std::ofstream out(path);
  for (int i = first; i < first + n; ++i) {
    out << "{\"id\":\"a" << i << "\",\"title\":\"Story " << i
        << "\",\"source\":\"Wire " << (i % 3) << "\",\"published\":\"2024-0"
        << (1 + i % 9) << "-1" << (i % 10) << "\",\"body\":\"Article " << i
        << " reports " << marker << " news. Harbour cranes moved " << i
        << " containers. Officials said more would follow.\\n\\nA second "
           "paragraph about freight rates and port strike talk.\"}\n";
  }
  return path;
}

absl::StatusOr<IndexingReport> Index(const std::string& index_dir,
                                     std::optional<uint32_t> shards,
                                     const std::vector<std::string>& inputs,
                                     ParallelIndexerOptions options,
                                     std::vector<RejectedRecord>* rejects =
                                         nullptr,
                                     const std::atomic<bool>* stop = nullptr) {
  auto layout = OpenOrCreateIndexLayout(index_dir, shards);
  if (!layout.ok()) return layout.status();
  ParallelIndexer indexer(*layout, options);
  return indexer.Run(
      inputs,
      [&](const RejectedRecord& r) {
        if (rejects != nullptr) rejects->push_back(r);
      },
      nullptr, stop);
}

TEST(RoutingTest, StableAcrossRunsAndMachines) {
  // Pinned: changing the hash would strand existing articles.
  EXPECT_EQ(schema::StableIdHash(""), 14695981039346656037ull);
  EXPECT_EQ(schema::StableIdHash("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(schema::ShardForId("business/001", 1), 0u);
  for (const char* id : {"x", "reuters-17", "bbc/tech/201"}) {
    EXPECT_EQ(schema::ShardForId(id, 7), schema::ShardForId(id, 7));
    EXPECT_LT(schema::ShardForId(id, 7), 7u);
  }
}

TEST(ParallelIndexerTest, IndexesIntoRoutedShards) {
  TempDir dir;
  const std::string input = WriteCorpus(dir, "in.jsonl", 500, "alpha");
  ParallelIndexerOptions options;
  options.threads = 3;
  options.batch_records = 16;
  auto report = Index(dir.Sub("index"), 2, {input}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->counts.read, 500u);
  EXPECT_EQ(report->counts.indexed, 500u);
  EXPECT_EQ(report->counts.replaced, 0u);
  EXPECT_EQ(report->counts.rejected, 0u);
  ASSERT_EQ(report->shard_articles.size(), 2u);
  EXPECT_GT(report->shard_articles[0], 0u);
  EXPECT_GT(report->shard_articles[1], 0u);
  auto layout = ReadIndexLayout(dir.Sub("index"));
  ASSERT_TRUE(layout.ok());
  for (uint32_t s = 0; s < 2; ++s) {
    Xapian::Database shard(layout->shard_paths[s]);
    EXPECT_EQ(shard.get_metadata("byline.shards"), "2");
    EXPECT_THAT(shard.get_metadata("byline.checkpoint"), HasSubstr("record=500"));
    for (int i = 0; i < 500; ++i) {
      const std::string id = absl::StrCat("a", i);
      EXPECT_EQ(shard.term_exists(schema::ArticleIdTerm(id)),
                schema::ShardForId(id, 2) == s)
          << id;
    }
  }
  // The stub makes one logical index.
  Xapian::Database all(dir.Sub("index"));
  EXPECT_EQ(all.get_doccount(), 500u);
}

TEST(ParallelIndexerTest, UpdatesReplaceWhateverTheThreadCount) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  ParallelIndexerOptions one;
  one.threads = 1;
  ASSERT_TRUE(
      Index(index, 2, {WriteCorpus(dir, "v1.jsonl", 300, "oldword")}, one).ok());
  ParallelIndexerOptions five;
  five.threads = 5;
  five.batch_records = 7;
  // Ids a100..a349: 200 updates and 50 new articles.
  auto report = Index(index, std::nullopt,
                      {WriteCorpus(dir, "v2.jsonl", 250, "newword", 100)}, five);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->counts.replaced, 200u);
  EXPECT_EQ(report->counts.indexed, 50u);
  Xapian::Database all(index);
  EXPECT_EQ(all.get_doccount(), 350u);
  for (int i = 0; i < 350; ++i) {
    const std::string id = absl::StrCat("a", i);
    EXPECT_EQ(all.get_termfreq(schema::ArticleIdTerm(id)) > 0, true) << id;
    Xapian::Enquire enquire(all);
    enquire.set_query(Xapian::Query(schema::ArticleIdTerm(id)));
    EXPECT_EQ(enquire.get_mset(0, 10).size(), 1u) << id;  // exactly one copy
  }
  // Old text is gone from every updated article.
  Xapian::Enquire enquire(all);
  enquire.set_query(Xapian::Query("oldword"));
  std::set<std::string> old_ids;
  for (const auto& it : std::vector<Xapian::MSet>{enquire.get_mset(0, 10000)}) {
    for (auto m = it.begin(); m != it.end(); ++m) {
      old_ids.insert(m.get_document().get_value(schema::kSlotArticleId));
    }
  }
  EXPECT_EQ(old_ids.size(), 100u);  // a0..a99 only
  EXPECT_FALSE(old_ids.count("a100"));
}

TEST(ParallelIndexerTest, LaterVersionInTheSameInputWins) {
  TempDir dir;
  const std::string path = dir.Sub("in.jsonl");
  {
    std::ofstream out(path);
    for (int version = 0; version < 50; ++version) {
      out << "{\"id\":\"same\",\"body\":\"Version v" << version
          << " of the story.\"}\n";
      out << "{\"id\":\"other" << version << "\",\"body\":\"Filler.\"}\n";
    }
  }
  ParallelIndexerOptions options;
  options.threads = 4;
  options.batch_records = 3;
  auto report = Index(dir.Sub("index"), 3, {path}, options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->counts.replaced, 49u);
  Xapian::Database all(dir.Sub("index"));
  EXPECT_EQ(all.get_termfreq("Qsame"), 1u);
  EXPECT_TRUE(all.term_exists("v49"));
  EXPECT_FALSE(all.term_exists("v48"));
}

TEST(ParallelIndexerTest, RejectsComeInInputOrderWithRecordNumbers) {
  TempDir dir;
  const std::string path = dir.Sub("in.jsonl");
  {
    std::ofstream out(path);
    for (int i = 1; i <= 200; ++i) {
      if (i % 17 == 0) {
        out << "{\"id\":\"bad" << i << "\"}\n";  // no body
      } else {
        out << "{\"id\":\"ok" << i << "\",\"body\":\"Fine text.\"}\n";
      }
    }
  }
  ParallelIndexerOptions options;
  options.threads = 3;
  options.batch_records = 5;
  std::vector<RejectedRecord> rejects;
  auto report = Index(dir.Sub("index"), 2, {path}, options, &rejects);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(rejects.size(), 11u);
  for (size_t i = 0; i < rejects.size(); ++i) {
    EXPECT_EQ(rejects[i].line, 17 * (i + 1));
    EXPECT_THAT(rejects[i].reason, HasSubstr("field 'body'"));
  }
  EXPECT_EQ(report->rejects_by_reason.at("field 'body': missing or empty"),
            11u);
  EXPECT_EQ(report->counts.indexed, 189u);
}

// Articles of `ids` in any shard of the index at `index`.
uint64_t Holding(const std::string& index, const std::string& id) {
  Xapian::Database all(index);
  return all.get_termfreq(schema::ArticleIdTerm(id));
}

std::string Upsert(const std::string& id) {
  return absl::StrCat("{\"id\":\"", id, "\",\"body\":\"Text of ", id,
                      ".\"}\n");
}

std::string Tombstone(const std::string& id) {
  return absl::StrCat("{\"id\":\"", id, "\",\"deleted\":true}\n");
}

TEST(ParallelIndexerTest, TombstonesAndUpsertsApplyInInputOrder) {
  TempDir dir;
  const std::string path = dir.Sub("in.jsonl");
  {
    std::ofstream out(path);
    for (int i = 0; i < 30; ++i) out << Upsert(absl::StrCat("a", i));
    for (int i = 0; i < 10; ++i) out << Tombstone(absl::StrCat("a", i));
    for (int i = 0; i < 5; ++i) out << Upsert(absl::StrCat("a", i));  // back
    for (int i = 0; i < 3; ++i) out << Tombstone(absl::StrCat("x", i));
    out << Upsert("b0") << Tombstone("b0");
    out << Tombstone("a20") << Tombstone("a20");
  }
  ParallelIndexerOptions options;
  options.threads = 4;
  options.batch_records = 3;
  options.checkpoint_records = 7;
  const std::string index = dir.Sub("index");
  auto report = Index(index, 3, {path}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->counts.read, 52u);
  EXPECT_EQ(report->counts.indexed, 36u);
  EXPECT_EQ(report->counts.replaced, 0u);
  EXPECT_EQ(report->counts.rejected, 0u);
  EXPECT_EQ(report->counts.deleted, 12u);
  EXPECT_EQ(report->counts.delete_misses, 4u);
  Xapian::Database all(index);
  EXPECT_EQ(all.get_doccount(), 24u);
  for (int i = 0; i < 30; ++i) {
    const std::string id = absl::StrCat("a", i);
    const bool expected = i < 5 || (i >= 10 && i != 20);
    EXPECT_EQ(Holding(index, id), expected ? 1u : 0u) << id;
  }
  EXPECT_EQ(Holding(index, "b0"), 0u);
  uint64_t per_shard_total = 0;
  for (uint64_t n : report->shard_articles) per_shard_total += n;
  EXPECT_EQ(per_shard_total, 24u);
}

TEST(ParallelIndexerTest, DeleteIdsFollowEveryInputRecord) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  ParallelIndexerOptions first;
  ASSERT_TRUE(
      Index(index, 2, {WriteCorpus(dir, "v1.jsonl", 100, "first")}, first)
          .ok());
  const std::string path = dir.Sub("v2.jsonl");
  {
    std::ofstream out(path);
    for (int i = 100; i < 110; ++i) out << Upsert(absl::StrCat("a", i));
    out << Upsert("a7");  // deleted below all the same
    out << Tombstone("a8");
  }
  ParallelIndexerOptions options;
  options.threads = 3;
  options.batch_records = 2;
  options.checkpoint_records = 3;
  options.delete_ids = {"a105", "a5", "a5", "missing", "a7", "a8"};
  auto report = Index(index, std::nullopt, {path}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->counts.read, 12u);  // delete ids are not records
  EXPECT_EQ(report->counts.indexed, 10u);
  EXPECT_EQ(report->counts.replaced, 1u);
  EXPECT_EQ(report->counts.deleted, 4u);        // a8, a105, a5, a7
  EXPECT_EQ(report->counts.delete_misses, 3u);  // a5 again, missing, a8
  Xapian::Database all(index);
  EXPECT_EQ(all.get_doccount(), 106u);
  for (const char* id : {"a105", "a5", "a7", "a8"}) {
    EXPECT_EQ(Holding(index, id), 0u) << id;
  }
  EXPECT_EQ(Holding(index, "a6"), 1u);
  EXPECT_EQ(Holding(index, "a109"), 1u);
}

TEST(ParallelIndexerTest, BadDeleteIdFailsBeforeWriting) {
  TempDir dir;
  ParallelIndexerOptions options;
  options.delete_ids = {"ok", ""};
  auto report = Index(dir.Sub("index"), 1,
                      {WriteCorpus(dir, "in.jsonl", 10, "zeta")}, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(report.status().message(), HasSubstr("field 'id'"));
  Xapian::Database all(dir.Sub("index"));
  EXPECT_EQ(all.get_doccount(), 0u);
}

TEST(ParallelIndexerDeathTest, FaultPointAfterShardCommit) {
  // The default "fast" style forks here (no other thread runs now), so the
  // child writes into this test's directory.
  TempDir dir;
  const std::string input = WriteCorpus(dir, "in.jsonl", 50, "eta");
  const std::string index = dir.Sub("index");
  ParallelIndexerOptions options;
  options.threads = 1;
  options.batch_records = 5;
  options.checkpoint_records = 10;
  options.max_batches_in_flight = 1;
  EXPECT_EXIT(
      {
        ::setenv("BYLINE_FAULT_POINT", "after-shard-commit", 1);
        (void)Index(index, 1, {input}, options);
      },
      ::testing::KilledBySignal(SIGKILL), "");
  // Killed right after the first checkpoint: exactly that much is durable.
  auto layout = ReadIndexLayout(index);
  ASSERT_TRUE(layout.ok()) << layout.status();
  Xapian::Database shard(layout->shard_paths[0]);
  EXPECT_EQ(shard.get_doccount(), 10u);
  EXPECT_THAT(shard.get_metadata("byline.checkpoint"), HasSubstr("record=10"));
}

TEST(ParallelIndexerTest, BackpressureBoundsWorkInFlight) {
  TempDir dir;
  const std::string input = WriteCorpus(dir, "in.jsonl", 2000, "gamma");
  ParallelIndexerOptions options;
  options.threads = 2;
  options.batch_records = 4;
  options.max_batches_in_flight = 3;
  auto report = Index(dir.Sub("index"), 2, {input}, options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->counts.indexed, 2000u);
  EXPECT_LE(report->max_batches_in_flight_seen, 3u);
  EXPECT_GE(report->max_batches_in_flight_seen, 1u);
  EXPECT_LE(report->max_writer_backlog_seen, 3u);
}

TEST(ParallelIndexerTest, StopCommitsWhatWasRead) {
  TempDir dir;
  const std::string input = WriteCorpus(dir, "in.jsonl", 100, "delta");
  std::atomic<bool> stop{true};  // stop before reading anything
  ParallelIndexerOptions options;
  options.delete_ids = {"a1"};  // not applied: the input was not all read
  auto report = Index(dir.Sub("index"), 2, {input}, options, nullptr, &stop);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->interrupted);
  EXPECT_EQ(report->counts.read, 0u);
  EXPECT_EQ(report->counts.deleted + report->counts.delete_misses, 0u);
  Xapian::Database all(dir.Sub("index"));
  EXPECT_EQ(all.get_doccount(), 0u);
}

// Everything entity-related in an article's document: its entity terms,
// entity values and the stored record's entities and mentions.
std::string EntityDump(const Xapian::Document& doc) {
  std::string dump;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    for (absl::string_view prefix : schema::kEntityPrefixes) {
      if (absl::StartsWith(term, prefix) && term.size() == prefix.size() + 16) {
        absl::StrAppend(&dump, "term ", term, "\n");
      }
    }
  }
  absl::StrAppend(&dump, "value ",
                  absl::CHexEscape(doc.get_value(schema::kSlotEntities)), "\n");
  auto stored = schema::DecodeStoredArticle(doc.get_data());
  if (!stored.ok()) return "bad record";
  for (const schema::ArticleEntity& e : stored->entities) {
    absl::StrAppend(&dump, "entity ", static_cast<int>(e.type), " ", e.id, " ",
                    e.display_name, "\n");
  }
  for (const schema::EntityMention& m : stored->mentions) {
    absl::StrAppend(&dump, "mention ", m.start_byte, "-", m.end_byte, " ",
                    m.entity, " ",
                    stored->body.substr(m.start_byte, m.end_byte - m.start_byte),
                    "\n");
  }
  return dump;
}

TEST(ParallelIndexerTest, EntitiesAreTheSameWhateverTheThreadCount) {
  auto resources = ner::LoadNerResources(testing::SourceDir() +
                                         "/ner/model/byline-ner-en.bin");
  ASSERT_TRUE(resources.ok()) << resources.status();
  auto keyer = ner::EntityKeyer::Create();
  ASSERT_TRUE(keyer.ok()) << keyer.status();
  TempDir dir;
  const std::string input = dir.Sub("in.jsonl");
  const char* people[] = {"Marieke van Dalen", "Pieter Grootveld",
                          "Ilse Korver", "Anders Lunde"};
  const char* places[] = {"Oslo", "Rotterdam", "Bergen", "Hamburg"};
  constexpr int kArticles = 120;
  {
    std::ofstream out(input);
    for (int i = 0; i < kArticles; ++i) {
      const std::string person = people[i % 4];
      const std::string surname = person.substr(person.rfind(' ') + 1);
      out << "{\"id\":\"e" << i << "\",\"title\":\"Story " << i
          << "\",\"body\":\"" << person
          << ", the chief executive of Halvorsen Maritime, said in "
          << places[i % 4] << " on Tuesday that cargo volumes rose " << i
          << " percent. " << surname << " said the Maritime Union agreed."
          << "\\n\\nShips from " << places[(i + 1) % 4]
          << " queued overnight, port officials said.\"}\n";
    }
  }
  std::map<std::string, std::string> dumps[2];
  for (int run = 0; run < 2; ++run) {
    ParallelIndexerOptions options;
    options.threads = run == 0 ? 1 : 4;
    options.batch_records = run == 0 ? 64 : 5;
    options.builder.entities.enabled = true;
    options.builder.entities.resources = &*resources;
    options.builder.entities.keyer = keyer->get();
    const std::string index = dir.Sub(absl::StrCat("index", run));
    auto report = Index(index, 2, {input}, options);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->counts.indexed, static_cast<uint64_t>(kArticles));
    Xapian::Database all(index);
    for (int i = 0; i < kArticles; ++i) {
      const std::string id = absl::StrCat("e", i);
      Xapian::PostingIterator p = all.postlist_begin(schema::ArticleIdTerm(id));
      ASSERT_NE(p, all.postlist_end(schema::ArticleIdTerm(id))) << id;
      dumps[run][id] = EntityDump(all.get_document(*p));
    }
    // Every article names its person, company and places.
    EXPECT_EQ(all.get_termfreq(schema::EntityTerm(
                  schema::EntityType::kOrganization,
                  ner::EntityId(ner::EntityType::kOrganization,
                                "halvorsen maritime"))),
              static_cast<Xapian::doccount>(kArticles));
    EXPECT_EQ(all.get_termfreq(schema::EntityTerm(
                  schema::EntityType::kPerson,
                  ner::EntityId(ner::EntityType::kPerson,
                                "marieke van dalen"))),
              static_cast<Xapian::doccount>(kArticles / 4));
  }
  for (int i = 0; i < kArticles; ++i) {
    const std::string id = absl::StrCat("e", i);
    EXPECT_THAT(dumps[0][id], HasSubstr("mention ")) << id;
    EXPECT_EQ(dumps[0][id], dumps[1][id]) << id;
  }
}

TEST(IndexLayoutTest, ShardCountIsAPropertyOfTheIndex) {
  TempDir dir;
  ASSERT_TRUE(OpenOrCreateIndexLayout(dir.Sub("i"), 4).ok());
  auto again = OpenOrCreateIndexLayout(dir.Sub("i"), 2);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  auto keep = OpenOrCreateIndexLayout(dir.Sub("i"), std::nullopt);
  ASSERT_TRUE(keep.ok());
  EXPECT_EQ(keep->shards(), 4u);
  // A non-empty directory that is not an index is refused.
  std::ofstream(dir.Sub("junk")) << "x";
  EXPECT_FALSE(OpenOrCreateIndexLayout(dir.path(), 1).ok());
}

TEST(RejectKindTest, DropsValues) {
  EXPECT_EQ(RejectKind("field 'body': 5000 bytes, the maximum is 4000"),
            "field 'body': N bytes, the maximum is N");
  EXPECT_EQ(RejectKind("field 'published': '2024-13-01' is not an RFC 3339 "
                       "time or a YYYY-MM-DD date"),
            "field 'published': '...' is not an RFC N time or a YYYY-MM-DD "
            "date");
}

}  // namespace
}  // namespace byline

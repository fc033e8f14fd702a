// Tests for the Xapian writer adapter, and for bad input records going
// through the pipeline that uses it (ParallelIndexer), on real databases in
// a temporary directory.
#include "indexer/index_writer.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indexer/index_layout.h"
#include "indexer/parallel_indexer.h"
#include "schema/schema.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

using ::testing::HasSubstr;

Article MakeArticle(const std::string& id, const std::string& body) {
  Article a;
  a.id = id;
  a.title = "Title " + id;
  a.body = body;
  a.source = "Wire";
  return a;
}

class IndexWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto builder = DocumentBuilder::Create();
    ASSERT_TRUE(builder.ok());
    builder_ = *std::move(builder);
  }
  Xapian::Document Docs(const Article& a) {
    auto docs = builder_->Build(a);
    EXPECT_TRUE(docs.ok()) << docs.status();
    return *std::move(docs);
  }

  TempDir dir_;
  std::unique_ptr<DocumentBuilder> builder_;
};

TEST_F(IndexWriterTest, ReplacingAnIdNeverDuplicatesIt) {
  const std::string path = dir_.Sub("index");
  {
    auto writer = IndexWriter::Open(path);
    ASSERT_TRUE(writer.ok()) << writer.status();
    const std::string three_paragraphs = "One.\n\nTwo.\n\nThree.";
    auto first = (*writer)->Write("a", Docs(MakeArticle("a", three_paragraphs)));
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, IndexWriter::Outcome::kAdded);
    // Before any commit the writer already sees its own pending article.
    auto again = (*writer)->Write("a", Docs(MakeArticle("a", "Just one.")));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, IndexWriter::Outcome::kReplaced);
    ASSERT_TRUE((*writer)->Commit().ok());
    auto after_commit = (*writer)->Write("a", Docs(MakeArticle("a", "Final.")));
    ASSERT_TRUE(after_commit.ok());
    EXPECT_EQ(*after_commit, IndexWriter::Outcome::kReplaced);
    ASSERT_TRUE((*writer)->Write("b", Docs(MakeArticle("b", "Other."))).ok());
  }  // destructor commits
  Xapian::Database db(path);
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_EQ(db.get_termfreq("Qa"), 1u);
  EXPECT_EQ(db.get_collection_freq(std::string(schema::kTermPassages)), 2u);
  EXPECT_TRUE(db.term_exists("final"));
  EXPECT_FALSE(db.term_exists("three"));
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaSchemaVersion)),
            schema::kSchemaVersion);
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaArticleCount)), "2");
  EXPECT_FALSE(db.get_metadata(std::string(schema::kMetaBuiltAt)).empty());
}

TEST_F(IndexWriterTest, SecondWriterIsUnavailable) {
  const std::string path = dir_.Sub("index");
  auto first = IndexWriter::Open(path);
  ASSERT_TRUE(first.ok());
  auto second = IndexWriter::Open(path);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(IndexWriterTest, RefusesOtherSchemaVersionsAndForeignDatabases) {
  const std::string path = dir_.Sub("index");
  {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    db.set_metadata(std::string(schema::kMetaSchemaVersion), "999");
    db.commit();
  }
  auto writer = IndexWriter::Open(path);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(writer.status().message()), HasSubstr("999"));

  const std::string foreign = dir_.Sub("foreign");
  {
    Xapian::WritableDatabase db(foreign, Xapian::DB_CREATE);
    db.add_document(Xapian::Document());
    db.commit();
  }
  writer = IndexWriter::Open(foreign);
  ASSERT_FALSE(writer.ok());
  EXPECT_THAT(std::string(writer.status().message()),
              HasSubstr("did not build"));

  // An index of schema 1 (one document per passage) gets told to rebuild.
  const std::string old = dir_.Sub("old");
  {
    Xapian::WritableDatabase db(old, Xapian::DB_CREATE);
    db.set_metadata(std::string(schema::kMetaSchemaVersion), "1");
    db.commit();
  }
  writer = IndexWriter::Open(old);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(writer.status().message()),
              HasSubstr("older Byline"));
  EXPECT_THAT(std::string(writer.status().message()), HasSubstr("Rebuild"));
}

TEST_F(IndexWriterTest, DeleteRemovesOnlyWhatExists) {
  const std::string path = dir_.Sub("index");
  {
    auto writer = IndexWriter::Open(path);
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE((*writer)->Write("a", Docs(MakeArticle("a", "Alpha."))).ok());
    ASSERT_TRUE((*writer)->Write("b", Docs(MakeArticle("b", "Beta."))).ok());
    // Deleting a pending (uncommitted) article works as for a committed one.
    auto removed = (*writer)->Delete("a");
    ASSERT_TRUE(removed.ok()) << removed.status();
    EXPECT_TRUE(*removed);
    auto again = (*writer)->Delete("a");
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again);
    auto never = (*writer)->Delete("never-indexed");
    ASSERT_TRUE(never.ok());
    EXPECT_FALSE(*never);
    EXPECT_EQ((*writer)->article_count(), 1u);
    ASSERT_TRUE((*writer)->Commit().ok());
    // A delete alone is committed too.
    ASSERT_TRUE((*writer)->Delete("b").ok());
  }  // destructor commits
  Xapian::Database db(path);
  EXPECT_EQ(db.get_doccount(), 0u);
  EXPECT_FALSE(db.term_exists("Qa"));
  EXPECT_FALSE(db.term_exists("beta"));
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaArticleCount)), "0");
}

TEST_F(IndexWriterTest, PipelineReportsEachBadLineAndKeepsTheRest) {
  const std::string input = dir_.Sub("in.jsonl");
  {
    std::ofstream out(input, std::ios::binary);
    out << "{\"id\":\"ok1\",\"body\":\"First good article.\"}\n"
           "{\"id\":\"broken\",\"body\":\n"
           "\n"
           "{\"body\":\"no id here\"}\n"
           "{\"id\":\"bad-utf8\",\"body\":\"\xc3\x28\"}\r\n"
           "{\"id\":\"empty\",\"body\":\"\"}\n"
           "{\"id\":\"big\",\"body\":\""
        << std::string(500, 'y') << " words\"}\n"
        << "{\"id\":\"long-word\",\"body\":\"Short " << std::string(300, 'w')
        << " tail.\"}\n"
           "{\"id\":\"ok1\",\"body\":\"First article, corrected.\"}\n"
           "{\"id\":\"gone\",\"deleted\":\"yes\"}\n"
           "{\"id\":\"ok2\",\"body\":\"Second good article.\"}\n";
  }
  const std::string index = dir_.Sub("index");
  auto layout = OpenOrCreateIndexLayout(index, 1);
  ASSERT_TRUE(layout.ok()) << layout.status();
  ParallelIndexerOptions options;
  options.limits.max_body_bytes = 400;
  options.batch_records = 2;  // several batches, still in input order
  std::vector<RejectedRecord> rejects;
  ParallelIndexer indexer(*layout, options);
  auto report = indexer.Run(
      {input}, [&](const RejectedRecord& r) { rejects.push_back(r); }, nullptr,
      nullptr);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->counts.read, 10u);
  EXPECT_EQ(report->counts.indexed, 3u);  // ok1, long-word, ok2
  EXPECT_EQ(report->counts.replaced, 1u);
  EXPECT_EQ(report->counts.rejected, 6u);
  EXPECT_EQ(report->counts.deleted, 0u);
  EXPECT_EQ(report->counts.delete_misses, 0u);
  ASSERT_EQ(rejects.size(), 6u);
  EXPECT_EQ(rejects[0].line, 2u);
  EXPECT_THAT(rejects[0].reason, HasSubstr("bad JSON"));
  EXPECT_EQ(rejects[1].line, 4u);
  EXPECT_THAT(rejects[1].reason, HasSubstr("field 'id'"));
  EXPECT_EQ(rejects[2].line, 5u);
  EXPECT_THAT(rejects[2].reason, HasSubstr("invalid UTF-8"));
  EXPECT_EQ(rejects[3].line, 6u);
  EXPECT_THAT(rejects[3].reason, HasSubstr("field 'body'"));
  EXPECT_EQ(rejects[4].line, 7u);
  EXPECT_THAT(rejects[4].reason, HasSubstr("the maximum is 400"));
  EXPECT_EQ(rejects[5].line, 10u);
  EXPECT_THAT(rejects[5].reason, HasSubstr("field 'deleted'"));
  for (const RejectedRecord& r : rejects) EXPECT_EQ(r.input, input);

  Xapian::Database db(index);
  EXPECT_EQ(db.get_doccount(), 3u);
  EXPECT_TRUE(db.term_exists("corrected"));
  EXPECT_TRUE(db.term_exists("tail"));
}

}  // namespace
}  // namespace byline

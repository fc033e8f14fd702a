// Tests for the Xapian writer adapter and the ingestion loop, on a real
// database in a temporary directory.
#include "indexer/index_writer.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indexer/ingest.h"
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

TEST_F(IndexWriterTest, IngestReportsEachBadLineAndKeepsTheRest) {
  const std::string path = dir_.Sub("index");
  std::istringstream input(
      "{\"id\":\"ok1\",\"body\":\"First good article.\"}\n"
      "{\"id\":\"broken\",\"body\":\n"
      "\n"
      "{\"body\":\"no id here\"}\n"
      "{\"id\":\"bad-utf8\",\"body\":\"\xc3\x28\"}\r\n"
      "{\"id\":\"empty\",\"body\":\"\"}\n"
      "{\"id\":\"big\",\"body\":\"" + std::string(500, 'y') + " words\"}\n"
      "{\"id\":\"long-word\",\"body\":\"Short " + std::string(300, 'w') +
      " tail.\"}\n"
      "{\"id\":\"ok1\",\"body\":\"First article, corrected.\"}\n"
      "{\"id\":\"ok2\",\"body\":\"Second good article.\"}\n");
  ArticleParser parser(ArticleLimits{.max_body_bytes = 400});
  std::vector<RejectedRecord> rejects;
  IngestCounts counts;
  {
    auto writer = IndexWriter::Open(path);
    ASSERT_TRUE(writer.ok());
    absl::Status status = IngestJsonl(
        input, "in.jsonl", parser, *builder_, **writer,
        [&](const RejectedRecord& r) { rejects.push_back(r); }, &counts);
    ASSERT_TRUE(status.ok()) << status;
  }
  EXPECT_EQ(counts.read, 9u);
  EXPECT_EQ(counts.indexed, 3u);  // ok1, long-word, ok2
  EXPECT_EQ(counts.replaced, 1u);
  EXPECT_EQ(counts.rejected, 5u);
  ASSERT_EQ(rejects.size(), 5u);
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
  EXPECT_EQ(rejects[4].input, "in.jsonl");

  Xapian::Database db(path);
  EXPECT_EQ(db.get_doccount(), 3u);
  EXPECT_TRUE(db.term_exists("corrected"));
  EXPECT_TRUE(db.term_exists("tail"));
}

}  // namespace
}  // namespace byline

// Tests for article document construction.
#include "indexer/document_builder.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema/record.h"
#include "schema/schema.h"

namespace byline {
namespace {

std::set<std::string> Terms(const Xapian::Document& doc) {
  std::set<std::string> terms;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    terms.insert(*it);
  }
  return terms;
}

Article SampleArticle() {
  Article a;
  a.id = "zz-1";
  a.title = "Ports reopen";
  a.body =
      "Café owners in Zürich cheered. The ports reopened on Monday.\n\n"
      "Officials said traffic would recover. Ships queued overnight.";
  a.source = "Harbour Wire";
  a.url = "https://x.test/zz-1";
  a.published = absl::FromUnixSeconds(1709543700);
  return a;
}

std::unique_ptr<DocumentBuilder> NewBuilder() {
  auto builder = DocumentBuilder::Create();
  EXPECT_TRUE(builder.ok()) << builder.status();
  return *std::move(builder);
}

TEST(DocumentBuilderTest, OneDocumentPerArticleWithExactPassageOffsets) {
  auto builder = NewBuilder();
  const Article article = SampleArticle();
  auto doc = builder->Build(article);
  ASSERT_TRUE(doc.ok()) << doc.status();
  auto stored = schema::DecodeStoredArticle(doc->get_data());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->article.id, "zz-1");
  EXPECT_EQ(stored->article.published, article.published);
  EXPECT_EQ(stored->body, article.body);  // the only copy of the text
  // The first paragraph is short, so the second joins it.
  ASSERT_EQ(stored->passages.size(), 2u);
  uint32_t previous_end = 0;
  for (size_t i = 0; i < stored->passages.size(); ++i) {
    const schema::PassageBounds& p = stored->passages[i];
    EXPECT_GE(p.start_byte, previous_end);
    EXPECT_LT(p.start_byte, p.end_byte);
    previous_end = p.end_byte;
    // Code point offsets: the body has two 2-byte characters (é, ü) in the
    // first passage.
    const uint32_t expected_char_shift = i == 0 ? 0 : 2;
    EXPECT_EQ(p.start_char, p.start_byte - expected_char_shift);
  }
  EXPECT_EQ(article.body.substr(stored->passages[1].start_byte,
                                stored->passages[1].end_byte -
                                    stored->passages[1].start_byte),
            "Ships queued overnight.");  // three sentences at most
  EXPECT_EQ(stored->passages[1].end_byte, article.body.size());
  // The passage count is the wdf of kTermPassages, so that collection
  // frequency counts passages.
  for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
    if (*it == schema::kTermPassages) {
      EXPECT_EQ(it.get_wdf(), 2u);
    }
  }
}

TEST(DocumentBuilderTest, TermsFollowTheSchema) {
  auto builder = NewBuilder();
  auto doc = builder->Build(SampleArticle());
  ASSERT_TRUE(doc.ok());
  const std::set<std::string> terms = Terms(*doc);
  EXPECT_TRUE(terms.count("Qzz-1"));
  EXPECT_TRUE(terms.count("XSRCharbour-wire"));
  EXPECT_TRUE(terms.count("Len"));
  EXPECT_TRUE(terms.count("Sports"));   // title word
  EXPECT_TRUE(terms.count("ZSport"));   // title stem
  EXPECT_TRUE(terms.count(std::string(schema::kTermPassages)));
  EXPECT_TRUE(terms.count("zürich"));
  EXPECT_TRUE(terms.count("reopened"));
  EXPECT_TRUE(terms.count("Zreopen"));
  EXPECT_TRUE(terms.count("ships"));  // words of every passage
  EXPECT_EQ(doc->get_value(schema::kSlotArticleId), "zz-1");
  EXPECT_EQ(doc->get_value(schema::kSlotSource), "harbour-wire");
  EXPECT_EQ(schema::DeserializeTime(doc->get_value(schema::kSlotPublished)),
            absl::FromUnixSeconds(1709543700));
  EXPECT_EQ(doc->get_value(schema::kSlotPublishedDay), "20240304");
}

TEST(DocumentBuilderTest, PositionsAreConsecutiveForPhrases) {
  auto builder = NewBuilder();
  auto built = builder->Build(SampleArticle());
  ASSERT_TRUE(built.ok());
  const Xapian::Document& doc = *built;
  auto position_of = [&](const std::string& term) {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      if (*it == term) return *it.positionlist_begin();
    }
    return Xapian::termpos(0);
  };
  EXPECT_EQ(position_of("ports") + 1, position_of("reopened"));
  EXPECT_EQ(position_of("café") + 1, position_of("owners"));
  EXPECT_LT(position_of("reopened"), position_of("ships"));
}

TEST(DocumentBuilderTest, UndatedArticleHasNoDateValue) {
  auto builder = NewBuilder();
  Article article = SampleArticle();
  article.published.reset();
  article.source.clear();
  auto doc = builder->Build(article);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->get_value(schema::kSlotPublished), "");
  EXPECT_EQ(doc->get_value(schema::kSlotPublishedDay), "");
  EXPECT_EQ(doc->get_value(schema::kSlotSource), "");
}

TEST(DocumentBuilderTest, BodyWithoutWordsIsRejected) {
  auto builder = NewBuilder();
  Article article = SampleArticle();
  article.body = "... --- !!!";
  auto docs = builder->Build(article);
  ASSERT_FALSE(docs.ok());
  EXPECT_THAT(std::string(docs.status().message()),
              ::testing::HasSubstr("field 'body'"));
}

TEST(DocumentBuilderTest, OverlongWordIsSkippedNotFatal) {
  auto builder = NewBuilder();
  Article article = SampleArticle();
  article.body = "Before " + std::string(300, 'x') + " after.";
  auto docs = builder->Build(article);
  ASSERT_TRUE(docs.ok()) << docs.status();
  const std::set<std::string> terms = Terms(*docs);
  EXPECT_TRUE(terms.count("before"));
  EXPECT_TRUE(terms.count("after"));
  for (const std::string& t : terms) EXPECT_LE(t.size(), 245u) << t;
}

}  // namespace
}  // namespace byline

// Tests for passage document construction.
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

TEST(DocumentBuilderTest, OneDocumentPerPassageWithExactOffsets) {
  auto builder = NewBuilder();
  const Article article = SampleArticle();
  auto docs = builder->Build(article);
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 2u);  // the blank line ends the first passage
  uint32_t previous_end = 0;
  for (size_t i = 0; i < docs->size(); ++i) {
    auto stored = schema::DecodeStoredPassage((*docs)[i].get_data());
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->passage_index, i);
    EXPECT_EQ(stored->passage_count, 2u);
    EXPECT_EQ(stored->article.id, "zz-1");
    EXPECT_EQ(stored->article.published, article.published);
    EXPECT_EQ(article.body.substr(stored->start_byte,
                                  stored->end_byte - stored->start_byte),
              stored->text);
    EXPECT_GE(stored->start_byte, previous_end);
    previous_end = stored->end_byte;
    // Code point offsets: the body has two 2-byte characters (é, ü) in the
    // first passage.
    const uint32_t expected_char_shift = i == 0 ? 0 : 2;
    EXPECT_EQ(stored->start_char, stored->start_byte - expected_char_shift);
    EXPECT_EQ(stored->body.has_value(), i == 0);
    if (i == 0) EXPECT_EQ(*stored->body, article.body);
  }
}

TEST(DocumentBuilderTest, TermsFollowTheSchema) {
  auto builder = NewBuilder();
  auto docs = builder->Build(SampleArticle());
  ASSERT_TRUE(docs.ok());
  const std::set<std::string> first = Terms((*docs)[0]);
  const std::set<std::string> second = Terms((*docs)[1]);
  for (const auto& terms : {first, second}) {
    EXPECT_TRUE(terms.count("Qzz-1"));
    EXPECT_TRUE(terms.count("XSRCharbour-wire"));
    EXPECT_TRUE(terms.count("Len"));
    EXPECT_TRUE(terms.count("Sports"));   // title word
    EXPECT_TRUE(terms.count("ZSport"));   // title stem
  }
  EXPECT_TRUE(first.count("XHEAD"));
  EXPECT_FALSE(second.count("XHEAD"));
  EXPECT_TRUE(first.count("zürich"));
  EXPECT_TRUE(first.count("reopened"));
  EXPECT_TRUE(first.count("Zreopen"));
  EXPECT_FALSE(first.count("ships"));  // that word is in the second passage
  EXPECT_TRUE(second.count("ships"));
  EXPECT_EQ((*docs)[1].get_value(schema::kSlotArticleId), "zz-1");
  EXPECT_EQ((*docs)[1].get_value(schema::kSlotSource), "harbour-wire");
  EXPECT_EQ(schema::DeserializeTime(
                (*docs)[1].get_value(schema::kSlotPublished)),
            absl::FromUnixSeconds(1709543700));
}

TEST(DocumentBuilderTest, PositionsAreConsecutiveForPhrases) {
  auto builder = NewBuilder();
  auto docs = builder->Build(SampleArticle());
  ASSERT_TRUE(docs.ok());
  const Xapian::Document& doc = (*docs)[0];
  auto position_of = [&](const std::string& term) {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      if (*it == term) return *it.positionlist_begin();
    }
    return Xapian::termpos(0);
  };
  EXPECT_EQ(position_of("ports") + 1, position_of("reopened"));
  EXPECT_EQ(position_of("café") + 1, position_of("owners"));
}

TEST(DocumentBuilderTest, UndatedArticleHasNoDateValue) {
  auto builder = NewBuilder();
  Article article = SampleArticle();
  article.published.reset();
  article.source.clear();
  auto docs = builder->Build(article);
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ((*docs)[0].get_value(schema::kSlotPublished), "");
  EXPECT_EQ((*docs)[0].get_value(schema::kSlotSource), "");
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
  const std::set<std::string> terms = Terms((*docs)[0]);
  EXPECT_TRUE(terms.count("before"));
  EXPECT_TRUE(terms.count("after"));
  for (const std::string& t : terms) EXPECT_LE(t.size(), 245u) << t;
}

}  // namespace
}  // namespace byline

// Tests for JSON Lines article parsing and validation.
#include "indexer/article_parser.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline {
namespace {

using ::testing::HasSubstr;

TEST(ArticleParserTest, ParsesAllFields) {
  ArticleParser parser;
  absl::StatusOr<Article> a = parser.ParseJsonLine(
      R"({"id":"a1","title":"Port strike","body":"Dockers walked out.",)"
      R"("source":"Harbour Wire","url":"https://x.test/a1",)"
      R"("published":"2024-03-04T09:15:00+01:00","language":"en-GB",)"
      R"("extra":{"ignored":[1,2,3]}})");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "a1");
  EXPECT_EQ(a->title, "Port strike");
  EXPECT_EQ(a->body, "Dockers walked out.");
  EXPECT_EQ(a->source, "Harbour Wire");
  EXPECT_EQ(a->url, "https://x.test/a1");
  EXPECT_EQ(a->language, "en");
  ASSERT_TRUE(a->published.has_value());
  EXPECT_EQ(absl::ToUnixSeconds(*a->published), 1709540100);  // 08:15Z
}

TEST(ArticleParserTest, AcceptsAliasesAndIntegerIds) {
  ArticleParser parser;
  absl::StatusOr<Article> a = parser.ParseJsonLine(
      R"({"id":42,"text":"Body via text.","date":"2024-05-17","lang":"FR"})");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "42");
  EXPECT_EQ(a->body, "Body via text.");
  EXPECT_EQ(a->language, "fr");
  EXPECT_EQ(absl::FormatTime("%Y-%m-%d %H:%M", *a->published,
                             absl::UTCTimeZone()),
            "2024-05-17 00:00");
  a = parser.ParseJsonLine(R"({"id":"c","content":"Via content."})");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->body, "Via content.");
  EXPECT_FALSE(a->published.has_value());
  EXPECT_EQ(a->language, "en");
  // The canonical name wins over an alias, whatever the order.
  a = parser.ParseJsonLine(R"({"id":"d","text":"alias","body":"canonical"})");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->body, "canonical");
  // null counts as absent.
  a = parser.ParseJsonLine(R"({"id":"e","body":"x","published":null})");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_FALSE(a->published.has_value());
}

TEST(ArticleParserTest, ParsesTimeForms) {
  for (const char* value :
       {"2024-03-04T09:15:00Z", "2024-03-04T09:15:00.250Z",
        "2024-03-04t09:15:00z", "2024-03-04T10:15:00+01:00",
        "2024-03-04 09:15:00Z", "2024-03-04T09:15:00", "2024-03-04T09:15"}) {
    absl::StatusOr<absl::Time> t = ParsePublishedTime(value);
    ASSERT_TRUE(t.ok()) << value << ": " << t.status();
    EXPECT_EQ(absl::ToUnixSeconds(*t), 1709543700) << value;
  }
  for (const char* value : {"2024-13-01", "yesterday", "04/03/2024", "2024",
                            "2024-02-30", ""}) {
    EXPECT_FALSE(ParsePublishedTime(value).ok()) << value;
  }
}

// Found by fuzz/fuzz_record_parser: absl::ParseTime takes "infinite-future"
// and years of any length, which the index cannot hold (the UTC day is
// stored as YYYYMMDD); a year before 1000 is still a valid date.
TEST(ArticleParserTest, RefusesTimesOutsideYears0000To9999) {
  for (const char* value :
       {"infinite-future", "infinite-past", "12345-01-01T00:00:00Z",
        "-0001-12-31T00:00:00Z", "0000-01-01T00:30:00+01:00"}) {
    EXPECT_FALSE(ParsePublishedTime(value).ok()) << value;
  }
  ArticleParser parser;
  absl::StatusOr<Article> a = parser.ParseJsonLine(
      R"({"id": "valley-4", "content": "Let rouvre sar", )"
      R"("published": "0212-05-14T18:30 "})");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(a->published.has_value());
  EXPECT_EQ(absl::FormatTime("%E4Y-%m-%d %H:%M", *a->published,
                             absl::UTCTimeZone()),
            "0212-05-14 18:30");
  EXPECT_FALSE(parser
                   .ParseJsonLine(R"({"id": "f", "body": "x", )"
                                  R"("published": "infinite-future"})")
                   .ok());
}

struct BadLine {
  const char* line;
  const char* reason;
};

class ArticleParserRejectTest : public ::testing::TestWithParam<BadLine> {};

TEST_P(ArticleParserRejectTest, NamesTheProblem) {
  ArticleParser parser(ArticleLimits{.max_body_bytes = 64});
  absl::StatusOr<Article> a = parser.ParseJsonLine(GetParam().line);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(a.status().message(), HasSubstr(GetParam().reason));
}

INSTANTIATE_TEST_SUITE_P(
    Reasons, ArticleParserRejectTest,
    ::testing::Values(
        BadLine{R"({"id":"a","body":"x")", "bad JSON"},
        BadLine{R"(not json)", "bad JSON"},
        BadLine{R"([1,2])", "not a JSON object"},
        BadLine{R"({"id":"a","body":"x"} trailing)", "bad JSON"},
        BadLine{"{\"id\":\"a\",\"body\":\"\xff\xfe\"}", "invalid UTF-8"},
        BadLine{R"({"body":"no id"})", "field 'id': missing"},
        BadLine{R"({"id":"","body":"x"})", "field 'id': missing"},
        BadLine{R"({"id":1.5,"body":"x"})", "field 'id'"},
        BadLine{R"({"id":["a"],"body":"x"})", "field 'id': must be"},
        BadLine{R"({"id":"a"})", "field 'body': missing"},
        BadLine{R"({"id":"a","body":"   \n "})", "field 'body': missing"},
        BadLine{R"({"id":"a","body":7})", "field 'body': must be a string"},
        BadLine{R"({"id":"a","body":"x","published":"soon"})",
                "field 'published': 'soon' is not"},
        BadLine{R"({"id":"a","body":"x","language":"english!"})",
                "field 'language'"},
        BadLine{R"({"id":"a","body":"0123456789012345678901234567890123456789012345678901234567890123456789"})",
                "field 'body': 70 bytes, the maximum is 64"},
        BadLine{"   ", "empty line"}));

TEST(ArticleParserTest, RejectsOverlongId) {
  ArticleParser parser;
  const std::string line =
      "{\"id\":\"" + std::string(201, 'x') + "\",\"body\":\"x\"}";
  absl::StatusOr<Article> a = parser.ParseJsonLine(line);
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(), HasSubstr("field 'id': 201 bytes"));
}

TEST(ArticleParserTest, ParserIsReusableAfterErrors) {
  ArticleParser parser;
  EXPECT_FALSE(parser.ParseJsonLine("{").ok());
  absl::StatusOr<Article> a = parser.ParseJsonLine(R"({"id":"z","body":"ok"})");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "z");
}

TEST(ValidateArticleTest, ChecksUtf8OfEveryField) {
  Article a;
  a.id = "x";
  a.body = "fine";
  a.title = "bad \xc3";
  absl::Status s = ValidateArticle(a, {});
  EXPECT_THAT(s.message(), HasSubstr("field 'title': invalid UTF-8"));
}

}  // namespace
}  // namespace byline

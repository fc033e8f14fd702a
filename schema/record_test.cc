// Tests for the stored article record encoding.
#include "schema/record.h"

#include "gtest/gtest.h"

namespace byline::schema {
namespace {

StoredArticle Sample() {
  StoredArticle a;
  a.article = {"id-7", "Title “quoted”", "Harbour Wire", "https://x.test/7",
               "en", absl::FromUnixSeconds(1709543700)};
  a.body = std::string("First passage. Späte zweite Passage \0 mit NUL.", 47);
  a.passages = {{0, 14, 0, 14}, {15, 47, 15, 46}};
  a.entities = {{EntityType::kPerson, "marieke van dalen", "Marieke van Dalen"},
                {EntityType::kPlace, "rotterdam", "Rotterdam"}};
  a.mentions = {{0, 5, 0}, {6, 13, 1}, {20, 25, 0}};
  return a;
}

TEST(RecordTest, RoundTripsEveryField) {
  const StoredArticle in = Sample();
  absl::StatusOr<StoredArticle> out =
      DecodeStoredArticle(EncodeStoredArticle(in));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->article.id, in.article.id);
  EXPECT_EQ(out->article.title, in.article.title);
  EXPECT_EQ(out->article.source, in.article.source);
  EXPECT_EQ(out->article.url, in.article.url);
  EXPECT_EQ(out->article.language, in.article.language);
  EXPECT_EQ(out->article.published, in.article.published);
  EXPECT_EQ(out->body, in.body);
  EXPECT_EQ(out->passages, in.passages);
  EXPECT_EQ(out->entities, in.entities);
  EXPECT_EQ(out->mentions, in.mentions);
}

TEST(RecordTest, UndatedAndEntitylessStayEmpty) {
  StoredArticle in = Sample();
  in.article.published.reset();
  in.entities.clear();
  in.mentions.clear();
  absl::StatusOr<StoredArticle> out =
      DecodeStoredArticle(EncodeStoredArticle(in));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->article.published.has_value());
  EXPECT_TRUE(out->entities.empty());
  EXPECT_TRUE(out->mentions.empty());
  EXPECT_EQ(out->passages, in.passages);
}

TEST(RecordTest, DatesBefore1970RoundTrip) {
  StoredArticle in = Sample();
  in.article.published = absl::FromUnixSeconds(-1234567890);
  absl::StatusOr<StoredArticle> out =
      DecodeStoredArticle(EncodeStoredArticle(in));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->article.published, in.article.published);
}

TEST(RecordTest, PassageTableCostsAFewBytesPerPassage) {
  StoredArticle a = Sample();
  a.entities.clear();
  a.mentions.clear();
  a.body.assign(40 * 100, 'x');
  a.passages.clear();
  for (uint32_t i = 0; i < 40; ++i) {
    a.passages.push_back({i * 100, i * 100 + 99, i * 100, i * 100 + 99});
  }
  const std::string data = EncodeStoredArticle(a);
  EXPECT_LE(data.size(), a.body.size() + 80 + 4 * 40);
}

TEST(RecordTest, TruncatedDataIsDataLoss) {
  const std::string data = EncodeStoredArticle(Sample());
  for (size_t n = 1; n < data.size(); ++n) {
    absl::StatusOr<StoredArticle> out = DecodeStoredArticle(data.substr(0, n));
    EXPECT_EQ(out.status().code(), absl::StatusCode::kDataLoss) << n;
  }
  EXPECT_EQ(DecodeStoredArticle(data + "x").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeStoredArticle("").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(RecordTest, BoundsOutsideTheBodyAreDataLoss) {
  StoredArticle a = Sample();
  a.passages.push_back({40, 60, 40, 60});  // past the 47-byte body
  EXPECT_EQ(DecodeStoredArticle(EncodeStoredArticle(a)).status().code(),
            absl::StatusCode::kDataLoss);
  a = Sample();
  a.mentions.push_back({30, 30, 5});  // no entity 5
  EXPECT_EQ(DecodeStoredArticle(EncodeStoredArticle(a)).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(RecordTest, UnknownVersionIsFailedPrecondition) {
  std::string data = EncodeStoredArticle(Sample());
  data[0] = 9;
  EXPECT_EQ(DecodeStoredArticle(data).status().code(),
            absl::StatusCode::kFailedPrecondition);
  data[0] = 1;  // schema 1's passage records
  EXPECT_EQ(DecodeStoredArticle(data).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace byline::schema

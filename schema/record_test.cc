// Tests for the stored passage record encoding.
#include "schema/record.h"

#include "gtest/gtest.h"

namespace byline::schema {
namespace {

StoredPassage Sample() {
  StoredPassage p;
  p.article = {"id-7", "Title “quoted”", "Harbour Wire", "https://x.test/7",
               "en", absl::FromUnixSeconds(1709543700)};
  p.passage_index = 2;
  p.passage_count = 5;
  p.start_byte = 300;
  p.end_byte = 420;
  p.start_char = 298;
  p.end_char = 417;
  p.text = std::string("passage text with a NUL \0 byte", 30);
  return p;
}

TEST(RecordTest, RoundTripsEveryField) {
  StoredPassage in = Sample();
  in.body = "the whole body";
  absl::StatusOr<StoredPassage> out = DecodeStoredPassage(EncodeStoredPassage(in));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->article.id, in.article.id);
  EXPECT_EQ(out->article.title, in.article.title);
  EXPECT_EQ(out->article.source, in.article.source);
  EXPECT_EQ(out->article.url, in.article.url);
  EXPECT_EQ(out->article.language, in.article.language);
  EXPECT_EQ(out->article.published, in.article.published);
  EXPECT_EQ(out->passage_index, 2u);
  EXPECT_EQ(out->passage_count, 5u);
  EXPECT_EQ(out->start_byte, 300u);
  EXPECT_EQ(out->end_byte, 420u);
  EXPECT_EQ(out->start_char, 298u);
  EXPECT_EQ(out->end_char, 417u);
  EXPECT_EQ(out->text, in.text);
  EXPECT_EQ(out->body, in.body);
}

TEST(RecordTest, UndatedAndBodilessStayAbsent) {
  StoredPassage in = Sample();
  in.article.published.reset();
  absl::StatusOr<StoredPassage> out = DecodeStoredPassage(EncodeStoredPassage(in));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->article.published.has_value());
  EXPECT_FALSE(out->body.has_value());
}

TEST(RecordTest, DatesBefore1970RoundTrip) {
  StoredPassage in = Sample();
  in.article.published = absl::FromUnixSeconds(-1234567890);
  absl::StatusOr<StoredPassage> out = DecodeStoredPassage(EncodeStoredPassage(in));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->article.published, in.article.published);
}

TEST(RecordTest, TruncatedDataIsDataLoss) {
  const std::string data = EncodeStoredPassage(Sample());
  for (size_t n = 1; n < data.size(); ++n) {
    absl::StatusOr<StoredPassage> out = DecodeStoredPassage(data.substr(0, n));
    EXPECT_EQ(out.status().code(), absl::StatusCode::kDataLoss) << n;
  }
  EXPECT_EQ(DecodeStoredPassage(data + "x").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeStoredPassage("").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(RecordTest, UnknownVersionIsFailedPrecondition) {
  std::string data = EncodeStoredPassage(Sample());
  data[0] = 9;
  EXPECT_EQ(DecodeStoredPassage(data).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace byline::schema

// Tests for term construction and value encoding.
#include "schema/schema.h"

#include "gtest/gtest.h"

namespace byline::schema {
namespace {

TEST(SchemaTest, TermsCarryTheirPrefixes) {
  EXPECT_EQ(ArticleIdTerm("a-1"), "Qa-1");
  EXPECT_EQ(BodyTerm("port"), "port");
  EXPECT_EQ(BodyStemTerm("port"), "Zport");
  EXPECT_EQ(TitleTerm("port"), "Sport");
  EXPECT_EQ(TitleStemTerm("port"), "ZSport");
  EXPECT_EQ(SourceTerm("Harbour Wire"), "XSRCharbour-wire");
  EXPECT_EQ(LanguageTerm("EN"), "Len");
}

TEST(SchemaTest, SourceSlugFoldsCaseAndPunctuation) {
  EXPECT_EQ(SourceSlug("Daily Courier"), "daily-courier");
  EXPECT_EQ(SourceSlug("  The  Times!! "), "the-times");
  EXPECT_EQ(SourceSlug("bbc"), "bbc");
  EXPECT_EQ(SourceSlug("Le Monde Économie"), "le-monde-Économie");
  EXPECT_EQ(SourceSlug("--"), "");
}

TEST(SchemaTest, TimeEncodingPreservesOrderAndValue) {
  const absl::Time times[] = {absl::FromUnixSeconds(-86400 * 365),
                              absl::FromUnixSeconds(0),
                              absl::FromUnixSeconds(1709543700),
                              absl::FromUnixSeconds(1709543701)};
  for (size_t i = 0; i < std::size(times); ++i) {
    EXPECT_EQ(DeserializeTime(SerializeTime(times[i])), times[i]);
    if (i > 0) {
      EXPECT_LT(SerializeTime(times[i - 1]), SerializeTime(times[i]));
    }
  }
}

}  // namespace
}  // namespace byline::schema

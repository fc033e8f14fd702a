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

TEST(SchemaTest, DayValueIsTheUtcDay) {
  EXPECT_EQ(DayValue(absl::FromUnixSeconds(1709543700)), "20240304");
  // 23:30 at UTC-2 is the next UTC day.
  EXPECT_EQ(DayValue(absl::FromCivil(absl::CivilSecond(2024, 3, 4, 23, 30, 0),
                                     absl::FixedTimeZone(-2 * 3600))),
            "20240305");
}

TEST(SchemaTest, EntitySlotsDoNotOverlap) {
  EXPECT_EQ(EntitySlot(EntityType::kPerson, 0), kSlotEntityFirst);
  EXPECT_EQ(EntitySlot(EntityType::kOrganization, 0),
            kSlotEntityFirst + kEntitySlotsPerType);
  EXPECT_EQ(EntitySlot(EntityType::kMisc, kEntitySlotsPerType - 1),
            kSlotEntityFirst + kEntityTypeCount * kEntitySlotsPerType - 1);
  EXPECT_GT(kSlotEntityFirst, kSlotPublishedDay);
  EXPECT_EQ(EntityTerm(EntityType::kPlace, "rotterdam"), "XLOCrotterdam");
}

TEST(SchemaTest, MismatchMessagesSayWhatToDo) {
  EXPECT_EQ(SchemaMismatchMessage("/x", ""), "/x is not a Byline index");
  const std::string old = SchemaMismatchMessage("/x", "1");
  EXPECT_NE(old.find("older Byline"), std::string::npos) << old;
  EXPECT_NE(old.find("Rebuild"), std::string::npos) << old;
  EXPECT_NE(SchemaMismatchMessage("/x", "9").find("version 9"),
            std::string::npos);
}

}  // namespace
}  // namespace byline::schema

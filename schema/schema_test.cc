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
  // Found by fuzz/fuzz_record_parser ("published": "0212-05-14T18:30"):
  // years before 1000 are padded to four digits.
  EXPECT_EQ(DayValue(absl::FromCivil(absl::CivilSecond(212, 5, 14, 18, 30, 0),
                                     absl::UTCTimeZone())),
            "02120514");
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

TEST(SchemaTest, EntityValueRoundTrips) {
  const std::string value = EntityValue("ef14b74eda9e57cc", "United States");
  EXPECT_EQ(value, std::string("ef14b74eda9e57cc\x1fUnited States"));
  EXPECT_EQ(value[16], kEntityValueSeparator);
  absl::string_view id, name;
  ASSERT_TRUE(ParseEntityValue(value, &id, &name));
  EXPECT_EQ(id, "ef14b74eda9e57cc");
  EXPECT_EQ(name, "United States");
  // The display name is the rest of the value, whatever it holds.
  const std::string odd = EntityValue("0123456789abcdef", "A\x1f" "B");
  ASSERT_TRUE(ParseEntityValue(odd, &id, &name));
  EXPECT_EQ(id, "0123456789abcdef");
  EXPECT_EQ(name, "A\x1f" "B");
  const std::string unnamed = EntityValue("0123456789abcdef", "");
  ASSERT_TRUE(ParseEntityValue(unnamed, &id, &name));
  EXPECT_EQ(id, "0123456789abcdef");
  EXPECT_EQ(name, "");
  // No separator, or no id: not an entity value; outputs untouched.
  id = "kept";
  EXPECT_FALSE(ParseEntityValue("0123456789abcdef", &id, &name));
  EXPECT_FALSE(ParseEntityValue("\x1fname", &id, &name));
  EXPECT_FALSE(ParseEntityValue("", &id, &name));
  EXPECT_EQ(id, "kept");
  EXPECT_EQ(EntityTerm(EntityType::kPerson, "0123456789abcdef"),
            "XPER0123456789abcdef");
  EXPECT_EQ(EntityTerm(EntityType::kMisc, "0123456789abcdef"),
            "XMISC0123456789abcdef");
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

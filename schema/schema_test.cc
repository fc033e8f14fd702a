// Tests for term construction and value encoding.
#include "schema/schema.h"

#include <iterator>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

// Sample buckets are part of the index format: fixed values (FNV-1a 64 of
// the id, modulo 64), so that every build and machine puts an article in
// the same bucket, and an even spread over many ids.
TEST(SchemaTest, SampleBucketsAreStableAndEven) {
  EXPECT_EQ(SampleBucketOf(""), 0xcbf29ce484222325ULL % kSampleBuckets);
  EXPECT_EQ(SampleBucketOf("a"), 0xaf63dc4c8601ec8cULL % kSampleBuckets);
  EXPECT_EQ(SampleTerm(17), "XSMP17");
  std::vector<int> counts(kSampleBuckets);
  for (int i = 0; i < 64000; ++i) {
    ++counts[SampleBucketOf(absl::StrCat("article-", i))];
  }
  for (uint32_t b = 0; b < kSampleBuckets; ++b) {
    EXPECT_GT(counts[b], 850) << b;  // 1000 expected
    EXPECT_LT(counts[b], 1150) << b;
  }
}

TEST(SchemaTest, SourceSlugFoldsCaseAndPunctuation) {
  EXPECT_EQ(SourceSlug("Daily Courier"), "daily-courier");
  EXPECT_EQ(SourceSlug("  The  Times!! "), "the-times");
  EXPECT_EQ(SourceSlug("bbc"), "bbc");
  EXPECT_EQ(SourceSlug("Le Monde Économie"), "le-monde-Économie");
  EXPECT_EQ(SourceSlug("--"), "");
}

TEST(SchemaTest, TimeEncodingPreservesOrderAndValue) {
  const absl::Time times[] = {
      absl::FromUnixSeconds(-86400 * 365), absl::FromUnixSeconds(0),
      absl::FromUnixSeconds(1709543700), absl::FromUnixSeconds(1709543701)};
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

TEST(SchemaTest, EntityTermsAndSlots) {
  EXPECT_EQ(EntityTerm(EntityType::kPlace, "rotterdam"), "XLOCrotterdam");
  EXPECT_EQ(EntityTerm(EntityType::kPerson, "0123456789abcdef"),
            "XPER0123456789abcdef");
  EXPECT_EQ(EntityTerm(EntityType::kMisc, "0123456789abcdef"),
            "XMISC0123456789abcdef");
  const unsigned slots[] = {kSlotArticleId, kSlotPublished, kSlotSource,
                            kSlotPublishedDay, kSlotEntities};
  for (size_t i = 0; i < std::size(slots); ++i) {
    for (size_t j = i + 1; j < std::size(slots); ++j) {
      EXPECT_NE(slots[i], slots[j]);
    }
  }
}

TEST(SchemaTest, MismatchMessagesSayWhatToDo) {
  EXPECT_EQ(kSchemaVersion, "6");
  EXPECT_EQ(SchemaMismatchMessage("/x", ""), "/x is not a Byline index");
  const std::string old = SchemaMismatchMessage("/x", "1");
  EXPECT_NE(old.find("older Byline"), std::string::npos) << old;
  EXPECT_NE(old.find("Rebuild"), std::string::npos) << old;
  // Each older schema says what changed (2: no entity look-up terms; 3:
  // one value slot per entity; 4: no day and source in the facet value;
  // 5: title words out of the body stem terms), what this Byline reads
  // and how to rebuild.
  for (const std::string version : {"2", "3", "4", "5"}) {
    const std::string message = SchemaMismatchMessage("/x", version);
    EXPECT_NE(message.find("older Byline (index schema " + version + ":"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("reads schema 6"), std::string::npos) << message;
    EXPECT_NE(message.find("Rebuild it: byline index --index NEW_DIR"),
              std::string::npos)
        << message;
  }
  EXPECT_NE(SchemaMismatchMessage("/x", "9").find("version 9"),
            std::string::npos);
}

TEST(SchemaTest, EntityNameTermsRoundTrip) {
  const std::string id = "0123456789abcdef";
  const std::string term =
      EntityNameTerm(EntityType::kPerson, id, "Marieke van Dalen");
  EXPECT_EQ(term, "XENP0123456789abcdef\x1fMarieke van Dalen");
  EntityTermParts parts;
  ASSERT_TRUE(ParseEntityNameTerm(term, &parts));
  EXPECT_EQ(parts.type, EntityType::kPerson);
  EXPECT_EQ(parts.id, id);
  EXPECT_EQ(parts.display_name, "Marieke van Dalen");
  EXPECT_EQ(parts.word_start, "");
  for (int t = 0; t < kEntityTypeCount; ++t) {
    const auto type = static_cast<EntityType>(t);
    ASSERT_TRUE(ParseEntityNameTerm(EntityNameTerm(type, id, "X"), &parts));
    EXPECT_EQ(parts.type, type);
  }
  EXPECT_EQ(EntityNameTerm(EntityType::kMisc, id, "")[3], 'M');
  // Not name terms: other prefixes, letters, ids; no separator.
  EXPECT_FALSE(ParseEntityNameTerm("XPER0123456789abcdef", &parts));
  EXPECT_FALSE(ParseEntityNameTerm("XENQ0123456789abcdef\x1fA", &parts));
  EXPECT_FALSE(ParseEntityNameTerm("XENP0123\x1fA", &parts));
  EXPECT_FALSE(ParseEntityNameTerm("XENP0123456789abcdefA", &parts));
  EXPECT_FALSE(ParseEntityNameTerm("", &parts));
}

TEST(SchemaTest, CompletionTermsStartAtEveryWordOfTheKey) {
  const std::string id = "0123456789abcdef";
  const std::vector<std::string> terms = EntityCompletionTerms(
      "marieke van dalen", EntityType::kPerson, id, "Marieke van Dalen");
  const std::string tail = "\x1fP0123456789abcdef\x1fMarieke van Dalen";
  EXPECT_EQ(terms, (std::vector<std::string>{"XECmarieke van dalen" + tail,
                                             "XECvan dalen" + tail,
                                             "XECdalen" + tail}));
  EntityTermParts parts;
  ASSERT_TRUE(ParseEntityCompletionTerm(terms[1], &parts));
  EXPECT_EQ(parts.word_start, "van dalen");
  EXPECT_EQ(parts.type, EntityType::kPerson);
  EXPECT_EQ(parts.id, id);
  EXPECT_EQ(parts.display_name, "Marieke van Dalen");
  // A typed prefix finds them by any word start.
  EXPECT_EQ(EntityCompletionPrefix("van d"), "XECvan d");
  EXPECT_TRUE(absl::StartsWith(terms[1], EntityCompletionPrefix("van d")));
  EXPECT_TRUE(absl::StartsWith(terms[2], EntityCompletionPrefix("dal")));
  EXPECT_EQ(EntityCompletionPrefix(""), "XEC");
  EXPECT_TRUE(EntityCompletionTerms("", EntityType::kPlace, id, "").empty());
  EXPECT_EQ(EntityCompletionTerms("oslo", EntityType::kPlace, id, "Oslo"),
            (std::vector<std::string>{"XECoslo\x1fL" + id + "\x1fOslo"}));
  // Not completion terms.
  EXPECT_FALSE(ParseEntityCompletionTerm(
      EntityNameTerm(EntityType::kPerson, id, "A"), &parts));
  EXPECT_FALSE(ParseEntityCompletionTerm("XEC\x1fP" + id + "\x1fA", &parts));
  EXPECT_FALSE(ParseEntityCompletionTerm("XECoslo", &parts));
  EXPECT_FALSE(ParseEntityCompletionTerm("XECoslo\x1fZ" + id + "\x1f", &parts));
}

TEST(SchemaTest, LongNamesAreCutAtCharacterBoundariesToFitTerms) {
  EXPECT_EQ(TruncateUtf8("abc", 5), "abc");
  EXPECT_EQ(TruncateUtf8("abc", 2), "ab");
  EXPECT_EQ(TruncateUtf8("a\xC3\xA9", 2), "a");  // not half of the é
  EXPECT_EQ(TruncateUtf8("a\xC3\xA9", 3), "a\xC3\xA9");
  EXPECT_EQ(TruncateUtf8("\xE2\x82\xAC\xE2\x82\xAC", 5), "\xE2\x82\xAC");
  EXPECT_EQ(TruncateUtf8("abc", 0), "");
  // A key of long words with a multi-byte character at every cut, and a
  // long display name: every term fits in 245 bytes, is valid at its end,
  // and still parses.
  std::string word;
  for (int i = 0; i < 70; ++i) word += "\xC3\xA9";  // 140 bytes
  const std::string key = word + " " + word + " b" + word;
  std::string display;
  for (int i = 0; i < 100; ++i) display += "\xE2\x82\xAC";  // 300 bytes
  const std::string id = "0123456789abcdef";
  const std::vector<std::string> terms =
      EntityCompletionTerms(key, EntityType::kOrganization, id, display);
  // The first two word starts cut to the same 100 bytes: one term for
  // both; "béé…" is cut before the é that would not fit (99 bytes).
  ASSERT_EQ(terms.size(), 2u);
  for (const std::string& t : terms) {
    EXPECT_LE(t.size(), 245u);
    EntityTermParts parts;
    ASSERT_TRUE(ParseEntityCompletionTerm(t, &parts));
    EXPECT_EQ(parts.word_start.size(), t == terms[0] ? 100u : 99u);
    EXPECT_EQ(parts.display_name.size(), 120u);
    EXPECT_EQ(parts.id, id);
  }
  const std::string name = EntityNameTerm(EntityType::kMisc, id, display);
  EXPECT_LE(name.size(), 245u);
  EXPECT_EQ(EntityCompletionPrefix(key), "XEC" + word.substr(0, 100));
}

}  // namespace
}  // namespace byline::schema

// Tests for the cross-article entity keys (entity_key.h): case and Unicode
// forms, possessives, punctuation, person titles, country and region aliases
// from ICU's locale data, and the stable ids. Names are fictional.
#include "ner/entity_key.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"
#include "ner/entity.h"
#include "ner/hand_lists.h"

namespace byline::ner {
namespace {

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;
constexpr EntityType kLoc = EntityType::kLocation;
constexpr EntityType kMisc = EntityType::kMisc;

class EntityKeyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { keyer_ = EntityKeyer::Create()->release(); }
  static void TearDownTestSuite() { delete keyer_; }
  static std::string Key(const std::string& surface, EntityType type) {
    return keyer_->Key(surface, type);
  }
  static EntityKeyer* keyer_;
};
EntityKeyer* EntityKeyTest::keyer_ = nullptr;

TEST_F(EntityKeyTest, CaseIsFolded) {
  EXPECT_EQ(Key("Marieke van Dalen", kPer), "marieke van dalen");
  EXPECT_EQ(Key("MARIEKE VAN DALEN", kPer), "marieke van dalen");
  EXPECT_EQ(Key("Straße Logistik", kOrg), "strasse logistik");  // Full fold.
}

TEST_F(EntityKeyTest, UnicodeFormsMeet) {
  // Full-width letters (NFKC).
  EXPECT_EQ(Key("\xEF\xBC\xAD\xEF\xBD\x81\xEF\xBD\x92\xEF\xBD\x89\xEF\xBD\x85"
                "\xEF\xBD\x8B\xEF\xBD\x85 van Dalen",
                kPer),
            "marieke van dalen");
  // Combining diaeresis and precomposed ö; a ligature.
  EXPECT_EQ(Key("Jo\xCC\x88rg Lindqvist", kPer), "jörg lindqvist");
  EXPECT_EQ(Key("J\xC3\xB6rg Lindqvist", kPer), "jörg lindqvist");
  EXPECT_EQ(Key("\xEF\xAC\x81nnvik Shipping", kOrg), "finnvik shipping");
  // Accents are kept: these are different spellings.
  EXPECT_NE(Key("Jorg Lindqvist", kPer), Key("Jörg Lindqvist", kPer));
  // A soft hyphen is ignored.
  EXPECT_EQ(Key("Hal\xC2\xADvorsen", kOrg), "halvorsen");
}

TEST_F(EntityKeyTest, PossessivesAreStripped) {
  EXPECT_EQ(Key("Halvorsen Maritime's", kOrg), "halvorsen maritime");
  EXPECT_EQ(Key("Halvorsen Maritime\xE2\x80\x99s", kOrg),
            "halvorsen maritime");  // Curly apostrophe.
  EXPECT_EQ(Key("HALVORSEN MARITIME\xE2\x80\x99S", kOrg), "halvorsen maritime");
  EXPECT_EQ(Key("Fjordbanks'", kOrg), "fjordbanks");
  EXPECT_EQ(Key("Fjordbanks\xE2\x80\x99", kOrg), "fjordbanks");
  // An inner apostrophe is part of the name, whichever apostrophe it is.
  EXPECT_EQ(Key("Aoife O'Brannagh", kPer), "aoife o'brannagh");
  EXPECT_EQ(Key("Aoife O\xE2\x80\x99"
                "Brannagh",
                kPer),
            "aoife o'brannagh");
  EXPECT_EQ(Key("Aoife O\xE2\x80\x99"
                "Brannagh\xE2\x80\x99s",
                kPer),
            "aoife o'brannagh");
}

TEST_F(EntityKeyTest, PunctuationVariantsMeet) {
  EXPECT_EQ(Key("Brenner-Vos", kOrg), "brenner vos");
  EXPECT_EQ(Key("Brenner Vos", kOrg), "brenner vos");
  EXPECT_EQ(Key("Brenner\xE2\x80\x93Vos", kOrg), "brenner vos");  // En dash.
  EXPECT_EQ(Key("\xE2\x80\x9CNordlicht\xE2\x80\x9D", kMisc), "nordlicht");
  EXPECT_EQ(Key("'Nordlicht'", kMisc), "nordlicht");
  EXPECT_EQ(Key("\"Nordlicht\"", kMisc), "nordlicht");
  EXPECT_EQ(Key("Tarvik Corp.", kOrg), "tarvik corp");
  EXPECT_EQ(Key("T.R. Oskarsen", kPer), Key("TR Oskarsen", kPer));
  EXPECT_EQ(Key("Lund & Berg", kOrg), "lund and berg");
  EXPECT_EQ(Key("Lund and Berg", kOrg), "lund and berg");
  EXPECT_EQ(Key("Q&R Holdings", kOrg), "q&r holdings");
  EXPECT_EQ(Key("Marieke \n  van\tDalen", kPer), "marieke van dalen");
  EXPECT_EQ(Key("...", kOrg), "");
  EXPECT_EQ(Key("", kPer), "");
  EXPECT_EQ(Key("Tar\xFFvik", kOrg), "tar vik");  // Invalid UTF-8 separates.
}

TEST_F(EntityKeyTest, PersonTitlesAreStripped) {
  EXPECT_EQ(Key("Ms. van Dalen", kPer), "van dalen");
  EXPECT_EQ(Key("Ms van Dalen", kPer), "van dalen");
  EXPECT_EQ(Key("Dr Jonas Ekberg", kPer), "jonas ekberg");
  EXPECT_EQ(Key("President Ilse Korver", kPer), "ilse korver");
  EXPECT_EQ(Key("Prime Minister Ilse Korver", kPer), "ilse korver");
  EXPECT_EQ(Key("Deputy Prime Minister Ilse Korver\xE2\x80\x99s", kPer),
            "ilse korver");
  // A title alone is kept rather than leaving nothing.
  EXPECT_EQ(Key("President", kPer), "president");
  EXPECT_EQ(Key("Lord King", kPer), "king");
  // Only persons lose titles, and only at the start.
  EXPECT_EQ(Key("Dr. Ekberg Clinics", kOrg), "dr ekberg clinics");
  EXPECT_EQ(Key("Ilse Korver President", kPer), "ilse korver president");
}

TEST_F(EntityKeyTest, WordsHaveOffsetsWithoutTitleAndPossessive) {
  std::vector<NameWord> words;
  keyer_->Words("Ms. van Dalen\xE2\x80\x99s", kPer, &words);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].term, "van");
  EXPECT_EQ(words[0].start, 4u);
  EXPECT_EQ(words[0].end, 7u);
  EXPECT_EQ(words[1].term, "dalen");
  EXPECT_EQ(words[1].start, 8u);
  EXPECT_EQ(words[1].end, 13u);
  keyer_->Words("U.S.", kLoc, &words);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].term, "us");
  EXPECT_EQ(words[0].end, 4u);  // The dots are part of the word.
}

TEST_F(EntityKeyTest, UnitedStatesFormsMeet) {
  const std::string key = Key("United States", kLoc);
  EXPECT_EQ(key, "united states");
  for (const char* form :
       {"U.S.", "US", "U.S", "us", "USA", "U.S.A.", "United States of America",
        "the United States", "UNITED STATES", "U.S.'s", "US\xE2\x80\x99"}) {
    EXPECT_EQ(Key(form, kLoc), key) << form;
  }
}

TEST_F(EntityKeyTest, CountryNamesFromIcuMeet) {
  const std::string uk = Key("United Kingdom", kLoc);
  EXPECT_EQ(uk, "united kingdom");
  for (const char* form : {"UK", "U.K.", "Britain", "Great Britain"}) {
    EXPECT_EQ(Key(form, kLoc), uk) << form;
  }
  EXPECT_EQ(Key("Deutschland", kLoc), Key("Germany", kLoc));  // German name.
  EXPECT_EQ(Key("Allemagne", kLoc), "germany");               // French name.
  EXPECT_EQ(Key("Burma", kLoc), Key("Myanmar", kLoc));
  EXPECT_EQ(Key("Ivory Coast", kLoc),
            Key("C\xC3\xB4te d\xE2\x80\x99Ivoire", kLoc));
  EXPECT_EQ(Key("UAE", kLoc), Key("United Arab Emirates", kLoc));
  EXPECT_EQ(Key("The Netherlands", kLoc), Key("Holland", kLoc));
  EXPECT_GT(keyer_->alias_count(), 1000u);
}

TEST_F(EntityKeyTest, AmbiguousNamesAreNotAliased) {
  // Both Congos; the United States or the Americas.
  EXPECT_EQ(Key("Congo", kLoc), "congo");
  EXPECT_NE(Key("Congo", kLoc), Key("Congo - Kinshasa", kLoc));
  EXPECT_EQ(Key("America", kLoc), "america");
  // Other languages' names that mean another place in English news, and
  // their short abbreviations ("VS" is Dutch for the United States).
  EXPECT_EQ(Key("Granada", kLoc), "granada");
  EXPECT_EQ(Key("Salvador", kLoc), "salvador");
  EXPECT_EQ(Key("VS", kLoc), "vs");
  EXPECT_EQ(Key("Man", kLoc), "man");
  EXPECT_EQ(Key("Grenada", kLoc), "grenada");
  // Historical states are not their successors.
  EXPECT_EQ(Key("Soviet Union", kLoc), "soviet union");
}

TEST_F(EntityKeyTest, AliasesDependOnType) {
  // Country names are aliased for locations only.
  EXPECT_EQ(Key("USA", kOrg), "usa");
  EXPECT_EQ(Key("US", kPer), "us");
  EXPECT_EQ(Key("Britain", kMisc), "britain");
  // The organisations of ICU's region table are aliased for organisations.
  EXPECT_EQ(Key("EU", kOrg), Key("European Union", kOrg));
  EXPECT_EQ(Key("E.U.", kOrg), "european union");
  EXPECT_EQ(Key("UN", kOrg), "united nations");
}

TEST_F(EntityKeyTest, HandCountryAliasesResolve) {
  // Every hand alias resolves through ICU or the alias table, or is one of
  // the names deliberately kept apart.
  for (absl::string_view alias : CountryAliases()) {
    const std::string key = Key(std::string(alias), kLoc);
    EXPECT_FALSE(key.empty()) << alias;
  }
  EXPECT_EQ(Key("Nippon", kLoc), Key("Japan", kLoc));
  EXPECT_EQ(Key("FYROM", kLoc), Key("North Macedonia", kLoc));
}

TEST_F(EntityKeyTest, IdsAreStable) {
  // FNV-1a 64 of "LOC:united states"; changing the hash changes every saved
  // id, so this literal must never change.
  EXPECT_EQ(EntityId(kLoc, "united states"), "ef14b74eda9e57cc");
  EXPECT_EQ(EntityIdHash(kLoc, "united states"), 0xef14b74eda9e57ccULL);
  EXPECT_EQ(EntityId(kPer, "marieke van dalen"), "551bd9645e1882bf");
  EXPECT_EQ(EntityId(kLoc, Key("U.S.", kLoc)), "ef14b74eda9e57cc");
  // The type is part of the id.
  EXPECT_NE(EntityId(kPer, "halvorsen"), EntityId(kOrg, "halvorsen"));
  const std::string id = EntityId(kOrg, "");
  EXPECT_EQ(id.size(), 16u);
  for (const char c : id) EXPECT_TRUE(absl::ascii_isxdigit(c)) << id;
}

}  // namespace
}  // namespace byline::ner

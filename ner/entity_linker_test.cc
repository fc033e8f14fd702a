// Tests for the canonical entities of an article (entity_linker.h): short
// forms joining full names, titles and possessives, ambiguity, acronyms,
// country aliases, display names and ids. Articles are hand-written with
// fictional names; "{PER|Marieke van Dalen}" marks a mention.
#include "ner/entity_linker.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ner/entity.h"
#include "ner/entity_key.h"

namespace byline::ner {
namespace {

using ::testing::ElementsAre;

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;
constexpr EntityType kLoc = EntityType::kLocation;

// An article and its mentions, parsed from the markup.
struct Article {
  std::string text;
  std::vector<EntityMention> mentions;
};

Article Parse(absl::string_view markup) {
  Article article;
  size_t i = 0;
  while (i < markup.size()) {
    if (markup[i] != '{') {
      article.text.push_back(markup[i++]);
      continue;
    }
    const size_t bar = markup.find('|', i);
    const size_t close = markup.find('}', bar);
    EntityMention m;
    m.type = *ParseEntityType(markup.substr(i + 1, bar - i - 1));
    m.start = static_cast<uint32_t>(article.text.size());
    absl::StrAppend(&article.text, markup.substr(bar + 1, close - bar - 1));
    m.end = static_cast<uint32_t>(article.text.size());
    article.mentions.push_back(m);
    i = close + 1;
  }
  return article;
}

class EntityLinkerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { keyer_ = EntityKeyer::Create()->release(); }
  static void TearDownTestSuite() { delete keyer_; }

  static LinkedEntities Link(absl::string_view markup) {
    const Article article = Parse(markup);
    absl::StatusOr<LinkedEntities> linked =
        LinkEntities(*keyer_, article.text, article.mentions);
    EXPECT_TRUE(linked.ok()) << linked.status();
    EXPECT_EQ(linked->mention_entity.size(), article.mentions.size());
    return *std::move(linked);
  }

  static EntityKeyer* keyer_;
};
EntityKeyer* EntityLinkerTest::keyer_ = nullptr;

TEST_F(EntityLinkerTest, ShortFormsTitlesAndPossessivesJoinTheFullName) {
  const LinkedEntities linked = Link(
      "{PER|Marieke van Dalen} has run the Brakvliet harbour board since "
      "spring. Ms. {PER|van Dalen}'s plan was approved on Tuesday; "
      "{PER|Ms. van Dalen\xE2\x80\x99s} deputy called it overdue. "
      "\"We start in May,\" {PER|van Dalen} said, and {PER|Dalen} nodded.");
  ASSERT_EQ(linked.entities.size(), 1u);
  const CanonicalEntity& e = linked.entities[0];
  EXPECT_EQ(e.type, kPer);
  EXPECT_EQ(e.key, "marieke van dalen");
  EXPECT_EQ(e.display_name, "Marieke van Dalen");
  EXPECT_EQ(e.mention_count, 5);
  EXPECT_EQ(e.id, "551bd9645e1882bf");
  EXPECT_THAT(linked.mention_entity, ElementsAre(0, 0, 0, 0, 0));
}

TEST_F(EntityLinkerTest, FirstNameJoinsTheOnlyFullNameWithIt) {
  const LinkedEntities linked = Link(
      "{PER|Tove Lindqvist} met {PER|Jonas Ekberg} in {LOC|Tromsdal}. "
      "{PER|Tove} later said {PER|Ekberg} had agreed.");
  ASSERT_EQ(linked.entities.size(), 3u);
  EXPECT_THAT(linked.mention_entity, ElementsAre(0, 1, 2, 0, 1));
  EXPECT_EQ(linked.entities[2].type, kLoc);
  EXPECT_EQ(linked.entities[0].mention_count, 2);
}

TEST_F(EntityLinkerTest, AmbiguousSurnameStaysApart) {
  const LinkedEntities linked = Link(
      "{PER|Marieke van Dalen} and her brother {PER|Pieter van Dalen} own "
      "the yard. {PER|van Dalen} declined to comment. {PER|Marieke} did "
      "not, and {PER|Dalen} was quoted too.");
  ASSERT_EQ(linked.entities.size(), 4u);
  // "van Dalen" could be either: its own entity with its own key. "Marieke"
  // is unambiguous. "Dalen" is also ambiguous: the separate "van Dalen"
  // entity does not count as a third person (it is a short form of both),
  // but the two full names do.
  EXPECT_THAT(linked.mention_entity, ElementsAre(0, 1, 2, 0, 3));
  EXPECT_EQ(linked.entities[2].key, "van dalen");
  EXPECT_EQ(linked.entities[2].display_name, "van Dalen");
  EXPECT_EQ(linked.entities[3].key, "dalen");
  EXPECT_NE(linked.entities[0].id, linked.entities[1].id);
}

TEST_F(EntityLinkerTest, AmbiguousFirstNameStaysApart) {
  const LinkedEntities linked =
      Link("{PER|Ilse Korver} and {PER|Ilse Brandt} both ran. {PER|Ilse} won.");
  ASSERT_EQ(linked.entities.size(), 3u);
  EXPECT_THAT(linked.mention_entity, ElementsAre(0, 1, 2));
  EXPECT_EQ(linked.entities[2].key, "ilse");
}

TEST_F(EntityLinkerTest, ShortFormsOnlyJoinLaterMentions) {
  // A short form before the full name is its own entity; a later identical
  // short form joins it (same key), but a shorter one joins the full name
  // (the earlier short-form entity is nested in it).
  const LinkedEntities linked = Link(
      "{PER|Van Dalen} resigns. {PER|Marieke van Dalen} said on Friday "
      "that {PER|van Dalen} was tired; {PER|Dalen} left at noon.");
  ASSERT_EQ(linked.entities.size(), 2u);
  EXPECT_THAT(linked.mention_entity, ElementsAre(0, 1, 0, 1));
  EXPECT_EQ(linked.entities[0].key, "van dalen");
  EXPECT_EQ(linked.entities[1].key, "marieke van dalen");
}

TEST_F(EntityLinkerTest, OrganisationPrefixesAndAcronymsJoin) {
  const LinkedEntities linked = Link(
      "{ORG|Halvorsen Maritime} signed with the {ORG|Maritime Union} and the "
      "{ORG|Bank of Norland}. {ORG|Halvorsen} pays more; the {ORG|MU} "
      "agreed, and the {ORG|BoN} lent the money. {ORG|HALVORSEN MARITIME\xE2"
      "\x80\x99S} shares rose.");
  ASSERT_EQ(linked.entities.size(), 3u);
  EXPECT_THAT(linked.mention_entity, ElementsAre(0, 1, 2, 0, 1, 2, 0));
  EXPECT_EQ(linked.entities[0].key, "halvorsen maritime");
  EXPECT_EQ(linked.entities[0].display_name, "Halvorsen Maritime");
  EXPECT_EQ(linked.entities[1].key, "maritime union");
  EXPECT_EQ(linked.entities[2].key, "bank of norland");
}

TEST_F(EntityLinkerTest, AmbiguousAcronymStaysApart) {
  const LinkedEntities linked = Link(
      "The {ORG|Maritime Union} and {ORG|Merchant Underwriters} met. "
      "The {ORG|MU} statement named neither.");
  ASSERT_EQ(linked.entities.size(), 3u);
  EXPECT_THAT(linked.mention_entity, ElementsAre(0, 1, 2));
  EXPECT_EQ(linked.entities[2].key, "mu");
}

TEST_F(EntityLinkerTest, ShortFormsDoNotCrossTypes) {
  const LinkedEntities linked =
      Link("{ORG|Halvorsen Maritime} hired {PER|Halvorsen}, no relation.");
  ASSERT_EQ(linked.entities.size(), 2u);
  EXPECT_EQ(linked.entities[1].type, kPer);
  EXPECT_EQ(linked.entities[1].key, "halvorsen");
  // Locations have no short forms: "Tromsdal" is not "Tromsdal Fjord".
  const LinkedEntities places =
      Link("{LOC|Tromsdal Fjord} froze; {LOC|Tromsdal} did not.");
  EXPECT_EQ(places.entities.size(), 2u);
}

TEST_F(EntityLinkerTest, CountryFormsMeetAndTheLongestFormIsShown) {
  const LinkedEntities linked = Link(
      "The {LOC|U.S.} and {LOC|Norland} talked. {LOC|US} officials said "
      "the {LOC|United States} would wait; {LOC|U.S.} firms agreed.");
  ASSERT_EQ(linked.entities.size(), 2u);
  EXPECT_THAT(linked.mention_entity, ElementsAre(0, 1, 0, 0, 0));
  const CanonicalEntity& us = linked.entities[0];
  EXPECT_EQ(us.key, "united states");
  EXPECT_EQ(us.id, "ef14b74eda9e57cc");
  // "U.S." is more frequent, but "United States" is the full form.
  EXPECT_EQ(us.display_name, "United States");
  EXPECT_EQ(us.mention_count, 4);
}

TEST_F(EntityLinkerTest, DisplayNameIsTheMostFrequentFullForm) {
  const LinkedEntities linked = Link(
      "{ORG|NORDVIK FREIGHT} WINS. {ORG|Nordvik Freight} won the contract; "
      "{ORG|Nordvik Freight's} rival {ORG|Nordvik} (no relation?) did not.");
  ASSERT_EQ(linked.entities.size(), 1u);
  EXPECT_EQ(linked.entities[0].display_name, "Nordvik Freight");
  // A tie goes to the first form seen.
  EXPECT_EQ(Link("{PER|TOVE LINDQVIST} and {PER|Tove Lindqvist}")
                .entities[0]
                .display_name,
            "TOVE LINDQVIST");
  EXPECT_EQ(Link("{PER|Tove Lindqvist} and {PER|TOVE LINDQVIST}")
                .entities[0]
                .display_name,
            "Tove Lindqvist");
  // Line breaks inside a name are shown as one space.
  EXPECT_EQ(Link("{PER|Tove\n  Lindqvist}").entities[0].display_name,
            "Tove Lindqvist");
}

TEST_F(EntityLinkerTest, KeysMeetAcrossArticles) {
  const LinkedEntities a =
      Link("{PER|Marieke van Dalen} spoke. {PER|van Dalen} left.");
  const LinkedEntities b =
      Link("Dr. {PER|MARIEKE VAN DALEN\xE2\x80\x99S} REPORT");
  const LinkedEntities c = Link("{PER|Van Dalen} spoke.");
  ASSERT_EQ(a.entities.size(), 1u);
  ASSERT_EQ(b.entities.size(), 1u);
  ASSERT_EQ(c.entities.size(), 1u);
  EXPECT_EQ(a.entities[0].id, b.entities[0].id);
  // Without the full name in the article, the short form has its own key.
  EXPECT_EQ(c.entities[0].key, "van dalen");
  EXPECT_NE(a.entities[0].id, c.entities[0].id);
}

TEST_F(EntityLinkerTest, MentionsWithoutWordsBelongToNoEntity) {
  const LinkedEntities linked = Link("{ORG|--} and {ORG|Tarvik}.");
  ASSERT_EQ(linked.entities.size(), 1u);
  EXPECT_THAT(linked.mention_entity, ElementsAre(kNoEntity, 0));
  EXPECT_TRUE(Link("No names here.").entities.empty());
}

TEST_F(EntityLinkerTest, RangesOutsideTheTextAreRefused) {
  const std::string text = "Tarvik";
  EXPECT_EQ(
      LinkEntities(*keyer_, text, {{.start = 2, .end = 9}}).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      LinkEntities(*keyer_, text, {{.start = 4, .end = 2}}).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(LinkEntities(*keyer_, text, {{.start = 0, .end = 6}}).ok());
}

}  // namespace
}  // namespace byline::ner

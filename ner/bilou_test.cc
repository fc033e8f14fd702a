// Tests for the BILOU tag set: names, allowed moves, spans <-> tags.
#include "ner/bilou.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline::ner {
namespace {

using ::testing::ElementsAre;

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;
constexpr EntityType kLoc = EntityType::kLocation;

TEST(BilouTest, TagNames) {
  EXPECT_EQ(TagName(kOutside), "O");
  EXPECT_EQ(TagName(MakeTag(kPer, TagPart::kBegin)), "B-PER");
  EXPECT_EQ(TagName(MakeTag(EntityType::kMisc, TagPart::kUnit)), "U-MISC");
  EXPECT_EQ(TagName(MakeTag(kLoc, TagPart::kLast)), "L-LOC");
}

TEST(BilouTest, TransitionsFollowTheScheme) {
  const Tag b_per = MakeTag(kPer, TagPart::kBegin);
  const Tag i_per = MakeTag(kPer, TagPart::kInside);
  const Tag l_per = MakeTag(kPer, TagPart::kLast);
  const Tag u_org = MakeTag(kOrg, TagPart::kUnit);
  const Tag l_org = MakeTag(kOrg, TagPart::kLast);
  EXPECT_TRUE(TransitionAllowed(b_per, i_per));
  EXPECT_TRUE(TransitionAllowed(b_per, l_per));
  EXPECT_FALSE(TransitionAllowed(b_per, l_org));  // Type change inside.
  EXPECT_FALSE(TransitionAllowed(b_per, kOutside));
  EXPECT_FALSE(TransitionAllowed(kOutside, i_per));
  EXPECT_TRUE(TransitionAllowed(l_per, u_org));
  EXPECT_TRUE(TransitionAllowed(u_org, b_per));
  EXPECT_TRUE(StartAllowed(b_per));
  EXPECT_FALSE(StartAllowed(l_per));
  EXPECT_FALSE(EndAllowed(i_per));
  EXPECT_TRUE(EndAllowed(u_org));
}

TEST(BilouTest, SpansRoundTrip) {
  const std::vector<TokenSpan> spans = {
      {0, 2, kPer}, {2, 3, kLoc}, {5, 9, kOrg}};
  std::vector<Tag> tags;
  SpansToTags(spans, 10, &tags);
  EXPECT_THAT(tags, ElementsAre(MakeTag(kPer, TagPart::kBegin),
                                MakeTag(kPer, TagPart::kLast),
                                MakeTag(kLoc, TagPart::kUnit), kOutside,
                                kOutside, MakeTag(kOrg, TagPart::kBegin),
                                MakeTag(kOrg, TagPart::kInside),
                                MakeTag(kOrg, TagPart::kInside),
                                MakeTag(kOrg, TagPart::kLast), kOutside));
  std::vector<TokenSpan> back;
  TagsToSpans(tags, &back);
  EXPECT_EQ(back, spans);
}

TEST(BilouTest, IllFormedTagsAreReadLeniently) {
  // I-PER I-PER without B, then a B-LOC that is never closed.
  const std::vector<Tag> tags = {MakeTag(kPer, TagPart::kInside),
                                 MakeTag(kPer, TagPart::kInside), kOutside,
                                 MakeTag(kLoc, TagPart::kBegin)};
  std::vector<TokenSpan> spans;
  TagsToSpans(tags, &spans);
  EXPECT_EQ(spans, (std::vector<TokenSpan>{{0, 2, kPer}, {3, 4, kLoc}}));
}

}  // namespace
}  // namespace byline::ner

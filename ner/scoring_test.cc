// Tests for conlleval-style entity scoring, on hand-made cases.
#include "ner/scoring.h"

#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "ner/conll.h"
#include "ner/evaluation.h"

namespace byline::ner {
namespace {

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;
constexpr EntityType kLoc = EntityType::kLocation;
constexpr EntityType kMisc = EntityType::kMisc;

const std::vector<TokenSpan> kGold = {
    {0, 2, kPer}, {3, 4, kLoc}, {6, 9, kOrg}, {10, 11, kMisc}, {12, 13, kLoc}};

TEST(ScoringTest, GoldAgainstItselfIsPerfect) {
  EntityScores scores;
  ScoreEntities(kGold, kGold, &scores);
  EXPECT_DOUBLE_EQ(scores.overall.precision(), 1.0);
  EXPECT_DOUBLE_EQ(scores.overall.recall(), 1.0);
  EXPECT_DOUBLE_EQ(scores.overall.f1(), 1.0);
  for (int t = 0; t < kNumEntityTypes; ++t) {
    EXPECT_DOUBLE_EQ(scores.by_type[t].f1(), 1.0) << t;
  }
  EXPECT_EQ(scores.overall.gold, 5);
}

TEST(ScoringTest, RemovedTypeHasRecallZero) {
  std::vector<TokenSpan> predicted;
  for (const TokenSpan& s : kGold) {
    if (s.type != kLoc) predicted.push_back(s);
  }
  EntityScores scores;
  ScoreEntities(kGold, predicted, &scores);
  EXPECT_DOUBLE_EQ(scores.of(kLoc).recall(), 0.0);
  EXPECT_DOUBLE_EQ(scores.of(kLoc).f1(), 0.0);
  EXPECT_DOUBLE_EQ(scores.of(kPer).f1(), 1.0);
  EXPECT_DOUBLE_EQ(scores.overall.precision(), 1.0);
  EXPECT_DOUBLE_EQ(scores.overall.recall(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(scores.overall.f1(), 2 * 0.6 / 1.6);
}

TEST(ScoringTest, OnlyExactMatchesCount) {
  const std::vector<TokenSpan> predicted = {
      {0, 1, kPer},     // Boundary wrong: one false positive, one miss.
      {3, 4, kOrg},     // Type wrong.
      {6, 9, kOrg},     // Right.
      {6, 9, kOrg},     // Duplicate: predicted twice, matches once.
      {20, 21, kMisc},  // Spurious.
  };
  EntityScores scores;
  ScoreEntities(kGold, predicted, &scores);
  EXPECT_EQ(scores.overall.predicted, 5);
  EXPECT_EQ(scores.overall.correct, 1);
  EXPECT_EQ(scores.overall.gold, 5);
  EXPECT_DOUBLE_EQ(scores.of(kOrg).precision(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(scores.of(kOrg).recall(), 1.0);
  EXPECT_DOUBLE_EQ(scores.of(kPer).recall(), 0.0);
}

TEST(ScoringTest, EmptyIsZeroNotNan) {
  EntityScores scores;
  ScoreEntities({}, {}, &scores);
  EXPECT_EQ(scores.overall.f1(), 0.0);
  EXPECT_EQ(scores.overall.precision(), 0.0);
}

// A CoNLL file with gold tags (IOB1) scored against the same file with
// other tags, through the chunk reader.
TEST(ScoringTest, ConllTagsAsConllevalReadsThem) {
  const auto gold = ParseConll(
      "-DOCSTART- -X- O O\n\n"
      "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nand CC O O\n"
      "John NNP I-NP I-PER\nB NNP I-NP B-PER\nin IN O O\n"
      "New NNP I-NP I-LOC\nYork NNP I-NP I-LOC\n. . O O\n",
      "gold");
  // Same words, IOB2 predictions: Peter Blackburn right, "John B" merged
  // (wrong), New York right, "in" spurious MISC.
  const auto predicted = ParseConll(
      "-DOCSTART- -X- O O\n\n"
      "Peter NNP I-NP B-PER\nBlackburn NNP I-NP I-PER\nand CC O O\n"
      "John NNP I-NP B-PER\nB NNP I-NP I-PER\nin IN O B-MISC\n"
      "New NNP I-NP B-LOC\nYork NNP I-NP I-LOC\n. . O O\n",
      "predicted");
  ASSERT_TRUE(gold.ok()) << gold.status();
  ASSERT_TRUE(predicted.ok()) << predicted.status();
  EntityScores scores;
  ScoreEntities(DocumentChunks((*gold)[0]), DocumentChunks((*predicted)[0]),
                &scores);
  EXPECT_EQ(scores.overall.gold, 4);       // Peter Blackburn, John, B, NY.
  EXPECT_EQ(scores.overall.predicted, 4);  // PB, John B, in, NY.
  EXPECT_EQ(scores.overall.correct, 2);
  EXPECT_DOUBLE_EQ(scores.of(EntityType::kPerson).recall(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(scores.of(EntityType::kMisc).precision(), 0.0);
  const std::string table = FormatScores(scores);
  EXPECT_TRUE(absl::StrContains(table, "overall")) << table;
  EXPECT_TRUE(absl::StrContains(table, "50.00%")) << table;
}

TEST(ScoringTest, MentionsByByteOffsets) {
  const std::vector<EntityMention> gold = {{0, 5, kPer}, {10, 16, kLoc}};
  const std::vector<EntityMention> predicted = {{0, 5, kPer}, {10, 15, kLoc}};
  EntityScores scores;
  ScoreMentions(gold, predicted, &scores);
  EXPECT_EQ(scores.overall.correct, 1);
  EXPECT_DOUBLE_EQ(scores.overall.f1(), 0.5);
}

}  // namespace
}  // namespace byline::ner

// Tests for post-match article evidence.
#include "searcher/article_ranker.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline {
namespace {

std::vector<Xapian::docid> Docids(const std::vector<RankedPassage>& ranked) {
  std::vector<Xapian::docid> ids;
  for (const RankedPassage& r : ranked) ids.push_back(r.docid);
  return ids;
}

const absl::flat_hash_map<std::string, double> kWeights = {
    {"panoram", 6.0}, {"photo", 2.0}, {"delft", 7.0}, {"giant", 1.5}};

TEST(ArticleRankerTest, WordsElsewhereInTheArticleCount) {
  // Article "a": its best passage has panoram+photo, another has delft.
  // Article "b": one passage with giant+photo scoring a little higher.
  const std::vector<PassageCandidate> candidates = {
      {1, 10.0, "b", {"giant", "photo"}},
      {2, 9.0, "a", {"panoram", "photo"}},
      {3, 7.0, "a", {"delft"}},
  };
  const auto ranked = RankByArticleEvidence(candidates, 1, kWeights, {});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].docid, 2u);
  EXPECT_DOUBLE_EQ(ranked[0].score, 9.0 + 0.5 * 7.0);
  EXPECT_DOUBLE_EQ(ranked[0].passage_score, 9.0);
  EXPECT_EQ(ranked[1].docid, 1u);
  EXPECT_DOUBLE_EQ(ranked[1].score, 10.0);
}

TEST(ArticleRankerTest, RepeatedWordsEarnNothingExtra) {
  // "a" repeats the words of its best passage: no bonus, so "b" stays first.
  const std::vector<PassageCandidate> candidates = {
      {1, 10.0, "b", {"photo"}},
      {2, 9.5, "a", {"photo"}},
      {3, 9.0, "a", {"photo"}},
      {4, 8.0, "a", {"photo"}},
  };
  EXPECT_THAT(Docids(RankByArticleEvidence(candidates, 1, kWeights, {})),
              ::testing::ElementsAre(1, 2));
}

TEST(ArticleRankerTest, PassagesPerArticleAreGroupedBestFirst) {
  const std::vector<PassageCandidate> candidates = {
      {1, 10.0, "a", {"photo"}}, {2, 9.0, "b", {"photo"}},
      {3, 8.0, "a", {"photo"}},  {4, 7.0, "b", {"photo"}},
      {5, 6.0, "a", {"photo"}},
  };
  EXPECT_THAT(Docids(RankByArticleEvidence(candidates, 2, kWeights, {})),
              ::testing::ElementsAre(1, 3, 2, 4));
  EXPECT_THAT(Docids(RankByArticleEvidence(candidates, 5, kWeights, {})),
              ::testing::ElementsAre(1, 3, 5, 2, 4));
}

TEST(ArticleRankerTest, TitleOnlyMatchesShowTheLeadPassage) {
  // Only the title matched: the shortest passage scores highest, but the
  // lead (lowest docid) is shown first.
  const std::vector<PassageCandidate> candidates = {
      {14, 5.0, "a", {}}, {11, 4.2, "a", {}}, {12, 4.0, "a", {}}};
  const auto ranked = RankByArticleEvidence(candidates, 2, kWeights, {});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].docid, 11u);
  EXPECT_EQ(ranked[1].docid, 12u);
  EXPECT_DOUBLE_EQ(ranked[0].score, 5.0);  // the article keeps its best score
  // A passage that matched body words comes before title-only ones.
  const std::vector<PassageCandidate> mixed = {
      {14, 5.0, "a", {}}, {13, 4.5, "a", {"photo"}}, {11, 4.2, "a", {}}};
  EXPECT_THAT(Docids(RankByArticleEvidence(mixed, 3, kWeights, {})),
              ::testing::ElementsAre(13, 11, 14));
}

TEST(ArticleRankerTest, UnknownWordsAndTiesAreStable) {
  const std::vector<PassageCandidate> candidates = {
      {1, 5.0, "a", {"x"}}, {2, 5.0, "b", {}}, {3, 1.0, "a", {"unknown"}}};
  EXPECT_THAT(Docids(RankByArticleEvidence(candidates, 1, kWeights, {})),
              ::testing::ElementsAre(1, 2));
  EXPECT_TRUE(RankByArticleEvidence({}, 1, kWeights, {}).empty());
}

}  // namespace
}  // namespace byline

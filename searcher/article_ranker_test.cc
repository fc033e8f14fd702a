// Tests for combining article and passage evidence.
#include "searcher/article_ranker.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline {
namespace {

using ::testing::ElementsAre;

TEST(ArticleRankerTest, AnsweringPassageLiftsAnArticleWithinTheWindow) {
  // "b" has a slightly lower article weight but one passage that holds the
  // query's words together; "a" only mentions them apart.
  const std::vector<ArticleCandidate> candidates = {
      {10.0, 2.0}, {9.5, 6.0}, {4.0, 1.0}};
  ArticleRankerOptions options;
  options.passage_weight = 0.5;
  EXPECT_DOUBLE_EQ(CombinedScore(candidates[0], options), 11.0);
  EXPECT_DOUBLE_EQ(CombinedScore(candidates[1], options), 12.5);
  EXPECT_THAT(RerankArticles(candidates, options), ElementsAre(1, 0, 2));
  // With no passage weight the match order stands.
  options.passage_weight = 0;
  EXPECT_THAT(RerankArticles(candidates, options), ElementsAre(0, 1, 2));
}

TEST(ArticleRankerTest, OnlyTheWindowIsReordered) {
  // The third article would win on combined score, but it lies past the
  // window: deeper results keep the match's order so that every page
  // agrees with the others whatever its offset.
  const std::vector<ArticleCandidate> candidates = {
      {10.0, 0.0}, {9.0, 4.0}, {8.0, 40.0}, {7.0, 0.0}};
  ArticleRankerOptions options;
  options.rerank_window = 2;
  options.passage_weight = 1.0;
  EXPECT_THAT(RerankArticles(candidates, options), ElementsAre(1, 0, 2, 3));
  options.rerank_window = 0;
  EXPECT_THAT(RerankArticles(candidates, options), ElementsAre(0, 1, 2, 3));
  options.rerank_window = 100;  // larger than the list
  EXPECT_THAT(RerankArticles(candidates, options), ElementsAre(2, 1, 0, 3));
}

TEST(ArticleRankerTest, TiesKeepTheMatchOrder) {
  const std::vector<ArticleCandidate> candidates = {
      {5.0, 1.0}, {5.0, 1.0}, {5.0, 1.0}};
  EXPECT_THAT(RerankArticles(candidates, {}), ElementsAre(0, 1, 2));
  EXPECT_TRUE(RerankArticles({}, {}).empty());
}

// Passages whose choice score equals their score unless `choices` says.
std::vector<ScoredPassage> Passages(std::vector<double> scores,
                                    std::vector<double> choices = {}) {
  std::vector<ScoredPassage> out;
  for (size_t i = 0; i < scores.size(); ++i) {
    ScoredPassage p;
    p.index = static_cast<uint32_t>(i);
    p.score = scores[i];
    p.choice = i < choices.size() ? choices[i] : scores[i];
    out.push_back(p);
  }
  return out;
}

std::vector<uint32_t> Indexes(const std::vector<const ScoredPassage*>& ps) {
  std::vector<uint32_t> out;
  for (const ScoredPassage* p : ps) out.push_back(p->index);
  return out;
}

TEST(ArticleRankerTest, PassagesBestFirstUpToTheLimit) {
  const auto scored = Passages({1.0, 0.0, 3.0, 2.0, 3.0});
  EXPECT_THAT(Indexes(ChoosePassages(scored, 1)), ElementsAre(2));
  EXPECT_THAT(Indexes(ChoosePassages(scored, 3)), ElementsAre(2, 4, 3));
  // Passages without query words are never shown next to ones with them.
  EXPECT_THAT(Indexes(ChoosePassages(scored, 10)), ElementsAre(2, 4, 3, 0));
}

TEST(ArticleRankerTest, TheChoiceScoreOrdersThePassages) {
  // A question's answer-type bonus or a keyword query's lead bonus reorder
  // passages through `choice`; `score` (the article's evidence) only decides
  // which passages hold query words at all.
  const auto scored = Passages({4.0, 1.0, 0.0, 2.0}, {4.0, 9.0, 0.0, 5.0});
  EXPECT_THAT(Indexes(ChoosePassages(scored, 1)), ElementsAre(1));
  EXPECT_THAT(Indexes(ChoosePassages(scored, 4)), ElementsAre(1, 3, 0));
}

TEST(ArticleRankerTest, LeadPassageWhenNoPassageHasTheWords) {
  // The article matched by its title or a filter alone.
  EXPECT_THAT(Indexes(ChoosePassages(Passages({0, 0, 0}), 2)), ElementsAre(0));
  EXPECT_TRUE(ChoosePassages({}, 2).empty());
}

}  // namespace
}  // namespace byline

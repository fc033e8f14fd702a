// Combines the two stages of a search: an article's whole-article BM25
// weight from Xapian's match and the score of its best passage (see
// passage_scorer.h). The match orders all articles; the first
// `rerank_window` of them are reordered by the combined score, so that an
// article with one passage that answers the query beats one that only
// mentions its words here and there. Pure functions, thread-safe.
#ifndef BYLINE_SEARCHER_ARTICLE_RANKER_H_
#define BYLINE_SEARCHER_ARTICLE_RANKER_H_

#include <cstdint>
#include <vector>

#include "searcher/passage_scorer.h"

namespace byline {

struct ArticleRankerOptions {
  // Articles at the top of the match that are reordered by the combined
  // score. Pages deeper than this follow the match's order, so every page
  // of a query costs the same and agrees with the others.
  uint32_t rerank_window = 10;
  // combined = article weight + passage_weight * best passage score
  // (0.2-0.3 best on bench/relevance.sh; 0 loses 0.01 MRR, 0.6 loses 0.015).
  double passage_weight = 0.3;
};

// One article from the match, in the match's order.
struct ArticleCandidate {
  double article_score = 0;       // Xapian's BM25 weight of the article
  double best_passage_score = 0;  // max over its ScoredPassages
};

// Combined score of one article.
double CombinedScore(const ArticleCandidate& candidate,
                     const ArticleRankerOptions& options);

// The order in which to show `candidates` (the top of the match, in match
// order): indexes into `candidates`, by combined score, ties in match order.
// Only the first options.rerank_window are reordered; the rest keep their
// place.
std::vector<size_t> RerankArticles(
    const std::vector<ArticleCandidate>& candidates,
    const ArticleRankerOptions& options);

// The passages to show for an article: up to `per_article` of those that
// hold query words, best first (ties in article order); the lead passage
// when none does (the article matched by its title or a filter alone).
std::vector<const ScoredPassage*> ChoosePassages(
    const std::vector<ScoredPassage>& scored, uint32_t per_article);

}  // namespace byline

#endif  // BYLINE_SEARCHER_ARTICLE_RANKER_H_

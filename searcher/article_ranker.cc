// Combining article and passage evidence (see article_ranker.h).
#include "searcher/article_ranker.h"

#include <algorithm>
#include <numeric>

namespace byline {

double CombinedScore(const ArticleCandidate& candidate,
                     const ArticleRankerOptions& options) {
  return candidate.article_score +
         options.passage_weight * candidate.best_passage_score;
}

std::vector<size_t> RerankArticles(
    const std::vector<ArticleCandidate>& candidates,
    const ArticleRankerOptions& options) {
  std::vector<size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  const size_t window = std::min<size_t>(options.rerank_window, order.size());
  std::stable_sort(order.begin(), order.begin() + window,
                   [&](size_t x, size_t y) {
                     return CombinedScore(candidates[x], options) >
                            CombinedScore(candidates[y], options);
                   });
  return order;
}

std::vector<const ScoredPassage*> ChoosePassages(
    const std::vector<ScoredPassage>& scored, uint32_t per_article) {
  std::vector<const ScoredPassage*> chosen;
  for (const ScoredPassage& p : scored) {
    if (p.score > 0) chosen.push_back(&p);
  }
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const ScoredPassage* x, const ScoredPassage* y) {
                     return x->choice > y->choice;
                   });
  if (chosen.size() > per_article) chosen.resize(per_article);
  if (chosen.empty() && !scored.empty()) chosen.push_back(&scored.front());
  return chosen;
}

}  // namespace byline

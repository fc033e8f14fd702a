// Post-match article evidence (see article_ranker.h).
#include "searcher/article_ranker.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace byline {

std::vector<RankedPassage> RankByArticleEvidence(
    const std::vector<PassageCandidate>& candidates, uint32_t per_article,
    const absl::flat_hash_map<std::string, double>& word_weight,
    const ArticleEvidenceOptions& options) {
  struct Article {
    size_t first_seen;
    double score = 0;
    std::vector<const PassageCandidate*> passages;
  };
  std::vector<Article> articles;
  absl::flat_hash_map<std::string, size_t> index;
  for (const PassageCandidate& c : candidates) {
    auto [it, inserted] = index.try_emplace(c.article_key, articles.size());
    if (inserted) articles.push_back(Article{articles.size()});
    articles[it->second].passages.push_back(&c);
  }
  for (Article& a : articles) {
    std::stable_sort(a.passages.begin(), a.passages.end(),
                     [](const PassageCandidate* x, const PassageCandidate* y) {
                       return x->score > y->score;
                     });
    const PassageCandidate& best = *a.passages.front();
    a.score = best.score;
    absl::flat_hash_set<absl::string_view> counted(best.words.begin(),
                                                   best.words.end());
    for (size_t i = 1; i < a.passages.size(); ++i) {
      for (const std::string& word : a.passages[i]->words) {
        if (!counted.insert(word).second) continue;
        const auto w = word_weight.find(word);
        if (w != word_weight.end()) {
          a.score += options.elsewhere_weight * w->second;
        }
      }
    }
  }
  // Which passages show an article: those that matched body words, best
  // first; passages matched by the title alone come after, in article order
  // (the lead first). Title words weigh more in short passages (BM25 length
  // normalisation), which says nothing about which passage to show.
  for (Article& a : articles) {
    if (a.passages.size() < 2) continue;
    std::stable_sort(a.passages.begin(), a.passages.end(),
                     [](const PassageCandidate* x, const PassageCandidate* y) {
                       const bool x_body = !x->words.empty();
                       const bool y_body = !y->words.empty();
                       if (x_body != y_body) return x_body;
                       if (x_body) return x->score > y->score;
                       return x->docid < y->docid;
                     });
  }
  std::stable_sort(articles.begin(), articles.end(),
                   [](const Article& x, const Article& y) {
                     return x.score > y.score;
                   });
  std::vector<RankedPassage> ranked;
  ranked.reserve(candidates.size());
  for (const Article& a : articles) {
    const size_t n = std::min<size_t>(a.passages.size(), per_article);
    for (size_t i = 0; i < n; ++i) {
      ranked.push_back({a.passages[i]->docid, a.score, a.passages[i]->score});
    }
  }
  return ranked;
}

}  // namespace byline

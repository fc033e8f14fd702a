// Article-level evidence for passage ranking, applied after the Xapian match:
// a passage's article also earns credit for query words that appear in its
// other passages, so an article whose query words are spread over several
// passages ranks above one whose single passage scores a little higher. Working on the match's
// results (not inside Xapian) keeps ranking to Xapian's built-in classes, so
// it also works over remote shards.
#ifndef BYLINE_SEARCHER_ARTICLE_RANKER_H_
#define BYLINE_SEARCHER_ARTICLE_RANKER_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace byline {

// A passage from the match, in Xapian's rank order.
struct PassageCandidate {
  Xapian::docid docid = 0;
  double score = 0;         // the passage's BM25 weight
  std::string article_key;  // the collapse key: the article id
  // The query words (by stem) found in the passage's own text.
  std::vector<std::string> words;
};

struct RankedPassage {
  Xapian::docid docid = 0;
  double score = 0;          // its article's combined score
  double passage_score = 0;  // the passage's own BM25 weight
};

struct ArticleEvidenceOptions {
  // Passages of one article gathered from the match to find its words.
  uint32_t evidence_passages = 3;
  // An article's score is its best passage's score plus this fraction of
  // the weight of each query word found only in its other passages.
  double elsewhere_weight = 0.5;
};

// Orders articles by combined score (ties: the order their best passage
// had), and returns each article's best `per_article` passages next to each
// other: passages that matched body words best first, then passages only
// their title matched, in article order (docid order within a shard). `word_weight` gives each query word's weight (its
// idf); words it lacks count 0. Pure function; thread-safe.
std::vector<RankedPassage> RankByArticleEvidence(
    const std::vector<PassageCandidate>& candidates, uint32_t per_article,
    const absl::flat_hash_map<std::string, double>& word_weight,
    const ArticleEvidenceOptions& options);

}  // namespace byline

#endif  // BYLINE_SEARCHER_ARTICLE_RANKER_H_

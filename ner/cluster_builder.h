// Word clusters from unlabelled text with the exchange algorithm (Kneser &
// Ney 1993; Martin, Liermann & Ney 1998), the flat cousin of Brown
// clustering used for NER features by Uszkoreit & Brants (2008): words are
// put in C classes so that a class-bigram language model
// P(class(w_i) | class(w_{i-1})) fits the text best, moving one word at a
// time to the class that most improves the likelihood. It runs at a few
// granularities (e.g. 32, 128 and 512 classes); a word's class ids at each
// are packed into its ClusterPath. Deterministic; a few million words take
// about a minute.
#ifndef BYLINE_NER_CLUSTER_BUILDER_H_
#define BYLINE_NER_CLUSTER_BUILDER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/word_clusters.h"

namespace byline::ner {

struct ClusterBuilderOptions {
  int min_count = 2;       // Rarer words get no cluster.
  int max_words = 100000;  // At most this many (most frequent) words.
  // Classes at each level, coarsest first (at most kClusterLevels levels,
  // each below 1 << kClusterLevelBits).
  std::vector<int> classes = {32, 128, 512};
  int iterations = 10;  // Passes over the vocabulary (fewer if stable).
};

class ClusterBuilder {
 public:
  explicit ClusterBuilder(const ClusterBuilderOptions& options);

  // Adds one document (its tokens' terms, in order).
  void AddDocument(absl::Span<const Token> tokens);

  // Clusters the words seen so far. Keys are HashBytes(term), sorted. If
  // `words_out` is set, it receives the word of each entry (for inspection
  // only: words are never saved). Progress goes to `log` if set.
  std::vector<WordClusters::Entry> Build(
      std::vector<std::string>* words_out = nullptr,
      std::ostream* log = nullptr) const;

  size_t num_tokens() const { return corpus_.size(); }

 private:
  ClusterBuilderOptions options_;
  absl::flat_hash_map<std::string, uint32_t> ids_;  // Term -> id (from 1).
  std::vector<std::string> terms_;                  // Id -> term.
  std::vector<uint32_t> counts_;                    // Id -> count.
  std::vector<uint32_t> corpus_;  // Term ids; 0 separates documents.
};

// Exposed for tests: exchange clustering of a bigram graph. `right[w]` and
// `left[w]` list (neighbour, count) pairs of words 0..num_words-1, where
// words >= num_movable keep the class given in `classes` (which also holds
// the initial classes of the others). Returns the number of moves made in
// the last pass.
struct BigramGraph {
  std::vector<uint64_t> right_start, left_start;  // CSR offsets.
  std::vector<uint32_t> right_word, left_word;
  std::vector<uint32_t> right_count, left_count;
};
size_t ExchangeClustering(const BigramGraph& graph, uint32_t num_movable,
                          int num_classes, int iterations,
                          std::vector<uint32_t>* classes, std::ostream* log);

}  // namespace byline::ner

#endif  // BYLINE_NER_CLUSTER_BUILDER_H_

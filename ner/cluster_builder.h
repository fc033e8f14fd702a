// Word clusters from unlabelled text, cheaply: each frequent word is
// described by the words seen around it (counts of the 1-2 words to its left
// and right among the most frequent context words, weighted by positive
// pointwise mutual information), projected to a few dense dimensions with a
// fixed random matrix, and clustered by hierarchical spherical k-means. A
// word's path down the hierarchy plays the role of a Brown-cluster bit
// string. Deterministic for a given seed; a few million words take about a
// minute.
#ifndef BYLINE_NER_CLUSTER_BUILDER_H_
#define BYLINE_NER_CLUSTER_BUILDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/word_clusters.h"

namespace byline::ner {

struct ClusterBuilderOptions {
  int min_count = 4;          // Rarer words get no cluster.
  int max_words = 80000;      // At most this many (most frequent) words.
  int context_words = 1500;   // Context vocabulary size.
  int dimensions = 160;       // Random projection size.
  int branching = 4;          // Children per node (2 path bits each).
  int depth = 5;              // Levels: branching^depth leaves.
  int iterations = 12;        // k-means iterations per node.
  uint64_t seed = 20240601;
};

class ClusterBuilder {
 public:
  explicit ClusterBuilder(const ClusterBuilderOptions& options);

  // Adds one document (its tokens' terms, in order).
  void AddDocument(absl::Span<const Token> tokens);

  // Clusters the words seen so far. Keys are HashBytes(term). If
  // `words_out` is set, it receives the word of each entry (for inspection
  // only: words are never saved).
  std::vector<WordClusters::Entry> Build(
      std::vector<std::string>* words_out = nullptr) const;

  size_t num_tokens() const { return corpus_.size(); }

 private:
  ClusterBuilderOptions options_;
  absl::flat_hash_map<std::string, uint32_t> ids_;  // Term -> id (from 1).
  std::vector<std::string> terms_;                  // Id -> term.
  std::vector<uint32_t> counts_;                    // Id -> count.
  std::vector<uint32_t> corpus_;  // Term ids; 0 separates documents.
};

}  // namespace byline::ner

#endif  // BYLINE_NER_CLUSTER_BUILDER_H_

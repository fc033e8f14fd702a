// Averaged structured perceptron training of the tagger (Collins 2002):
// Viterbi-decode each training document with the current weights, and where
// the best sequence differs from the gold one, add the gold tags' features
// and transitions and subtract the predicted ones. The saved weights are the
// average over all steps (computed lazily), which generalises much better
// than the last weights. Documents are shuffled every epoch with a fixed
// seed, so training is deterministic.
//
// Word-identity dropout (TrainerOptions::lexical_dropout): each training
// token, independently and anew in every epoch, may have its own
// word-identity features (kOwnWordFeatures of featurizer.h) left out of both
// its scores for decoding and its update. The model then has to learn to
// tag from shape, context, clusters and gazetteers too, which is all it has
// for names unseen in training. Tagging is unchanged (no dropout).
#ifndef BYLINE_NER_TRAINER_H_
#define BYLINE_NER_TRAINER_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/bilou.h"
#include "ner/gazetteer.h"
#include "ner/model.h"
#include "ner/word_clusters.h"

namespace byline::ner {

// One annotated document: its text, its ICU tokens and one gold BILOU tag
// per token.
struct TrainingExample {
  std::string text;
  std::vector<Token> tokens;
  std::vector<Tag> gold;
};

struct TrainerOptions {
  // log2 of the number of weight rows.
  uint32_t bucket_bits = 20;
  // Probability in [0, 1] that a token's own word-identity features are left
  // out for one epoch. 0 (the default) draws nothing from the epoch's rng and
  // trains exactly as without dropout.
  double lexical_dropout = 0;
};

class PerceptronTrainer {
 public:
  // `gazetteer` must outlive the trainer; `clusters` are copied into the
  // model.
  PerceptronTrainer(const TrainerOptions& options, const Gazetteer* gazetteer,
                    std::vector<WordClusters::Entry> clusters);

  // Computes and stores the features of `examples`.
  void AddExamples(absl::Span<const TrainingExample> examples);

  // One pass over the examples in an order drawn from `rng`; with
  // lexical_dropout > 0, the tokens whose own word features are left out are
  // drawn from `rng` too (after the order). Returns the number of tokens
  // tagged wrongly along the way.
  size_t RunEpoch(std::mt19937_64* rng);

  // The averaged weights so far.
  ModelParameters Averaged(const std::string& description) const;

  size_t num_tokens() const { return tags_.size(); }

 private:
  // Adds `delta` to the weights of `tag` for the features of `token`, without
  // its own word features if `dropped`.
  void Update(uint32_t token, Tag tag, float delta, bool dropped);
  void UpdateTransition(int prev, int next, float delta);

  TrainerOptions options_;
  const Gazetteer* gazetteer_;
  WordClusters clusters_;
  std::vector<WordClusters::Entry> cluster_entries_;
  uint64_t mask_;
  // Features: bucket indices of token t are
  // buckets_[feature_start_[t], feature_start_[t + 1]).
  std::vector<uint32_t> buckets_;
  std::vector<uint64_t> feature_start_;
  std::vector<Tag> tags_;            // Gold tag per token.
  std::vector<uint32_t> doc_start_;  // Token index of each document.
  // Current weights and, for averaging, the sum of step * update.
  std::vector<float> weights_;
  std::vector<double> totals_;
  // Transitions: kNumTags * kNumTags, then start, then end.
  std::vector<float> trans_;
  std::vector<double> trans_totals_;
  double step_ = 1;
};

}  // namespace byline::ner

#endif  // BYLINE_NER_TRAINER_H_

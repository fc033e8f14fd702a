// Training of the second pass (aggregation.h) by averaged structured
// perceptron, like trainer.h: the emission scores are the first pass's
// scores plus the weights of the aggregated-prediction features, and only
// those weights and the second pass's transitions are learnt. The first-pass
// scores and tags of each training document must come from a model that did
// not see the document (cross-validation, "jackknifing"); otherwise the
// first pass looks far better on training data than on new text and the
// second pass learns to trust it too much.
#ifndef BYLINE_NER_SECOND_PASS_TRAINER_H_
#define BYLINE_NER_SECOND_PASS_TRAINER_H_

#include <cstdint>
#include <random>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "ner/aggregation.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"
#include "ner/model.h"

namespace byline::ner {

class SecondPassTrainer {
 public:
  // Starts the second pass's transitions from the first pass's.
  explicit SecondPassTrainer(const TransitionScores& first_pass);

  // Adds a document: `featurizer` prepared for it, its first-pass scores
  // (kNumTags per token) and tags, and its gold tags.
  void AddExample(const Featurizer& featurizer,
                  absl::Span<const float> first_scores,
                  absl::Span<const Tag> first_tags,
                  absl::Span<const Tag> gold);

  // One pass over the documents in an order drawn from `rng`; returns the
  // number of tokens tagged wrongly.
  size_t RunEpoch(std::mt19937_64* rng);

  // Sets params->passes to two passes (keeping the first) and
  // params->second_pass to the averaged weights.
  void AddTo(ModelParameters* params) const;

 private:
  PredictionAggregator aggregator_;
  absl::flat_hash_map<uint64_t, uint32_t> index_;  // Feature -> row.
  std::vector<uint64_t> features_;                 // Row -> feature.
  std::vector<float> scores_;       // First-pass scores, kNumTags per token.
  std::vector<uint32_t> rows_;      // Feature rows of all tokens.
  std::vector<uint64_t> row_start_;  // Per token, into rows_.
  std::vector<Tag> gold_;
  std::vector<uint32_t> doc_start_;
  std::vector<float> weights_;
  std::vector<double> totals_;
  std::vector<float> trans_ = std::vector<float>((kNumTags + 2) * kNumTags);
  std::vector<double> trans_totals_ =
      std::vector<double>((kNumTags + 2) * kNumTags);
  double step_ = 1;
};

}  // namespace byline::ner

#endif  // BYLINE_NER_SECOND_PASS_TRAINER_H_

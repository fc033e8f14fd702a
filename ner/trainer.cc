// Averaged perceptron trainer (see trainer.h).
#include "ner/trainer.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"
#include "ner/model.h"
#include "ner/viterbi.h"

namespace byline::ner {
namespace {
constexpr int kStartRow = kNumTags;  // Rows of trans_ after the matrix.
constexpr int kEndRow = kNumTags + 1;

// Bit k is set if feature k of Extract() is one of the token's own word
// features, left out when the token is dropped.
constexpr uint64_t OwnWordMask() {
  uint64_t mask = 0;
  for (const int k : kOwnWordFeatures) mask |= uint64_t{1} << k;
  return mask;
}
constexpr bool OwnWordPositionsValid() {
  uint64_t seen = 0;
  for (const int k : kOwnWordFeatures) {
    if (k < 0 || k >= 64 || ((seen >> k) & 1) != 0) return false;
    seen |= uint64_t{1} << k;
  }
  return true;
}
static_assert(OwnWordPositionsValid(),
              "kOwnWordFeatures must be distinct positions in [0, 64)");
constexpr uint64_t kOwnWordMask = OwnWordMask();

// Whether feature `k` (position within its token) is skipped under `skip`, a
// mask of positions (0 or kOwnWordMask).
inline bool Skipped(uint64_t skip, uint64_t k) {
  return k < 64 && ((skip >> k) & 1) != 0;
}
}  // namespace

PerceptronTrainer::PerceptronTrainer(const TrainerOptions& options,
                                     const Gazetteer* gazetteer,
                                     std::vector<WordClusters::Entry> clusters)
    : options_(options),
      gazetteer_(gazetteer),
      clusters_(clusters),
      cluster_entries_(std::move(clusters)),
      mask_((uint64_t{1} << options.bucket_bits) - 1),
      weights_((mask_ + 1) * kNumTags, 0.0f),
      totals_((mask_ + 1) * kNumTags, 0.0),
      trans_((kNumTags + 2) * kNumTags, 0.0f),
      trans_totals_((kNumTags + 2) * kNumTags, 0.0) {
  feature_start_.push_back(0);
}

void PerceptronTrainer::AddExamples(
    absl::Span<const TrainingExample> examples) {
  Featurizer featurizer(gazetteer_, &clusters_);
  uint64_t features[kMaxFeatures];
  for (const TrainingExample& example : examples) {
    doc_start_.push_back(static_cast<uint32_t>(tags_.size()));
    featurizer.Prepare(example.text, example.tokens);
    for (size_t i = 0; i < featurizer.size(); ++i) {
      const int count = featurizer.Extract(i, features);
      for (int f = 0; f < count; ++f) {
        buckets_.push_back(static_cast<uint32_t>(features[f] & mask_));
      }
      feature_start_.push_back(buckets_.size());
      tags_.push_back(example.gold[i]);
    }
  }
}

void PerceptronTrainer::Update(uint32_t token, Tag tag, float delta,
                               bool dropped) {
  const uint64_t first = feature_start_[token];
  const uint64_t skip = dropped ? kOwnWordMask : 0;
  for (uint64_t f = first; f < feature_start_[token + 1]; ++f) {
    if (Skipped(skip, f - first)) continue;
    const uint64_t index = uint64_t{buckets_[f]} * kNumTags + tag;
    weights_[index] += delta;
    totals_[index] += step_ * delta;
  }
}

void PerceptronTrainer::UpdateTransition(int prev, int next, float delta) {
  const size_t index = static_cast<size_t>(prev) * kNumTags + next;
  trans_[index] += delta;
  trans_totals_[index] += step_ * delta;
}

size_t PerceptronTrainer::RunEpoch(std::mt19937_64* rng) {
  std::vector<uint32_t> order(doc_start_.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), *rng);
  std::vector<float> scores;
  std::vector<Tag> predicted;
  std::vector<uint8_t> dropped;
  // A token is dropped if 53 random bits, as a number, are below this: the
  // same on every platform (unlike std::bernoulli_distribution).
  const double p = options_.lexical_dropout;
  const double threshold = p * 0x1p53;
  size_t errors = 0;
  for (uint32_t d : order) {
    const uint32_t begin = doc_start_[d];
    const uint32_t end = d + 1 < doc_start_.size()
                             ? doc_start_[d + 1]
                             : static_cast<uint32_t>(tags_.size());
    const uint32_t n = end - begin;
    // No draws without dropout, so that training is exactly as before.
    dropped.assign(n, 0);
    if (p > 0) {
      for (uint32_t i = 0; i < n; ++i) {
        dropped[i] = static_cast<double>((*rng)() >> 11) < threshold;
      }
    }
    scores.assign(static_cast<size_t>(n) * kNumTags, 0.0f);
    for (uint32_t i = 0; i < n; ++i) {
      float* s = &scores[static_cast<size_t>(i) * kNumTags];
      const uint64_t first = feature_start_[begin + i];
      const uint64_t skip = dropped[i] ? kOwnWordMask : 0;
      for (uint64_t f = first; f < feature_start_[begin + i + 1]; ++f) {
        if (Skipped(skip, f - first)) continue;
        const float* row = &weights_[uint64_t{buckets_[f]} * kNumTags];
        for (int t = 0; t < kNumTags; ++t) s[t] += row[t];
      }
    }
    ViterbiDecoder decoder(trans_.data(), &trans_[kStartRow * kNumTags],
                           &trans_[kEndRow * kNumTags]);
    decoder.Decode(scores.data(), n, &predicted);
    for (uint32_t i = 0; i < n; ++i) {
      const Tag gold = tags_[begin + i];
      const Tag pred = predicted[i];
      if (gold != pred) {
        ++errors;
        Update(begin + i, gold, 1.0f, dropped[i]);
        Update(begin + i, pred, -1.0f, dropped[i]);
      }
      const int gold_prev = i == 0 ? kStartRow : tags_[begin + i - 1];
      const int pred_prev = i == 0 ? kStartRow : predicted[i - 1];
      if (gold != pred || gold_prev != pred_prev) {
        // Start scores live in row kStartRow: trans_[kStartRow][tag].
        UpdateTransition(gold_prev, gold, 1.0f);
        UpdateTransition(pred_prev, pred, -1.0f);
      }
    }
    if (n > 0 && tags_[end - 1] != predicted[n - 1]) {
      UpdateTransition(kEndRow, tags_[end - 1], 1.0f);
      UpdateTransition(kEndRow, predicted[n - 1], -1.0f);
    }
    step_ += 1;
  }
  return errors;
}

ModelParameters PerceptronTrainer::Averaged(
    const std::string& description) const {
  ModelParameters params;
  params.bucket_bits = options_.bucket_bits;
  params.description = description;
  params.weights.resize(weights_.size());
  for (size_t i = 0; i < weights_.size(); ++i) {
    params.weights[i] = static_cast<float>(weights_[i] - totals_[i] / step_);
  }
  auto averaged = [&](size_t i) {
    return static_cast<float>(trans_[i] - trans_totals_[i] / step_);
  };
  TransitionScores& pass = params.transitions;
  for (int i = 0; i < kNumTags * kNumTags; ++i)
    pass.transitions[i] = averaged(i);
  for (int t = 0; t < kNumTags; ++t) {
    pass.start[t] = averaged(kStartRow * kNumTags + t);
    pass.end[t] = averaged(kEndRow * kNumTags + t);
  }
  params.clusters = cluster_entries_;
  return params;
}

}  // namespace byline::ner

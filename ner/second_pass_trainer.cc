// Second-pass perceptron training (see second_pass_trainer.h).
#include "ner/second_pass_trainer.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "absl/types/span.h"
#include "ner/aggregation.h"
#include "ner/bilou.h"
#include "ner/model.h"
#include "ner/viterbi.h"

namespace byline::ner {
namespace {
constexpr int kStartRow = kNumTags;
constexpr int kEndRow = kNumTags + 1;
}  // namespace

SecondPassTrainer::SecondPassTrainer(const TransitionScores& first_pass) {
  std::copy(first_pass.transitions.begin(), first_pass.transitions.end(),
            trans_.begin());
  std::copy(first_pass.start.begin(), first_pass.start.end(),
            trans_.begin() + kStartRow * kNumTags);
  std::copy(first_pass.end.begin(), first_pass.end.end(),
            trans_.begin() + kEndRow * kNumTags);
}

void SecondPassTrainer::AddExample(const Featurizer& featurizer,
                                   absl::Span<const float> first_scores,
                                   absl::Span<const Tag> first_tags,
                                   absl::Span<const Tag> gold) {
  if (row_start_.empty()) row_start_.push_back(0);
  doc_start_.push_back(static_cast<uint32_t>(gold_.size()));
  aggregator_.Prepare(featurizer, first_tags);
  uint64_t features[kMaxAggregateFeatures];
  for (size_t i = 0; i < featurizer.size(); ++i) {
    const int count = aggregator_.Extract(i, features);
    for (int f = 0; f < count; ++f) {
      auto [it, inserted] = index_.try_emplace(
          features[f], static_cast<uint32_t>(features_.size()));
      if (inserted) {
        features_.push_back(features[f]);
        weights_.resize(weights_.size() + kNumTags, 0.0f);
        totals_.resize(totals_.size() + kNumTags, 0.0);
      }
      rows_.push_back(it->second);
    }
    row_start_.push_back(rows_.size());
    gold_.push_back(gold[i]);
  }
  scores_.insert(scores_.end(), first_scores.begin(), first_scores.end());
}

size_t SecondPassTrainer::RunEpoch(std::mt19937_64* rng) {
  std::vector<uint32_t> order(doc_start_.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), *rng);
  std::vector<float> scores;
  std::vector<Tag> predicted;
  size_t errors = 0;
  auto update = [&](uint32_t token, Tag tag, float delta) {
    for (uint64_t f = row_start_[token]; f < row_start_[token + 1]; ++f) {
      const size_t index = static_cast<size_t>(rows_[f]) * kNumTags + tag;
      weights_[index] += delta;
      totals_[index] += step_ * delta;
    }
  };
  auto update_transition = [&](int prev, int next, float delta) {
    const size_t index = static_cast<size_t>(prev) * kNumTags + next;
    trans_[index] += delta;
    trans_totals_[index] += step_ * delta;
  };
  for (uint32_t d : order) {
    const uint32_t begin = doc_start_[d];
    const uint32_t end = d + 1 < doc_start_.size()
                             ? doc_start_[d + 1]
                             : static_cast<uint32_t>(gold_.size());
    const uint32_t n = end - begin;
    scores.assign(scores_.begin() + static_cast<size_t>(begin) * kNumTags,
                  scores_.begin() + static_cast<size_t>(end) * kNumTags);
    for (uint32_t i = 0; i < n; ++i) {
      float* s = &scores[static_cast<size_t>(i) * kNumTags];
      for (uint64_t f = row_start_[begin + i]; f < row_start_[begin + i + 1];
           ++f) {
        const float* row = &weights_[static_cast<size_t>(rows_[f]) * kNumTags];
        for (int t = 0; t < kNumTags; ++t) s[t] += row[t];
      }
    }
    ViterbiDecoder decoder(trans_.data(), &trans_[kStartRow * kNumTags],
                           &trans_[kEndRow * kNumTags]);
    decoder.Decode(scores.data(), n, &predicted);
    for (uint32_t i = 0; i < n; ++i) {
      const Tag gold = gold_[begin + i];
      const Tag pred = predicted[i];
      if (gold != pred) {
        ++errors;
        update(begin + i, gold, 1.0f);
        update(begin + i, pred, -1.0f);
      }
      const int gold_prev = i == 0 ? kStartRow : gold_[begin + i - 1];
      const int pred_prev = i == 0 ? kStartRow : predicted[i - 1];
      if (gold != pred || gold_prev != pred_prev) {
        update_transition(gold_prev, gold, 1.0f);
        update_transition(pred_prev, pred, -1.0f);
      }
    }
    if (n > 0 && gold_[end - 1] != predicted[n - 1]) {
      update_transition(kEndRow, gold_[end - 1], 1.0f);
      update_transition(kEndRow, predicted[n - 1], -1.0f);
    }
    step_ += 1;
  }
  return errors;
}

void SecondPassTrainer::AddTo(ModelParameters* params) const {
  params->passes.resize(2);
  TransitionScores& pass = params->passes[1];
  auto averaged = [&](size_t i) {
    return static_cast<float>(trans_[i] - trans_totals_[i] / step_);
  };
  for (int i = 0; i < kNumTags * kNumTags; ++i) pass.transitions[i] = averaged(i);
  for (int t = 0; t < kNumTags; ++t) {
    pass.start[t] = averaged(kStartRow * kNumTags + t);
    pass.end[t] = averaged(kEndRow * kNumTags + t);
  }
  params->second_pass.clear();
  for (size_t r = 0; r < features_.size(); ++r) {
    ModelParameters::HashedRow row;
    row.feature = features_[r];
    bool any = false;
    for (int t = 0; t < kNumTags; ++t) {
      const size_t i = r * kNumTags + t;
      row.weights[t] = static_cast<float>(weights_[i] - totals_[i] / step_);
      any |= row.weights[t] != 0;
    }
    if (any) params->second_pass.push_back(row);
  }
  std::sort(params->second_pass.begin(), params->second_pass.end(),
            [](const ModelParameters::HashedRow& a,
               const ModelParameters::HashedRow& b) {
              return a.feature < b.feature;
            });
}

}  // namespace byline::ner

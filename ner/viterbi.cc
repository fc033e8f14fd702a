// Viterbi decoding (see viterbi.h).
#include "ner/viterbi.h"

#include <cstdint>
#include <vector>

#include "ner/bilou.h"

namespace byline::ner {
namespace {
// Score of a forbidden move: low enough never to win, finite so that sums
// stay well defined.
constexpr float kForbidden = -1e30f;
}  // namespace

ViterbiDecoder::ViterbiDecoder(const float* transitions, const float* start,
                               const float* end) {
  for (int p = 0; p < kNumTags; ++p) {
    for (int n = 0; n < kNumTags; ++n) {
      transitions_[p * kNumTags + n] =
          TransitionAllowed(p, n) ? transitions[p * kNumTags + n] : kForbidden;
    }
    start_[p] = StartAllowed(p) ? start[p] : kForbidden;
    end_[p] = EndAllowed(p) ? end[p] : kForbidden;
  }
  for (int n = 0; n < kNumTags; ++n) {
    num_prev_[n] = 0;
    for (int p = 0; p < kNumTags; ++p) {
      if (TransitionAllowed(p, n)) prev_[n][num_prev_[n]++] = static_cast<uint8_t>(p);
    }
  }
}

void ViterbiDecoder::Decode(const float* scores, size_t n,
                            std::vector<Tag>* tags) {
  tags->resize(n);
  if (n == 0) return;
  back_.resize(n * kNumTags);
  float delta[kNumTags];
  float next[kNumTags];
  for (int t = 0; t < kNumTags; ++t) delta[t] = start_[t] + scores[t];
  for (size_t i = 1; i < n; ++i) {
    const float* s = scores + i * kNumTags;
    uint8_t* back = &back_[i * kNumTags];
    for (int cur = 0; cur < kNumTags; ++cur) {
      // Every tag has at least one allowed predecessor.
      int arg = prev_[cur][0];
      float best = delta[arg] + transitions_[arg * kNumTags + cur];
      for (int k = 1; k < num_prev_[cur]; ++k) {
        const int prev = prev_[cur][k];
        const float v = delta[prev] + transitions_[prev * kNumTags + cur];
        if (v > best) {
          best = v;
          arg = prev;
        }
      }
      next[cur] = best + s[cur];
      back[cur] = static_cast<uint8_t>(arg);
    }
    for (int t = 0; t < kNumTags; ++t) delta[t] = next[t];
  }
  int best_tag = 0;
  float best = delta[0] + end_[0];
  for (int t = 1; t < kNumTags; ++t) {
    const float v = delta[t] + end_[t];
    if (v > best) {
      best = v;
      best_tag = t;
    }
  }
  for (size_t i = n; i-- > 0;) {
    (*tags)[i] = static_cast<Tag>(best_tag);
    if (i > 0) best_tag = back_[i * kNumTags + best_tag];
  }
}

}  // namespace byline::ner

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
    for (int n = 0; n < kPadded; ++n) {
      transitions_[p * kPadded + n] = n < kNumTags && TransitionAllowed(p, n)
                                          ? transitions[p * kNumTags + n]
                                          : kForbidden;
    }
    start_[p] = StartAllowed(p) ? start[p] : kForbidden;
    end_[p] = EndAllowed(p) ? end[p] : kForbidden;
  }
}

namespace {
// GCC/Clang vector types: SSE on x86-64, NEON on Arm.
typedef float Float4 __attribute__((vector_size(16)));
typedef int32_t Int4 __attribute__((vector_size(16)));
}  // namespace

void ViterbiDecoder::Decode(const float* scores, size_t n,
                            std::vector<Tag>* tags) {
  tags->resize(n);
  if (n == 0) return;
  back_.resize(n * kNumTags);
  constexpr int kVectors = kPadded / 4;
  float delta[kNumTags];
  for (int t = 0; t < kNumTags; ++t) delta[t] = start_[t] + scores[t];
  const Float4* rows = reinterpret_cast<const Float4*>(transitions_);
  for (size_t i = 1; i < n; ++i) {
    // best[cur] = max over prev of delta[prev] + transition(prev, cur),
    // for all cur at once, four at a time.
    Float4 best[kVectors];
    Int4 arg[kVectors];
    for (int v = 0; v < kVectors; ++v) {
      best[v] = delta[0] + rows[v];
      arg[v] = Int4{} + 0;
    }
    for (int prev = 1; prev < kNumTags; ++prev) {
      const Float4* row = rows + prev * kVectors;
      for (int v = 0; v < kVectors; ++v) {
        const Float4 candidate = delta[prev] + row[v];
        const Int4 better = candidate > best[v];
        best[v] = better ? candidate : best[v];
        arg[v] = better ? Int4{} + prev : arg[v];
      }
    }
    const float* s = scores + i * kNumTags;
    uint8_t* back = &back_[i * kNumTags];
    for (int cur = 0; cur < kNumTags; ++cur) {
      delta[cur] = best[cur / 4][cur % 4] + s[cur];
      back[cur] = static_cast<uint8_t>(arg[cur / 4][cur % 4]);
    }
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

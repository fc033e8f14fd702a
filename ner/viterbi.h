// Viterbi decoding of BILOU tag sequences: finds the highest-scoring tag
// sequence given per-token tag scores and tag-transition scores, allowing
// only well-formed BILOU sequences (see bilou.h).
#ifndef BYLINE_NER_VITERBI_H_
#define BYLINE_NER_VITERBI_H_

#include <cstdint>
#include <vector>

#include "ner/bilou.h"
#include "ner/model.h"

namespace byline::ner {

class ViterbiDecoder {
 public:
  // `transitions` (kNumTags x kNumTags, [prev][next]), `start` and `end`
  // (kNumTags each) are copied; forbidden BILOU moves are masked out.
  ViterbiDecoder(const float* transitions, const float* start,
                 const float* end);
  explicit ViterbiDecoder(const TransitionScores& scores)
      : ViterbiDecoder(scores.transitions.data(), scores.start.data(),
                       scores.end.data()) {}

  // Decodes n tokens with scores[i * kNumTags + tag] into tags (resized to
  // n). Reuses internal buffers: no allocation once they have grown.
  void Decode(const float* scores, size_t n, std::vector<Tag>* tags);

 private:
  float transitions_[kNumTags * kNumTags];
  // For each tag, the tags that may precede it (BILOU allows 9 before O, B
  // and U, and 2 before I and L), so decoding skips forbidden moves.
  uint8_t num_prev_[kNumTags];
  uint8_t prev_[kNumTags][kNumTags];
  float start_[kNumTags];
  float end_[kNumTags];
  std::vector<uint8_t> back_;  // n * kNumTags back pointers.
};

}  // namespace byline::ner

#endif  // BYLINE_NER_VITERBI_H_

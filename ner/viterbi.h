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
  // Rows padded to kPadded tags for 4-wide vector arithmetic: row p holds
  // the scores of moving from p to each tag (forbidden moves very low).
  static constexpr int kPadded = (kNumTags + 3) / 4 * 4;
  alignas(16) float transitions_[kNumTags * kPadded];
  float start_[kNumTags];
  float end_[kNumTags];
  std::vector<uint8_t> back_;  // n * kNumTags back pointers.
};

}  // namespace byline::ner

#endif  // BYLINE_NER_VITERBI_H_

// Second-pass features from first-pass predictions ("prediction
// aggregation", Ratinov & Roth 2009): for each token, which entity types the
// first pass gave to the other occurrences of the same word in the document.
// A name that is clearly a person in "Mr Hollis said" then helps tag a bare
// "Hollis" in a headline. The second pass adds these few features to the
// first pass's scores and decodes again.
#ifndef BYLINE_NER_AGGREGATION_H_
#define BYLINE_NER_AGGREGATION_H_

#include <array>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"

namespace byline::ner {

// Upper bound on the features of one token.
inline constexpr int kMaxAggregateFeatures = 8;

// Not thread-safe (scratch space); reused across documents.
class PredictionAggregator {
 public:
  // Counts the first-pass tags per word of the document that `featurizer`
  // was prepared for; tags[i] is token i's first-pass tag.
  void Prepare(const Featurizer& featurizer, absl::Span<const Tag> tags);

  // Writes token i's features (hashes) to out and returns their number.
  int Extract(size_t i, uint64_t* out) const;

 private:
  // Per word: tokens tagged with each type, and tokens left untagged while
  // capitalised mid-sentence.
  struct Counts {
    std::array<uint16_t, kNumEntityTypes> type = {};
    uint16_t capitalised_outside = 0;
    uint16_t total = 0;
  };
  const Featurizer* featurizer_ = nullptr;
  std::vector<Tag> tags_;
  std::vector<uint64_t> keys_;
  std::vector<Counts> counts_;
  std::vector<uint32_t> slot_of_token_;
};

}  // namespace byline::ner

#endif  // BYLINE_NER_AGGREGATION_H_

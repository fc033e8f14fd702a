// Document-level consistency: a name keeps one type throughout an article.
// After the tagger has decoded a document, (1) every mention of the same
// word sequence takes the type most often given to it (ties: the first
// mention's type), and (2) later or earlier capitalised occurrences of a
// tagged name that the tagger left untagged are tagged with that type.
#ifndef BYLINE_NER_DOC_CONSISTENCY_H_
#define BYLINE_NER_DOC_CONSISTENCY_H_

#include <vector>

#include "absl/types/span.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"

namespace byline::ner {

struct ConsistencyOptions {
  bool unify_types = true;     // Rule (1).
  // Rule (1) leaves a mention alone if the tagger gives its type at least
  // this probability (softmax over the types' scores).
  double keep_confidence = 0.9;
  bool propagate = true;       // Rule (2).
  // Rule (2) only propagates names whose mentions the tagger gave their type
  // with at least this probability on average.
  double propagate_confidence = 0.9;
};

// `spans`: sorted, non-overlapping token spans over the tokens of
// `featurizer` (prepared for the same document). Keeps them sorted and
// non-overlapping.
void ApplyDocumentConsistency(const Featurizer& featurizer,
                              absl::Span<const float> scores,
                              const ConsistencyOptions& options,
                              std::vector<TokenSpan>* spans);

}  // namespace byline::ner

#endif  // BYLINE_NER_DOC_CONSISTENCY_H_

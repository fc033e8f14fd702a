// Document-level consistency: a name keeps one type throughout an article.
// After the tagger has decoded a document, every mention votes for the types
// of its name with the tagger's confidence (a softmax over the summed scores
// of its tags for each type). Then
//  (1) a mention the tagger is unsure about takes its name's winning type;
//  (2) capitalised occurrences of a confidently tagged name that the tagger
//      left untagged are tagged with that type.
// A multi-word mention also votes, more weakly, for a short form of itself
// as the article would use it later: its last word for a person ("Antony
// Blinken" -> "Blinken"), its first word otherwise ("Halvorsen Maritime" ->
// "Halvorsen"), unless that word is a cue word such as "Bank" or "Mr".
#ifndef BYLINE_NER_DOC_CONSISTENCY_H_
#define BYLINE_NER_DOC_CONSISTENCY_H_

#include <vector>

#include "absl/types/span.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"

namespace byline::ner {

struct ConsistencyOptions {
  bool unify_types = true;  // Rule (1).
  bool propagate = true;    // Rule (2).
  // Scores are divided by this before the softmax (perceptron scores are
  // not probabilities; this makes them behave roughly like ones).
  double temperature = 20;
  // Rule (1) leaves a mention alone if its own type has at least this
  // probability.
  double keep_confidence = 0.9;
  // Rule (2) only propagates names whose winning type has at least this
  // share of their votes.
  double propagate_confidence = 0.9;
  // Weight of a short form's vote relative to a full mention's.
  double short_form_weight = 1.0;
};

// `scores`: the tagger's scores, kNumTags per token. `spans`: sorted,
// non-overlapping token spans over the tokens of `featurizer` (prepared for
// the same document); they stay sorted and non-overlapping.
void ApplyDocumentConsistency(const Featurizer& featurizer,
                              absl::Span<const float> scores,
                              const ConsistencyOptions& options,
                              std::vector<TokenSpan>* spans);

}  // namespace byline::ner

#endif  // BYLINE_NER_DOC_CONSISTENCY_H_

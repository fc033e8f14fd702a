// Splits a mention that joins two organisation names with "and": "Nordvik
// Bank and Sundström Sparbank" is two organisations, not one. A tagger
// trained on CoNLL-2003 merges such pairs when both names are new to it.
// In eng.train's gold, "NAME and NAME" after any organisation word
// (hand_lists.h, OrganisationWords) is two mentions 23 times and one 12
// times, so the split uses a narrower list of its own (IsClosingDesignator:
// 21 against 2; see ner/README.md).
#ifndef BYLINE_NER_COORDINATION_SPLIT_H_
#define BYLINE_NER_COORDINATION_SPLIT_H_

#include <vector>

#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"

namespace byline::ner {

// Whether `term` (a normalised, lower-case token) ends organisation names
// so surely that a capitalised name after it and "and" starts another
// name: legal forms ("inc", "ltd", "gmbh"), "bank", "group", "university",
// "ministry"... Words that also begin or continue names ("securities" in
// "Securities and Exchange Commission", "post" in "Post and Telecom") are
// not designators.
bool IsClosingDesignator(absl::string_view term);

// Splits every span of `spans` (sorted, non-overlapping; over `tokens`, for
// which `featurizer` is prepared) at an inner "and" whose previous token is
// a capitalised closing designator and whose next token is capitalised:
// both halves keep the span's type. Spans stay sorted and non-overlapping.
void SplitCoordinatedNames(absl::Span<const Token> tokens,
                           const Featurizer& featurizer,
                           std::vector<TokenSpan>* spans);

}  // namespace byline::ner

#endif  // BYLINE_NER_COORDINATION_SPLIT_H_

// Evaluation and training data through the real pipeline: CoNLL documents are
// rendered as running text, tokenised by Byline's TextAnalyzer, tagged by an
// EntityRecognizer, and its byte-offset mentions are mapped back onto the
// CoNLL words to be scored like conlleval does. Also reads hand-annotated
// mentions of articles (a TSV of id, start, end, type, surface).
#ifndef BYLINE_NER_EVALUATION_H_
#define BYLINE_NER_EVALUATION_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/conll.h"
#include "ner/entity.h"
#include "ner/recognizer.h"
#include "ner/scoring.h"
#include "ner/trainer.h"

namespace byline::ner {

// Scores `recognizer` on `docs` (gold: their tags).
EntityScores EvaluateConll(absl::Span<const ConllDocument> docs,
                           TextAnalyzer* analyzer,
                           EntityRecognizer* recognizer);

// The training example of a CoNLL document: rendered text, ICU tokens and
// the gold chunks projected onto them as BILOU tags.
TrainingExample MakeTrainingExample(const ConllDocument& doc,
                                    TextAnalyzer* analyzer);

// One hand-annotated mention.
struct AnnotatedMention {
  std::string id;  // Article id.
  EntityMention mention;
  std::string surface;  // text[start, end), to check the offsets.
};

// Reads a TSV file of "id<TAB>start<TAB>end<TAB>type<TAB>surface" lines
// (a first line starting with "id" is a header; lines starting with '#' are
// comments).
absl::StatusOr<std::vector<AnnotatedMention>> ReadMentionTsv(
    const std::string& path);

// Scores mentions of one text against gold mentions (exact byte offsets and
// type).
void ScoreMentions(absl::Span<const EntityMention> gold,
                   absl::Span<const EntityMention> predicted,
                   EntityScores* scores);

}  // namespace byline::ner

#endif  // BYLINE_NER_EVALUATION_H_

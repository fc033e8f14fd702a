// Entity scoring as in the CoNLL shared tasks' conlleval script: a
// predicted entity is correct only if its start, end and type all equal a
// gold entity's. Precision = correct / predicted, recall = correct / gold,
// F1 their harmonic mean, per type and over all types. Spans may be over
// word indices (CoNLL files) or byte offsets (mentions in a text).
#ifndef BYLINE_NER_SCORING_H_
#define BYLINE_NER_SCORING_H_

#include <array>
#include <string>

#include "absl/types/span.h"
#include "ner/bilou.h"
#include "ner/entity.h"

namespace byline::ner {

struct EntityCounts {
  int gold = 0;
  int predicted = 0;
  int correct = 0;
  double precision() const {
    return predicted == 0 ? 0.0 : static_cast<double>(correct) / predicted;
  }
  double recall() const {
    return gold == 0 ? 0.0 : static_cast<double>(correct) / gold;
  }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

struct EntityScores {
  std::array<EntityCounts, kNumEntityTypes> by_type;
  EntityCounts overall;
  const EntityCounts& of(EntityType type) const {
    return by_type[static_cast<int>(type)];
  }
};

// Adds one document's (or sentence's) entities to `scores`. Duplicates in
// `predicted` count once as predicted each, but a gold entity is matched at
// most once.
void ScoreEntities(absl::Span<const TokenSpan> gold,
                   absl::Span<const TokenSpan> predicted, EntityScores* scores);

// A conlleval-like table: one line per type and an overall line, with
// precision, recall and F1 in percent.
std::string FormatScores(const EntityScores& scores);

}  // namespace byline::ner

#endif  // BYLINE_NER_SCORING_H_

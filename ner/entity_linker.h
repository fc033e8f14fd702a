// Canonical entities of one article: groups the recogniser's mentions into
// entities ("Marieke van Dalen" ... "Ms. van Dalen's" ... "van Dalen" are one
// person; "MU" after "Maritime Union" is that union), and gives each entity a
// stable id, a key shared across articles (entity_key.h), a display name and
// a type. The rules are in ner/README.md ("Canonical entities").
//
//   ASSIGN_OR_RETURN(LinkedEntities linked,
//                    LinkEntities(*keyer, body, recognizer->Recognize(...)));
//   for (const CanonicalEntity& e : linked.entities) { e.id, e.display_name }
//   linked.mention_entity[i]  // entity of mention i, or kNoEntity
#ifndef BYLINE_NER_ENTITY_LINKER_H_
#define BYLINE_NER_ENTITY_LINKER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ner/entity.h"
#include "ner/entity_key.h"

namespace byline::ner {

// One entity of an article.
struct CanonicalEntity {
  EntityType type = EntityType::kPerson;
  // The cross-article key (EntityKeyer::Key of the entity's full form).
  std::string key;
  // EntityId(type, key): 16 lowercase hex digits, stable everywhere.
  std::string id;
  // The entity's most frequent full form as written in the article (titles
  // and possessive left out, runs of spaces and line breaks as one space).
  std::string display_name;
  // Number of mentions of the entity in the article.
  int mention_count = 0;
  bool operator==(const CanonicalEntity&) const = default;
};

// mention_entity value of a mention that has no word (e.g. only
// punctuation) and so belongs to no entity.
inline constexpr int kNoEntity = -1;

struct LinkedEntities {
  // In order of first mention.
  std::vector<CanonicalEntity> entities;
  // One per input mention: index into `entities`, or kNoEntity.
  std::vector<int> mention_entity;
};

// Groups `mentions` (byte ranges of `text`, in text order as the recogniser
// returns them) into canonical entities. Errors: InvalidArgument if a
// mention's range is not within `text` or ends before it starts.
//
// Thread safety: a pure function of its arguments; `keyer` is immutable, so
// any number of threads may call this at once with the same keyer. Cost:
// linear in the mention bytes plus (mentions x entities) word comparisons;
// no ICU object is created.
absl::StatusOr<LinkedEntities> LinkEntities(
    const EntityKeyer& keyer, absl::string_view text,
    absl::Span<const EntityMention> mentions);

}  // namespace byline::ner

#endif  // BYLINE_NER_ENTITY_LINKER_H_

// Named-entity types and mentions: what the recogniser returns. A mention is
// a byte range of the analysed text plus its type; text[start, end) is the
// name exactly as written (without a trailing possessive "'s").
#ifndef BYLINE_NER_ENTITY_H_
#define BYLINE_NER_ENTITY_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace byline::ner {

// The four CoNLL-2003 entity types.
enum class EntityType : uint8_t {
  kPerson = 0,
  kOrganization = 1,
  kLocation = 2,  // Countries, cities, regions, rivers, ...
  kMisc = 3,      // Nationalities, events, products, works, ...
};
inline constexpr int kNumEntityTypes = 4;

// "PER", "ORG", "LOC", "MISC" (the CoNLL names).
absl::string_view EntityTypeName(EntityType type);

// Parses "PER"/"PERSON", "ORG"/"ORGANIZATION", "LOC"/"LOCATION", "MISC"
// (any case). Returns nullopt for anything else.
std::optional<EntityType> ParseEntityType(absl::string_view name);

// One entity mention found in a text.
struct EntityMention {
  uint32_t start = 0;  // Byte offset of the first byte.
  uint32_t end = 0;    // Byte offset after the last byte.
  EntityType type = EntityType::kPerson;
  bool operator==(const EntityMention&) const = default;
};

}  // namespace byline::ner

#endif  // BYLINE_NER_ENTITY_H_

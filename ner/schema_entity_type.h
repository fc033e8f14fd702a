// The one mapping between the recogniser's entity types (ner::EntityType)
// and the index schema's (schema::EntityType), for the indexer, which
// writes entities, and the searcher, which looks them up. The two enums
// agree value for value; the static_asserts keep them so.
#ifndef BYLINE_NER_SCHEMA_ENTITY_TYPE_H_
#define BYLINE_NER_SCHEMA_ENTITY_TYPE_H_

#include "ner/entity.h"
#include "schema/schema.h"

namespace byline::ner {

static_assert(static_cast<int>(schema::EntityType::kPerson) ==
              static_cast<int>(EntityType::kPerson));
static_assert(static_cast<int>(schema::EntityType::kOrganization) ==
              static_cast<int>(EntityType::kOrganization));
static_assert(static_cast<int>(schema::EntityType::kPlace) ==
              static_cast<int>(EntityType::kLocation));
static_assert(static_cast<int>(schema::EntityType::kMisc) ==
              static_cast<int>(EntityType::kMisc));
static_assert(schema::kEntityTypeCount == kNumEntityTypes);

inline schema::EntityType ToSchemaType(EntityType type) {
  return static_cast<schema::EntityType>(static_cast<int>(type));
}

inline EntityType FromSchemaType(schema::EntityType type) {
  return static_cast<EntityType>(static_cast<int>(type));
}

}  // namespace byline::ner

#endif  // BYLINE_NER_SCHEMA_ENTITY_TYPE_H_

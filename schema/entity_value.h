// The entity value of an article (schema 4): every canonical entity the
// article names, of all four types, packed into one value slot
// (kSlotEntities), so that one Xapian ValueCountMatchSpy counts all entity
// facets of a search.
//
// Why one packed value: a ValueCountMatchSpy counts one value per slot per
// document, and Xapian runs one spy call per slot per matching document. A
// slot per entity (schema 3: 32 slots per type) made exact facets cost 128
// spies per match. With one value per article the spy counts each distinct
// entity set; the facet counter then unpacks each distinct set once and
// adds its article count to every entity in it. That is still exact: an
// article has one value, so it counts once per entity it names.
//
// Layout, for each type in EntityType order: a varint count, then that many
// entries of [8 raw bytes of the entity id][varint byte length][display
// name]. Entries of a type are most mentioned first. An article without
// entities has an empty value (spies skip it).
#ifndef BYLINE_SCHEMA_ENTITY_VALUE_H_
#define BYLINE_SCHEMA_ENTITY_VALUE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "schema/schema.h"

namespace byline::schema {

// At most this many entities of one type go into an article's value (all
// of them stay boolean terms for filters); longer display names are cut at
// a UTF-8 boundary to kMaxEntityTermNameBytes.
inline constexpr size_t kMaxPackedEntitiesPerType = 250;

// Bytes of an entity id inside the value (the 16 hex digits of ner's ids).
inline constexpr size_t kEntityIdRawBytes = 8;

struct EntityValueEntry {
  EntityType type = EntityType::kPerson;
  std::string id;  // 16 lowercase hex digits (ner::EntityId)
  std::string display_name;
};

// Packs `entries` (in any type order; within a type, the order kept is
// theirs) into the value for kSlotEntities. Entries whose id is not 16 hex
// digits are left out. "" when nothing is left.
std::string PackEntityValue(const std::vector<EntityValueEntry>& entries);

// One entity of a packed value, as views into the value.
struct PackedEntity {
  EntityType type = EntityType::kPerson;
  absl::string_view raw_id;  // kEntityIdRawBytes bytes
  absl::string_view display_name;
};

// Appends to `out` the entities of `value` whose type bit is set in
// `type_mask` (bit t = EntityType t; kAllEntityTypes for all). Returns false
// on a malformed value (`out` may then hold some of its entities).
inline constexpr uint32_t kAllEntityTypes = (1u << kEntityTypeCount) - 1;
inline constexpr uint32_t EntityTypeBit(EntityType type) {
  return 1u << static_cast<unsigned>(type);
}
bool UnpackEntityValue(absl::string_view value, uint32_t type_mask,
                       std::vector<PackedEntity>* out);

// The 16 lowercase hex digits of a raw id (PackedEntity::raw_id).
std::string EntityIdHex(absl::string_view raw_id);

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_ENTITY_VALUE_H_

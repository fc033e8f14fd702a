// The entity value of an article (schema 4): the ids of every canonical
// entity the article names, of all four types, packed into one value slot
// (kSlotEntities), so that one match spy counts all entity facets of a
// search. Since schema 5 it is the last part of the article's facet value
// (PackFacetValue below), after its day and source.
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
// entity ids of 8 raw bytes each, most mentioned first. No display names:
// counting is then one hash update per id, and the few names a search
// shows come from the entity name terms (schema.h, EntityNameTerm). An
// article without entities has an empty value (spies skip it).
#ifndef BYLINE_SCHEMA_ENTITY_VALUE_H_
#define BYLINE_SCHEMA_ENTITY_VALUE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "schema/schema.h"
#include "schema/varint.h"

namespace byline::schema {

// At most this many entities of one type go into an article's value (all
// of them stay boolean terms for filters).
inline constexpr size_t kMaxPackedEntitiesPerType = 250;

// Bytes of an entity id inside the value (the 16 hex digits of ner's ids).
inline constexpr size_t kEntityIdRawBytes = 8;

struct EntityValueEntry {
  EntityType type = EntityType::kPerson;
  std::string id;  // 16 lowercase hex digits (ner::EntityId)
};

// Packs `entries` (in any type order; within a type, the order kept is
// theirs) into the value for kSlotEntities. Entries whose id is not 16 hex
// digits are left out. "" when nothing is left.
std::string PackEntityValue(const std::vector<EntityValueEntry>& entries);

// One entity of a packed value.
struct PackedEntity {
  EntityType type = EntityType::kPerson;
  // The id's 8 raw bytes as a number, big-endian (so that numeric order is
  // the order of the hex ids): EntityIdHex turns it back into the id.
  uint64_t id = 0;
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

// Calls `visit(type, id)` for each entity of `value` whose type bit is set
// in `type_mask`, in value order, without building a vector (the facet
// counter's inner loop). Returns false on a malformed value (after visiting
// the entities read before the fault).
template <typename Visit>
bool ForEachPackedEntity(absl::string_view value, uint32_t type_mask,
                         Visit&& visit);

// The 16 lowercase hex digits of PackedEntity::id.
std::string EntityIdHex(uint64_t id);

// The facet value of an article (schema 5), in kSlotEntities: all a local
// facet count reads of a matching article, in one value read (three
// separate slots cost ~1.7x the time per article at 100k). Layout: a varint
// length and the day ("YYYYMMDD", as in kSlotPublishedDay, or ""), a
// varint length and the source slug (as in kSlotSource, or ""), then the
// packed entities (PackEntityValue, possibly ""). The day and source slots
// stay, for Xapian's ValueCountMatchSpy over remote shards, sorting and
// date ranges. Over remote shards the facet counter counts this value with
// a ValueCountMatchSpy too: its distinct values are then distinct
// (day, source, entity set) triples, unpacked once each, still exact.
// "" when all three parts are empty (no value is stored).
std::string PackFacetValue(absl::string_view day, absl::string_view source,
                           absl::string_view entities);

struct FacetValueParts {
  absl::string_view day;
  absl::string_view source;
  absl::string_view entities;  // for ForEachPackedEntity
};

// Splits a facet value into its parts (views into `value`). "" splits into
// three empty parts. Returns false for a malformed value.
inline bool SplitFacetValue(absl::string_view value, FacetValueParts* parts) {
  *parts = {};
  if (value.empty()) return true;
  uint64_t length = 0;
  if (!GetVarint(&value, &length) || length > value.size()) return false;
  parts->day = value.substr(0, length);
  value.remove_prefix(length);
  if (!GetVarint(&value, &length) || length > value.size()) return false;
  parts->source = value.substr(0, length);
  value.remove_prefix(length);
  parts->entities = value;
  return true;
}

// Implementation.

template <typename Visit>
bool ForEachPackedEntity(absl::string_view value, uint32_t type_mask,
                         Visit&& visit) {
  if (value.empty()) return true;
  for (int t = 0; t < kEntityTypeCount; ++t) {
    uint64_t count = 0;
    if (!GetVarint(&value, &count) ||
        count > value.size() / kEntityIdRawBytes) {
      return false;
    }
    if ((type_mask & (1u << t)) != 0) {
      const auto* p = reinterpret_cast<const unsigned char*>(value.data());
      for (uint64_t i = 0; i < count; ++i, p += kEntityIdRawBytes) {
        uint64_t id = 0;
        for (size_t b = 0; b < kEntityIdRawBytes; ++b) id = id << 8 | p[b];
        visit(static_cast<EntityType>(t), id);
      }
    }
    value.remove_prefix(count * kEntityIdRawBytes);
  }
  return value.empty();
}

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_ENTITY_VALUE_H_

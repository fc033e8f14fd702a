// Entity look-up for search boxes and entity pages: the most-named entities
// of the whole index, and completion of a typed prefix ("mari" -> Marieke
// van Dalen, Maritime Union), each entity with its id, type, display name
// and exact article count.
//
// Both read only the entity name and completion terms of the schema
// (schema.h: "XEN", "XEC") through Database::allterms_begin: no document is
// read and nothing walks the articles. A term's frequency is the number of
// articles naming the entity in one display form; Xapian merges the term
// lists of a stub's shards and sums their frequencies, and stock
// xapian-tcpsrv streams a shard's list in one call, so results over local,
// remote and compacted shards are the same. A listing scans the name terms
// of the types asked for; a completion scans the completion terms under
// the normalised prefix (one scan per distinct normalisation, usually one).
// The entities of the articles matching a query come from facets instead
// (Searcher::ListEntities).
#ifndef BYLINE_SEARCHER_ENTITY_LOOKUP_H_
#define BYLINE_SEARCHER_ENTITY_LOOKUP_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ner/entity_key.h"
#include "schema/schema.h"
#include "searcher/facet_counter.h"

namespace byline {

// Most entities one listing returns.
inline constexpr uint32_t kMaxEntityListLimit = 100;
// Longest prefix accepted, in bytes (longer text is a query, not a prefix).
inline constexpr size_t kMaxEntityPrefixBytes = 200;

struct EntityListRequest {
  // Text typed so far, in any case and Unicode form ("mari", "MARÉ",
  // "van d", "Dr. Mar"): entities one of whose key's words starts it (see
  // EntityLookup). "" lists the most-named entities.
  std::string prefix;
  // Entity types wanted; empty means all four.
  std::vector<schema::EntityType> types;
  uint32_t limit = 10;  // 1 to kMaxEntityListLimit
  // When not empty (Byline's query language), only the entities of the
  // articles matching it, counted over those articles by facets; with a
  // prefix, among the kMaxFacetValues most-named of each type there.
  std::string query;
};

struct EntityEntry {
  std::string id;  // 16 hex digits (filter with it: SearchRequest)
  schema::EntityType type = schema::EntityType::kPerson;
  // The form most of its articles use (ties: the alphabetically first).
  std::string display_name;
  uint64_t articles = 0;  // articles naming it (of the query's, with one)
  bool operator==(const EntityEntry&) const = default;
};

struct EntityList {
  // Most articles first; ties by display name, then type, then id.
  std::vector<EntityEntry> entities;
  // Entities that matched before the cut to the limit.
  uint64_t matched = 0;
  // Database::allterms_begin scans made (each one streamed call per remote
  // shard); with a query, 0 (the search's matches do the work).
  uint32_t term_scans = 0;
};

// Checks a request: limit 1 to kMaxEntityListLimit, prefix at most
// kMaxEntityPrefixBytes of valid UTF-8, known types each at most once.
// InvalidArgument naming the field.
absl::Status ValidateEntityListRequest(const EntityListRequest& request);

// "person", "org", "place", "misc" (the names of FacetFieldName), and
// back; ParseEntityType also takes ParseFacetField's other names.
absl::string_view EntityTypeLabel(schema::EntityType type);
std::optional<schema::EntityType> ParseEntityType(absl::string_view name);

// Thread safety: immutable; const methods may be called concurrently, each
// with its own Xapian::Database (Xapian handles are not thread-safe).
class EntityLookup {
 public:
  // `keyer` normalises typed prefixes as the indexer normalised keys (the
  // same ner::EntityKeyer); not owned, must outlive the lookup. May be null
  // when no request has a prefix (then a prefix is FailedPrecondition).
  explicit EntityLookup(const ner::EntityKeyer* keyer) : keyer_(keyer) {}

  // The whole index's entities (request.query must be empty): the most
  // named without a prefix, else the completions of the prefix. A prefix
  // is normalised by EntityKeyer::NormalizedWords (case, Unicode form,
  // dots, possessives; accents are kept: "maré" is not "mare"), for
  // people also without leading titles, and for places and organisations
  // also through the keyer's aliases ("US" completes "united states").
  // A prefix with no word ("--") matches nothing. Errors: InvalidArgument
  // (ValidateEntityListRequest, or a query); Xapian errors as statuses
  // (util/xapian_status.h).
  absl::StatusOr<EntityList> List(const Xapian::Database& db,
                                  const EntityListRequest& request) const;

  // As List, but throws Xapian::Error instead of returning it: for callers
  // that retry on DatabaseModifiedError and fail over on NetworkError (the
  // Searcher's RetryOnModified).
  absl::StatusOr<EntityList> ListOrThrow(
      const Xapian::Database& db, const EntityListRequest& request) const;

  // A query's entities: the facets to request for `request` (one per type
  // asked for; the limit, or kMaxFacetValues with a prefix), then the list
  // from their results (filtered by the prefix's word starts of each
  // display name, normalised like keys).
  static std::vector<FacetRequest> FacetRequestsFor(
      const EntityListRequest& request);
  EntityList FromFacets(const std::vector<FacetResult>& facets,
                        const EntityListRequest& request) const;

 private:
  const ner::EntityKeyer* keyer_;  // not owned
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_ENTITY_LOOKUP_H_

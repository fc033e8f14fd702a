// Display names of the entities that facets show: for each entity id, the
// form most articles of the index use, read from the entity name terms
// (schema::EntityNameTerm: "XEN" + type letter + id + separator + form,
// whose term frequency is the number of articles using that form). One
// allterms scan of the entity's own prefix per name (a B-tree seek per
// local shard; one round trip per remote shard), cached: a search shows a
// few dozen names, and the same ones again and again.
#ifndef BYLINE_SEARCHER_ENTITY_NAMES_H_
#define BYLINE_SEARCHER_ENTITY_NAMES_H_

#include <xapian.h>

#include <cstddef>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "schema/schema.h"

namespace byline {

// Thread safety: not thread-safe; one per Searcher (which is one thread's).
class EntityNames {
 public:
  // At most `max_cached` names are kept; the cache starts again when full.
  explicit EntityNames(size_t max_cached = 200000) : max_cached_(max_cached) {}

  // The display name of entity `id` (16 hex digits) of `type` in `db`: its
  // form with the highest article count, ties to the bytewise first; `id`
  // itself when the index has no name term for it (an index written
  // without them). The reference is valid until the next call.
  // Throws Xapian::Error (the Searcher's retry turns it into a status).
  const std::string& DisplayName(const Xapian::Database& db,
                                 schema::EntityType type, absl::string_view id);

  // Forgets every name (e.g. after the database changed).
  void Clear() { cache_.clear(); }

 private:
  const size_t max_cached_;
  absl::flat_hash_map<std::string, std::string> cache_;  // name-term prefix
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_ENTITY_NAMES_H_

// Article-to-shard routing: a stable hash of the article id, so that a later
// update of the same id finds its shard whatever machine, build or thread
// count does it.
#ifndef BYLINE_SCHEMA_ROUTING_H_
#define BYLINE_SCHEMA_ROUTING_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace byline::schema {

// FNV-1a (64-bit) of the id's bytes. Part of the index format: never change.
inline uint64_t StableIdHash(absl::string_view id) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : id) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

// The shard (0-based) of `id` in an index of `shards` shards (>= 1).
inline uint32_t ShardForId(absl::string_view id, uint32_t shards) {
  return static_cast<uint32_t>(StableIdHash(id) % shards);
}

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_ROUTING_H_

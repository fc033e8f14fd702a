// The manifest of one index generation: what it holds, how it was built and
// where its shards are. Written once, as the last step of building a
// generation (a generation directory without a manifest is incomplete and is
// never made live); read by searchers to find and route the shards.
#ifndef BYLINE_GENERATIONS_MANIFEST_H_
#define BYLINE_GENERATIONS_MANIFEST_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace byline::generations {

// How article ids map to shards: schema::ShardForId (FNV-1a 64 of the id,
// modulo the shard count). Recorded so that a future scheme cannot be
// confused with this one.
inline constexpr absl::string_view kRoutingFnv1aModulo = "fnv1a64-mod";

struct ManifestShard {
  uint32_t number = 0;
  // A directory relative to the generation directory ("shard-000"); issue
  // 11 adds "remote HOST:PORT" locations.
  std::string location;
  uint64_t articles = 0;
  uint64_t bytes = 0;
};

struct ManifestInput {
  std::string path;
  uint64_t bytes = 0;
  uint32_t crc32 = 0;  // zlib CRC-32 of the file's bytes as read
  uint64_t records = 0;
};

struct Manifest {
  int format = 1;
  std::string name;            // "gen-000004"
  uint64_t number = 0;         // 4
  std::string parent;          // the generation it was made from, or ""
  std::string job;             // "rebuild", "update", "compact", "convert"
  std::string schema_version;  // schema::kSchemaVersion when built
  absl::Time created = absl::UnixEpoch();
  std::string routing{kRoutingFnv1aModulo};
  std::vector<ManifestShard> shards;  // in shard-number order
  // Analysis and passage settings the articles were indexed with.
  std::vector<std::pair<std::string, std::string>> analyzer;
  std::vector<ManifestInput> inputs;  // of this job (not of the parent)
  uint64_t articles = 0;   // documents in all shards
  uint64_t upserted = 0;   // by this job: articles added or replaced
  uint64_t deleted = 0;    // by this job: tombstones that removed an article
  uint64_t rejected = 0;   // by this job: records refused
};

// JSON, one object; stable field names (operators and scripts read it).
std::string EncodeManifest(const Manifest& manifest);

// Errors: InvalidArgument naming `source` and the field that is missing or
// malformed.
absl::StatusOr<Manifest> DecodeManifest(absl::string_view json,
                                        absl::string_view source);

}  // namespace byline::generations

#endif  // BYLINE_GENERATIONS_MANIFEST_H_

// The manifest of one index generation: what it holds, how it was built and
// where its shards are. Written once, as the last step of building a
// generation (a generation directory without a manifest is incomplete and is
// never made live); read by searchers to find and route the shards.
#ifndef BYLINE_GENERATIONS_MANIFEST_H_
#define BYLINE_GENERATIONS_MANIFEST_H_

#include <cstddef>
#include <cstdint>
#include <optional>
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

// Where a shard is: the `location` field of a manifest shard, one of
//
//   shard-000                          a directory relative to the
//                                      generation directory (local)
//   remote HOST:PORT[,HOST:PORT...]    served by xapian-tcpsrv; each
//                                      HOST:PORT is one replica (a server
//                                      over a copy of the shard), in the
//                                      order tried after the first pick
//
// HOST is a name or an IPv4 address, or an IPv6 address in brackets
// ("[::1]:7801"); PORT is 1 to 65535; a space may follow each comma; at
// most kMaxReplicas replicas, none repeated. Examples: "remote
// 10.0.0.5:7801", "remote 127.0.0.1:7801,127.0.0.1:7802". Manifests with
// remote shards keep format 1 (older Byline reads them and refuses the
// remote locations with Unimplemented).
inline constexpr absl::string_view kRemoteLocationPrefix = "remote ";
inline constexpr size_t kMaxReplicas = 16;

struct RemoteAddress {
  std::string host;  // without brackets
  uint16_t port = 0;
  // "HOST:PORT" ("[HOST]:PORT" for an IPv6 address), as in a location.
  std::string ToString() const;
  bool operator==(const RemoteAddress&) const = default;
};

struct ShardLocation {
  std::string local_dir;               // set for a local shard
  std::vector<RemoteAddress> replicas;  // set (non-empty) for a remote one
  bool remote() const { return !replicas.empty(); }
};

// Parses a manifest shard location (syntax above). Errors: InvalidArgument
// naming the location and what is wrong with it.
absl::StatusOr<ShardLocation> ParseShardLocation(absl::string_view location);

// "remote HOST:PORT,HOST:PORT" for `replicas` (at least one).
std::string RemoteLocation(const std::vector<RemoteAddress>& replicas);

// Xapian's remote timeouts (Xapian::Remote::open), in milliseconds: to
// connect, and for each operation, the server's greeting included (Xapian
// 1.4 reads it under the operation timeout; a stopped server's kernel still
// completes the TCP connect, so a hung host costs an operation timeout,
// not a connect timeout). A server that does not answer within them fails
// the call with a network error, so no call over a remote shard waits
// unbounded. 0 (which Xapian reads as "wait forever") is refused in
// manifests. `byline serve` caps both by its request budget
// (SearcherOptions::remote_call_budget_ms).
struct RemoteTimeouts {
  uint32_t connect_ms = 2000;
  uint32_t operation_ms = 10000;
};

struct ManifestShard {
  uint32_t number = 0;
  // A ShardLocation (syntax above): "shard-000" or "remote HOST:PORT,...".
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
  // Optional (written only when set; RemoteTimeouts' defaults otherwise):
  // "remote_connect_timeout_ms" and "remote_timeout_ms", for the remote
  // shards. 1 to 3600000 each.
  std::optional<uint32_t> remote_connect_timeout_ms;
  std::optional<uint32_t> remote_timeout_ms;

  // The timeouts for this generation's remote shards.
  RemoteTimeouts remote_timeouts() const;
};

// JSON, one object; stable field names (operators and scripts read it).
std::string EncodeManifest(const Manifest& manifest);

// Errors: InvalidArgument naming `source` and the field that is missing or
// malformed (a shard location must parse with ParseShardLocation).
absl::StatusOr<Manifest> DecodeManifest(absl::string_view json,
                                        absl::string_view source);

}  // namespace byline::generations

#endif  // BYLINE_GENERATIONS_MANIFEST_H_

// The on-disk layout of a Byline index with generations:
//
//   DIR/XAPIANDB          the live pointer: a Xapian stub naming one
//                         generation ("auto gen-000004"), so that stock
//                         Xapian tools (xapian-delve DIR) open the live index
//   DIR/generation.seq    the last generation number issued (names never
//                         repeat, even after removals and rollbacks)
//   DIR/JOB.lock          held (flock) by the one job running on the index
//   DIR/gen-000004/       one complete generation:
//       MANIFEST.json     written last; its absence marks an unfinished build
//       XAPIANDB          a stub listing the shards (written from the manifest)
//       shard-000/ ...    one Xapian database per shard
//
// A generation may instead list remote shards ("remote HOST:PORT,..." in
// its manifest, see manifest.h): it then holds only MANIFEST.json and a
// stub naming each shard's first replica, and searchers open the shards
// over Xapian's remote protocol (stock xapian-tcpsrv on the shard hosts).
//
// The pointer is switched atomically (temp file, fsync, rename, fsync of the
// directory). Shard routing always comes from the manifest, never from the
// order of lines in a stub. Indexes made before generations (a stub listing
// shard-NNN directories, or a plain Xapian database) are still opened as
// before; jobs convert them.
#ifndef BYLINE_GENERATIONS_INDEX_DIRECTORY_H_
#define BYLINE_GENERATIONS_INDEX_DIRECTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "generations/manifest.h"

namespace byline::generations {

inline constexpr char kPointerFile[] = "XAPIANDB";
inline constexpr char kManifestFile[] = "MANIFEST.json";
inline constexpr char kSequenceFile[] = "generation.seq";
inline constexpr char kJobLockFile[] = "JOB.lock";

// "gen-000004" for 4; ParseGenerationName inverts it (nullopt otherwise).
std::string GenerationName(uint64_t number);
std::optional<uint64_t> ParseGenerationName(absl::string_view name);

enum class IndexKind {
  kGenerations,    // DIR/XAPIANDB names a generation
  kLegacyStub,     // DIR/XAPIANDB lists shard directories (before gen.)
  kPlainDatabase,  // DIR is a single Xapian database
};

// One shard of a resolved index.
struct ResolvedShard {
  uint32_t number = 0;
  std::string path;                     // absolute; "" for a remote shard
  std::vector<RemoteAddress> replicas;  // non-empty for a remote shard
  bool remote() const { return !replicas.empty(); }
};

// Whether resolving may return a generation with remote shards. Jobs and
// tools that read or copy shard files refuse them (the default); searchers
// allow them.
enum class RemoteShards { kRefuse, kAllow };

// An index resolved to the databases a reader should open.
struct ResolvedIndex {
  IndexKind kind = IndexKind::kGenerations;
  std::string dir;             // the index directory as given
  std::string generation;      // "" unless kind == kGenerations
  std::string generation_dir;  // absolute; "" unless kGenerations
  // The local shards' directories, in shard-number order: every shard
  // unless some are remote (then only the local ones; only with
  // RemoteShards::kAllow).
  std::vector<std::string> shard_paths;
  std::vector<ResolvedShard> shards;  // every shard, in shard-number order
  RemoteTimeouts remote_timeouts;     // from the manifest, or defaults
  std::optional<Manifest> manifest;   // set for kGenerations
  bool has_remote_shards() const;
};

// The live index at `dir`. Errors: NotFound when `dir` holds no index;
// FailedPrecondition for a pointer or manifest that cannot be used, and
// (with RemoteShards::kRefuse) for a generation with remote shards.
absl::StatusOr<ResolvedIndex> ResolveLive(
    const std::string& dir, RemoteShards remote = RemoteShards::kRefuse);

// Generation `name` of the index at `dir`, live or not. NotFound when it
// does not exist (any more) or is unfinished; otherwise as ResolveLive.
absl::StatusOr<ResolvedIndex> ResolveGeneration(
    const std::string& dir, absl::string_view name,
    RemoteShards remote = RemoteShards::kRefuse);

// The live generation's name ("" for an index without generations).
// NotFound when there is no index. Reads one small file.
absl::StatusOr<std::string> ReadLiveGeneration(const std::string& dir);

// A cheap fingerprint of the pointer file (inode, size, modification time):
// it changes whenever the pointer is switched. Costs one stat().
struct PointerStamp {
  uint64_t inode = 0;
  int64_t mtime_ns = 0;
  uint64_t size = 0;
  bool operator==(const PointerStamp&) const = default;
};
absl::StatusOr<PointerStamp> StatPointer(const std::string& dir);

// Makes generation `name` (which must be complete) the live one,
// atomically and durably.
absl::Status SwitchLive(const std::string& dir, absl::string_view name);

// Writes `manifest` into its generation directory (DIR/<manifest.name>),
// with the generation's shard stub, durably; the generation is then
// complete and may be made live. The stub names a remote shard by its
// first replica ("remote HOST:PORT"), so that stock Xapian tools open it
// (without failover). InvalidArgument for a location that does not parse.
absl::Status WriteManifest(const std::string& dir, const Manifest& manifest);

absl::StatusOr<Manifest> ReadManifest(const std::string& generation_dir);

// Issues the next generation number (above every one issued before, and
// above every generation directory present) and records it durably. Call
// only while holding the index's JobLock.
absl::StatusOr<uint64_t> IssueGenerationNumber(const std::string& dir);

struct GenerationEntry {
  std::string name;
  uint64_t number = 0;
  std::string path;   // absolute
  bool complete = false;  // has a manifest
  bool live = false;
  std::optional<Manifest> manifest;
  uint64_t bytes = 0;
};

// Every generation directory of `dir`, complete or not, by number.
absl::StatusOr<std::vector<GenerationEntry>> ListGenerations(
    const std::string& dir);

}  // namespace byline::generations

#endif  // BYLINE_GENERATIONS_INDEX_DIRECTORY_H_

// The shards of one index generation on disk: a directory holding one
// Xapian database per shard (shard-000, shard-001, ...) and a Xapian stub
// file, XAPIANDB, that lists them. The shard count is fixed when the
// generation is created and recorded in each shard. (Indexes from before
// generations had this layout at their top level; generations/ reads them.)
// Jobs (jobs/index_job.h) create generations; compaction is a job too.
#ifndef BYLINE_INDEXER_INDEX_LAYOUT_H_
#define BYLINE_INDEXER_INDEX_LAYOUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace byline {

struct IndexLayout {
  std::string dir;
  // Absolute paths of the shard databases, in shard order. A plain Xapian
  // database directory (no stub) is a one-shard index whose only shard is
  // `dir` itself.
  std::vector<std::string> shard_paths;
  uint32_t shards() const { return static_cast<uint32_t>(shard_paths.size()); }
};

// Reads the layout of an existing index. NotFound if `dir` holds none.
absl::StatusOr<IndexLayout> ReadIndexLayout(const std::string& dir);

// Opens an existing index's layout, or creates `dir` with `shards_if_new`
// empty shard directories and the stub. If the index exists and
// `shards_if_new` is set and differs from its shard count, fails with
// FailedPrecondition (the shard count is a property of the index).
absl::StatusOr<IndexLayout> OpenOrCreateIndexLayout(
    const std::string& dir, std::optional<uint32_t> shards_if_new);

// Rewrites dir/XAPIANDB to list `shard_names` (relative to dir), atomically
// (write a temporary file, then rename): readers opening the index see
// either the old or the new list, never a mix.
absl::Status WriteStub(const std::string& dir,
                       const std::vector<std::string>& shard_names);

}  // namespace byline

#endif  // BYLINE_INDEXER_INDEX_LAYOUT_H_

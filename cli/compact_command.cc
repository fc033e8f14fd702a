// `byline compact`: merges an index's shards into one with Xapian's
// multipass compaction and swaps it in without stopping readers.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "cli/common_flags.h"
#include "cli/commands.h"
#include "indexer/index_layout.h"

namespace byline::cli {
namespace {

int RunCompact(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "byline compact: unexpected argument '%s'\n",
                 args.front().c_str());
    return kExitUsage;
  }
  const std::string index = absl::GetFlag(FLAGS_index);
  auto result = CompactIndex(index);
  if (!result.ok()) {
    std::fprintf(stderr, "byline compact: %s\n",
                 std::string(result.status().message()).c_str());
    return kExitFailure;
  }
  std::fprintf(stderr,
               "byline compact: %u shards -> %u, %.1f MB -> %.1f MB (%s)\n",
               result->shards_before, result->shards_after,
               result->bytes_before / 1e6, result->bytes_after / 1e6,
               index.c_str());
  return kExitOk;
}

}  // namespace

const Command& CompactCommand() {
  static const Command kCommand{
      "compact",
      "Merge an index's shards into one (Xapian multipass compaction).",
      "byline compact [flags]",
      "Writes one compacted shard beside the old ones, switches the index's\n"
      "stub file to it atomically, then deletes the old shards. Searches and\n"
      "servers keep working throughout (they pick up the new shard when they\n"
      "reopen). Do not run it while `byline index` writes to the index.\n",
      {"index"},
      &RunCompact};
  return kCommand;
}

}  // namespace byline::cli

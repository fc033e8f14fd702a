// `byline compact`: merges the live generation's shards into a new
// one-shard generation with Xapian's multipass compaction and swaps it in
// like any other job (validated, atomic, servers follow).
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "cli/common_flags.h"
#include "cli/commands.h"
#include "cli/job_report.h"
#include "jobs/index_job.h"

namespace byline::cli {
namespace {

int RunCompact(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "byline compact: unexpected argument '%s'\n",
                 args.front().c_str());
    return kExitUsage;
  }
  const std::string index = absl::GetFlag(FLAGS_index);
  jobs::JobOptions options;
  options.keep = absl::GetFlag(FLAGS_keep);
  const absl::StatusOr<jobs::JobReport> result =
      jobs::RunCompactJob(index, options);
  const int exit_code = JobExitCode(result);
  if (!WriteJobReport("compact", {}, result, exit_code)) return kExitFailure;
  if (!result.ok()) {
    std::fprintf(stderr, "byline compact: %s\n",
                 std::string(result.status().message()).c_str());
    return exit_code;
  }
  std::fprintf(stderr,
               "byline compact: %s is live (was %s): %llu articles in one "
               "shard, %.2f s -> %s\n",
               result->generation.c_str(), result->parent.c_str(),
               static_cast<unsigned long long>(result->articles_after),
               absl::ToDoubleSeconds(result->total_time), index.c_str());
  return exit_code;
}

}  // namespace

const Command& CompactCommand() {
  static const Command kCommand{
      "compact",
      "Merge the live generation's shards into a new one-shard generation.",
      "byline compact [flags]",
      "Writes a compacted copy of the live generation (Xapian multipass\n"
      "compaction) as a new generation, validates it and switches the index\n"
      "to it atomically. The old generation is kept for rollback (--keep).\n"
      "Servers keep answering throughout. One job runs at a time.\n",
      {"index", "keep", "report"},
      &RunCompact};
  return kCommand;
}

}  // namespace byline::cli

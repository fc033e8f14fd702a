// Job exit codes, --report JSON and summaries.
#include "cli/job_report.h"

#include <cstdio>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/command_line.h"
#include "cli/common_flags.h"
#include "util/json_writer.h"

ABSL_FLAG(std::string, report, "",
          "Write a JSON report of the job (outcome, exit code, generation, "
          "counts, rejects by reason, timings, removed generations, error) "
          "to this file, whatever the outcome.");
ABSL_FLAG(uint32_t, keep, 2,
          "Generations kept besides the live one, for rollback; older ones "
          "are removed once no server holds them.");

namespace byline::cli {
namespace {

const char* OutcomeName(jobs::JobOutcome outcome) {
  switch (outcome) {
    case jobs::JobOutcome::kSwapped:
      return "swapped";
    case jobs::JobOutcome::kRefused:
      return "refused";
    case jobs::JobOutcome::kInterrupted:
      return "interrupted";
  }
  return "?";
}

}  // namespace

int JobExitCode(const absl::StatusOr<jobs::JobReport>& result) {
  if (!result.ok()) {
    switch (result.status().code()) {
      case absl::StatusCode::kUnavailable:
        return kExitLocked;
      case absl::StatusCode::kInvalidArgument:
        return kExitUsage;
      default:
        return kExitFailure;
    }
  }
  switch (result->outcome) {
    case jobs::JobOutcome::kRefused:
      return kExitRefused;
    case jobs::JobOutcome::kInterrupted:
      return kExitInterrupted;
    case jobs::JobOutcome::kSwapped:
      break;
  }
  return result->indexing.counts.rejected > 0 ? kExitPartial : kExitOk;
}

bool WriteJobReport(absl::string_view command,
                    const std::vector<std::string>& inputs,
                    const absl::StatusOr<jobs::JobReport>& result,
                    int exit_code) {
  const std::string path = absl::GetFlag(FLAGS_report);
  if (path.empty()) return true;
  JsonWriter json;
  json.BeginObject()
      .Key("command").String(command)
      .Key("index").String(absl::GetFlag(FLAGS_index))
      .Key("exit_code").Int(exit_code);
  json.Key("inputs").BeginArray();
  for (const std::string& input : inputs) json.String(input);
  json.EndArray();
  if (!result.ok()) {
    json.Key("outcome").String("error")
        .Key("error").String(result.status().message());
  } else {
    const jobs::JobReport& r = *result;
    const IndexingReport& ix = r.indexing;
    const double seconds =
        std::max(1e-9, absl::ToDoubleSeconds(r.total_time));
    json.Key("outcome").String(OutcomeName(r.outcome))
        .Key("refusal").String(r.refusal)
        .Key("generation").String(r.generation)
        .Key("parent").String(r.parent)
        .Key("articles_before").Uint(r.articles_before)
        .Key("articles_after").Uint(r.articles_after)
        .Key("read").Uint(ix.counts.read)
        .Key("indexed").Uint(ix.counts.indexed)
        .Key("replaced").Uint(ix.counts.replaced)
        .Key("deleted").Uint(r.deleted)
        .Key("delete_misses").Uint(r.delete_misses)
        .Key("rejected").Uint(ix.counts.rejected)
        .Key("rejects_by_reason").BeginObject();
    for (const auto& [reason, count] : ix.rejects_by_reason) {
      json.Key(reason).Uint(count);
    }
    json.EndObject()
        .Key("bytes_read").Uint(ix.bytes_read)
        .Key("copy_seconds").Double(absl::ToDoubleSeconds(r.copy_time))
        .Key("index_seconds").Double(absl::ToDoubleSeconds(r.index_time))
        .Key("validate_seconds").Double(absl::ToDoubleSeconds(r.validate_time))
        .Key("elapsed_seconds").Double(seconds)
        .Key("articles_per_second").Double(ix.counts.read / seconds)
        .Key("shard_articles").BeginArray();
    for (uint64_t n : ix.shard_articles) json.Uint(n);
    json.EndArray().Key("shard_bytes").BeginArray();
    for (uint64_t n : ix.shard_bytes) json.Uint(n);
    json.EndArray().Key("removed_generations").BeginArray();
    for (const std::string& name : r.removed_generations) json.String(name);
    json.EndArray().Key("warnings").BeginArray();
    for (const std::string& warning : r.warnings) json.String(warning);
    json.EndArray()
        .Key("max_batches_in_flight_seen").Uint(ix.max_batches_in_flight_seen)
        .Key("max_writer_backlog_seen").Uint(ix.max_writer_backlog_seen);
  }
  json.EndObject();
  std::ofstream out(path, std::ios::trunc);
  out << json.str() << "\n";
  if (!out) {
    std::fprintf(stderr, "byline %s: cannot write the report %s\n",
                 std::string(command).c_str(), path.c_str());
    return false;
  }
  return true;
}

void PrintJobSummary(absl::string_view command,
                     const absl::StatusOr<jobs::JobReport>& result,
                     const std::string& index) {
  const std::string cmd(command);
  if (!result.ok()) {
    std::fprintf(stderr, "byline %s: %s\n", cmd.c_str(),
                 std::string(result.status().message()).c_str());
    return;
  }
  const jobs::JobReport& r = *result;
  for (const std::string& warning : r.warnings) {
    std::fprintf(stderr, "byline %s: warning: %s\n", cmd.c_str(),
                 warning.c_str());
  }
  const auto& c = r.indexing.counts;
  const double seconds = absl::ToDoubleSeconds(r.total_time);
  const std::string before =
      r.parent.empty() ? "no live generation" : r.parent;
  switch (r.outcome) {
    case jobs::JobOutcome::kSwapped:
      std::fprintf(
          stderr,
          "byline %s: %s is live (was %s): %llu articles (before %llu); "
          "read %llu, indexed %llu, replaced %llu, deleted %llu, rejected "
          "%llu in %.2f s -> %s\n",
          cmd.c_str(), r.generation.c_str(), before.c_str(),
          static_cast<unsigned long long>(r.articles_after),
          static_cast<unsigned long long>(r.articles_before),
          static_cast<unsigned long long>(c.read),
          static_cast<unsigned long long>(c.indexed),
          static_cast<unsigned long long>(c.replaced),
          static_cast<unsigned long long>(r.deleted),
          static_cast<unsigned long long>(c.rejected), seconds, index.c_str());
      if (!r.removed_generations.empty()) {
        std::fprintf(stderr, "byline %s: removed %s\n", cmd.c_str(),
                     absl::StrJoin(r.removed_generations, ", ").c_str());
      }
      break;
    case jobs::JobOutcome::kRefused:
      std::fprintf(stderr,
                   "byline %s: refused: %s. The live generation (%s) is "
                   "unchanged.\n",
                   cmd.c_str(), r.refusal.c_str(), before.c_str());
      break;
    case jobs::JobOutcome::kInterrupted:
      std::fprintf(stderr,
                   "byline %s: interrupted after %llu records; nothing was "
                   "swapped and the live generation (%s) is unchanged.\n",
                   cmd.c_str(), static_cast<unsigned long long>(c.read),
                   before.c_str());
      break;
  }
}

}  // namespace byline::cli

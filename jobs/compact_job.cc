// RunCompactJob and Rollback: generation operations without new input.
#include <xapian.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "generations/index_directory.h"
#include "generations/locks.h"
#include "jobs/index_job.h"
#include "jobs/job_steps.h"
#include "schema/schema.h"
#include "util/fault_point.h"
#include "util/status_macros.h"
#include "util/xapian_status.h"

namespace byline::jobs {
namespace {

namespace fs = std::filesystem;

}  // namespace

absl::StatusOr<JobReport> RunCompactJob(const std::string& dir,
                                        const JobOptions& options) {
  const absl::Time start = absl::Now();
  BYLINE_ASSIGN_OR_RETURN(generations::ResolvedIndex live,
                          generations::ResolveLive(dir));
  if (live.kind == generations::IndexKind::kPlainDatabase) {
    return absl::FailedPreconditionError(absl::StrCat(
        dir, " is a plain Xapian database; rebuild it with `byline rebuild` "
             "to get a Byline index"));
  }
  BYLINE_ASSIGN_OR_RETURN(auto lock,
                          generations::JobLock::Acquire(dir, "compact"));
  BYLINE_RETURN_IF_ERROR(CleanUpLeftovers(dir).status());
  BYLINE_ASSIGN_OR_RETURN(live, generations::ResolveLive(dir));

  JobReport report;
  report.parent = live.generation;
  BYLINE_ASSIGN_OR_RETURN(report.articles_before,
                          CountArticles(live.shard_paths));
  BYLINE_ASSIGN_OR_RETURN(uint64_t number,
                          generations::IssueGenerationNumber(dir));
  report.generation = generations::GenerationName(number);
  std::error_code ec;
  const fs::path gen_dir = fs::absolute(dir, ec) / report.generation;
  const std::string shard_path = (gen_dir / "shard-000").string();
  UnfinishedGeneration unfinished(gen_dir.string());

  fs::create_directories(gen_dir, ec);
  try {
    Xapian::Database all;
    for (const std::string& path : live.shard_paths) {
      all.add_database(Xapian::Database(path));
    }
    all.compact(shard_path, Xapian::DBCOMPACT_MULTIPASS);
    Xapian::WritableDatabase merged(shard_path, Xapian::DB_OPEN);
    merged.set_metadata(std::string(schema::kMetaShardCount), "1");
    merged.set_metadata(std::string(schema::kMetaShardNumber), "0");
    merged.set_metadata(std::string(schema::kMetaArticleCount),
                        absl::StrCat(merged.get_doccount()));
    merged.set_metadata(std::string(schema::kMetaGeneration),
                        report.generation);
    merged.commit();
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, absl::StrCat("compacting ", dir));
  }
  FaultPoint("after-shard-commit");

  FaultPoint("before-validation");
  const absl::Time validate_start = absl::Now();
  const IndexLayout layout{gen_dir.string(), {shard_path}};
  BYLINE_ASSIGN_OR_RETURN(
      ValidatedCounts validated,
      ValidateShards(layout, report.articles_before, {}));
  report.articles_after = validated.articles;
  report.validate_time = absl::Now() - validate_start;

  generations::Manifest manifest;
  if (live.manifest) manifest = *live.manifest;
  manifest.name = report.generation;
  manifest.number = number;
  manifest.parent = live.generation;
  manifest.job = "compact";
  manifest.schema_version = std::string(schema::kSchemaVersion);
  manifest.created = absl::Now();
  manifest.shards = {{0, "shard-000", validated.articles,
                      validated.shard_bytes[0]}};
  manifest.inputs.clear();
  manifest.articles = validated.articles;
  manifest.upserted = manifest.deleted = manifest.rejected = 0;
  BYLINE_RETURN_IF_ERROR(generations::WriteManifest(dir, manifest));

  BYLINE_RETURN_IF_ERROR(
      SwapIn(dir, &live, options.keep, unfinished, &report));
  report.total_time = absl::Now() - start;
  return report;
}

absl::StatusOr<std::string> Rollback(const std::string& dir,
                                     std::optional<std::string> generation) {
  BYLINE_ASSIGN_OR_RETURN(auto lock,
                          generations::JobLock::Acquire(dir, "rollback"));
  BYLINE_ASSIGN_OR_RETURN(auto entries, generations::ListGenerations(dir));
  const generations::GenerationEntry* live = nullptr;
  for (const auto& e : entries) {
    if (e.live) live = &e;
  }
  const generations::GenerationEntry* target = nullptr;
  if (generation) {
    for (const auto& e : entries) {
      if (e.name == *generation) target = &e;
    }
    if (target == nullptr) {
      return absl::NotFoundError(
          absl::StrCat(dir, " has no generation ", *generation,
                       " (`byline generations` lists them)"));
    }
  } else {
    if (live == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          dir, " has no live generation to roll back from; name one"));
    }
    for (const auto& e : entries) {
      if (e.complete && e.number < live->number) target = &e;
    }
    if (target == nullptr) {
      return absl::NotFoundError(absl::StrCat(
          dir, ": no generation older than the live ", live->name, " is kept"));
    }
  }
  if (!target->complete) {
    return absl::FailedPreconditionError(absl::StrCat(
        target->name, " is unfinished (a job died building it)"));
  }
  BYLINE_RETURN_IF_ERROR(
      CheckGenerationSchema(target->name, *target->manifest));
  if (target->live) return target->name;
  FaultPoint("before-pointer-switch");
  BYLINE_RETURN_IF_ERROR(generations::SwitchLive(dir, target->name));
  FaultPoint("after-pointer-switch");
  return target->name;
}

}  // namespace byline::jobs

// RunIndexJob: update, rebuild or first build of an index generation.
#include "jobs/index_job.h"

#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "generations/index_directory.h"
#include "generations/locks.h"
#include "jobs/job_steps.h"
#include "ner/entity_key.h"
#include "ner/recognizer.h"
#include "schema/schema.h"
#include "util/fault_point.h"
#include "util/status_macros.h"

namespace byline::jobs {
namespace {

namespace fs = std::filesystem;

const char* KindName(JobKind kind) {
  switch (kind) {
    case JobKind::kIndex:
      return "index";
    case JobKind::kUpdate:
      return "update";
    case JobKind::kRebuild:
      return "rebuild";
  }
  return "index";
}

// The command-line flag that sets an analyzer setting ("" if none).
absl::string_view FlagOfSetting(absl::string_view key) {
  if (key == "entities") return "--entities";
  if (key == "ner_model") return "--ner_model";
  if (key == "passage_max_sentences") return "--passage_sentences";
  if (key == "passage_max_words") return "--passage_words";
  if (key == "passage_min_words") return "--passage_min_words";
  return "";
}

// An update must analyse text as the generation it extends did. A setting
// the live manifest lacks (older generations) counts as its
// AnalyzerSettingDefault, when it has one.
absl::Status CheckSameAnalysis(const generations::ResolvedIndex& live,
                               const DocumentBuilderOptions& options) {
  if (!live.manifest) return absl::OkStatus();
  for (const auto& [key, value] : AnalyzerSettings(options)) {
    std::string live_value = AnalyzerSettingDefault(key);
    for (const auto& [live_key, recorded] : live.manifest->analyzer) {
      if (key == live_key) live_value = recorded;
    }
    if (live_value.empty() || value == live_value) continue;
    const absl::string_view flag = FlagOfSetting(key);
    std::string what = absl::StrCat(" (run `byline rebuild` to change ",
                                    flag.empty() ? key : flag, ")");
    if (key == "entities") {
      what = absl::StrCat(" (rebuild to change --entities: `byline rebuild "
                          "--entities=",
                          value == "on" ? "true" : "false",
                          "`; or update with --entities=",
                          live_value == "on" ? "true" : "false", ")");
    } else if (key == "ner_model") {
      what = " (rebuild to change --ner_model, or update with the model the "
             "live generation was built with)";
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "the live generation ", live.generation, " was built with ", key, " ",
        live_value, ", this job asks for ", value,
        "; an update must analyse text the same way", what));
  }
  return absl::OkStatus();
}

// Loads what JobOptions::entities needs into `resources` and `keyer` (which
// must outlive the run) and points `entities` at them.
absl::Status LoadEntities(const std::string& model_path,
                          ner::NerResources* resources,
                          std::unique_ptr<ner::EntityKeyer>* keyer,
                          EntityOptions* entities) {
  std::error_code ec;
  if (model_path.empty() || !fs::is_regular_file(model_path, ec)) {
    return absl::NotFoundError(absl::StrCat(
        "NER model file '", model_path,
        "' not found: name the model with --ner_model PATH, or index "
        "without entities with --entities=false"));
  }
  BYLINE_ASSIGN_OR_RETURN(std::string model_id, ModelFileId(model_path));
  absl::StatusOr<ner::NerResources> loaded = ner::LoadNerResources(model_path);
  if (!loaded.ok()) {
    return absl::Status(
        loaded.status().code(),
        absl::StrCat("loading the NER model (--ner_model ", model_path,
                     "): ", loaded.status().message(),
                     "; --entities=false indexes without entities"));
  }
  *resources = *std::move(loaded);
  BYLINE_ASSIGN_OR_RETURN(*keyer, ner::EntityKeyer::Create());
  entities->enabled = true;
  entities->resources = resources;
  entities->keyer = keyer->get();
  entities->model_id = std::move(model_id);
  return absl::OkStatus();
}

}  // namespace

bool IndexExists(const std::string& dir) {
  return generations::ResolveLive(dir).ok();
}

absl::StatusOr<JobReport> RunIndexJob(
    const std::string& dir, JobKind kind,
    const std::vector<std::string>& inputs, const JobOptions& options,
    const RejectCallback& on_reject,
    const std::function<void(const IndexingProgress&)>& on_progress,
    const std::atomic<bool>* stop) {
  const absl::Time start = absl::Now();
  if (options.max_shrink < 0 || options.max_shrink > 1) {
    return absl::InvalidArgumentError(
        "max_shrink must be between 0% and 100%");
  }
  // The NER model is loaded once per job and lives until the job ends.
  ParallelIndexerOptions indexer_options = options.indexer;
  DocumentBuilderOptions& builder_options = indexer_options.builder;
  builder_options.entities = EntityOptions();
  ner::NerResources ner_resources;
  std::unique_ptr<ner::EntityKeyer> entity_keyer;
  if (options.entities) {
    BYLINE_RETURN_IF_ERROR(LoadEntities(options.ner_model, &ner_resources,
                                        &entity_keyer,
                                        &builder_options.entities));
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir, " is a file, not an index directory"));
  }
  absl::StatusOr<generations::ResolvedIndex> live =
      generations::ResolveLive(dir);
  if (!live.ok() && live.status().code() != absl::StatusCode::kNotFound) {
    return live.status();
  }
  bool has_live = live.ok();
  if (!has_live) {
    if (kind == JobKind::kUpdate) {
      return absl::NotFoundError(absl::StrCat(
          "no index at ", dir, " to update; build one with `byline rebuild "
          "--index ", dir, " INPUTS...`"));
    }
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec) &&
        !fs::exists(fs::path(dir) / generations::kJobLockFile, ec)) {
      return absl::FailedPreconditionError(absl::StrCat(
          dir, " exists and is not a Byline index; choose an empty directory"));
    }
  } else if (live->kind == generations::IndexKind::kPlainDatabase) {
    return absl::FailedPreconditionError(absl::StrCat(
        dir, " is a plain Xapian database, not a Byline index directory; "
             "build one elsewhere with `byline rebuild --index NEWDIR`"));
  }

  BYLINE_ASSIGN_OR_RETURN(auto lock,
                          generations::JobLock::Acquire(dir, KindName(kind)));
  BYLINE_RETURN_IF_ERROR(CleanUpLeftovers(dir).status());
  // Resolve again under the lock: another job may have swapped (or built
  // the first generation) meanwhile.
  live = generations::ResolveLive(dir);
  if (!live.ok() && live.status().code() != absl::StatusCode::kNotFound) {
    return live.status();
  }
  has_live = live.ok();
  const bool copy_live = has_live && kind != JobKind::kRebuild;
  if (copy_live) {
    // An update adds to a copy of the live generation: checked before
    // anything is copied, so the message names the live generation.
    if (live->manifest) {
      BYLINE_RETURN_IF_ERROR(CheckGenerationSchema(
          absl::StrCat("the live generation ", live->generation, " of ", dir),
          *live->manifest,
          absl::StrCat(" and cannot add to it. Rebuild it from all of its "
                       "inputs: byline rebuild --index ",
                       dir,
                       " INPUTS... (the live generation is kept for "
                       "rollback)")));
    }
    BYLINE_RETURN_IF_ERROR(CheckSameAnalysis(*live, builder_options));
    if (options.shards && *options.shards != live->shard_paths.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          dir, " has ", live->shard_paths.size(), " shards; --shards ",
          *options.shards, " applies only to `byline rebuild`"));
    }
  }

  JobReport report;
  if (has_live) {
    report.parent = live->generation;
    BYLINE_ASSIGN_OR_RETURN(report.articles_before,
                            CountArticles(live->shard_paths));
  }

  // A new generation, never seen before.
  BYLINE_ASSIGN_OR_RETURN(uint64_t number,
                          generations::IssueGenerationNumber(dir));
  report.generation = generations::GenerationName(number);
  const std::string gen_dir =
      (fs::absolute(dir, ec) / report.generation).string();
  UnfinishedGeneration unfinished(gen_dir);
  FaultPoint("after-generation-created");

  const absl::Time copy_start = absl::Now();
  IndexLayout layout;
  if (copy_live) {
    BYLINE_ASSIGN_OR_RETURN(layout, CopyShards(*live, gen_dir));
  } else {
    const uint32_t shards = options.shards.value_or(
        has_live ? static_cast<uint32_t>(live->shard_paths.size()) : 1);
    BYLINE_ASSIGN_OR_RETURN(layout, OpenOrCreateIndexLayout(gen_dir, shards));
  }
  report.copy_time = absl::Now() - copy_start;
  FaultPoint("after-copy");

  const absl::Time index_start = absl::Now();
  indexer_options.delete_ids = options.delete_ids;
  ParallelIndexer indexer(layout, indexer_options);
  BYLINE_ASSIGN_OR_RETURN(report.indexing,
                          indexer.Run(inputs, on_reject, on_progress, stop));
  report.index_time = absl::Now() - index_start;
  report.deleted = report.indexing.counts.deleted;
  report.delete_misses = report.indexing.counts.delete_misses;
  if (report.indexing.interrupted) {
    report.outcome = JobOutcome::kInterrupted;
    report.total_time = absl::Now() - start;
    return report;  // `unfinished` removes the generation
  }

  BYLINE_RETURN_IF_ERROR(StampShards(layout, report.generation));
  FaultPoint("before-validation");
  const absl::Time validate_start = absl::Now();
  const auto& counts = report.indexing.counts;
  const uint64_t expected = (copy_live ? report.articles_before : 0) +
                            counts.indexed - counts.deleted;
  BYLINE_ASSIGN_OR_RETURN(
      ValidatedCounts validated,
      ValidateShards(layout, expected, report.indexing.shard_articles));
  report.articles_after = validated.articles;
  report.validate_time = absl::Now() - validate_start;
  report.refusal =
      CheckGuards(report.articles_before, report.articles_after,
                  options.max_shrink, options.min_articles, has_live);
  if (!report.refusal.empty()) {
    report.outcome = JobOutcome::kRefused;
    report.total_time = absl::Now() - start;
    return report;
  }

  generations::Manifest manifest;
  manifest.name = report.generation;
  manifest.number = number;
  manifest.parent = report.parent;
  manifest.job = options.job_label.empty() ? KindName(kind)
                                           : options.job_label;
  manifest.schema_version = std::string(schema::kSchemaVersion);
  manifest.created = absl::Now();
  for (uint32_t i = 0; i < layout.shard_paths.size(); ++i) {
    manifest.shards.push_back(
        {i, fs::path(layout.shard_paths[i]).filename().string(),
         validated.shard_articles[i], validated.shard_bytes[i]});
  }
  manifest.analyzer = AnalyzerSettings(builder_options);
  BYLINE_ASSIGN_OR_RETURN(manifest.inputs, DescribeInputs(inputs));
  manifest.articles = validated.articles;
  manifest.upserted = counts.indexed + counts.replaced;
  manifest.deleted = counts.deleted;
  manifest.rejected = counts.rejected;
  BYLINE_RETURN_IF_ERROR(generations::WriteManifest(dir, manifest));

  BYLINE_RETURN_IF_ERROR(SwapIn(dir, has_live ? &*live : nullptr,
                                options.keep, unfinished, &report));
  report.total_time = absl::Now() - start;
  return report;
}

}  // namespace byline::jobs

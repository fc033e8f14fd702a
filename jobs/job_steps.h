// The steps that every index job shares (internal to byline_jobs): leftover
// cleanup, copying the live shards, validating a new generation, the
// guards, writing its manifest, and retention of old generations.
#ifndef BYLINE_JOBS_JOB_STEPS_H_
#define BYLINE_JOBS_JOB_STEPS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "generations/index_directory.h"
#include "generations/manifest.h"
#include "indexer/document_builder.h"
#include "indexer/index_layout.h"
#include "jobs/index_job.h"

namespace byline::jobs {

// Deletes the generation directory being built when the job ends without
// making it live (error, refusal, interruption); Keep() once it is live. A
// job killed outright leaves it to CleanUpLeftovers of the next job.
class UnfinishedGeneration {
 public:
  explicit UnfinishedGeneration(std::string path) : path_(std::move(path)) {}
  ~UnfinishedGeneration();
  UnfinishedGeneration(const UnfinishedGeneration&) = delete;
  UnfinishedGeneration& operator=(const UnfinishedGeneration&) = delete;
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

// Removes what dead jobs left behind: generation directories without a
// manifest, half-removed generations and temporary pointer files. Call with
// the JobLock held. Returns the names removed.
absl::StatusOr<std::vector<std::string>> CleanUpLeftovers(
    const std::string& dir);

// Copies each live shard into `generation_dir`/shard-NNN (file by file;
// Xapian's glass files are modified in place, so no hard links).
absl::StatusOr<IndexLayout> CopyShards(const generations::ResolvedIndex& live,
                                       const std::string& generation_dir);

// Records `generation` (schema::kMetaGeneration) in every shard of
// `layout`, one small commit each.
absl::Status StampShards(const IndexLayout& layout,
                         const std::string& generation);

// What a validated generation holds.
struct ValidatedCounts {
  uint64_t articles = 0;
  std::vector<uint64_t> shard_articles;
  std::vector<uint64_t> shard_bytes;
};

// OK when generation `name`'s `manifest` has this Byline's index schema
// (schema::kSchemaVersion); otherwise FailedPrecondition: "<name> has
// index schema N; this Byline reads schema M" followed by `remedy` (what
// to do instead, "" for nothing).
absl::Status CheckGenerationSchema(absl::string_view name,
                                   const generations::Manifest& manifest,
                                   absl::string_view remedy = "");

// Opens every shard of `layout` read-only as a reader would and checks:
// the schema version is current, each shard holds `expected_shard_articles`
// (when given) and all together `expected_articles`, and a smoke query (the
// id term and a body word of one stored article) finds that article, whose
// stored record decodes. FailedPrecondition naming the check that failed.
absl::StatusOr<ValidatedCounts> ValidateShards(
    const IndexLayout& layout, uint64_t expected_articles,
    const std::vector<uint64_t>& expected_shard_articles);

// Articles (documents) in all of `shard_paths`.
absl::StatusOr<uint64_t> CountArticles(
    const std::vector<std::string>& shard_paths);

// The guards of JobOptions: "" when the new count may replace the old one,
// otherwise the refusal, naming the numbers and the flag.
std::string CheckGuards(uint64_t before, uint64_t after, double max_shrink,
                        uint64_t min_articles, bool has_live);

// The analysis settings recorded in a manifest (and compared by updates):
// the analyzer and passage options, "entities" ("on"/"off") and
// "ner_model" (options.entities.model_id, "none" without entities).
std::vector<std::pair<std::string, std::string>> AnalyzerSettings(
    const DocumentBuilderOptions& options);

// What AnalyzerSettings means for a key that a manifest lacks (generations
// built before the setting existed): "entities" -> "off", "ner_model" ->
// "none"; "" for other keys (not compared).
std::string AnalyzerSettingDefault(absl::string_view key);

// The id of the NER model file at `path` for the manifest:
// "crc32:<8 hex digits>" of its bytes. NotFound if it cannot be read.
absl::StatusOr<std::string> ModelFileId(const std::string& path);

// A manifest entry for each input file: size and CRC-32 of its bytes.
absl::StatusOr<std::vector<generations::ManifestInput>> DescribeInputs(
    const std::vector<std::string>& inputs);

// Makes the complete generation `report->generation` live: switches the
// pointer (between the fault points "before-pointer-switch" and
// "after-pointer-switch"), Keep()s `unfinished`, deletes the shards of a
// converted pre-generation index (`previous`, may be null) and applies
// retention, adding what it removed to `report->removed_generations`.
absl::Status SwapIn(const std::string& dir,
                    const generations::ResolvedIndex* previous, uint32_t keep,
                    UnfinishedGeneration& unfinished, JobReport* report);

// Removes complete generations beyond the `keep` newest non-live ones, and
// unfinished ones, when no reader holds them. Returns the names removed.
absl::StatusOr<std::vector<std::string>> ApplyRetention(const std::string& dir,
                                                        uint32_t keep);

}  // namespace byline::jobs

#endif  // BYLINE_JOBS_JOB_STEPS_H_

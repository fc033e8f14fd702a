// The jobs that change an index with generations: `byline update`,
// `byline rebuild` (and `byline index`, which is update-or-create) and
// `byline compact`. Every job
//   1. takes the index's JobLock (one job at a time; a second one fails at
//      once naming the holder),
//   2. builds a NEW generation (the live one is never modified): a rebuild
//      starts empty, an update copies the live generation's shards and
//      applies upserts and deletes, a compact merges the live shards into
//      one,
//   3. validates it (it opens, its counts match the job's own report, its
//      schema is current, a smoke query answers) and applies the guards
//      (max_shrink, min_articles),
//   4. switches the live pointer atomically, and
//   5. removes generations beyond `keep` that no reader holds.
// A failure or refusal before step 4 leaves the live generation exactly as
// it was; the unfinished generation is removed then, or by the next job if
// the process died. Fault points (util/fault_point.h) mark each step.
#ifndef BYLINE_JOBS_INDEX_JOB_H_
#define BYLINE_JOBS_INDEX_JOB_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "indexer/parallel_indexer.h"

namespace byline::jobs {

enum class JobKind {
  kIndex,    // update the live generation, or build the first one
  kUpdate,   // needs an existing index
  kRebuild,  // from scratch, whatever exists
};

struct JobOptions {
  ParallelIndexerOptions indexer;
  // Shards of a rebuilt or first generation; unset: the live generation's
  // count for a rebuild, 1 for a first build.
  std::optional<uint32_t> shards;
  // Ids to delete, applied after every input record.
  std::vector<std::string> delete_ids;
  // Guards: refuse to swap when the new generation has fewer than
  // (1 - max_shrink) x the live article count, or fewer than min_articles.
  double max_shrink = 0.10;
  uint64_t min_articles = 0;
  // Generations kept besides the live one (for rollback).
  uint32_t keep = 2;
  // Free text recorded in the manifest (e.g. the command line).
  std::string job_label;
  // Named entities at index time (ner/). With `entities`, the job loads the
  // NER model at `ner_model` and one ner::EntityKeyer once, keeps them alive
  // for the run and shares them (immutable) with every analysis worker, each
  // of which owns its own recogniser. The job sets indexer.builder.entities
  // from these two fields (whatever it held). The manifest records
  // "entities" (on/off) and "ner_model" (the file's CRC-32); an update must
  // match the live generation's (a rebuild may change them). Errors:
  // NotFound / DataLoss / FailedPrecondition naming the model file.
  bool entities = false;
  std::string ner_model;
};

enum class JobOutcome {
  kSwapped,      // the new generation is live
  kRefused,      // a guard refused it; the live generation is unchanged
  kInterrupted,  // stopped by request; the live generation is unchanged
};

struct JobReport {
  JobOutcome outcome = JobOutcome::kSwapped;
  std::string refusal;          // why, when kRefused
  std::string generation;       // the generation built
  std::string parent;           // the live one before ("" if none)
  uint64_t articles_before = 0;
  uint64_t articles_after = 0;
  IndexingReport indexing;      // counts of the input records
  uint64_t deleted = 0;         // articles removed by tombstones/delete_ids
  uint64_t delete_misses = 0;   // deletes of ids the index did not hold
  std::vector<std::string> removed_generations;
  // Problems that did not stop the job (e.g. a replica that does not
  // answer when publishing).
  std::vector<std::string> warnings;
  absl::Duration copy_time, index_time, validate_time, total_time;
};

// Whether `dir` holds an index (with or without generations).
bool IndexExists(const std::string& dir);

// Runs an index, update or rebuild job on the index at `dir`.
// `on_reject`, `on_progress` and `stop` are as for ParallelIndexer::Run.
// Errors: Unavailable when another job holds the index (the message names
// it); NotFound for kUpdate without an index; FailedPrecondition when the
// new generation fails validation; InvalidArgument for bad options;
// Internal for I/O and Xapian errors. In every error case the live
// generation is unchanged.
absl::StatusOr<JobReport> RunIndexJob(
    const std::string& dir, JobKind kind,
    const std::vector<std::string>& inputs, const JobOptions& options,
    const RejectCallback& on_reject = nullptr,
    const std::function<void(const IndexingProgress&)>& on_progress = nullptr,
    const std::atomic<bool>* stop = nullptr);

// Merges the live generation's shards into a new one-shard generation with
// Xapian's multipass compaction, validates it and makes it live.
absl::StatusOr<JobReport> RunCompactJob(const std::string& dir,
                                        const JobOptions& options);

// Makes `generation` (default: the newest complete generation older than
// the live one) live again. Errors: NotFound, FailedPrecondition for an
// unfinished generation or one built with another schema, Unavailable when
// a job holds the index.
absl::StatusOr<std::string> Rollback(const std::string& dir,
                                     std::optional<std::string> generation);

}  // namespace byline::jobs

#endif  // BYLINE_JOBS_INDEX_JOB_H_

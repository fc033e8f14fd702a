// The two kinds of lock that keep an index with generations safe, both
// flock(2) locks on files, so they vanish with the process that held them
// (kill -9 included) and need no cleanup:
//  * JobLock: exclusive, on DIR/JOB.lock. One job (index, update, rebuild,
//    compact, rollback) at a time per index. The file records the holder.
//  * GenerationHold: shared, on a generation's MANIFEST.json, held by every
//    reader (searcher, server worker) for as long as it has that generation
//    open. A generation is removed only when no hold remains.
#ifndef BYLINE_GENERATIONS_LOCKS_H_
#define BYLINE_GENERATIONS_LOCKS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace byline::generations {

// Thread safety: an object is owned by one thread; distinct objects are
// independent.
class JobLock {
 public:
  // Takes the job lock of the index at `dir` (created if needed) without
  // waiting, and records "pid, job, start time" in it. Errors: Unavailable
  // when another job holds it, naming the holder ("pid 4242 (byline update)
  // since 2026-12-02T03:40:00Z"); Internal on I/O errors.
  static absl::StatusOr<std::unique_ptr<JobLock>> Acquire(
      const std::string& dir, absl::string_view job);
  ~JobLock();  // releases the lock
  JobLock(const JobLock&) = delete;
  JobLock& operator=(const JobLock&) = delete;

 private:
  explicit JobLock(int fd) : fd_(fd) {}
  int fd_;
};

class GenerationHold {
 public:
  // Takes a shared hold on the complete generation at `generation_dir`.
  // Errors: NotFound when the generation is gone or being removed.
  static absl::StatusOr<std::unique_ptr<GenerationHold>> Acquire(
      const std::string& generation_dir);
  ~GenerationHold();
  GenerationHold(const GenerationHold&) = delete;
  GenerationHold& operator=(const GenerationHold&) = delete;

 private:
  explicit GenerationHold(int fd) : fd_(fd) {}
  int fd_;
};

// Removes the generation directory `generation_dir` if nobody holds it:
// takes its manifest's lock exclusively (without waiting), renames the
// directory out of reach, then deletes it. Returns false, removing nothing,
// if a reader holds it. An unfinished generation (no manifest) is removed
// outright. Errors: Internal on I/O errors.
absl::StatusOr<bool> RemoveGenerationIfUnheld(
    const std::string& generation_dir);

}  // namespace byline::generations

#endif  // BYLINE_GENERATIONS_LOCKS_H_

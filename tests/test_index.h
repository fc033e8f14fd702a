// Builds the indexes that end-to-end tests search, through the same job
// that `byline index` runs (so tests exercise the users' pipeline).
#ifndef BYLINE_TESTS_TEST_INDEX_H_
#define BYLINE_TESTS_TEST_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jobs/index_job.h"

namespace byline::testing {

struct TestIndexOptions {
  uint32_t shards = 1;
  int threads = 2;
  // The job kind: kIndex creates or updates, kRebuild starts afresh.
  jobs::JobKind kind = jobs::JobKind::kIndex;
  std::vector<std::string> delete_ids;
  // Named entities at index time, with the project's NER model
  // (ner/model/byline-ner-en.bin), as `byline index` does by default.
  bool entities = false;
};

// Indexes `inputs` into the index at `dir` and returns the job's report.
// Rejected records make it fail (tests feed clean inputs) unless
// `allow_rejects`; the rejects are named in the error.
absl::StatusOr<jobs::JobReport> BuildTestIndex(
    const std::string& dir, const std::vector<std::string>& inputs,
    const TestIndexOptions& options = {}, bool allow_rejects = false);

}  // namespace byline::testing

#endif  // BYLINE_TESTS_TEST_INDEX_H_

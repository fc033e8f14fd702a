// Test index builder: one jobs::RunIndexJob call.
#include "tests/test_index.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/test_paths.h"

namespace byline::testing {

absl::StatusOr<jobs::JobReport> BuildTestIndex(
    const std::string& dir, const std::vector<std::string>& inputs,
    const TestIndexOptions& options, bool allow_rejects) {
  jobs::JobOptions job;
  job.indexer.threads = options.threads;
  job.shards = options.shards;
  job.delete_ids = options.delete_ids;
  job.max_shrink = 1.0;  // tests shrink indexes on purpose
  job.job_label = "test";
  if (options.entities) {
    job.entities = true;
    job.ner_model = SourceDir() + "/ner/model/byline-ner-en.bin";
  }
  std::vector<std::string> rejects;
  auto report = jobs::RunIndexJob(
      dir, options.kind, inputs, job, [&](const RejectedRecord& r) {
        rejects.push_back(absl::StrCat(r.input, ":", r.line, ": ", r.reason));
      });
  if (!report.ok()) return report.status();
  if (!allow_rejects && !rejects.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("rejected: ", absl::StrJoin(rejects, "; ")));
  }
  if (report->outcome != jobs::JobOutcome::kSwapped) {
    return absl::FailedPreconditionError(
        absl::StrCat("the job did not swap: ", report->refusal));
  }
  return report;
}

}  // namespace byline::testing

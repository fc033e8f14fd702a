// What the index jobs (index, update, rebuild, compact, rollback) share in
// the CLI: their common flags, the --report JSON, the summary line and the
// exit code of a job's result.
#ifndef BYLINE_CLI_JOB_REPORT_H_
#define BYLINE_CLI_JOB_REPORT_H_

#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "jobs/index_job.h"

ABSL_DECLARE_FLAG(std::string, report);
ABSL_DECLARE_FLAG(uint32_t, keep);

namespace byline::cli {

// The exit code for a job's outcome (see command_line.h): 0 swapped, 1
// swapped with rejects, 4 refused, 5 locked, 130 interrupted, 3 otherwise.
int JobExitCode(const absl::StatusOr<jobs::JobReport>& result);

// Writes the --report JSON (when the flag is set) for any job result,
// failures included. `inputs` may be empty (compact). Returns false, after
// saying so on stderr, if the file cannot be written.
bool WriteJobReport(absl::string_view command,
                    const std::vector<std::string>& inputs,
                    const absl::StatusOr<jobs::JobReport>& result,
                    int exit_code);

// One line on stderr for people and the journal: what the job did.
void PrintJobSummary(absl::string_view command,
                     const absl::StatusOr<jobs::JobReport>& result,
                     const std::string& index);

}  // namespace byline::cli

#endif  // BYLINE_CLI_JOB_REPORT_H_

// Subcommand plumbing for the `byline` binary: which flags each subcommand
// takes, help text built from the flags' own ABSL_FLAG help strings, and
// argument splitting into flags and positional words.
#ifndef BYLINE_CLI_COMMAND_LINE_H_
#define BYLINE_CLI_COMMAND_LINE_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"

namespace byline::cli {

// Exit codes of every subcommand (documented in README.md and --help).
inline constexpr int kExitOk = 0;      // jobs: the new generation is live
inline constexpr int kExitPartial = 1;  // search: no results; jobs: swapped,
                                        // but some records were rejected
inline constexpr int kExitUsage = 2;    // bad flags, arguments or query
inline constexpr int kExitFailure = 3;  // index missing or broken, I/O error,
                                        // a new generation failed validation
inline constexpr int kExitRefused = 4;  // jobs: a guard refused the swap
inline constexpr int kExitLocked = 5;   // jobs: another job holds the index
inline constexpr int kExitInterrupted = 130;  // SIGINT/SIGTERM; jobs: the
                                              // live generation is unchanged

struct Command {
  absl::string_view name;
  absl::string_view summary;  // one line, for `byline --help`
  absl::string_view usage;    // e.g. "byline search [flags] QUERY..."
  absl::string_view details;  // paragraphs printed after the usage line
  std::vector<absl::string_view> flags;  // names of the ABSL_FLAGs it takes
  // Runs with flags already parsed; gets the positional arguments.
  int (*run)(const std::vector<std::string>& args);
};

// Renders `byline NAME --help`: usage, details, then each flag with its
// help text and default, then the exit codes.
std::string CommandHelp(const Command& command);

// How flags and arguments mix, for every --help (see ParseCommandArgs).
extern const char kArgumentsNote[];

// Whether args (after the subcommand name) ask for help: "--help" anywhere
// before "--", or "-h" / "-help" as the first argument.
bool WantsHelp(int argc, char** argv);

// Splits args (after the subcommand name) into flags for absl and
// positional words. Flags start with two dashes and may come before, after
// or between positional words; each must name one of `command.flags`
// ("--limit=5", "--limit 5", "--json", "--nojson"), else it is an error
// naming it. A word with a single dash ("-json", "-bank", "-" for stdin) is
// always a positional word, so a query may start with a negation without
// "--". "--" ends flags: everything after it is positional. Sets the flags
// (through absl's flag reflection, so a bad value is an error naming the
// flag) and returns the positional words.
absl::StatusOr<std::vector<std::string>> ParseCommandArgs(
    const Command& command, int argc, char** argv);

// Whether `fd` is a terminal and NO_COLOR is unset.
bool ColorWanted(int fd);

}  // namespace byline::cli

#endif  // BYLINE_CLI_COMMAND_LINE_H_

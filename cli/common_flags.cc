// Definitions of the flags shared by several subcommands.
#include "cli/common_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, index, "byline-index",
          "Directory of the index (created by `byline index` if missing).");
ABSL_FLAG(bool, json, false,
          "Write machine-readable JSON to stdout instead of text.");
ABSL_FLAG(std::string, color, "auto",
          "Highlight matches with colour: auto (only on a terminal, unless "
          "NO_COLOR is set), always or never.");
ABSL_FLAG(std::string, server, "",
          "Ask a `byline serve` server at host:port instead of opening "
          "--index locally.");
ABSL_FLAG(double, timeout_seconds, 10,
          "With --server: give up on a call after this many seconds.");

// Flags shared by several subcommands.
#ifndef BYLINE_CLI_COMMON_FLAGS_H_
#define BYLINE_CLI_COMMON_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, index);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, color);
ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(double, timeout_seconds);

#endif  // BYLINE_CLI_COMMON_FLAGS_H_

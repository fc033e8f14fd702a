// Flags shared by several subcommands.
#ifndef BYLINE_CLI_COMMON_FLAGS_H_
#define BYLINE_CLI_COMMON_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "service/client.h"

ABSL_DECLARE_FLAG(std::string, index);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, color);
ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(double, timeout_seconds);
// Client side of transport security (with --server).
ABSL_DECLARE_FLAG(std::string, tls_ca);
ABSL_DECLARE_FLAG(std::string, tls_client_cert);
ABSL_DECLARE_FLAG(std::string, tls_client_key);
ABSL_DECLARE_FLAG(std::string, token_file);

namespace byline::cli {

// The default of --index: `env_value` ($BYLINE_INDEX) unless it is unset
// (null) or empty, else "byline-index".
std::string DefaultIndexPath(const char* env_value);

// --timeout_seconds, --tls_ca, --tls_client_cert, --tls_client_key and
// --token_file, for service::RemoteSearcher::Create.
service::RemoteOptions RemoteOptionsFromFlags();

}  // namespace byline::cli

#endif  // BYLINE_CLI_COMMON_FLAGS_H_

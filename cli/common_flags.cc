// Definitions of the flags shared by several subcommands.
#include "cli/common_flags.h"

#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/time/time.h"

ABSL_FLAG(std::string, index,
          byline::cli::DefaultIndexPath(std::getenv("BYLINE_INDEX")),
          "Directory of the index (created by `byline index` if missing). "
          "Without --index: $BYLINE_INDEX if set, else byline-index.");
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
ABSL_FLAG(std::string, tls_ca, "",
          "With --server: connect with TLS, verifying the server's "
          "certificate against the CA certificates in this PEM file.");
ABSL_FLAG(std::string, tls_client_cert, "",
          "With --tls_ca: present this PEM client certificate (for a server "
          "with --tls_client_ca); needs --tls_client_key.");
ABSL_FLAG(std::string, tls_client_key, "",
          "With --tls_client_cert: its PEM private key.");
ABSL_FLAG(std::string, token_file, "",
          "With --server: send the bearer token in this file (the whole "
          "file, one token) with every call.");

namespace byline::cli {

std::string DefaultIndexPath(const char* env_value) {
  return env_value != nullptr && *env_value != '\0' ? env_value
                                                     : "byline-index";
}

service::RemoteOptions RemoteOptionsFromFlags() {
  service::RemoteOptions options;
  options.timeout = absl::Seconds(absl::GetFlag(FLAGS_timeout_seconds));
  options.tls.ca_file = absl::GetFlag(FLAGS_tls_ca);
  options.tls.cert_file = absl::GetFlag(FLAGS_tls_client_cert);
  options.tls.key_file = absl::GetFlag(FLAGS_tls_client_key);
  options.token_file = absl::GetFlag(FLAGS_token_file);
  return options;
}

}  // namespace byline::cli

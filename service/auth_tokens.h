// Bearer-token authentication for the gRPC service: the tokens file (its
// format, parsing and reload on SIGHUP), a thread-safe token store, and the
// gRPC AuthMetadataProcessor that admits a call only with
// `authorization: Bearer <token>` for one of the stored tokens.
//
// Tokens file format (one entry per line):
//   # a comment (a line whose first non-blank character is '#')
//   NAME: TOKEN     a named token; NAME is letters, digits, '_', '-', '.', '@'
//   TOKEN           an unnamed token (named "line N" in messages)
// Blank lines are ignored. A TOKEN is 16 to 4096 visible ASCII characters
// (no spaces); an unnamed TOKEN may not contain ':'. Names and tokens must be
// unique, and the file must hold at least one token.
#ifndef BYLINE_SERVICE_AUTH_TOKENS_H_
#define BYLINE_SERVICE_AUTH_TOKENS_H_

#include <grpcpp/security/auth_metadata_processor.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace byline::service {

struct AuthToken {
  std::string name;   // from the file, or "line N" for an unnamed token
  std::string token;  // the secret
};

// Parses the contents of a tokens file (format above). `origin` names the
// file in errors. Errors: InvalidArgument naming the origin and the line
// number (never the token's text).
absl::StatusOr<std::vector<AuthToken>> ParseAuthTokens(
    absl::string_view contents, absl::string_view origin);

// Reads and parses the tokens file at `path`. Errors: NotFound or Internal
// if it cannot be read, else those of ParseAuthTokens.
absl::StatusOr<std::vector<AuthToken>> ReadAuthTokensFile(
    const std::string& path);

// Whether a == b, in time that depends on the lengths only (not on where
// the strings first differ).
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// The tokens a server accepts, loaded from a file and replaceable by
// Reload(). Thread safety: thread-safe; Reload() may run (from the signal
// thread) while calls are being checked.
class AuthTokenStore {
 public:
  // Loads `path`. Errors: those of ReadAuthTokensFile.
  static absl::StatusOr<std::unique_ptr<AuthTokenStore>> Load(
      const std::string& path);

  // Re-reads the file. On error the current tokens stay in force and the
  // error (naming the file and line) is returned.
  absl::Status Reload() ABSL_LOCKS_EXCLUDED(mu_);

  // The name of the token equal to `token`, or nullopt. Compares with every
  // stored token in constant time (no early exit).
  std::optional<std::string> Match(absl::string_view token) const
      ABSL_LOCKS_EXCLUDED(mu_);

  size_t size() const ABSL_LOCKS_EXCLUDED(mu_);
  const std::string& path() const { return path_; }

 private:
  AuthTokenStore(std::string path, std::vector<AuthToken> tokens)
      : path_(std::move(path)), tokens_(std::move(tokens)) {}

  const std::string path_;
  mutable absl::Mutex mu_;
  std::vector<AuthToken> tokens_ ABSL_GUARDED_BY(mu_);
};

// Reads a client's token file: the whole file, surrounding whitespace
// trimmed, must be one token (visible ASCII, no spaces). Errors: NotFound or
// Internal if it cannot be read; InvalidArgument if it is empty or not a
// single token.
absl::StatusOr<std::string> ReadBearerTokenFile(const std::string& path);

// The gRPC server-side check of `authorization: Bearer <token>` metadata,
// set on the server credentials (grpc::ServerCredentials::
// SetAuthMetadataProcessor). Missing or unknown tokens get UNAUTHENTICATED;
// the message never contains the token. The authorization metadata is
// consumed (handlers and logs never see it). With `exempt_health`,
// grpc.health.v1.Health calls pass without a token. Thread safety:
// thread-safe (non-blocking; runs on gRPC's threads).
class BearerTokenAuthProcessor : public grpc::AuthMetadataProcessor {
 public:
  BearerTokenAuthProcessor(std::shared_ptr<const AuthTokenStore> store,
                           bool exempt_health)
      : store_(std::move(store)), exempt_health_(exempt_health) {}

  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata,
                       grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const std::shared_ptr<const AuthTokenStore> store_;
  const bool exempt_health_;
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_AUTH_TOKENS_H_

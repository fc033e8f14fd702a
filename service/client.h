// A client for a remote Byline server that returns the searcher's own C++
// types, so that `byline search --server` prints exactly as local search.
#ifndef BYLINE_SERVICE_CLIENT_H_
#define BYLINE_SERVICE_CLIENT_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "byline/v1/search.grpc.pb.h"
#include "searcher/searcher.h"
#include "service/transport_security.h"

namespace byline::service {

// How a RemoteSearcher reaches its server.
struct RemoteOptions {
  absl::Duration timeout = absl::Seconds(10);  // per call
  TlsClientOptions tls;                        // plaintext unless tls.ca_file
  // A file holding a bearer token (service/auth_tokens.h,
  // ReadBearerTokenFile), sent as `authorization: Bearer` with every call.
  std::string token_file;
};

// Thread safety: thread-safe (gRPC stubs are).
class RemoteSearcher {
 public:
  // `target` is host:port. Connects lazily; errors surface on calls.
  // Errors: those of MakeChannelCredentials and ReadBearerTokenFile.
  static absl::StatusOr<std::unique_ptr<RemoteSearcher>> Create(
      const std::string& target, const RemoteOptions& options);

  // Plaintext, without a token. Connects lazily.
  RemoteSearcher(const std::string& target, absl::Duration timeout);

  // Runs `request` remotely. request.offset is honoured by walking page
  // tokens, in pages no larger than the server's cap. Errors carry the
  // server's status code and message; a request over the server's limits
  // (ServerLimits, read once from Stats) is refused here, before sending,
  // with InvalidArgument naming the limit.
  absl::StatusOr<SearchResult> Search(const SearchRequest& request);
  // The server's limits, from its Stats (one call, then cached); empty
  // (all zero) from a server that does not report them.
  absl::StatusOr<byline::v1::ServerLimits> Limits();
  absl::StatusOr<IndexStats> Stats();

  // Entity look-up on the server (ListEntities): as
  // Searcher::ListEntities, with the server's status code and message.
  absl::StatusOr<EntityList> ListEntities(const EntityListRequest& request);

 private:
  RemoteSearcher(std::unique_ptr<byline::v1::SearchService::Stub> stub,
                 absl::Duration timeout, std::string authorization);

  // Deadline and authorization metadata for one call.
  void Prepare(grpc::ClientContext* context) const;

  std::unique_ptr<byline::v1::SearchService::Stub> stub_;
  absl::Duration timeout_;
  std::string authorization_;  // "Bearer TOKEN", or empty
  absl::Mutex limits_mu_;
  std::optional<byline::v1::ServerLimits> limits_ ABSL_GUARDED_BY(limits_mu_);
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_CLIENT_H_

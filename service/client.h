// A client for a remote Byline server that returns the searcher's own C++
// types, so that `byline search --server` prints exactly as local search.
#ifndef BYLINE_SERVICE_CLIENT_H_
#define BYLINE_SERVICE_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "byline/v1/search.grpc.pb.h"
#include "searcher/searcher.h"

namespace byline::service {

// Thread safety: thread-safe (gRPC stubs are).
class RemoteSearcher {
 public:
  // `target` is host:port. Connects lazily; errors surface on calls.
  RemoteSearcher(const std::string& target, absl::Duration timeout);

  // Runs `request` remotely. request.offset is honoured by walking page
  // tokens. Errors carry the server's status code and message.
  absl::StatusOr<SearchResult> Search(const SearchRequest& request);
  absl::StatusOr<IndexStats> Stats();

 private:
  std::unique_ptr<byline::v1::SearchService::Stub> stub_;
  absl::Duration timeout_;
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_CLIENT_H_

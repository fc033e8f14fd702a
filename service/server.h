// A running Byline gRPC server: SearchService plus the standard health
// service (grpc.health.v1) and server reflection, on one listening address.
#ifndef BYLINE_SERVICE_SERVER_H_
#define BYLINE_SERVICE_SERVER_H_

#include <grpcpp/server.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/search_service.h"
#include "service/searcher_pool.h"

namespace byline::service {

struct ServerOptions {
  // host:port to listen on; port 0 picks a free port (see Server::port()).
  // Loopback by default: exposing the service is a deliberate choice.
  std::string listen_address = "127.0.0.1:7700";
  SearcherPoolOptions pool;
  SearchServiceOptions service;
  int max_message_bytes = 4 << 20;  // largest response sent
};

// Thread safety: Shutdown() may be called from any thread, once.
class Server {
 public:
  // Opens the index (one Searcher per worker) and starts serving. Errors:
  // those of Searcher::Open; Unavailable if the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const std::string& index_path, ServerOptions options);

  ~Server();

  // The bound port (useful with port 0).
  int port() const { return port_; }

  // Stops accepting calls, lets in-flight ones finish for up to `grace`
  // (then cancels them), and stops the workers, which release their holds
  // on index generations.
  void Shutdown(absl::Duration grace);

 private:
  Server() = default;

  std::unique_ptr<SearcherPool> pool_;
  std::unique_ptr<SearchServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_SERVER_H_

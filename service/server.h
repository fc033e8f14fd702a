// A running Byline gRPC server: SearchService plus the standard health
// service (grpc.health.v1) and server reflection, on one listening address.
#ifndef BYLINE_SERVICE_SERVER_H_
#define BYLINE_SERVICE_SERVER_H_

#include <grpcpp/server.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/access_log.h"
#include "service/auth_tokens.h"
#include "service/metrics.h"
#include "service/metrics_http.h"
#include "service/search_service.h"
#include "service/searcher_pool.h"
#include "service/transport_security.h"

namespace byline::service {

// Bearer-token authentication (service/auth_tokens.h for the file format).
struct ServerAuthOptions {
  std::string tokens_file;    // empty: calls need no token
  bool exempt_health = true;  // grpc.health.v1.Health answers without one
};

struct ServerOptions {
  // host:port to listen on; port 0 picks a free port (see Server::port()).
  // Loopback by default: exposing the service is a deliberate choice.
  std::string listen_address = "127.0.0.1:7700";
  SearcherPoolOptions pool;
  SearchServiceOptions service;
  int max_message_bytes = 4 << 20;  // largest response sent
  // Transport security (service/transport_security.h): TLS, tokens, and
  // whether plaintext may listen beyond loopback.
  ServerAuthOptions auth;
  TlsServerOptions tls;
  bool insecure = false;

  // ---- Metrics and the access log (service/metrics*.h, access_log.h).
  // host:port of the Prometheus endpoint (GET /metrics); empty: none.
  // Loopback only unless metrics_allow_non_loopback.
  std::string metrics_listen_address;
  bool metrics_allow_non_loopback = false;
  // One JSON line per call appended to this file ("-": stderr); empty:
  // none.
  std::string access_log_path;
};

// Thread safety: Shutdown() may be called from any thread, once.
class Server {
 public:
  // Opens the index (one Searcher per worker) and starts serving. Errors:
  // those of Searcher::Open; Unavailable if the address cannot be bound;
  // InvalidArgument from CheckListenSecurity; those of reading the tokens
  // file and the TLS files.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const std::string& index_path, ServerOptions options);

  ~Server();

  // The bound port (useful with port 0).
  int port() const { return port_; }
  // The metrics endpoint's bound port; 0 without one.
  int metrics_port() const;

  // Stops accepting calls, lets in-flight ones finish for up to `grace`
  // (then cancels them), and stops the workers, which release their holds
  // on index generations.
  void Shutdown(absl::Duration grace);

  // Re-reads the tokens file (e.g. on SIGHUP); on error the tokens in force
  // stay and the error names the file and line. FailedPrecondition without
  // a tokens file. Thread-safe.
  absl::Status ReloadAuthTokens();
  // Tokens accepted now; 0 without authentication.
  size_t auth_token_count() const;

 private:
  Server() = default;

  std::unique_ptr<SearcherPool> pool_;
  // Metrics and the access log: before service_, which records into them.
  std::unique_ptr<ServiceMetrics> metrics_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<MetricsHttpServer> metrics_http_;
  std::unique_ptr<SearchServiceImpl> service_;
  std::shared_ptr<AuthTokenStore> auth_tokens_;  // null: no authentication
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_SERVER_H_

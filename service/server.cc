// gRPC server assembly.
#include "service/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "util/status_macros.h"

namespace byline::service {

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const std::string& index_path, ServerOptions options) {
  constexpr int kMinMessageBytes = 128 << 10;
  if (options.max_message_bytes < kMinMessageBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_message_bytes must be at least ", kMinMessageBytes,
                     ", not ", options.max_message_bytes));
  }
  std::unique_ptr<Server> server(new Server());
  // Transport security first: a bad flag or file fails before the index
  // is opened.
  BYLINE_RETURN_IF_ERROR(
      CheckListenSecurity(options.listen_address, options.tls, options.insecure,
                          !options.auth.tokens_file.empty()));
  std::shared_ptr<BearerTokenAuthProcessor> auth;
  if (!options.auth.tokens_file.empty()) {
    BYLINE_ASSIGN_OR_RETURN(server->auth_tokens_,
                            AuthTokenStore::Load(options.auth.tokens_file));
    auth = std::make_shared<BearerTokenAuthProcessor>(
        server->auth_tokens_, options.auth.exempt_health);
  }
  BYLINE_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                          MakeServerCredentials(options.listen_address,
                                                options.tls, std::move(auth)));
  BYLINE_ASSIGN_OR_RETURN(server->pool_,
                          SearcherPool::Create(index_path, options.pool));
  // Leave room for the fields around the body or passages.
  const size_t payload_bytes =
      static_cast<size_t>(options.max_message_bytes) - (64 << 10);
  options.service.max_body_chunk_bytes =
      std::min(options.service.max_body_chunk_bytes, payload_bytes);
  options.service.max_response_bytes =
      std::min(options.service.max_response_bytes, payload_bytes);
  // ---- Limits reported by Stats, metrics and the access log.
  options.service.max_result_window = options.pool.searcher.max_result_window;
  options.service.max_facet_articles =
      options.pool.searcher.max_facet_articles;
  options.service.max_message_bytes =
      static_cast<uint32_t>(options.max_message_bytes);
  SearchServiceObservers observers;
  if (!options.metrics_listen_address.empty()) {
    server->metrics_ = std::make_unique<ServiceMetrics>(CurrentBuildInfo(),
                                                        SearchServiceMethods());
    observers.metrics = server->metrics_.get();
    // The index gauges from the start; later generations as they go live.
    RefreshIndexGauges(server->pool_.get(), server->metrics_.get(),
                       absl::Seconds(30));
    MetricsHttpOptions http;
    http.listen_address = options.metrics_listen_address;
    http.allow_non_loopback = options.metrics_allow_non_loopback;
    ServiceMetrics* metrics = server->metrics_.get();
    SearcherPool* pool = server->pool_.get();
    BYLINE_ASSIGN_OR_RETURN(
        server->metrics_http_, MetricsHttpServer::Start(http, [metrics, pool] {
          MetricsSnapshot snapshot = metrics->Snapshot();
          snapshot.queue_depth = pool->queued();
          snapshot.queue_capacity = pool->max_queued();
          snapshot.workers = static_cast<uint64_t>(pool->workers());
          snapshot.busy_workers = static_cast<uint64_t>(pool->busy());
          return RenderPrometheusText(snapshot);
        }));
  }
  if (!options.access_log_path.empty()) {
    BYLINE_ASSIGN_OR_RETURN(server->access_log_,
                            AccessLog::Open(options.access_log_path));
    observers.access_log = server->access_log_.get();
  }
  server->service_ = std::make_unique<SearchServiceImpl>(
      server->pool_.get(), options.service, observers);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, credentials, &server->port_);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.RegisterService(server->service_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen_address,
        options.tls.enabled()
            ? " (in use, not an address of this machine, or the TLS "
              "certificate and key do not match?)"
            : " (in use, or not an address of this machine?)"));
  }
  server->server_->GetHealthCheckService()->SetServingStatus(true);
  return server;
}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

int Server::metrics_port() const {
  return metrics_http_ == nullptr ? 0 : metrics_http_->port();
}

absl::Status Server::ReloadAuthTokens() {
  if (auth_tokens_ == nullptr) {
    return absl::FailedPreconditionError("the server has no tokens file");
  }
  return auth_tokens_->Reload();
}

size_t Server::auth_token_count() const {
  return auth_tokens_ == nullptr ? 0 : auth_tokens_->size();
}

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  if (server_ != nullptr) {
    server_->GetHealthCheckService()->SetServingStatus(false);
    server_->Shutdown(std::chrono::system_clock::now() +
                      absl::ToChronoMilliseconds(grace));
    server_->Wait();
  }
  // The last scrape may see the drained server; then the endpoint goes.
  if (metrics_http_ != nullptr) metrics_http_->Stop();
  if (pool_ != nullptr) pool_->Shutdown();
}

}  // namespace byline::service

// gRPC server assembly.
#include "service/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <chrono>

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
  BYLINE_ASSIGN_OR_RETURN(server->pool_,
                          SearcherPool::Create(index_path, options.pool));
  // Leave room for the fields around the body or passages.
  const size_t payload_bytes =
      static_cast<size_t>(options.max_message_bytes) - (64 << 10);
  options.service.max_body_chunk_bytes =
      std::min(options.service.max_body_chunk_bytes, payload_bytes);
  options.service.max_response_bytes =
      std::min(options.service.max_response_bytes, payload_bytes);
  server->service_ =
      std::make_unique<SearchServiceImpl>(server->pool_.get(), options.service);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address,
                           grpc::InsecureServerCredentials(), &server->port_);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.RegisterService(server->service_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     " (in use, or not an address of this machine?)"));
  }
  server->server_->GetHealthCheckService()->SetServingStatus(true);
  return server;
}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  if (server_ != nullptr) {
    server_->GetHealthCheckService()->SetServingStatus(false);
    server_->Shutdown(std::chrono::system_clock::now() +
                      absl::ToChronoMilliseconds(grace));
    server_->Wait();
  }
  if (pool_ != nullptr) pool_->Shutdown();
}

}  // namespace byline::service

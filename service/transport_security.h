// Transport security for the gRPC service and its clients: TLS options
// (certificate files) turned into gRPC credentials, and the rule that a
// server listens beyond loopback only with TLS (or when told --insecure).
#ifndef BYLINE_SERVICE_TRANSPORT_SECURITY_H_
#define BYLINE_SERVICE_TRANSPORT_SECURITY_H_

#include <grpcpp/security/auth_metadata_processor.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace byline::service {

// Server side: TLS is on when cert_file is set (key_file then required).
struct TlsServerOptions {
  std::string cert_file;       // PEM certificate chain of the server
  std::string key_file;        // PEM private key of the server
  std::string client_ca_file;  // PEM CAs: require and verify client certs

  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

// Client side: TLS is on when ca_file is set.
struct TlsClientOptions {
  std::string ca_file;    // PEM CAs that verify the server's certificate
  std::string cert_file;  // PEM client certificate (mutual TLS), with key
  std::string key_file;   // PEM client private key

  bool enabled() const { return !ca_file.empty(); }
};

// Whether a listen address (host:port, [v6]:port or unix:path) only accepts
// connections from this machine: 127.0.0.0/8, [::1], localhost or a Unix
// socket. An empty host, 0.0.0.0, [::] and any other name are not.
bool IsLoopbackAddress(const std::string& listen_address);

// The refusal of an exposed plaintext server: InvalidArgument if
// `listen_address` is not loopback, TLS is off and `insecure` is false.
// Also InvalidArgument for TLS options that do not fit together (a
// certificate without a key, a client CA without TLS), and for bearer
// tokens on a non-loopback plaintext address (`with_tokens`; gRPC checks
// them on plaintext connections from loopback peers only).
absl::Status CheckListenSecurity(const std::string& listen_address,
                                 const TlsServerOptions& tls, bool insecure,
                                 bool with_tokens);

// Credentials for listening on `listen_address`: TLS (mutual with a client
// CA) when tls.enabled(), else plaintext. With `auth` (may be null) every
// call passes through it; a plaintext listener then uses gRPC's local
// credentials (loopback or Unix socket peers only, still plaintext on the
// wire). Errors: NotFound/Internal for unreadable files, InvalidArgument
// for files that are not PEM.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const std::string& listen_address, const TlsServerOptions& tls,
    std::shared_ptr<grpc::AuthMetadataProcessor> auth);

// Channel credentials for a client: TLS verified against tls.ca_file (with
// the client pair for mutual TLS) when tls.enabled(), else plaintext.
// Errors: InvalidArgument for a client certificate without a key (or the
// reverse) or without a CA, or files that are not PEM; NotFound/Internal
// for unreadable files.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const TlsClientOptions& tls);

}  // namespace byline::service

#endif  // BYLINE_SERVICE_TRANSPORT_SECURITY_H_

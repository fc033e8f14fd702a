// TLS options to gRPC credentials, and the loopback rule.
#include "service/transport_security.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "util/durable_file.h"
#include "util/status_macros.h"

namespace byline::service {
namespace {

enum class Pem { kCertificate, kPrivateKey };

// Reads a PEM file; `what` names its role (the flag) in errors.
absl::StatusOr<std::string> ReadPem(const std::string& path,
                                    absl::string_view what, Pem kind) {
  absl::StatusOr<std::string> text = ReadSmallFile(path);
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        absl::StrCat(what, ": ", text.status().message()));
  }
  const bool looks_right =
      kind == Pem::kCertificate
          ? absl::StrContains(*text, "-----BEGIN CERTIFICATE-----")
          : absl::StrContains(*text, "PRIVATE KEY-----");
  if (!looks_right) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, ": ", path, " is not a PEM ",
        kind == Pem::kCertificate ? "certificate" : "private key"));
  }
  return text;
}

bool IsUnixAddress(absl::string_view address) {
  return absl::StartsWith(address, "unix:") ||
         absl::StartsWith(address, "unix-abstract:");
}

}  // namespace

bool IsLoopbackAddress(const std::string& listen_address) {
  absl::string_view address = listen_address;
  if (IsUnixAddress(address)) return true;
  absl::string_view host = address;
  if (const size_t colon = address.rfind(':');
      colon != absl::string_view::npos &&
      (address.front() != '[' || (colon > 0 && address[colon - 1] == ']'))) {
    host = address.substr(0, colon);
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  const std::string h(host);
  in_addr v4;
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6) ||
           (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
  }
  return false;
}

absl::Status CheckListenSecurity(const std::string& listen_address,
                                 const TlsServerOptions& tls, bool insecure,
                                 bool with_tokens) {
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs both a certificate (--tls_cert) and its private key "
        "(--tls_key)");
  }
  if (!tls.client_ca_file.empty() && !tls.enabled()) {
    return absl::InvalidArgumentError(
        "a client CA (--tls_client_ca) needs TLS (--tls_cert and --tls_key)");
  }
  if (tls.enabled() || IsLoopbackAddress(listen_address)) {
    return absl::OkStatus();
  }
  if (!insecure) {
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing to listen on ", listen_address,
        " without TLS: that address accepts other machines. Give "
        "--tls_cert and --tls_key, or --insecure to serve plaintext anyway"));
  }
  if (with_tokens) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bearer tokens on plaintext ", listen_address,
        " would cross the network in clear (and gRPC checks them on "
        "plaintext connections from this machine only): give --tls_cert and "
        "--tls_key"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const std::string& listen_address, const TlsServerOptions& tls,
    std::shared_ptr<grpc::AuthMetadataProcessor> auth) {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (tls.enabled()) {
    grpc::SslServerCredentialsOptions ssl(
        tls.client_ca_file.empty()
            ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
    BYLINE_ASSIGN_OR_RETURN(
        pair.cert_chain,
        ReadPem(tls.cert_file, "--tls_cert", Pem::kCertificate));
    BYLINE_ASSIGN_OR_RETURN(
        pair.private_key, ReadPem(tls.key_file, "--tls_key", Pem::kPrivateKey));
    ssl.pem_key_cert_pairs.push_back(std::move(pair));
    if (!tls.client_ca_file.empty()) {
      BYLINE_ASSIGN_OR_RETURN(
          ssl.pem_root_certs,
          ReadPem(tls.client_ca_file, "--tls_client_ca", Pem::kCertificate));
    }
    credentials = grpc::SslServerCredentials(ssl);
  } else if (auth != nullptr) {
    // Insecure credentials cannot carry an AuthMetadataProcessor; local
    // ones can, and are plaintext on the wire for any gRPC client.
    credentials = grpc::experimental::LocalServerCredentials(
        IsUnixAddress(listen_address) ? UDS : LOCAL_TCP);
  } else {
    return grpc::InsecureServerCredentials();
  }
  if (auth != nullptr) credentials->SetAuthMetadataProcessor(std::move(auth));
  return credentials;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const TlsClientOptions& tls) {
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return absl::InvalidArgumentError(
        "a client certificate (--tls_client_cert) needs its private key "
        "(--tls_client_key), and the reverse");
  }
  if (!tls.enabled()) {
    if (!tls.cert_file.empty()) {
      return absl::InvalidArgumentError(
          "a client certificate needs TLS: give the server's CA with "
          "--tls_ca");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions ssl;
  BYLINE_ASSIGN_OR_RETURN(ssl.pem_root_certs,
                          ReadPem(tls.ca_file, "--tls_ca", Pem::kCertificate));
  if (!tls.cert_file.empty()) {
    BYLINE_ASSIGN_OR_RETURN(
        ssl.pem_cert_chain,
        ReadPem(tls.cert_file, "--tls_client_cert", Pem::kCertificate));
    BYLINE_ASSIGN_OR_RETURN(
        ssl.pem_private_key,
        ReadPem(tls.key_file, "--tls_client_key", Pem::kPrivateKey));
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace byline::service

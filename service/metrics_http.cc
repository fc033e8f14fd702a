// MetricsHttpServer on civetweb's C API.
#include "service/metrics_http.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace byline::service {
namespace {

struct HostPort {
  std::string host;  // without brackets
  bool ipv6 = false;
  int port = 0;
};

// "host:port" or "[v6]:port"; false when malformed.
bool SplitHostPort(absl::string_view text, HostPort* out) {
  const size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos || colon == 0) return false;
  absl::string_view host = text.substr(0, colon);
  const absl::string_view port = text.substr(colon + 1);
  if (port.empty() || !absl::SimpleAtoi(port, &out->port) || out->port < 0 ||
      out->port > 65535) {
    return false;
  }
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    host = host.substr(1, host.size() - 2);
    out->ipv6 = true;
  }
  out->host = std::string(host);
  return true;
}

bool IsLoopbackHost(const HostPort& hp) {
  if (absl::AsciiStrToLower(hp.host) == "localhost") return true;
  if (hp.ipv6) {
    in6_addr a6;
    return inet_pton(AF_INET6, hp.host.c_str(), &a6) == 1 &&
           IN6_IS_ADDR_LOOPBACK(&a6);
  }
  in_addr a4;
  return inet_pton(AF_INET, hp.host.c_str(), &a4) == 1 &&
         (ntohl(a4.s_addr) >> 24) == 127;
}

}  // namespace

bool IsLoopbackHostPort(absl::string_view host_port) {
  HostPort hp;
  return SplitHostPort(host_port, &hp) && IsLoopbackHost(hp);
}

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const MetricsHttpOptions& options, Render render) {
  HostPort hp;
  if (!SplitHostPort(options.listen_address, &hp)) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address '", options.listen_address,
                     "' is not host:port (e.g. 127.0.0.1:9464)"));
  }
  if (!options.allow_non_loopback && !IsLoopbackHost(hp)) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address '", options.listen_address,
                     "' is not a loopback address; the metrics endpoint has no "
                     "authentication, so serving it to other machines needs "
                     "--metrics_allow_remote"));
  }
  // civetweb takes IPv4 "a.b.c.d:port" and IPv6 "[addr]:port".
  std::string host = hp.host;
  if (absl::AsciiStrToLower(host) == "localhost") host = "127.0.0.1";
  in_addr a4;
  in6_addr a6;
  if (!hp.ipv6 && inet_pton(AF_INET, host.c_str(), &a4) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address '", options.listen_address,
                     "': the host must be an IP address or localhost"));
  }
  if (hp.ipv6 && inet_pton(AF_INET6, host.c_str(), &a6) != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics address '", options.listen_address, "': not an IPv6 address"));
  }
  const std::string ports = hp.ipv6 ? absl::StrCat("[", host, "]:", hp.port)
                                    : absl::StrCat(host, ":", hp.port);

  std::unique_ptr<MetricsHttpServer> server(
      new MetricsHttpServer(std::move(render)));
  mg_init_library(0);
  server->library_ready_ = true;
  const char* config[] = {"listening_ports",
                          ports.c_str(),
                          "num_threads",
                          "2",
                          "request_timeout_ms",
                          "10000",
                          "enable_keep_alive",
                          "no",
                          nullptr};
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof(callbacks));
  mg_init_data init;
  std::memset(&init, 0, sizeof(init));
  init.callbacks = &callbacks;
  init.user_data = server.get();
  init.configuration_options = config;
  char error_text[256] = "";
  unsigned error_code = 0;
  mg_error_data error;
  std::memset(&error, 0, sizeof(error));
  error.code = &error_code;
  error.text = error_text;
  error.text_buffer_size = sizeof(error_text);
  server->context_ = mg_start2(&init, &error);
  if (server->context_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", options.listen_address, ": ",
                     error_text[0] != '\0' ? error_text : "civetweb failed",
                     " (in use, or not an address of this machine?)"));
  }
  // One handler for every path: it answers /metrics and 404s the rest.
  mg_set_request_handler(server->context_, "/", &MetricsHttpServer::Handle,
                         server.get());
  mg_server_port bound[4];
  const int n = mg_get_server_ports(server->context_, 4, bound);
  if (n < 1 || bound[0].port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot tell the port the metrics endpoint listens on (",
                     options.listen_address, ")"));
  }
  server->port_ = bound[0].port;
  return server;
}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

void MetricsHttpServer::Stop() {
  if (context_ != nullptr) {
    mg_stop(context_);
    context_ = nullptr;
  }
  if (library_ready_) {
    mg_exit_library();
    library_ready_ = false;
  }
}

int MetricsHttpServer::Handle(mg_connection* conn, void* self) {
  const mg_request_info* info = mg_get_request_info(conn);
  if (info->local_uri == nullptr ||
      std::strcmp(info->local_uri, "/metrics") != 0) {
    return HandleOther(conn);
  }
  const bool head = std::strcmp(info->request_method, "HEAD") == 0;
  if (!head && std::strcmp(info->request_method, "GET") != 0) {
    mg_printf(conn,
              "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\n"
              "Content-Length: 0\r\nConnection: close\r\n\r\n");
    return 405;
  }
  const std::string body = static_cast<MetricsHttpServer*>(self)->render_();
  mg_printf(conn,
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
            "Content-Length: %zu\r\nCache-Control: no-store\r\n"
            "Connection: close\r\n\r\n",
            body.size());
  if (!head) mg_write(conn, body.data(), body.size());
  return 200;
}

int MetricsHttpServer::HandleOther(mg_connection* conn) {
  constexpr absl::string_view kBody =
      "not found; the metrics are at /metrics\n";
  mg_printf(conn,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
            "Content-Length: %zu\r\nConnection: close\r\n\r\n",
            kBody.size());
  mg_write(conn, kBody.data(), kBody.size());
  return 404;
}

}  // namespace byline::service

// The Prometheus scrape endpoint: an embedded HTTP server (Debian's
// civetweb) that answers GET /metrics with the text a callback renders and
// 404 to anything else. Started and stopped by service::Server.
#ifndef BYLINE_SERVICE_METRICS_HTTP_H_
#define BYLINE_SERVICE_METRICS_HTTP_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct mg_context;
struct mg_connection;

namespace byline::service {

// Whether the host of `host_port` ("127.0.0.1:9464", "[::1]:9464",
// "localhost:9464") is a loopback address.
bool IsLoopbackHostPort(absl::string_view host_port);

struct MetricsHttpOptions {
  // host:port; port 0 picks a free port (see port()).
  std::string listen_address = "127.0.0.1:9464";
  // Without this, a non-loopback listen_address is refused: the metrics
  // name the index and its size, and have no authentication.
  bool allow_non_loopback = false;
};

// Thread safety: `render` is called on civetweb's threads, possibly
// concurrently, until Stop() returns; it must be thread-safe.
class MetricsHttpServer {
 public:
  using Render = std::function<std::string()>;

  // Errors: InvalidArgument for a malformed or (without allow_non_loopback)
  // non-loopback address; Unavailable when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const MetricsHttpOptions& options, Render render);

  // Stops.
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // The bound port.
  int port() const { return port_; }

  // Stops serving, waiting for scrapes in progress. Idempotent.
  void Stop();

 private:
  explicit MetricsHttpServer(Render render) : render_(std::move(render)) {}
  // civetweb's request handler (`self` is the server).
  static int Handle(mg_connection* conn, void* self);
  static int HandleOther(mg_connection* conn);

  const Render render_;
  mg_context* context_ = nullptr;
  bool library_ready_ = false;
  int port_ = 0;
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_METRICS_HTTP_H_

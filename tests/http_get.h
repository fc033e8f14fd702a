// A tiny HTTP/1.0 client for tests: one GET over a plain POSIX socket to a
// loopback port, with send and receive timeouts, returning the status code
// and body. Enough to scrape the metrics endpoint as Prometheus would.
#ifndef BYLINE_TESTS_HTTP_GET_H_
#define BYLINE_TESTS_HTTP_GET_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace byline::testing {

struct HttpResponse {
  int status = 0;
  std::string headers;  // the status line and headers
  std::string body;
};

// GET `path` from 127.0.0.1:`port` (or `method` instead of GET). Each
// socket operation times out after `timeout_ms`.
inline absl::StatusOr<HttpResponse> HttpGet(int port, const std::string& path,
                                            const std::string& method = "GET",
                                            int timeout_ms = 5000) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("socket failed");
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return absl::UnavailableError(
        absl::StrCat("cannot connect to port ", port));
  }
  const std::string request = absl::StrCat(method, " ", path,
                                           " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                                           "Connection: close\r\n\r\n");
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n =
        ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      ::close(fd);
      return absl::UnavailableError("send failed or timed out");
    }
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buffer[16384];
  for (int reads = 0; reads < 100000; ++reads) {
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n == 0) break;
    if (n < 0) {
      ::close(fd);
      return absl::DeadlineExceededError("recv failed or timed out");
    }
    raw.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  const size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos || raw.compare(0, 5, "HTTP/") != 0) {
    return absl::DataLossError(absl::StrCat("not an HTTP response: ", raw));
  }
  HttpResponse response;
  response.headers = raw.substr(0, end);
  response.body = raw.substr(end + 4);
  const size_t space = raw.find(' ');
  if (space == std::string::npos ||
      !absl::SimpleAtoi(raw.substr(space + 1, 3), &response.status)) {
    return absl::DataLossError("no status code");
  }
  return response;
}

}  // namespace byline::testing

#endif  // BYLINE_TESTS_HTTP_GET_H_

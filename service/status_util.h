// Conversions between absl::Status (used inside Byline's libraries) and
// grpc::Status (used only at the service boundary).
#ifndef BYLINE_SERVICE_STATUS_UTIL_H_
#define BYLINE_SERVICE_STATUS_UTIL_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace byline::service {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace byline::service

#endif  // BYLINE_SERVICE_STATUS_UTIL_H_

// Status propagation helpers. Abseil 20220623 ships absl::Status but not the
// RETURN_IF_ERROR / ASSIGN_OR_RETURN macros, so Byline defines its own once.
#ifndef BYLINE_UTIL_STATUS_MACROS_H_
#define BYLINE_UTIL_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define BYLINE_CONCAT_INNER_(a, b) a##b
#define BYLINE_CONCAT_(a, b) BYLINE_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status); returns it from the enclosing function
// if it is not OK.
#define BYLINE_RETURN_IF_ERROR(expr)                    \
  do {                                                  \
    ::absl::Status byline_status_ = (expr);             \
    if (!byline_status_.ok()) return byline_status_;    \
  } while (false)

// `BYLINE_ASSIGN_OR_RETURN(auto x, Foo());` evaluates Foo() (an
// absl::StatusOr<T>), returns its status on error, else moves the value
// into the declaration on the left.
#define BYLINE_ASSIGN_OR_RETURN(lhs, expr) \
  BYLINE_ASSIGN_OR_RETURN_IMPL_(BYLINE_CONCAT_(byline_statusor_, __LINE__), lhs, expr)

#define BYLINE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()

#endif  // BYLINE_UTIL_STATUS_MACROS_H_

// The one place where Xapian's exceptions become absl::Status. Every
// adapter that calls Xapian (the index writer, the index layout, the jobs,
// the searcher) catches Xapian::Error and returns XapianStatus(e, what).
// Header-only so that byline_util itself does not link Xapian; include it
// only from code that already does.
#ifndef BYLINE_UTIL_XAPIAN_STATUS_H_
#define BYLINE_UTIL_XAPIAN_STATUS_H_

#include <xapian.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace byline {

// "what: Type: message", with a code by the kind of failure:
//   DatabaseLockError               Unavailable (another writer holds it)
//   DatabaseOpeningError/NotFound   NotFound
//   DatabaseModifiedError           Aborted (reopen and retry)
//   Network(Timeout)Error           Unavailable (a remote shard)
//   DatabaseCorruptError            DataLoss
//   InvalidArgument/QueryParser/
//   RangeError                      InvalidArgument
//   Unimplemented                   Unimplemented
//   anything else                   Internal
inline absl::Status XapianStatus(const Xapian::Error& e,
                                 absl::string_view what) {
  const std::string message =
      absl::StrCat(what, ": ", e.get_type(), ": ", e.get_msg());
  const absl::string_view type = e.get_type();
  if (type == "DatabaseLockError") {
    return absl::UnavailableError(
        absl::StrCat(message, " (another job or writer holds it)"));
  }
  if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError") {
    return absl::NotFoundError(message);
  }
  if (type == "DatabaseModifiedError") return absl::AbortedError(message);
  if (type == "NetworkError" || type == "NetworkTimeoutError") {
    return absl::UnavailableError(message);
  }
  if (type == "DatabaseCorruptError") return absl::DataLossError(message);
  if (type == "InvalidArgumentError" || type == "QueryParserError" ||
      type == "RangeError") {
    return absl::InvalidArgumentError(message);
  }
  if (type == "UnimplementedError") return absl::UnimplementedError(message);
  return absl::InternalError(message);
}

}  // namespace byline

#endif  // BYLINE_UTIL_XAPIAN_STATUS_H_

// Opaque page tokens for Search: the offset of the next page, bound to the
// request it came from so that a token is not reused with another query.
#ifndef BYLINE_SERVICE_PAGE_TOKEN_H_
#define BYLINE_SERVICE_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "byline/v1/search.pb.h"

namespace byline::service {

// A stable fingerprint of everything in `request` that shapes the result
// list (query, sort, filters, passages per article), not page size or token.
uint64_t RequestFingerprint(const byline::v1::SearchRequest& request);

std::string EncodePageToken(uint32_t offset, uint64_t fingerprint);

// Returns the offset. InvalidArgument if the token is malformed or was made
// for a different request.
absl::StatusOr<uint32_t> DecodePageToken(const std::string& token,
                                         uint64_t fingerprint);

}  // namespace byline::service

#endif  // BYLINE_SERVICE_PAGE_TOKEN_H_

// Opaque page tokens for Search: the offset of the next page and the index
// generation the first page came from (later pages are served from that
// generation, so that a swap never repeats or skips a result), bound to the
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

struct PageToken {
  uint32_t offset = 0;      // results (articles) to skip
  std::string generation;   // "gen-000004"; "" for an index without them
  bool operator==(const PageToken&) const = default;
};

// Web-safe base64 of "v3:<offset>:<generation>:<fingerprint hex>".
std::string EncodePageToken(const PageToken& token, uint64_t fingerprint);

// InvalidArgument if the token is malformed, comes from an older server
// (v1 and v2 tokens, which name no generation) or was made for a different
// request.
absl::StatusOr<PageToken> DecodePageToken(const std::string& token,
                                          uint64_t fingerprint);

}  // namespace byline::service

#endif  // BYLINE_SERVICE_PAGE_TOKEN_H_

// Page tokens: web-safe base64 of "v3:<offset>:<gen>:<fingerprint hex>",
// the offset counting results (articles), <gen> the generation the results
// come from ("" for an index without generations). The fingerprint comes
// last so that a truncated token never decodes to another generation. v1
// tokens counted passages (index schema 1) and v2 tokens named no
// generation: both are refused.
#include "service/page_token.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "generations/index_directory.h"

namespace byline::service {
namespace {

// FNV-1a: stable across processes and builds, unlike absl::Hash.
class Fnv1a {
 public:
  void Add(absl::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ = (hash_ ^ c) * 1099511628211ull;
    }
    // A separator so that ("ab","c") and ("a","bc") differ.
    hash_ = (hash_ ^ 0xff) * 1099511628211ull;
  }
  void Add(int64_t value) { Add(absl::StrCat(value)); }
  uint64_t hash() const { return hash_; }

 private:
  uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace

uint64_t RequestFingerprint(const byline::v1::SearchRequest& r) {
  Fnv1a h;
  h.Add(r.query());
  // Requests that mean the same get the same fingerprint: unset sort is
  // relevance, 0 passages per article is 1, sources are a set.
  h.Add(static_cast<int64_t>(r.sort() == byline::v1::SORT_ORDER_UNSPECIFIED
                                 ? byline::v1::SORT_ORDER_RELEVANCE
                                 : r.sort()));
  h.Add(static_cast<int64_t>(std::max(1, r.passages_per_article())));
  std::vector<std::string> sources(r.sources().begin(), r.sources().end());
  std::sort(sources.begin(), sources.end());
  sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  for (const std::string& s : sources) h.Add(s);
  // Entity filters narrow the results (facets do not): as sets, and only
  // when present, so tokens of requests without them are unchanged.
  for (const byline::v1::EntityFilter& f : r.entity_filters()) {
    std::vector<std::string> ids(f.ids().begin(), f.ids().end());
    std::sort(ids.begin(), ids.end());
    h.Add(static_cast<int64_t>(f.field()));
    for (const std::string& id : ids) h.Add(id);
  }
  for (const auto* d : {&r.published_from(), &r.published_to()}) {
    h.Add(static_cast<int64_t>(d->year()));
    h.Add(static_cast<int64_t>(d->month()));
    h.Add(static_cast<int64_t>(d->day()));
  }
  return h.hash();
}

std::string EncodePageToken(const PageToken& token, uint64_t fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat(
      "v3:", token.offset, ":", token.generation, ":", absl::Hex(fingerprint)));
}

absl::StatusOr<PageToken> DecodePageToken(const std::string& token,
                                          uint64_t fingerprint) {
  std::string raw;
  std::vector<absl::string_view> parts;
  PageToken decoded;
  uint64_t token_fingerprint = 0;
  const bool unescaped = absl::WebSafeBase64Unescape(token, &raw);
  if (unescaped && absl::StartsWith(raw, "v1:")) {
    return absl::InvalidArgumentError(
        "page_token comes from an older Byline server (it counted passages); "
        "ask for the first page again");
  }
  if (unescaped && absl::StartsWith(raw, "v2:")) {
    return absl::InvalidArgumentError(
        "page_token comes from an older Byline server (it names no index "
        "generation); ask for the first page again");
  }
  if (!unescaped || (parts = absl::StrSplit(raw, ':')).size() != 4 ||
      parts[0] != "v3" || !absl::SimpleAtoi(parts[1], &decoded.offset) ||
      (!parts[2].empty() && !generations::ParseGenerationName(parts[2])) ||
      !absl::SimpleHexAtoi(parts[3], &token_fingerprint)) {
    return absl::InvalidArgumentError("page_token is malformed");
  }
  if (token_fingerprint != fingerprint) {
    return absl::InvalidArgumentError(
        "page_token belongs to a different query, sort, filter or "
        "passages_per_article");
  }
  decoded.generation = std::string(parts[2]);
  return decoded;
}

}  // namespace byline::service

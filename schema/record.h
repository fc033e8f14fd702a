// The record stored as each passage document's data: the passage's text and
// offsets, its article's fields, and (on the article's first passage only)
// the whole body. A small versioned binary encoding, shared by indexer and
// searcher.
#ifndef BYLINE_SCHEMA_RECORD_H_
#define BYLINE_SCHEMA_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace byline::schema {

// An article's descriptive fields (everything but the body).
struct ArticleMeta {
  std::string id;
  std::string title;
  std::string source;
  std::string url;
  std::string language;                 // ISO 639-1, e.g. "en"
  std::optional<absl::Time> published;  // absent: undated article
};

struct StoredPassage {
  ArticleMeta article;
  uint32_t passage_index = 0;  // 0-based order within the article
  uint32_t passage_count = 0;  // passages in the article
  // body[start_byte, end_byte) == text; code point offsets likewise.
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  uint32_t start_char = 0;
  uint32_t end_char = 0;
  std::string text;
  // The whole article body; set on passage 0 only.
  std::optional<std::string> body;
};

// Encodes `passage` for Xapian::Document::set_data.
std::string EncodeStoredPassage(const StoredPassage& passage);

// Decodes what EncodeStoredPassage wrote. Returns DataLoss for truncated or
// foreign data and FailedPrecondition for an unknown record version.
absl::StatusOr<StoredPassage> DecodeStoredPassage(absl::string_view data);

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_RECORD_H_

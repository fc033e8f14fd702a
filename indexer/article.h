// An article as read from input, before analysis, and the limits every input
// format applies to it.
#ifndef BYLINE_INDEXER_ARTICLE_H_
#define BYLINE_INDEXER_ARTICLE_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "schema/record.h"

namespace byline {

struct Article {
  std::string id;        // required, unique key; re-indexing replaces
  std::string title;     // may be empty
  std::string body;      // required, non-empty
  std::string source;    // may be empty
  std::string url;       // may be empty
  std::string language = "en";          // ISO 639-1
  std::optional<absl::Time> published;  // absent: undated
  // A tombstone (JSON Lines `"deleted": true`): remove article `id`; only
  // the id is set then. SGML and text inputs never produce one.
  bool deleted = false;

  // The fields stored with every passage (all but the body).
  schema::ArticleMeta Meta() const;
};

struct ArticleLimits {
  // Bodies longer than this are rejected. Configurable with
  // `byline index --max_body_bytes`.
  size_t max_body_bytes = 4 << 20;
  // Titles longer than this are rejected.
  size_t max_title_bytes = 4096;
};

}  // namespace byline

#endif  // BYLINE_INDEXER_ARTICLE_H_

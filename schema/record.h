// The record stored as each article document's data: the article's fields,
// its body (the only copy of its text in the index), the bounds of its
// passages and its entity mentions. A small versioned binary encoding,
// shared by indexer and searcher; a passage's text is cut out of the body by
// its bounds.
#ifndef BYLINE_SCHEMA_RECORD_H_
#define BYLINE_SCHEMA_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "schema/schema.h"

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

// One passage of an article: body[start_byte, end_byte) is its text;
// start_char/end_char are the same span in code points.
struct PassageBounds {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  uint32_t start_char = 0;
  uint32_t end_char = 0;

  bool operator==(const PassageBounds&) const = default;
};

// A mention of a canonical entity: body[start_byte, end_byte) names it.
struct EntityMention {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  uint32_t entity = 0;  // index into StoredArticle::entities

  bool operator==(const EntityMention&) const = default;
};

// A canonical entity named by the article.
struct ArticleEntity {
  EntityType type = EntityType::kMisc;
  // The entity's stable id, ner::EntityId: 16 lowercase hex digits (as in
  // EntityTerm() and EntityValue()).
  std::string id;
  // The linker's display name in this article: its most frequent full form.
  std::string display_name;

  bool operator==(const ArticleEntity&) const = default;
};

struct StoredArticle {
  ArticleMeta article;
  std::string body;
  std::vector<PassageBounds> passages;  // in body order, non-overlapping
  std::vector<ArticleEntity> entities;
  std::vector<EntityMention> mentions;  // in body order
};

// Encodes `article` for Xapian::Document::set_data.
std::string EncodeStoredArticle(const StoredArticle& article);

// Decodes what EncodeStoredArticle wrote, checking that passage and mention
// bounds lie inside the body. Returns DataLoss for truncated, corrupt or
// foreign data and FailedPrecondition for an unknown record version.
absl::StatusOr<StoredArticle> DecodeStoredArticle(absl::string_view data);

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_RECORD_H_

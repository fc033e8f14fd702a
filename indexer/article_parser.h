// Parses one JSON Lines record into an Article, validating every field.
//
// Accepted fields (anything else is ignored):
//   id         string or integer, required, at most 200 bytes
//   title      string
//   body       string, required and not blank; aliases: text, content
//   source     string
//   url        string
//   published  RFC 3339 time ("2024-03-05T09:30:00Z", "...+01:00"), a time
//              without offset (taken as UTC) or a date "2024-03-05"; alias:
//              date. Absent or null: the article is undated.
//   language   ISO 639-1 code such as "en" or "en-GB" (the region is
//              dropped); alias: lang. Default "en".
//   deleted    true or false (anything else rejects the record: "field
//              'deleted': must be true or false"). true makes the record a
//              tombstone (Article::deleted) of which only the id is kept
//              and validated: other fields may be absent; present ones
//              must still have their JSON type (a string), but their
//              values are not checked (no body needed, no date parsed).
// A null value counts as absent.
#ifndef BYLINE_INDEXER_ARTICLE_PARSER_H_
#define BYLINE_INDEXER_ARTICLE_PARSER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "indexer/article.h"

namespace byline {

// Parses RFC 3339 times, times without an offset (UTC) and plain dates
// (midnight UTC). Returns InvalidArgument naming the value otherwise.
absl::StatusOr<absl::Time> ParsePublishedTime(absl::string_view value);

// Normalises a language tag: "en-GB" -> "en", "FR" -> "fr". Returns
// InvalidArgument unless it starts with 2 or 3 ASCII letters.
absl::StatusOr<std::string> NormalizeLanguage(absl::string_view value);

// Checks the parts of an article every format shares: id present and short
// enough, body not blank and within limits, valid UTF-8 in all fields.
absl::Status ValidateArticle(const Article& article,
                             const ArticleLimits& limits);

// Checks an id alone (present, short enough, valid UTF-8), as for a
// tombstone.
absl::Status ValidateId(absl::string_view id);

// Thread safety: not thread-safe (reuses a simdjson parser and buffer); use
// one per thread.
class ArticleParser {
 public:
  explicit ArticleParser(ArticleLimits limits = {});
  ~ArticleParser();
  ArticleParser(const ArticleParser&) = delete;
  ArticleParser& operator=(const ArticleParser&) = delete;

  // Parses one line (without its newline). Errors are InvalidArgument with a
  // message naming the field and the reason, e.g. "field 'id': missing".
  absl::StatusOr<Article> ParseJsonLine(absl::string_view line);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_INDEXER_ARTICLE_PARSER_H_

// Invariant checks shared by the fuzz targets: a violated check traps, so
// that libFuzzer reports it as a crash and saves the input.
#ifndef BYLINE_FUZZ_FUZZ_CHECKS_H_
#define BYLINE_FUZZ_FUZZ_CHECKS_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "analysis/utf8.h"
#include "indexer/article.h"
#include "schema/schema.h"

namespace byline::fuzz {

inline void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// Strict UTF-8 (analysis/utf8.h).
using ::byline::IsValidUtf8;

// No C0 controls but tab and newline, no DEL and no C1 controls (U+0080 to
// U+009F, encoded C2 80..C2 9F). `s` is valid UTF-8.
inline bool HasNoControls(absl::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      return false;
    }
  }
  return true;
}

// A publication time the index can hold: finite, and in years 0000..9999,
// since the UTC day is stored as the text YYYYMMDD and compared as text by
// date filters (schema::DayValue).
inline void CheckPublished(const Article& article) {
  if (!article.published) return;
  Check(*article.published != absl::InfiniteFuture() &&
        *article.published != absl::InfinitePast());
  const absl::CivilSecond utc =
      absl::ToCivilSecond(*article.published, absl::UTCTimeZone());
  Check(utc.year() >= 0 && utc.year() <= 9999);
  Check(schema::DayValue(*article.published).size() == 8);
}

// What every accepted article satisfies, whatever its format.
inline void CheckArticle(const Article& article, const ArticleLimits& limits) {
  Check(!article.id.empty() && article.id.size() <= schema::kMaxIdBytes &&
        IsValidUtf8(article.id));
  if (article.deleted) {
    Check(article.title.empty() && article.body.empty() &&
          article.source.empty() && article.url.empty() && !article.published);
    return;
  }
  Check(article.body.size() <= limits.max_body_bytes &&
        article.title.size() <= limits.max_title_bytes);
  for (const std::string* field :
       {&article.title, &article.body, &article.source, &article.url}) {
    Check(IsValidUtf8(*field));
  }
  Check(absl::string_view(article.body).find_first_not_of(" \t\n\v\f\r") !=
        absl::string_view::npos);
  Check(article.language.size() >= 2 && article.language.size() <= 3);
  for (char c : article.language) Check(c >= 'a' && c <= 'z');
  CheckPublished(article);
}

}  // namespace byline::fuzz

#endif  // BYLINE_FUZZ_FUZZ_CHECKS_H_

// Term and value construction for the index schema (see schema.h).
#include "schema/schema.h"

#include <xapian.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace byline::schema {

std::string ArticleIdTerm(absl::string_view id) {
  return absl::StrCat(kPrefixArticleId, id);
}
std::string BodyTerm(absl::string_view term) { return std::string(term); }
std::string BodyStemTerm(absl::string_view stem) {
  return absl::StrCat(kPrefixStem, stem);
}
std::string TitleTerm(absl::string_view term) {
  return absl::StrCat(kPrefixTitle, term);
}
std::string TitleStemTerm(absl::string_view stem) {
  return absl::StrCat(kPrefixStem, kPrefixTitle, stem);
}
std::string SourceTerm(absl::string_view source) {
  return absl::StrCat(kPrefixSource, SourceSlug(source));
}
std::string LanguageTerm(absl::string_view language) {
  return absl::StrCat(kPrefixLanguage, absl::AsciiStrToLower(language));
}

std::string EntityTerm(EntityType type, absl::string_view entity_id) {
  return absl::StrCat(kEntityPrefixes[static_cast<int>(type)], entity_id);
}

std::string EntityValue(absl::string_view id,
                        absl::string_view display_name) {
  std::string value;
  value.reserve(id.size() + 1 + display_name.size());
  value.append(id.data(), id.size());
  value.push_back(kEntityValueSeparator);
  value.append(display_name.data(), display_name.size());
  return value;
}

bool ParseEntityValue(absl::string_view value, absl::string_view* id,
                      absl::string_view* display_name) {
  const size_t separator = value.find(kEntityValueSeparator);
  if (separator == absl::string_view::npos || separator == 0) return false;
  *id = value.substr(0, separator);
  *display_name = value.substr(separator + 1);
  return true;
}

std::string SchemaMismatchMessage(absl::string_view path,
                                  absl::string_view found) {
  if (found.empty()) {
    return absl::StrCat(path, " is not a Byline index");
  }
  if (found == "1") {
    return absl::StrCat(
        path,
        " was built by an older Byline (index schema 1: one document per "
        "passage). This Byline reads schema ",
        kSchemaVersion,
        " (one document per article, ranked as a whole). Rebuild it: byline "
        "index --index NEW_DIR INPUTS...");
  }
  return absl::StrCat(path, " has index schema version ", found,
                      "; this Byline reads and writes version ",
                      kSchemaVersion,
                      ". Rebuild it: byline index --index NEW_DIR INPUTS...");
}

std::string SourceSlug(absl::string_view source) {
  std::string slug;
  slug.reserve(source.size());
  bool pending_dash = false;
  for (unsigned char c : source) {
    const bool keep = absl::ascii_isalnum(c) || c >= 0x80;
    if (!keep) {
      pending_dash = !slug.empty();
      continue;
    }
    if (pending_dash) slug.push_back('-');
    pending_dash = false;
    slug.push_back(static_cast<char>(absl::ascii_tolower(c)));
  }
  return slug;
}

std::string SerializeTime(absl::Time t) {
  return Xapian::sortable_serialise(
      static_cast<double>(absl::ToUnixSeconds(t)));
}

std::string DayValue(absl::Time t) {
  // %E4Y: four digits for years before 1000 too (plain %Y does not pad).
  return absl::FormatTime("%E4Y%m%d", t, absl::UTCTimeZone());
}

absl::Time DeserializeTime(absl::string_view value) {
  return absl::FromUnixSeconds(static_cast<int64_t>(
      Xapian::sortable_unserialise(std::string(value))));
}

}  // namespace byline::schema

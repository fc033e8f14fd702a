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

absl::Time DeserializeTime(absl::string_view value) {
  return absl::FromUnixSeconds(static_cast<int64_t>(
      Xapian::sortable_unserialise(std::string(value))));
}

}  // namespace byline::schema

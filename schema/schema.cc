// Term and value construction for the index schema (see schema.h).
#include "schema/schema.h"

#include <xapian.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "schema/routing.h"

namespace byline::schema {

std::string ArticleIdTerm(absl::string_view id) {
  return absl::StrCat(kPrefixArticleId, id);
}
uint32_t SampleBucketOf(absl::string_view id) {
  return static_cast<uint32_t>(StableIdHash(id) % kSampleBuckets);
}
std::string SampleTerm(uint32_t bucket) {
  return absl::StrCat(kPrefixSample, bucket);
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

absl::string_view TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Back up to the first byte of the character that would be cut.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

namespace {

char TypeLetter(EntityType type) {
  return kEntityTypeLetters[static_cast<int>(type)];
}

bool TypeOfLetter(char letter, EntityType* type) {
  for (int t = 0; t < kEntityTypeCount; ++t) {
    if (kEntityTypeLetters[t] == letter) {
      *type = static_cast<EntityType>(t);
      return true;
    }
  }
  return false;
}

constexpr size_t kEntityIdBytes = 16;

// Appends type letter + id + separator + cut display name.
void AppendTypedName(EntityType type, absl::string_view entity_id,
                     absl::string_view display_name, std::string* out) {
  out->push_back(TypeLetter(type));
  out->append(entity_id.data(), entity_id.size());
  out->push_back(kEntityValueSeparator);
  const absl::string_view name =
      TruncateUtf8(display_name, kMaxEntityTermNameBytes);
  out->append(name.data(), name.size());
}

// Parses type letter + id + separator + display name into `parts`.
bool ParseTypedName(absl::string_view rest, EntityTermParts* parts) {
  if (rest.size() < 1 + kEntityIdBytes + 1 ||
      rest[1 + kEntityIdBytes] != kEntityValueSeparator) {
    return false;
  }
  EntityType type;
  if (!TypeOfLetter(rest[0], &type)) return false;
  parts->type = type;
  parts->id = rest.substr(1, kEntityIdBytes);
  parts->display_name = rest.substr(1 + kEntityIdBytes + 1);
  return true;
}

}  // namespace

std::string EntityNameTerm(EntityType type, absl::string_view entity_id,
                           absl::string_view display_name) {
  std::string term(kPrefixEntityName);
  AppendTypedName(type, entity_id, display_name, &term);
  return term;
}

std::vector<std::string> EntityCompletionTerms(absl::string_view key,
                                               EntityType type,
                                               absl::string_view entity_id,
                                               absl::string_view display_name) {
  std::vector<std::string> terms;
  std::string suffix;  // type letter, id, display name: shared
  AppendTypedName(type, entity_id, display_name, &suffix);
  for (size_t start = 0; start < key.size();) {
    const absl::string_view word_start =
        TruncateUtf8(key.substr(start), kMaxEntityTermKeyBytes);
    if (!word_start.empty()) {
      std::string term(kPrefixEntityCompletion);
      term.append(word_start.data(), word_start.size());
      term.push_back(kEntityValueSeparator);
      term += suffix;
      if (std::find(terms.begin(), terms.end(), term) == terms.end()) {
        terms.push_back(std::move(term));
      }
    }
    const size_t space = key.find(' ', start);
    if (space == absl::string_view::npos) break;
    start = space + 1;
  }
  return terms;
}

std::string EntityCompletionPrefix(absl::string_view normalized_prefix) {
  return absl::StrCat(kPrefixEntityCompletion,
                      TruncateUtf8(normalized_prefix, kMaxEntityTermKeyBytes));
}

bool ParseEntityNameTerm(absl::string_view term, EntityTermParts* parts) {
  if (!absl::StartsWith(term, kPrefixEntityName)) return false;
  EntityTermParts parsed;
  if (!ParseTypedName(term.substr(kPrefixEntityName.size()), &parsed)) {
    return false;
  }
  *parts = parsed;
  return true;
}

bool ParseEntityCompletionTerm(absl::string_view term, EntityTermParts* parts) {
  if (!absl::StartsWith(term, kPrefixEntityCompletion)) return false;
  const absl::string_view rest = term.substr(kPrefixEntityCompletion.size());
  // Word starts never hold the separator (keys are words and spaces).
  const size_t separator = rest.find(kEntityValueSeparator);
  if (separator == absl::string_view::npos || separator == 0) return false;
  EntityTermParts parsed;
  if (!ParseTypedName(rest.substr(separator + 1), &parsed)) return false;
  parsed.word_start = rest.substr(0, separator);
  *parts = parsed;
  return true;
}

namespace {

// What each older schema lacked, and what this Byline has instead ("" when
// the first part says it all), for SchemaMismatchMessage.
struct OlderSchema {
  absl::string_view version;
  absl::string_view then;
  absl::string_view now;
};
constexpr OlderSchema kOlderSchemas[] = {
    {"1", "one document per passage",
     "one document per article, ranked as a whole"},
    {"2",
     "without the entity name and completion terms that byline entities "
     "reads",
     ""},
    {"3", "one value slot per entity, which made facets slow",
     "all of an article's entities in one value"},
    {"4", "its facet value holds the entities only",
     "the day, source and entities of an article in one value, read once "
     "per article by facet counts"},
    {"5",
     "title words only in their own terms, which this Byline no longer "
     "searches for words with a stem, so titles would not count",
     "title words also counted in the body's stem terms"},
};

}  // namespace

std::string SchemaMismatchMessage(absl::string_view path,
                                  absl::string_view found) {
  if (found.empty()) {
    return absl::StrCat(path, " is not a Byline index");
  }
  for (const OlderSchema& older : kOlderSchemas) {
    if (found != older.version) continue;
    return absl::StrCat(
        path, " was built by an older Byline (index schema ", older.version,
        ": ", older.then, "). This Byline reads schema ", kSchemaVersion,
        older.now.empty() ? "" : absl::StrCat(" (", older.now, ")"),
        ". Rebuild it: byline index --index NEW_DIR INPUTS... (or byline "
        "rebuild)");
  }
  return absl::StrCat(path, " has index schema version ", found,
                      "; this Byline reads and writes version ", kSchemaVersion,
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
  return absl::FromUnixSeconds(
      static_cast<int64_t>(Xapian::sortable_unserialise(std::string(value))));
}

}  // namespace byline::schema

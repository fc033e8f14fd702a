// Canonical keys for entity mentions: the cross-article normalisation that
// makes "U.S.", "US" and "United States", or "Ms. van Dalen's" and
// "VAN DALEN", meet at one string. The policy is written down in
// ner/README.md ("Canonical entities"); entity_key_test.cc pins it.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<EntityKeyer> keyer,
//                    EntityKeyer::Create());
//   keyer->Key("U.S.", EntityType::kLocation);  // "united states"
//   keyer->Key("Dr. Marieke van Dalen’s", EntityType::kPerson);
//       // "marieke van dalen"
//   EntityId(EntityType::kLocation, "united states");  // 16 hex digits
#ifndef BYLINE_NER_ENTITY_KEY_H_
#define BYLINE_NER_ENTITY_KEY_H_

#include <unicode/uversion.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ner/entity.h"

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace byline::ner {

// One word of a name after normalisation (see EntityKeyer::Words).
struct NameWord {
  // NFKC case folded, without dots, possessive or surrounding apostrophes:
  // "U.S." -> "us", "Dalen’s" -> "dalen", "Ｏ’Brien" -> "o'brien".
  std::string term;
  // Byte range of the word in the surface passed to Words(), possessive and
  // surrounding apostrophes excluded, dots included ("U.S." stays whole).
  uint32_t start = 0;
  uint32_t end = 0;
};

// Maps a mention's surface text and type to its canonical key.
//
// Thread safety: immutable after Create(); every method is const and may be
// called concurrently from any number of threads. Share one instance (e.g.
// through a std::shared_ptr<const EntityKeyer>) for the whole process.
class EntityKeyer {
 public:
  // Builds the keyer from ICU's country and region names (in the
  // gazetteer's display languages, with ICU's short and variant forms) and
  // the hand lists (person titles, country aliases). Fails only if ICU's
  // data or normaliser is unusable.
  static absl::StatusOr<std::unique_ptr<EntityKeyer>> Create();

  EntityKeyer(const EntityKeyer&) = delete;
  EntityKeyer& operator=(const EntityKeyer&) = delete;

  // The canonical key of `surface` (UTF-8; invalid bytes separate words)
  // as a mention of type `type`: its words (Words()) joined by single
  // spaces, then aliased (country and region names for kLocation, EU / UN /
  // euro area names for kOrganization). "" if `surface` has no word.
  std::string Key(absl::string_view surface, EntityType type) const;

  // Replaces `*words` with the normalised words of `surface`: words are runs
  // of letters, marks, digits, inner apostrophes and inner "&" ("AT&T");
  // dots are dropped without splitting ("U.S." -> "us"); spaces, hyphens,
  // quotes and other punctuation separate words; a lone "&" is the word
  // "and". For kPerson, leading titles and honorifics ("Ms.", "President",
  // "Prime Minister") are removed as long as a word remains.
  void Words(absl::string_view surface, EntityType type,
             std::vector<NameWord>* words) const;

  // `text` normalised as keys are, but without the aliases: Words(text,
  // type) joined by single spaces. A typed prefix of a name becomes a prefix
  // of a word start of its key this way ("MARIEKE van D" -> "marieke van
  // d", "Dr. Mar" as kPerson -> "mar"), so that prefix completion
  // (searcher/entity_lookup.h) analyses like the indexer. "" if `text` has
  // no word.
  std::string NormalizedWords(absl::string_view text, EntityType type) const;

  // The key of already normalised words (the last step of Key()).
  std::string KeyOfWords(absl::Span<const NameWord> words,
                         EntityType type) const;

  // Number of distinct region-name aliases (for tests and diagnostics).
  size_t alias_count() const { return aliases_.size(); }

 private:
  // An alias: the key of one name of a region code.
  struct Alias {
    int code = -1;  // Index into canonical_; -1 if ambiguous.
    int tier = 0;   // Lower is more authoritative (see entity_key.cc).
    bool organization = false;  // EU, EZ, UN: aliased for kOrganization.
  };

  EntityKeyer() = default;
  // Adds the key of `name` as an alias of code index `code`.
  void AddAlias(absl::string_view name, int code, int tier, bool organization);
  // Number of leading words of `words` that form a person title, or 0.
  size_t TitleLength(absl::Span<const NameWord> words, size_t from) const;

  const icu::Normalizer2* nfkc_casefold_ = nullptr;  // Owned by ICU.
  // Canonical key of each region code: its English name.
  std::vector<std::string> canonical_;
  absl::flat_hash_map<std::string, Alias> aliases_;
  // Person titles as keys ("mr", "prime minister").
  absl::flat_hash_set<std::string> titles_;
  size_t max_title_words_ = 0;
};

// The stable id of the canonical entity (type, key): FNV-1a 64 (hashing.h)
// of "<EntityTypeName(type)>:<key>" as 16 lowercase hex digits. Never
// changes across runs, processes, machines or releases (ids are saved).
std::string EntityId(EntityType type, absl::string_view key);

// The same id as a number.
uint64_t EntityIdHash(EntityType type, absl::string_view key);

}  // namespace byline::ner

#endif  // BYLINE_NER_ENTITY_KEY_H_

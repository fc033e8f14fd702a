// Entity listings and prefix completion over the entity name and
// completion terms (see entity_lookup.h and schema.h).
#include "searcher/entity_lookup.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ner/schema_entity_type.h"
#include "util/xapian_status.h"

namespace byline {
namespace {

using schema::EntityType;

constexpr FacetField kFieldOfType[schema::kEntityTypeCount] = {
    FacetField::kPerson, FacetField::kOrganization, FacetField::kPlace,
    FacetField::kMisc};

// A set of entity types, one bit per type.
using TypeMask = uint8_t;
constexpr TypeMask kAllTypes = (1u << schema::kEntityTypeCount) - 1;

TypeMask Bit(EntityType type) {
  return static_cast<TypeMask>(1u << static_cast<int>(type));
}

TypeMask MaskOf(const std::vector<EntityType>& types) {
  if (types.empty()) return kAllTypes;
  TypeMask mask = 0;
  for (EntityType t : types) mask |= Bit(t);
  return mask;
}

// Offset of the first invalid byte of `text` as UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF included), or npos.
size_t InvalidUtf8At(absl::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint32_t min;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      length = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (n - i < length) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += length;
  }
  return absl::string_view::npos;
}

// One normalisation of the typed prefix and the types it completes.
struct Candidate {
  std::string normalized;
  TypeMask types = 0;
};

// The distinct normalisations of `prefix` for the types of `mask`: the
// keyer's words for every type; for people also without titles; for
// places and organisations also through the aliases. Empty ones (no word)
// are left out, and so is one whose matches another candidate (a prefix
// of it, for a superset of its types) already finds.
std::vector<Candidate> Candidates(const ner::EntityKeyer& keyer,
                                  absl::string_view prefix, TypeMask mask,
                                  bool whole_word) {
  std::vector<Candidate> candidates;
  const auto add = [&](std::string normalized, TypeMask types) {
    types &= mask;
    if (normalized.empty() || types == 0) return;
    for (Candidate& c : candidates) {
      if (c.normalized == normalized) {
        c.types |= types;
        return;
      }
    }
    candidates.push_back({std::move(normalized), types});
  };
  add(keyer.NormalizedWords(prefix, ner::EntityType::kMisc), kAllTypes);
  add(keyer.NormalizedWords(prefix, ner::EntityType::kPerson),
      Bit(EntityType::kPerson));
  add(keyer.Key(prefix, ner::EntityType::kLocation), Bit(EntityType::kPlace));
  add(keyer.Key(prefix, ner::EntityType::kOrganization),
      Bit(EntityType::kOrganization));
  std::vector<Candidate> kept;
  for (size_t i = 0; i < candidates.size(); ++i) {
    bool covered = false;
    for (size_t j = 0; j < candidates.size() && !covered; ++j) {
      if (i == j) continue;
      const Candidate& a = candidates[j];
      const Candidate& b = candidates[i];
      // Whole words: "mar" does not cover "mari", but "van" covers "van d".
      covered = absl::StartsWith(b.normalized, a.normalized) &&
                (b.types & ~a.types) == 0 &&
                (!whole_word || b.normalized[a.normalized.size()] == ' ');
    }
    if (!covered) kept.push_back(candidates[i]);
  }
  return kept;
}

// Whether `typed` ends a word: then it completes whole words only ("van "
// completes "van dalen", not "vanessa").
bool EndsWord(absl::string_view typed) {
  return !typed.empty() &&
         absl::ascii_isspace(static_cast<unsigned char>(typed.back()));
}

// Whether `normalized` (a key or normalised name) has a word start that
// begins with `prefix`, ending a word there when `whole_word`.
bool HasWordStart(absl::string_view normalized, absl::string_view prefix,
                  bool whole_word) {
  for (size_t start = 0; start <= normalized.size();) {
    const absl::string_view rest = normalized.substr(start);
    if (absl::StartsWith(rest, prefix) &&
        (!whole_word || rest.size() == prefix.size() ||
         rest[prefix.size()] == ' ')) {
      return true;
    }
    const size_t space = normalized.find(' ', start);
    if (space == absl::string_view::npos) break;
    start = space + 1;
  }
  return false;
}

// Sorts by articles (most first), display name, type and id, and keeps the
// first `limit`.
void RankAndCut(std::vector<EntityEntry>* entries, uint32_t limit) {
  const auto before = [](const EntityEntry& a, const EntityEntry& b) {
    if (a.articles != b.articles) return a.articles > b.articles;
    if (a.display_name != b.display_name)
      return a.display_name < b.display_name;
    if (a.type != b.type) return a.type < b.type;
    return a.id < b.id;
  };
  if (entries->size() > limit) {
    std::partial_sort(entries->begin(), entries->begin() + limit,
                      entries->end(), before);
    entries->resize(limit);
  } else {
    std::sort(entries->begin(), entries->end(), before);
  }
}

// Sums the terms of an allterms scan into entities. The terms of one
// entity and one word start (or of one entity, for name terms) are
// adjacent in term order, one per display form; each such group holds
// every article naming the entity once. An entity's count is its largest
// group (all its groups are equal: every article adds every word start).
class EntityAccumulator {
 public:
  // Adds one term's parts and frequency.
  void Add(const schema::EntityTermParts& parts, uint64_t termfreq) {
    if (!group_open_ || parts.type != group_type_ || parts.id != group_id_ ||
        parts.word_start != group_word_start_) {
      Flush();
      group_open_ = true;
      group_type_ = parts.type;
      group_id_.assign(parts.id.data(), parts.id.size());
      group_word_start_.assign(parts.word_start.data(),
                               parts.word_start.size());
    }
    group_articles_ += termfreq;
    const bool better =
        best_form_articles_ == 0 || termfreq > best_form_articles_ ||
        (termfreq == best_form_articles_ && parts.display_name < best_form_);
    if (better) {
      best_form_.assign(parts.display_name.data(), parts.display_name.size());
      best_form_articles_ = termfreq;
    }
  }

  // Ends the last group.
  void Flush() {
    if (!group_open_) return;
    std::string key = absl::StrCat(
        std::string(1,
                    schema::kEntityTypeLetters[static_cast<int>(group_type_)]),
        group_id_);
    EntityEntry& e = entities_[key];
    if (group_articles_ > e.articles) {
      e.id = group_id_;
      e.type = group_type_;
      e.display_name = best_form_;
      e.articles = group_articles_;
    }
    group_open_ = false;
    group_articles_ = 0;
    best_form_articles_ = 0;
    best_form_.clear();
  }

  // Moves the entities out (call Flush first), merging with `into` by the
  // larger count.
  void MergeInto(absl::flat_hash_map<std::string, EntityEntry>* into) {
    for (auto& [key, e] : entities_) {
      EntityEntry& target = (*into)[key];
      if (e.articles > target.articles) target = std::move(e);
    }
    entities_.clear();
  }

 private:
  absl::flat_hash_map<std::string, EntityEntry> entities_;
  bool group_open_ = false;
  EntityType group_type_ = EntityType::kPerson;
  std::string group_id_;
  std::string group_word_start_;
  uint64_t group_articles_ = 0;
  std::string best_form_;
  uint64_t best_form_articles_ = 0;
};

}  // namespace

absl::string_view EntityTypeLabel(EntityType type) {
  return FacetFieldName(kFieldOfType[static_cast<int>(type)]);
}

std::optional<EntityType> ParseEntityType(absl::string_view name) {
  const std::optional<FacetField> field = ParseFacetField(name);
  if (!field) return std::nullopt;
  return EntityTypeOfField(*field);
}

absl::Status ValidateEntityListRequest(const EntityListRequest& request) {
  if (request.limit < 1 || request.limit > kMaxEntityListLimit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "limit: must be 1 to ", kMaxEntityListLimit, ", not ", request.limit));
  }
  if (request.prefix.size() > kMaxEntityPrefixBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("prefix: is ", request.prefix.size(),
                     " bytes, the maximum is ", kMaxEntityPrefixBytes));
  }
  if (const size_t at = InvalidUtf8At(request.prefix);
      at != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("prefix: is not valid UTF-8 (at byte ", at, ")"));
  }
  TypeMask seen = 0;
  for (size_t i = 0; i < request.types.size(); ++i) {
    const int t = static_cast<int>(request.types[i]);
    if (t < 0 || t >= schema::kEntityTypeCount) {
      return absl::InvalidArgumentError(
          absl::StrCat("types[", i, "]: unknown entity type ", t));
    }
    if ((seen & Bit(request.types[i])) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("types[", i, "]: '", EntityTypeLabel(request.types[i]),
                       "' is given twice"));
    }
    seen |= Bit(request.types[i]);
  }
  return absl::OkStatus();
}

absl::StatusOr<EntityList> EntityLookup::List(
    const Xapian::Database& db, const EntityListRequest& request) const {
  try {
    return ListOrThrow(db, request);
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, "listing entities");
  }
}

absl::StatusOr<EntityList> EntityLookup::ListOrThrow(
    const Xapian::Database& db, const EntityListRequest& request) const {
  if (absl::Status valid = ValidateEntityListRequest(request); !valid.ok()) {
    return valid;
  }
  if (!request.query.empty()) {
    return absl::InvalidArgumentError(
        "query: the entities of a query come from its facets "
        "(Searcher::ListEntities), not from the index's terms");
  }
  const TypeMask mask = MaskOf(request.types);
  EntityList list;
  absl::flat_hash_map<std::string, EntityEntry> entities;
  EntityAccumulator accumulator;
  schema::EntityTermParts parts;
  const auto scan = [&](const std::string& prefix, TypeMask types,
                        absl::string_view whole_word_of, bool completion) {
    ++list.term_scans;
    const Xapian::TermIterator end = db.allterms_end(prefix);
    for (Xapian::TermIterator it = db.allterms_begin(prefix); it != end; ++it) {
      const std::string term = *it;
      const bool parsed = completion
                              ? schema::ParseEntityCompletionTerm(term, &parts)
                              : schema::ParseEntityNameTerm(term, &parts);
      if (!parsed || (types & Bit(parts.type)) == 0) continue;
      if (!whole_word_of.empty() &&
          parts.word_start.size() > whole_word_of.size() &&
          parts.word_start[whole_word_of.size()] != ' ') {
        continue;
      }
      accumulator.Add(parts, it.get_termfreq());
    }
    accumulator.Flush();
    accumulator.MergeInto(&entities);
  };

  if (request.prefix.empty()) {
    // Name terms: one scan for all types, else one per type.
    if (mask == kAllTypes) {
      scan(std::string(schema::kPrefixEntityName), mask, "", false);
    } else {
      for (int t = 0; t < schema::kEntityTypeCount; ++t) {
        if ((mask & (1u << t)) == 0) continue;
        scan(absl::StrCat(schema::kPrefixEntityName,
                          std::string(1, schema::kEntityTypeLetters[t])),
             mask, "", false);
      }
    }
  } else {
    if (keyer_ == nullptr) {
      return absl::FailedPreconditionError(
          "completing an entity prefix needs an entity keyer");
    }
    const bool whole_word = EndsWord(request.prefix);
    for (const Candidate& c :
         Candidates(*keyer_, request.prefix, mask, whole_word)) {
      const std::string prefix = schema::EntityCompletionPrefix(c.normalized);
      const absl::string_view cut = absl::string_view(prefix).substr(
          schema::kPrefixEntityCompletion.size());
      scan(prefix, c.types, whole_word ? cut : absl::string_view(), true);
    }
  }
  list.entities.reserve(entities.size());
  for (auto& [key, e] : entities) list.entities.push_back(std::move(e));
  list.matched = list.entities.size();
  RankAndCut(&list.entities, request.limit);
  return list;
}

std::vector<FacetRequest> EntityLookup::FacetRequestsFor(
    const EntityListRequest& request) {
  const TypeMask mask = MaskOf(request.types);
  const uint32_t values = request.prefix.empty()
                              ? std::min(request.limit, kMaxFacetValues)
                              : kMaxFacetValues;
  std::vector<FacetRequest> facets;
  for (int t = 0; t < schema::kEntityTypeCount; ++t) {
    if ((mask & (1u << t)) == 0) continue;
    FacetRequest facet;
    facet.field = kFieldOfType[t];
    facet.max_values = values;
    facets.push_back(facet);
  }
  return facets;
}

EntityList EntityLookup::FromFacets(const std::vector<FacetResult>& facets,
                                    const EntityListRequest& request) const {
  EntityList list;
  std::vector<Candidate> candidates;
  const bool filter = !request.prefix.empty();
  const bool whole_word = EndsWord(request.prefix);
  if (filter) {
    if (keyer_ == nullptr) return list;  // nothing to normalise with
    candidates =
        Candidates(*keyer_, request.prefix, MaskOf(request.types), whole_word);
  }
  for (const FacetResult& facet : facets) {
    const std::optional<EntityType> type = EntityTypeOfField(facet.field);
    if (!type) continue;
    if (!filter) list.matched += facet.distinct_values;
    const auto ner_type = ner::FromSchemaType(*type);
    for (const FacetValue& value : facet.values) {
      if (filter) {
        // The display name's words and key, as the indexer keyed it.
        const std::string words =
            keyer_->NormalizedWords(value.display_name, ner_type);
        const std::string key = keyer_->Key(value.display_name, ner_type);
        const bool match = std::any_of(
            candidates.begin(), candidates.end(), [&](const Candidate& c) {
              const absl::string_view cut = schema::TruncateUtf8(
                  c.normalized, schema::kMaxEntityTermKeyBytes);
              return (c.types & Bit(*type)) != 0 &&
                     (HasWordStart(words, cut, whole_word) ||
                      HasWordStart(key, cut, whole_word));
            });
        if (!match) continue;
        ++list.matched;
      }
      list.entities.push_back(
          {value.value, *type, value.display_name, value.articles});
    }
  }
  RankAndCut(&list.entities, request.limit);
  return list;
}

}  // namespace byline

// LinkEntities (see entity_linker.h): exact-key grouping, then the short-form
// rules (person surnames and first names, organisation prefixes and
// acronyms) against the entities seen earlier in the article.
#include "ner/entity_linker.h"

#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ner/entity.h"
#include "ner/entity_key.h"

namespace byline::ner {
namespace {

// A written form of an entity, for choosing its display name.
struct Form {
  std::string text;
  int count = 0;
  size_t words = 0;  // Number of normalised words.
};

struct Entity {
  EntityType type;
  std::string key;
  // Terms of the entity's longest form: what short forms are matched
  // against.
  std::vector<std::string> words;
  // In order of first occurrence.
  std::vector<Form> forms;
  int mention_count = 0;
};

// `text` with every run of ASCII white space as one space.
std::string CollapseSpaces(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_space = false;
  for (const char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      if (!in_space) out.push_back(' ');
      in_space = true;
    } else {
      out.push_back(c);
      in_space = false;
    }
  }
  return out;
}

// The first code point of each term, concatenated; if `skip_function_words`,
// terms "and", "of", "the" and "for" are skipped ("Bank of Norland" -> "bn").
std::string Initials(absl::Span<const std::string> terms,
                     bool skip_function_words) {
  std::string out;
  for (const std::string& term : terms) {
    if (skip_function_words &&
        (term == "and" || term == "of" || term == "the" || term == "for")) {
      continue;
    }
    int32_t end = 0;
    U8_FWD_1(term.data(), end, static_cast<int32_t>(term.size()));
    out.append(term, 0, end);
  }
  return out;
}

// Whether `short_form` (fewer words than `full`) is a short form of the
// full name `full` of an entity of type `type`:
//  * kPerson: a suffix of its words ("van dalen", "dalen" of
//    "marieke van dalen"), or its first word alone ("marieke").
//  * kOrganization: a prefix of its words ("halvorsen" of
//    "halvorsen maritime"), or one word that is its acronym ("mu" of
//    "maritime union"; "bn" or "bon" of "bank of norland").
// Other types have no short forms.
bool IsShortForm(EntityType type, absl::Span<const std::string> full,
                 absl::Span<const std::string> short_form) {
  const size_t n = short_form.size();
  if (n == 0 || n >= full.size()) return false;
  switch (type) {
    case EntityType::kPerson: {
      bool suffix = true;
      for (size_t i = 0; i < n && suffix; ++i) {
        suffix = full[full.size() - n + i] == short_form[i];
      }
      return suffix || (n == 1 && full[0] == short_form[0]);
    }
    case EntityType::kOrganization: {
      bool prefix = true;
      for (size_t i = 0; i < n && prefix; ++i) {
        prefix = full[i] == short_form[i];
      }
      if (prefix) return true;
      if (n != 1 || short_form[0].size() < 2) return false;
      return short_form[0] == Initials(full, false) ||
             short_form[0] == Initials(full, true);
    }
    case EntityType::kLocation:
    case EntityType::kMisc:
      return false;
  }
  return false;
}

// The one earlier entity that `words` is a short form of, or kNoEntity if
// there is none or more than one. Candidates that are themselves short forms
// of another candidate ("van Dalen" seen alone before "Marieke van Dalen")
// do not count.
int FindFullEntity(const std::vector<Entity>& entities, EntityType type,
                   absl::Span<const std::string> words) {
  absl::InlinedVector<int, 4> candidates;
  for (size_t e = 0; e < entities.size(); ++e) {
    if (entities[e].type == type &&
        IsShortForm(type, entities[e].words, words)) {
      candidates.push_back(static_cast<int>(e));
    }
  }
  int found = kNoEntity;
  for (const int a : candidates) {
    bool nested = false;
    for (const int b : candidates) {
      if (a != b && IsShortForm(type, entities[b].words, entities[a].words)) {
        nested = true;
        break;
      }
    }
    if (nested) continue;
    if (found != kNoEntity) return kNoEntity;  // Ambiguous.
    found = a;
  }
  return found;
}

// The display name: among the forms with the most words, the most frequent;
// the first seen on a tie.
std::string DisplayName(const Entity& entity) {
  const Form* best = nullptr;
  for (const Form& form : entity.forms) {
    if (best == nullptr || form.words > best->words ||
        (form.words == best->words && form.count > best->count)) {
      best = &form;
    }
  }
  return best == nullptr ? std::string() : best->text;
}

}  // namespace

absl::StatusOr<LinkedEntities> LinkEntities(
    const EntityKeyer& keyer, absl::string_view text,
    absl::Span<const EntityMention> mentions) {
  for (size_t i = 0; i < mentions.size(); ++i) {
    const EntityMention& m = mentions[i];
    if (m.start > m.end || m.end > text.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("mention ", i, " [", m.start, ", ", m.end,
                       ") is not within the text of ", text.size(), " bytes"));
    }
  }

  LinkedEntities out;
  out.mention_entity.reserve(mentions.size());
  std::vector<Entity> entities;
  // EntityTypeName + ":" + key -> index into `entities`.
  absl::flat_hash_map<std::string, int> by_key;
  std::vector<NameWord> words;
  std::vector<std::string> terms;
  for (const EntityMention& m : mentions) {
    const absl::string_view surface = text.substr(m.start, m.end - m.start);
    keyer.Words(surface, m.type, &words);
    if (words.empty()) {
      out.mention_entity.push_back(kNoEntity);
      continue;
    }
    terms.clear();
    for (const NameWord& w : words) terms.push_back(w.term);
    std::string key = keyer.KeyOfWords(words, m.type);
    const std::string typed_key =
        absl::StrCat(EntityTypeName(m.type), ":", key);

    int index = kNoEntity;
    if (const auto it = by_key.find(typed_key); it != by_key.end()) {
      index = it->second;
      if (terms.size() > entities[index].words.size()) {
        entities[index].words = terms;  // A longer alias of the same key.
      }
    } else {
      index = FindFullEntity(entities, m.type, terms);
    }
    if (index == kNoEntity) {
      index = static_cast<int>(entities.size());
      Entity& entity = entities.emplace_back();
      entity.type = m.type;
      entity.key = std::move(key);
      entity.words = terms;
      by_key.emplace(typed_key, index);
    }

    Entity& entity = entities[index];
    ++entity.mention_count;
    std::string form = CollapseSpaces(surface.substr(
        words.front().start, words.back().end - words.front().start));
    bool seen = false;
    for (Form& f : entity.forms) {
      if (f.text == form) {
        ++f.count;
        seen = true;
        break;
      }
    }
    if (!seen) {
      entity.forms.push_back(
          Form{.text = std::move(form), .count = 1, .words = words.size()});
    }
    out.mention_entity.push_back(index);
  }

  out.entities.reserve(entities.size());
  for (Entity& entity : entities) {
    CanonicalEntity& canonical = out.entities.emplace_back();
    canonical.type = entity.type;
    canonical.id = EntityId(entity.type, entity.key);
    canonical.display_name = DisplayName(entity);
    canonical.key = std::move(entity.key);
    canonical.mention_count = entity.mention_count;
  }
  return out;
}

}  // namespace byline::ner

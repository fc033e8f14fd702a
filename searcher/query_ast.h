// The parsed form of a Byline query, before analysis. QueryParser builds it
// from the user's text; QueryBuilder turns it into a Xapian::Query.
#ifndef BYLINE_SEARCHER_QUERY_AST_H_
#define BYLINE_SEARCHER_QUERY_AST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "schema/schema.h"

namespace byline {

struct QueryNode {
  enum class Kind {
    kWord,       // text: one whitespace-delimited word as typed ("U.S.",
                 // "state-owned", "Blinken's"); analysis may make it several
                 // words, which then form a phrase.
    kPhrase,     // text: the words between double quotes, as typed.
    kPrefix,     // text: the word before a trailing '*' ("ukrain*").
    kSource,     // text: the value of source:..., as typed.
    kEntity,     // text: the value of person:/org:/place:/misc:, as typed
                 // (a name in any surface form, or an entity id);
                 // entity_type: which field.
    kDateRange,  // date:...; date_from / date_to, either may be absent.
    kAnd,        // children: a AND b AND ...
    kOr,         // children: a OR b OR ...
    kAndNot,     // children[0] NOT children[1] (exactly two children).
    kDefault,    // children joined without an operator; each has an occur.
  };
  enum class Field { kAny, kTitle };              // kAny: body and title.
  enum class Occur { kShould, kMust, kMustNot };  // none, '+', '-'

  Kind kind = Kind::kWord;
  Field field = Field::kAny;     // for kWord, kPhrase, kPrefix
  Occur occur = Occur::kShould;  // meaningful for children of kDefault
  // For kEntity: the entity field (person:, org:, place:, misc:).
  schema::EntityType entity_type = schema::EntityType::kPerson;
  std::string text;
  std::optional<absl::CivilDay> date_from;  // inclusive
  std::optional<absl::CivilDay> date_to;    // inclusive
  std::vector<QueryNode> children;
  // 0-based byte offset in the query string where this node starts.
  uint32_t offset = 0;
};

// Renders a node as an S-expression for tests and debugging, e.g.
// (default (word "a") (+phrase "b c") (-source "x") (date 2024-01-01..)).
// Entity filters print as their field: (person "Marieke van Dalen"),
// (org "x"), (place "x"), (misc "x").
std::string DebugString(const QueryNode& node);

// The query language's name of an entity field: "person", "org", "place",
// "misc".
const char* EntityFieldName(schema::EntityType type);

}  // namespace byline

#endif  // BYLINE_SEARCHER_QUERY_AST_H_

// Turns a parsed query (QueryNode) into a Xapian::Query, running every word
// through the same TextAnalyzer as indexed text. Uses only Xapian's built-in
// query operators, so the result also runs against remote shards served by
// stock xapian-tcpsrv.
#ifndef BYLINE_SEARCHER_QUERY_BUILDER_H_
#define BYLINE_SEARCHER_QUERY_BUILDER_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "analysis/text_analyzer.h"
#include "searcher/query_ast.h"

namespace byline {
namespace ner {
class EntityKeyer;
}  // namespace ner

struct QueryBuilderOptions {
  // Language whose stemmer and stop words apply to query words.
  std::string language = "en";
  // Weight multiplier (OP_SCALE_WEIGHT) for the title's own terms, which
  // words searched anywhere read only where the body stem terms cannot
  // stand in for them (schema 6: those count title words): phrases, words
  // without a stem, prefixes, exact forms. Title terms have their own, high idf (titles
  // are short), so they need damping rather than a boost: 0.3-0.6 were
  // best of 0.3-2 on bench/relevance.sh (MRR 0.88 at 2.0).
  double title_weight = 0.3;
  // Whether a word also matches its exact form besides its stem. Needed
  // only when the index holds articles in other languages than the query's
  // (stemmed differently); without it every word costs one posting list
  // instead of two. The searcher sets it from the index.
  bool exact_forms = true;
  // Most terms a prefix query expands to (the most frequent ones are kept).
  Xapian::termcount max_prefix_expansion = 200;
  // Canonicalises the names of entity filters (person:"Ms. van Dalen's")
  // exactly as the indexer keys the entities it finds (ner/entity_key.h),
  // so every surface form of a name meets its entity id. Not owned; must
  // outlive the builder; immutable, so shared by any number of builders.
  // Null: entity fields take ids only (a name is an InvalidArgument error).
  // The Searcher sets its own.
  const ner::EntityKeyer* entity_keyer = nullptr;
};

// The words of a query, for choosing and highlighting passages: a passage
// word matches when its term is in `terms`, its stem (in `language`) is in
// `stems`, or it starts with one of `prefixes`. `phrases` lists the terms of
// each quoted phrase (or multi-token word). Negated words are not included.
struct QueryTerms {
  std::string language;
  absl::flat_hash_set<std::string> terms;
  absl::flat_hash_set<std::string> stems;
  std::vector<std::string> prefixes;
  std::vector<std::vector<std::string>> phrases;
};

struct BuiltQuery {
  Xapian::Query query;
  // False when nothing in the query carries relevance weight (only filters
  // and exclusions): relevance order is then meaningless.
  bool weighted = false;
  QueryTerms terms;
};

// Thread safety: not thread-safe (uses the analyzer it is given, which it
// does not own and which must outlive it).
class QueryBuilder {
 public:
  QueryBuilder(TextAnalyzer* analyzer, QueryBuilderOptions options);

  // Errors (InvalidArgument, "at character N: ..." where a position is
  // known): a query with no searchable words or filters, a prefix or source
  // with no letters or digits, an entity name without an entity_keyer.
  //
  // Entity filters (person:, org:, place:, misc:) are weightless boolean
  // filters on schema::EntityTerm: a value of exactly 16 lowercase hex
  // digits is an entity id, used as it is; anything else is a name, keyed
  // by options.entity_keyer and hashed to its id (ner::EntityId). A name
  // with no words ("...") matches nothing, as does an unknown name or id.
  absl::StatusOr<BuiltQuery> Build(const QueryNode& root,
                                   absl::string_view query_text);

 private:
  struct Clause;
  absl::StatusOr<Clause> BuildNode(const QueryNode& node, bool negated);
  absl::StatusOr<Clause> BuildDefault(const QueryNode& node, bool negated);
  Clause BuildWords(const std::vector<Token>& tokens, QueryNode::Field field,
                    bool exact);
  absl::Status Error(uint32_t offset, absl::string_view problem) const;
  // The entity id a kEntity node names; "" if its name has no words.
  absl::StatusOr<std::string> EntityIdOf(const QueryNode& node) const;

  TextAnalyzer* analyzer_;
  QueryBuilderOptions options_;
  absl::string_view query_text_;  // valid during Build()
  QueryTerms* terms_ = nullptr;   // valid during Build()
  std::vector<Token> tokens_;     // scratch
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_QUERY_BUILDER_H_

// QueryNode -> Xapian::Query. Each word searches its stemmed body term,
// which also counts the title's words (schema 6); words without a stem,
// phrases and multi-token words search exact positional terms of the body
// and, scaled by title_weight, of the title; filters (source:, date: and the
// entity fields) are weightless boolean terms and value ranges.
#include "searcher/query_builder.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "analysis/stopwords.h"
#include "ner/entity.h"
#include "ner/entity_key.h"
#include "ner/schema_entity_type.h"
#include "schema/schema.h"

namespace byline {

// A built subquery. `weighted` is false for pure filters; `stop_only` marks
// a plain word made only of stop words.
struct QueryBuilder::Clause {
  Xapian::Query query;
  bool weighted = false;
  bool stop_only = false;
  bool empty = true;  // the node had no searchable words
};

namespace {

// Exactly 16 lowercase hex digits: an entity id as facets return it.
bool IsEntityId(absl::string_view text) {
  if (text.size() != 16) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Xapian::Query Weightless(const Xapian::Query& q) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
}

// Combines `parts` with `op`, avoiding one-child wrappers.
Xapian::Query Combine(Xapian::Query::op op, std::vector<Xapian::Query>& parts) {
  if (parts.size() == 1) return parts.front();
  return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace

QueryBuilder::QueryBuilder(TextAnalyzer* analyzer, QueryBuilderOptions options)
    : analyzer_(analyzer), options_(std::move(options)) {}

absl::Status QueryBuilder::Error(uint32_t offset,
                                 absl::string_view problem) const {
  uint32_t column = 1;
  for (uint32_t i = 0; i < offset && i < query_text_.size(); ++i) {
    if ((static_cast<unsigned char>(query_text_[i]) & 0xC0) != 0x80) ++column;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("at character ", column, ": ", problem));
}

absl::StatusOr<std::string> QueryBuilder::EntityIdOf(
    const QueryNode& node) const {
  if (IsEntityId(node.text)) return node.text;
  if (options_.entity_keyer == nullptr) {
    return Error(node.offset,
                 absl::StrCat("'", EntityFieldName(node.entity_type),
                              ":' takes only entity ids (16 hex digits) "
                              "here: this searcher cannot look up names"));
  }
  const ner::EntityType type =
      ner::FromSchemaType(node.entity_type);
  const std::string key = options_.entity_keyer->Key(node.text, type);
  if (key.empty()) return std::string();
  return ner::EntityId(type, key);
}

absl::StatusOr<BuiltQuery> QueryBuilder::Build(const QueryNode& root,
                                               absl::string_view query_text) {
  BuiltQuery built;
  built.terms.language = options_.language;
  query_text_ = query_text;
  terms_ = &built.terms;
  absl::StatusOr<Clause> clause = BuildNode(root, /*negated=*/false);
  terms_ = nullptr;
  if (!clause.ok()) return clause.status();
  if (clause->empty) {
    return Error(root.offset,
                 "the query has no words to search for (punctuation and "
                 "words over 64 bytes are not searchable)");
  }
  built.query = clause->query;
  built.weighted = clause->weighted;
  return built;
}

QueryBuilder::Clause QueryBuilder::BuildWords(const std::vector<Token>& tokens,
                                              QueryNode::Field field,
                                              bool exact) {
  Clause clause;
  if (tokens.empty()) return clause;
  clause.empty = false;
  clause.weighted = true;
  const bool in_body = field == QueryNode::Field::kAny;
  const double title_weight = in_body ? options_.title_weight : 1.0;
  if (tokens.size() == 1) {
    // One word: its stem in the query language, or the exact word (which
    // also finds articles in other languages, stemmed differently). Quoted
    // words match exactly only.
    const std::string& term = tokens.front().term;
    clause.stop_only = IsStopWord(term, options_.language);
    const std::string stem =
        exact ? "" : analyzer_->Stem(term, options_.language);
    std::vector<Xapian::Query> body, title;
    // The exact form is only needed where the stem cannot find it: words
    // without a stem (digits), and indexes with articles in other languages.
    const bool with_exact = stem.empty() || options_.exact_forms;
    if (in_body && with_exact) body.emplace_back(schema::BodyTerm(term));
    if (with_exact) title.emplace_back(schema::TitleTerm(term));
    if (terms_ != nullptr) terms_->terms.insert(term);
    if (!stem.empty()) {
      if (in_body) body.emplace_back(schema::BodyStemTerm(stem));
      // The body stem term also counts the title's words (schema.h,
      // kTitleStemWdf), so a word searched anywhere reads no title stem
      // term. With exact forms the title's exact form is still read: a
      // title word of another language is in the body stems under that
      // language's stem.
      if (!in_body) title.emplace_back(schema::TitleStemTerm(stem));
      if (terms_ != nullptr) terms_->stems.insert(stem);
    }
    // OP_SYNONYM: the stem and the exact form count as one word, with one
    // idf, instead of scoring an exact match twice.
    std::vector<Xapian::Query> parts;
    if (!body.empty())
      parts.push_back(Combine(Xapian::Query::OP_SYNONYM, body));
    if (!title.empty()) {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         Combine(Xapian::Query::OP_SYNONYM, title),
                         title_weight);
    }
    clause.query = Combine(Xapian::Query::OP_OR, parts);
    return clause;
  }
  // Several words: an exact phrase, in the body or in the title.
  std::vector<Xapian::Query> body_words, title_words;
  clause.stop_only = true;
  std::vector<std::string> phrase;
  for (const Token& t : tokens) {
    body_words.emplace_back(schema::BodyTerm(t.term));
    title_words.emplace_back(schema::TitleTerm(t.term));
    clause.stop_only =
        clause.stop_only && IsStopWord(t.term, options_.language);
    if (terms_ != nullptr) terms_->terms.insert(t.term);
    phrase.push_back(t.term);
  }
  if (terms_ != nullptr) terms_->phrases.push_back(std::move(phrase));
  Xapian::Query title_phrase(Xapian::Query::OP_PHRASE, title_words.begin(),
                             title_words.end(), title_words.size());
  title_phrase =
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, title_phrase, title_weight);
  if (!in_body) {
    clause.query = title_phrase;
  } else {
    clause.query = Xapian::Query(
        Xapian::Query::OP_OR,
        Xapian::Query(Xapian::Query::OP_PHRASE, body_words.begin(),
                      body_words.end(), body_words.size()),
        title_phrase);
  }
  return clause;
}

absl::StatusOr<QueryBuilder::Clause> QueryBuilder::BuildNode(
    const QueryNode& node, bool negated) {
  using Kind = QueryNode::Kind;
  // Words under a negation are not highlighted.
  QueryTerms* saved_terms = terms_;
  if (negated) terms_ = nullptr;
  struct Restore {
    QueryTerms*& slot;
    QueryTerms* value;
    ~Restore() { slot = value; }
  } restore{terms_, saved_terms};

  switch (node.kind) {
    case Kind::kWord:
    case Kind::kPhrase: {
      tokens_.clear();
      analyzer_->Tokenize(node.text, &tokens_);
      return BuildWords(tokens_, node.field, node.kind == Kind::kPhrase);
    }
    case Kind::kPrefix: {
      const std::string prefix = analyzer_->NormalizeWord(node.text);
      if (prefix.empty()) {
        return Error(node.offset, absl::StrCat("prefix '", node.text,
                                               "*' has no letters or digits"));
      }
      if (terms_ != nullptr) terms_->prefixes.push_back(prefix);
      auto wildcard = [&](const std::string& pattern) {
        return Xapian::Query(Xapian::Query::OP_WILDCARD, pattern,
                             options_.max_prefix_expansion,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
      };
      Clause clause;
      clause.empty = false;
      clause.weighted = true;
      Xapian::Query title(
          Xapian::Query::OP_SCALE_WEIGHT, wildcard(schema::TitleTerm(prefix)),
          node.field == QueryNode::Field::kAny ? options_.title_weight : 1.0);
      clause.query =
          node.field == QueryNode::Field::kAny
              ? Xapian::Query(Xapian::Query::OP_OR,
                              wildcard(schema::BodyTerm(prefix)), title)
              : title;
      return clause;
    }
    case Kind::kSource: {
      const std::string slug = schema::SourceSlug(node.text);
      if (slug.empty()) {
        return Error(node.offset, absl::StrCat("source '", node.text,
                                               "' has no letters or digits"));
      }
      Clause clause;
      clause.empty = false;
      clause.query = Xapian::Query(schema::SourceTerm(node.text));
      return clause;
    }
    case Kind::kEntity: {
      // A filter, like source:. A name without words names no entity: the
      // clause matches nothing (an unknown name does too, its term having
      // no postings).
      absl::StatusOr<std::string> id = EntityIdOf(node);
      if (!id.ok()) return id.status();
      Clause clause;
      clause.empty = false;
      clause.query =
          id->empty()
              ? Xapian::Query::MatchNothing
              : Xapian::Query(schema::EntityTerm(node.entity_type, *id));
      return clause;
    }
    case Kind::kDateRange: {
      Clause clause;
      clause.empty = false;
      const absl::TimeZone utc = absl::UTCTimeZone();
      if (node.date_from && node.date_to) {
        clause.query = Xapian::Query(
            Xapian::Query::OP_VALUE_RANGE, schema::kSlotPublished,
            schema::SerializeTime(absl::FromCivil(*node.date_from, utc)),
            schema::SerializeTime(absl::FromCivil(*node.date_to + 1, utc) -
                                  absl::Seconds(1)));
      } else if (node.date_from) {
        clause.query = Xapian::Query(
            Xapian::Query::OP_VALUE_GE, schema::kSlotPublished,
            schema::SerializeTime(absl::FromCivil(*node.date_from, utc)));
      } else if (node.date_to) {
        clause.query = Xapian::Query(
            Xapian::Query::OP_VALUE_LE, schema::kSlotPublished,
            schema::SerializeTime(absl::FromCivil(*node.date_to + 1, utc) -
                                  absl::Seconds(1)));
      } else {
        return Error(node.offset, "date range has neither start nor end");
      }
      return clause;
    }
    case Kind::kAnd:
    case Kind::kOr: {
      std::vector<Xapian::Query> weighted, filters;
      for (const QueryNode& child : node.children) {
        absl::StatusOr<Clause> c = BuildNode(child, negated);
        if (!c.ok()) return c.status();
        if (c->empty) continue;
        (c->weighted ? weighted : filters).push_back(c->query);
      }
      Clause clause;
      clause.empty = weighted.empty() && filters.empty();
      clause.weighted = !weighted.empty();
      if (clause.empty) return clause;
      if (node.kind == Kind::kOr) {
        for (Xapian::Query& f : filters) weighted.push_back(Weightless(f));
        clause.query = Combine(Xapian::Query::OP_OR, weighted);
      } else if (weighted.empty()) {
        clause.query = Combine(Xapian::Query::OP_AND, filters);
      } else {
        clause.query = Combine(Xapian::Query::OP_AND, weighted);
        if (!filters.empty()) {
          clause.query = Xapian::Query(Xapian::Query::OP_FILTER, clause.query,
                                       Combine(Xapian::Query::OP_AND, filters));
        }
      }
      return clause;
    }
    case Kind::kAndNot: {
      if (node.children.size() != 2) {
        return Error(node.offset, "'NOT' needs a term on each side");
      }
      absl::StatusOr<Clause> left = BuildNode(node.children[0], negated);
      if (!left.ok()) return left.status();
      absl::StatusOr<Clause> right = BuildNode(node.children[1], true);
      if (!right.ok()) return right.status();
      if (left->empty) {
        return Error(node.offset, "'NOT' needs searchable words on its left");
      }
      if (right->empty) return *left;
      left->query =
          Xapian::Query(Xapian::Query::OP_AND_NOT, left->query, right->query);
      return *left;
    }
    case Kind::kDefault:
      return BuildDefault(node, negated);
  }
  return Error(node.offset, "unknown query node");
}

absl::StatusOr<QueryBuilder::Clause> QueryBuilder::BuildDefault(
    const QueryNode& node, bool negated) {
  std::vector<Clause> should;
  std::vector<Xapian::Query> must, filters, must_not;
  for (const QueryNode& child : node.children) {
    const bool excluded = child.occur == QueryNode::Occur::kMustNot;
    absl::StatusOr<Clause> c = BuildNode(child, negated || excluded);
    if (!c.ok()) return c.status();
    if (c->empty) continue;
    if (excluded) {
      must_not.push_back(c->query);
    } else if (!c->weighted) {
      filters.push_back(c->query);  // a filter always restricts
    } else if (child.occur == QueryNode::Occur::kMust) {
      must.push_back(c->query);
    } else {
      should.push_back(*std::move(c));
    }
  }
  // Stop words neither block nor dominate: drop plain stop-word clauses
  // unless nothing else would carry weight.
  std::vector<Xapian::Query> optional;
  for (const Clause& c : should) {
    if (!c.stop_only) optional.push_back(c.query);
  }
  if (optional.empty() && must.empty()) {
    for (const Clause& c : should) optional.push_back(c.query);
  }

  Clause clause;
  clause.empty =
      optional.empty() && must.empty() && filters.empty() && must_not.empty();
  if (clause.empty) return clause;
  clause.weighted = !optional.empty() || !must.empty();
  if (!must.empty()) {
    clause.query = Combine(Xapian::Query::OP_AND, must);
    if (!optional.empty()) {
      clause.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, clause.query,
                                   Combine(Xapian::Query::OP_OR, optional));
    }
  } else if (!optional.empty()) {
    clause.query = Combine(Xapian::Query::OP_OR, optional);
  } else {
    clause.query = Weightless(Xapian::Query::MatchAll);
  }
  if (!filters.empty()) {
    clause.query = Xapian::Query(Xapian::Query::OP_FILTER, clause.query,
                                 Combine(Xapian::Query::OP_AND, filters));
  }
  if (!must_not.empty()) {
    clause.query = Xapian::Query(Xapian::Query::OP_AND_NOT, clause.query,
                                 Combine(Xapian::Query::OP_OR, must_not));
  }
  return clause;
}

}  // namespace byline

// Byline's query language parser: words, "phrases", AND/OR/NOT, +/-,
// parentheses, title:/source:/date: fields, the entity fields
// person:/org:/place:/misc: and prefix* search. It only
// parses; analysis of the words happens in QueryBuilder with the same
// TextAnalyzer the indexer uses.
#ifndef BYLINE_SEARCHER_QUERY_PARSER_H_
#define BYLINE_SEARCHER_QUERY_PARSER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "searcher/query_ast.h"

namespace byline {

struct QueryParserOptions {
  size_t max_query_bytes = 4096;  // longer queries are refused
  int max_depth = 32;             // parenthesis nesting limit
  int max_clauses = 256;          // words + phrases + prefixes + filters
  int min_prefix_chars = 2;       // "a*" is refused: it matches too much
};

// Parses `query`. On error returns InvalidArgument whose message starts with
// "at character N: " (N is the 1-based character column of the problem in
// the query, counted in Unicode code points) followed by the problem, e.g.
// "at character 7: unterminated quote". See query_parser.cc for the grammar.
// Thread-safe (stateless).
absl::StatusOr<QueryNode> ParseQuery(absl::string_view query,
                                     const QueryParserOptions& options = {});

}  // namespace byline

#endif  // BYLINE_SEARCHER_QUERY_PARSER_H_

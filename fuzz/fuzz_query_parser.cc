// libFuzzer target for the query language: ParseQuery on any bytes, then
// QueryBuilder on what parses (the same TextAnalyzer analysis of query
// words that the searcher runs). Beyond "no crash" it checks:
//  * an error's message starts "at character N: " with N a column inside
//    the query (1 ..code points + 1);
//  * a parsed tree is well formed: every node starts inside the query,
//    AND/OR have two or more children and NOT exactly two, leaves have
//    none, word/phrase/prefix/source/entity texts are non-empty pieces of
//    the query, date ranges do not end before they start, and there are no
//    more clauses than QueryParserOptions allows;
//  * entity fields (person:, org:, place:, misc:) build through the same
//    EntityKeyer the indexer uses (names canonicalised, ids as they are);
//  * DebugString and the Xapian query's description can be rendered.
// Seeds: corpus/fuzz_query_parser/; dictionary: query_parser.dict.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "analysis/text_analyzer.h"
#include "ner/entity_key.h"
#include "searcher/query_ast.h"
#include "searcher/query_builder.h"
#include "searcher/query_parser.h"

namespace byline {
namespace {

using Kind = QueryNode::Kind;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

size_t CountCodePoints(absl::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void CheckError(absl::string_view query, const absl::Status& status) {
  Check(status.code() == absl::StatusCode::kInvalidArgument);
  absl::string_view message = status.message();
  Check(absl::ConsumePrefix(&message, "at character "));
  const size_t colon = message.find(':');
  Check(colon != absl::string_view::npos);
  size_t column = 0;
  Check(absl::SimpleAtoi(message.substr(0, colon), &column));
  Check(column >= 1 && column <= CountCodePoints(query) + 1);
  Check(absl::StartsWith(message.substr(colon), ": "));
}

// Walks the tree without recursion (it may be deep); returns the number of
// clauses (leaves).
int CheckTree(absl::string_view query, const QueryNode& root) {
  int clauses = 0;
  std::vector<const QueryNode*> stack = {&root};
  while (!stack.empty()) {
    const QueryNode& node = *stack.back();
    stack.pop_back();
    Check(node.offset < query.size());
    switch (node.kind) {
      case Kind::kWord:
      case Kind::kPhrase:
      case Kind::kPrefix:
      case Kind::kSource:
      case Kind::kEntity:
        Check(!node.text.empty() &&
              query.find(node.text) != absl::string_view::npos);
        [[fallthrough]];
      case Kind::kDateRange:
        Check(node.children.empty());
        if (node.date_from && node.date_to) {
          Check(*node.date_from <= *node.date_to);
        }
        ++clauses;
        break;
      case Kind::kAnd:
      case Kind::kOr:
        Check(node.children.size() >= 2);
        break;
      case Kind::kAndNot:
        Check(node.children.size() == 2);
        break;
      case Kind::kDefault:
        Check(!node.children.empty());
        break;
    }
    for (const QueryNode& child : node.children) stack.push_back(&child);
  }
  return clauses;
}

void FuzzOne(absl::string_view query) {
  const QueryParserOptions options;
  absl::StatusOr<QueryNode> root = ParseQuery(query, options);
  if (!root.ok()) {
    CheckError(query, root.status());
    return;
  }
  Check(CheckTree(query, *root) <= options.max_clauses);
  Check(!DebugString(*root).empty());

  // One analyzer for the whole run, as a searcher keeps one per thread.
  static TextAnalyzer* const analyzer = TextAnalyzer::Create()->release();
  // One keyer for the whole run, as a searcher keeps one.
  static ner::EntityKeyer* const keyer = ner::EntityKeyer::Create()->release();
  QueryBuilderOptions builder_options;
  builder_options.entity_keyer = keyer;
  QueryBuilder builder(analyzer, builder_options);
  absl::StatusOr<BuiltQuery> built = builder.Build(*root, query);
  if (!built.ok()) {
    CheckError(query, built.status());
    return;
  }
  Check(!built->query.get_description().empty());
}

}  // namespace
}  // namespace byline

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  byline::FuzzOne(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

// DebugString for the query AST: a compact S-expression such as
// (default (word "a") (+phrase "b c") (-source "x") (date 2024-01-01..)),
// entity filters as (person "x"), and the entity fields' names.
// Leaves restricted to titles print as title-word / title-phrase /
// title-prefix; a node's occur, when not kShould, prefixes its kind.
#include "searcher/query_ast.h"

#include <string>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace byline {
namespace {

using Kind = QueryNode::Kind;

// Double-quotes `text`, escaping '"' and '\' so the output stays readable
// and unambiguous. Other bytes (including UTF-8) are copied as they are.
void AppendQuoted(absl::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendDay(const absl::CivilDay& day, std::string* out) {
  absl::StrAppendFormat(out, "%04d-%02d-%02d", day.year(), day.month(),
                        day.day());
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kWord:
      return "word";
    case Kind::kPhrase:
      return "phrase";
    case Kind::kPrefix:
      return "prefix";
    case Kind::kSource:
      return "source";
    case Kind::kEntity:
      return "entity";  // AppendNode prints the field instead
    case Kind::kDateRange:
      return "date";
    case Kind::kAnd:
      return "and";
    case Kind::kOr:
      return "or";
    case Kind::kAndNot:
      return "andnot";
    case Kind::kDefault:
      return "default";
  }
  return "unknown";
}

bool IsTextLeaf(Kind kind) {
  return kind == Kind::kWord || kind == Kind::kPhrase || kind == Kind::kPrefix;
}

// The parser bounds the tree's depth (parenthesis nesting and the clause
// limit), so plain recursion is fine here.
void AppendNode(const QueryNode& node, std::string* out) {
  out->push_back('(');
  if (node.occur == QueryNode::Occur::kMust) out->push_back('+');
  if (node.occur == QueryNode::Occur::kMustNot) out->push_back('-');
  if (node.field == QueryNode::Field::kTitle && IsTextLeaf(node.kind)) {
    out->append("title-");
  }
  out->append(node.kind == Kind::kEntity ? EntityFieldName(node.entity_type)
                                         : KindName(node.kind));
  switch (node.kind) {
    case Kind::kWord:
    case Kind::kPhrase:
    case Kind::kPrefix:
    case Kind::kSource:
    case Kind::kEntity:
      out->push_back(' ');
      AppendQuoted(node.text, out);
      break;
    case Kind::kDateRange:
      out->push_back(' ');
      if (node.date_from.has_value()) AppendDay(*node.date_from, out);
      out->append("..");
      if (node.date_to.has_value()) AppendDay(*node.date_to, out);
      break;
    case Kind::kAnd:
    case Kind::kOr:
    case Kind::kAndNot:
    case Kind::kDefault:
      for (const QueryNode& child : node.children) {
        out->push_back(' ');
        AppendNode(child, out);
      }
      break;
  }
  out->push_back(')');
}

}  // namespace

const char* EntityFieldName(schema::EntityType type) {
  switch (type) {
    case schema::EntityType::kPerson:
      return "person";
    case schema::EntityType::kOrganization:
      return "org";
    case schema::EntityType::kPlace:
      return "place";
    case schema::EntityType::kMisc:
      return "misc";
  }
  return "entity";
}

std::string DebugString(const QueryNode& node) {
  std::string out;
  AppendNode(node, &out);
  return out;
}

}  // namespace byline

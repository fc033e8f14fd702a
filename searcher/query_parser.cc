// Byline's query parser: turns the text a user types into a QueryNode tree.
//
// Grammar (like Xapian's; tokens are separated by whitespace unless noted):
//
//   query    := or_expr
//   or_expr  := and_expr ( "OR" and_expr )*
//   and_expr := not_expr ( "AND" not_expr )*
//   not_expr := seq ( "NOT" seq )*         a NOT b NOT c = (a NOT b) NOT c
//   seq      := unary+                     -> kDefault; children carry occur
//   unary    := [ "+" | "-" ] primary      the sign is glued to the primary
//   primary  := "(" or_expr ")"
//             | field ":" value            no space around ':'
//             | phrase
//             | word "*"+                  -> kPrefix (text without the '*')
//             | word
//   field    := "title" | "source" | "date"       (any letter case)
//             | "person" | "org" | "place" | "misc"
//   value    := word | phrase | "(" or_expr ")"   (a group only for title:)
//   phrase   := quote text quote           quote is any of  "  “  ”
//   date     := day | day ".." | ".." day | day ".." day
//   day      := YYYY | YYYY-MM | YYYY-MM-DD       (month, day: 1-2 digits)
//
// Details:
// - A word is a maximal run of code points other than Unicode whitespace,
//   '(', ')' and the three quote characters. It is kept as typed:
//   "U.S.", "state-owned", "10:30" and "http://x" (unknown field names) are
//   plain words. AND, OR and NOT are operators only as whole uppercase
//   words; "and", "Or", "+AND" and "ANDROID" are words.
// - Only the first '+' or '-' of a word is a sign ("+-a" is +"-a"). A word
//   made only of signs ("-", "--") is ignored, except that a single sign
//   glued to '(' or a quote applies to that group or phrase.
// - A seq of one unsigned term is that term; a group is its content. The
//   node for a construct starts (offset) at its first byte: the sign, the
//   field name, the '(' or the opening quote.
// - title: sets Field::kTitle on every word, phrase and prefix it covers,
//   including inside a group; source: and date: inside are unaffected.
// - source:, date: and the entity fields take a word or a phrase
//   (source:"Associated Press", person:"Marieke van Dalen", place:Oslo);
//   a field name with no value glued after its ':' is an error.
// - person:, org:, place: and misc: give kEntity with the value as typed
//   (a name, canonicalised by QueryBuilder, or an entity id). A word value
//   ending in '*' is an error: entity fields match whole names only.
// - date: FROM is the first day of its unit, TO the last day of its unit;
//   a single day V means V..V. A date is one clause, as are a source and
//   an entity.
// - Error columns are 1-based code points. Whatever the options say,
//   nesting is capped at 256 and clauses at 4096, so recursion is bounded.
#include "searcher/query_parser.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "analysis/utf8.h"
#include "util/status_macros.h"

namespace byline {
namespace {

using Kind = QueryNode::Kind;
using Field = QueryNode::Field;
using Occur = QueryNode::Occur;
using MaybeNode = std::optional<QueryNode>;

// Hard caps on options.max_depth and options.max_clauses. They bound the
// parser's recursion and the depth of the tree (a NOT b NOT ... nests), which
// DebugString and QueryNode's destructor walk recursively.
constexpr int kMaxSupportedDepth = 256;
constexpr int kMaxSupportedClauses = 4096;

// ----------------------------------------------------------------------------
// UTF-8 helpers.

// Decodes the code point at s[pos]; `s` must be valid UTF-8.
char32_t DecodeAt(absl::string_view s, size_t pos, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    *len = 1;
    return b0;
  }
  *len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  char32_t c = b0 & (0x7F >> *len);
  for (size_t k = 1; k < *len; ++k) {
    c = (c << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3F);
  }
  return c;
}

size_t CountCodePoints(absl::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

// Unicode White_Space.
bool IsSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool IsQuote(char32_t c) { return c == '"' || c == 0x201C || c == 0x201D; }

absl::string_view TrimSpace(absl::string_view s) {
  size_t begin = s.size(), end = s.size();
  bool found = false;
  for (size_t pos = 0, len = 0; pos < s.size(); pos += len) {
    if (IsSpace(DecodeAt(s, pos, &len))) continue;
    if (!found) begin = pos;
    found = true;
    end = pos + len;
  }
  return s.substr(begin, end - begin);
}

absl::Status ErrorAt(absl::string_view query, size_t offset,
                     absl::string_view problem) {
  const size_t column = CountCodePoints(query.substr(0, offset)) + 1;
  return absl::InvalidArgumentError(
      absl::StrCat("at character ", column, ": ", problem));
}

// ----------------------------------------------------------------------------
// Lexer.

enum class TokenType {
  kWord,
  kPhrase,
  kLParen,
  kRParen,
  kAnd,
  kOr,
  kNot,
  kError,
  kEnd
};

struct Token {
  TokenType type = TokenType::kEnd;
  size_t begin = 0;  // byte offset of the first byte
  size_t end = 0;    // byte offset one past the last byte
  // kWord: the word; kPhrase: the trimmed inner text; kError: the problem.
  absl::string_view text;
  bool glued = false;  // the next token starts at `end` (no space between)
};

// Splits a valid UTF-8 query into tokens ending with kEnd. A quote problem
// becomes a kError token (the parser reports it when it gets there, so the
// leftmost problem wins) and ends the token list.
std::vector<Token> Tokenize(absl::string_view q) {
  std::vector<Token> tokens;
  auto push = [&tokens](Token t) {
    if (!tokens.empty()) tokens.back().glued = tokens.back().end == t.begin;
    tokens.push_back(t);
  };
  size_t pos = 0, len = 0;
  while (pos < q.size()) {
    const char32_t c = DecodeAt(q, pos, &len);
    if (IsSpace(c)) {
      pos += len;
      continue;
    }
    Token t;
    t.begin = pos;
    if (c == '(' || c == ')') {
      t.type = c == '(' ? TokenType::kLParen : TokenType::kRParen;
      t.end = pos + 1;
    } else if (IsQuote(c)) {
      const size_t inner = pos + len;
      size_t close = inner;
      while (close < q.size() && !IsQuote(DecodeAt(q, close, &len))) {
        close += len;
      }
      if (close >= q.size()) {
        push({TokenType::kError, pos, q.size(), "unterminated quote"});
        break;
      }
      t.end = close + len;
      t.text = TrimSpace(q.substr(inner, close - inner));
      if (t.text.empty()) {
        push({TokenType::kError, pos, t.end, "empty phrase"});
        break;
      }
      t.type = TokenType::kPhrase;
    } else {
      size_t end = pos;
      while (end < q.size()) {
        const char32_t d = DecodeAt(q, end, &len);
        if (IsSpace(d) || IsQuote(d) || d == '(' || d == ')') break;
        end += len;
      }
      t.end = end;
      t.text = q.substr(pos, end - pos);
      t.type = t.text == "AND"   ? TokenType::kAnd
               : t.text == "OR"  ? TokenType::kOr
               : t.text == "NOT" ? TokenType::kNot
                                 : TokenType::kWord;
    }
    push(t);
    pos = t.end;
  }
  push({TokenType::kEnd, q.size(), q.size(), ""});
  return tokens;
}

// ----------------------------------------------------------------------------
// Parser: recursive descent over the tokens; recursion happens only for
// parentheses, whose depth is limited.

enum class FieldName {
  kNone,
  kTitle,
  kSource,
  kDate,
  kPerson,
  kOrganization,
  kPlace,
  kMisc
};

FieldName LookupField(absl::string_view name) {
  static constexpr std::pair<absl::string_view, FieldName> kFields[] = {
      {"title", FieldName::kTitle},      {"source", FieldName::kSource},
      {"date", FieldName::kDate},        {"person", FieldName::kPerson},
      {"org", FieldName::kOrganization}, {"place", FieldName::kPlace},
      {"misc", FieldName::kMisc},
  };
  for (const auto& [field_name, field] : kFields) {
    if (absl::EqualsIgnoreCase(name, field_name)) return field;
  }
  return FieldName::kNone;
}

// The entity type an entity field filters on; nullopt for other fields.
std::optional<schema::EntityType> EntityTypeOf(FieldName field) {
  switch (field) {
    case FieldName::kPerson:
      return schema::EntityType::kPerson;
    case FieldName::kOrganization:
      return schema::EntityType::kOrganization;
    case FieldName::kPlace:
      return schema::EntityType::kPlace;
    case FieldName::kMisc:
      return schema::EntityType::kMisc;
    default:
      return std::nullopt;
  }
}

// Sets Field::kTitle on every word, phrase and prefix under `root`.
void ApplyTitle(QueryNode* root) {
  std::vector<QueryNode*> stack = {root};
  while (!stack.empty()) {
    QueryNode* node = stack.back();
    stack.pop_back();
    if (node->kind == Kind::kWord || node->kind == Kind::kPhrase ||
        node->kind == Kind::kPrefix) {
      node->field = Field::kTitle;
    }
    for (QueryNode& child : node->children) stack.push_back(&child);
  }
}

class Parser {
 public:
  Parser(absl::string_view query, const QueryParserOptions& options,
         std::vector<Token> tokens)
      : query_(query),
        options_(options),
        max_depth_(std::clamp(options.max_depth, 0, kMaxSupportedDepth)),
        max_clauses_(std::min(options.max_clauses, kMaxSupportedClauses)),
        tokens_(std::move(tokens)) {}

  absl::StatusOr<QueryNode> Parse() {
    BYLINE_ASSIGN_OR_RETURN(MaybeNode root, ParseOperators(0, 0));
    if (Peek().type == TokenType::kRParen) {
      return Error(Peek().begin, "unexpected ')'");
    }
    if (!root.has_value()) return Error(0, "query has no search terms");
    return std::move(*root);
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Take() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;  // never move past kEnd
    return t;
  }
  absl::Status Error(size_t offset, absl::string_view problem) const {
    return ErrorAt(query_, offset, problem);
  }

  // level 0: or_expr, 1: and_expr, 2: not_expr. Returns nullopt when there
  // is no term at all before the next operator, ')' or the end.
  absl::StatusOr<MaybeNode> ParseOperators(int level, int depth);
  absl::StatusOr<MaybeNode> ParseSeq(int depth);
  // Parses one unary (consuming at least one token); nullopt if ignored.
  absl::StatusOr<MaybeNode> ParseUnary(int depth);
  absl::StatusOr<QueryNode> ParseGroup(const Token& open, int depth);
  absl::StatusOr<MaybeNode> ParseWord(const Token& token, int depth);
  absl::StatusOr<QueryNode> ParseField(FieldName field, absl::string_view name,
                                       size_t name_offset,
                                       absl::string_view value,
                                       size_t value_offset, const Token& token,
                                       int depth);
  // Makes a leaf starting at `offset`, counting it against max_clauses.
  absl::StatusOr<QueryNode> MakeLeaf(Kind kind, Field field,
                                     absl::string_view text, size_t offset);
  // `text` starts at `text_offset`; its term (sign, field) at `offset`.
  absl::StatusOr<QueryNode> MakeWordOrPrefix(absl::string_view text,
                                             size_t text_offset, size_t offset,
                                             Field field);
  absl::StatusOr<QueryNode> MakeDate(absl::string_view value,
                                     size_t value_offset, size_t offset);
  // An entity filter of `type`; `name` is the field with its ':'.
  // `is_word`: the value was a bare word (not a phrase).
  absl::StatusOr<QueryNode> MakeEntity(schema::EntityType type,
                                       absl::string_view name,
                                       absl::string_view value,
                                       size_t value_offset, bool is_word,
                                       size_t offset);
  // Parses one date side into the first and last day of its unit.
  absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> ParseDay(
      absl::string_view text, size_t offset) const;

  const absl::string_view query_;
  const QueryParserOptions& options_;
  const int max_depth_;
  const int max_clauses_;
  const std::vector<Token> tokens_;
  size_t pos_ = 0;
  int clauses_ = 0;
};

absl::StatusOr<MaybeNode> Parser::ParseOperators(int level, int depth) {
  static constexpr TokenType kOps[] = {TokenType::kOr, TokenType::kAnd,
                                       TokenType::kNot};
  static constexpr Kind kKinds[] = {Kind::kOr, Kind::kAnd, Kind::kAndNot};
  static constexpr const char* kNames[] = {"'OR'", "'AND'", "'NOT'"};
  auto operand = [&]() {
    return level == 2 ? ParseSeq(depth) : ParseOperators(level + 1, depth);
  };
  const TokenType op = kOps[level];
  BYLINE_ASSIGN_OR_RETURN(MaybeNode left, operand());
  if (Peek().type != op) return left;
  if (!left.has_value()) {
    return Error(Peek().begin,
                 absl::StrCat(kNames[level], " needs a term on its left"));
  }
  QueryNode result;
  result.kind = kKinds[level];
  result.offset = left->offset;
  result.children.push_back(std::move(*left));
  while (Peek().type == op) {
    const size_t op_offset = Take().begin;
    BYLINE_ASSIGN_OR_RETURN(MaybeNode right, operand());
    if (!right.has_value()) {
      return Error(op_offset,
                   absl::StrCat(kNames[level], " needs a term on its right"));
    }
    if (result.kind == Kind::kAndNot && result.children.size() == 2) {
      // a NOT b NOT c = (a NOT b) NOT c: kAndNot has exactly two children.
      QueryNode inner = std::move(result);
      result = QueryNode();
      result.kind = Kind::kAndNot;
      result.offset = inner.offset;
      result.children.push_back(std::move(inner));
    }
    result.children.push_back(std::move(*right));
  }
  return result;
}

absl::StatusOr<MaybeNode> Parser::ParseSeq(int depth) {
  std::vector<QueryNode> children;
  while (true) {
    const TokenType t = Peek().type;
    if (t == TokenType::kAnd || t == TokenType::kOr || t == TokenType::kNot ||
        t == TokenType::kRParen || t == TokenType::kEnd) {
      break;
    }
    BYLINE_ASSIGN_OR_RETURN(MaybeNode unary, ParseUnary(depth));
    if (unary.has_value()) children.push_back(std::move(*unary));
  }
  if (children.empty()) return std::nullopt;
  if (children.size() == 1 && children[0].occur == Occur::kShould) {
    return std::move(children[0]);
  }
  QueryNode seq;
  seq.kind = Kind::kDefault;
  seq.offset = children[0].offset;
  seq.children = std::move(children);
  return seq;
}

absl::StatusOr<MaybeNode> Parser::ParseUnary(int depth) {
  const Token& token = Take();
  switch (token.type) {
    case TokenType::kError:
      return Error(token.begin, token.text);
    case TokenType::kLParen:
      return ParseGroup(token, depth);
    case TokenType::kPhrase:
      return MakeLeaf(Kind::kPhrase, Field::kAny, token.text, token.begin);
    case TokenType::kWord:
      return ParseWord(token, depth);
    default:  // operators, ')' and the end are handled by the callers
      return std::nullopt;
  }
}

absl::StatusOr<QueryNode> Parser::ParseGroup(const Token& open, int depth) {
  if (depth >= max_depth_) {
    return Error(open.begin,
                 absl::StrCat("parentheses are nested too deeply (the "
                              "maximum is ",
                              max_depth_, ")"));
  }
  BYLINE_ASSIGN_OR_RETURN(MaybeNode inner, ParseOperators(0, depth + 1));
  if (Peek().type != TokenType::kRParen)
    return Error(open.begin, "missing ')'");
  Take();
  if (!inner.has_value()) return Error(open.begin, "empty parentheses");
  inner->offset = open.begin;
  return std::move(*inner);
}

absl::StatusOr<MaybeNode> Parser::ParseWord(const Token& token, int depth) {
  absl::string_view body = token.text;
  Occur occur = Occur::kShould;
  if (body.find_first_not_of("+-") == absl::string_view::npos) {
    const TokenType next = Peek().type;
    if (body.size() != 1 || !token.glued ||
        (next != TokenType::kLParen && next != TokenType::kPhrase &&
         next != TokenType::kError)) {
      return std::nullopt;  // a stray sign means nothing
    }
    BYLINE_ASSIGN_OR_RETURN(MaybeNode node, ParseUnary(depth));
    if (!node.has_value()) return node;
    node->occur = body[0] == '+' ? Occur::kMust : Occur::kMustNot;
    node->offset = token.begin;
    return node;
  }
  size_t body_offset = token.begin;
  if (body[0] == '+' || body[0] == '-') {
    occur = body[0] == '+' ? Occur::kMust : Occur::kMustNot;
    body.remove_prefix(1);
    ++body_offset;
  }
  QueryNode node;
  const size_t colon = body.find(':');
  const FieldName field = colon == absl::string_view::npos
                              ? FieldName::kNone
                              : LookupField(body.substr(0, colon));
  if (field != FieldName::kNone) {
    BYLINE_ASSIGN_OR_RETURN(
        node, ParseField(field, body.substr(0, colon + 1), body_offset,
                         body.substr(colon + 1), body_offset + colon + 1, token,
                         depth));
  } else {
    BYLINE_ASSIGN_OR_RETURN(
        node, MakeWordOrPrefix(body, body_offset, token.begin, Field::kAny));
  }
  node.occur = occur;
  node.offset = token.begin;
  return node;
}

absl::StatusOr<QueryNode> Parser::ParseField(FieldName field,
                                             absl::string_view name,
                                             size_t name_offset,
                                             absl::string_view value,
                                             size_t value_offset,
                                             const Token& token, int depth) {
  const std::optional<schema::EntityType> entity_type = EntityTypeOf(field);
  if (!value.empty()) {
    if (entity_type) {
      return MakeEntity(*entity_type, name, value, value_offset,
                        /*is_word=*/true, token.begin);
    }
    switch (field) {
      case FieldName::kTitle:
        return MakeWordOrPrefix(value, value_offset, token.begin,
                                Field::kTitle);
      case FieldName::kSource:
        return MakeLeaf(Kind::kSource, Field::kAny, value, token.begin);
      default:
        return MakeDate(value, value_offset, token.begin);
    }
  }
  // "title:" must be glued to a phrase or a group.
  const TokenType next = Peek().type;
  if (!token.glued ||
      (next != TokenType::kPhrase && next != TokenType::kLParen &&
       next != TokenType::kError)) {
    return Error(name_offset, absl::StrCat("missing value after '", name, "'"));
  }
  const Token& v = Take();
  if (v.type == TokenType::kError) return Error(v.begin, v.text);
  if (v.type == TokenType::kLParen) {
    if (field != FieldName::kTitle) {
      return Error(v.begin,
                   absl::StrCat("'", name, "' cannot be applied to a group"));
    }
    BYLINE_ASSIGN_OR_RETURN(QueryNode group, ParseGroup(v, depth));
    ApplyTitle(&group);
    return group;
  }
  const size_t text_offset = v.text.data() - query_.data();
  if (entity_type) {
    return MakeEntity(*entity_type, name, v.text, text_offset,
                      /*is_word=*/false, token.begin);
  }
  switch (field) {
    case FieldName::kTitle:
      return MakeLeaf(Kind::kPhrase, Field::kTitle, v.text, token.begin);
    case FieldName::kSource:
      return MakeLeaf(Kind::kSource, Field::kAny, v.text, token.begin);
    default:
      return MakeDate(v.text, text_offset, token.begin);
  }
}

absl::StatusOr<QueryNode> Parser::MakeLeaf(Kind kind, Field field,
                                           absl::string_view text,
                                           size_t offset) {
  if (++clauses_ > max_clauses_) {
    return Error(offset, absl::StrCat("too many terms (the maximum is ",
                                      max_clauses_, ")"));
  }
  QueryNode node;
  node.kind = kind;
  node.field = field;
  node.text = std::string(text);
  node.offset = static_cast<uint32_t>(offset);
  return node;
}

absl::StatusOr<QueryNode> Parser::MakeWordOrPrefix(absl::string_view text,
                                                   size_t text_offset,
                                                   size_t offset, Field field) {
  absl::string_view stem = text;
  while (!stem.empty() && stem.back() == '*') stem.remove_suffix(1);
  if (stem.size() == text.size() || stem.empty()) {
    return MakeLeaf(Kind::kWord, field, text, offset);
  }
  const int min_chars = options_.min_prefix_chars;
  if (CountCodePoints(stem) < static_cast<size_t>(std::max(min_chars, 0))) {
    return Error(
        text_offset,
        absl::StrCat("prefix '", text, "' is too short (at least ", min_chars,
                     min_chars == 1 ? " character)" : " characters)"));
  }
  return MakeLeaf(Kind::kPrefix, field, stem, offset);
}

absl::StatusOr<QueryNode> Parser::MakeEntity(schema::EntityType type,
                                             absl::string_view name,
                                             absl::string_view value,
                                             size_t value_offset, bool is_word,
                                             size_t offset) {
  if (is_word && value.back() == '*') {
    return Error(value_offset,
                 absl::StrCat("'", name,
                              "' takes a whole name or an entity id, not a "
                              "prefix ('",
                              value, "')"));
  }
  BYLINE_ASSIGN_OR_RETURN(QueryNode node,
                          MakeLeaf(Kind::kEntity, Field::kAny, value, offset));
  node.entity_type = type;
  return node;
}

absl::StatusOr<QueryNode> Parser::MakeDate(absl::string_view value,
                                           size_t value_offset, size_t offset) {
  std::optional<absl::CivilDay> from, to;
  const size_t dots = value.find("..");
  if (dots == absl::string_view::npos) {
    BYLINE_ASSIGN_OR_RETURN(auto unit, ParseDay(value, value_offset));
    from = unit.first;
    to = unit.second;
  } else {
    const absl::string_view from_text = value.substr(0, dots);
    const absl::string_view to_text = value.substr(dots + 2);
    if (from_text.empty() && to_text.empty()) {
      return Error(value_offset, absl::StrCat("invalid date '", value, "'"));
    }
    if (!from_text.empty()) {
      BYLINE_ASSIGN_OR_RETURN(auto unit, ParseDay(from_text, value_offset));
      from = unit.first;
    }
    if (!to_text.empty()) {
      BYLINE_ASSIGN_OR_RETURN(auto unit,
                              ParseDay(to_text, value_offset + dots + 2));
      to = unit.second;
    }
    if (from.has_value() && to.has_value() && *from > *to) {
      return Error(value_offset, "date range ends before it starts");
    }
  }
  BYLINE_ASSIGN_OR_RETURN(QueryNode node,
                          MakeLeaf(Kind::kDateRange, Field::kAny, "", offset));
  node.date_from = from;
  node.date_to = to;
  return node;
}

absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> Parser::ParseDay(
    absl::string_view text, size_t offset) const {
  auto invalid = [&] {
    return Error(offset, absl::StrCat("invalid date '", text, "'"));
  };
  std::vector<absl::string_view> parts;
  for (size_t begin = 0;;) {
    const size_t dash = std::min(text.find('-', begin), text.size());
    parts.push_back(text.substr(begin, dash - begin));
    if (dash == text.size() || parts.size() > 3) break;
    begin = dash + 1;
  }
  if (parts.size() > 3) return invalid();
  int values[3] = {0, 1, 1};
  for (size_t i = 0; i < parts.size(); ++i) {
    const absl::string_view part = parts[i];
    const bool size_ok =
        i == 0 ? part.size() == 4 : !part.empty() && part.size() <= 2;
    if (!size_ok) return invalid();
    int v = 0;
    for (char c : part) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return invalid();
      v = v * 10 + (c - '0');
    }
    values[i] = v;
  }
  const int year = values[0], month = values[1], day = values[2];
  if (month < 1 || month > 12) return invalid();
  if (parts.size() == 1) {
    return std::make_pair(absl::CivilDay(year, 1, 1),
                          absl::CivilDay(year, 12, 31));
  }
  if (parts.size() == 2) {
    const absl::CivilMonth m(year, month);
    return std::make_pair(absl::CivilDay(m), absl::CivilDay(m + 1) - 1);
  }
  const absl::CivilDay d(year, month, day);
  if (d.month() != month || d.day() != day) return invalid();
  return std::make_pair(d, d);
}

}  // namespace

absl::StatusOr<QueryNode> ParseQuery(absl::string_view query,
                                     const QueryParserOptions& options) {
  if (query.size() > options.max_query_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("at character 1: query is ", query.size(),
                     " bytes, the maximum is ", options.max_query_bytes));
  }
  if (const std::optional<size_t> bad = FindInvalidUtf8(query)) {
    return ErrorAt(query, *bad, "invalid UTF-8");
  }
  std::vector<Token> tokens = Tokenize(query);
  if (tokens.size() == 1) return ErrorAt(query, 0, "empty query");
  Parser parser(query, options, std::move(tokens));
  return parser.Parse();
}

}  // namespace byline

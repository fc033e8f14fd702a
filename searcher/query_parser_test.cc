// Tests for ParseQuery and DebugString: a table of queries and the trees
// they parse to, a table of errors with their exact messages, option
// limits, node offsets and a seeded fuzz run over tricky characters.
#include "searcher/query_parser.h"

#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "searcher/query_ast.h"

namespace byline {
namespace {

using Kind = QueryNode::Kind;
using Occur = QueryNode::Occur;

struct ParseCase {
  const char* query;
  const char* expected;
};

// Parses `query` with default options and returns its DebugString, or the
// error message prefixed with "ERROR: ".
std::string Parsed(absl::string_view query,
                   const QueryParserOptions& opts = {}) {
  absl::StatusOr<QueryNode> node = ParseQuery(query, opts);
  if (!node.ok()) return "ERROR: " + std::string(node.status().message());
  return DebugString(*node);
}

// Counts code points (lead bytes) of possibly invalid UTF-8.
int CodePoints(absl::string_view s) {
  int n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void ExpectCases(const std::vector<ParseCase>& cases) {
  for (const ParseCase& c : cases) {
    EXPECT_EQ(Parsed(c.query), c.expected) << "query: " << c.query;
  }
}

TEST(QueryParserTest, WordsAndImplicitSequences) {
  ExpectCases({
      {"a", R"((word "a"))"},
      {"a b", R"((default (word "a") (word "b")))"},
      {" \t a \n  b  ", R"((default (word "a") (word "b")))"},
      {"U.S. state-owned Blinken's 10:30",
       R"((default (word "U.S.") (word "state-owned") (word "Blinken's"))"
       R"( (word "10:30")))"},
      {"foo:bar", R"((word "foo:bar"))"},
      {"http://x.com/a?b=c", R"((word "http://x.com/a?b=c"))"},
      {"a-", R"((word "a-"))"},
      {"and or not", R"((default (word "and") (word "or") (word "not")))"},
      {"And Or Not ANDROID", R"((default (word "And") (word "Or"))"
                             R"( (word "Not") (word "ANDROID")))"},
      {"café 中文 Москва",
       R"((default (word "café") (word "中文") (word "Москва")))"},
      {"a\u00A0b\u3000c", R"((default (word "a") (word "b") (word "c")))"},
      {"Blinken’s", R"((word "Blinken’s"))"},
      {"a*b", R"((word "a*b"))"},
      {"*", R"((word "*"))"},
      {"**", R"((word "**"))"},
  });
}

TEST(QueryParserTest, SignsSetOccur) {
  ExpectCases({
      {"+a", R"((default (+word "a")))"},
      {"-a", R"((default (-word "a")))"},
      {"+a -b c", R"((default (+word "a") (-word "b") (word "c")))"},
      {R"(a +"b c" -source:x date:2024)",
       R"((default (word "a") (+phrase "b c") (-source "x"))"
       R"( (date 2024-01-01..2024-12-31)))"},
      {"-(a b)", R"((default (-default (word "a") (word "b"))))"},
      {"a -(b OR c)", R"((default (word "a") (-or (word "b") (word "c"))))"},
      {"+(a)", R"((default (+word "a")))"},
      {"-title:x +title:(y z)",
       R"((default (-title-word "x"))"
       R"( (+default (title-word "y") (title-word "z"))))"},
      {"+ukr*", R"((default (+prefix "ukr")))"},
      {"+AND -OR", R"((default (+word "AND") (-word "OR")))"},
      {"+-a", R"((default (+word "-a")))"},
      {"-10", R"((default (-word "10")))"},
      // Stray signs mean nothing.
      {"a - b", R"((default (word "a") (word "b")))"},
      {"a -", R"((word "a"))"},
      {"+ a", R"((word "a"))"},
      {"a -- b ++", R"((default (word "a") (word "b")))"},
      {"- (a)", R"((word "a"))"},
      {"--(a)", R"((word "a"))"},
      {"(a -)", R"((word "a"))"},
      {"a NOT - b", R"((andnot (word "a") (word "b")))"},
      {"a AND -b", R"((and (word "a") (default (-word "b"))))"},
      {R"(-"x y")", R"((default (-phrase "x y")))"},
  });
}

TEST(QueryParserTest, OperatorPrecedence) {
  ExpectCases({
      {"a AND b", R"((and (word "a") (word "b")))"},
      {"a OR b", R"((or (word "a") (word "b")))"},
      {"a NOT b", R"((andnot (word "a") (word "b")))"},
      {"a AND b AND c", R"((and (word "a") (word "b") (word "c")))"},
      {"a OR b AND c", R"((or (word "a") (and (word "b") (word "c"))))"},
      {"a AND b OR c", R"((or (and (word "a") (word "b")) (word "c")))"},
      {"a b NOT c", R"((andnot (default (word "a") (word "b")) (word "c")))"},
      {"a NOT b c", R"((andnot (word "a") (default (word "b") (word "c"))))"},
      {"a NOT b NOT c",
       R"((andnot (andnot (word "a") (word "b")) (word "c")))"},
      {"a NOT b AND c", R"((and (andnot (word "a") (word "b")) (word "c")))"},
      {"a AND (b OR c)", R"((and (word "a") (or (word "b") (word "c"))))"},
      {"(a OR b) OR c", R"((or (or (word "a") (word "b")) (word "c")))"},
      {"a b OR c d",
       R"((or (default (word "a") (word "b")) (default (word "c") (word "d"))))"},
      {"a and b or c not d",
       R"((default (word "a") (word "and") (word "b") (word "or") (word "c"))"
       R"( (word "not") (word "d")))"},
      {"a AND(b)", R"((and (word "a") (word "b")))"},
      {"((a))", R"((word "a"))"},
      {"(a b) c", R"((default (default (word "a") (word "b")) (word "c")))"},
      {"(a OR b) (c NOT d)",
       R"((default (or (word "a") (word "b")) (andnot (word "c") (word "d"))))"},
  });
}

TEST(QueryParserTest, PhrasesAndPrefixes) {
  ExpectCases({
      {R"("b c")", R"((phrase "b c"))"},
      {R"("  b   c ")", R"((phrase "b   c"))"},
      {"“b c”", R"((phrase "b c"))"},
      {"”b c”", R"((phrase "b c"))"},
      {"a “b c\" d", R"((default (word "a") (phrase "b c") (word "d")))"},
      {R"("a b"c)", R"((default (phrase "a b") (word "c")))"},
      {R"(x"a b")", R"((default (word "x") (phrase "a b")))"},
      {R"("ukr* (AND) title:x")", R"((phrase "ukr* (AND) title:x"))"},
      {"\"中文 词\"", R"((phrase "中文 词"))"},
      {"ukr*", R"((prefix "ukr"))"},
      {"ukr**", R"((prefix "ukr"))"},
      {"中国*", R"((prefix "中国"))"},
      {"naïve*", R"((prefix "naïve"))"},
      {"foo:ba*", R"((prefix "foo:ba"))"},
  });
}

TEST(QueryParserTest, Fields) {
  ExpectCases({
      {"title:x", R"((title-word "x"))"},
      {"Title:x TITLE:y", R"((default (title-word "x") (title-word "y")))"},
      {R"(title:"x y")", R"((title-phrase "x y"))"},
      {"title:“x y”", R"((title-phrase "x y"))"},
      {"title:ukr*", R"((title-prefix "ukr"))"},
      {"title:title:x", R"((title-word "title:x"))"},
      {"title:AND", R"((title-word "AND"))"},
      {"title:(a OR bc*)", R"((or (title-word "a") (title-prefix "bc")))"},
      {R"(title:(a "b c" source:x date:2024))",
       R"((default (title-word "a") (title-phrase "b c") (source "x"))"
       R"( (date 2024-01-01..2024-12-31)))"},
      {"title:(a -(b NOT c))",
       R"((default (title-word "a"))"
       R"( (-andnot (title-word "b") (title-word "c"))))"},
      {"title:(a) b", R"((default (title-word "a") (word "b")))"},
      {"source:reuters", R"((source "reuters"))"},
      {"SOURCE:AP", R"((source "AP"))"},
      {R"(source:"Associated Press")", R"((source "Associated Press"))"},
      {"source:bbc.co.uk*", R"((source "bbc.co.uk*"))"},
      {"-source:x", R"((default (-source "x")))"},
  });
}

struct ErrorCase {
  std::string query;
  const char* message;
};

TEST(QueryParserTest, EntityFields) {
  ExpectCases({
      {R"(person:"Marieke van Dalen")", R"((person "Marieke van Dalen"))"},
      {"person:“Ms. van Dalen’s”", R"((person "Ms. van Dalen’s"))"},
      {R"(org:"Maritime Union")", R"((org "Maritime Union"))"},
      {"place:Rotterdam", R"((place "Rotterdam"))"},
      {"place:U.S.", R"((place "U.S."))"},
      {"misc:0123456789abcdef", R"((misc "0123456789abcdef"))"},
      {"PERSON:x Org:y PLACE:z Misc:w",
       R"((default (person "x") (org "y") (place "z") (misc "w")))"},
      {"person:a OR person:b", R"((or (person "a") (person "b")))"},
      {R"(port person:"a b" -org:c +place:d)",
       R"((default (word "port") (person "a b") (-org "c") (+place "d")))"},
      {"port NOT place:Oslo", R"((andnot (word "port") (place "Oslo")))"},
      {"(person:a OR org:b) AND strike",
       R"((and (or (person "a") (org "b")) (word "strike")))"},
      {"title:(a person:x)", R"((default (title-word "a") (person "x")))"},
      {"person:person:x", R"((person "person:x"))"},
      {"person:AND", R"((person "AND"))"},
      {"person:a*b", R"((person "a*b"))"},
      {R"(person:"mari*")", R"((person "mari*"))"},  // a phrase is a name
      // Only these four names are entity fields.
      {"persons:x organization:y location:z",
       R"((default (word "persons:x") (word "organization:y"))"
       R"( (word "location:z")))"},
  });
}

TEST(QueryParserTest, EntityFieldErrors) {
  const std::vector<ErrorCase> cases = {
      {"person:", "at character 1: missing value after 'person:'"},
      {"a org: b", "at character 3: missing value after 'org:'"},
      {"-Place:", "at character 2: missing value after 'Place:'"},
      {R"(person:"")", "at character 8: empty phrase"},
      {R"(misc:"x)", "at character 6: unterminated quote"},
      {"person:(a OR b)",
       "at character 8: 'person:' cannot be applied to a group"},
      {"a place:Rotter*",
       "at character 9: 'place:' takes a whole name or an entity id, not a "
       "prefix ('Rotter*')"},
      {"org:*",
       "at character 5: 'org:' takes a whole name or an entity id, "
       "not a prefix ('*')"},
  };
  for (const ErrorCase& c : cases) {
    EXPECT_EQ(Parsed(c.query), std::string("ERROR: ") + c.message)
        << "query: " << c.query;
  }
}

TEST(QueryParserTest, EntityNodesCarryTypeTextAndOffset) {
  //                                     0123456789012345678901234
  absl::StatusOr<QueryNode> root = ParseQuery(R"(é -org:"Maritime Union")");
  ASSERT_TRUE(root.ok()) << root.status();
  ASSERT_EQ(root->kind, Kind::kDefault);
  ASSERT_EQ(root->children.size(), 2u);
  const QueryNode& org = root->children[1];
  EXPECT_EQ(org.kind, Kind::kEntity);
  EXPECT_EQ(org.entity_type, schema::EntityType::kOrganization);
  EXPECT_EQ(org.text, "Maritime Union");
  EXPECT_EQ(org.occur, Occur::kMustNot);
  EXPECT_EQ(org.offset, 3u);  // the sign, after "é " (3 bytes)
  root = ParseQuery("misc:Euro place:x person:y");
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(root->children[0].entity_type, schema::EntityType::kMisc);
  EXPECT_EQ(root->children[1].entity_type, schema::EntityType::kPlace);
  EXPECT_EQ(root->children[2].entity_type, schema::EntityType::kPerson);
}

TEST(QueryParserTest, EntityFiltersCountAsClauses) {
  QueryParserOptions opts;
  opts.max_clauses = 2;
  EXPECT_EQ(Parsed("person:a org:b", opts),
            R"((default (person "a") (org "b")))");
  EXPECT_EQ(Parsed("person:a org:b place:c", opts),
            "ERROR: at character 16: too many terms (the maximum is 2)");
}

TEST(QueryParserTest, Dates) {
  ExpectCases({
      {"date:2024", "(date 2024-01-01..2024-12-31)"},
      {"date:2024-02", "(date 2024-02-01..2024-02-29)"},
      {"date:2023-02", "(date 2023-02-01..2023-02-28)"},
      {"date:2024-12", "(date 2024-12-01..2024-12-31)"},
      {"date:2024-03-15", "(date 2024-03-15..2024-03-15)"},
      {"date:2024-1-5", "(date 2024-01-05..2024-01-05)"},
      {"date:2024-02-29", "(date 2024-02-29..2024-02-29)"},
      {"date:2024-01..2024-03", "(date 2024-01-01..2024-03-31)"},
      {"date:2023..2024-02", "(date 2023-01-01..2024-02-29)"},
      {"date:2024..2024", "(date 2024-01-01..2024-12-31)"},
      {"date:2024-02-01..", "(date 2024-02-01..)"},
      {"date:..2024-06-30", "(date ..2024-06-30)"},
      {"date:..2024", "(date ..2024-12-31)"},
      {"Date:2024", "(date 2024-01-01..2024-12-31)"},
      {R"(date:"2024-05")", "(date 2024-05-01..2024-05-31)"},
      {"a date:2024 -date:2024-07",
       R"((default (word "a") (date 2024-01-01..2024-12-31))"
       R"( (-date 2024-07-01..2024-07-31)))"},
  });
}

TEST(QueryParserTest, Errors) {
  const std::vector<ErrorCase> cases = {
      {"", "at character 1: empty query"},
      {"  \t\n ", "at character 1: empty query"},
      {"\u3000", "at character 1: empty query"},
      {"\"", "at character 1: unterminated quote"},
      {"a \"b c", "at character 3: unterminated quote"},
      {"é “b", "at character 3: unterminated quote"},
      {"+\"b", "at character 2: unterminated quote"},
      {"title:\"x", "at character 7: unterminated quote"},
      {"\"a\" \"b", "at character 5: unterminated quote"},
      {"\"\"", "at character 1: empty phrase"},
      {"a \"  \"", "at character 3: empty phrase"},
      {"source:\"\"", "at character 8: empty phrase"},
      {"(a", "at character 1: missing ')'"},
      {"a (b (c)", "at character 3: missing ')'"},
      {"(", "at character 1: missing ')'"},
      {"a)", "at character 2: unexpected ')'"},
      {")", "at character 1: unexpected ')'"},
      {"-)", "at character 2: unexpected ')'"},
      {"(a)) b", "at character 4: unexpected ')'"},
      {"()", "at character 1: empty parentheses"},
      {"a ( - )", "at character 3: empty parentheses"},
      {"AND", "at character 1: 'AND' needs a term on its left"},
      {"AND a", "at character 1: 'AND' needs a term on its left"},
      {"a AND", "at character 3: 'AND' needs a term on its right"},
      {"(a AND)", "at character 4: 'AND' needs a term on its right"},
      {"a AND OR b", "at character 3: 'AND' needs a term on its right"},
      {"OR", "at character 1: 'OR' needs a term on its left"},
      {"a OR", "at character 3: 'OR' needs a term on its right"},
      {"a OR OR b", "at character 3: 'OR' needs a term on its right"},
      {"NOT a", "at character 1: 'NOT' needs a term on its left"},
      {"a NOT", "at character 3: 'NOT' needs a term on its right"},
      {"a NOT -", "at character 3: 'NOT' needs a term on its right"},
      {"AND OR NOT", "at character 1: 'AND' needs a term on its left"},
      {"NOT", "at character 1: 'NOT' needs a term on its left"},
      {"-", "at character 1: query has no search terms"},
      {"+ - --", "at character 1: query has no search terms"},
      {"title:", "at character 1: missing value after 'title:'"},
      {"a title: b", "at character 3: missing value after 'title:'"},
      {"-Source:", "at character 2: missing value after 'Source:'"},
      {"date:", "at character 1: missing value after 'date:'"},
      {"(title:)", "at character 2: missing value after 'title:'"},
      {"source:(a b)",
       "at character 8: 'source:' cannot be applied to a group"},
      {"date:(2024)", "at character 6: 'date:' cannot be applied to a group"},
      {"date:2024-13", "at character 6: invalid date '2024-13'"},
      {"date:2024-00", "at character 6: invalid date '2024-00'"},
      {"date:2023-02-29", "at character 6: invalid date '2023-02-29'"},
      {"date:2024-04-31", "at character 6: invalid date '2024-04-31'"},
      {"date:2024-01-00", "at character 6: invalid date '2024-01-00'"},
      {"date:24", "at character 6: invalid date '24'"},
      {"date:2024-01-01-01", "at character 6: invalid date '2024-01-01-01'"},
      {"date:2024-001", "at character 6: invalid date '2024-001'"},
      {"date:2024-", "at character 6: invalid date '2024-'"},
      {"date:abc", "at character 6: invalid date 'abc'"},
      {"date:..", "at character 6: invalid date '..'"},
      {"date:2024...2025", "at character 12: invalid date '.2025'"},
      {"date:2024..2023-13", "at character 12: invalid date '2023-13'"},
      {"é date:x..2024", "at character 8: invalid date 'x'"},
      {"date:2024-03..2024-01",
       "at character 6: date range ends before it starts"},
      {"date:2024-03-02..2024-03-01",
       "at character 6: date range ends before it starts"},
      {"a*",
       "at character 1: prefix 'a*' is too short (at least 2 characters)"},
      {"-a**",
       "at character 2: prefix 'a**' is too short (at least 2 characters)"},
      {"x title:é*",
       "at character 9: prefix 'é*' is too short (at least 2 characters)"},
      {"\xff", "at character 1: invalid UTF-8"},
      {"ab\xc3", "at character 3: invalid UTF-8"},
      {"é\xed\xa0\x80", "at character 2: invalid UTF-8"},       // surrogate
      {"\xc0\xaf", "at character 1: invalid UTF-8"},            // overlong
      {"中\xf4\x90\x80\x80", "at character 2: invalid UTF-8"},  // > U+10FFFF
      {"a) \"b", "at character 2: unexpected ')'"},  // leftmost problem wins
  };
  for (const ErrorCase& c : cases) {
    absl::StatusOr<QueryNode> node = ParseQuery(c.query);
    ASSERT_FALSE(node.ok()) << "query: " << c.query;
    EXPECT_EQ(node.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(node.status().message(), c.message) << "query: " << c.query;
  }
}

TEST(QueryParserTest, MaxQueryBytes) {
  EXPECT_EQ(Parsed(std::string(4096, 'a')),
            "(word \"" + std::string(4096, 'a') + "\")");
  EXPECT_EQ(Parsed(std::string(4097, 'a')),
            "ERROR: at character 1: query is 4097 bytes, the maximum is 4096");
  QueryParserOptions opts;
  opts.max_query_bytes = 3;
  EXPECT_EQ(Parsed("abcd", opts),
            "ERROR: at character 1: query is 4 bytes, the maximum is 3");
}

std::string Nested(int depth) {
  return std::string(depth, '(') + "a" + std::string(depth, ')');
}

TEST(QueryParserTest, MaxDepth) {
  EXPECT_EQ(Parsed(Nested(32)), R"((word "a"))");
  EXPECT_EQ(Parsed(Nested(33)),
            "ERROR: at character 33: parentheses are nested too deeply (the "
            "maximum is 32)");
  EXPECT_EQ(Parsed("title:" + Nested(33)),
            "ERROR: at character 39: parentheses are nested too deeply (the "
            "maximum is 32)");
  QueryParserOptions opts;
  opts.max_depth = 2;
  EXPECT_EQ(Parsed("(a (b))", opts), R"((default (word "a") (word "b")))");
  EXPECT_EQ(Parsed("(a (b (c)))", opts),
            "ERROR: at character 7: parentheses are nested too deeply (the "
            "maximum is 2)");
  // Absurd limits are clamped so that recursion stays bounded.
  opts.max_depth = 1 << 30;
  opts.max_query_bytes = 1 << 22;
  absl::StatusOr<QueryNode> deep = ParseQuery(Nested(1 << 20), opts);
  ASSERT_FALSE(deep.ok());
  EXPECT_TRUE(absl::StartsWith(deep.status().message(), "at character 257:"))
      << deep.status();
}

TEST(QueryParserTest, MaxClauses) {
  std::string query;
  for (int i = 0; i < 256; ++i) query += "a ";
  EXPECT_TRUE(ParseQuery(query).ok());
  EXPECT_EQ(Parsed(query + "\"b c\""),
            "ERROR: at character 513: too many terms (the maximum is 256)");
  EXPECT_EQ(Parsed(query + "date:2024"),
            "ERROR: at character 513: too many terms (the maximum is 256)");
  QueryParserOptions opts;
  opts.max_clauses = 2;
  EXPECT_EQ(Parsed("title:(a b) source:c", opts),
            "ERROR: at character 13: too many terms (the maximum is 2)");
}

TEST(QueryParserTest, MinPrefixChars) {
  QueryParserOptions opts;
  opts.min_prefix_chars = 1;
  EXPECT_EQ(Parsed("a*", opts), R"((prefix "a"))");
  opts.min_prefix_chars = 3;
  EXPECT_EQ(Parsed("中国*", opts),
            "ERROR: at character 1: prefix '中国*' is too short (at least 3 "
            "characters)");
  EXPECT_EQ(Parsed("中国人*", opts), R"((prefix "中国人"))");
}

TEST(QueryParserTest, Offsets) {
  //                      0123456789012345678901234567890
  absl::StatusOr<QueryNode> root =
      ParseQuery(R"(a +"b c" -title:x (d e) date:2024)");
  ASSERT_TRUE(root.ok()) << root.status();
  ASSERT_EQ(root->kind, Kind::kDefault);
  ASSERT_EQ(root->children.size(), 5u);
  EXPECT_EQ(root->offset, 0u);
  const std::vector<uint32_t> offsets = {0, 2, 9, 18, 24};
  for (size_t i = 0; i < offsets.size(); ++i) {
    EXPECT_EQ(root->children[i].offset, offsets[i]) << i;
  }
  EXPECT_EQ(root->children[1].occur, Occur::kMust);
  EXPECT_EQ(root->children[2].occur, Occur::kMustNot);
  EXPECT_EQ(root->children[3].children[0].offset, 19u);
  EXPECT_EQ(root->children[3].children[1].offset, 21u);

  root = ParseQuery("é OR “x y” NOT z");
  ASSERT_TRUE(root.ok()) << root.status();
  ASSERT_EQ(root->kind, Kind::kOr);
  EXPECT_EQ(root->offset, 0u);
  const QueryNode& and_not = root->children[1];
  EXPECT_EQ(and_not.offset, 6u);
  EXPECT_EQ(and_not.children[0].offset, 6u);
  EXPECT_EQ(and_not.children[1].offset, 20u);
}

TEST(DebugStringTest, OpenDatesEscapesAndOccurs) {
  QueryNode date;
  date.kind = Kind::kDateRange;
  EXPECT_EQ(DebugString(date), "(date ..)");
  date.date_from = absl::CivilDay(2024, 2, 1);
  EXPECT_EQ(DebugString(date), "(date 2024-02-01..)");
  date.date_from.reset();
  date.date_to = absl::CivilDay(987, 6, 30);
  EXPECT_EQ(DebugString(date), "(date ..0987-06-30)");

  QueryNode word;
  word.text = R"(say "hi" \o/)";
  word.occur = Occur::kMustNot;
  word.field = QueryNode::Field::kTitle;
  EXPECT_EQ(DebugString(word), R"((-title-word "say \"hi\" \\o/"))");

  QueryNode source;
  source.kind = Kind::kSource;
  source.text = "x";
  source.field = QueryNode::Field::kTitle;  // meaningless; not shown
  EXPECT_EQ(DebugString(source), R"((source "x"))");
}

TEST(QueryParserTest, LongNotChainsAreBounded) {
  QueryParserOptions opts;
  opts.max_query_bytes = 1 << 20;
  opts.max_clauses = 1 << 30;  // clamped to 4096
  std::string query = "a";
  for (int i = 1; i < 4096; ++i) query += " NOT a";
  absl::StatusOr<QueryNode> root = ParseQuery(query, opts);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(root->kind, Kind::kAndNot);
  // 4096 times (word "a") and 4095 times "(andnot " + " " + ")".
  EXPECT_EQ(DebugString(*root).size(), 4096 * 10 + 4095 * 10);
  query += " NOT b";
  EXPECT_EQ(Parsed(query, opts),
            "ERROR: at character 24577: too many terms (the maximum is 4096)");
}

// Parses many random strings of tricky pieces: the parser must never crash
// and must either succeed or fail with a positioned InvalidArgument error.
TEST(QueryParserFuzzTest, RandomQueriesNeverCrash) {
  const std::vector<std::string> pieces = {
      "(",       ")",      "\"",    "*",       ":",      "+",
      "-",       " ",      " ",     "\t",      "a",      "b",
      "AND",     "OR",     "NOT",   "and",     "title:", "date:",
      "source:", "Title:", "2024",  "2024-01", "-02-29", "-13",
      "..",      ".",      "é",     "中",      "“",      "”",
      "ukr",     "x*",     "10:30", "U.S.",    "\u00A0", "0"};
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  QueryParserOptions small;
  small.max_depth = 3;
  small.max_clauses = 6;
  small.max_query_bytes = 60;
  int ok = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string query;
    for (int n = length(rng); n > 0; --n) query += pieces[pick(rng)];
    if (i % 8 == 0) {  // sometimes break the UTF-8, possibly mid-character
      query.insert(std::uniform_int_distribution<size_t>(0, query.size())(rng),
                   i % 16 == 0 ? "\xff" : "\xc3");
    }
    const QueryParserOptions& opts = i % 4 == 0 ? small : QueryParserOptions{};
    absl::StatusOr<QueryNode> node = ParseQuery(query, opts);
    if (node.ok()) {
      ++ok;
      EXPECT_FALSE(DebugString(*node).empty());
      EXPECT_LE(node->offset, query.size()) << query;
    } else {
      EXPECT_EQ(node.status().code(), absl::StatusCode::kInvalidArgument)
          << query;
      const absl::string_view message = node.status().message();
      ASSERT_TRUE(absl::StartsWith(message, "at character "))
          << query << " -> " << node.status();
      // The column points into the query (or just past its end).
      int column = 0;
      ASSERT_TRUE(
          absl::SimpleAtoi(message.substr(13, message.find(':') - 13), &column))
          << message;
      EXPECT_GE(column, 1) << message;
      EXPECT_LE(column, CodePoints(query) + 1) << query << " -> " << message;
    }
  }
  EXPECT_GT(ok, 2000);  // the generator also produces valid queries
}

}  // namespace
}  // namespace byline

// End-to-end tests of the `byline` binary: every test runs the real built
// executable as a child process (posix_spawn), with stdin, stdout and stderr
// connected to files, and checks exit codes, messages and output (text and
// --json, the latter parsed with simdjson).
#include <signal.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/subprocess.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kExitOk = 0;
constexpr int kExitPartial = 1;
constexpr int kExitUsage = 2;
constexpr int kExitFailure = 3;

// Longest a single `byline` run may take before it is killed.
constexpr std::chrono::milliseconds kRunTimeout = std::chrono::seconds(60);

std::string BylinePath() { return testing::BinaryDir() + "/cli/byline"; }
std::string SampleCorpus() {
  return testing::SourceDir() + "/data/sample/articles.jsonl";
}

void WriteFile(const std::string& path, absl::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

// What one run of the binary did.
struct RunResult {
  std::string command;  // for failure messages
  int exit_code = -1;   // 128 + signal if killed by a signal
  std::string out;
  std::string err;
};

std::ostream& operator<<(std::ostream& os, const RunResult& run) {
  return os << "\n$ " << run.command << "\nexit " << run.exit_code
            << "\n--- stdout ---\n"
            << run.out << "\n--- stderr ---\n"
            << run.err << "\n---";
}

// Runs `byline args...` with `input` (if any) on standard input, else
// /dev/null. stdout and stderr go to temporary files (no pipes, so no
// deadlock however much the child writes). Kills the child after
// kRunTimeout and records a test failure.
RunResult RunByline(const std::vector<std::string>& args,
                    const std::optional<std::string>& input = std::nullopt) {
  RunResult run;
  std::vector<std::string> words = {BylinePath()};
  words.insert(words.end(), args.begin(), args.end());
  run.command = absl::StrJoin(words, " ");

  TempDir io;
  const std::string in_path = input ? io.Sub("stdin") : "/dev/null";
  if (input) WriteFile(in_path, *input);
  testing::Subprocess child(words, in_path, io.Sub("stdout"), io.Sub("stderr"));
  if (child.pid() == 0) {
    ADD_FAILURE() << child.error();
    return run;
  }
  const std::optional<int> code = child.Wait(kRunTimeout);
  if (!code) {
    ADD_FAILURE() << "timed out after " << kRunTimeout.count() / 1000
                  << " s, killed: " << run.command;
  } else {
    run.exit_code = *code;
  }
  run.out = testing::ReadWholeFile(io.Sub("stdout"));
  run.err = testing::ReadWholeFile(io.Sub("stderr"));
  return run;
}

// ---------------------------------------------------------------------------
// JSON helpers (simdjson DOM; simdjson uses std::string_view).

struct JsonHighlight {
  uint64_t start_byte = 0, end_byte = 0, start_char = 0, end_char = 0;
  std::string text;
};

struct JsonHit {
  uint64_t rank = 0;
  std::string id, title, source;
  std::optional<std::string> published;  // null: undated
  uint64_t passage_index = 0, passage_count = 0;
  uint64_t start_byte = 0, end_byte = 0, start_char = 0, end_char = 0;
  std::string text;
  std::vector<JsonHighlight> highlights;
};

struct JsonResult {
  std::string query, sort;
  uint64_t estimated_articles = 0;
  bool has_more = false;
  std::vector<JsonHit> hits;
};

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view s;
  if (auto error = e[key].get_string().get(s)) {
    ADD_FAILURE() << "JSON string field '" << key
                  << "': " << simdjson::error_message(error);
    return "";
  }
  return std::string(s);
}

uint64_t Uint(simdjson::dom::element e, const char* key) {
  uint64_t v = 0;
  if (auto error = e[key].get_uint64().get(v)) {
    ADD_FAILURE() << "JSON integer field '" << key
                  << "': " << simdjson::error_message(error);
  }
  return v;
}

// Parses `byline search --json` output.
::testing::AssertionResult ParseSearchJson(const std::string& out,
                                           JsonResult* result) {
  simdjson::dom::parser parser;
  simdjson::padded_string json(out);
  simdjson::dom::element root;
  if (auto error = parser.parse(json).get(root)) {
    return ::testing::AssertionFailure()
           << "bad JSON (" << simdjson::error_message(error) << "): " << out;
  }
  result->query = Str(root, "query");
  result->sort = Str(root, "sort");
  result->estimated_articles = Uint(root, "estimated_articles");
  if (root["has_more"].get_bool().get(result->has_more)) {
    return ::testing::AssertionFailure() << "no bool has_more: " << out;
  }
  simdjson::dom::array hits;
  if (root["hits"].get_array().get(hits)) {
    return ::testing::AssertionFailure() << "no hits array: " << out;
  }
  for (simdjson::dom::element h : hits) {
    JsonHit hit;
    hit.rank = Uint(h, "rank");
    hit.id = Str(h, "id");
    hit.title = Str(h, "title");
    hit.source = Str(h, "source");
    simdjson::dom::element published;
    if (h["published"].get(published)) {
      return ::testing::AssertionFailure() << "hit without published: " << out;
    }
    if (!published.is_null()) hit.published = Str(h, "published");
    simdjson::dom::element p;
    if (h["passage"].get(p)) {
      return ::testing::AssertionFailure() << "hit without passage: " << out;
    }
    hit.passage_index = Uint(p, "index");
    hit.passage_count = Uint(p, "count");
    hit.start_byte = Uint(p, "start_byte");
    hit.end_byte = Uint(p, "end_byte");
    hit.start_char = Uint(p, "start_char");
    hit.end_char = Uint(p, "end_char");
    hit.text = Str(p, "text");
    simdjson::dom::array highlights;
    if (p["highlights"].get_array().get(highlights)) {
      return ::testing::AssertionFailure() << "no highlights: " << out;
    }
    for (simdjson::dom::element s : highlights) {
      JsonHighlight span;
      span.start_byte = Uint(s, "start_byte");
      span.end_byte = Uint(s, "end_byte");
      span.start_char = Uint(s, "start_char");
      span.end_char = Uint(s, "end_char");
      span.text = Str(s, "text");
      hit.highlights.push_back(std::move(span));
    }
    result->hits.push_back(std::move(hit));
  }
  return ::testing::AssertionSuccess();
}

// The sample corpus as written in data/sample/articles.jsonl.
struct SampleArticle {
  std::string title, body, source;
  bool dated = false;
};

const std::map<std::string, SampleArticle>& SampleArticles() {
  static const auto* articles = [] {
    auto* m = new std::map<std::string, SampleArticle>;
    std::ifstream in(SampleCorpus(), std::ios::binary);
    EXPECT_TRUE(in) << SampleCorpus();
    simdjson::dom::parser parser;
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      simdjson::dom::element e;
      if (auto error = parser.parse(line).get(e)) {
        ADD_FAILURE() << "sample line: " << simdjson::error_message(error);
        continue;
      }
      SampleArticle a;
      a.title = Str(e, "title");
      a.body = Str(e, "body");
      a.source = Str(e, "source");
      simdjson::dom::element published;
      a.dated = !e["published"].get(published) && !published.is_null();
      (*m)[Str(e, "id")] = std::move(a);
    }
    return m;
  }();
  return *articles;
}

// Code points in text[0, bytes).
uint64_t CharsBefore(absl::string_view text, uint64_t bytes) {
  uint64_t n = 0;
  for (uint64_t i = 0; i < bytes && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::vector<std::string> HitIds(const JsonResult& r) {
  std::vector<std::string> ids;
  for (const JsonHit& h : r.hits) ids.push_back(h.id);
  return ids;
}

std::set<std::string> HitIdSet(const JsonResult& r) {
  std::set<std::string> ids;
  for (const JsonHit& h : r.hits) ids.insert(h.id);
  return ids;
}

// ---------------------------------------------------------------------------

class CliTest : public ::testing::Test {
 protected:
  // One sample-corpus index, built by the binary, shared by the search
  // tests (read-only).
  static void SetUpTestSuite() {
    // The tests name --index, or set $BYLINE_INDEX themselves.
    unsetenv("BYLINE_INDEX");
    sample_dir_ = new TempDir();
    const RunResult run = RunByline(
        {"index", "--index=" + sample_dir_->Sub("index"), SampleCorpus()});
    sample_ok_ = run.exit_code == kExitOk;
    EXPECT_EQ(run.exit_code, kExitOk) << run;
  }
  static void TearDownTestSuite() {
    delete sample_dir_;
    sample_dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(BylinePath()))
        << BylinePath() << " is not built";
  }

  static std::string SampleIndex() { return sample_dir_->Sub("index"); }

  // `byline search --index=<sample> --json args...`, parsed.
  JsonResult SearchJson(std::vector<std::string> args,
                        int expected_exit = kExitOk) {
    args.insert(args.begin(), {"search", "--index=" + SampleIndex(), "--json"});
    const RunResult run = RunByline(args);
    EXPECT_EQ(run.exit_code, expected_exit) << run;
    JsonResult result;
    EXPECT_TRUE(ParseSearchJson(run.out, &result)) << run;
    return result;
  }

  static TempDir* sample_dir_;
  static bool sample_ok_;
};

TempDir* CliTest::sample_dir_ = nullptr;
bool CliTest::sample_ok_ = false;

// A CliTest that needs the shared sample index.
class CliSearchTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_TRUE(sample_ok_) << "indexing the sample corpus failed";
  }
};

// ---------------------------------------------------------------------------
// Facets: counted over every matching article, exactly; a value's count is
// the number of articles its drill-down filter finds; a filtered facet
// keeps its other values (disjunctive).

struct JsonFacetValue {
  std::string value, display_name;
  uint64_t articles = 0;
};

// The "facets" of `byline search --json` output: field -> values.
std::map<std::string, std::vector<JsonFacetValue>> ParseFacets(
    const std::string& out) {
  std::map<std::string, std::vector<JsonFacetValue>> facets;
  simdjson::dom::parser parser;
  simdjson::padded_string json(out);
  simdjson::dom::element root;
  simdjson::dom::array array;
  if (parser.parse(json).get(root) || root["facets"].get_array().get(array)) {
    ADD_FAILURE() << "no facets in: " << out;
    return facets;
  }
  for (simdjson::dom::element f : array) {
    auto& values = facets[Str(f, "field")];
    simdjson::dom::array vs;
    if (f["values"].get_array().get(vs)) continue;
    for (simdjson::dom::element v : vs) {
      values.push_back(
          {Str(v, "value"), Str(v, "display_name"), Uint(v, "articles")});
    }
  }
  return facets;
}

TEST_F(CliSearchTest, FacetCountsEqualDrillDownCounts) {
  const std::vector<std::string> base = {
      "search",
      "--index=" + SampleIndex(),
      "--json",
      "--limit=100",
      "--facets=person,org,place,source,date:month",
      "the"};
  const RunResult run = RunByline(base);
  ASSERT_EQ(run.exit_code, kExitOk) << run;
  JsonResult all;
  ASSERT_TRUE(ParseSearchJson(run.out, &all));
  auto facets = ParseFacets(run.out);
  ASSERT_EQ(facets.size(), 5u) << run.out;
  uint64_t by_source = 0, by_month = 0;
  for (const auto& v : facets["source"]) by_source += v.articles;
  for (const auto& v : facets["date"]) by_month += v.articles;
  EXPECT_EQ(by_source, all.estimated_articles);
  EXPECT_LE(by_month, all.estimated_articles);
  EXPECT_GT(by_month, 0u);
  int checked = 0;
  for (const char* field : {"person", "org", "place"}) {
    ASSERT_FALSE(facets[field].empty()) << field << ": " << run.out;
    for (size_t i = 0; i < facets[field].size() && i < 3; ++i) {
      const JsonFacetValue& v = facets[field][i];
      EXPECT_EQ(v.value.size(), 16u) << v.value;
      EXPECT_FALSE(v.display_name.empty());
      std::vector<std::string> args = base;
      args.push_back(absl::StrCat("--", field, "=", v.value));
      const RunResult narrowed = RunByline(args);
      ASSERT_EQ(narrowed.exit_code, kExitOk) << narrowed;
      JsonResult r;
      ASSERT_TRUE(ParseSearchJson(narrowed.out, &r));
      EXPECT_EQ(r.estimated_articles, v.articles)
          << field << " " << v.display_name;
      EXPECT_EQ(r.hits.size(), v.articles);
      // Disjunctive: the facet filtered on still shows its other values,
      // with the same counts as before.
      auto again = ParseFacets(narrowed.out);
      EXPECT_EQ(again[field].size(), facets[field].size()) << field;
      if (!again[field].empty()) {
        EXPECT_EQ(again[field][0].articles, facets[field][0].articles);
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 3);
  // Bad facet requests are usage errors naming the problem.
  const RunResult bad =
      RunByline({"search", "--index=" + SampleIndex(), "--facets=colour", "x"});
  EXPECT_EQ(bad.exit_code, kExitUsage) << bad;
  EXPECT_THAT(bad.err, HasSubstr("'colour' is not a facet"));
  const RunResult bad_id =
      RunByline({"search", "--index=" + SampleIndex(), "--person=nope", "x"});
  EXPECT_EQ(bad_id.exit_code, kExitUsage) << bad_id;
  EXPECT_THAT(bad_id.err, HasSubstr("is not an entity id"));
}

// ---------------------------------------------------------------------------
// Help, usage errors and flag parsing.

TEST_F(CliTest, TopLevelHelpListsCommands) {
  for (const char* help : {"--help", "-h", "help"}) {
    const RunResult run = RunByline({help});
    EXPECT_EQ(run.exit_code, kExitOk) << run;
    EXPECT_THAT(run.out, HasSubstr("Usage: byline COMMAND")) << run;
    for (const char* command : {"index", "search", "stats"}) {
      EXPECT_THAT(run.out, HasSubstr(absl::StrCat("  ", command, " "))) << run;
    }
    EXPECT_THAT(run.out, HasSubstr("Exit codes")) << run;
  }
}

TEST_F(CliTest, NoCommandIsAUsageError) {
  const RunResult run = RunByline({});
  EXPECT_EQ(run.exit_code, kExitUsage) << run;
  EXPECT_THAT(run.err, HasSubstr("Usage: byline COMMAND")) << run;
  EXPECT_EQ(run.out, "") << run;
}

TEST_F(CliTest, UnknownCommandIsAUsageError) {
  const RunResult run = RunByline({"frobnicate", "x"});
  EXPECT_EQ(run.exit_code, kExitUsage) << run;
  EXPECT_THAT(run.err, HasSubstr("unknown command 'frobnicate'")) << run;
}

TEST_F(CliTest, SearchHelpListsFlagsAndExitCodes) {
  const RunResult run = RunByline({"search", "--help"});
  EXPECT_EQ(run.exit_code, kExitOk) << run;
  EXPECT_THAT(run.out, HasSubstr("Usage: byline search")) << run;
  for (const char* flag :
       {"--limit", "--offset", "--passages", "--sort", "--source", "--from",
        "--to", "--json", "--color", "--index"}) {
    EXPECT_THAT(run.out, HasSubstr(flag)) << run;
  }
  EXPECT_THAT(run.out, HasSubstr("Exit codes: 0 success (jobs: the new "
                                 "generation is live); 1 no results"))
      << run;
  EXPECT_THAT(run.out, HasSubstr("2 bad usage or query; 3 index missing"))
      << run;
  // --help wins wherever it appears, even after other flags and words.
  const RunResult late = RunByline({"search", "--limit=3", "word", "--help"});
  EXPECT_EQ(late.exit_code, kExitOk) << late;
  EXPECT_EQ(late.out, run.out);
}

TEST_F(CliTest, IndexAndStatsHelp) {
  const RunResult index = RunByline({"index", "--help"});
  EXPECT_EQ(index.exit_code, kExitOk) << index;
  EXPECT_THAT(index.out, HasSubstr("--max_body_bytes")) << index;
  EXPECT_THAT(index.out, HasSubstr("- for stdin")) << index;
  const RunResult stats = RunByline({"stats", "-h"});
  EXPECT_EQ(stats.exit_code, kExitOk) << stats;
  EXPECT_THAT(stats.out, HasSubstr("Usage: byline stats")) << stats;
}

TEST_F(CliTest, UnknownFlagIsNamed) {
  for (const char* command : {"search", "index", "stats"}) {
    const RunResult run = RunByline({command, "--nope", "word"});
    EXPECT_EQ(run.exit_code, kExitUsage) << run;
    EXPECT_THAT(run.err, HasSubstr("unknown flag '--nope'")) << run;
  }
  // A flag of another subcommand is unknown here.
  const RunResult other = RunByline({"stats", "--limit=3"});
  EXPECT_EQ(other.exit_code, kExitUsage) << other;
  EXPECT_THAT(other.err, HasSubstr("--limit")) << other;
}

TEST_F(CliTest, BadFlagValuesAreUsageErrors) {
  TempDir dir;
  const std::string index = "--index=" + dir.Sub("none");
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{"search", index, "--limit=abc", "word"}, "--limit"},
      {{"search", index, "--limit", "abc", "word"}, "--limit"},
      {{"search", index, "--passages=-1", "word"}, "--passages"},
      {{"search", index, "word", "--limit"}, "needs a value"},
      {{"search", index, "--sort=banana", "word"}, "banana"},
      {{"search", index, "--color=sometimes", "word"}, "--color"},
      {{"search", index, "--from=2024-13-01", "word"}, "--from"},
      {{"search", index, "--to=yesterday", "word"}, "--to"},
      {{"search", index, "--json=maybe", "word"}, "--json"},
      {{"index", index, "--max_body_bytes=lots", "x.jsonl"},
       "--max_body_bytes"},
  };
  for (const Case& c : cases) {
    const RunResult run = RunByline(c.args);
    EXPECT_EQ(run.exit_code, kExitUsage) << run;
    EXPECT_THAT(run.err, HasSubstr(c.message)) << run;
    EXPECT_EQ(run.out, "") << run;
  }
}

TEST_F(CliTest, MissingArgumentsAreUsageErrors) {
  TempDir dir;
  const RunResult search = RunByline({"search", "--index=" + dir.Sub("i")});
  EXPECT_EQ(search.exit_code, kExitUsage) << search;
  EXPECT_THAT(search.err, HasSubstr("give a query")) << search;
  const RunResult index = RunByline({"index", "--index=" + dir.Sub("i")});
  EXPECT_EQ(index.exit_code, kExitUsage) << index;
  EXPECT_THAT(index.err, HasSubstr("name at least one input")) << index;
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("i")));
  const RunResult stats =
      RunByline({"stats", "--index=" + dir.Sub("i"), "extra"});
  EXPECT_EQ(stats.exit_code, kExitUsage) << stats;
  EXPECT_THAT(stats.err, HasSubstr("unexpected argument 'extra'")) << stats;
}

// ---------------------------------------------------------------------------
// byline index

TEST_F(CliTest, IndexesTheSampleCorpusThenReplacesIt) {
  TempDir dir;
  const std::string index = "--index=" + dir.Sub("index");
  const RunResult first = RunByline({"index", index, SampleCorpus()});
  EXPECT_EQ(first.exit_code, kExitOk) << first;
  EXPECT_THAT(
      first.err,
      HasSubstr("read 40, indexed 40, replaced 0, deleted 0, rejected 0"))
      << first;
  EXPECT_THAT(first.err, HasSubstr(dir.Sub("index"))) << first;
  EXPECT_THAT(first.err, Not(HasSubstr("rejected:"))) << first;

  const RunResult again = RunByline({"index", index, SampleCorpus()});
  EXPECT_EQ(again.exit_code, kExitOk) << again;
  EXPECT_THAT(
      again.err,
      HasSubstr("read 40, indexed 0, replaced 40, deleted 0, rejected 0"))
      << again;

  const RunResult stats = RunByline({"stats", index, "--json"});
  EXPECT_EQ(stats.exit_code, kExitOk) << stats;
  EXPECT_THAT(stats.out, HasSubstr("\"articles\":40,")) << stats;
}

// Builds the mixed good/bad input; returns its path.
std::string WriteMixedInput(const TempDir& dir) {
  const std::string long_word(300, 'q');
  std::string glacier;
  for (int i = 0; i < 200; ++i) glacier += "Glacier ";  // 1600 bytes
  const std::vector<std::string> lines = {
      // 1: good
      R"({"id": "good-1", "title": "Walrus census", "body": "Marine )"
      R"(biologists counted walruses on the beaches of Svalbard."})",
      // 2: malformed JSON (never closed)
      R"({"id": "bad-json", "title": "Broken", "body": "never closed")",
      // 3: no id
      R"({"title": "No id", "body": "An anonymous article about otters."})",
      // 4: blank, skipped without being counted
      "   ",
      // 5: invalid UTF-8 inside a string
      "{\"id\": \"bad-utf8\", \"body\": \"Caf\xC3\x28 society \xFF\"}",
      // 6: empty body
      R"({"id": "empty-body", "title": "Nothing", "body": ""})",
      // 7: body over --max_body_bytes=1000
      R"({"id": "too-big", "body": ")" + glacier + R"("})",
      // 8: a 300-byte word: the word is dropped, the article is indexed
      R"({"id": "long-word", "title": "Zeppelin hangar", "body": "Engineers )"
      R"(reopened the zeppelin hangar near Friedrichshafen. )" +
          long_word + R"( The hangar will host exhibitions."})",
      // 9: good, integer id
      R"({"id": 7, "title": "Numbered", "body": "Beekeepers report a )"
      R"(record honey harvest in Tasmania."})",
  };
  const std::string path = dir.Sub("mixed.jsonl");
  WriteFile(path, absl::StrJoin(lines, "\n") + "\n");
  return path;
}

TEST_F(CliTest, IndexReportsEveryRejectedLineAndKeepsTheRest) {
  TempDir dir;
  const std::string input = WriteMixedInput(dir);
  const std::string index = "--index=" + dir.Sub("index");
  const RunResult run =
      RunByline({"index", index, "--max_body_bytes=1000", input});
  EXPECT_EQ(run.exit_code, kExitPartial) << run;
  EXPECT_THAT(run.err,
              HasSubstr("read 8, indexed 3, replaced 0, deleted 0, rejected 5"))
      << run;
  const std::vector<std::pair<int, std::string>> rejected = {
      {2, "bad JSON"},
      {3, "field 'id': missing or empty"},
      {5, "invalid UTF-8"},
      {6, "field 'body': missing or empty"},
      {7, "field 'body': 1600 bytes, the maximum is 1000"},
  };
  for (const auto& [line, reason] : rejected) {
    const std::string prefix = absl::StrCat(input, ":", line, ": rejected: ");
    EXPECT_THAT(run.err, HasSubstr(prefix)) << run;
    // The reason is on the same line as the prefix.
    const size_t at = run.err.find(prefix);
    if (at != std::string::npos) {
      const size_t eol = run.err.find('\n', at);
      EXPECT_THAT(run.err.substr(at, eol - at), HasSubstr(reason)) << run;
    }
  }
  for (int good : {1, 4, 8, 9}) {
    EXPECT_THAT(run.err,
                Not(HasSubstr(absl::StrCat(input, ":", good, ": rejected"))))
        << run;
  }

  // The good records are searchable; the rejected ones are not.
  struct Probe {
    const char* query;
    const char* id;  // nullptr: no result expected
  };
  for (const Probe& p :
       {Probe{"walrus", "good-1"}, Probe{"zeppelin hangar", "long-word"},
        Probe{"honey tasmania", "7"}, Probe{"otters", nullptr},
        Probe{"glacier", nullptr}, Probe{"society", nullptr}}) {
    const RunResult search = RunByline({"search", index, "--json", p.query});
    JsonResult r;
    ASSERT_TRUE(ParseSearchJson(search.out, &r)) << search;
    if (p.id == nullptr) {
      EXPECT_EQ(search.exit_code, kExitPartial) << search;
      EXPECT_TRUE(r.hits.empty()) << search;
    } else {
      EXPECT_EQ(search.exit_code, kExitOk) << search;
      EXPECT_EQ(HitIds(r), std::vector<std::string>{p.id}) << search;
    }
  }
  // The over-long word itself was dropped: searching for it finds nothing
  // (or is refused as a query without searchable words), and never fails
  // inside Xapian (which refuses terms over 245 bytes).
  const RunResult long_word =
      RunByline({"search", index, std::string(300, 'q')});
  EXPECT_THAT(long_word.exit_code, ::testing::AnyOf(kExitPartial, kExitUsage))
      << long_word;

  const RunResult stats = RunByline({"stats", index, "--json"});
  EXPECT_THAT(stats.out, HasSubstr("\"articles\":3,")) << stats;

  // --quiet drops the per-record lines but keeps the summary.
  TempDir quiet_dir;
  const RunResult quiet =
      RunByline({"index", "--index=" + quiet_dir.Sub("index"), "--quiet",
                 "--max_body_bytes=1000", input});
  EXPECT_EQ(quiet.exit_code, kExitPartial) << quiet;
  EXPECT_THAT(quiet.err, Not(HasSubstr("rejected:"))) << quiet;
  EXPECT_THAT(quiet.err, HasSubstr("rejected 5")) << quiet;
}

TEST_F(CliTest, IndexJsonSummaryListsRejects) {
  TempDir dir;
  const std::string input = WriteMixedInput(dir);
  const RunResult run = RunByline({"index", "--index=" + dir.Sub("index"),
                                   "--json", "--max_body_bytes=1000", input});
  EXPECT_EQ(run.exit_code, kExitPartial) << run;
  EXPECT_THAT(run.err, Not(HasSubstr("rejected:"))) << run;
  simdjson::dom::parser parser;
  simdjson::padded_string json(run.out);
  simdjson::dom::element root;
  ASSERT_FALSE(parser.parse(json).get(root)) << run;
  EXPECT_EQ(Str(root, "index"), dir.Sub("index"));
  EXPECT_EQ(Uint(root, "read"), 8u);
  EXPECT_EQ(Uint(root, "indexed"), 3u);
  EXPECT_EQ(Uint(root, "replaced"), 0u);
  EXPECT_EQ(Uint(root, "rejected"), 5u);
  simdjson::dom::array rejects;
  ASSERT_FALSE(root["rejects"].get_array().get(rejects)) << run;
  std::vector<uint64_t> lines;
  for (simdjson::dom::element r : rejects) {
    EXPECT_EQ(Str(r, "input"), input);
    EXPECT_FALSE(Str(r, "reason").empty());
    lines.push_back(Uint(r, "line"));
  }
  EXPECT_EQ(lines, (std::vector<uint64_t>{2, 3, 5, 6, 7})) << run;
}

TEST_F(CliTest, IndexReadsStandardInput) {
  TempDir dir;
  const std::string index = "--index=" + dir.Sub("index");
  const std::string good =
      R"({"id": "stdin-1", "title": "Lighthouse keeper retires", "body": )"
      R"("The last lighthouse keeper on Fair Isle retired on Friday."})"
      "\n"
      R"({"id": "stdin-2", "title": "Ferry timetable", "body": "A new )"
      R"(ferry timetable starts in May for the northern isles."})"
      "\n";
  const RunResult run = RunByline({"index", index, "-"}, good);
  EXPECT_EQ(run.exit_code, kExitOk) << run;
  EXPECT_THAT(run.err,
              HasSubstr("read 2, indexed 2, replaced 0, deleted 0, rejected 0"))
      << run;
  const RunResult search = RunByline({"search", index, "--json", "lighthouse"});
  EXPECT_EQ(search.exit_code, kExitOk) << search;
  JsonResult r;
  ASSERT_TRUE(ParseSearchJson(search.out, &r)) << search;
  EXPECT_EQ(HitIds(r), std::vector<std::string>{"stdin-1"});

  // Records from standard input are reported as "-".
  const RunResult bad = RunByline(
      {"index", index, "-"},
      std::string("\n{\"id\": \"stdin-3\"}\n") +
          R"({"id": "stdin-2", "body": "Ferry timetable changed again."})" +
          "\n");
  EXPECT_EQ(bad.exit_code, kExitPartial) << bad;
  EXPECT_THAT(bad.err, HasSubstr("-:2: rejected: field 'body'")) << bad;
  EXPECT_THAT(bad.err,
              HasSubstr("read 2, indexed 0, replaced 1, deleted 0, rejected 1"))
      << bad;
}

TEST_F(CliTest, MissingInputFileFailsBeforeIndexingAnything) {
  TempDir dir;
  const std::string index_dir = dir.Sub("index");
  const std::string missing = dir.Sub("no-such-file.jsonl");
  // The good file comes first: nothing of it may be indexed either.
  const RunResult run =
      RunByline({"index", "--index=" + index_dir, SampleCorpus(), missing});
  EXPECT_EQ(run.exit_code, kExitFailure) << run;
  EXPECT_THAT(run.err, HasSubstr("cannot open " + missing)) << run;
  EXPECT_THAT(run.err, Not(HasSubstr("indexed"))) << run;
  const RunResult stats =
      RunByline({"stats", "--index=" + index_dir, "--json"});
  if (stats.exit_code == kExitOk) {
    EXPECT_THAT(stats.out, HasSubstr("\"articles\":0,")) << stats;
  } else {
    EXPECT_EQ(stats.exit_code, kExitFailure) << stats;
  }
}

// ---------------------------------------------------------------------------
// byline search

TEST_F(CliSearchTest, TextOutput) {
  const RunResult run = RunByline(
      {"search", "--index=" + SampleIndex(), "port strike rotterdam"});
  EXPECT_EQ(run.exit_code, kExitOk) << run;
  EXPECT_THAT(run.out, HasSubstr("match \"port strike rotterdam\"")) << run;
  // The first result is one of the two Rotterdam port strike stories.
  const size_t first = run.out.find("\n  1. ");
  ASSERT_NE(first, std::string::npos) << run;
  const std::string first_line =
      run.out.substr(first + 1, run.out.find('\n', first + 1) - first - 1);
  EXPECT_THAT(first_line, HasSubstr("Rotterdam port strike")) << run;
  EXPECT_THAT(run.out, HasSubstr("Harbour Wire | ")) << run;
  EXPECT_THAT(run.out, HasSubstr("https://")) << run;
  EXPECT_EQ(run.err, "") << run;
}

TEST_F(CliSearchTest, NoResultsExitsOne) {
  const RunResult run =
      RunByline({"search", "--index=" + SampleIndex(), "zyzzyva"});
  EXPECT_EQ(run.exit_code, kExitPartial) << run;
  EXPECT_THAT(run.out, HasSubstr("No articles match \"zyzzyva\"")) << run;
  JsonResult r = SearchJson({"zyzzyva"}, kExitPartial);
  EXPECT_TRUE(r.hits.empty());
  EXPECT_FALSE(r.has_more);
}

TEST_F(CliSearchTest, BadQueryExitsTwo) {
  const RunResult run =
      RunByline({"search", "--index=" + SampleIndex(), "\"unclosed"});
  EXPECT_EQ(run.exit_code, kExitUsage) << run;
  EXPECT_THAT(run.err, HasSubstr("at character")) << run;
  EXPECT_EQ(run.out, "") << run;
  // Out-of-range paging is a usage error too.
  const RunResult zero =
      RunByline({"search", "--index=" + SampleIndex(), "--limit=0", "port"});
  EXPECT_EQ(zero.exit_code, kExitUsage) << zero;
  const RunResult backwards =
      RunByline({"search", "--index=" + SampleIndex(), "--from=2024-05-01",
                 "--to=2024-04-01", "port"});
  EXPECT_EQ(backwards.exit_code, kExitUsage) << backwards;
}

TEST_F(CliTest, MissingIndexExitsThree) {
  TempDir dir;
  const std::string index = "--index=" + dir.Sub("nothing-here");
  const RunResult search = RunByline({"search", index, "port"});
  EXPECT_EQ(search.exit_code, kExitFailure) << search;
  EXPECT_THAT(search.err, HasSubstr(dir.Sub("nothing-here"))) << search;
  EXPECT_EQ(search.out, "") << search;
  const RunResult stats = RunByline({"stats", index});
  EXPECT_EQ(stats.exit_code, kExitFailure) << stats;
  // A directory that is not an index.
  std::filesystem::create_directories(dir.Sub("empty"));
  const RunResult empty =
      RunByline({"search", "--index=" + dir.Sub("empty"), "x"});
  EXPECT_EQ(empty.exit_code, kExitFailure) << empty;
}

// Every hit's passage is the body slice it claims; every highlight is the
// passage slice it claims; char offsets count code points.
TEST_F(CliSearchTest, JsonHitsAreConsistentWithTheArticleBodies) {
  const auto& articles = SampleArticles();
  ASSERT_EQ(articles.size(), 40u);
  int hits_checked = 0, highlights_checked = 0;
  for (const char* query : {"port strike rotterdam", "\"port strike\"",
                            "São Paulo", "Gdańsk runoff", "interest rate",
                            "gold coins", "chip", "flood aid", "Éolis"}) {
    const JsonResult r = SearchJson({"--limit=20", "--passages=3", query});
    EXPECT_EQ(r.query, query);
    EXPECT_EQ(r.sort, "relevance") << query;
    EXPECT_FALSE(r.hits.empty()) << query;
    EXPECT_GE(r.estimated_articles, HitIdSet(r).size()) << query;
    uint64_t rank = 0;
    std::string previous_id;
    for (size_t i = 0; i < r.hits.size(); ++i) {
      const JsonHit& h = r.hits[i];
      SCOPED_TRACE(absl::StrCat(query, " / hit ", i + 1, " ", h.id));
      // Ranks count articles; an article's passages are adjacent and share
      // its rank.
      if (h.id != previous_id) ++rank;
      previous_id = h.id;
      EXPECT_EQ(h.rank, rank);
      const auto it = articles.find(h.id);
      ASSERT_NE(it, articles.end());
      const SampleArticle& a = it->second;
      EXPECT_EQ(h.title, a.title);
      EXPECT_EQ(h.source, a.source);
      EXPECT_EQ(h.published.has_value(), a.dated);
      EXPECT_LT(h.passage_index, h.passage_count);
      ASSERT_LE(h.start_byte, h.end_byte);
      ASSERT_LE(h.end_byte, a.body.size());
      EXPECT_FALSE(h.text.empty());
      EXPECT_EQ(h.text, a.body.substr(h.start_byte, h.end_byte - h.start_byte));
      EXPECT_EQ(h.start_char, CharsBefore(a.body, h.start_byte));
      EXPECT_EQ(h.end_char, CharsBefore(a.body, h.end_byte));
      // A passage may match through its article's title alone, so only
      // the best passage must have highlights in its text.
      if (i == 0) {
        EXPECT_FALSE(h.highlights.empty());
      }
      uint64_t previous_end = h.start_byte;
      for (const JsonHighlight& s : h.highlights) {
        ASSERT_LE(previous_end, s.start_byte) << "overlap or out of order";
        ASSERT_LT(s.start_byte, s.end_byte);
        ASSERT_LE(s.end_byte, h.end_byte);
        EXPECT_EQ(s.text, h.text.substr(s.start_byte - h.start_byte,
                                        s.end_byte - s.start_byte));
        EXPECT_EQ(s.text,
                  a.body.substr(s.start_byte, s.end_byte - s.start_byte));
        EXPECT_EQ(s.start_char, CharsBefore(a.body, s.start_byte));
        EXPECT_EQ(s.end_char, CharsBefore(a.body, s.end_byte));
        previous_end = s.end_byte;
        ++highlights_checked;
      }
      ++hits_checked;
    }
  }
  EXPECT_GE(hits_checked, 20);
  EXPECT_GE(highlights_checked, 20);
}

TEST_F(CliSearchTest, Paging) {
  const JsonResult all = SearchJson({"--limit=50", "port"});
  ASSERT_GT(all.hits.size(), 6u);
  EXPECT_FALSE(all.has_more);
  const JsonResult first = SearchJson({"--limit=3", "port"});
  EXPECT_TRUE(first.has_more);
  const JsonResult second = SearchJson({"--limit=3", "--offset=3", "port"});
  ASSERT_EQ(first.hits.size(), 3u);
  ASSERT_EQ(second.hits.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(first.hits[i].id, all.hits[i].id);
    EXPECT_EQ(second.hits[i].id, all.hits[3 + i].id);
    EXPECT_EQ(second.hits[i].rank, 4 + i);
  }
  const RunResult text =
      RunByline({"search", "--index=" + SampleIndex(), "--limit=3", "port"});
  EXPECT_EQ(text.exit_code, kExitOk) << text;
  EXPECT_THAT(text.out, HasSubstr("More results: use --offset.")) << text;
  // Past the last result: no hits, exit 1.
  const JsonResult beyond =
      SearchJson({"--limit=3", "--offset=500", "port"}, kExitPartial);
  EXPECT_TRUE(beyond.hits.empty());
  // Past the 10,000-result window: refused, saying so, locally and through
  // a server alike (see server_test for the latter).
  const RunResult deep = RunByline({"search", "--index=" + SampleIndex(),
                                    "--limit=10", "--offset=9995", "port"});
  EXPECT_EQ(deep.exit_code, kExitUsage) << deep;
  EXPECT_THAT(deep.err, HasSubstr("10000")) << deep;
}

TEST_F(CliSearchTest, ColorOnlyWhenAskedOrOnATerminal) {
  const std::string index = "--index=" + SampleIndex();
  const RunResult always =
      RunByline({"search", index, "--color=always", "rotterdam"});
  EXPECT_EQ(always.exit_code, kExitOk) << always;
  EXPECT_THAT(always.out, HasSubstr("\x1b[1;33m")) << always;
  EXPECT_THAT(always.out, HasSubstr("\x1b[1;33mRotterdam\x1b[0m")) << always;
  // stdout is a file here, not a terminal: auto means no colour.
  const RunResult plain = RunByline({"search", index, "rotterdam"});
  EXPECT_EQ(plain.exit_code, kExitOk) << plain;
  EXPECT_THAT(plain.out, Not(HasSubstr("\x1b["))) << plain;
  const RunResult never =
      RunByline({"search", index, "--color=never", "rotterdam"});
  EXPECT_EQ(never.exit_code, kExitOk) << never;
  EXPECT_THAT(never.out, Not(HasSubstr("\x1b["))) << never;
  // Apart from the timing on the first line, never == auto here.
  auto after_first_line = [](const std::string& s) {
    return s.substr(s.find('\n'));
  };
  EXPECT_EQ(after_first_line(never.out), after_first_line(plain.out));
}

TEST_F(CliSearchTest, QueryWordsFromSeparateArgumentsWithNegation) {
  const JsonResult both = SearchJson({"--limit=50", "rotterdam"});
  const JsonResult without =
      SearchJson({"--limit=50", "rotterdam", "-hamburg"});
  EXPECT_EQ(without.query, "rotterdam -hamburg");
  ASSERT_FALSE(without.hits.empty());
  // Without the negation, some Rotterdam passage mentions Hamburg...
  bool any_hamburg = false;
  for (const JsonHit& h : both.hits) {
    any_hamburg |= absl::StrContains(absl::AsciiStrToLower(h.text), "hamburg");
  }
  EXPECT_TRUE(any_hamburg);
  // ...with it, no returned passage does, and every one mentions Rotterdam.
  for (const JsonHit& h : without.hits) {
    EXPECT_FALSE(absl::StrContains(absl::AsciiStrToLower(h.text), "hamburg"))
        << h.id << ": " << h.text;
    EXPECT_TRUE(absl::StrContains(absl::AsciiStrToLower(h.text), "rotterdam"))
        << h.id;
  }
  EXPECT_LT(without.hits.size(), both.hits.size());
  // "--" ends flags: a word after it that looks like a flag is a query
  // word, never an unknown flag.
  const RunResult dashdash = RunByline({"search", "--index=" + SampleIndex(),
                                        "--json", "--", "rotterdam", "--nope"});
  EXPECT_THAT(dashdash.err, Not(HasSubstr("unknown flag"))) << dashdash;
}

TEST_F(CliSearchTest, QueryMayStartWithADash) {
  const std::string index = "--index=" + SampleIndex();
  // A single-dash word is a query word wherever it is, even one that spells
  // a flag: `-json` excludes "json", it does not ask for JSON.
  const JsonResult leading =
      SearchJson({"--limit=50", "-hamburg", "rotterdam"});
  EXPECT_EQ(leading.query, "-hamburg rotterdam");
  ASSERT_FALSE(leading.hits.empty());
  for (const JsonHit& h : leading.hits) {
    EXPECT_FALSE(absl::StrContains(absl::AsciiStrToLower(h.text), "hamburg"))
        << h.id;
  }
  EXPECT_EQ(SearchJson({"-json", "rotterdam"}).query, "-json rotterdam");
  EXPECT_EQ(SearchJson({"rotterdam", "-json"}).query, "rotterdam -json");
  EXPECT_EQ(SearchJson({"--", "-json", "rotterdam"}).query, "-json rotterdam");
  const RunResult text = RunByline({"search", index, "-json", "rotterdam"});
  EXPECT_EQ(text.exit_code, kExitOk) << text;
  EXPECT_THAT(text.out, HasSubstr("match \"-json rotterdam\"")) << text;
  EXPECT_THAT(text.out, Not(HasSubstr("\"hits\""))) << text;
  // Flags still work after the query words...
  JsonResult after;
  const RunResult late = RunByline({"search", index, "rotterdam", "--json"});
  EXPECT_EQ(late.exit_code, kExitOk) << late;
  EXPECT_TRUE(ParseSearchJson(late.out, &after)) << late;
  EXPECT_EQ(after.query, "rotterdam");
  // ...and a mistyped flag is an error naming it, before or after them.
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"search", index, "--jsno", "-hamburg", "rotterdam"},
           {"search", index, "-hamburg", "rotterdam", "--jsno"}}) {
    const RunResult typo = RunByline(args);
    EXPECT_EQ(typo.exit_code, kExitUsage) << typo;
    EXPECT_THAT(typo.err, HasSubstr("unknown flag '--jsno'")) << typo;
  }
  // Every --help says so.
  for (const char* command : {"search", "index", "entities", "stats"}) {
    const RunResult help = RunByline({command, "--help"});
    EXPECT_THAT(help.out, HasSubstr("A word with one dash is never a flag"))
        << help;
  }
}

// Sets an environment variable for one test (children inherit it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    setenv(name, value.c_str(), /*overwrite=*/1);
  }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

TEST_F(CliSearchTest, IndexFromTheEnvironment) {
  {
    ScopedEnv env("BYLINE_INDEX", SampleIndex());
    const RunResult search = RunByline({"search", "--json", "rotterdam"});
    EXPECT_EQ(search.exit_code, kExitOk) << search;
    JsonResult result;
    EXPECT_TRUE(ParseSearchJson(search.out, &result)) << search;
    EXPECT_FALSE(result.hits.empty()) << search;
    const RunResult stats = RunByline({"stats"});
    EXPECT_EQ(stats.exit_code, kExitOk) << stats;
    EXPECT_THAT(stats.out, HasSubstr("40")) << stats;
    // --index wins over the environment.
    TempDir dir;
    const RunResult flag =
        RunByline({"search", "--index=" + dir.Sub("other"), "rotterdam"});
    EXPECT_EQ(flag.exit_code, kExitFailure) << flag;
    EXPECT_THAT(flag.err, HasSubstr(dir.Sub("other"))) << flag;
    // The help names the variable (and shows its value as the default).
    const RunResult help = RunByline({"search", "--help"});
    EXPECT_THAT(help.out, HasSubstr("$BYLINE_INDEX")) << help;
    EXPECT_THAT(help.out, HasSubstr("(default: " + SampleIndex() + ")"))
        << help;
  }
  {
    // Set but empty: as if unset.
    ScopedEnv env("BYLINE_INDEX", "");
    const RunResult empty = RunByline({"search", "rotterdam"});
    EXPECT_EQ(empty.exit_code, kExitFailure) << empty;
    EXPECT_THAT(empty.err, HasSubstr("byline-index")) << empty;
  }
}

TEST_F(CliTest, VersionNamesTheLibrariesAndTheModel) {
  const RunResult version = RunByline({"--version"});
  EXPECT_EQ(version.exit_code, kExitOk) << version;
  EXPECT_THAT(version.out,
              ::testing::ContainsRegex("^byline [0-9]+\\.[0-9]+\\.[0-9]+ "
                                       "\\(git [^)]+\\)\n"))
      << version;
  for (const char* library : {"\nXapian 1.", "\nICU ", "\ngRPC 1.",
                              "\nprotobuf 3."}) {
    EXPECT_THAT(version.out, HasSubstr(library)) << version;
  }
  // A build-tree binary uses the source tree's model.
  EXPECT_THAT(version.out,
              HasSubstr("\nNER model " + testing::SourceDir() +
                        "/ner/model/byline-ner-en.bin\n"))
      << version;
  const RunResult command = RunByline({"version"});
  EXPECT_EQ(command.exit_code, kExitOk) << command;
  EXPECT_EQ(command.out, version.out);
  EXPECT_EQ(RunByline({"version", "extra"}).exit_code, kExitUsage);
}

TEST_F(CliSearchTest, PassagesPerArticle) {
  for (int per_article : {1, 2}) {
    const JsonResult r =
        SearchJson({"--limit=50", absl::StrCat("--passages=", per_article),
                    "port", "OR", "freight"});
    ASSERT_FALSE(r.hits.empty());
    std::map<std::string, int> per_id;
    for (const JsonHit& h : r.hits) ++per_id[h.id];
    int most = 0;
    for (const auto& [id, n] : per_id) {
      EXPECT_LE(n, per_article) << id;
      most = std::max(most, n);
    }
    EXPECT_EQ(most, per_article) << "no article gave " << per_article;
    // Passages of one article are distinct.
    std::set<std::pair<std::string, uint64_t>> seen;
    for (const JsonHit& h : r.hits) {
      EXPECT_TRUE(seen.emplace(h.id, h.passage_index).second) << h.id;
    }
  }
}

TEST_F(CliSearchTest, SortByDateIsNewestFirst) {
  const JsonResult r = SearchJson({"--limit=50", "--sort=date", "port"});
  EXPECT_EQ(r.sort, "date");
  ASSERT_GE(r.hits.size(), 10u);
  bool seen_undated = false;
  std::string previous = "9999";
  for (const JsonHit& h : r.hits) {
    if (!h.published) {
      seen_undated = true;
      continue;
    }
    // RFC 3339 in UTC with a Z: string order is time order.
    EXPECT_FALSE(seen_undated) << h.id << " dated after an undated article";
    EXPECT_LE(*h.published, previous) << h.id;
    previous = *h.published;
  }
  // The default order is relevance, and differs.
  const JsonResult relevance = SearchJson({"--limit=50", "port"});
  EXPECT_EQ(relevance.sort, "relevance");
  EXPECT_EQ(HitIdSet(relevance), HitIdSet(r));
  EXPECT_NE(HitIds(relevance), HitIds(r));
}

TEST_F(CliSearchTest, SourceAndDateFilters) {
  const auto& articles = SampleArticles();
  // A filter-only query returns every dated article, newest first.
  const JsonResult all = SearchJson({"--limit=100", "date:2024"});
  EXPECT_EQ(all.sort, "date");
  std::set<std::string> dated;
  for (const auto& [id, a] : articles) {
    if (a.dated) dated.insert(id);
  }
  ASSERT_EQ(dated.size(), 37u);
  EXPECT_EQ(HitIdSet(all), dated);
  ASSERT_EQ(all.hits.size(), 37u);

  // Expected results of a filter are the matching subset of `all`.
  auto expect = [&](const std::vector<std::string>& flags, auto keep) {
    std::vector<std::string> args = {"--limit=100"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("date:2024");
    std::vector<std::string> want;
    for (const JsonHit& h : all.hits) {
      if (keep(h)) want.push_back(h.id);
    }
    const JsonResult got =
        SearchJson(args, want.empty() ? kExitPartial : kExitOk);
    EXPECT_EQ(HitIds(got), want) << absl::StrJoin(flags, " ");
    return want.size();
  };
  EXPECT_EQ(expect({"--source=Harbour Wire"},
                   [](const JsonHit& h) { return h.source == "Harbour Wire"; }),
            9u);  // 11, of which 2 undated
  EXPECT_EQ(expect({"--source=Harbour Wire, Meridian Post"},
                   [](const JsonHit& h) {
                     return h.source == "Harbour Wire" ||
                            h.source == "Meridian Post";
                   }),
            16u);
  EXPECT_GT(expect({"--from=2024-03-01", "--to=2024-03-31"},
                   [](const JsonHit& h) {
                     return h.published->substr(0, 10) >= "2024-03-01" &&
                            h.published->substr(0, 10) <= "2024-03-31";
                   }),
            0u);
  EXPECT_GT(expect({"--to=2024-02-29"},
                   [](const JsonHit& h) {
                     return h.published->substr(0, 10) <= "2024-02-29";
                   }),
            0u);
  EXPECT_GT(expect({"--from=2024-07-01"},
                   [](const JsonHit& h) {
                     return h.published->substr(0, 10) >= "2024-07-01";
                   }),
            0u);
  EXPECT_GT(expect({"--source=Capital Courier", "--from=2024-05-01"},
                   [](const JsonHit& h) {
                     return h.source == "Capital Courier" &&
                            h.published->substr(0, 10) >= "2024-05-01";
                   }),
            0u);
  // The query's own source: filter (display name or slug) agrees with
  // --source.
  for (const char* query :
       {"source:\"Harbour Wire\" date:2024", "source:harbour-wire date:2024"}) {
    const JsonResult r = SearchJson({"--limit=100", query});
    std::vector<std::string> want;
    for (const JsonHit& h : all.hits) {
      if (h.source == "Harbour Wire") want.push_back(h.id);
    }
    EXPECT_EQ(HitIds(r), want) << query;
  }
  EXPECT_EQ(
      expect({"--source=No Such Paper"}, [](const JsonHit&) { return false; }),
      0u);

  // Filters combine with word queries; undated articles never pass a date
  // filter, not even an open-ended one.
  for (const std::vector<std::string>& flags :
       std::vector<std::vector<std::string>>{{"--source=Harbour Wire"},
                                             {"--to=2024-12-31"},
                                             {"--from=2000-01-01"}}) {
    std::vector<std::string> args = {"--limit=100"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("freight");
    const JsonResult r = SearchJson(args);
    EXPECT_FALSE(r.hits.empty());
    for (const JsonHit& h : r.hits) {
      if (flags[0].starts_with("--source")) {
        EXPECT_EQ(h.source, "Harbour Wire") << h.id;
      } else {
        EXPECT_TRUE(h.published.has_value())
            << h.id << " undated, passed " << flags[0];
      }
    }
  }
}

// ---------------------------------------------------------------------------
// byline stats

TEST_F(CliSearchTest, Stats) {
  const RunResult run =
      RunByline({"stats", "--index=" + SampleIndex(), "--json"});
  EXPECT_EQ(run.exit_code, kExitOk) << run;
  simdjson::dom::parser parser;
  simdjson::padded_string json(run.out);
  simdjson::dom::element root;
  ASSERT_FALSE(parser.parse(json).get(root)) << run;
  EXPECT_EQ(Str(root, "index"), SampleIndex());
  EXPECT_EQ(Uint(root, "articles"), 40u);
  EXPECT_EQ(Uint(root, "undated_articles"), 3u);
  EXPECT_GT(Uint(root, "passages"), 40u);
  EXPECT_THAT(Str(root, "oldest_published"), ::testing::StartsWith("2024-01"));
  EXPECT_THAT(Str(root, "newest_published"), ::testing::StartsWith("2024-07"));
  EXPECT_FALSE(Str(root, "built_at").empty());
  EXPECT_FALSE(Str(root, "schema_version").empty());
  simdjson::dom::object sources;
  ASSERT_FALSE(root["sources"].get_object().get(sources)) << run;
  std::map<std::string, uint64_t> by_source;
  for (auto field : sources) {
    uint64_t n = 0;
    EXPECT_FALSE(field.value.get_uint64().get(n));
    by_source[std::string(field.key)] = n;
  }
  // Sources are reported by their slug (the form source: accepts), not by
  // the display name stored with each article.
  EXPECT_EQ(by_source,
            (std::map<std::string, uint64_t>{{"capital-courier", 9},
                                             {"harbour-wire", 11},
                                             {"meridian-post", 7},
                                             {"northern-ledger", 13}}))
      << run;

  const RunResult text = RunByline({"stats", "--index=" + SampleIndex()});
  EXPECT_EQ(text.exit_code, kExitOk) << text;
  EXPECT_THAT(text.out, HasSubstr("40 (3 undated)")) << text;
  EXPECT_THAT(text.out, HasSubstr("northern-ledger      13")) << text;
}

// ---------------------------------------------------------------------------
// Nightly jobs: update, guards, generations, rollback, compact.

TEST_F(CliTest, OperatorsDayUpdateRefusalRollbackCompact) {
  TempDir dir;
  const std::string index = "--index=" + dir.Sub("index");
  ASSERT_EQ(RunByline({"rebuild", index, SampleCorpus()}).exit_code, kExitOk);

  // A nightly update: one new article, one retraction by tombstone, one
  // by --delete_ids.
  const std::string feed = dir.Sub("feed.jsonl");
  std::ofstream(feed)
      << R"({"id": "night-1", "title": "Lighthouse keeper retires", )"
      << R"("body": "The last lighthouse keeper on Fair Isle retired."})"
      << "\n"
      << R"({"id": "sample-001", "deleted": true})"
      << "\n";
  std::ofstream(dir.Sub("retracted.txt")) << "sample-002\n\n";
  const std::string report = dir.Sub("report.json");
  const RunResult update =
      RunByline({"update", index, "--delete_ids=" + dir.Sub("retracted.txt"),
                 "--report=" + report, feed});
  EXPECT_EQ(update.exit_code, kExitOk) << update;
  EXPECT_THAT(update.err, HasSubstr("gen-000002 is live (was gen-000001)"))
      << update;
  EXPECT_THAT(update.err, HasSubstr("39 articles (before 40)")) << update;
  simdjson::dom::parser parser;
  simdjson::dom::element r;
  ASSERT_EQ(parser.load(report).get(r), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(r["outcome"].get_string().value()), "swapped");
  EXPECT_EQ(r["deleted"].get_uint64().value(), 2u);
  EXPECT_EQ(r["indexed"].get_uint64().value(), 1u);
  EXPECT_EQ(r["generation"].get_string().value(), "gen-000002");

  // A broken feed (nearly empty) is refused with its own exit code.
  std::ofstream(dir.Sub("broken.jsonl"))
      << R"({"id": "x", "title": "Only one", "body": "Only one story."})"
      << "\n";
  const RunResult refused = RunByline(
      {"rebuild", index, "--report=" + report, dir.Sub("broken.jsonl")});
  EXPECT_EQ(refused.exit_code, 4) << refused;
  EXPECT_THAT(refused.err, HasSubstr("refused:")) << refused;
  EXPECT_THAT(refused.err, HasSubstr("(gen-000002) is unchanged")) << refused;
  ASSERT_EQ(parser.load(report).get(r), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(r["outcome"].get_string().value()), "refused");
  EXPECT_EQ(r["exit_code"].get_int64().value(), 4);

  // Generations, then rollback, both with --json.
  const RunResult list = RunByline({"generations", index, "--json"});
  EXPECT_EQ(list.exit_code, kExitOk) << list;
  simdjson::dom::element g;
  ASSERT_EQ(parser.parse(list.out).get(g), simdjson::SUCCESS) << list;
  simdjson::dom::array gens = g["generations"].get_array().value();
  ASSERT_EQ(gens.size(), 2u) << list;  // the refused one is not kept
  EXPECT_FALSE(gens.at(0)["live"].get_bool().value());
  EXPECT_TRUE(gens.at(1)["live"].get_bool().value());
  EXPECT_EQ(gens.at(1)["parent"].get_string().value(), "gen-000001");
  EXPECT_EQ(gens.at(1)["articles"].get_uint64().value(), 39u);
  const RunResult text = RunByline({"generations", index});
  EXPECT_THAT(text.out, HasSubstr("live gen-000002  update")) << text;

  // Regression: a successful rollback with --report aborted (its OK status
  // was put into a StatusOr).
  const RunResult back =
      RunByline({"rollback", index, "--json", "--report=" + report});
  EXPECT_EQ(back.exit_code, kExitOk) << back;
  EXPECT_THAT(back.out, HasSubstr("\"live\":\"gen-000001\"")) << back;
  ASSERT_EQ(parser.load(report).get(r), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(r["outcome"].get_string().value()), "swapped");
  EXPECT_EQ(r["articles_before"].get_uint64().value(), 39u);
  EXPECT_EQ(r["articles_after"].get_uint64().value(), 40u);
  const RunResult stats = RunByline({"stats", index, "--json"});
  EXPECT_THAT(stats.out, HasSubstr("\"articles\":40")) << stats;

  // Compact twice within a second: two generations, index intact. (The
  // refused job used gen-000003: numbers are never reused.)
  EXPECT_EQ(RunByline({"compact", index}).exit_code, kExitOk);
  const RunResult compact = RunByline({"compact", index});
  EXPECT_EQ(compact.exit_code, kExitOk) << compact;
  EXPECT_THAT(compact.err, HasSubstr("gen-000005 is live (was gen-000004)"))
      << compact;
  const RunResult after = RunByline({"stats", index, "--json"});
  EXPECT_EQ(after.exit_code, kExitOk) << after;
  EXPECT_THAT(after.out, HasSubstr("\"articles\":40")) << after;

  // Usage errors.
  EXPECT_EQ(RunByline({"update", "--index=" + dir.Sub("none"), feed}).exit_code,
            kExitFailure);
  EXPECT_EQ(RunByline({"update", index, "--max_shrink=lots", feed}).exit_code,
            kExitUsage);
  EXPECT_EQ(RunByline({"rollback", index, "gen-000099", "--report=" + report})
                .exit_code,
            kExitFailure);
  ASSERT_EQ(parser.load(report).get(r), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(r["outcome"].get_string().value()), "error");
  EXPECT_THAT(std::string(r["error"].get_string().value()),
              HasSubstr("gen-000099"));
}

// `byline entities`: the most-named entities, completion of a prefix and a
// query's entities, against drill-down searches and the search facets.
TEST_F(CliSearchTest, EntitiesListsCompletesAndCountsLikeSearches) {
  struct Listed {
    std::string id, type, display_name;
    uint64_t articles = 0;
  };
  const auto parse = [](const std::string& out, uint64_t* matched) {
    std::vector<Listed> listed;
    simdjson::dom::parser parser;
    simdjson::padded_string json(out);
    simdjson::dom::element root;
    if (parser.parse(json).get(root) != simdjson::SUCCESS) {
      ADD_FAILURE() << "not JSON: " << out;
      return listed;
    }
    *matched = Uint(root, "matched");
    simdjson::dom::array entities;
    if (root["entities"].get_array().get(entities) != simdjson::SUCCESS) {
      ADD_FAILURE() << "no entities array: " << out;
      return listed;
    }
    for (simdjson::dom::element e : entities) {
      listed.push_back({Str(e, "id"), Str(e, "type"), Str(e, "display_name"),
                        Uint(e, "articles")});
    }
    return listed;
  };
  const std::string index = "--index=" + SampleIndex();

  // The whole index, most articles first; each count is the number of
  // articles a drill-down search on the entity finds.
  RunResult run = RunByline({"entities", index, "--json", "--limit=100"});
  ASSERT_EQ(run.exit_code, kExitOk) << run;
  uint64_t matched = 0;
  const std::vector<Listed> all = parse(run.out, &matched);
  ASSERT_EQ(all.size(), 100u) << run.out;
  EXPECT_GT(matched, 100u);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_GE(all[i - 1].articles, all[i].articles);
  }
  int checked = 0;
  for (const Listed& e : all) {
    if (e.type == "misc" || checked >= 4) continue;
    // A query of the entity filter alone ("place:ID") finds every article
    // naming it.
    const RunResult narrowed =
        RunByline({"search", index, "--json", "--limit=100",
                   absl::StrCat(e.type, ":", e.id)});
    ASSERT_EQ(narrowed.exit_code, kExitOk) << narrowed;
    JsonResult r;
    ASSERT_TRUE(ParseSearchJson(narrowed.out, &r));
    EXPECT_EQ(r.estimated_articles, e.articles) << e.display_name;
    EXPECT_EQ(r.hits.size(), e.articles) << e.display_name;
    ++checked;
  }
  EXPECT_EQ(checked, 4);

  // Text: aligned columns, the same entities as JSON.
  run = RunByline({"entities", index, "--limit=5", "--type=place,org"});
  ASSERT_EQ(run.exit_code, kExitOk) << run;
  const std::vector<std::string> lines =
      absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 6u) << run.out;
  EXPECT_THAT(lines[0], ::testing::StartsWith("NAME"));
  const size_t id_column = lines[0].find("ID");
  ASSERT_NE(id_column, std::string::npos);
  for (size_t i = 1; i <= 5; ++i) {
    // The id column starts at the same character in every row.
    const size_t at = lines[i].rfind(' ') + 1;
    EXPECT_EQ(CharsBefore(lines[i], at), id_column) << lines[i];
    EXPECT_TRUE(absl::StrContains(lines[i], "place") ||
                absl::StrContains(lines[i], "org"))
        << lines[i];
  }

  // Completion: names one of whose words starts with the prefix, in any
  // case.
  run = RunByline({"entities", index, "--json", "--prefix=ROT"});
  ASSERT_EQ(run.exit_code, kExitOk) << run;
  const std::vector<Listed> rot = parse(run.out, &matched);
  ASSERT_FALSE(rot.empty());
  EXPECT_EQ(rot[0].display_name, "Rotterdam");
  for (const Listed& e : rot) {
    bool word_start = false;
    for (absl::string_view w :
         absl::StrSplit(e.display_name, absl::ByAnyChar(" -"))) {
      word_start = word_start || absl::StartsWithIgnoreCase(w, "rot");
    }
    EXPECT_TRUE(word_start) << e.display_name;
  }
  for (const Listed& e : all) {
    if (e.id == rot[0].id) {
      EXPECT_EQ(e.articles, rot[0].articles);
    }
  }

  // A query's entities: the search's facets.
  run = RunByline({"entities", index, "--json", "--limit=100", "--type=org",
                   "port", "strike"});
  ASSERT_EQ(run.exit_code, kExitOk) << run;
  const std::vector<Listed> orgs = parse(run.out, &matched);
  const RunResult search = RunByline(
      {"search", index, "--json", "--facets=org:100", "port", "strike"});
  ASSERT_EQ(search.exit_code, kExitOk) << search;
  auto facets = ParseFacets(search.out);
  ASSERT_EQ(orgs.size(), facets["org"].size());
  for (size_t i = 0; i < orgs.size(); ++i) {
    EXPECT_EQ(orgs[i].id, facets["org"][i].value);
    EXPECT_EQ(orgs[i].display_name, facets["org"][i].display_name);
    EXPECT_EQ(orgs[i].articles, facets["org"][i].articles);
  }

  // Nothing found: exit 1. Bad flags: usage errors naming them; no index:
  // failure.
  run = RunByline({"entities", index, "--prefix=zzqx"});
  EXPECT_EQ(run.exit_code, kExitPartial) << run;
  EXPECT_THAT(run.err, HasSubstr("no entities"));
  run = RunByline({"entities", index, "--type=colour"});
  EXPECT_EQ(run.exit_code, kExitUsage) << run;
  EXPECT_THAT(run.err, HasSubstr("'colour' is not an entity type"));
  for (const char* limit : {"--limit=0", "--limit=101"}) {
    run = RunByline({"entities", index, limit});
    EXPECT_EQ(run.exit_code, kExitUsage) << run;
    EXPECT_THAT(run.err, HasSubstr("limit: must be 1 to 100"));
  }
  run = RunByline({"entities", index, "(port"});
  EXPECT_EQ(run.exit_code, kExitUsage) << run;
  TempDir empty;
  run = RunByline({"entities", "--index=" + empty.Sub("none")});
  EXPECT_EQ(run.exit_code, kExitFailure) << run;
  run = RunByline({"entities", "--help"});
  EXPECT_EQ(run.exit_code, kExitOk) << run;
  EXPECT_THAT(run.out, HasSubstr("--prefix"));
}

}  // namespace
}  // namespace byline

// End-to-end tests of Searcher over a small real index: the query language,
// ranking behaviour, filters, paging, passages, offsets and highlights.
#include "searcher/searcher.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema/schema.h"
#include "searcher/test_index.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

Article A(std::string id, std::string title, std::string body,
          std::string source, std::optional<std::string> day) {
  Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  a.source = std::move(source);
  if (day) {
    absl::CivilDay d;
    EXPECT_TRUE(absl::ParseCivilTime(*day, &d));
    a.published = absl::FromCivil(d, absl::UTCTimeZone());
  }
  return a;
}

std::vector<Article> Corpus() {
  return {
      A("harbour", "Dock workers strike at Rotterdam port",
        "Dock workers at the port of Rotterdam walked out on Monday. "
        "The strike halted container traffic.\n\n"
        "Union leaders said the strike would last a week.",
        "Harbour Wire", "2024-03-04"),
      A("profit", "Halvorsen profit rises",
        "Halvorsen Maritime said its net profit rose 18 percent last quarter. "
        "Freight rates climbed sharply. The company's shares jumped.",
        "Capital Courier", "2024-04-20"),
      A("wheat", "Wheat prices climb",
        "Wheat prices rose as exports from Ukraine slowed. Traders in Chicago "
        "bought futures.",
        "Northern Ledger", "2024-02-11"),
      A("undated", "Barges slow on the Danube",
        "Low water slowed barges on the Danube. The port of Vienna waited.",
        "Harbour Wire", std::nullopt),
      A("long", "Ports across Europe",
        "Port one opened. Port two closed. Port three waited.\n\n"
        "Port four reopened. Port five grew.\n\n"
        "Port six shrank. The port of Rotterdam expanded again.",
        "Meridian Post", "2024-06-01"),
      A("state", "State-owned lender",
        "The state-owned bank in the U.S. lent more. Blinken's visit helped.",
        "Capital Courier", "2024-01-15"),
  };
}

class SearcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    ASSERT_TRUE(BuildTestIndex(dir_->Sub("index"), Corpus()).ok());
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    auto s = Searcher::Open(dir_->Sub("index"));
    ASSERT_TRUE(s.ok()) << s.status();
    searcher_ = *std::move(s);
  }

  SearchResult Run(SearchRequest request) {
    auto result = searcher_->Search(request);
    EXPECT_TRUE(result.ok()) << request.query << ": " << result.status();
    return result.ok() ? *std::move(result) : SearchResult{};
  }
  std::vector<std::string> Ids(const std::string& query, uint32_t limit = 10) {
    SearchRequest r;
    r.query = query;
    r.limit = limit;
    std::vector<std::string> ids;
    for (const PassageHit& h : Run(r).hits) ids.push_back(h.article.id);
    return ids;
  }

  static TempDir* dir_;
  std::unique_ptr<Searcher> searcher_;
};

TempDir* SearcherTest::dir_ = nullptr;

TEST_F(SearcherTest, PlainWordsRankBestMatchFirst) {
  EXPECT_EQ(Ids("rotterdam strike").front(), "harbour");
  EXPECT_EQ(Ids("ukraine wheat exports").front(), "wheat");
}

TEST_F(SearcherTest, NaturalLanguageQuestionFindsPartialMatch) {
  EXPECT_EQ(Ids("how much did the company's profit rise last quarter").front(),
            "profit");
}

TEST_F(SearcherTest, StopWordsAloneStillSearch) {
  EXPECT_FALSE(Ids("the").empty());
}

TEST_F(SearcherTest, StemmingMatchesInflections) {
  EXPECT_THAT(Ids("striking"), ElementsAre("harbour"));
  EXPECT_THAT(Ids("barge"), ElementsAre("undated"));
}

TEST_F(SearcherTest, PhrasesNeedAdjacentWords) {
  EXPECT_THAT(Ids("\"net profit rose\""), ElementsAre("profit"));
  EXPECT_TRUE(Ids("\"profit net\"").empty());
  EXPECT_THAT(Ids("state-owned"), ElementsAre("state"));
  EXPECT_THAT(Ids("\"state owned bank\""), ElementsAre("state"));
}

TEST_F(SearcherTest, AnalysisMatchesIndexing) {
  EXPECT_THAT(Ids("U.S."), ElementsAre("state"));
  EXPECT_THAT(Ids("US"), ElementsAre("state"));
  EXPECT_THAT(Ids("blinken"), ElementsAre("state"));
  EXPECT_THAT(Ids("Blinken’s"), ElementsAre("state"));
}

TEST_F(SearcherTest, BooleanOperators) {
  EXPECT_THAT(Ids("rotterdam AND strike"), ElementsAre("harbour"));
  EXPECT_THAT(Ids("wheat OR danube"), UnorderedElementsAre("wheat", "undated"));
  EXPECT_THAT(Ids("rotterdam NOT strike"), ElementsAre("long"));
  EXPECT_THAT(Ids("rotterdam -strike"), ElementsAre("long"));
  EXPECT_THAT(Ids("+wheat port"), ElementsAre("wheat"));
  EXPECT_THAT(Ids("-port"),
              UnorderedElementsAre("profit", "wheat", "state"));
}

TEST_F(SearcherTest, FieldsAndPrefixes) {
  EXPECT_THAT(Ids("title:danube"), ElementsAre("undated"));
  EXPECT_TRUE(Ids("title:vienna").empty());  // only in the body
  EXPECT_THAT(Ids("ukrain*"), ElementsAre("wheat"));
  EXPECT_THAT(Ids("source:\"Harbour Wire\""),
              UnorderedElementsAre("harbour", "undated"));
  EXPECT_THAT(Ids("port source:harbour-wire"),
              UnorderedElementsAre("harbour", "undated"));
}

TEST_F(SearcherTest, TitleMatchCounts) {
  // "ports" is in the title of "long" only; its body mentions port often but
  // "harbour" mentions port too.
  EXPECT_EQ(Ids("europe port").front(), "long");
}

TEST_F(SearcherTest, DateRangesSkipUndatedArticles) {
  EXPECT_THAT(Ids("port date:2024-03"), ElementsAre("harbour"));
  EXPECT_THAT(Ids("port date:2024-03-04"), ElementsAre("harbour"));
  EXPECT_THAT(Ids("port date:2024-03-05.."), ElementsAre("long"));
  EXPECT_THAT(Ids("port date:..2024-03-04"), ElementsAre("harbour"));
  EXPECT_THAT(Ids("date:2024"),
              UnorderedElementsAre("harbour", "profit", "wheat", "long",
                                   "state"));
  SearchRequest r;
  r.query = "port";
  r.published_from = absl::CivilDay(2024, 6, 1);
  r.published_to = absl::CivilDay(2024, 6, 1);
  auto result = Run(r);
  ASSERT_EQ(result.hits.size(), 1u);
  EXPECT_EQ(result.hits[0].article.id, "long");
}

TEST_F(SearcherTest, FilterOnlyQueriesSortNewestFirst) {
  SearchRequest r;
  r.query = "source:\"Capital Courier\"";
  SearchResult result = Run(r);
  EXPECT_EQ(result.sort_used, SortOrder::kDate);
  ASSERT_EQ(result.hits.size(), 2u);
  EXPECT_EQ(result.hits[0].article.id, "profit");  // April before January
  EXPECT_EQ(result.hits[1].article.id, "state");
}

TEST_F(SearcherTest, SortByDatePutsUndatedLast) {
  SearchRequest r;
  r.query = "port";
  r.sort = SortOrder::kDate;
  std::vector<std::string> ids;
  for (const PassageHit& h : Run(r).hits) ids.push_back(h.article.id);
  EXPECT_THAT(ids, ElementsAre("long", "harbour", "undated"));
}

TEST_F(SearcherTest, PassagesPerArticleGroupsResults) {
  SearchRequest r;
  r.query = "port";
  r.passages_per_article = 1;
  std::set<std::string> seen;
  for (const PassageHit& h : Run(r).hits) {
    EXPECT_TRUE(seen.insert(h.article.id).second) << h.article.id;
  }
  r.passages_per_article = 3;
  SearchResult result = Run(r);
  int from_long = 0;
  std::string previous;
  std::set<std::string> finished;
  for (const PassageHit& h : result.hits) {
    if (h.article.id == "long") ++from_long;
    // Passages of one article are adjacent.
    if (h.article.id != previous) {
      EXPECT_FALSE(finished.count(h.article.id)) << h.article.id;
      if (!previous.empty()) finished.insert(previous);
      previous = h.article.id;
    }
  }
  EXPECT_EQ(from_long, 3);
  EXPECT_EQ(result.estimated_articles, 3u);
}

TEST_F(SearcherTest, PagingWalksEveryResultOnce) {
  SearchRequest r;
  r.query = "port";
  r.passages_per_article = 5;
  r.limit = 100;
  const SearchResult all = Run(r);
  ASSERT_GT(all.hits.size(), 4u);
  std::multiset<std::pair<std::string, uint32_t>> expected, paged;
  for (const PassageHit& h : all.hits) {
    expected.insert({h.article.id, h.passage_index});
  }
  r.limit = 2;
  for (r.offset = 0;; r.offset += 2) {
    const SearchResult page = Run(r);
    for (const PassageHit& h : page.hits) {
      paged.insert({h.article.id, h.passage_index});
      EXPECT_GT(h.rank, r.offset);
    }
    if (!page.has_more) break;
    ASSERT_LT(r.offset, 100u);
  }
  EXPECT_EQ(paged, expected);
}

TEST_F(SearcherTest, PassageOffsetsAndHighlightsAreExact) {
  SearchRequest r;
  r.query = "rotterdam \"container traffic\" strikes";
  r.passages_per_article = 5;
  const SearchResult result = Run(r);
  ASSERT_FALSE(result.hits.empty());
  TextAnalyzer* analyzer = nullptr;
  auto owned = TextAnalyzer::Create();
  ASSERT_TRUE(owned.ok());
  analyzer = owned->get();
  const std::set<std::string> query_terms = {"rotterdam", "container",
                                             "traffic"};
  for (const PassageHit& hit : result.hits) {
    auto article = searcher_->GetArticle(hit.article.id);
    ASSERT_TRUE(article.ok());
    const std::string& body = article->body;
    EXPECT_EQ(body.substr(hit.start_byte, hit.end_byte - hit.start_byte),
              hit.text);
    // Every highlight is a query word...
    std::set<uint32_t> highlighted;
    for (const HighlightSpan& span : hit.highlights) {
      const std::string word =
          body.substr(span.start_byte, span.end_byte - span.start_byte);
      const std::string term = analyzer->NormalizeWord(word);
      EXPECT_TRUE(query_terms.count(term) ||
                  analyzer->Stem(term, "en") == "strike")
          << word;
      highlighted.insert(span.start_byte);
    }
    // ...and every query word in the passage is highlighted.
    std::vector<Token> tokens;
    analyzer->Tokenize(hit.text, &tokens);
    for (const Token& t : tokens) {
      const bool is_query_word = query_terms.count(t.term) ||
                                 analyzer->Stem(t.term, "en") == "strike";
      EXPECT_EQ(highlighted.count(hit.start_byte + t.start) == 1,
                is_query_word)
          << t.term;
    }
  }
}

TEST_F(SearcherTest, HighlightCharOffsetsCountCodePoints) {
  TempDir dir;
  ASSERT_TRUE(BuildTestIndex(dir.Sub("i"),
                             {A("u", "Zürich", "Über café Zürich news.", "x",
                                std::nullopt)})
                  .ok());
  auto s = Searcher::Open(dir.Sub("i"));
  ASSERT_TRUE(s.ok());
  SearchRequest r;
  r.query = "zürich";
  auto result = (*s)->Search(r);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->hits.size(), 1u);
  ASSERT_EQ(result->hits[0].highlights.size(), 1u);
  const HighlightSpan& span = result->hits[0].highlights[0];
  EXPECT_EQ(span.start_byte, 12u);  // "Über café " is 12 bytes, 10 chars
  EXPECT_EQ(span.start_char, 10u);
  EXPECT_EQ(span.end_char - span.start_char, 6u);
  EXPECT_EQ(span.end_byte - span.start_byte, 7u);
}

TEST_F(SearcherTest, BadQueriesNameTheProblem) {
  for (const auto& [query, message] :
       std::vector<std::pair<std::string, std::string>>{
           {"\"unclosed phrase", "unterminated quote"},
           {"a AND", "AND"},
           {"date:2024-13", "invalid date"},
           {"...", "no words"},
           {"", "empty query"}}) {
    SearchRequest r;
    r.query = query;
    auto result = searcher_->Search(r);
    ASSERT_FALSE(result.ok()) << query;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(result.status().message()), HasSubstr(message))
        << query;
    EXPECT_THAT(std::string(result.status().message()),
                HasSubstr("at character"))
        << query;
  }
  SearchRequest r;
  r.query = "port";
  r.limit = 0;
  EXPECT_EQ(searcher_->Search(r).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(SearcherTest, GetArticleAndStats) {
  auto article = searcher_->GetArticle("wheat");
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->meta.title, "Wheat prices climb");
  EXPECT_THAT(article->body, HasSubstr("Traders in Chicago"));
  EXPECT_EQ(searcher_->GetArticle("nope").status().code(),
            absl::StatusCode::kNotFound);

  auto stats = searcher_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 6u);
  EXPECT_EQ(stats->undated_articles, 1u);
  EXPECT_GE(stats->passages, 8u);
  EXPECT_EQ(stats->schema_version, schema::kSchemaVersion);
  EXPECT_THAT(stats->articles_by_source,
              ElementsAre(std::pair<std::string, uint64_t>{"capital-courier", 2},
                          std::pair<std::string, uint64_t>{"harbour-wire", 2},
                          std::pair<std::string, uint64_t>{"meridian-post", 1},
                          std::pair<std::string, uint64_t>{"northern-ledger", 1}));
  EXPECT_EQ(absl::FormatTime("%Y-%m-%d", *stats->oldest_published,
                             absl::UTCTimeZone()),
            "2024-01-15");
}

TEST_F(SearcherTest, ReplacedArticleIsSeenAfterReopen) {
  TempDir dir;
  const std::string path = dir.Sub("i");
  ASSERT_TRUE(BuildTestIndex(path, {A("x", "Old", "Old words here.", "s",
                                      std::nullopt)})
                  .ok());
  auto s = Searcher::Open(path);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(BuildTestIndex(path, {A("x", "New", "Fresh words here.", "s",
                                      std::nullopt)})
                  .ok());
  ASSERT_TRUE((*s)->Reopen().ok());
  SearchRequest r;
  r.query = "words";
  auto result = (*s)->Search(r);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->hits.size(), 1u);
  EXPECT_EQ(result->hits[0].article.title, "New");
}

TEST(SearcherOpenTest, MissingIndexIsNotFound) {
  TempDir dir;
  auto s = Searcher::Open(dir.Sub("nothing-here"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace byline

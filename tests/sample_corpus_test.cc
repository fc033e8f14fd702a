// End-to-end over the embedded sample corpus (data/sample/articles.jsonl),
// indexed by the same job as `byline index` (tests/test_index.h): indexing
// counts, the judged query set, and the property that any article's own
// words find it.
#include <fstream>
#include <random>
#include <set>

#include "absl/strings/str_split.h"
#include "analysis/passage_splitter.h"
#include "analysis/text_analyzer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indexer/article_parser.h"
#include "searcher/searcher.h"
#include "tests/test_index.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

class SampleCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string input =
        testing::SourceDir() + "/data/sample/articles.jsonl";
    auto report = testing::BuildTestIndex(dir_->Sub("index"), {input});
    ASSERT_TRUE(report.ok()) << report.status();  // names any reject
    counts_ = report->indexing.counts;
    // Keep the parsed articles for the property tests.
    std::ifstream in(input);
    ASSERT_TRUE(in) << input;
    ArticleParser parser;
    std::string line;
    while (std::getline(in, line)) {
      auto a = parser.ParseJsonLine(line);
      ASSERT_TRUE(a.ok());
      articles_->push_back(*std::move(a));
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    articles_->clear();
  }

  void SetUp() override {
    auto s = Searcher::Open(dir_->Sub("index"));
    ASSERT_TRUE(s.ok()) << s.status();
    searcher_ = *std::move(s);
  }

  std::vector<std::string> Ids(const std::string& query, uint32_t limit) {
    SearchRequest r;
    r.query = query;
    r.limit = limit;
    auto result = searcher_->Search(r);
    EXPECT_TRUE(result.ok()) << query << ": " << result.status();
    std::vector<std::string> ids;
    if (result.ok()) {
      for (const PassageHit& h : result->hits) ids.push_back(h.article.id);
    }
    return ids;
  }

  static TempDir* dir_;
  static IndexingCounts counts_;
  static std::vector<Article>* articles_;
  std::unique_ptr<Searcher> searcher_;
};

TempDir* SampleCorpusTest::dir_ = nullptr;
IndexingCounts SampleCorpusTest::counts_;
std::vector<Article>* SampleCorpusTest::articles_ = new std::vector<Article>;

TEST_F(SampleCorpusTest, IndexesEveryArticle) {
  EXPECT_EQ(counts_.read, 40u);
  EXPECT_EQ(counts_.indexed, 40u);
  EXPECT_EQ(counts_.replaced, 0u);
  EXPECT_EQ(counts_.rejected, 0u);
  auto stats = searcher_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 40u);
  EXPECT_EQ(stats->undated_articles, 3u);
  EXPECT_EQ(stats->articles_by_source.size(), 4u);
}

TEST_F(SampleCorpusTest, JudgedQueriesFindTheirArticleInTopThree) {
  const std::string path =
      testing::SourceDir() + "/tests/data/sample_judgements.tsv";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::string line;
  std::getline(in, line);  // header
  int queries = 0, first = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    ASSERT_GE(cols.size(), 2u) << line;
    ++queries;
    const std::vector<std::string> ids = Ids(cols[0], 3);
    EXPECT_THAT(ids, ::testing::Contains(cols[1])) << "query: " << cols[0];
    if (!ids.empty() && ids[0] == cols[1]) ++first;
  }
  EXPECT_GE(queries, 20);
  EXPECT_GE(first * 10, queries * 8) << first << " of " << queries << " first";
}

// Any run of an article's own words within one passage, as a phrase, finds
// the article; so does each single word, whatever the article's language.
// Words are taken exactly as written in the body.
TEST_F(SampleCorpusTest, AnArticlesOwnWordsFindIt) {
  auto analyzer = TextAnalyzer::Create();
  ASSERT_TRUE(analyzer.ok());
  auto splitter = PassageSplitter::Create();
  ASSERT_TRUE(splitter.ok());
  std::mt19937 rng(20240601);
  ASSERT_EQ(articles_->size(), 40u);
  auto has_quote = [](const std::string& s) {
    return s.find('"') != std::string::npos ||
           s.find("\u201c") != std::string::npos ||
           s.find("\u201d") != std::string::npos;
  };
  int phrases = 0;
  for (const Article& a : *articles_) {
    std::vector<Token> tokens;
    (*analyzer)->Tokenize(a.body, &tokens);
    const std::vector<PassageSpan> passages =
        (*splitter)->Split(a.body, tokens);
    ASSERT_FALSE(passages.empty());
    for (int trial = 0; trial < 8; ++trial) {
      const PassageSpan& p = passages[rng() % passages.size()];
      const uint32_t words = p.end_token - p.first_token;
      const uint32_t len = std::min<uint32_t>(words, 1 + rng() % 4);
      const uint32_t i = p.first_token + rng() % (words - len + 1);
      const std::string surface = a.body.substr(
          tokens[i].start, tokens[i + len - 1].end - tokens[i].start);
      if (!has_quote(surface)) {
        ++phrases;
        EXPECT_THAT(Ids("\"" + surface + "\"", 100),
                    ::testing::Contains(a.id))
            << a.id << " phrase " << surface;
      }
      const std::string word =
          a.body.substr(tokens[i].start, tokens[i].end - tokens[i].start);
      EXPECT_THAT(Ids(word, 100), ::testing::Contains(a.id))
          << a.id << " word " << word;
    }
  }
  EXPECT_GT(phrases, 200);
}

TEST_F(SampleCorpusTest, UndatedArticlesNeverMatchDateFilters) {
  std::set<std::string> undated;
  for (const Article& a : *articles_) {
    if (!a.published) undated.insert(a.id);
  }
  ASSERT_EQ(undated.size(), 3u);
  for (const std::string& id : Ids("date:1900..2100", 100)) {
    EXPECT_FALSE(undated.count(id)) << id;
  }
  EXPECT_EQ(Ids("date:1900..2100", 100).size(), 37u);
}

}  // namespace
}  // namespace byline

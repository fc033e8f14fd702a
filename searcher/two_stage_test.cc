// Tests of the two-stage search over a generated index of 300 articles:
// the article-level candidate set, the passage chosen within an article,
// paging stability over every page, the depth cap, and the number of
// database calls per query (which must not grow with the matches).
#include <set>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "searcher/searcher.h"
#include "searcher/test_index.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

using ::testing::HasSubstr;

constexpr int kArticles = 300;

// About fifteen words: one sentence, with `extra` words in its middle.
std::string Sentence(int article, int passage, int sentence,
                     absl::string_view extra = "") {
  return absl::StrCat("Filler", (article * 7 + passage * 3 + sentence) % 41,
                      " harbour officials said the common cargo ", extra,
                      extra.empty() ? "" : " ",
                      "moved slowly through the quiet berths again today.");
}

// Article i: four paragraphs of three sentences (each paragraph one
// passage). Every article says "common"; every 10th says "rare" in its
// third passage; article 7 alone has "needle haystack" in its fourth
// passage, and article 8 has "needle" in its first passage and "haystack"
// in its last (an AND match across passages); article 9 has "lighthouse"
// in its title only.
Article MakeArticle(int i) {
  Article a;
  a.id = absl::StrCat("art-", i);
  a.title = i == 9 ? "The lighthouse keeper" : absl::StrCat("Report ", i);
  a.source = i % 2 == 0 ? "Even Wire" : "Odd Wire";
  a.published = absl::FromUnixSeconds(1700000000 + int64_t{i} % 17 * 86400);
  for (int p = 0; p < 4; ++p) {
    if (p > 0) a.body += "\n\n";
    for (int s = 0; s < 3; ++s) {
      if (s > 0) a.body += " ";
      std::string extra;
      if (s == 1 && p == 2 && i % 10 == 0) extra = "of a rare kind";
      if (s == 1 && p == 3 && i == 7) extra = "near the needle haystack";
      if (s == 0 && p == 0 && i == 8) extra = "near a needle";
      if (s == 2 && p == 3 && i == 8) extra = "near a haystack";
      a.body += Sentence(i, p, s, extra);
    }
  }
  return a;
}

class TwoStageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::vector<Article> articles;
    for (int i = 0; i < kArticles; ++i) articles.push_back(MakeArticle(i));
    ASSERT_TRUE(BuildTestIndex(dir_->Sub("index"), articles).ok());
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    auto s = Searcher::Open(dir_->Sub("index"));
    ASSERT_TRUE(s.ok()) << s.status();
    searcher_ = *std::move(s);
  }

  SearchResult Run(const SearchRequest& request) {
    auto result = searcher_->Search(request);
    EXPECT_TRUE(result.ok()) << request.query << ": " << result.status();
    return result.ok() ? *std::move(result) : SearchResult{};
  }
  static SearchRequest Req(std::string query, uint32_t limit,
                           uint32_t offset = 0) {
    SearchRequest r;
    r.query = std::move(query);
    r.limit = limit;
    r.offset = offset;
    return r;
  }

  static TempDir* dir_;
  std::unique_ptr<Searcher> searcher_;
};

TempDir* TwoStageTest::dir_ = nullptr;

std::set<std::string> Ids(const SearchResult& r) {
  std::set<std::string> ids;
  for (const PassageHit& h : r.hits) ids.insert(h.article.id);
  return ids;
}

TEST_F(TwoStageTest, CandidatesAreWholeArticles) {
  // Exactly the articles that say "rare", counted exactly.
  const SearchResult rare = Run(Req("rare", 100));
  EXPECT_EQ(rare.estimated_articles, 30u);
  std::set<std::string> expected;
  for (int i = 0; i < kArticles; i += 10) expected.insert(absl::StrCat("art-", i));
  EXPECT_EQ(Ids(rare), expected);
  // AND is over the article: words in different passages match it.
  EXPECT_EQ(Ids(Run(Req("needle AND haystack", 10))),
            (std::set<std::string>{"art-7", "art-8"}));
  // A phrase needs the words together.
  EXPECT_EQ(Ids(Run(Req("\"needle haystack\"", 10))),
            (std::set<std::string>{"art-7"}));
  // Every article matches "common"; filters narrow the article set.
  EXPECT_EQ(Run(Req("common", 10)).estimated_articles,
            static_cast<uint64_t>(kArticles));
  SearchRequest filtered = Req("rare", 100);
  filtered.sources = {"Even Wire"};
  EXPECT_EQ(Run(filtered).estimated_articles, 30u);  // all multiples of 10
  filtered.sources = {"Odd Wire"};
  EXPECT_TRUE(Run(filtered).hits.empty());
}

TEST_F(TwoStageTest, ThePassageThatAnswersIsShown) {
  const SearchResult r = Run(Req("needle haystack", 2));
  ASSERT_EQ(r.hits.size(), 2u);
  // Article 7 has both words in one passage: it ranks first, showing it.
  EXPECT_EQ(r.hits[0].article.id, "art-7");
  EXPECT_EQ(r.hits[0].passage_index, 3u);
  EXPECT_EQ(r.hits[0].passage_count, 4u);
  EXPECT_EQ(r.hits[0].highlights.size(), 2u);
  EXPECT_THAT(r.hits[0].text, HasSubstr("needle haystack"));
  // Article 8 has them apart: its best passage holds one of them.
  EXPECT_EQ(r.hits[1].article.id, "art-8");
  EXPECT_EQ(r.hits[1].highlights.size(), 1u);
  // Both of article 8's matching passages, best first, with 2 per article.
  SearchRequest two = Req("needle AND haystack", 10);
  two.passages_per_article = 2;
  std::set<uint32_t> of_8;
  for (const PassageHit& h : Run(two).hits) {
    if (h.article.id == "art-8") of_8.insert(h.passage_index);
  }
  EXPECT_EQ(of_8, (std::set<uint32_t>{0, 3}));
  // "rare" is in the third passage of its articles.
  for (const PassageHit& h : Run(Req("rare", 5)).hits) {
    EXPECT_EQ(h.passage_index, 2u) << h.article.id;
  }
  // Title only: the lead passage, without highlights.
  const SearchResult title = Run(Req("lighthouse", 5));
  ASSERT_EQ(title.hits.size(), 1u);
  EXPECT_EQ(title.hits[0].passage_index, 0u);
  EXPECT_TRUE(title.hits[0].highlights.empty());
}

TEST_F(TwoStageTest, DatabaseCallsAreBoundedByThePage) {
  // One match, and one document per result the page shows or reranks,
  // whether 30 or 300 articles match and however deep the page.
  for (const char* q : {"rare", "common", "common OR rare", "\"cargo moved\""}) {
    SCOPED_TRACE(q);
    for (uint32_t offset : {0u, 5u, 40u, 200u}) {
      const SearchResult r = Run(Req(q, 10, offset));
      EXPECT_EQ(r.calls.matches, 1u) << offset;
      // The page, plus the rerank window (10) when the page reaches into it.
      EXPECT_LE(r.calls.documents, offset < 10 ? 20u : 10u) << offset;
    }
    const SearchResult small = Run(Req(q, 3));
    EXPECT_LE(small.calls.documents, 10u);  // the rerank window
  }
  SearchRequest by_date = Req("common", 10, 100);
  by_date.sort = SortOrder::kDate;
  EXPECT_EQ(Run(by_date).calls.documents, 10u);
  EXPECT_EQ(Run(by_date).calls.matches, 1u);
}

TEST_F(TwoStageTest, DepthCapIsInvalidArgument) {
  EXPECT_TRUE(searcher_->Search(Req("common", 10, 9990)).ok());
  auto past = searcher_->Search(Req("common", 10, 9991));
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(past.status().message()), HasSubstr("10000"));
  EXPECT_THAT(std::string(past.status().message()), HasSubstr("9992"));
  // The window is an option.
  SearcherOptions options;
  options.max_result_window = 50;
  auto small = Searcher::Open(dir_->Sub("index"), options);
  ASSERT_TRUE(small.ok());
  EXPECT_TRUE((*small)->Search(Req("common", 10, 40)).ok());
  EXPECT_EQ((*small)->Search(Req("common", 10, 41)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Every page of a query, at every page size, together is the one big page:
// no article twice, none lost, the same order, ranks counting articles.
TEST_F(TwoStageTest, PagingIsStableAcrossEveryPage) {
  for (const char* q : {"common OR rare", "rare OR needle OR lighthouse",
                        "filler3 OR filler5 OR rare"}) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kDate}) {
      for (uint32_t per_article : {1u, 2u}) {
        SearchRequest all = Req(q, 1000);
        all.sort = sort;
        all.passages_per_article = per_article;
        const SearchResult whole = Run(all);
        ASSERT_FALSE(whole.has_more);
        ASSERT_GT(whole.hits.size(), 20u) << q;
        for (uint32_t page_size : {1u, 3u, 7u, 10u, 13u}) {
          SCOPED_TRACE(absl::StrCat(q, " sort ", static_cast<int>(sort), " ",
                                    per_article, " per article, pages of ",
                                    page_size));
          std::vector<PassageHit> walked;
          SearchRequest page = all;
          page.limit = page_size;
          for (page.offset = 0;; page.offset += page_size) {
            const SearchResult r = Run(page);
            EXPECT_LE(Ids(r).size(), page_size);
            walked.insert(walked.end(), r.hits.begin(), r.hits.end());
            if (!r.has_more) break;
            ASSERT_EQ(Ids(r).size(), page_size) << "short page, not last";
            ASSERT_LT(page.offset, 1000u);
          }
          ASSERT_EQ(walked.size(), whole.hits.size());
          for (size_t i = 0; i < walked.size(); ++i) {
            EXPECT_EQ(walked[i].article.id, whole.hits[i].article.id) << i;
            EXPECT_EQ(walked[i].passage_index, whole.hits[i].passage_index)
                << i;
            EXPECT_EQ(walked[i].rank, whole.hits[i].rank) << i;
          }
          std::set<std::pair<std::string, uint32_t>> seen;
          for (const PassageHit& h : walked) {
            EXPECT_TRUE(seen.emplace(h.article.id, h.passage_index).second)
                << h.article.id << " twice";
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace byline

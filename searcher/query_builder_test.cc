// Tests of QueryBuilder's term layout: which posting lists a query reads.
#include "searcher/query_builder.h"

#include <set>
#include <string>

#include "analysis/text_analyzer.h"
#include "gtest/gtest.h"
#include "searcher/query_parser.h"

namespace byline {
namespace {

class QueryBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto analyzer = TextAnalyzer::Create();
    ASSERT_TRUE(analyzer.ok()) << analyzer.status();
    analyzer_ = std::move(*analyzer);
  }

  // The distinct terms of `query` built with `exact_forms`.
  std::set<std::string> TermsOf(absl::string_view query, bool exact_forms) {
    absl::StatusOr<QueryNode> root = ParseQuery(query);
    EXPECT_TRUE(root.ok()) << root.status();
    if (!root.ok()) return {};
    QueryBuilderOptions options;
    options.exact_forms = exact_forms;
    QueryBuilder builder(analyzer_.get(), options);
    absl::StatusOr<BuiltQuery> built = builder.Build(*root, query);
    EXPECT_TRUE(built.ok()) << built.status();
    if (!built.ok()) return {};
    return std::set<std::string>(built->query.get_unique_terms_begin(),
                                 built->query.get_unique_terms_end());
  }

  std::unique_ptr<TextAnalyzer> analyzer_;
};

// Schema 6 counts title words in the body stem terms, so a word with a stem
// is one posting list; a regression here doubles the lists of every query.
TEST_F(QueryBuilderTest, AStemmedWordIsOnePostingList) {
  EXPECT_EQ(TermsOf("ports", /*exact_forms=*/false),
            (std::set<std::string>{"Zport"}));
  EXPECT_EQ(TermsOf("port strikes", false),
            (std::set<std::string>{"Zport", "Zstrike"}));
  // Indexes with other languages also match the exact form, in the body
  // and in the title (whose words are in the body stems under their own
  // language's stems).
  EXPECT_EQ(TermsOf("ports", /*exact_forms=*/true),
            (std::set<std::string>{"ports", "Zport", "Sports"}));
}

TEST_F(QueryBuilderTest, WordsWithoutAStemStillSearchTheTitle) {
  EXPECT_EQ(TermsOf("2004", false), (std::set<std::string>{"2004", "S2004"}));
}

TEST_F(QueryBuilderTest, TitleFieldAndPhrasesUseTheTitleTerms) {
  EXPECT_EQ(TermsOf("title:ports", false), (std::set<std::string>{"ZSport"}));
  EXPECT_EQ(TermsOf("\"port strike\"", false),
            (std::set<std::string>{"port", "strike", "Sport", "Sstrike"}));
}

}  // namespace
}  // namespace byline

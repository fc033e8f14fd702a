// Tests of SplitCoordinatedNames: which "X and Y" mentions are two names.
#include "ner/coordination_split.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "analysis/text_analyzer.h"
#include "gtest/gtest.h"
#include "ner/gazetteer.h"
#include "ner/recognizer.h"
#include "ner/word_clusters.h"

namespace byline::ner {
namespace {

class CoordinationSplitTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto gazetteer = BuildGazetteer();
    ASSERT_TRUE(gazetteer.ok()) << gazetteer.status();
    gazetteer_ = new std::shared_ptr<const Gazetteer>(*gazetteer);
  }
  static void TearDownTestSuite() { delete gazetteer_; }

  // Tags all of `text` as one span of `type` and returns the spans after
  // the split, each as its words joined by spaces.
  std::vector<std::string> Split(const std::string& text,
                                 EntityType type = EntityType::kOrganization) {
    std::unique_ptr<TextAnalyzer> analyzer = TextAnalyzer::Create().value();
    std::vector<Token> tokens;
    analyzer->Tokenize(text, &tokens);
    Featurizer featurizer(gazetteer_->get(), &clusters_);
    featurizer.Prepare(text, tokens);
    std::vector<TokenSpan> spans = {
        {0, static_cast<uint32_t>(tokens.size()), type}};
    SplitCoordinatedNames(tokens, featurizer, &spans);
    std::vector<std::string> out;
    for (const TokenSpan& s : spans) {
      EXPECT_EQ(s.type, type) << text;
      std::vector<std::string> words;
      for (uint32_t i = s.begin; i < s.end; ++i) {
        words.push_back(
            text.substr(tokens[i].start, tokens[i].end - tokens[i].start));
      }
      out.push_back(absl::StrJoin(words, " "));
    }
    return out;
  }

  static std::shared_ptr<const Gazetteer>* gazetteer_;
  WordClusters clusters_;
};

std::shared_ptr<const Gazetteer>* CoordinationSplitTest::gazetteer_ = nullptr;

using Names = std::vector<std::string>;

TEST_F(CoordinationSplitTest, TwoOrganisationsJoinedByAnd) {
  EXPECT_EQ(Split("Nordvik Bank and Sundström Sparbank"),
            (Names{"Nordvik Bank", "Sundström Sparbank"}));
  EXPECT_EQ(Split("Costain Group Plc and ARC"),
            (Names{"Costain Group Plc", "ARC"}));
  EXPECT_EQ(Split("Biogen Inc and Berlex Laboratories"),
            (Names{"Biogen Inc", "Berlex Laboratories"}));
}

TEST_F(CoordinationSplitTest, ThreeNamesAreThreeMentions) {
  EXPECT_EQ(Split("Alder Corp and Birch Ltd and Cedar Holdings"),
            (Names{"Alder Corp", "Birch Ltd", "Cedar Holdings"}));
}

TEST_F(CoordinationSplitTest, TheTypeIsKept) {
  EXPECT_EQ(
      Split("Riverside Hospital and Leeds General", EntityType::kLocation),
      (Names{"Riverside Hospital", "Leeds General"}));
}

TEST_F(CoordinationSplitTest, NamesWithAndInsideStayWhole) {
  // The word before "and" is not a closing designator.
  EXPECT_EQ(Split("Securities and Exchange Commission"),
            (Names{"Securities and Exchange Commission"}));
  EXPECT_EQ(Split("Procter and Gamble"), (Names{"Procter and Gamble"}));
  EXPECT_EQ(Split("Ministry of Petroleum and Minerals"),
            (Names{"Ministry of Petroleum and Minerals"}));
  // A designator alone before "and" is no name of its own.
  EXPECT_EQ(Split("Bank and Trust Company"), (Names{"Bank and Trust Company"}));
  // Lower-case after "and", or a lower-case designator: not two names.
  EXPECT_EQ(Split("Nordvik Bank and partners"),
            (Names{"Nordvik Bank and partners"}));
  EXPECT_EQ(Split("Nordvik bank and Sundström"),
            (Names{"Nordvik bank and Sundström"}));
  // "And" capitalised (a title in capitals) is left alone.
  EXPECT_EQ(Split("Nordvik Bank And Sundström Sparbank"),
            (Names{"Nordvik Bank And Sundström Sparbank"}));
}

TEST_F(CoordinationSplitTest, ClosingDesignators) {
  EXPECT_TRUE(IsClosingDesignator("bank"));
  EXPECT_TRUE(IsClosingDesignator("gmbh"));
  EXPECT_TRUE(IsClosingDesignator("university"));
  EXPECT_FALSE(IsClosingDesignator("Bank"));  // terms are lower-case
  EXPECT_FALSE(IsClosingDesignator("securities"));
  EXPECT_FALSE(IsClosingDesignator("post"));
  EXPECT_FALSE(IsClosingDesignator(""));
}

}  // namespace
}  // namespace byline::ner

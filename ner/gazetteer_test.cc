// Tests for the gazetteer built from ICU data and the hand lists.
#include "ner/gazetteer.h"

#include <memory>
#include <string>
#include <vector>

#include "analysis/text_analyzer.h"
#include "gtest/gtest.h"
#include "ner/hashing.h"

namespace byline::ner {
namespace {

class GazetteerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    analyzer_ = TextAnalyzer::Create().value().release();
    gazetteer_ = Gazetteer::Build(analyzer_).value().release();
  }
  static void TearDownTestSuite() {
    delete gazetteer_;
    delete analyzer_;
  }

  // Match bits of each token of `text`.
  static std::vector<GazetteerBits> Match(const std::string& text) {
    std::vector<Token> tokens;
    analyzer_->Tokenize(text, &tokens);
    std::vector<uint64_t> hashes;
    for (const Token& t : tokens) hashes.push_back(HashBytes(t.term));
    std::vector<GazetteerBits> bits(tokens.size());
    gazetteer_->Match(hashes, absl::MakeSpan(bits));
    return bits;
  }
  static bool Has(GazetteerBits bits, GazetteerCategory c, int part) {
    return (bits >> (4 * c + part)) & 1;
  }

  static TextAnalyzer* analyzer_;
  static Gazetteer* gazetteer_;
};

TextAnalyzer* GazetteerTest::analyzer_ = nullptr;
Gazetteer* GazetteerTest::gazetteer_ = nullptr;

constexpr int kBegin = 0, kInside = 1, kLast = 2, kUnit = 3;

TEST_F(GazetteerTest, HasIcuNamesInSeveralLanguages) {
  EXPECT_GT(gazetteer_->size(), 3000u);
  EXPECT_TRUE(Has(Match("Germany")[0], kGazCountry, kUnit));
  EXPECT_TRUE(Has(Match("Deutschland")[0], kGazCountry, kUnit));
  EXPECT_TRUE(Has(Match("Allemagne")[0], kGazCountry, kUnit));
  EXPECT_TRUE(Has(Match("Tokyo")[0], kGazCity, kUnit));
  EXPECT_TRUE(Has(Match("Europe")[0], kGazRegion, kUnit));
  EXPECT_TRUE(Has(Match("French")[0], kGazNationality, kUnit));
  EXPECT_TRUE(Has(Match("Monday")[0], kGazTime, kUnit));
  EXPECT_TRUE(Has(Match("UK")[0], kGazCountry, kUnit));
}

TEST_F(GazetteerTest, MatchesMultiWordEntries) {
  const auto bits = Match("in the United Kingdom and New York");
  EXPECT_TRUE(Has(bits[2], kGazCountry, kBegin));
  EXPECT_TRUE(Has(bits[3], kGazCountry, kLast));
  EXPECT_FALSE(Has(bits[3], kGazCountry, kUnit));
  EXPECT_TRUE(Has(bits[5], kGazRegion, kBegin) ||
              Has(bits[5], kGazCity, kBegin));
  const auto three = Match("Bosnia and Herzegovina");
  EXPECT_TRUE(Has(three[0], kGazCountry, kBegin));
  EXPECT_TRUE(Has(three[1], kGazCountry, kInside));
  EXPECT_TRUE(Has(three[2], kGazCountry, kLast));
}

TEST_F(GazetteerTest, HasHandWrittenCueWords) {
  const auto bits = Match("Mr Smith of Acme Inc at the University");
  EXPECT_TRUE(Has(bits[0], kGazPersonTitle, kUnit));
  EXPECT_TRUE(Has(bits[0], kGazAbbreviation, kUnit));
  EXPECT_TRUE(Has(bits[4], kGazOrgWord, kUnit));
  EXPECT_TRUE(Has(bits[7], kGazOrgWord, kUnit));
  EXPECT_EQ(bits[1], 0u);  // "Smith" is in no list.
}

TEST(GazetteerAddTest, CustomEntries) {
  auto analyzer = TextAnalyzer::Create().value();
  Gazetteer gazetteer;
  gazetteer.Add(analyzer.get(), "Gdańsk Shipyard", kGazOrgName);
  gazetteer.Add(analyzer.get(), "Gdańsk", kGazCity);
  EXPECT_EQ(gazetteer.size(), 2u);
  std::vector<Token> tokens;
  analyzer->Tokenize("GDAŃSK SHIPYARD workers", &tokens);
  std::vector<uint64_t> hashes;
  for (const Token& t : tokens) hashes.push_back(HashBytes(t.term));
  std::vector<GazetteerBits> bits(tokens.size());
  gazetteer.Match(hashes, absl::MakeSpan(bits));
  EXPECT_EQ(bits[0], (GazetteerBits{1} << (4 * kGazCity + 3)) |
                         (GazetteerBits{1} << (4 * kGazOrgName + 0)));
  EXPECT_EQ(bits[1], GazetteerBits{1} << (4 * kGazOrgName + 2));
  EXPECT_EQ(bits[2], 0u);
}

}  // namespace
}  // namespace byline::ner

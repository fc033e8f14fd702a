// Tests for token attributes and feature extraction.
#include "ner/featurizer.h"

#include <memory>
#include <string>
#include <vector>

#include "analysis/text_analyzer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ner/gazetteer.h"
#include "ner/word_clusters.h"

namespace byline::ner {
namespace {

TEST(SurfaceTest, CaseClasses) {
  EXPECT_EQ(AnalyzeSurface("profit").case_class, kCaseLower);
  EXPECT_EQ(AnalyzeSurface("Halvorsen").case_class, kCaseTitle);
  EXPECT_EQ(AnalyzeSurface("Zürich").case_class, kCaseTitle);
  EXPECT_EQ(AnalyzeSurface("ÉOLIS").case_class, kCaseUpper);
  EXPECT_EQ(AnalyzeSurface("NATO").case_class, kCaseUpper);
  EXPECT_EQ(AnalyzeSurface("J").case_class, kCaseSingleUpper);
  EXPECT_EQ(AnalyzeSurface("McDonald").case_class, kCaseMixed);
  EXPECT_EQ(AnalyzeSurface("1996").case_class, kCaseDigits);
  EXPECT_EQ(AnalyzeSurface("北京").case_class, kCaseUncased);
  EXPECT_TRUE(AnalyzeSurface("U.S").flags & kHasDot);
  EXPECT_TRUE(AnalyzeSurface("O'Neill").flags & kHasApostrophe);
  EXPECT_TRUE(AnalyzeSurface("F-16").flags & kHasDigit);
}

TEST(SurfaceTest, Shapes) {
  EXPECT_EQ(AnalyzeSurface("Smith").short_shape,
            AnalyzeSurface("Jones").short_shape);
  EXPECT_NE(AnalyzeSurface("Smith").short_shape,
            AnalyzeSurface("smith").short_shape);
  // Long shapes keep up to four repeats: "Xxxx" for both.
  EXPECT_EQ(AnalyzeSurface("Halvorsen").shape, AnalyzeSurface("Bergen").shape);
  EXPECT_NE(AnalyzeSurface("Oslo").shape, AnalyzeSurface("Rio").shape);
}

TEST(SurfaceTest, Possessives) {
  EXPECT_EQ(StripPossessiveLength("Blinken's"), 7u);
  EXPECT_EQ(StripPossessiveLength("Blinken\xE2\x80\x99s"), 7u);
  EXPECT_EQ(StripPossessiveLength("BLINKEN'S"), 7u);
  EXPECT_EQ(StripPossessiveLength("Blinken"), 7u);
  EXPECT_EQ(StripPossessiveLength("'s"), 2u);
}

TEST(GapTest, Punctuation) {
  EXPECT_EQ(AnalyzeGap(""), kGapNone);
  EXPECT_EQ(AnalyzeGap(" "), 0);
  EXPECT_EQ(AnalyzeGap(", "), kGapComma);
  EXPECT_EQ(AnalyzeGap("-"), kGapJoin);
  EXPECT_EQ(AnalyzeGap(" \xE2\x80\x94 "), kGapDash);  // Em dash.
  EXPECT_EQ(AnalyzeGap(".\n\n"), kGapStop | kGapNewline);
  EXPECT_EQ(AnalyzeGap(" & "), kGapAmpersand);
  EXPECT_EQ(AnalyzeGap(" (\""), kGapOpen | kGapQuote);
  EXPECT_EQ(AnalyzeGap("\xE2\x80\x9D, "), kGapQuote | kGapComma);
}

class FeaturizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    analyzer_ = TextAnalyzer::Create().value();
    gazetteer_ = Gazetteer::Build(analyzer_.get()).value();
  }
  Featurizer& Prepare(const std::string& text) {
    text_ = text;
    tokens_.clear();
    analyzer_->Tokenize(text_, &tokens_);
    featurizer_ = std::make_unique<Featurizer>(gazetteer_.get(), &clusters_);
    featurizer_->Prepare(text_, tokens_);
    return *featurizer_;
  }
  std::vector<uint64_t> Features(const Featurizer& f, size_t i) {
    uint64_t out[kMaxFeatures];
    const int n = f.Extract(i, out);
    EXPECT_LE(n, kMaxFeatures);
    return std::vector<uint64_t>(out, out + n);
  }

  std::unique_ptr<TextAnalyzer> analyzer_;
  std::unique_ptr<Gazetteer> gazetteer_;
  WordClusters clusters_;
  std::string text_;
  std::vector<Token> tokens_;
  std::unique_ptr<Featurizer> featurizer_;
};

TEST_F(FeaturizerTest, SentenceStartsSkipAbbreviations) {
  const Featurizer& f =
      Prepare("Mr. Smith met J. Doe in the U.S. on Monday. Then he left.");
  // Mr Smith met J Doe in the U.S on Monday Then he left
  ASSERT_EQ(f.size(), 13u);
  EXPECT_TRUE(f.info(0).flags & kSentenceStart);
  EXPECT_FALSE(f.info(1).flags & kSentenceStart);  // After "Mr."
  EXPECT_FALSE(f.info(4).flags & kSentenceStart);  // After "J."
  EXPECT_FALSE(f.info(8).flags & kSentenceStart);  // After "U.S."
  EXPECT_TRUE(f.info(10).flags & kSentenceStart);  // "Then"
}

TEST_F(FeaturizerTest, MentionEndsDropPossessivesKeepAbbreviationDots) {
  const Featurizer& f = Prepare("Blinken's visit to the U.S. and Acme Corp.");
  EXPECT_EQ(f.info(0).mention_end, 7u);
  EXPECT_TRUE(f.info(0).flags & kPossessive);
  const size_t us = text_.find("U.S");
  EXPECT_EQ(f.info(4).mention_end, us + 4);        // "U.S."
  EXPECT_EQ(f.info(7).mention_end, text_.size());  // "Corp."
}

TEST_F(FeaturizerTest, CapsLinesAndCapitalisedRuns) {
  const Featurizer& f = Prepare(
      "SOCCER - JAPAN GET LUCKY WIN\nThe Bank of Japan said Hewlett-Packard "
      "and AT&T rose.");
  EXPECT_TRUE(f.info(0).flags & kCapsLine);
  EXPECT_TRUE(f.info(4).flags & kCapsLine);
  EXPECT_FALSE(f.info(5).flags & kCapsLine);
  // "The Bank" is a run (The at sentence start is capitalised); "of" breaks.
  EXPECT_EQ(f.info(6).cap_run, 3);   // Bank: end of "The Bank".
  EXPECT_EQ(f.info(8).cap_run, 4);   // Japan alone.
  EXPECT_EQ(f.info(10).cap_run, 1);  // Hewlett-
  EXPECT_EQ(f.info(11).cap_run, 3);  // -Packard
  EXPECT_EQ(f.info(10).gap_before, 0);
  EXPECT_EQ(f.info(11).gap_before, kGapJoin);
}

TEST_F(FeaturizerTest, DocumentFlags) {
  const Featurizer& f =
      Prepare("Reed said so. The reed was cut. Later, Reed left. Bush spoke.");
  EXPECT_TRUE(f.info(0).doc_flags & kDocSeenLower);
  EXPECT_TRUE(f.info(0).doc_flags & kDocSeenCapMid);
  EXPECT_EQ(f.info(10).doc_flags, 0);  // Bush, only at a sentence start.
}

TEST_F(FeaturizerTest, FeaturesAreDeterministicAndCaseSensitive) {
  const Featurizer& a = Prepare("the talks with Smith ended");
  const std::vector<uint64_t> first = Features(a, 3);
  const Featurizer& b = Prepare("the talks with Smith ended");
  EXPECT_EQ(Features(b, 3), first);
  const Featurizer& c = Prepare("the talks with smith ended");
  EXPECT_NE(Features(c, 3), first);
  EXPECT_GT(first.size(), 30u);
}

// The trainer's word-identity dropout leaves out features by position
// (kOwnWordFeatures): two words that differ in nothing but their identity
// (same length, shape, case, 4-byte prefix and suffix, no gazetteer or
// cluster entry, same context) must differ in exactly those positions.
TEST_F(FeaturizerTest, OwnWordFeaturesAreAtTheirPositions) {
  constexpr size_t kToken = 3;
  const Featurizer& a = Prepare("The talks with Halvorsen ended in Oslo.");
  const TokenInfo info_a = a.info(kToken);
  const std::vector<uint64_t> features_a = Features(a, kToken);
  const Featurizer& b = Prepare("The talks with Halvarsen ended in Oslo.");
  const TokenInfo info_b = b.info(kToken);
  const std::vector<uint64_t> features_b = Features(b, kToken);
  // The premise: the words differ, their other attributes do not.
  ASSERT_NE(info_a.term, info_b.term);
  ASSERT_NE(info_a.surface, info_b.surface);
  ASSERT_EQ(info_a.shape, info_b.shape);
  ASSERT_EQ(info_a.short_shape, info_b.short_shape);
  for (int k = 0; k < 4; ++k) {
    ASSERT_EQ(info_a.prefix[k], info_b.prefix[k]);
    ASSERT_EQ(info_a.suffix[k], info_b.suffix[k]);
  }
  ASSERT_EQ(info_a.gazetteer, info_b.gazetteer);
  ASSERT_EQ(info_a.cluster, info_b.cluster);
  ASSERT_EQ(info_a.case_class, info_b.case_class);
  ASSERT_EQ(info_a.flags, info_b.flags);
  ASSERT_EQ(info_a.doc_flags, info_b.doc_flags);
  ASSERT_EQ(info_a.flags & kCapsLine, 0);  // Capital lines repeat the term.

  ASSERT_EQ(features_a.size(), features_b.size());
  std::vector<int> differing;
  for (size_t k = 0; k < features_a.size(); ++k) {
    if (features_a[k] != features_b[k]) {
      differing.push_back(static_cast<int>(k));
    }
  }
  EXPECT_THAT(differing, ::testing::ElementsAreArray(kOwnWordFeatures));
}

TEST_F(FeaturizerTest, EmptyAndOddTextsAreSafe) {
  EXPECT_EQ(Prepare("").size(), 0u);
  EXPECT_EQ(Prepare("... --- !!!").size(), 0u);
  const Featurizer& f = Prepare("株式会社 東京 ÉOLIS 3.5% x");
  for (size_t i = 0; i < f.size(); ++i) Features(f, i);
}

}  // namespace
}  // namespace byline::ner

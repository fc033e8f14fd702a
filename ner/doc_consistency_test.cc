// Tests for document-level consistency on hand-made tagger scores.
#include "ner/doc_consistency.h"

#include <memory>
#include <string>
#include <vector>

#include "analysis/text_analyzer.h"
#include "gtest/gtest.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"
#include "ner/gazetteer.h"
#include "ner/word_clusters.h"

namespace byline::ner {
namespace {

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;

class DocConsistencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    analyzer_ = TextAnalyzer::Create().value();
    featurizer_ = std::make_unique<Featurizer>(&gazetteer_, &clusters_);
    // Wielgosz0 won1 Wielgosz2 spoke3 Then4 Wielgosz5 left6 the7 wielgosz8
    // hall9 and10 the11 Wielgosz12 Foundation13
    text_ =
        "Wielgosz won. Wielgosz spoke. Then Wielgosz left the wielgosz hall "
        "and the Wielgosz Foundation.";
    analyzer_->Tokenize(text_, &tokens_);
    featurizer_->Prepare(text_, tokens_);
    scores_.assign(tokens_.size() * kNumTags, 0.0f);
  }
  // Gives token i's unit tag of `type` a score. Tagger scores are in the
  // tens and hundreds; a margin of 200 is sure, of 4 unsure.
  void Score(size_t i, EntityType type, float score) {
    scores_[i * kNumTags + MakeTag(type, TagPart::kUnit)] = score;
  }

  std::unique_ptr<TextAnalyzer> analyzer_;
  Gazetteer gazetteer_;
  WordClusters clusters_;
  std::unique_ptr<Featurizer> featurizer_;
  std::string text_;
  std::vector<Token> tokens_;
  std::vector<float> scores_;
};

TEST_F(DocConsistencyTest, UnsureMentionTakesTheNamesType) {
  ASSERT_EQ(tokens_.size(), 14u);
  Score(0, kPer, 200);  // Sure: a person.
  Score(2, kOrg, 20);   // Unsure between organisation...
  Score(2, kPer, 16);   // ...and person.
  std::vector<TokenSpan> spans = {{0, 1, kPer}, {2, 3, kOrg}};
  ConsistencyOptions options;
  options.propagate = false;
  ApplyDocumentConsistency(*featurizer_, scores_, options, &spans);
  EXPECT_EQ(spans, (std::vector<TokenSpan>{{0, 1, kPer}, {2, 3, kPer}}));
}

TEST_F(DocConsistencyTest, SureMentionsKeepTheirType) {
  Score(0, kPer, 200);
  Score(2, kOrg, 200);
  std::vector<TokenSpan> spans = {{0, 1, kPer}, {2, 3, kOrg}};
  const std::vector<TokenSpan> before = spans;
  ApplyDocumentConsistency(*featurizer_, scores_, ConsistencyOptions(), &spans);
  EXPECT_EQ(spans[0], before[0]);
  EXPECT_EQ(spans[1], before[1]);
}

TEST_F(DocConsistencyTest, NameTaggedOnceKeepsItsTypeLater) {
  Score(0, kPer, 200);
  Score(2, kPer, 200);
  std::vector<TokenSpan> spans = {{0, 1, kPer}, {2, 3, kPer}};
  ApplyDocumentConsistency(*featurizer_, scores_, ConsistencyOptions(), &spans);
  // "Then Wielgosz left" is tagged; "wielgosz hall" (lower case) and
  // "Wielgosz Foundation" (part of a longer name) are not.
  EXPECT_EQ(spans,
            (std::vector<TokenSpan>{{0, 1, kPer}, {2, 3, kPer}, {5, 6, kPer}}));
}

TEST_F(DocConsistencyTest, DisabledLeavesSpansAlone) {
  Score(2, kOrg, 20);
  Score(2, kPer, 16);
  std::vector<TokenSpan> spans = {{0, 1, kPer}, {2, 3, kOrg}};
  const std::vector<TokenSpan> before = spans;
  ConsistencyOptions options;
  options.unify_types = false;
  options.propagate = false;
  ApplyDocumentConsistency(*featurizer_, scores_, options, &spans);
  EXPECT_EQ(spans, before);
}

}  // namespace
}  // namespace byline::ner

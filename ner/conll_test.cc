// Tests for CoNLL reading, conlleval chunking, rendering and the mapping
// between CoNLL words and ICU tokens.
#include "ner/conll.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "analysis/text_analyzer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ner/evaluation.h"

namespace byline::ner {
namespace {

using ::testing::ElementsAre;

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;
constexpr EntityType kLoc = EntityType::kLocation;
constexpr EntityType kMisc = EntityType::kMisc;

constexpr char kConll[] =
    "-DOCSTART- -X- O O\n"
    "\n"
    "EU NNP I-NP I-ORG\n"
    "rejects VBZ I-VP O\n"
    "German JJ I-NP I-MISC\n"
    "call NN I-NP O\n"
    ". . O O\n"
    "\n"
    "Peter NNP I-NP I-PER\n"
    "Blackburn NNP I-NP I-PER\n"
    "\n"
    "-DOCSTART- -X- O O\n"
    "\n"
    "Blinken NNP I-NP I-PER\n"
    "'s POS B-NP O\n"
    "trip NN I-NP O\n"
    "to TO I-PP O\n"
    "the DT I-NP O\n"
    "U.S. NNP I-NP I-LOC\n"
    "( ( O O\n"
    "\" \" O O\n"
    "Washington NNP I-NP I-LOC\n"
    "\" \" O O\n"
    ") ) O O\n"
    ", , O O\n"
    "Hewlett-Packard NNP I-NP I-ORG\n"
    "said VBD I-VP O\n"
    ". . O O\n";

TEST(ConllTest, ParsesDocumentsAndSentences) {
  const auto docs = ParseConll(kConll, "test");
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_THAT((*docs)[0].words, ElementsAre("EU", "rejects", "German", "call",
                                            ".", "Peter", "Blackburn"));
  EXPECT_THAT((*docs)[0].sentence_starts, ElementsAre(0, 5));
  EXPECT_EQ((*docs)[0].tags[2], "I-MISC");
  EXPECT_EQ((*docs)[1].words.size(), 15u);
}

TEST(ConllTest, WithoutDocstartEachSentenceIsADocument) {
  const auto docs = ParseConll("A B-PER\nB I-PER\n\nC O\n", "plain");
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_THAT((*docs)[0].words, ElementsAre("A", "B"));
}

TEST(ConllTest, BadTagsAreErrorsWithLineNumbers) {
  const auto docs = ParseConll("x O\ny I-FOO\n", "bad.conll");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(docs.status().message(), "bad.conll:2"))
      << docs.status();
  EXPECT_FALSE(ParseConll("lonely\n", "x").ok());
}

TEST(ConllTest, ChunksFollowConlleval) {
  std::vector<TokenSpan> chunks;
  // IOB1: B- only between two entities of the same type.
  ChunksFromTags({"I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "O"}, 10,
                 &chunks);
  EXPECT_EQ(
      chunks,
      (std::vector<TokenSpan>{
          {10, 12, kPer}, {12, 13, kPer}, {14, 15, kLoc}, {15, 16, kOrg}}));
  chunks.clear();
  // IOB2 reads the same way.
  ChunksFromTags({"B-MISC", "I-MISC", "B-MISC", "I-PER"}, 0, &chunks);
  EXPECT_EQ(chunks, (std::vector<TokenSpan>{
                        {0, 2, kMisc}, {2, 3, kMisc}, {3, 4, kPer}}));
}

TEST(ConllTest, RendersRunningText) {
  const auto docs = ParseConll(kConll, "test");
  ASSERT_TRUE(docs.ok());
  const RenderedDocument first = RenderDocument((*docs)[0]);
  EXPECT_EQ(first.text, "EU rejects German call.\nPeter Blackburn");
  const RenderedDocument second = RenderDocument((*docs)[1]);
  EXPECT_EQ(second.text,
            "Blinken's trip to the U.S. (\"Washington\"), Hewlett-Packard "
            "said.");
  for (size_t i = 0; i < (*docs)[1].words.size(); ++i) {
    const auto [start, end] = second.word_spans[i];
    EXPECT_EQ(second.text.substr(start, end - start), (*docs)[1].words[i]);
  }
}

// Gold chunks go to ICU tokens for training, and mentions come back to
// CoNLL words for scoring; the round trip must be lossless here.
TEST(ConllTest, ProjectionsRoundTrip) {
  const auto docs = ParseConll(kConll, "test");
  ASSERT_TRUE(docs.ok());
  auto analyzer = TextAnalyzer::Create();
  ASSERT_TRUE(analyzer.ok());
  for (const ConllDocument& doc : *docs) {
    const RenderedDocument rendered = RenderDocument(doc);
    std::vector<Token> tokens;
    (*analyzer)->Tokenize(rendered.text, &tokens);
    const std::vector<TokenSpan> chunks = DocumentChunks(doc);
    const std::vector<TokenSpan> on_tokens =
        ProjectChunksToTokens(chunks, rendered.word_spans, tokens);
    std::vector<EntityMention> mentions;
    for (const TokenSpan& s : on_tokens) {
      uint32_t end = tokens[s.end - 1].end;
      // As the recogniser does: no possessive, keep the dot of "U.S.".
      const std::string_view last =
          std::string_view(rendered.text)
              .substr(tokens[s.end - 1].start, end - tokens[s.end - 1].start);
      if (last.ends_with("'s")) end -= 2;
      if (end < rendered.text.size() && rendered.text[end] == '.' &&
          last.find('.') != std::string_view::npos) {
        ++end;
      }
      mentions.push_back({tokens[s.begin].start, end, s.type});
    }
    EXPECT_EQ(
        ProjectMentionsToWords(mentions, rendered.word_spans, rendered.text),
        chunks)
        << rendered.text;
  }
}

TEST(ConllTest, TrainingExamplesUseBilouOnIcuTokens) {
  const auto docs = ParseConll(kConll, "test");
  ASSERT_TRUE(docs.ok());
  auto analyzer = TextAnalyzer::Create();
  ASSERT_TRUE(analyzer.ok());
  const TrainingExample example =
      MakeTrainingExample((*docs)[1], analyzer->get());
  // Blinken's trip to the U.S Washington Hewlett Packard said
  ASSERT_EQ(example.tokens.size(), 9u);
  EXPECT_EQ(example.gold[0], MakeTag(kPer, TagPart::kUnit));
  EXPECT_EQ(example.gold[4], MakeTag(kLoc, TagPart::kUnit));
  EXPECT_EQ(example.gold[5], MakeTag(kLoc, TagPart::kUnit));
  EXPECT_EQ(example.gold[6], MakeTag(kOrg, TagPart::kBegin));
  EXPECT_EQ(example.gold[7], MakeTag(kOrg, TagPart::kLast));
  EXPECT_EQ(example.gold[8], kOutside);
}

}  // namespace
}  // namespace byline::ner

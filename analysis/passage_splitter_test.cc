// Tests for PassageSplitter: sentence grouping, word limits, paragraph
// breaks, exact trimmed offsets and the one-passage-per-token guarantee.
#include "analysis/passage_splitter.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "analysis/text_analyzer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

// Checks the guarantees of Split for any input.
void ExpectWellFormed(absl::string_view body, const std::vector<Token>& tokens,
                      const std::vector<PassageSpan>& passages) {
  if (tokens.empty()) {
    EXPECT_THAT(passages, IsEmpty());
    return;
  }
  ASSERT_FALSE(passages.empty());
  EXPECT_EQ(passages.front().first_token, 0u);
  EXPECT_EQ(passages.back().end_token, tokens.size());
  for (size_t i = 0; i < passages.size(); ++i) {
    const PassageSpan& p = passages[i];
    SCOPED_TRACE(testing::Message() << "passage " << i);
    ASSERT_LT(p.first_token, p.end_token);
    ASSERT_LT(p.start, p.end);
    ASSERT_LE(p.end, body.size());
    EXPECT_FALSE(IsAsciiSpace(body[p.start]));
    EXPECT_FALSE(IsAsciiSpace(body[p.end - 1]));
    EXPECT_LE(p.start, tokens[p.first_token].start);
    EXPECT_GE(p.end, tokens[p.end_token - 1].end);
    if (i > 0) {
      EXPECT_EQ(p.first_token, passages[i - 1].end_token);
      EXPECT_LE(passages[i - 1].end, p.start);
    }
  }
}

class PassageSplitterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TextAnalyzer>> analyzer =
        TextAnalyzer::Create();
    ASSERT_TRUE(analyzer.ok()) << analyzer.status();
    analyzer_ = std::move(analyzer).value();
  }

  // Splits `body` with `options` and returns the passages' texts, checking
  // the invariants on the way.
  std::vector<std::string> Texts(absl::string_view body,
                                 PassageOptions options = {}) {
    std::vector<std::string> texts;
    for (const PassageSpan& p : Split(body, options)) {
      texts.emplace_back(body.substr(p.start, p.end - p.start));
    }
    return texts;
  }

  std::vector<PassageSpan> Split(absl::string_view body,
                                 PassageOptions options = {}) {
    tokens_.clear();
    analyzer_->Tokenize(body, &tokens_);
    absl::StatusOr<std::unique_ptr<PassageSplitter>> splitter =
        PassageSplitter::Create(options);
    EXPECT_TRUE(splitter.ok()) << splitter.status();
    if (!splitter.ok()) return {};
    std::vector<PassageSpan> passages = (*splitter)->Split(body, tokens_);
    ExpectWellFormed(body, tokens_, passages);
    return passages;
  }

  // Every blank line ends a passage.
  static constexpr PassageOptions kEveryParagraph{.min_words = 0};

  std::unique_ptr<TextAnalyzer> analyzer_;
  std::vector<Token> tokens_;
};

TEST_F(PassageSplitterTest, CreateValidatesOptions) {
  EXPECT_EQ(PassageSplitter::Create({.max_sentences = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PassageSplitter::Create({.max_sentences = -3}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PassageSplitter::Create({.max_words = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PassageSplitter::Create({.max_words = -1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      PassageSplitter::Create({.max_sentences = 1, .max_words = 1}).ok());
  EXPECT_TRUE(PassageSplitter::Create().ok());
}

TEST_F(PassageSplitterTest, NoWordsNoPassages) {
  EXPECT_THAT(Texts(""), IsEmpty());
  EXPECT_THAT(Texts("   \n\n \t "), IsEmpty());
  EXPECT_THAT(Texts("... !!! -- ?"), IsEmpty());
  EXPECT_THAT(Texts("* * *\n\n---\n\n"), IsEmpty());
}

TEST_F(PassageSplitterTest, SingleSentence) {
  const std::vector<PassageSpan> passages = Split("Hello world.");
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].start, 0u);
  EXPECT_EQ(passages[0].end, 12u);
  EXPECT_EQ(passages[0].first_token, 0u);
  EXPECT_EQ(passages[0].end_token, 2u);
}

TEST_F(PassageSplitterTest, GroupsUpToMaxSentences) {
  const std::string body =
      "One two. Three four. Five six. Seven eight. Nine ten.";
  EXPECT_THAT(Texts(body, {.max_sentences = 2}),
              ElementsAre("One two. Three four.", "Five six. Seven eight.",
                          "Nine ten."));
  EXPECT_THAT(
      Texts(body),  // Default: three sentences.
      ElementsAre("One two. Three four. Five six.", "Seven eight. Nine ten."));
  EXPECT_THAT(Texts(body, {.max_sentences = 1}),
              ElementsAre("One two.", "Three four.", "Five six.",
                          "Seven eight.", "Nine ten."));
}

TEST_F(PassageSplitterTest, GroupsUpToMaxWords) {
  const std::string body = "A b c. D e f. G h. I j k l.";
  // 3 + 3 > 5, 3 + 2 <= 5, 4.
  EXPECT_THAT(Texts(body, {.max_sentences = 10, .max_words = 5}),
              ElementsAre("A b c.", "D e f. G h.", "I j k l."));
  EXPECT_THAT(Texts(body, {.max_sentences = 10, .max_words = 6}),
              ElementsAre("A b c. D e f.", "G h. I j k l."));
}

TEST_F(PassageSplitterTest, CutsLongSentenceIntoEvenChunks) {
  const std::string body =
      "One two three four five six seven eight nine ten eleven.";
  const std::vector<PassageSpan> passages =
      Split(body, {.max_sentences = 3, .max_words = 5});
  // 11 words in chunks of at most 5: 4 + 4 + 3.
  ASSERT_EQ(passages.size(), 3u);
  EXPECT_EQ(passages[0].end_token - passages[0].first_token, 4u);
  EXPECT_EQ(passages[1].end_token - passages[1].first_token, 4u);
  EXPECT_EQ(passages[2].end_token - passages[2].first_token, 3u);
  EXPECT_THAT(Texts(body, {.max_words = 5}),
              ElementsAre("One two three four", "five six seven eight",
                          "nine ten eleven."));
}

TEST_F(PassageSplitterTest, CutKeepsPunctuationWithThePrecedingWord) {
  EXPECT_THAT(
      Texts("Hello, world, this is a long sentence with commas, and more.",
            {.max_words = 5}),
      ElementsAre("Hello, world, this is", "a long sentence with",
                  "commas, and more."));
  // With no space between the words the cut is right before the word.
  EXPECT_THAT(
      Texts("A state-owned bank-run fire-sale went ok. More.",
            {.max_words = 5}),
      ElementsAre("A state-owned bank-run", "fire-sale went ok.", "More."));
}

TEST_F(PassageSplitterTest, LongSentenceEndsTheOpenPassage) {
  EXPECT_THAT(Texts("Short one. A b c d e f g. Tail here.",
                    {.max_sentences = 3, .max_words = 4}),
              ElementsAre("Short one.", "A b c d", "e f g.", "Tail here."));
}

TEST_F(PassageSplitterTest, ShortParagraphsJoinUntilMinWords) {
  // One-sentence paragraphs, as wire copy has them, join until the passage
  // has min_words words, within max_sentences and max_words.
  const std::string body =
      "Lead with five words here.\n\nSecond has four words.\n\n"
      "Third para is here now.\n\nFourth.";
  EXPECT_THAT(Texts(body, {.max_sentences = 3, .max_words = 80, .min_words = 9}),
              ElementsAre("Lead with five words here.\n\nSecond has four words.",
                          "Third para is here now.\n\nFourth."));
  EXPECT_THAT(Texts(body, {.max_sentences = 2, .max_words = 80, .min_words = 50}),
              ElementsAre("Lead with five words here.\n\nSecond has four words.",
                          "Third para is here now.\n\nFourth."));
  EXPECT_THAT(Texts(body, {.max_sentences = 9, .max_words = 12, .min_words = 50}),
              ElementsAre("Lead with five words here.\n\nSecond has four words.",
                          "Third para is here now.\n\nFourth."));
  // A long paragraph still ends its passage at the blank line.
  EXPECT_THAT(Texts(body, {.max_sentences = 3, .max_words = 80, .min_words = 5}),
              ElementsAre("Lead with five words here.",
                          "Second has four words.\n\nThird para is here now.",
                          "Fourth."));
}

TEST_F(PassageSplitterTest, NegativeMinWordsIsRefused) {
  EXPECT_FALSE(PassageSplitter::Create({.min_words = -1}).ok());
}

TEST_F(PassageSplitterTest, BlankLineEndsPassage) {
  EXPECT_THAT(Texts("First para here.\n\nSecond para. Another one.", kEveryParagraph),
              ElementsAre("First para here.", "Second para. Another one."));
  EXPECT_THAT(Texts("One.\n \t\r\nTwo.\r\n\r\nThree.\n\n\n\nFour.", kEveryParagraph),
              ElementsAre("One.", "Two.", "Three.", "Four."));
  // A paragraph without sentence punctuation still ends at the blank line.
  EXPECT_THAT(Texts("Headline without stop\n\nBody text.", kEveryParagraph),
              ElementsAre("Headline without stop", "Body text."));
}

TEST_F(PassageSplitterTest, SingleNewlineIsASentenceBoundaryOnly) {
  const std::string body = "Line one\nline two\nline three.";
  EXPECT_THAT(Texts(body, {.max_sentences = 2}),
              ElementsAre("Line one\nline two", "line three."));
  EXPECT_THAT(Texts(body), ElementsAre(body));
  EXPECT_THAT(Texts("Windows\r\nline two.\r\n\r\nNext para.", kEveryParagraph),
              ElementsAre("Windows\r\nline two.", "Next para."));
}

TEST_F(PassageSplitterTest, AbbreviationsDoNotEndSentences) {
  EXPECT_THAT(
      Texts("Mr. Smith met Dr. Jones on Monday. They talked.",
            {.max_sentences = 1}),
      ElementsAre("Mr. Smith met Dr. Jones on Monday.", "They talked."));
  // Titles missing from ICU's list are added.
  EXPECT_THAT(Texts("Gen. Smith and Sen. Warren met Gov. Hochul in St. Louis "
                    "with Lt. Col. Jones. Ms. Park and Prof. Lee left.",
                    {.max_sentences = 1}),
              ElementsAre("Gen. Smith and Sen. Warren met Gov. Hochul in St. "
                          "Louis with Lt. Col. Jones.",
                          "Ms. Park and Prof. Lee left."));
  // Before lower-case words abbreviations never end sentences. "U.S." and
  // "U.K." never do: a sentence ending in them merges with the next one.
  EXPECT_THAT(
      Texts("He works at Acme Inc. in Texas. The U.S. Senate met. "
            "It grew in the U.K. The end. Mr.\nJones. So Dr. X.",
            {.max_sentences = 1}),
      ElementsAre("He works at Acme Inc. in Texas.", "The U.S. Senate met.",
                  "It grew in the U.K. The end.", "Mr.", "Jones.",
                  "So Dr. X."));
  // Only whole abbreviations count.
  EXPECT_THAT(Texts("Der Hasen. Die Katze.", {.max_sentences = 1}),
              ElementsAre("Der Hasen.", "Die Katze."));
  EXPECT_THAT(
      Texts("Prices rose 3.5 percent. The U.K. said so.", {.max_sentences = 1}),
      ElementsAre("Prices rose 3.5 percent.", "The U.K. said so."));
}

TEST_F(PassageSplitterTest, OffsetsAreExactAndTrimmed) {
  const std::string body = "  Lead space. \n\n\n\n  Trailing.  \n\n";
  const std::vector<PassageSpan> passages = Split(body, kEveryParagraph);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].start, 2u);
  EXPECT_EQ(passages[0].end, 13u);
  EXPECT_EQ(passages[0].first_token, 0u);
  EXPECT_EQ(passages[0].end_token, 2u);
  EXPECT_EQ(passages[1].start, 20u);
  EXPECT_EQ(passages[1].end, 29u);
  EXPECT_EQ(passages[1].first_token, 2u);
  EXPECT_EQ(passages[1].end_token, 3u);
}

TEST_F(PassageSplitterTest, TrimsUnicodeSpaces) {
  // NO-BREAK SPACE and IDEOGRAPHIC SPACE around the text.
  const std::string body = "\u00a0\u3000Text here.\u3000";
  const std::vector<PassageSpan> passages = Split(body);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].start, 5u);
  EXPECT_EQ(passages[0].end, 15u);
}

TEST_F(PassageSplitterTest, PunctuationOnlySentencesJoinOrAreDropped) {
  EXPECT_THAT(Texts("It ended. ... Then ?", {.max_sentences = 1}),
              ElementsAre("It ended. ...", "Then ?"));
  EXPECT_THAT(Texts("Intro.\n\n* * *\n\nOutro.", kEveryParagraph),
              ElementsAre("Intro.", "Outro."));
  EXPECT_THAT(Texts("!!! Start here."), ElementsAre("Start here."));
}

TEST_F(PassageSplitterTest, QuotesStayWithTheirSentence) {
  EXPECT_THAT(
      Texts("“Quote here,” he said. (Aside.) Next!", {.max_sentences = 2}),
      ElementsAre("“Quote here,” he said. (Aside.)", "Next!"));
}

TEST_F(PassageSplitterTest, ChineseAndJapaneseSentences) {
  EXPECT_THAT(
      Texts("日本の首相は東京で記者会見を行った。そして帰った。",
            {.max_sentences = 1}),
      ElementsAre("日本の首相は東京で記者会見を行った。", "そして帰った。"));
  EXPECT_THAT(Texts("我们在北京开会。中国经济增长。", {.max_sentences = 1}),
              ElementsAre("我们在北京开会。", "中国经济增长。"));
}

TEST_F(PassageSplitterTest, ThaiWithoutPunctuationIsCutByWords) {
  EXPECT_THAT(Texts("นายกรัฐมนตรีเดินทางไปกรุงเทพ", {.max_words = 3}),
              ElementsAre("นายกรัฐมนตรีเดิน", "ทางไปกรุงเทพ"));
}

TEST_F(PassageSplitterTest, SplitterIsReusable) {
  absl::StatusOr<std::unique_ptr<PassageSplitter>> splitter =
      PassageSplitter::Create({.max_sentences = 1});
  ASSERT_TRUE(splitter.ok());
  for (const std::string body : {"A b. C d.", "E f.\n\nG h. I j.", ""}) {
    std::vector<Token> tokens;
    analyzer_->Tokenize(body, &tokens);
    const std::vector<PassageSpan> passages = (*splitter)->Split(body, tokens);
    ExpectWellFormed(body, tokens, passages);
    EXPECT_EQ(passages.size(), tokens.size() / 2);
  }
}

TEST_F(PassageSplitterTest, InvalidUtf8DoesNotBreakInvariants) {
  const std::string body =
      "Bad \xff\xfe bytes. More \xc3 text.\n\n\xe2\x82 End.";
  EXPECT_THAT(
      Texts(body, {.max_sentences = 1}),
      ElementsAre("Bad \xff\xfe bytes.", "More \xc3 text.", "\xe2\x82 End."));
}

TEST_F(PassageSplitterTest, RandomTextKeepsInvariants) {
  // Fragments that stress the edge cases: abbreviations, blank lines,
  // punctuation-only runs, CJK, Unicode spaces and invalid UTF-8.
  const std::vector<std::string> fragments = {
      "word",        " ",      ". ",   "\n",       "\n\n",
      " \t\r\n",     "Mr.",    "U.S.", "Dr. ",     "...",
      "!!! ",        "“",      "”",    "中国经济", "。",
      "\u00a0",      "\u3000", "\xff", "\xe2\x82", "3.5",
      "state-owned", "Hello,", "A",    "é",        "ประเทศไทย"};
  std::mt19937 random(42);
  for (int round = 0; round < 300; ++round) {
    std::string body;
    const int length = static_cast<int>(random() % 60);
    for (int i = 0; i < length; ++i) {
      body += fragments[random() % fragments.size()];
    }
    const int max_sentences = 1 + static_cast<int>(random() % 3);
    const int max_words = 1 + static_cast<int>(random() % 6);
    SCOPED_TRACE(testing::Message() << "round " << round << ": " << body);
    Split(body, {.max_sentences = max_sentences, .max_words = max_words});
    for (const PassageSpan& p : Split(body, {.max_words = max_words})) {
      EXPECT_LE(p.end_token - p.first_token, static_cast<uint32_t>(max_words));
    }
  }
}

TEST_F(PassageSplitterTest, LargeBody) {
  const std::string paragraph =
      "The central bank's governor said inflation fell to 3.5 percent. "
      "Mr. Powell spoke in Washington on Tuesday. Markets rose. Bond yields "
      "fell sharply, and the dollar weakened against the euro and yen.\n\n";
  std::string body;
  while (body.size() < (4u << 20)) body += paragraph;
  const std::vector<PassageSpan> passages = Split(body, kEveryParagraph);
  const size_t copies = body.size() / paragraph.size();
  // Per paragraph: the first three sentences, then the last one.
  ASSERT_EQ(passages.size(), 2 * copies);
  const PassageSpan& last = passages.back();
  EXPECT_EQ(body.substr(last.start, last.end - last.start),
            "Bond yields fell sharply, and the dollar weakened against the "
            "euro and yen.");
}

}  // namespace
}  // namespace byline

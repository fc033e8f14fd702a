// Tests for IsStopWord: the per-language lists, their lookup, and that every
// listed word is already a normalised term.
#include "analysis/stopwords.h"

#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "analysis/text_analyzer.h"
#include "gtest/gtest.h"

namespace byline {
namespace {

TEST(StopWordsTest, English) {
  for (absl::string_view word : {"a", "the", "of", "and", "is", "it", "was",
                                "were", "which", "yourselves", "about"}) {
    EXPECT_TRUE(IsStopWord(word, "en")) << word;
  }
  // "U.S." analyses to "us"; the WHO and the month of May are news.
  for (absl::string_view word : {"us", "who", "may", "economy", "president",
                                "the ", "", "The", "zzz", "aa"}) {
    EXPECT_FALSE(IsStopWord(word, "en")) << word;
  }
}

TEST(StopWordsTest, French) {
  for (absl::string_view word : {"le", "la", "les", "de", "et", "à", "où",
                                "être", "étaient", "très", "même", "vous"}) {
    EXPECT_TRUE(IsStopWord(word, "fr")) << word;
  }
  for (absl::string_view word : {"économie", "the", "a", "ou "}) {
    EXPECT_FALSE(IsStopWord(word, "fr")) << word;
  }
}

TEST(StopWordsTest, German) {
  for (absl::string_view word :
       {"der", "die", "das", "und", "für", "über", "nicht", "dass", "zur"}) {
    EXPECT_TRUE(IsStopWord(word, "de")) << word;
  }
  for (absl::string_view word : {"regierung", "the", "daß"}) {
    EXPECT_FALSE(IsStopWord(word, "de")) << word;
  }
}

TEST(StopWordsTest, Spanish) {
  for (absl::string_view word :
       {"el", "la", "los", "de", "y", "que", "más", "él", "también", "qué"}) {
    EXPECT_TRUE(IsStopWord(word, "es")) << word;
  }
  for (absl::string_view word : {"gobierno", "the", "mas"}) {
    EXPECT_FALSE(IsStopWord(word, "es")) << word;
  }
}

TEST(StopWordsTest, LanguageIsCaseInsensitive) {
  EXPECT_TRUE(IsStopWord("the", "EN"));
  EXPECT_TRUE(IsStopWord("le", "Fr"));
  EXPECT_TRUE(IsStopWord("der", "DE"));
  EXPECT_TRUE(IsStopWord("el", "eS"));
}

TEST(StopWordsTest, OtherLanguagesHaveNoList) {
  for (absl::string_view language : {"", "it", "zh", "xx", "eng", "english"}) {
    EXPECT_FALSE(IsStopWord("the", language)) << language;
    EXPECT_FALSE(IsStopWord("la", language)) << language;
    EXPECT_FALSE(IsStopWord("", language)) << language;
  }
}

TEST(StopWordsTest, ListsAreLanguageSpecific) {
  EXPECT_FALSE(IsStopWord("the", "fr"));
  EXPECT_FALSE(IsStopWord("und", "en"));
  EXPECT_TRUE(IsStopWord("a", "es"));
  EXPECT_FALSE(IsStopWord("der", "es"));
}

// Stop words are compared with analysed terms, so they must be spelled as
// TextAnalyzer spells them (stopwords.cc checks the lists at compile time
// for capitals, "ß" and apostrophes); this checks real sentences.
TEST(StopWordsTest, StopWordsAreNormalisedTerms) {
  absl::StatusOr<std::unique_ptr<TextAnalyzer>> analyzer =
      TextAnalyzer::Create();
  ASSERT_TRUE(analyzer.ok()) << analyzer.status();
  struct Sample {
    absl::string_view language;
    absl::string_view text;
    std::vector<absl::string_view> stop_words;
  };
  const Sample samples[] = {
      {"en",
       "The President said that it was over, and they left.",
       {"the", "that", "it", "was", "over", "and", "they"}},
      {"fr",
       "À Paris, où étaient les ministres, ce fut très calme.",
       {"à", "où", "étaient", "les", "ce", "très"}},
      {"de",
       "Über die Lage der Regierung für Deutschland.",
       {"über", "die", "der", "für"}},
      {"es",
       "Él dijo que también habrá más empleo.",
       {"él", "que", "también", "más"}},
  };
  for (const Sample& sample : samples) {
    std::vector<Token> tokens;
    (*analyzer)->Tokenize(sample.text, &tokens);
    std::vector<absl::string_view> found;
    for (const Token& t : tokens) {
      if (IsStopWord(t.term, sample.language)) found.push_back(t.term);
    }
    EXPECT_EQ(std::vector<std::string>(found.begin(), found.end()),
              std::vector<std::string>(sample.stop_words.begin(),
                                       sample.stop_words.end()))
        << sample.language;
  }
}

}  // namespace
}  // namespace byline

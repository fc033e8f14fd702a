// Tests for TextAnalyzer: pins the tokenisation, normalisation and stemming
// rules that the indexer and the searcher rely on to agree.
#include "analysis/text_analyzer.h"

#include <cstdint>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline {
namespace {

using ::testing::ElementsAre;

std::unique_ptr<TextAnalyzer> MakeAnalyzer(AnalyzerOptions options = {}) {
  absl::StatusOr<std::unique_ptr<TextAnalyzer>> analyzer =
      TextAnalyzer::Create(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  return analyzer.ok() ? std::move(analyzer).value() : nullptr;
}

// An expected word: its term and its text as written.
struct Word {
  std::string term;
  std::string surface;
  bool operator==(const Word&) const = default;
};

void PrintTo(const Word& w, std::ostream* os) {
  *os << "{\"" << w.term << "\", \"" << w.surface << "\"}";
}

struct TokenizeCase {
  std::string name;
  std::string text;
  std::vector<Word> words;
};

void PrintTo(const TokenizeCase& c, std::ostream* os) { *os << c.name; }

class TokenizeTest : public ::testing::TestWithParam<TokenizeCase> {};

TEST_P(TokenizeTest, YieldsExactTermsAndOffsets) {
  const TokenizeCase& c = GetParam();
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  std::vector<Token> tokens;
  const uint32_t end = analyzer->Tokenize(c.text, &tokens);

  std::vector<Word> words;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    ASSERT_LT(t.start, t.end) << i;
    ASSERT_LE(t.end, c.text.size()) << i;
    if (i > 0) {
      EXPECT_LE(tokens[i - 1].end, t.start) << i;
    }
    EXPECT_EQ(t.position, i) << "positions are consecutive";
    words.push_back({t.term, c.text.substr(t.start, t.end - t.start)});
  }
  EXPECT_EQ(words, c.words);
  EXPECT_EQ(end, tokens.size());
}

INSTANTIATE_TEST_SUITE_P(
    Rules, TokenizeTest,
    ::testing::ValuesIn(std::vector<TokenizeCase>{
        {"Empty", "", {}},
        {"PunctuationOnly", " ... !!! -- \"\" () ", {}},
        {"EmojiAreNotWords",
         "fire 🔥 emoji 😀",
         {{"fire", "fire"}, {"emoji", "emoji"}}},
        {"Plain",
         "The quick, brown fox.",
         {{"the", "The"},
          {"quick", "quick"},
          {"brown", "brown"},
          {"fox", "fox"}}},
        {"AccentsKept",
         "Café Zürich naïve",
         {{"café", "Café"}, {"zürich", "Zürich"}, {"naïve", "naïve"}}},
        {"FullWidth",
         "ＡＢＣ Ｎｅｗｓ １２３",
         {{"abc", "ＡＢＣ"}, {"news", "Ｎｅｗｓ"}, {"123", "１２３"}}},
        {"CompatibilityAndCaseFolding",
         "ﬁnance Straße ΣΟΦΙΑ",
         {{"finance", "ﬁnance"}, {"strasse", "Straße"}, {"σοφια", "ΣΟΦΙΑ"}}},
        {"HalfWidthKatakana", "ｼﾞｬﾊﾟﾝ", {{"ジャパン", "ｼﾞｬﾊﾟﾝ"}}},
        {"Possessive",
         "Blinken's visit",
         {{"blinken", "Blinken's"}, {"visit", "visit"}}},
        {"PossessiveCurly",
         "Blinken’s visit",
         {{"blinken", "Blinken’s"}, {"visit", "visit"}}},
        {"PossessiveUpperCase", "BLINKEN'S", {{"blinken", "BLINKEN'S"}}},
        {"PluralPossessive",
         "banks' profits",
         {{"banks", "banks"}, {"profits", "profits"}}},
        {"Contraction",
         "don't Don’t",
         {{"don't", "don't"}, {"don't", "Don’t"}}},
        {"InnerApostrophes",
         "O'Neill rock’n’roll",
         {{"o'neill", "O'Neill"}, {"rock'n'roll", "rock’n’roll"}}},
        {"ModifierLetterApostrophe",
         "Hawaiʻi Blinkenʼs",
         {{"hawaiʻi", "Hawaiʻi"}, {"blinken", "Blinkenʼs"}}},
        {"FrenchElisionStaysGlued",
         "L’économie française",
         {{"l'économie", "L’économie"}, {"française", "française"}}},
        {"Hyphens",
         "state-owned COVID-19 re‐elect",
         {{"state", "state"},
          {"owned", "owned"},
          {"covid", "COVID"},
          {"19", "19"},
          {"re", "re"},
          {"elect", "elect"}}},
        {"Decimal", "3.5 percent", {{"3.5", "3.5"}, {"percent", "percent"}}},
        {"Thousands",
         "1,000,000 people",
         {{"1000000", "1,000,000"}, {"people", "people"}}},
        {"ThousandsWithDecimals", "1,000.50", {{"1000.50", "1,000.50"}}},
        {"ThousandsFullWidth", "１，０００", {{"1000", "１，０００"}}},
        {"DecimalCommaKept", "2,5", {{"2,5", "2,5"}}},
        {"NotThousandsKept",
         "12,34 12345,678 1,0000",
         {{"12,34", "12,34"},
          {"12345,678", "12345,678"},
          {"1,0000", "1,0000"}}},
        {"DottedNumbersKept", "3.14.15", {{"3.14.15", "3.14.15"}}},
        {"AlphanumericWords",
         "5G MH17 4x4",
         {{"5g", "5G"}, {"mh17", "MH17"}, {"4x4", "4x4"}}},
        {"DatesAndTimes",
         "2024-01-05 10:30",
         {{"2024", "2024"},
          {"01", "01"},
          {"05", "05"},
          {"10", "10"},
          {"30", "30"}}},
        {"Money", "$100 50%", {{"100", "100"}, {"50", "50"}}},
        {"Abbreviation",
         "U.S. economy",
         {{"us", "U.S"}, {"economy", "economy"}}},
        {"AbbreviationUK", "the U.K.", {{"the", "the"}, {"uk", "U.K"}}},
        {"AbbreviationThreeLetters",
         "U.S.A. a.m.",
         {{"usa", "U.S.A"}, {"am", "a.m"}}},
        {"AbbreviationFullWidth", "Ｕ．Ｓ．", {{"us", "Ｕ．Ｓ"}}},
        {"DottedWordsKept",
         "example.com x.yz",
         {{"example.com", "example.com"}, {"x.yz", "x.yz"}}},
        {"Url",
         "https://example.com/news/a",
         {{"https", "https"},
          {"example.com", "example.com"},
          {"news", "news"},
          {"a", "a"}}},
        {"UrlWithQuery",
         "www.bbc.co.uk/news?id=42",
         {{"www.bbc.co.uk", "www.bbc.co.uk"},
          {"news", "news"},
          {"id", "id"},
          {"42", "42"}}},
        // ICU 72 keeps e-mail addresses and @handles whole.
        {"Email",
         "mail John.Doe@Example.com now",
         {{"mail", "mail"},
          {"john.doe@example.com", "John.Doe@Example.com"},
          {"now", "now"}}},
        {"Handles",
         "#hashtag @user C++ C# .NET",
         {{"hashtag", "hashtag"},
          {"@user", "@user"},
          {"c", "C"},
          {"c", "C"},
          {"net", "NET"}}},
        {"Underscore", "foo_bar", {{"foo_bar", "foo_bar"}}},
        {"Html",
         "<b>bold</b> &amp;",
         {{"b", "b"}, {"bold", "bold"}, {"b", "b"}, {"amp", "amp"}}},
        {"Chinese",
         "中国经济增长",
         {{"中国", "中国"}, {"经济", "经济"}, {"增长", "增长"}}},
        {"ChineseSentence",
         "我们在北京开会。",
         {{"我们", "我们"}, {"在", "在"}, {"北京", "北京"}, {"开会", "开会"}}},
        {"Japanese",
         "東京で会議が開かれた",
         {{"東京", "東京"},
          {"で", "で"},
          {"会議", "会議"},
          {"が", "が"},
          {"開", "開"},
          {"か", "か"},
          {"れ", "れ"},
          {"た", "た"}}},
        {"Thai",
         "ประเทศไทยมีประชากรมาก",
         {{"ประเทศไทย", "ประเทศไทย"},
          {"มี", "มี"},
          {"ประชากร", "ประชากร"},
          {"มาก", "มาก"}}},
        {"ThaiPrimeMinister",
         "นายกรัฐมนตรีเดินทางไปกรุงเทพ",
         {{"นายก", "นายก"},
          {"รัฐมนตรี", "รัฐมนตรี"},
          {"เดิน", "เดิน"},
          {"ทาง", "ทาง"},
          {"ไป", "ไป"},
          {"กรุงเทพ", "กรุงเทพ"}}},
        {"Korean", "한국 경제", {{"한국", "한국"}, {"경제", "경제"}}},
        {"Cyrillic",
         "Москва Россия",
         {{"москва", "Москва"}, {"россия", "Россия"}}},
        {"Arabic", "القاهرة مصر", {{"القاهرة", "القاهرة"}, {"مصر", "مصر"}}},
        {"SoftHyphenRemoved",
         "co\u00adoperate",
         {{"cooperate", "co\u00adoperate"}}},
    }),
    [](const ::testing::TestParamInfo<TokenizeCase>& info) {
      return info.param.name;
    });

TEST(TextAnalyzerTest, CreateValidatesMaxTermBytes) {
  EXPECT_EQ(TextAnalyzer::Create({.max_term_bytes = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TextAnalyzer::Create({.max_term_bytes = 201}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(TextAnalyzer::Create({.max_term_bytes = 200}).ok());
  EXPECT_TRUE(TextAnalyzer::Create({.max_term_bytes = 1}).ok());
}

TEST(TextAnalyzerTest, PositionsStartAtFirstPositionAndAppend) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  std::vector<Token> tokens;
  EXPECT_EQ(analyzer->Tokenize("alpha beta", &tokens), 2u);
  EXPECT_EQ(analyzer->Tokenize("gamma, delta!", &tokens, 10), 12u);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].position, 0u);
  EXPECT_EQ(tokens[1].position, 1u);
  EXPECT_EQ(tokens[2].term, "gamma");
  EXPECT_EQ(tokens[2].position, 10u);
  EXPECT_EQ(tokens[2].start, 0u);
  EXPECT_EQ(tokens[2].end, 5u);
  EXPECT_EQ(tokens[3].term, "delta");
  EXPECT_EQ(tokens[3].position, 11u);
  EXPECT_EQ(tokens[3].start, 7u);
  EXPECT_EQ(tokens[3].end, 12u);
  EXPECT_EQ(analyzer->Tokenize(" ... ", &tokens, 7), 7u);
  EXPECT_EQ(tokens.size(), 4u);
}

TEST(TextAnalyzerTest, OverLongWordIsDroppedButUsesAPosition) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  const std::string blob(300, 'x');
  const std::string text = "before " + blob + " after";
  std::vector<Token> tokens;
  EXPECT_EQ(analyzer->Tokenize(text, &tokens), 3u);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].term, "before");
  EXPECT_EQ(tokens[0].position, 0u);
  EXPECT_EQ(tokens[1].term, "after");
  EXPECT_EQ(tokens[1].position, 2u);
  EXPECT_EQ(text.substr(tokens[1].start, tokens[1].end - tokens[1].start),
            "after");
}

TEST(TextAnalyzerTest, MaxTermBytesIsMeasuredOnTheNormalisedTerm) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer({.max_term_bytes = 6});
  ASSERT_NE(analyzer, nullptr);
  std::vector<Token> tokens;
  // "Blinken's" is 9 bytes but its term "blinken" is 7; "banks" is 5;
  // "1,000,000" -> "1000000" is 7; "éclair" is 7 bytes.
  EXPECT_EQ(
      analyzer->Tokenize("Blinken's banks 1,000,000 sixsix éclair", &tokens),
      5u);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].term, "banks");
  EXPECT_EQ(tokens[0].position, 1u);
  EXPECT_EQ(tokens[1].term, "sixsix");
  EXPECT_EQ(tokens[1].position, 3u);
}

TEST(TextAnalyzerTest, InvalidUtf8IsNotAWord) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  const std::string text = "bad\xff\xfeutf8 caf\xc3 \xe2\x82 end\xed\xa0\x80";
  std::vector<Token> tokens;
  analyzer->Tokenize(text, &tokens);
  std::vector<std::string> terms;
  for (const Token& t : tokens) {
    terms.push_back(t.term);
    EXPECT_EQ(text.substr(t.start, t.end - t.start), t.term);
  }
  EXPECT_THAT(terms, ElementsAre("bad", "utf8", "caf", "end"));
  EXPECT_EQ(analyzer->NormalizeWord("caf\xc3"), "");
  EXPECT_EQ(analyzer->NormalizeWord("\xff"), "");
}

TEST(TextAnalyzerTest, LargeBody) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  const std::string sentence =
      "The central bank's governor said inflation fell to 3.5 percent, "
      "its lowest level in the U.S. since 2021. Café owners in Zürich "
      "cheered.\n\n";
  std::string body;
  while (body.size() < (4u << 20)) body += sentence;
  std::vector<Token> one;
  ASSERT_EQ(analyzer->Tokenize(sentence, &one), 23u);
  std::vector<Token> tokens;
  const uint32_t end = analyzer->Tokenize(body, &tokens);
  const size_t copies = body.size() / sentence.size();
  ASSERT_EQ(tokens.size(), copies * one.size());
  EXPECT_EQ(end, tokens.size());
  const Token& last = tokens.back();
  EXPECT_EQ(last.term, "cheered");
  EXPECT_EQ(last.position, end - 1);
  EXPECT_EQ(last.start, body.size() - sentence.size() + one.back().start);
}

TEST(TextAnalyzerTest, RandomTextTermsMatchNormalizeWord) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  const std::vector<std::string> fragments = {
      "Word", " ",    ".",  ",",    "'",      "’s", "U.S.", "1,000", "3.5",
      "é",    "中国", "で", "\xff", "\xc3",   "-",  "@",    "ＡＢ",  "\n",
      "ไทย",  "ß",    "0",  "x",    "\u00ad", "😀",  "ʼ",    "/"};
  std::mt19937 random(7);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) {
      text += fragments[random() % fragments.size()];
    }
    SCOPED_TRACE(testing::Message() << "round " << round << ": " << text);
    std::vector<Token> tokens;
    const uint32_t end = analyzer->Tokenize(text, &tokens, 5);
    uint32_t previous_end = 0;
    uint32_t previous_position = 4;
    for (const Token& t : tokens) {
      ASSERT_LE(previous_end, t.start);
      ASSERT_LT(t.start, t.end);
      ASSERT_LE(t.end, text.size());
      ASSERT_GT(t.position, previous_position);
      EXPECT_FALSE(t.term.empty());
      EXPECT_EQ(analyzer->NormalizeWord(
                    absl::string_view(text).substr(t.start, t.end - t.start)),
                t.term);
      previous_end = t.end;
      previous_position = t.position;
    }
    EXPECT_GT(end, previous_position);
  }
}

TEST(TextAnalyzerTest, NormalizeWordMatchesTokenize) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  EXPECT_EQ(analyzer->NormalizeWord("Café"), "café");
  EXPECT_EQ(analyzer->NormalizeWord("Blinken’s"), "blinken");
  EXPECT_EQ(analyzer->NormalizeWord("banks'"), "banks");
  EXPECT_EQ(analyzer->NormalizeWord("U.S."), "us");
  EXPECT_EQ(analyzer->NormalizeWord("U.S"), "us");
  EXPECT_EQ(analyzer->NormalizeWord("1,000"), "1000");
  EXPECT_EQ(analyzer->NormalizeWord("ＡＢＣ"), "abc");
  EXPECT_EQ(analyzer->NormalizeWord("don't"), "don't");
  EXPECT_EQ(analyzer->NormalizeWord("'"), "'");
  EXPECT_EQ(analyzer->NormalizeWord(""), "");
  // Words made of one letter or with longer parts are not abbreviations.
  EXPECT_EQ(analyzer->NormalizeWord("a."), "a.");
  EXPECT_EQ(analyzer->NormalizeWord("No.1"), "no.1");
}

TEST(TextAnalyzerTest, StemsPerLanguage) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  EXPECT_EQ(analyzer->Stem("running", "en"), "run");
  EXPECT_EQ(analyzer->Stem("economies", "en"), "economi");
  EXPECT_EQ(analyzer->Stem("economy", "en"), "economi");
  EXPECT_EQ(analyzer->Stem("running", "EN"), "run");
  EXPECT_EQ(analyzer->Stem("économies", "fr"), "économ");
  EXPECT_EQ(analyzer->Stem("françaises", "fr"), "français");
  EXPECT_EQ(analyzer->Stem("häuser", "de"), "haus");
  EXPECT_EQ(analyzer->Stem("políticas", "es"), "polit");
  EXPECT_EQ(analyzer->Stem("economia", "it"), "econom");
  EXPECT_EQ(analyzer->Stem("москва", "ru"), "москв");
}

TEST(TextAnalyzerTest, StemDropsElisionsInFrenchItalianCatalan) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  EXPECT_EQ(analyzer->Stem("l'économie", "fr"), "économ");
  EXPECT_EQ(analyzer->Stem("qu'il", "fr"), analyzer->Stem("il", "fr"));
  EXPECT_EQ(analyzer->Stem("aujourd'hui", "fr"), "aujourd'hui");
  EXPECT_EQ(analyzer->Stem("l'", "fr"), "l'");
  EXPECT_EQ(analyzer->Stem("dell'economia", "it"), "econom");
  EXPECT_EQ(analyzer->Stem("l'economia", "ca"),
            analyzer->Stem("economia", "ca"));
  // Not in English: "o'neill" keeps its "o'".
  EXPECT_EQ(analyzer->Stem("l'économie", "en"), "l'économi");
  EXPECT_EQ(analyzer->Stem("o'neill", "en"), "o'neil");
  EXPECT_EQ(analyzer->Stem("o'neill", "fr"), "o'neil");
}

TEST(TextAnalyzerTest, StemWithoutStemmerReturnsTerm) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  EXPECT_EQ(analyzer->Stem("running", "xx"), "running");
  EXPECT_EQ(analyzer->Stem("running", ""), "running");
  EXPECT_EQ(analyzer->Stem("中国", "zh"), "中国");
  EXPECT_EQ(analyzer->Stem("running", "english"), "running");
}

TEST(TextAnalyzerTest, StemOfDigitLeadingTermIsEmpty) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  EXPECT_EQ(analyzer->Stem("2024", "en"), "");
  EXPECT_EQ(analyzer->Stem("3.5", "en"), "");
  EXPECT_EQ(analyzer->Stem("5g", "xx"), "");
  EXPECT_EQ(analyzer->Stem("", "en"), "");
  EXPECT_EQ(analyzer->Stem("mh17", "en"), "mh17");
}

TEST(TextAnalyzerTest, HasStemmer) {
  for (absl::string_view language :
       {"en", "fr", "de", "es", "it", "pt", "nl", "sv", "no",
        "nb", "da", "fi", "ru", "ro", "hu", "tr", "ar", "id",
        "ga", "lt", "ne", "ta", "hy", "eu", "ca", "EN", "Fr"}) {
    EXPECT_TRUE(TextAnalyzer::HasStemmer(language)) << language;
  }
  for (absl::string_view language : {"", "xx", "zh", "ja", "english", "e"}) {
    EXPECT_FALSE(TextAnalyzer::HasStemmer(language)) << language;
  }
}

TEST(TextAnalyzerTest, GreekStemsOnlyIfXapianHasAStemmer) {
  // Xapian 1.4.22 has no Greek stemmer; newer ones do.
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  if (!TextAnalyzer::HasStemmer("el")) {
    EXPECT_EQ(analyzer->Stem("οικονομία", "el"), "οικονομία");
  } else {
    EXPECT_FALSE(analyzer->Stem("οικονομία", "el").empty());
  }
}

TEST(TextAnalyzerTest, StemmersAreIndependentPerLanguage) {
  std::unique_ptr<TextAnalyzer> analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(analyzer->Stem("running", "en"), "run");
    EXPECT_EQ(analyzer->Stem("running", "de"), "running");
    EXPECT_EQ(analyzer->Stem("nations", "fr"), "nation");
  }
}

}  // namespace

// The stem cache (AnalyzerOptions::stem_cache_entries) must never change a
// stem: not per language, not after elision stripping, not once it has
// filled up and been emptied.
TEST(TextAnalyzerTest, StemCacheGivesTheStemsOfNoCache) {
  auto uncached = TextAnalyzer::Create({.stem_cache_entries = 0});
  auto tiny = TextAnalyzer::Create({.stem_cache_entries = 3});
  auto standard = TextAnalyzer::Create({});
  ASSERT_TRUE(uncached.ok() && tiny.ok() && standard.ok());
  const std::vector<std::pair<std::string, std::string>> words = {
      {"running", "en"},   {"economies", "en"}, {"economy", "en"},
      {"running", "de"},   {"häuser", "de"},    {"l'économie", "fr"},
      {"économies", "fr"}, {"running", "xx"},   {"2024s", "en"},
      {"políticas", "es"}, {"running", "en"},   {"l'économie", "fr"},
  };
  for (int round = 0; round < 3; ++round) {
    for (const auto& [word, language] : words) {
      const std::string expected = (*uncached)->Stem(word, language);
      EXPECT_EQ((*tiny)->Stem(word, language), expected)
          << word << " (" << language << "), round " << round;
      EXPECT_EQ((*standard)->Stem(word, language), expected)
          << word << " (" << language << "), round " << round;
    }
  }
  EXPECT_EQ((*tiny)->Stem("economies", "en"), "economi");
  EXPECT_EQ((*tiny)->Stem("l'économie", "fr"), "économ");
}

}  // namespace byline

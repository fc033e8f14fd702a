// Tests for choosing and highlighting passages within one article.
#include "searcher/passage_scorer.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema/schema.h"

namespace byline {
namespace {

// An article of `passages`, joined by blank lines, with exact bounds.
schema::StoredArticle MakeArticle(const std::vector<std::string>& passages) {
  schema::StoredArticle a;
  for (const std::string& p : passages) {
    if (!a.body.empty()) a.body += "\n\n";
    const uint32_t start = static_cast<uint32_t>(a.body.size());
    a.body += p;
    a.passages.push_back({start, static_cast<uint32_t>(a.body.size()), start,
                          static_cast<uint32_t>(a.body.size())});
  }
  return a;
}

class PassageScorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto analyzer = TextAnalyzer::Create();
    ASSERT_TRUE(analyzer.ok());
    analyzer_ = *std::move(analyzer);
    terms_.language = "en";
  }
  void AddWord(const std::string& term) {
    terms_.terms.insert(term);
    const std::string stem = analyzer_->Stem(term, "en");
    if (!stem.empty()) terms_.stems.insert(stem);
  }
  std::vector<ScoredPassage> Score(
      const schema::StoredArticle& a,
      absl::flat_hash_map<std::string, double> weights = {},
      const std::string& query = "") {
    PassageScorer scorer(terms_, std::move(weights), analyzer_.get(), {},
                         DetectIntent(query));
    return scorer.Score(a);
  }
  // The passage shown first (best choice score).
  static uint32_t Shown(const std::vector<ScoredPassage>& scored) {
    uint32_t best = 0;
    for (const ScoredPassage& p : scored) {
      if (p.choice > scored[best].choice) best = p.index;
    }
    return best;
  }

  std::unique_ptr<TextAnalyzer> analyzer_;
  QueryTerms terms_;
};

TEST_F(PassageScorerTest, ThePassageWithTheRareWordsWins) {
  AddWord("plant");
  AddWord("jobs");
  AddWord("oxford");
  const auto a = MakeArticle({
      "The carmaker will invest in its Oxford plant, it said on Monday.",
      "The investment will create 500 new jobs at the Oxford plant.",
      "Shares were unchanged in London trading.",
  });
  // "jobs" is rarer than "plant" and "oxford" in the collection.
  const auto scored =
      Score(a, {{"Zplant", 1.0}, {"Zjob", 4.0}, {"Zoxford", 1.5}});
  ASSERT_EQ(scored.size(), 3u);
  EXPECT_GT(scored[1].score, scored[0].score);
  EXPECT_GT(scored[0].score, 0);
  EXPECT_EQ(scored[2].score, 0);
  EXPECT_TRUE(scored[2].highlights.empty());
}

// Regression: KeyOf's cache handed out pointers into a flat hash map, which
// moved its strings when it grew (heap-use-after-free under ASan once an
// article had more distinct words than the map's first capacity).
TEST_F(PassageScorerTest, ManyDistinctWordsKeepKeysValid) {
  AddWord("target");
  std::string passage;
  for (int i = 0; i < 2000; ++i) passage += "word" + std::to_string(i) + " ";
  passage += "target target.";
  const auto a = MakeArticle({passage, "another target here."});
  const auto scored = Score(a);
  ASSERT_EQ(scored.size(), 2u);
  EXPECT_EQ(scored[0].highlights.size(), 2u);
  EXPECT_EQ(scored[1].highlights.size(), 1u);
  EXPECT_GT(scored[0].score, 0);
}

TEST_F(PassageScorerTest, LeadWinsTies) {
  AddWord("strike");
  const auto a = MakeArticle(
      {"Dockers went on strike today.", "Pilots went on strike today."});
  const auto scored = Score(a);
  EXPECT_GT(scored[0].score, scored[1].score);
}

TEST_F(PassageScorerTest, StemsAndExactFormsMatchAndAreHighlightedExactly) {
  AddWord("strikes");
  const auto a =
      MakeArticle({"Nothing here.", "The strike, striking and STRIKES."});
  const auto scored = Score(a);
  EXPECT_EQ(scored[0].score, 0);
  // Porter2 stems "striking" to "strike" too.
  ASSERT_EQ(scored[1].highlights.size(), 3u);
  for (const HighlightSpan& h : scored[1].highlights) {
    const std::string word =
        a.body.substr(h.start_byte, h.end_byte - h.start_byte);
    EXPECT_TRUE(word == "strike" || word == "striking" || word == "STRIKES")
        << word;
    EXPECT_EQ(h.start_char, h.start_byte);  // ASCII body
  }
}

TEST_F(PassageScorerTest, PhrasesEarnABonus) {
  AddWord("port");
  AddWord("strike");
  terms_.phrases.push_back({"port", "strike"});
  const auto a =
      MakeArticle({"A strike closed the port.", "The port strike closed it."});
  const auto scored = Score(a);
  EXPECT_GT(scored[1].score, scored[0].score);
}

TEST_F(PassageScorerTest, PrefixesMatch) {
  terms_.prefixes.push_back("ukrain");
  const auto a = MakeArticle({"Grain left Ukraine's ports.", "Nothing else."});
  const auto scored = Score(a);
  EXPECT_GT(scored[0].score, 0);
  ASSERT_EQ(scored[0].highlights.size(), 1u);
  EXPECT_EQ(a.body.substr(scored[0].highlights[0].start_byte,
                          scored[0].highlights[0].end_byte -
                              scored[0].highlights[0].start_byte),
            "Ukraine's");
}

TEST_F(PassageScorerTest, CodePointOffsetsOfHighlights) {
  AddWord("zürich");
  schema::StoredArticle a;
  a.body = "Café in Zürich.";  // é and ü are two bytes each
  a.passages = {{0, static_cast<uint32_t>(a.body.size()), 0, 15}};
  const auto scored = Score(a);
  ASSERT_EQ(scored[0].highlights.size(), 1u);
  const HighlightSpan& h = scored[0].highlights[0];
  EXPECT_EQ(a.body.substr(h.start_byte, h.end_byte - h.start_byte), "Zürich");
  EXPECT_EQ(h.start_char, 8u);
  EXPECT_EQ(h.end_char, 14u);
}

TEST_F(PassageScorerTest, WordKeysNameTheTermsToWeigh) {
  AddWord("strikes");
  terms_.terms.insert("2024");  // digits are not stemmed
  terms_.prefixes.push_back("ukrain");
  const auto keys = PassageScorer::WordKeys(terms_, *analyzer_);
  EXPECT_THAT(
      keys, ::testing::UnorderedElementsAre(
                std::make_pair(std::string("Zstrike"), std::string("Zstrike")),
                std::make_pair(std::string("2024"), std::string("2024")),
                std::make_pair(std::string("*ukrain"), std::string())));
}

// Marks `text` (its first occurrence in the body) as a mention of a new
// entity of `type`.
void Mention(schema::StoredArticle* a, const std::string& text,
             schema::EntityType type) {
  const size_t at = a->body.find(text);
  ASSERT_NE(at, std::string::npos) << text;
  a->entities.push_back({type, "00000000000000aa", text});
  a->mentions.push_back({static_cast<uint32_t>(at),
                         static_cast<uint32_t>(at + text.size()),
                         static_cast<uint32_t>(a->entities.size() - 1)});
}

TEST_F(PassageScorerTest, AWhoQuestionShowsThePassageNamingSomeoneElse) {
  AddWord("accompanied");
  AddWord("marieke");
  AddWord("dalen");
  auto a = MakeArticle({
      "Marieke van Dalen was accompanied at the ceremony in Utrecht, where "
      "Marieke van Dalen spoke twice.",
      "Marieke van Dalen was accompanied by Joost Brink, her former aide.",
  });
  Mention(&a, "Marieke van Dalen", schema::EntityType::kPerson);
  Mention(&a, "Utrecht", schema::EntityType::kPlace);
  Mention(&a, "Joost Brink", schema::EntityType::kPerson);
  std::sort(
      a.mentions.begin(), a.mentions.end(),
      [](const auto& x, const auto& y) { return x.start_byte < y.start_byte; });
  const absl::flat_hash_map<std::string, double> weights = {
      {"Zaccompani", 3.0}, {"Zmariek", 2.0}, {"Zdalen", 2.0}};
  // The lead holds more of the query's words...
  const auto as_keywords = Score(a, weights, "marieke van dalen accompanied");
  EXPECT_GT(as_keywords[0].score, as_keywords[1].score);
  EXPECT_EQ(Shown(as_keywords), 0u);
  // ...but only the second names a person the question does not: the one
  // who accompanied her. Utrecht is a place, not an answer to "who".
  const auto as_question =
      Score(a, weights, "who accompanied marieke van dalen");
  EXPECT_EQ(Shown(as_question), 1u);
  // The article's evidence does not depend on the wording.
  EXPECT_EQ(as_question[0].score, as_keywords[0].score);
  EXPECT_EQ(as_question[1].score, as_keywords[1].score);
}

TEST_F(PassageScorerTest, AHowMuchQuestionShowsThePassageWithAnAmount) {
  AddWord("brand");
  AddWord("sold");
  const auto a = MakeArticle({
      "The brand was sold, the brand's owners said, and the brand lives on.",
      "The brand was sold for \xC2\xA3"
      "17m to a music firm.",
  });
  const absl::flat_hash_map<std::string, double> weights = {{"Zbrand", 1.0},
                                                            {"Zsold", 2.0}};
  EXPECT_EQ(Shown(Score(a, weights, "brand sold")), 0u);
  EXPECT_EQ(Shown(Score(a, weights, "how much was the brand sold for")), 1u);
}

TEST_F(PassageScorerTest, KeywordQueriesPreferTheLeadQuestionsDoNot) {
  AddWord("strike");
  AddWord("port");
  const auto a = MakeArticle({
      "Dock workers began a strike at the port on Monday.",
      "The strike at the port is the first in a decade; port staff said the "
      "strike would go on.",
  });
  const absl::flat_hash_map<std::string, double> weights = {{"Zstrike", 2.0},
                                                            {"Zport", 2.0}};
  const auto keywords = Score(a, weights, "port strike");
  ASSERT_GT(keywords[1].score, keywords[0].score);  // more words, by a bit
  EXPECT_EQ(Shown(keywords), 0u);                   // the lead sums it up
  EXPECT_EQ(Shown(Score(a, weights, "why is there a port strike")), 1u);
}

}  // namespace
}  // namespace byline

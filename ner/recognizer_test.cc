// End-to-end tests of the recogniser with the shipped model: types and exact
// byte offsets on hand-written sentences (tricky tokens included), document
// consistency, determinism, and robustness on odd input.
#include "ner/recognizer.h"

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "analysis/text_analyzer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/test_paths.h"

namespace byline::ner {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;

// A mention as text, for readable expectations.
struct Found {
  std::string text;
  std::string type;
  bool operator==(const Found&) const = default;
};
void PrintTo(const Found& f, std::ostream* os) {
  *os << f.type << " \"" << f.text << "\"";
}

class RecognizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    NerOptions options;
    options.model_path =
        byline::testing::SourceDir() + "/ner/model/byline-ner-en.bin";
    auto resources = LoadNerResources(options.model_path);
    ASSERT_TRUE(resources.ok()) << resources.status();
    resources_ = new NerResources(std::move(resources).value());
  }
  static void TearDownTestSuite() { delete resources_; }

  void SetUp() override {
    analyzer_ = TextAnalyzer::Create().value();
    recognizer_ = std::make_unique<EntityRecognizer>(*resources_, NerOptions());
  }

  std::vector<EntityMention> Mentions(absl::string_view text) {
    std::vector<Token> tokens;
    analyzer_->Tokenize(text, &tokens);
    return recognizer_->Recognize(text, tokens);
  }
  std::vector<Found> Find(absl::string_view text) {
    std::vector<Found> found;
    for (const EntityMention& m : Mentions(text)) {
      found.push_back({std::string(text.substr(m.start, m.end - m.start)),
                       std::string(EntityTypeName(m.type))});
    }
    return found;
  }

  static NerResources* resources_;
  std::unique_ptr<TextAnalyzer> analyzer_;
  std::unique_ptr<EntityRecognizer> recognizer_;
};

NerResources* RecognizerTest::resources_ = nullptr;

TEST_F(RecognizerTest, SimpleSentenceWithOffsets) {
  const std::string text =
      "German Chancellor Angela Merkel met French President Emmanuel Macron "
      "in Paris on Tuesday.";
  const std::vector<EntityMention> mentions = Mentions(text);
  EXPECT_EQ(Find(text), (std::vector<Found>{{"German", "MISC"},
                                            {"Angela Merkel", "PER"},
                                            {"French", "MISC"},
                                            {"Emmanuel Macron", "PER"},
                                            {"Paris", "LOC"}}));
  ASSERT_EQ(mentions.size(), 5u);
  EXPECT_EQ(mentions[1].start, text.find("Angela"));
  EXPECT_EQ(mentions[1].end, text.find(" met"));
  EXPECT_EQ(mentions[4].start, text.find("Paris"));
  EXPECT_EQ(mentions[4].end, text.find(" on Tuesday"));
}

TEST_F(RecognizerTest, AbbreviationsAndPossessives) {
  // "U.S." keeps its dot; "Blinken's" loses its "'s" (both apostrophes).
  EXPECT_THAT(
      Find("U.S. Secretary of State Antony Blinken's visit to Beijing "
           "ended on Friday."),
      IsSupersetOf({Found{"U.S.", "LOC"}, Found{"Antony Blinken", "PER"},
                    Found{"Beijing", "LOC"}}));
  EXPECT_THAT(Find("Antony Blinken\xE2\x80\x99s talks in Beijing ended."),
              Contains(Found{"Antony Blinken", "PER"}));
}

// Two new company names joined by "and" are two mentions.
TEST_F(RecognizerTest, CoordinatedNamesAreTwoMentions) {
  // The sample article sample-014 (data/sample): its whole body, since the
  // tagger merges the two names only with the article's context.
  std::string text;
  {
    std::ifstream in(byline::testing::SourceDir() +
                     "/data/sample/articles.jsonl");
    simdjson::dom::parser parser;
    std::string line;
    while (text.empty() && std::getline(in, line)) {
      simdjson::dom::element doc;
      std::string_view id, body;
      if (parser.parse(line).get(doc) || doc["id"].get(id) ||
          id != "sample-014" || doc["body"].get(body)) {
        continue;
      }
      text = std::string(body);
    }
  }
  ASSERT_FALSE(text.empty()) << "sample-014 not found";
  const std::vector<Found> found = Find(text);
  EXPECT_THAT(found, IsSupersetOf({Found{"Nordvik Bank", "ORG"},
                                   Found{"Sundström Sparbank", "ORG"}}));
  EXPECT_THAT(
      found,
      Not(Contains(Found{"Nordvik Bank and Sundström Sparbank", "ORG"})));
  NerOptions unsplit;
  unsplit.split_coordinated_names = false;
  EntityRecognizer without(*resources_, unsplit);
  std::vector<Token> tokens;
  analyzer_->Tokenize(text, &tokens);
  std::vector<Found> merged;
  for (const EntityMention& m : without.Recognize(text, tokens)) {
    merged.push_back({text.substr(m.start, m.end - m.start),
                      std::string(EntityTypeName(m.type))});
  }
  // What the option changes (so that the test above cannot pass without
  // the split).
  EXPECT_THAT(merged,
              Contains(Found{"Nordvik Bank and Sundström Sparbank", "ORG"}));
}

TEST_F(RecognizerTest, HyphenatedNamesAreOneMention) {
  EXPECT_THAT(Find("Shares of Hewlett-Packard Co rose 3 percent, said analyst "
                   "Anne-Marie Dubois."),
              IsSupersetOf({Found{"Hewlett-Packard Co", "ORG"},
                            Found{"Anne-Marie Dubois", "PER"}}));
}

TEST_F(RecognizerTest, QuotesAndTitles) {
  EXPECT_THAT(
      Find("\"We expect a strong year,\" Mr. Espen Rod, chief "
           "executive of Nordvik Bank, told Reuters in Oslo."),
      IsSupersetOf({Found{"Espen Rod", "PER"}, Found{"Nordvik Bank", "ORG"},
                    Found{"Reuters", "ORG"}, Found{"Oslo", "LOC"}}));
}

TEST_F(RecognizerTest, HeadlinesInCapitals) {
  EXPECT_THAT(
      Find("SOCCER - GERMANY BEAT FRANCE IN PARIS\nBRUSSELS 1996-08-22"),
      IsSupersetOf({Found{"GERMANY", "LOC"}, Found{"FRANCE", "LOC"},
                    Found{"BRUSSELS", "LOC"}}));
}

TEST_F(RecognizerTest, MentionsAreWellFormed) {
  const std::string text =
      "OSLO, April 24 \xE2\x80\x94 Halvorsen Maritime's shares rose after "
      "Ingrid Halvorsen-Dahl said the company's fleet in S\xC3\xA3o Paulo "
      "and the U.K. was full. \xE5\x8C\x97\xE4\xBA\xAC \"Nordvik\" (NVB) "
      "fell.";
  const std::vector<EntityMention> mentions = Mentions(text);
  EXPECT_FALSE(mentions.empty());
  uint32_t previous_end = 0;
  for (const EntityMention& m : mentions) {
    EXPECT_LT(m.start, m.end);
    EXPECT_LE(previous_end, m.start);
    EXPECT_LE(m.end, text.size());
    const std::string surface = text.substr(m.start, m.end - m.start);
    EXPECT_NE(surface.front(), ' ') << surface;
    EXPECT_NE(surface.back(), ' ') << surface;
    EXPECT_FALSE(absl::EndsWith(surface, "'s")) << surface;
    previous_end = m.end;
  }
}

TEST_F(RecognizerTest, SameNameKeepsOneTypeInAnArticle) {
  const std::string text =
      "Brandauer Robotik, a Munich maker of warehouse robots, raised 85 "
      "million euros. Brandauer will hire 200 engineers, the company said. "
      "Investors in Brandauer include two pension funds. BRANDAUER SHARES "
      "RISE.";
  std::vector<std::string> types;
  for (const Found& f : Find(text)) {
    if (f.text == "Brandauer" || f.text == "BRANDAUER") types.push_back(f.type);
  }
  ASSERT_FALSE(types.empty());
  for (const std::string& t : types) EXPECT_EQ(t, types[0]);
}

TEST_F(RecognizerTest, Deterministic) {
  const std::string text =
      "Voltagard picked Gdansk for its battery plant, Poland's economy "
      "minister Piotr Nowak said on Monday in Warsaw.";
  const std::vector<EntityMention> first = Mentions(text);
  EXPECT_EQ(Mentions(text), first);
  // A fresh recogniser, after other work, gives the same answer.
  Mentions("Completely different text about Tokyo and Sony Corp.");
  EntityRecognizer other(*resources_, NerOptions());
  std::vector<Token> tokens;
  analyzer_->Tokenize(text, &tokens);
  EXPECT_EQ(other.Recognize(text, tokens), first);
}

TEST_F(RecognizerTest, OddInput) {
  EXPECT_TRUE(Mentions("").empty());
  EXPECT_TRUE(Mentions("   \n\n ... !!! ---").empty());
  EXPECT_THAT(Find("the price rose 3.5% to 1,200 dollars"),
              Not(Contains(Found{"1,200", "MISC"})));
  Mentions(std::string(100000, 'a'));
  Mentions("\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA8\xE5\x8C\x97\xE4\xBA\xAC");
}

}  // namespace
}  // namespace byline::ner

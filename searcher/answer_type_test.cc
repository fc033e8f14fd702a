// Tests for the answer types of questions and the shapes of answers.
#include "searcher/answer_type.h"

#include <string>
#include <vector>

#include "analysis/text_analyzer.h"
#include "gtest/gtest.h"

namespace byline {
namespace {

TEST(DetectAnswerTypeTest, QuestionWords) {
  EXPECT_EQ(DetectAnswerType("who scored the winner"), AnswerType::kPerson);
  EXPECT_EQ(DetectAnswerType("Whose album topped the charts?"),
            AnswerType::kPerson);
  EXPECT_EQ(DetectAnswerType("where was the summit held"), AnswerType::kPlace);
  EXPECT_EQ(DetectAnswerType("When did the strike end"), AnswerType::kDate);
  EXPECT_EQ(DetectAnswerType("how much did the brand sell for"),
            AnswerType::kMoney);
  EXPECT_EQ(DetectAnswerType("how many jobs will go"), AnswerType::kCount);
  EXPECT_EQ(DetectAnswerType("how long did the trial last"),
            AnswerType::kDuration);
}

TEST(DetectAnswerTypeTest, WhichOrWhatWithATellingNoun) {
  EXPECT_EQ(DetectAnswerType("which children's writer won a medal"),
            AnswerType::kPerson);
  EXPECT_EQ(DetectAnswerType("which future russian president studied there"),
            AnswerType::kPerson);
  EXPECT_EQ(DetectAnswerType("which club signed the striker"),
            AnswerType::kOrganization);
  EXPECT_EQ(DetectAnswerType("which country hosts the games"),
            AnswerType::kPlace);
  EXPECT_EQ(DetectAnswerType("what share of people think so"),
            AnswerType::kPercent);
  EXPECT_EQ(DetectAnswerType("what was the score of the deciding set"),
            AnswerType::kScore);
  EXPECT_EQ(DetectAnswerType("what year did it open"), AnswerType::kDate);
  EXPECT_EQ(DetectAnswerType("what price did the shares reach"),
            AnswerType::kMoney);
}

TEST(DetectAnswerTypeTest, NotQuestions) {
  EXPECT_EQ(DetectAnswerType("port strike"), AnswerType::kNone);
  EXPECT_EQ(DetectAnswerType("whoever wins"), AnswerType::kNone);
  EXPECT_EQ(DetectAnswerType("what happened at the summit"), AnswerType::kNone);
  EXPECT_EQ(DetectAnswerType(""), AnswerType::kNone);
  EXPECT_EQ(DetectAnswerType("how"), AnswerType::kNone);
}

TEST(AnswerEntityTypeTest, OnlyEntityKinds) {
  schema::EntityType type;
  ASSERT_TRUE(AnswerEntityType(AnswerType::kPerson, &type));
  EXPECT_EQ(type, schema::EntityType::kPerson);
  ASSERT_TRUE(AnswerEntityType(AnswerType::kPlace, &type));
  EXPECT_EQ(type, schema::EntityType::kPlace);
  EXPECT_FALSE(AnswerEntityType(AnswerType::kMoney, &type));
  EXPECT_FALSE(AnswerEntityType(AnswerType::kNone, &type));
}

// The words of `text` that have the shape of an answer of `type`.
std::vector<std::string> Shaped(AnswerType type, const std::string& text) {
  auto analyzer = TextAnalyzer::Create();
  EXPECT_TRUE(analyzer.ok());
  if (!analyzer.ok()) return {};
  std::vector<Token> tokens;
  (*analyzer)->Tokenize(text, &tokens);
  std::vector<std::string> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token* next = i + 1 < tokens.size() ? &tokens[i + 1] : nullptr;
    if (HasAnswerShape(type, text, tokens[i], next)) {
      out.push_back(
          text.substr(tokens[i].start, tokens[i].end - tokens[i].start));
    }
  }
  return out;
}

TEST(HasAnswerShapeTest, Shapes) {
  EXPECT_EQ(Shaped(AnswerType::kMoney,
                   "It sold for \xC2\xA3"
                   "5,390 and 3 ships, then $2 more, "
                   "12 million dollars, a 5bn deal; 7 people."),
            (std::vector<std::string>{"5,390", "2", "12", "5bn"}));
  EXPECT_EQ(Shaped(AnswerType::kPercent,
                   "Some 52% agreed, 17 per cent did not, 4 were unsure."),
            (std::vector<std::string>{"52", "17"}));
  EXPECT_EQ(Shaped(AnswerType::kScore, "She won 6-3 in the 3rd set of 5."),
            (std::vector<std::string>{"6"}));
  EXPECT_EQ(
      Shaped(AnswerType::kDuration, "She ran 2:23:10, 16 years after 4 wins."),
      (std::vector<std::string>{"2", "23", "16"}));
  EXPECT_EQ(Shaped(AnswerType::kDate,
                   "On Friday 4 November 2004, not in 9999 or 12."),
            (std::vector<std::string>{"Friday", "November", "2004"}));
  EXPECT_EQ(Shaped(AnswerType::kCount, "Ten of 12 clubs; 3,000 fans."),
            (std::vector<std::string>{"12", "3,000"}));
  EXPECT_TRUE(Shaped(AnswerType::kNone, "It cost $5.").empty());
  EXPECT_TRUE(Shaped(AnswerType::kPerson, "It cost $5.").empty());
}

}  // namespace
}  // namespace byline

// Tests of the passage entities in `byline search` output: the compact
// "entities:" line of the text form and the "entities" array of the JSON.
#include "cli/result_printer.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// One passage, body[100, 100 + text.size()), naming van Dalen twice.
SearchResult OneHit() {
  SearchResult result;
  result.estimated_articles = 1;
  PassageHit hit;
  hit.rank = 1;
  hit.article.id = "a-1";
  hit.article.title = "Halvorsen Maritime moves south";
  hit.passage_count = 1;
  // "ø" is two bytes: offsets after it differ by one in bytes and chars.
  hit.text = "Ms. van Dalen said Tromsø and Rotterdam agreed; van Dalen";
  hit.start_byte = 100;
  hit.end_byte = 100 + static_cast<uint32_t>(hit.text.size());
  hit.start_char = 90;
  hit.end_char = 90 + 57;
  const std::string her = "0123456789abcdef";
  hit.entities = {
      {schema::EntityType::kPerson, her, "Marieke van Dalen", 104, 113, 94,
       103},
      {schema::EntityType::kPlace, "1111111111111111", "Tromsø", 119, 126, 109,
       115},
      {schema::EntityType::kPlace, "2222222222222222", "Rotterdam", 131, 140,
       120, 129},
      {schema::EntityType::kPerson, her, "Marieke van Dalen", 149, 158, 138,
       147},
  };
  result.hits.push_back(hit);
  return result;
}

TEST(ResultPrinterTest, TextListsEachEntityOnceWithItsField) {
  const std::string text = FormatResultText("q", OneHit(), /*color=*/false);
  EXPECT_THAT(text, HasSubstr("     entities: Marieke van Dalen (person), "
                              "Tromsø (place), Rotterdam (place)\n"));
}

TEST(ResultPrinterTest, TextShowsAtMostSixEntities) {
  SearchResult result = OneHit();
  PassageHit& hit = result.hits[0];
  hit.entities.clear();
  for (int i = 0; i < 8; ++i) {
    hit.entities.push_back({schema::EntityType::kOrganization,
                            std::string(16, static_cast<char>('a' + i)),
                            "Org " + std::to_string(i), 100, 101, 90, 91});
  }
  const std::string text = FormatResultText("q", result, false);
  EXPECT_THAT(text, HasSubstr("Org 5 (org), +2 more\n"));
  EXPECT_THAT(text, Not(HasSubstr("Org 6")));
}

TEST(ResultPrinterTest, TextHasNoEntityLineWithoutEntities) {
  SearchResult result = OneHit();
  result.hits[0].entities.clear();
  EXPECT_THAT(FormatResultText("q", result, false),
              Not(HasSubstr("entities:")));
}

TEST(ResultPrinterTest, JsonListsEveryMentionWithOffsetsAndText) {
  const std::string json = FormatResultJson("q", OneHit());
  EXPECT_THAT(json, HasSubstr(R"("entities":[{"type":"person",)"
                              R"("id":"0123456789abcdef",)"
                              R"("display_name":"Marieke van Dalen",)"
                              R"("start_byte":104,"end_byte":113,)"
                              R"("start_char":94,"end_char":103,)"
                              R"("text":"van Dalen"})"));
  EXPECT_THAT(json, HasSubstr(R"("type":"place","id":"1111111111111111",)"
                              R"("display_name":"Tromsø","start_byte":119,)"
                              R"("end_byte":126,"start_char":109,)"
                              R"("end_char":115,"text":"Tromsø"})"));
  // Both mentions of her are listed (with the text as written).
  EXPECT_THAT(json, HasSubstr(R"("start_byte":149,"end_byte":158,)"
                              R"("start_char":138,"end_char":147,)"
                              R"("text":"van Dalen"}]})"));
}

TEST(ResultPrinterTest, JsonHasAnEmptyEntityListWithoutEntities) {
  SearchResult result = OneHit();
  result.hits[0].entities.clear();
  EXPECT_THAT(FormatResultJson("q", result), HasSubstr(R"("entities":[])"));
}

}  // namespace
}  // namespace byline::cli

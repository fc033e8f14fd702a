// Tests of the facet block of `byline search`: the entity flags line up in
// one column whatever the display names' scripts, and the width rules.
#include "cli/facet_printer.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace byline::cli {
namespace {

TEST(TerminalColumnsTest, CountsCharactersNotBytes) {
  EXPECT_EQ(TerminalColumns(""), 0u);
  EXPECT_EQ(TerminalColumns("Rotterdam"), 9u);
  EXPECT_EQ(TerminalColumns("Troms\xC3\xB8"), 6u);  // precomposed ø
  EXPECT_EQ(TerminalColumns("Malmo\xCC\x88"), 5u);  // o + combining ¨
  EXPECT_EQ(TerminalColumns("\xE6\x9D\xB1\xE4\xBA\xAC"), 4u);  // 東京, wide
  EXPECT_EQ(TerminalColumns("a\xFF"
                            "b"),
            3u);  // a malformed byte is one
}

TEST(FormatFacetsTextTest, FlagsLineUpAfterNonAsciiNames) {
  FacetResult places;
  places.field = FacetField::kPlace;
  places.distinct_values = 3;
  places.values = {{"1111111111111111", "Troms\xC3\xB8", 12},
                   {"2222222222222222", "Rotterdam", 9},
                   {"3333333333333333", "\xE6\x9D\xB1\xE4\xBA\xAC", 2}};
  const std::string text = FormatFacetsText({places});
  std::vector<size_t> flag_columns;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    const size_t flag = line.find(" --place ");
    if (flag == absl::string_view::npos) continue;
    flag_columns.push_back(TerminalColumns(line.substr(0, flag)));
  }
  ASSERT_EQ(flag_columns.size(), 3u) << text;
  EXPECT_EQ(flag_columns[0], flag_columns[1]) << text;
  EXPECT_EQ(flag_columns[1], flag_columns[2]) << text;
  EXPECT_NE(text.find("Places (3 of 3):"), std::string::npos) << text;
}

TEST(FormatFacetsTextTest, LongNamesStillGetASpaceBeforeTheFlag) {
  FacetResult people;
  people.field = FacetField::kPerson;
  people.distinct_values = 1;
  const std::string name(40, 'x');
  people.values = {{"0123456789abcdef", name, 1}};
  const std::string text = FormatFacetsText({people});
  EXPECT_NE(text.find(name + " --person 0123456789abcdef"), std::string::npos)
      << text;
}

TEST(FormatFacetsTextTest, EstimatesSayOverHowManyArticles) {
  FacetResult sources;
  sources.field = FacetField::kSource;
  sources.distinct_values = 2;
  sources.values = {{"wire", "wire", 3}, {"daily", "daily", 1}};
  EXPECT_NE(FormatFacetsText({sources}).find("Sources (2 of 2):"),
            std::string::npos);
  sources.estimated = true;
  sources.counted_articles = 4;
  sources.matching_articles = 950;
  const std::string text = FormatFacetsText({sources});
  EXPECT_NE(text.find("(2 of 2; estimates over 4 of about 950 matching "
                      "articles):"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace byline::cli

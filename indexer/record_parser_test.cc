// RecordParser and the SGML helpers, on hand-written records (original
// text, not taken from any collection).
#include "indexer/record_parser.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indexer/sgml_parser.h"
#include "schema/schema.h"

namespace byline {
namespace {

using ::testing::HasSubstr;

absl::Time Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s),
                         absl::UTCTimeZone());
}

RawRecord Record(InputFormat format, std::string text,
                 std::string file = "in") {
  RawRecord r;
  r.format = format;
  r.number = 1;
  r.ordinal = 1;
  r.file = std::move(file);
  r.text = std::move(text);
  return r;
}

RawRecord Sgml(std::string text) {
  return Record(InputFormat::kSgml, std::move(text));
}

// A Reuters-style record with the usual fields around `text_element`.
std::string Reuters(const std::string& attributes, const std::string& date,
                    const std::string& text_element) {
  return absl::StrCat(
      "<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"TRAIN\" ", attributes, ">\n",
      "<DATE>", date, "</DATE>\n",
      "<TOPICS><D>tea</D></TOPICS>\n<PLACES><D>kenya</D></PLACES>\n",
      "<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n",
      "<COMPANIES></COMPANIES>\n",
      "<UNKNOWN> \n&#5;&#5;&#5;C\n&#22;&#22;&#1;f0001&#31;reute\n"
      "u f BC-TEA-AUCTION   03-02 0042</UNKNOWN>\n",
      text_element, "\n</REUTERS>");
}

TEST(RecordParserTest, ReutersStory) {
  RecordParser parser;
  const std::string text =
      "<TEXT>&#2;\n"
      "<TITLE>HIGHLAND TEA AUCTION PRICES EASE &lt;HTCO.L></TITLE>\n"
      "<DATELINE>    NAIROBI, March 2 - </DATELINE><BODY>Prices at the "
      "weekly highland\ntea auction eased by two cents, brokers said, "
      "and the caf\xe9\nnear the market & stayed shut.\n"
      "    Buyers from A&amp;B Traders held back.\n"
      " Reuter\n&#3;</BODY></TEXT>";
  auto a = parser.Parse(Sgml(Reuters(
      "CGISPLIT=\"TRAINING-SET\" OLDID=\"901\" NEWID=\"17\"",
      " 2-MAR-1987 09:05:07.25", text)));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "reuters-17");
  EXPECT_EQ(a->title, "HIGHLAND TEA AUCTION PRICES EASE <HTCO.L>");
  EXPECT_EQ(a->body,
            "Prices at the weekly highland\ntea auction eased by two cents, "
            "brokers said, and the caf\xc3\xa9\nnear the market & stayed "
            "shut.\n    Buyers from A&B Traders held back.");
  EXPECT_EQ(a->source, "Reuters");
  EXPECT_EQ(a->language, "en");
  ASSERT_TRUE(a->published.has_value());
  EXPECT_EQ(*a->published, Utc(1987, 3, 2, 9, 5, 7) + absl::Milliseconds(250));
  EXPECT_EQ(a->url, "");
}

TEST(RecordParserTest, ReutersUtf8StaysUtf8) {
  RecordParser parser;
  auto a = parser.Parse(Sgml(Reuters(
      "NEWID=\"5\"", "2-MAR-1987 09:05:07.25",
      "<TEXT><TITLE>Z\xc3\xbcrich</TITLE><BODY>Caf\xc3\xa9 "
      "&#233;t&#xE9;.</BODY></TEXT>")));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->title, "Z\xc3\xbcrich");
  EXPECT_EQ(a->body, "Caf\xc3\xa9 \xc3\xa9t\xc3\xa9.");
}

TEST(RecordParserTest, ReutersBriefUsesTheHeadline) {
  RecordParser parser;
  auto a = parser.Parse(Sgml(Reuters(
      "NEWID=\"40\"", "3-MAR-1987 11:00:00.00",
      "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>GRAIN BARGE RATES "
      "STEADY IN LATEST WEEK\n</TITLE>Placeholder line.\n&#3;\n\n</TEXT>")));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->title, "GRAIN BARGE RATES STEADY IN LATEST WEEK");
  EXPECT_EQ(a->body, a->title);
  EXPECT_EQ(sgml::GetReutersTextType(Reuters("NEWID=\"40\"", "",
                                             "<TEXT TYPE=\"BRIEF\"></TEXT>")),
            sgml::ReutersTextType::kBrief);
}

TEST(RecordParserTest, ReutersUnprocUsesTheWholeText) {
  RecordParser parser;
  const std::string record = Reuters(
      "NEWID=\"41\"", "3-MAR-1987 11:30:00.00",
      "<TEXT TYPE=\"UNPROC\">&#2;\nHARBOUR TONNAGE TABLE - MARCH 3\n"
      "  Berth one.......12 vs....10\n  Berth two........7 vs.....9\n"
      " REUTER\n&#3;\n\n</TEXT>");
  EXPECT_EQ(sgml::GetReutersTextType(record), sgml::ReutersTextType::kUnproc);
  auto a = parser.Parse(Sgml(record));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->title, "");
  EXPECT_EQ(a->body,
            "HARBOUR TONNAGE TABLE - MARCH 3\n  Berth one.......12 vs....10\n"
            "  Berth two........7 vs.....9");
}

TEST(RecordParserTest, ReutersEmptyStoryIsRejected) {
  RecordParser parser;
  auto a = parser.Parse(Sgml(Reuters("NEWID=\"42\"", "3-MAR-1987 11:31:00.00",
                                     "<TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n\n"
                                     "</TEXT>")));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(a.status().message(), "field 'body': missing or empty");
}

TEST(RecordParserTest, ReutersMissingNewIdIsAClearError) {
  RecordParser parser;
  auto a = parser.Parse(Sgml(Reuters(
      "OLDID=\"77\"", "3-MAR-1987 11:31:00.00",
      "<TEXT><TITLE>T</TITLE><BODY>Some text.</BODY></TEXT>")));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(),
            "field 'id': missing NEWID attribute in <REUTERS>");
  auto empty = parser.Parse(Sgml(Reuters(
      "NEWID=\"  \"", "3-MAR-1987 11:31:00.00",
      "<TEXT><BODY>Some text.</BODY></TEXT>")));
  EXPECT_THAT(empty.status().message(), HasSubstr("field 'id'"));
}

TEST(RecordParserTest, ReutersBadDateIsRejected) {
  RecordParser parser;
  auto a = parser.Parse(Sgml(Reuters(
      "NEWID=\"43\"", "yesterday at noon",
      "<TEXT><BODY>Some text.</BODY></TEXT>")));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(),
            "field 'published': 'yesterday at noon' is not a Reuters date "
            "(like 26-FEB-1987 15:01:01.79)");
  // No <DATE> at all: undated.
  auto undated = parser.Parse(Sgml(
      "<REUTERS NEWID=\"44\"><TEXT><BODY>Text.</BODY></TEXT></REUTERS>"));
  ASSERT_TRUE(undated.ok()) << undated.status();
  EXPECT_FALSE(undated->published.has_value());
}

TEST(RecordParserTest, UnterminatedAndForeignRecords) {
  RecordParser parser;
  auto cut = parser.Parse(Sgml("<REUTERS NEWID=\"9\"><TEXT><BODY>half"));
  ASSERT_FALSE(cut.ok());
  EXPECT_THAT(cut.status().message(),
              HasSubstr("unterminated <REUTERS> record"));
  auto other = parser.Parse(Sgml("<HTML><BODY>x</BODY></HTML>"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().message(), "no <REUTERS> or <DOC> record");
}

TEST(RecordParserTest, TrecDocument) {
  RecordParser parser;
  auto a = parser.Parse(Sgml(
      "<DOC>\n<DOCNO> WIRE-880105-0012 </DOCNO>\n<FILEID>x</FILEID>\n"
      "<DATE>880105</DATE>\n<HEAD>Ferry Service\n Resumes</HEAD>\n"
      "<HEAD>second head</HEAD>\n"
      "<TEXT>\n<P>The island ferry sailed again on Tuesday &amp; "
      "carried\n forty cars.</P><P>Fares &hyph; unchanged.</P>\n</TEXT>\n"
      "<TEXT>\nA second part.\n</TEXT>\n</DOC>"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "WIRE-880105-0012");
  EXPECT_EQ(a->title, "Ferry Service Resumes");
  EXPECT_EQ(a->body,
            "The island ferry sailed again on Tuesday & carried\n forty "
            "cars.\n\nFares - unchanged.\n\nA second part.");
  ASSERT_TRUE(a->published.has_value());
  EXPECT_EQ(*a->published, Utc(1988, 1, 5));
  EXPECT_EQ(a->source, "");
}

TEST(RecordParserTest, TrecTitleAlternativesAndDates) {
  RecordParser parser;
  auto a = parser.Parse(Sgml(
      "<DOC><DOCNO>LT-1</DOCNO><DATE><P>January 7, 1989, Saturday, Late "
      "Edition</P></DATE><HEADLINE><P>Council Votes On Bridge</P>"
      "</HEADLINE><TEXT>Body.</TEXT></DOC>"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->title, "Council Votes On Bridge");
  EXPECT_EQ(*a->published, Utc(1989, 1, 7));
  auto b = parser.Parse(Sgml(
      "<DOC><DOCNO>T-2</DOCNO><TITLE>Plain title</TITLE>"
      "<DATE>some day</DATE><TEXT>Body.</TEXT></DOC>"));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->title, "Plain title");
  EXPECT_FALSE(b->published.has_value());  // a TREC date that does not parse
}

TEST(RecordParserTest, TrecMissingDocnoOrText) {
  RecordParser parser;
  auto a = parser.Parse(Sgml("<DOC><TEXT>Body.</TEXT></DOC>"));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(), "field 'id': missing <DOCNO>");
  auto b = parser.Parse(Sgml("<DOC><DOCNO>X</DOCNO></DOC>"));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(), "field 'body': missing or empty");
}

TEST(RecordParserTest, TextFile) {
  RecordParser parser;
  auto a = parser.Parse(Record(
      InputFormat::kText,
      "\n  \n  Harbour Notes  \r\n\r\nThe tide came in.\r\nGulls.\n\n",
      "2024/03/notes.txt"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "2024/03/notes.txt");
  EXPECT_EQ(a->title, "Harbour Notes");
  EXPECT_EQ(a->body, "The tide came in.\nGulls.");
  EXPECT_FALSE(a->published.has_value());
  EXPECT_EQ(a->source, "");

  // Latin-1 text; character references are not decoded in plain text.
  auto latin = parser.Parse(
      Record(InputFormat::kText, "Caf\xe9\nA &amp; B at the caf\xe9.", "c.txt"));
  ASSERT_TRUE(latin.ok()) << latin.status();
  EXPECT_EQ(latin->title, "Caf\xc3\xa9");
  EXPECT_EQ(latin->body, "A &amp; B at the caf\xc3\xa9.");

  auto title_only = parser.Parse(Record(InputFormat::kText, "Only\n", "o.txt"));
  ASSERT_FALSE(title_only.ok());
  EXPECT_EQ(title_only.status().message(), "field 'body': missing or empty");
}

TEST(RecordParserTest, JsonLinesGoThroughTheJsonParser) {
  RecordParser parser;
  auto a = parser.Parse(Record(InputFormat::kJsonl,
                               R"({"id":7,"title":"T","body":"B"})"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->id, "7");
  EXPECT_EQ(a->body, "B");
  auto b = parser.Parse(Record(InputFormat::kJsonl, R"({"title":"T"})"));
  EXPECT_THAT(b.status().message(), HasSubstr("field 'id'"));
}

TEST(RecordParserTest, JsonTombstones) {
  RecordParser parser;
  // Only the id is needed; other fields are not checked.
  auto a = parser.Parse(
      Record(InputFormat::kJsonl, R"({"id":"gone-1","deleted":true})"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->deleted);
  EXPECT_EQ(a->id, "gone-1");
  EXPECT_EQ(a->body, "");
  auto with_fields = parser.Parse(Record(
      InputFormat::kJsonl,
      R"({"deleted":true,"id":42,"body":"","published":"not a date"})"));
  ASSERT_TRUE(with_fields.ok()) << with_fields.status();
  EXPECT_TRUE(with_fields->deleted);
  EXPECT_EQ(with_fields->id, "42");
  EXPECT_FALSE(with_fields->published.has_value());
  // false or null: an ordinary article, validated as usual.
  auto kept = parser.Parse(Record(InputFormat::kJsonl,
                                  R"({"id":"k","deleted":false,"body":"B"})"));
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_FALSE(kept->deleted);
  EXPECT_EQ(kept->body, "B");
  auto null_flag = parser.Parse(
      Record(InputFormat::kJsonl, R"({"id":"n","deleted":null,"body":"B"})"));
  ASSERT_TRUE(null_flag.ok()) << null_flag.status();
  EXPECT_FALSE(null_flag->deleted);
  auto no_body = parser.Parse(
      Record(InputFormat::kJsonl, R"({"id":"k","deleted":false})"));
  EXPECT_THAT(no_body.status().message(), HasSubstr("field 'body'"));
  // A tombstone still needs a valid id.
  auto no_id = parser.Parse(Record(InputFormat::kJsonl, R"({"deleted":true})"));
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.status().message(), "field 'id': missing or empty");
  auto long_id = parser.Parse(Record(
      InputFormat::kJsonl,
      absl::StrCat(R"({"id":")", std::string(201, 'x'), R"(","deleted":true})")));
  EXPECT_THAT(long_id.status().message(), HasSubstr("field 'id'"));
}

TEST(RecordParserTest, DeletedMustBeABoolean) {
  RecordParser parser;
  for (const char* value : {R"("yes")", "1", "0", R"("true")", "[]", "{}"}) {
    auto a = parser.Parse(Record(
        InputFormat::kJsonl,
        absl::StrCat(R"({"id":"x","body":"B","deleted":)", value, "}")));
    ASSERT_FALSE(a.ok()) << value;
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument) << value;
    EXPECT_EQ(a.status().message(), "field 'deleted': must be true or false")
        << value;
  }
}

TEST(RecordParserTest, SgmlAndTextHaveNoTombstones) {
  RecordParser parser;
  auto text = parser.Parse(Record(InputFormat::kText,
                                  "deleted: true\n\nBody text.", "a.txt"));
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_FALSE(text->deleted);
  auto trec = parser.Parse(Sgml(
      "<DOC><DOCNO>D1</DOCNO><DELETED>true</DELETED><TEXT>Body.</TEXT></DOC>"));
  ASSERT_TRUE(trec.ok()) << trec.status();
  EXPECT_FALSE(trec->deleted);
}

TEST(RecordParserTest, LimitsApplyToEveryFormat) {
  ArticleLimits limits;
  limits.max_body_bytes = 10;
  RecordParser parser(limits);
  auto a = parser.Parse(Record(InputFormat::kText, "T\nthis body is too long",
                               "t.txt"));
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(), HasSubstr("field 'body': 21 bytes"));
  auto b = parser.Parse(Sgml(
      "<DOC><DOCNO>X</DOCNO><TEXT>this body is too long</TEXT></DOC>"));
  EXPECT_THAT(b.status().message(), HasSubstr("field 'body'"));
  RawRecord unknown = Record(InputFormat::kAuto, "x");
  EXPECT_FALSE(parser.Parse(unknown).ok());
}

TEST(SgmlTextTest, ReferencesControlsAndMarkup) {
  std::string out;
  sgml::AppendText(
      "a&lt;b&gt;c &amp;&amp; &quot;q&quot; &apos;s&apos; &#65;&#x42;&#X43; "
      "&#3;&#127;&#150;\x01\x7f\r x&unknown; &#xD800; &#1114112; & ; &#; "
      "tab\there\n<P>para<BR>line</P> 1 < 2 <F P=1>inline</F>"
      "\xc2\x85\xc2\xa0!",
      &out);
  EXPECT_EQ(out,
            "a<b>c && \"q\" 's' ABC  x&unknown; \xef\xbf\xbd \xef\xbf\xbd "
            "& ; &#; tab\there\n\npara\nline\n 1 < 2 inline\xc2\xa0!");
  std::string plain;
  sgml::AppendWithoutControls("a\x01\r\nb\tc\x7f\xc2\x9f\xc3\xa9&amp;", &plain);
  EXPECT_EQ(plain, "a\nb\tc\xc3\xa9&amp;");
  EXPECT_EQ(sgml::CollapseWhitespace("  a \n\t b  c \n"), "a b c");
}

// Found by reading fuzz results: every '<' searched the rest of the text
// for '>', so a text of many '<' and no '>' took quadratic time (minutes
// for a few megabytes). Now linear: 400,000 literal '<' in well under a
// second, with markup before and after still removed.
TEST(SgmlTextTest, ManyLiteralLessThanSignsTakeLinearTime) {
  std::string text = "<P>start ";
  for (int i = 0; i < 200000; ++i) text += "<a";
  std::string expected = "\nstart ";
  for (int i = 0; i < 200000; ++i) expected += "<a";
  std::string out;
  sgml::AppendText(text, &out);
  EXPECT_EQ(out, expected);
  out.clear();
  sgml::AppendText("x <b y <B>bold</B> z", &out);
  EXPECT_EQ(out, "x bold z");
}

TEST(SgmlTextTest, Latin1Fallback) {
  EXPECT_EQ(sgml::ToUtf8("caf\xe9"), "caf\xc3\xa9");
  EXPECT_EQ(sgml::ToUtf8("caf\xc3\xa9"), "caf\xc3\xa9");  // valid: unchanged
  EXPECT_EQ(sgml::ToUtf8("\xfc\x80"), "\xc3\xbc\xc2\x80");
}

TEST(SgmlTextTest, ElementsAndAttributes) {
  const std::string s =
      "<R a=\"1\" NEWID='22' flag c=x3><title>T</TITLE><TEXT TYPE=BRIEF>"
      "<BODY >b</BODY ></TEXT></R>";
  auto r = sgml::FindElement(s, "R");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->closed);
  EXPECT_EQ(sgml::Attribute(r->attributes, "newid"), "22");
  EXPECT_EQ(sgml::Attribute(r->attributes, "c"), "x3");
  EXPECT_EQ(sgml::Attribute(r->attributes, "a"), "1");
  EXPECT_EQ(sgml::Attribute(r->attributes, "flag"), std::nullopt);
  EXPECT_EQ(sgml::FindElement(s, "TITLE")->content, "T");
  EXPECT_EQ(sgml::FindElement(s, "BODY")->content, "b");
  EXPECT_EQ(sgml::Attribute(sgml::FindElement(s, "TEXT")->attributes, "TYPE"),
            "BRIEF");
  EXPECT_FALSE(sgml::FindElement(s, "BOD").has_value());
  auto open = sgml::FindElement("<X>no end", "X");
  ASSERT_TRUE(open.has_value());
  EXPECT_FALSE(open->closed);
  EXPECT_EQ(open->content, "no end");
}

TEST(SgmlDateTest, ReutersDates) {
  auto at = [](absl::string_view s) {
    auto t = sgml::ParseReutersDate(s);
    EXPECT_TRUE(t.ok()) << s << ": " << t.status();
    return t.ok() ? *t : absl::InfinitePast();
  };
  EXPECT_EQ(at("26-FEB-1987 15:01:01.79"),
            Utc(1987, 2, 26, 15, 1, 1) + absl::Milliseconds(790));
  EXPECT_EQ(at(" 7-apr-1987 16:22:00.0"), Utc(1987, 4, 7, 16, 22));
  EXPECT_EQ(at("9-Apr-1987  13:32:06.7"),
            Utc(1987, 4, 9, 13, 32, 6) + absl::Milliseconds(700));
  EXPECT_EQ(at("19-OCT-1987 08:15:00"), Utc(1987, 10, 19, 8, 15));
  // Desk codes and comments after the time are ignored.
  EXPECT_EQ(at("20-MAR-1987 10:00:00.00\t\t\tC T"), Utc(1987, 3, 20, 10));
  EXPECT_EQ(at("20-MAR-1987 10:00:00.00F"), Utc(1987, 3, 20, 10));
  EXPECT_EQ(at("1-JUN-1987 00:00:00.00    # a note"), Utc(1987, 6, 1));
  // An impossible or missing time keeps the day.
  EXPECT_EQ(at("31-MAR-1987 412:10:00.00"), Utc(1987, 3, 31));
  EXPECT_EQ(at("31-MAR-1987 25:10:00.00"), Utc(1987, 3, 31));
  EXPECT_EQ(at("31-MAR-1987"), Utc(1987, 3, 31));
  for (absl::string_view bad :
       {"", "31-FOO-1987 10:00:00", "31-MAR-87 10:00:00", "30-FEB-1987",
        "1987-03-31", "x26-FEB-1987", "26-FEB-19870"}) {
    auto t = sgml::ParseReutersDate(bad);
    EXPECT_FALSE(t.ok()) << bad;
    EXPECT_THAT(t.status().message(), HasSubstr("is not a Reuters date"));
  }
}

// Found by fuzz/fuzz_sgml_parser: a Reuters date in a year before 1000
// parses, and its UTC day keeps four year digits.
TEST(SgmlDateTest, ReutersDateBeforeTheYear1000) {
  RecordParser parser;
  absl::StatusOr<Article> a = parser.Parse(Sgml(
      "<REUTERS TOPICS=\"NO\" NERS TOPICS=\"NO\" NEWID=\"9002\">\n"
      "<DATE>14-JUL-0994 23:59:59.99\tF A RM f0001</DATE>\n"
      "<TEXT><BODY>A story.</BODY></TEXT></REUTERS>"));
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(a->published.has_value());
  EXPECT_EQ(*a->published,
            Utc(994, 7, 14, 23, 59, 59) + absl::Milliseconds(990));
  EXPECT_EQ(schema::DayValue(*a->published), "09940714");
}

TEST(SgmlDateTest, TrecDates) {
  EXPECT_EQ(sgml::ParseTrecDate(" 891231 "), Utc(1989, 12, 31));
  EXPECT_EQ(sgml::ParseTrecDate("19900102 extra"), Utc(1990, 1, 2));
  EXPECT_EQ(sgml::ParseTrecDate("1991-05-14"), Utc(1991, 5, 14));
  EXPECT_EQ(sgml::ParseTrecDate("Jan 5 1989"), Utc(1989, 1, 5));
  EXPECT_EQ(sgml::ParseTrecDate("3-JAN-1992 10:00:00.00"),
            Utc(1992, 1, 3, 10));
  EXPECT_EQ(sgml::ParseTrecDate("891340"), std::nullopt);
  EXPECT_EQ(sgml::ParseTrecDate("soon"), std::nullopt);
  EXPECT_EQ(sgml::ParseTrecDate(""), std::nullopt);
}

TEST(SgmlSignOffTest, VariantsAreRemovedProseIsKept) {
  auto strip = [](std::string s) {
    sgml::StripReutersSignOff(&s);
    return s;
  };
  EXPECT_EQ(strip("Text.\n Reuter\n"), "Text.");
  EXPECT_EQ(strip("Text.\n REUTER\n"), "Text.");
  EXPECT_EQ(strip("Text.\nreuter"), "Text.");
  EXPECT_EQ(strip("Text.\n REUTER...\n"), "Text.");
  EXPECT_EQ(strip("Text.\n REUTERS\n"), "Text.");
  EXPECT_EQ(strip("Text.\n REUTER N\n"), "Text.");
  EXPECT_EQ(strip("Text.\n REUTER^M\n"), "Text.");
  EXPECT_EQ(strip("Text.\n Reuter\n REUTER\n"), "Text.");
  EXPECT_EQ(strip("Sales were nil. REUTER"), "Sales were nil.");
  EXPECT_EQ(strip("The mill said. Reuter"), "The mill said.");
  EXPECT_EQ(strip("Reuter"), "");
  EXPECT_EQ(strip("a spokesman told Reuters."), "a spokesman told Reuters.");
  EXPECT_EQ(strip("a spokesman told Reuters"), "a spokesman told Reuters");
  EXPECT_EQ(strip("Text.\n Reuter news desk\n"), "Text.\n Reuter news desk");
  EXPECT_EQ(strip("Text.\n REUTER nq\n"), "Text.\n REUTER nq");
  EXPECT_EQ(strip("Text.  \n\n"), "Text.");
}

}  // namespace
}  // namespace byline

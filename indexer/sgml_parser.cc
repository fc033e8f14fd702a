// Reuters-21578 and TREC SGML records: element lookup, character data
// decoding and dates.
#include "indexer/sgml_parser.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "indexer/article_parser.h"

namespace byline::sgml {
namespace {

absl::Status FieldError(absl::string_view field, absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("field '", field, "': ", reason));
}

// Shortens a value for an error message (at a UTF-8 boundary).
std::string Excerpt(absl::string_view value) {
  constexpr size_t kMax = 40;
  if (value.size() <= kMax) return std::string(value);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return absl::StrCat(value.substr(0, cut), "...");
}

bool IsSpace(char c) {
  return absl::ascii_isspace(static_cast<unsigned char>(c));
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// A decoded code point as text: controls dropped, invalid ones U+FFFD.
void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp == '\t' || cp == '\n') {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
    // control character: dropped
  } else if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    AppendUtf8(0xFFFD, out);
  } else {
    AppendUtf8(cp, out);
  }
}

struct NamedEntity {
  absl::string_view name;
  uint32_t code_point;
};

// Case-sensitive, as in SGML and HTML. TREC collections use a few of their
// own (&hyph;, &blank;), included.
constexpr std::array<NamedEntity, 38> kEntities = {{
    {"lt", '<'},        {"gt", '>'},         {"amp", '&'},
    {"quot", '"'},      {"apos", '\''},      {"nbsp", 0xA0},
    {"ndash", 0x2013},  {"mdash", 0x2014},   {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"ldquo", 0x201C},   {"rdquo", 0x201D},
    {"hellip", 0x2026}, {"bull", 0x2022},    {"copy", 0xA9},
    {"reg", 0xAE},      {"deg", 0xB0},       {"cent", 0xA2},
    {"pound", 0xA3},    {"yen", 0xA5},       {"euro", 0x20AC},
    {"sect", 0xA7},     {"para", 0xB6},      {"times", 0xD7},
    {"frac12", 0xBD},   {"frac14", 0xBC},    {"frac34", 0xBE},
    {"eacute", 0xE9},   {"egrave", 0xE8},    {"aacute", 0xE1},
    {"agrave", 0xE0},   {"uuml", 0xFC},      {"ouml", 0xF6},
    {"auml", 0xE4},     {"ccedil", 0xE7},    {"ntilde", 0xF1},
    {"hyph", '-'},      {"blank", ' '},
}};

// Decodes the reference at s[0] == '&'. Returns its length (0: not a
// reference, the '&' is literal).
size_t DecodeReference(absl::string_view s, std::string* out) {
  if (s.size() >= 3 && s[1] == '#') {
    size_t i = 2;
    const bool hex = s[i] == 'x' || s[i] == 'X';
    if (hex) ++i;
    const size_t digits_start = i;
    uint32_t cp = 0;
    while (i < s.size() && i - digits_start < 8 &&
           (hex ? absl::ascii_isxdigit(static_cast<unsigned char>(s[i]))
                : absl::ascii_isdigit(static_cast<unsigned char>(s[i])))) {
      const char c = s[i];
      const uint32_t d = absl::ascii_isdigit(static_cast<unsigned char>(c))
                             ? c - '0'
                             : (absl::ascii_tolower(c) - 'a' + 10);
      cp = cp * (hex ? 16 : 10) + d;
      ++i;
    }
    if (i == digits_start || i >= s.size() || s[i] != ';') return 0;
    AppendCodePoint(cp, out);
    return i + 1;
  }
  size_t i = 1;
  while (i < s.size() && i <= 12 &&
         absl::ascii_isalnum(static_cast<unsigned char>(s[i]))) {
    ++i;
  }
  if (i == 1 || i >= s.size() || s[i] != ';') return 0;
  const absl::string_view name = s.substr(1, i - 1);
  for (const NamedEntity& e : kEntities) {
    if (e.name == name) {
      AppendCodePoint(e.code_point, out);
      return i + 1;
    }
  }
  return 0;
}

bool IsBlockTag(absl::string_view name) {
  for (absl::string_view block :
       {"P", "BR", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "TR",
        "TABLE"}) {
    if (absl::EqualsIgnoreCase(name, block)) return true;
  }
  return false;
}

// Markup at s[0] == '<': returns its length, 0 if it is a literal '<'.
// `gt` is the position of the first '>' in `s` (npos if none), found by the
// caller once for many '<' (searching again from each '<' of a text full
// of '<' and without '>' would take quadratic time). Sets *block for
// block-level tags.
size_t MarkupLength(absl::string_view s, size_t gt, bool* block) {
  *block = false;
  if (s.size() < 2) return 0;
  const unsigned char c = static_cast<unsigned char>(s[1]);
  if (!absl::ascii_isalpha(c) && c != '/' && c != '!' && c != '?') return 0;
  if (gt == absl::string_view::npos) return 0;
  size_t name_start = s[1] == '/' ? 2 : 1;
  size_t name_end = name_start;
  while (name_end < gt &&
         absl::ascii_isalnum(static_cast<unsigned char>(s[name_end]))) {
    ++name_end;
  }
  *block = IsBlockTag(s.substr(name_start, name_end - name_start));
  return gt + 1;
}

// Position of the start tag "<NAME" (followed by '>', '/' or whitespace)
// at or after `from`; sets *content_start past its '>' and *attributes.
size_t FindOpenTag(absl::string_view s, absl::string_view name, size_t from,
                   size_t* content_start, absl::string_view* attributes) {
  while (true) {
    const size_t lt = s.find('<', from);
    if (lt == absl::string_view::npos) return lt;
    const size_t after = lt + 1 + name.size();
    if (after < s.size() &&
        absl::EqualsIgnoreCase(s.substr(lt + 1, name.size()), name) &&
        (s[after] == '>' || s[after] == '/' || IsSpace(s[after]))) {
      const size_t gt = s.find('>', after);
      if (gt == absl::string_view::npos) return gt;
      *attributes = s.substr(after, gt - after);
      *content_start = gt + 1;
      return lt;
    }
    from = lt + 1;
  }
}

// Position of the close tag "</NAME>" (spaces allowed before '>') at or
// after `from`; sets *end past it.
size_t FindCloseTag(absl::string_view s, absl::string_view name, size_t from,
                    size_t* end) {
  while (true) {
    const size_t lt = s.find("</", from);
    if (lt == absl::string_view::npos) return lt;
    size_t i = lt + 2 + name.size();
    if (i <= s.size() &&
        absl::EqualsIgnoreCase(s.substr(lt + 2, name.size()), name)) {
      while (i < s.size() && IsSpace(s[i])) ++i;
      if (i < s.size() && s[i] == '>') {
        *end = i + 1;
        return lt;
      }
    }
    from = lt + 2;
  }
}

// The decoded text of an element's content.
std::string ElementText(const std::optional<Element>& element) {
  std::string out;
  if (element) AppendText(element->content, &out);
  return out;
}

std::string StripAll(std::string s) {
  const absl::string_view stripped = absl::StripAsciiWhitespace(s);
  return std::string(stripped);
}

constexpr absl::string_view kMonths[12] = {"JAN", "FEB", "MAR", "APR",
                                           "MAY", "JUN", "JUL", "AUG",
                                           "SEP", "OCT", "NOV", "DEC"};

// 1..12 for an English month name or its 3-letter abbreviation at the
// start of `s` (any case); sets *len. 0 otherwise.
int MonthAt(absl::string_view s, size_t* len) {
  size_t n = 0;
  while (n < s.size() && absl::ascii_isalpha(static_cast<unsigned char>(s[n]))) {
    ++n;
  }
  *len = n;
  if (n < 3) return 0;
  static constexpr absl::string_view kFull[12] = {
      "JANUARY", "FEBRUARY", "MARCH",     "APRIL",   "MAY",      "JUNE",
      "JULY",    "AUGUST",   "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"};
  const absl::string_view word = s.substr(0, n);
  for (int m = 0; m < 12; ++m) {
    if (absl::EqualsIgnoreCase(word, kMonths[m]) ||
        absl::EqualsIgnoreCase(word, kFull[m])) {
      return m + 1;
    }
  }
  return 0;
}

// Reads up to `max` ASCII digits at s[*i]; false if there are none.
bool Digits(absl::string_view s, size_t* i, size_t max, int64_t* value) {
  const size_t start = *i;
  *value = 0;
  while (*i < s.size() && *i - start < max &&
         absl::ascii_isdigit(static_cast<unsigned char>(s[*i]))) {
    *value = *value * 10 + (s[*i] - '0');
    ++*i;
  }
  return *i > start;
}

bool ValidDay(int64_t y, int64_t m, int64_t d) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const absl::CivilDay day(y, m, d);
  return day.year() == y && day.month() == m && day.day() == d;
}

std::optional<absl::Time> DayTime(int64_t y, int64_t m, int64_t d) {
  if (!ValidDay(y, m, d)) return std::nullopt;
  return absl::FromCivil(absl::CivilDay(y, m, d), absl::UTCTimeZone());
}

ReutersTextType TextType(const std::optional<Element>& text) {
  if (!text) return ReutersTextType::kNorm;
  const std::optional<std::string> type = Attribute(text->attributes, "TYPE");
  if (type && absl::EqualsIgnoreCase(*type, "BRIEF")) {
    return ReutersTextType::kBrief;
  }
  if (type && absl::EqualsIgnoreCase(*type, "UNPROC")) {
    return ReutersTextType::kUnproc;
  }
  return ReutersTextType::kNorm;
}

absl::StatusOr<Article> ParseReuters(absl::string_view attributes,
                                     absl::string_view content) {
  Article article;
  const std::optional<std::string> newid = Attribute(attributes, "NEWID");
  const std::string id =
      newid ? std::string(absl::StripAsciiWhitespace(*newid)) : "";
  if (id.empty()) {
    return FieldError("id", "missing NEWID attribute in <REUTERS>");
  }
  article.id = absl::StrCat("reuters-", id);
  article.source = "Reuters";
  article.language = "en";

  if (const std::optional<Element> date = FindElement(content, "DATE")) {
    std::string text;
    AppendText(date->content, &text);
    absl::StatusOr<absl::Time> t = ParseReutersDate(text);
    if (!t.ok()) return FieldError("published", t.status().message());
    article.published = *t;
  }

  const std::optional<Element> text_element = FindElement(content, "TEXT");
  const absl::string_view text =
      text_element ? text_element->content : absl::string_view();
  const ReutersTextType type = TextType(text_element);

  article.title = CollapseWhitespace(ElementText(FindElement(text, "TITLE")));
  if (const std::optional<Element> body = FindElement(text, "BODY")) {
    AppendText(body->content, &article.body);
  } else if (type == ReutersTextType::kUnproc) {
    AppendText(text, &article.body);  // the whole <TEXT>
  }
  StripReutersSignOff(&article.body);
  article.body = StripAll(std::move(article.body));
  if (article.body.empty() && type == ReutersTextType::kBrief) {
    article.body = article.title;  // a headline-only story
  }
  return article;
}

absl::StatusOr<Article> ParseTrec(absl::string_view content) {
  Article article;
  article.id = CollapseWhitespace(ElementText(FindElement(content, "DOCNO")));
  if (article.id.empty()) return FieldError("id", "missing <DOCNO>");
  for (absl::string_view name : {"HEADLINE", "HEAD", "TITLE"}) {
    article.title = CollapseWhitespace(ElementText(FindElement(content, name)));
    if (!article.title.empty()) break;
  }
  size_t from = 0;
  while (true) {
    size_t content_start;
    absl::string_view attributes;
    const size_t at =
        FindOpenTag(content, "TEXT", from, &content_start, &attributes);
    if (at == absl::string_view::npos) break;
    size_t end = content.size();
    size_t close = FindCloseTag(content, "TEXT", content_start, &end);
    if (close == absl::string_view::npos) close = content.size();
    std::string part;
    AppendText(content.substr(content_start, close - content_start), &part);
    part = StripAll(std::move(part));
    if (!part.empty()) {
      if (!article.body.empty()) article.body.append("\n\n");
      article.body.append(part);
    }
    from = end;
  }
  if (const std::optional<Element> date = FindElement(content, "DATE")) {
    article.published = ParseTrecDate(date->content);
  }
  return article;
}

}  // namespace

std::string ToUtf8(absl::string_view bytes) {
  if (simdjson::validate_utf8(bytes.data(), bytes.size())) {
    return std::string(bytes);
  }
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    const unsigned char b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

void AppendText(absl::string_view s, std::string* out) {
  out->reserve(out->size() + s.size());
  size_t run = 0;  // start of the pending run of ordinary bytes
  size_t i = 0;
  size_t next_gt = s.find('>');  // the first '>' at or after i, or npos
  auto flush = [&] {
    out->append(s.data() + run, i - run);
  };
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '<') {
      if (next_gt != absl::string_view::npos && next_gt < i) {
        next_gt = s.find('>', i);
      }
      bool block;
      const size_t n = MarkupLength(
          s.substr(i),
          next_gt == absl::string_view::npos ? next_gt : next_gt - i, &block);
      if (n > 0) {
        flush();
        if (block) out->push_back('\n');
        i += n;
        run = i;
        continue;
      }
    } else if (c == '&') {
      flush();
      const size_t n = DecodeReference(s.substr(i), out);
      if (n > 0) {
        i += n;
        run = i;
        continue;
      }
      run = i;  // literal '&': stays in the run
    } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      flush();
      run = ++i;
      continue;
    } else if (c == 0xC2 && i + 1 < s.size() &&
               static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      flush();  // a C1 control character
      i += 2;
      run = i;
      continue;
    }
    ++i;
  }
  flush();
}

void AppendWithoutControls(absl::string_view s, std::string* out) {
  out->reserve(out->size() + s.size());
  size_t run = 0;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t skip = 0;
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      skip = 1;
    } else if (c == 0xC2 && i + 1 < s.size() &&
               static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      skip = 2;
    }
    if (skip > 0) {
      out->append(s.data() + run, i - run);
      i += skip;
      run = i;
    } else {
      ++i;
    }
  }
  out->append(s.data() + run, i - run);
}

std::string CollapseWhitespace(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::optional<Element> FindElement(absl::string_view sgml,
                                   absl::string_view name, size_t from) {
  size_t content_start;
  absl::string_view attributes;
  if (FindOpenTag(sgml, name, from, &content_start, &attributes) ==
      absl::string_view::npos) {
    return std::nullopt;
  }
  Element element;
  element.attributes = attributes;
  size_t end;
  const size_t close = FindCloseTag(sgml, name, content_start, &end);
  element.closed = close != absl::string_view::npos;
  element.content = sgml.substr(
      content_start, (element.closed ? close : sgml.size()) - content_start);
  return element;
}

std::optional<std::string> Attribute(absl::string_view attributes,
                                     absl::string_view name) {
  size_t i = 0;
  const absl::string_view s = attributes;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    const size_t name_start = i;
    while (i < s.size() && !IsSpace(s[i]) && s[i] != '=') ++i;
    const absl::string_view attr = s.substr(name_start, i - name_start);
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      if (attr.empty()) ++i;  // stray character
      continue;  // an attribute without value
    }
    ++i;
    while (i < s.size() && IsSpace(s[i])) ++i;
    absl::string_view value;
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
      const char quote = s[i++];
      const size_t end = s.find(quote, i);
      const size_t stop = end == absl::string_view::npos ? s.size() : end;
      value = s.substr(i, stop - i);
      i = stop + 1;
    } else {
      const size_t value_start = i;
      while (i < s.size() && !IsSpace(s[i])) ++i;
      value = s.substr(value_start, i - value_start);
    }
    if (absl::EqualsIgnoreCase(attr, name)) {
      std::string decoded;
      AppendText(value, &decoded);
      return decoded;
    }
  }
  return std::nullopt;
}

absl::StatusOr<absl::Time> ParseReutersDate(absl::string_view value) {
  const auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("'", Excerpt(absl::StripAsciiWhitespace(value)),
                     "' is not a Reuters date (like 26-FEB-1987 15:01:01.79)"));
  };
  const absl::string_view s = value;
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  int64_t day, year;
  if (!Digits(s, &i, 2, &day) || i >= s.size() || s[i] != '-') return bad();
  ++i;
  size_t len;
  const int month = MonthAt(s.substr(i), &len);
  if (month == 0 || len != 3) return bad();
  i += len;
  if (i >= s.size() || s[i] != '-') return bad();
  ++i;
  const size_t year_start = i;
  if (!Digits(s, &i, 4, &year) || i - year_start != 4) return bad();
  if (i < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) {
    return bad();
  }
  const std::optional<absl::Time> midnight = DayTime(year, month, day);
  if (!midnight) return bad();
  // The time of day: H:MM:SS[.fraction]. Anything else keeps the day.
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  int64_t hour, minute, second;
  const size_t hour_start = i;
  if (!Digits(s, &i, 3, &hour) || i - hour_start > 2 || i >= s.size() ||
      s[i] != ':') {
    return *midnight;
  }
  ++i;
  const size_t minute_start = i;
  if (!Digits(s, &i, 2, &minute) || i - minute_start != 2 || i >= s.size() ||
      s[i] != ':') {
    return *midnight;
  }
  ++i;
  const size_t second_start = i;
  if (!Digits(s, &i, 2, &second) || i - second_start != 2) return *midnight;
  if (hour > 23 || minute > 59 || second > 59) return *midnight;
  absl::Duration fraction = absl::ZeroDuration();
  if (i < s.size() && s[i] == '.') {
    ++i;
    absl::Duration unit = absl::Milliseconds(100);
    while (i < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) {
      fraction += (s[i] - '0') * unit;
      unit /= 10;
      ++i;
    }
  }
  return *midnight + absl::Hours(hour) + absl::Minutes(minute) +
         absl::Seconds(second) + fraction;
}

std::optional<absl::Time> ParseTrecDate(absl::string_view value) {
  std::string text;
  AppendText(value, &text);
  const std::string s = CollapseWhitespace(text);
  if (s.empty()) return std::nullopt;
  if (auto t = ParseReutersDate(s); t.ok()) return *t;
  const absl::string_view first_word =
      absl::string_view(s).substr(0, s.find(' '));
  if (auto t = ParsePublishedTime(first_word); t.ok()) return *t;
  if (auto t = ParsePublishedTime(s); t.ok()) return *t;
  // YYMMDD / YYYYMMDD
  if (std::all_of(first_word.begin(), first_word.end(), [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c));
      })) {
    auto num = [&](size_t at, size_t n) {
      int64_t v = 0;
      for (size_t k = at; k < at + n; ++k) v = v * 10 + (first_word[k] - '0');
      return v;
    };
    if (first_word.size() == 6) {
      return DayTime(1900 + num(0, 2), num(2, 2), num(4, 2));
    }
    if (first_word.size() == 8) {
      return DayTime(num(0, 4), num(4, 2), num(6, 2));
    }
    return std::nullopt;
  }
  // "January 5, 1989" or "Jan 5 1989"
  size_t len;
  const int month = MonthAt(s, &len);
  if (month == 0) return std::nullopt;
  size_t i = len;
  if (i < s.size() && s[i] == '.') ++i;
  while (i < s.size() && s[i] == ' ') ++i;
  int64_t day, year;
  if (!Digits(s, &i, 2, &day)) return std::nullopt;
  if (i < s.size() && s[i] == ',') ++i;
  while (i < s.size() && s[i] == ' ') ++i;
  const size_t year_start = i;
  if (!Digits(s, &i, 4, &year) || i - year_start != 4) return std::nullopt;
  return DayTime(year, month, day);
}

ReutersTextType GetReutersTextType(absl::string_view record) {
  return TextType(FindElement(record, "TEXT"));
}

namespace {

// "reuter", "Reuters", "REUTER..." at the start of `s`: returns the length
// of the match (letters, optional s, dots), 0 if none.
size_t SignOffWord(absl::string_view s, bool allow_plural) {
  if (s.size() < 6 || !absl::EqualsIgnoreCase(s.substr(0, 6), "reuter")) {
    return 0;
  }
  size_t i = 6;
  if (allow_plural && i < s.size() && (s[i] == 's' || s[i] == 'S')) ++i;
  while (i < s.size() && s[i] == '.') ++i;
  return i;
}

// Removes one sign-off; false if there was none.
bool StripSignOffOnce(std::string* body) {
  size_t n = body->size();
  while (n > 0 && IsSpace((*body)[n - 1])) --n;
  body->resize(n);
  const size_t nl = body->rfind('\n');
  const size_t line_start = nl == std::string::npos ? 0 : nl + 1;
  absl::string_view line = absl::string_view(*body).substr(line_start);
  const size_t indent = line.find_first_not_of(" \t");
  if (indent == absl::string_view::npos) return false;
  line.remove_prefix(indent);
  // A carriage return written in caret notation, as some stories have.
  if (absl::EndsWith(line, "^M")) line.remove_suffix(2);
  // The whole line: "Reuter", "REUTERS", "REUTER...", "REUTER N".
  size_t i = SignOffWord(line, /*allow_plural=*/true);
  if (i > 0) {
    bool whole = i == line.size();
    if (!whole && line[i] == ' ') {
      size_t j = i + 1;
      while (j < line.size() &&
             absl::ascii_isupper(static_cast<unsigned char>(line[j]))) {
        ++j;
      }
      whole = j == line.size() && j - (i + 1) >= 1 && j - (i + 1) <= 3;
    }
    if (whole) {
      body->resize(line_start);
      return true;
    }
  }
  // The last word of a line of text: "... said. Reuter" (never "Reuters",
  // which prose uses: "... told Reuters").
  const size_t space = line.find_last_of(" \t");
  if (space == absl::string_view::npos) return false;
  const absl::string_view word = line.substr(space + 1);
  if (!word.empty() && SignOffWord(word, /*allow_plural=*/false) == word.size()) {
    body->resize(static_cast<size_t>(word.data() - body->data()));
    return true;
  }
  return false;
}

}  // namespace

void StripReutersSignOff(std::string* body) {
  // Some stories are signed off twice.
  for (int round = 0; round < 3 && StripSignOffOnce(body); ++round) {
  }
  size_t n = body->size();
  while (n > 0 && IsSpace((*body)[n - 1])) --n;
  body->resize(n);
}

absl::StatusOr<Article> ParseSgmlRecord(absl::string_view bytes) {
  const std::string utf8 = ToUtf8(bytes);
  const absl::string_view record = utf8;
  size_t start = 0;
  while (start < record.size() && IsSpace(record[start])) ++start;
  for (absl::string_view root : {"REUTERS", "DOC"}) {
    size_t content_start;
    absl::string_view attributes;
    if (FindOpenTag(record, root, start, &content_start, &attributes) !=
        start) {
      continue;
    }
    size_t end;
    const size_t close = FindCloseTag(record, root, content_start, &end);
    if (close == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("unterminated <", root, "> record: no </", root,
                       "> before the next record or the end of input"));
    }
    const absl::string_view content =
        record.substr(content_start, close - content_start);
    if (root == "REUTERS") return ParseReuters(attributes, content);
    return ParseTrec(content);
  }
  return absl::InvalidArgumentError("no <REUTERS> or <DOC> record");
}

}  // namespace byline::sgml

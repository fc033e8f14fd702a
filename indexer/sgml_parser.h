// The SGML side of RecordParser: Reuters-21578 <REUTERS> and TREC <DOC>
// records, plus the text helpers they share (character set fallback,
// character references, markup removal, Reuters dates). The policies are
// documented in record_parser.h.
#ifndef BYLINE_INDEXER_SGML_PARSER_H_
#define BYLINE_INDEXER_SGML_PARSER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "indexer/article.h"

namespace byline::sgml {

// `bytes` unchanged when they are valid UTF-8, else every byte read as
// Latin-1 (ISO 8859-1) and re-encoded as UTF-8.
std::string ToUtf8(absl::string_view bytes);

// Appends the character data of SGML text (already UTF-8) to *out:
//  * markup (a '<' followed by a letter, '/', '!' or '?', up to the next
//    '>') is removed; block tags (P, BR, DIV, H1..H6, LI, TR, TABLE)
//    become a newline so that words do not run together;
//  * character references are decoded: &#N; and &#xN; (any code point) and
//    the common named ones (&lt; &gt; &amp; &quot; &apos; &nbsp; dashes,
//    quotes, ...); an unknown name is kept as written;
//  * control characters other than tab and newline (C0, DEL and C1,
//    whether raw or from a reference) are dropped; a reference to a
//    surrogate or beyond U+10FFFF becomes U+FFFD.
void AppendText(absl::string_view sgml, std::string* out);

// Appends UTF-8 text to *out without its control characters (all but tab
// and newline, C1 included). For plain text.
void AppendWithoutControls(absl::string_view utf8, std::string* out);

// Runs of ASCII whitespace become one space; leading and trailing
// whitespace is removed. For titles.
std::string CollapseWhitespace(absl::string_view text);

// One element of a record, found by tag name (ASCII case-insensitive).
struct Element {
  absl::string_view attributes;  // raw, between the tag name and '>'
  absl::string_view content;     // raw, up to the close tag
  bool closed = false;           // false: no close tag, content runs to the end
};

// The first element `name` in `sgml` at or after `from`.
std::optional<Element> FindElement(absl::string_view sgml,
                                   absl::string_view name, size_t from = 0);

// The value of attribute `name` (case-insensitive; quoted with " or ', or
// unquoted) in an element's attributes; nullopt if absent.
std::optional<std::string> Attribute(absl::string_view attributes,
                                     absl::string_view name);

// "26-FEB-1987 15:01:01.79" (day of one or two digits, English month
// abbreviation in any case, fraction of any length or none), UTC. Leading
// whitespace is skipped and anything after the time is ignored (the
// collection appends tab-separated desk codes, and once a comment). A time
// of day out of range (one record has an hour of 605) or missing keeps the
// day, at 00:00 UTC. InvalidArgument naming the value when the day itself
// does not parse.
absl::StatusOr<absl::Time> ParseReutersDate(absl::string_view value);

// TREC <DATE> contents, best effort: a Reuters date, an RFC 3339 time or
// YYYY-MM-DD date, YYMMDD (19YY) or YYYYMMDD as the first word, or
// "January 5, 1989" / "Jan 5 1989" at the start. Markup is ignored.
std::optional<absl::Time> ParseTrecDate(absl::string_view value);

enum class ReutersTextType { kNorm, kBrief, kUnproc };

// The TYPE attribute of a Reuters record's <TEXT> element: BRIEF, UNPROC,
// or anything else (normally no TYPE at all) kNorm.
ReutersTextType GetReutersTextType(absl::string_view record);

// Removes the sign-off Reuters stories end with: a last line that is only
// "Reuter"/"REUTERS" (any case, optionally followed by dots and a one to
// three capital letter desk code: "REUTER...", "REUTER N"), or a last word
// "Reuter" (any case, optionally with dots, not "Reuters") after other text
// on the last line ("... NIL. REUTER"). A literal "^M" (a carriage return in
// caret notation, in some stories) after it goes too. Repeated up to three
// times for stories signed off twice. Trailing whitespace is removed either
// way. "... told Reuters." is left alone.
void StripReutersSignOff(std::string* body);

// Parses one <REUTERS> or <DOC> record (any bytes: the Latin-1 fallback
// applies) into an article, not yet validated (see ValidateArticle).
// Errors are InvalidArgument naming the field and reason.
absl::StatusOr<Article> ParseSgmlRecord(absl::string_view bytes);

}  // namespace byline::sgml

#endif  // BYLINE_INDEXER_SGML_PARSER_H_

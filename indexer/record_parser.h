// Turns a RawRecord into a validated Article, whatever its format.
//
// Formats and policies:
//  * JSON Lines: see article_parser.h. A `"deleted": true` record is a
//    tombstone (Article::deleted): only its id is set.
//  * Reuters-21578 SGML: id "reuters-<NEWID>" (no NEWID attribute: "field
//    'id': missing NEWID attribute in <REUTERS>"), title <TITLE> (whitespace
//    collapsed), body <BODY> (the trailing "Reuter" sign-off and &#3;
//    removed; see sgml::StripReutersSignOff), date <DATE>
//    ("26-FEB-1987 15:01:01.79", UTC; see sgml::ParseReutersDate: trailing
//    desk codes are ignored and an out-of-range time of day keeps the day;
//    a date that does not parse rejects the record: "field 'published':
//    '...' is not a Reuters date ..."; no <DATE>: undated), source
//    "Reuters", language "en". TYPE="BRIEF" records (a headline and no
//    body) are indexed with the headline as body. TYPE="UNPROC" records
//    (text not split into title and body) use the whole <TEXT> as body,
//    with no title. Bodies that are identical to another record's are
//    kept: they are distinct articles. A record without its end tag is
//    rejected ("unterminated <REUTERS> record ...").
//    Observed on the full collection (tests/reuters_corpus_test.cc): 21,578
//    records, 19,043 plain, 1,798 BRIEF, 737 UNPROC; 21,577 articles and 1
//    rejected (an UNPROC story whose <TEXT> holds only control characters:
//    "field 'body': missing or empty"); every NEWID unique; every date
//    parses (one has an hour of 605 and keeps only its day); 358
//    articles repeat an earlier article's body exactly (328 plain, 26
//    BRIEF headlines, 4 UNPROC), all indexed.
//  * TREC SGML (<DOC><DOCNO>...): id from DOCNO ("field 'id': missing
//    <DOCNO>"), title from the first non-empty <HEADLINE>, <HEAD> or
//    <TITLE>, body from every <TEXT> (joined by a blank line; markup inside
//    removed, <P> and the like becoming line breaks), date from <DATE> when
//    it parses (sgml::ParseTrecDate), else undated; no source.
//  * Text tree: id is the path relative to the input directory (for a
//    single .txt file, the path as given: RawRecord::file), first non-blank
//    line the title, the rest the body; no date, no source. The text is
//    taken literally (no character references or markup).
// For SGML, character references (&#3;, &lt;, &amp;, ...) are decoded. In
// SGML and text, control characters other than tab and newline (so also
// \r, and C1 controls) are dropped, and records that are not valid UTF-8
// are read as Latin-1 (as Reuters-21578 is, where one record has a 0xFC
// byte). JSON Lines must be UTF-8 (see article_parser.h). SGML and text
// inputs have no tombstones.
// An SGML record that does not start with <REUTERS or <DOC is rejected:
// "no <REUTERS> or <DOC> record".
#ifndef BYLINE_INDEXER_RECORD_PARSER_H_
#define BYLINE_INDEXER_RECORD_PARSER_H_

#include "absl/status/statusor.h"
#include "indexer/article.h"
#include "indexer/article_parser.h"
#include "indexer/record_reader.h"

namespace byline {

// Thread safety: not thread-safe (reuses parsers and buffers); one per
// thread.
class RecordParser {
 public:
  explicit RecordParser(ArticleLimits limits = {});

  // Errors are InvalidArgument naming the field and reason, as for JSON.
  absl::StatusOr<Article> Parse(const RawRecord& record);

 private:
  ArticleLimits limits_;
  ArticleParser json_;
};

}  // namespace byline

#endif  // BYLINE_INDEXER_RECORD_PARSER_H_

// Turns a RawRecord into a validated Article, whatever its format.
//
// Formats and policies:
//  * JSON Lines: see article_parser.h.
//  * Reuters-21578 SGML: id "reuters-<NEWID>", title <TITLE>, body <BODY>
//    (the trailing "Reuter" sign-off and &#3; removed), date <DATE>
//    ("26-FEB-1987 15:01:01.79", UTC), source "Reuters". TYPE="BRIEF"
//    records (a headline and no body) are indexed with the headline as
//    body. TYPE="UNPROC" records (text not split into title and body) use
//    the whole <TEXT> as body. Bodies that are identical to another
//    record's are kept: they are distinct articles.
//  * TREC SGML (<DOC><DOCNO>...): id from DOCNO, title from <HEADLINE>,
//    <HEAD> or <TITLE>, body from <TEXT>, date from <DATE> when it parses.
//  * Text tree: id is the path relative to the input directory, first
//    non-blank line the title, the rest the body; no date.
// Character references (&#3;, &lt;, &amp;, ...) are decoded; control
// characters other than tab and newline are dropped; records that are not
// valid UTF-8 are read as Latin-1 (as Reuters-21578 is).
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

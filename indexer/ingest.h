// Reads articles from a JSON Lines stream into an index, one record at a
// time: bad records are reported and skipped, never fatal, so nothing
// already accepted is lost.
#ifndef BYLINE_INDEXER_INGEST_H_
#define BYLINE_INDEXER_INGEST_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "indexer/article_parser.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"

namespace byline {

struct IngestCounts {
  uint64_t read = 0;      // records (non-blank lines) seen
  uint64_t indexed = 0;   // articles new to the index
  uint64_t replaced = 0;  // articles that replaced an earlier version
  uint64_t rejected = 0;  // records refused; each was reported

  IngestCounts& operator+=(const IngestCounts& other);
};

struct RejectedRecord {
  std::string input;    // file name, or "-" for standard input
  uint64_t line = 0;    // 1-based line number
  std::string reason;   // e.g. "field 'id': missing or empty"
};

using RejectCallback = std::function<void(const RejectedRecord&)>;

// Indexes every line of `in`. Blank lines are skipped silently. A record
// that fails to parse, validate or analyse is passed to `on_reject` and
// counted; indexing goes on. Returns a non-OK status only when the index
// itself fails (write or commit error); counts up to that point are in
// `*counts`. Does not commit: the caller commits once all inputs are read.
absl::Status IngestJsonl(std::istream& in, absl::string_view input_name,
                         ArticleParser& parser, DocumentBuilder& builder,
                         IndexWriter& writer, const RejectCallback& on_reject,
                         IngestCounts* counts);

}  // namespace byline

#endif  // BYLINE_INDEXER_INGEST_H_

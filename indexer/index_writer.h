// The adapter between Byline and a writable Xapian database: it adds,
// replaces and deletes articles (one document each, keyed by the id term),
// commits, and turns Xapian's exceptions into absl::Status (through
// util/xapian_status.h).
#ifndef BYLINE_INDEXER_INDEX_WRITER_H_
#define BYLINE_INDEXER_INDEX_WRITER_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace byline {

struct IndexWriterOptions {
  // Commit after this many writes and deletes (also on Commit() and
  // destruction).
  uint32_t commit_every = 20000;
};

// Thread safety: not thread-safe. Xapian allows one writer per database; a
// second IndexWriter on the same path fails to open with Unavailable.
class IndexWriter {
 public:
  enum class Outcome { kAdded, kReplaced };

  // Opens the Xapian database at `path` (one shard of an index, or a plain
  // one-database index), creating it if needed.
  // Errors: Unavailable if another writer holds the lock; FailedPrecondition
  // if the index was built with another schema version; other Xapian errors
  // as mapped by XapianStatus (mostly Internal).
  static absl::StatusOr<std::unique_ptr<IndexWriter>> Open(
      const std::string& path, const IndexWriterOptions& options = {});

  // Commits what is pending; errors are logged to stderr, not thrown.
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Stores the document of article `id`, replacing the one it had. `doc`
  // must carry the id term.
  // Errors: Internal (or another code of XapianStatus) on Xapian failures.
  absl::StatusOr<Outcome> Write(absl::string_view id, Xapian::Document doc);

  // Removes article `id` (its one document). Returns true if the database
  // held it, false if not (nothing changes then). Errors as for Write.
  absl::StatusOr<bool> Delete(absl::string_view id);

  // Makes everything written so far durable and visible to readers. A
  // non-empty `checkpoint` (an input position) is recorded with the commit.
  absl::Status Commit(absl::string_view checkpoint = "");

  // Articles in the database, committed or not.
  uint64_t article_count() const;

 private:
  IndexWriter(Xapian::WritableDatabase db, IndexWriterOptions options);

  Xapian::WritableDatabase db_;
  IndexWriterOptions options_;
  uint32_t uncommitted_changes_ = 0;  // writes and deletes
};

}  // namespace byline

#endif  // BYLINE_INDEXER_INDEX_WRITER_H_

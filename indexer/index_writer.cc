// Xapian writer adapter: the only indexer code that calls Xapian's write API.
#include "indexer/index_writer.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "schema/schema.h"
#include "util/xapian_status.h"

namespace byline {

absl::StatusOr<std::unique_ptr<IndexWriter>> IndexWriter::Open(
    const std::string& path, const IndexWriterOptions& options) {
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    const std::string version =
        db.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (version.empty()) {
      if (db.get_doccount() != 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            path, " holds a Xapian database that Byline did not build"));
      }
      db.set_metadata(std::string(schema::kMetaSchemaVersion),
                      std::string(schema::kSchemaVersion));
      db.set_metadata(std::string(schema::kMetaSampleBuckets),
                      absl::StrCat(schema::kSampleBuckets));
    } else if (version != schema::kSchemaVersion) {
      return absl::FailedPreconditionError(
          schema::SchemaMismatchMessage(path, version));
    }
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(db), options));
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, absl::StrCat("opening index ", path));
  }
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db,
                         IndexWriterOptions options)
    : db_(std::move(db)), options_(options) {}

IndexWriter::~IndexWriter() {
  if (absl::Status status = Commit(); !status.ok()) {
    std::fprintf(stderr, "byline: final commit failed: %s\n",
                 std::string(status.message()).c_str());
  }
}

absl::StatusOr<IndexWriter::Outcome> IndexWriter::Write(
    absl::string_view id, Xapian::Document doc) {
  try {
    const std::string id_term = schema::ArticleIdTerm(id);
    const bool existed = db_.term_exists(id_term);
    if (existed) {
      db_.replace_document(id_term, doc);
    } else {
      db_.add_document(doc);
    }
    if (++uncommitted_changes_ >= options_.commit_every) {
      if (absl::Status status = Commit(); !status.ok()) return status;
    }
    return existed ? Outcome::kReplaced : Outcome::kAdded;
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, absl::StrCat("writing article '", id, "'"));
  }
}

absl::StatusOr<bool> IndexWriter::Delete(absl::string_view id) {
  try {
    const std::string id_term = schema::ArticleIdTerm(id);
    if (!db_.term_exists(id_term)) return false;
    db_.delete_document(id_term);
    if (++uncommitted_changes_ >= options_.commit_every) {
      if (absl::Status status = Commit(); !status.ok()) return status;
    }
    return true;
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, absl::StrCat("deleting article '", id, "'"));
  }
}

uint64_t IndexWriter::article_count() const { return db_.get_doccount(); }

absl::Status IndexWriter::Commit(absl::string_view checkpoint) {
  try {
    if (uncommitted_changes_ == 0 && checkpoint.empty()) {
      return absl::OkStatus();
    }
    if (!checkpoint.empty()) {
      db_.set_metadata(std::string(schema::kMetaCheckpoint),
                       std::string(checkpoint));
    }
    db_.set_metadata(std::string(schema::kMetaBuiltAt),
                     absl::FormatTime(absl::RFC3339_sec, absl::Now(),
                                      absl::UTCTimeZone()));
    db_.set_metadata(std::string(schema::kMetaArticleCount),
                     absl::StrCat(db_.get_doccount()));
    db_.commit();
    uncommitted_changes_ = 0;
    return absl::OkStatus();
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, "committing the index");
  }
}

}  // namespace byline

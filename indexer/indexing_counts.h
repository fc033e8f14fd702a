// What an indexing run counts, and how it reports a record it refused:
// shared by the parallel pipeline (indexer/parallel_indexer.h), the jobs
// that drive it (jobs/index_job.h) and the CLI.
#ifndef BYLINE_INDEXER_INDEXING_COUNTS_H_
#define BYLINE_INDEXER_INDEXING_COUNTS_H_

#include <cstdint>
#include <functional>
#include <string>

namespace byline {

// Counts of one run (or, summed with +=, of several). Plain data.
struct IndexingCounts {
  uint64_t read = 0;      // input records seen (tombstones included)
  uint64_t indexed = 0;   // articles new to the index
  uint64_t replaced = 0;  // articles that replaced an earlier version
  uint64_t rejected = 0;  // records refused; each was reported
  // Deletes (tombstone records and ParallelIndexerOptions::delete_ids) that
  // removed an article, and those whose id the index did not hold.
  uint64_t deleted = 0;
  uint64_t delete_misses = 0;

  IndexingCounts& operator+=(const IndexingCounts& other) {
    read += other.read;
    indexed += other.indexed;
    replaced += other.replaced;
    rejected += other.rejected;
    deleted += other.deleted;
    delete_misses += other.delete_misses;
    return *this;
  }
};

// A record that was refused: where it is and why.
struct RejectedRecord {
  std::string input;    // file name, or "-" for standard input
  uint64_t line = 0;    // 1-based line number (see RawRecord::number)
  std::string reason;   // e.g. "field 'id': missing or empty"
};

// Called once per rejected record, in input order, on one thread.
using RejectCallback = std::function<void(const RejectedRecord&)>;

}  // namespace byline

#endif  // BYLINE_INDEXER_INDEXING_COUNTS_H_

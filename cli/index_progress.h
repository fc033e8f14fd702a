// The live progress line of `byline index|update|rebuild` on a terminal:
// articles, articles/s, MB/s, rejects and an ETA for inputs of known size
// (files and directories, plain or compressed; never standard input).
#ifndef BYLINE_CLI_INDEX_PROGRESS_H_
#define BYLINE_CLI_INDEX_PROGRESS_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>

#include "absl/time/time.h"
#include "indexer/parallel_indexer.h"

namespace byline::cli {

// "ETA 0:07", "ETA 12:34", "ETA 1:02:03" (rounded up to the second).
std::string FormatEta(absl::Duration remaining);

// How far the indexer's reader may run ahead of the records reported done:
// the batches it may have in flight plus the one it is filling, in records.
uint64_t ReaderLeadRecords(const ParallelIndexerOptions& options);

// Estimates the time left of one indexing run from its progress reports.
// IndexingProgress::bytes_read is what the reader has consumed (compressed
// bytes for .gz/.zst, the sizes of the files read for a directory), and
// the reader runs up to `reader_lead_records` records ahead of
// counts.read, so the total number of records is estimated as
//   bytes_total * (counts.read + lead) / bytes_read
// (frozen once the reader has consumed everything), and the time left as
// the records still to do over the rate of records done in the last
// `window` of the run.
class EtaEstimator {
 public:
  explicit EtaEstimator(uint64_t reader_lead_records,
                        absl::Duration window = absl::Seconds(20))
      : lead_(reader_lead_records), window_(window) {}

  // Takes one progress report; returns the time left, or nullopt when it
  // is unknown: no known input size (standard input), nothing done yet,
  // less than a second of history, or an input small enough for the reader
  // to have consumed all of it before the first record was done.
  std::optional<absl::Duration> Update(const IndexingProgress& progress);

 private:
  const uint64_t lead_;
  const absl::Duration window_;
  std::deque<std::pair<absl::Duration, uint64_t>> samples_;  // elapsed, done
  bool reader_done_ = false;
  std::optional<double> total_records_;  // frozen when the reader is done
};

// The progress line (without the leading "\r\x1b[K"):
//   "1536 articles  540/s  1.1 MB/s  0 rejected  ETA 0:08"
std::string ProgressLine(const IndexingProgress& progress,
                         std::optional<absl::Duration> eta);

}  // namespace byline::cli

#endif  // BYLINE_CLI_INDEX_PROGRESS_H_

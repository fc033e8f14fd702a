// Progress line and ETA of the index jobs.
#include "cli/index_progress.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace byline::cli {

std::string FormatEta(absl::Duration remaining) {
  const int64_t total = std::max<int64_t>(
      0, absl::ToInt64Seconds(absl::Ceil(remaining, absl::Seconds(1))));
  const int64_t hours = total / 3600;
  const int64_t minutes = total / 60 % 60;
  const int64_t seconds = total % 60;
  if (hours > 0) {
    return absl::StrFormat("ETA %d:%02d:%02d", hours, minutes, seconds);
  }
  return absl::StrFormat("ETA %d:%02d", minutes, seconds);
}

uint64_t ReaderLeadRecords(const ParallelIndexerOptions& options) {
  const uint64_t in_flight =
      options.max_batches_in_flight > 0
          ? options.max_batches_in_flight
          : 4 * static_cast<uint64_t>(std::max(1, options.threads));
  return (in_flight + 1) * options.batch_records;
}

std::optional<absl::Duration> EtaEstimator::Update(const IndexingProgress& p) {
  if (p.bytes_total == 0 || p.bytes_read == 0 || p.counts.read == 0) {
    return std::nullopt;
  }
  const bool first = samples_.empty();
  samples_.emplace_back(p.elapsed, p.counts.read);
  while (samples_.size() > 2 && p.elapsed - samples_[1].first >= window_) {
    samples_.pop_front();
  }
  const double done = static_cast<double>(p.counts.read);
  if (!reader_done_ && p.bytes_read >= p.bytes_total) {
    reader_done_ = true;
    // The whole input fit in the reader's lead: its record count is
    // anyone's guess (and the run is short).
    if (first) return std::nullopt;
    total_records_ = done + static_cast<double>(lead_);
  }
  if (reader_done_ && !total_records_) return std::nullopt;
  const double total = total_records_
                           ? *total_records_
                           : static_cast<double>(p.bytes_total) *
                                 (done + static_cast<double>(lead_)) /
                                 static_cast<double>(p.bytes_read);
  const auto& [oldest_time, oldest_done] = samples_.front();
  const double seconds = absl::ToDoubleSeconds(p.elapsed - oldest_time);
  if (seconds < 1.0 || p.counts.read <= oldest_done) return std::nullopt;
  const double rate = (done - static_cast<double>(oldest_done)) / seconds;
  const double left = std::max(0.0, total - done) / rate;
  return absl::Seconds(std::min(left, 1e8));
}

std::string ProgressLine(const IndexingProgress& p,
                         std::optional<absl::Duration> eta) {
  const double seconds = std::max(1e-9, absl::ToDoubleSeconds(p.elapsed));
  std::string line = absl::StrFormat(
      "%d articles  %.0f/s  %.1f MB/s  %d rejected", p.counts.read,
      static_cast<double>(p.counts.read) / seconds,
      static_cast<double>(p.bytes_read) / 1e6 / seconds, p.counts.rejected);
  if (eta) absl::StrAppend(&line, "  ", FormatEta(*eta));
  return line;
}

}  // namespace byline::cli

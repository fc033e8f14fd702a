// Following the live generation of an index, per worker.
#include "service/live_searcher.h"

#include <utility>

#include "absl/time/clock.h"
#include "util/status_macros.h"

namespace byline::service {
namespace {

// The pointer's stamp, or nullopt when there is no pointer file (a plain
// database, or an index being deleted).
std::optional<generations::PointerStamp> Stamp(const std::string& dir) {
  absl::StatusOr<generations::PointerStamp> stamp =
      generations::StatPointer(dir);
  if (!stamp.ok()) return std::nullopt;
  return *stamp;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LiveSearcher>> LiveSearcher::Open(
    const std::string& dir, LiveSearcherOptions options, ErrorReporter report) {
  // The stamp first: a switch after it is seen by the first Follow().
  std::optional<generations::PointerStamp> stamp = Stamp(dir);
  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<Searcher> live,
                          Searcher::Open(dir, options.searcher));
  return std::unique_ptr<LiveSearcher>(new LiveSearcher(
      dir, std::move(options), std::move(report), stamp, std::move(live)));
}

LiveSearcher::LiveSearcher(std::string dir, LiveSearcherOptions options,
                           ErrorReporter report,
                           std::optional<generations::PointerStamp> stamp,
                           std::unique_ptr<Searcher> live)
    : dir_(std::move(dir)),
      options_(std::move(options)),
      report_(std::move(report)),
      stamp_(stamp),
      live_(std::move(live)) {}

absl::Status LiveSearcher::Refresh() {
  Follow();
  // A generation never changes once complete; older indexes are reopened
  // to pick up their latest commit (cheap when there is none).
  if (live_->generation().empty()) return live_->Reopen();
  return absl::OkStatus();
}

void LiveSearcher::Follow() {
  const std::optional<generations::PointerStamp> stamp = Stamp(dir_);
  if (stamp == stamp_) return;
  const absl::Time now = absl::Now();
  if (now < retry_at_) return;
  absl::StatusOr<std::unique_ptr<Searcher>> next =
      Searcher::Open(dir_, options_.searcher);
  if (!next.ok()) {
    // Keep serving the generation open; try again later.
    retry_at_ = now + options_.retry_interval;
    if (report_) report_(next.status());
    return;
  }
  stamp_ = stamp;
  retry_at_ = absl::InfinitePast();
  if (!live_->generation().empty() &&
      (*next)->generation() == live_->generation()) {
    return;  // the pointer was rewritten to the same generation
  }
  if (pinned_ != nullptr && pinned_->generation() == (*next)->generation()) {
    pinned_.reset();  // e.g. a rollback to the generation kept for tokens
  }
  // No task is running: the old generation's hold goes with it.
  live_ = *std::move(next);
}

void LiveSearcher::ExpireIdle(absl::Time now) {
  if (pinned_ != nullptr && now - pinned_used_ >= options_.pinned_idle) {
    pinned_.reset();
  }
}

absl::StatusOr<Searcher*> LiveSearcher::ForGeneration(absl::string_view name) {
  if (name.empty() || name == live_->generation()) return live_.get();
  if (pinned_ == nullptr || pinned_->generation() != name) {
    pinned_.reset();  // release the old hold before taking another
    BYLINE_ASSIGN_OR_RETURN(
        pinned_, Searcher::OpenGeneration(dir_, name, options_.searcher));
  }
  pinned_used_ = absl::Now();
  return pinned_.get();
}

}  // namespace byline::service

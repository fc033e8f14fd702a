// One server worker's view of an index that follows its live generation:
// before each task it looks at the live pointer (one stat) and, when a job
// has switched it, opens the new live generation and closes the old one, so
// that the old generation's hold is released and jobs may remove it. Page
// tokens name the generation their search started on; ForGeneration serves
// them from it (keeping one such non-live generation open for a while).
// Indexes without generations (plain databases, legacy stubs) are reopened
// before each task, as before generations.
#ifndef BYLINE_SERVICE_LIVE_SEARCHER_H_
#define BYLINE_SERVICE_LIVE_SEARCHER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "generations/index_directory.h"
#include "searcher/searcher.h"

namespace byline::service {

struct LiveSearcherOptions {
  SearcherOptions searcher;
  // A non-live generation opened for page tokens is closed (its hold
  // released) once it has not been used for this long.
  absl::Duration pinned_idle = absl::Seconds(10);
  // After a failed open of a new live generation, the next attempt waits
  // at least this long (the old generation is served meanwhile).
  absl::Duration retry_interval = absl::Seconds(1);
};

// Thread safety: not thread-safe; owned and used by one worker thread.
class LiveSearcher {
 public:
  // Called with the error when a new live generation cannot be opened (the
  // old one keeps being served). May be called from any worker thread.
  using ErrorReporter = std::function<void(const absl::Status&)>;

  // Opens the live generation of the index at `dir` (see Searcher::Open,
  // whose errors it returns). `report` may be null.
  static absl::StatusOr<std::unique_ptr<LiveSearcher>> Open(
      const std::string& dir, LiveSearcherOptions options,
      ErrorReporter report);

  // Call before each task. Follow()s the live pointer; then, for an index
  // without generations, reopens its databases (returning that error).
  absl::Status Refresh();

  // When the live pointer has changed since the last look (one stat),
  // opens the new live generation and closes the old one; call only
  // between tasks (none may be running on the old Searcher). A failed open
  // keeps the old generation, is reported through the ErrorReporter and is
  // retried after retry_interval.
  void Follow();

  // Closes the non-live generation if it has been idle for pinned_idle.
  void ExpireIdle(absl::Time now);

  // The live generation's Searcher (never null). Valid until the next
  // Refresh or Follow.
  Searcher& live() { return *live_; }

  // The Searcher of generation `name`: the live one (also for ""), the
  // non-live one kept open, or generation `name` opened now (replacing the
  // one kept). Valid until the next call to this, Refresh, Follow or
  // ExpireIdle. Errors: NotFound when the generation no longer exists;
  // otherwise those of Searcher::OpenGeneration.
  absl::StatusOr<Searcher*> ForGeneration(absl::string_view name);

  // Whether a non-live generation is open (for tests and diagnostics).
  bool has_pinned() const { return pinned_ != nullptr; }

 private:
  LiveSearcher(std::string dir, LiveSearcherOptions options,
               ErrorReporter report,
               std::optional<generations::PointerStamp> stamp,
               std::unique_ptr<Searcher> live);

  const std::string dir_;
  const LiveSearcherOptions options_;
  const ErrorReporter report_;
  // The pointer as it was when live_ was opened; nullopt for a plain
  // database (no pointer file).
  std::optional<generations::PointerStamp> stamp_;
  std::unique_ptr<Searcher> live_;
  // One non-live generation kept open for page tokens, and its last use.
  std::unique_ptr<Searcher> pinned_;
  absl::Time pinned_used_ = absl::InfinitePast();
  // No new attempt to open a changed pointer before this.
  absl::Time retry_at_ = absl::InfinitePast();
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_LIVE_SEARCHER_H_

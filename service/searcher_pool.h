// A bounded pool of worker threads, each owning its own LiveSearcher
// (Xapian handles are not thread-safe) that follows the index's live
// generation. The gRPC service hands blocking searches to it so that they
// never run on gRPC's reactor threads.
#ifndef BYLINE_SERVICE_SEARCHER_POOL_H_
#define BYLINE_SERVICE_SEARCHER_POOL_H_

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "searcher/searcher.h"
#include "service/live_searcher.h"

namespace byline::service {

struct SearcherPoolOptions {
  int workers = 2;          // threads, each with its own LiveSearcher
  size_t max_queued = 256;  // tasks waiting beyond this are refused
  // The queue wait bound (QueueWaitBound()), CoDel-style as Facebook's
  // servers use it: a task may wait this long while the queue keeps
  // emptying, but once it has stayed non-empty for longer than this (a
  // standing queue: sustained overload), only 1/20 of it (5 ms of 100), so
  // that the calls served stay fast and the rest are refused at once
  // instead of all waiting the full bound. While the oldest queued task has
  // waited past the bound, new tasks are refused (Admission::kQueueTooSlow).
  // Infinite: no such bound (max_queued only).
  absl::Duration max_queue_wait = absl::InfiniteDuration();
  SearcherOptions searcher;
  // An idle worker looks at the live pointer this often, so that it lets
  // go of a replaced generation (and its hold) without waiting for a task.
  absl::Duration idle_follow_interval = absl::Seconds(1);
  // A non-live generation a worker opened for page tokens is closed after
  // this long unused (see LiveSearcherOptions::pinned_idle).
  absl::Duration pinned_idle = absl::Seconds(10);
};

// Thread safety: TrySchedule may be called from any thread. Tasks run on
// the pool's threads, one at a time per worker; each gets the LiveSearcher
// its thread owns. A failure to open a new live generation is written to
// stderr once (per distinct error), and the old generation is served.
class SearcherPool {
 public:
  using Task = absl::AnyInvocable<void(LiveSearcher&) &&>;

  // What Schedule did with a task.
  enum class Admission {
    kScheduled,
    kQueueFull,     // max_queued tasks were waiting
    kQueueTooSlow,  // the oldest waiting task had waited past max_queue_wait
    kStopping,      // the pool is shutting down
  };

  // Opens one LiveSearcher per worker on `index_path`; fails as
  // Searcher::Open.
  static absl::StatusOr<std::unique_ptr<SearcherPool>> Create(
      const std::string& index_path, const SearcherPoolOptions& options);

  // Runs every queued task, then joins the threads.
  ~SearcherPool();

  // Queues `task`, or refuses it (without running it) and says why.
  Admission Schedule(Task task);
  // Schedule(task) == kScheduled.
  bool TrySchedule(Task task);

  // Stops accepting tasks, runs those queued, joins the workers and closes
  // their Searchers (releasing their generation holds). Idempotent.
  void Shutdown();

  int workers() const { return workers_; }
  size_t max_queued() const { return max_queued_; }
  absl::Duration max_queue_wait() const { return max_queue_wait_; }
  // How long a task may wait now: max_queue_wait, or 1/20 of it (the
  // target) while the pool is overloaded: the queue has been non-empty for
  // longer than max_queue_wait; or every task taken by a worker during the
  // last whole interval of max_queue_wait had waited longer than the
  // target (the queue empties now and then, but no call gets through
  // without waiting: CoDel's test); or a task was refused or shed within
  // the last max_queue_wait (so that the strict bound holds through an
  // overload, instead of the queue draining by shedding, the bound going
  // lenient and the next calls waiting the full bound).
  absl::Duration QueueWaitBound(absl::Time now) const;
  // Whether a task a worker has taken, which waited `waited` for it, must
  // be shed (not run) because it waited past QueueWaitBound(now), which is
  // stored in `*bound`. A shed counts as a refusal (see QueueWaitBound).
  bool ShouldShed(absl::Duration waited, absl::Time now,
                  absl::Duration* bound);
  // Tasks waiting for a worker, and workers running one (gauges: they may
  // have changed by the time they are read).
  size_t queued() const;
  int busy() const { return busy_.load(std::memory_order_relaxed); }

 private:
  SearcherPool(std::vector<std::unique_ptr<LiveSearcher>> searchers,
               const SearcherPoolOptions& options);
  void WorkerLoop(LiveSearcher* searcher);
  bool HasWorkOrStopping() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::Duration QueueWaitBoundLocked(absl::Time now) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Records the wait of a task a worker takes, for QueueWaitBound.
  void NoteQueueWaitLocked(absl::Duration waited, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const int workers_;
  const size_t max_queued_;
  const absl::Duration max_queue_wait_;
  // The strict bound, 1/20 of max_queue_wait_ (CoDel's target).
  const absl::Duration queue_wait_target_;
  const absl::Duration idle_follow_interval_;
  std::vector<std::unique_ptr<LiveSearcher>> searchers_;
  std::vector<std::thread> threads_;
  mutable absl::Mutex mu_;
  struct Queued {
    Task task;
    absl::Time enqueued;
  };
  std::deque<Queued> queue_ ABSL_GUARDED_BY(mu_);
  // Since when the queue has been non-empty (meaningless while empty).
  absl::Time non_empty_since_ ABSL_GUARDED_BY(mu_);
  // CoDel's test, over intervals of max_queue_wait_: the interval being
  // measured, the shortest wait of a task taken in it, and whether every
  // task taken in the last whole interval waited past the target.
  absl::Time interval_start_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Duration interval_min_wait_ ABSL_GUARDED_BY(mu_) =
      absl::InfiniteDuration();
  bool every_call_waited_ ABSL_GUARDED_BY(mu_) = false;
  // The last refusal for the queue's sake (full, or waited too long) or
  // shed.
  absl::Time last_refusal_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int> busy_{0};
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_SEARCHER_POOL_H_

// A bounded pool of worker threads, each owning its own Searcher (Xapian
// handles are not thread-safe). The gRPC service hands blocking searches to
// it so that they never run on gRPC's reactor threads.
#ifndef BYLINE_SERVICE_SEARCHER_POOL_H_
#define BYLINE_SERVICE_SEARCHER_POOL_H_

#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "searcher/searcher.h"

namespace byline::service {

struct SearcherPoolOptions {
  int workers = 2;          // threads, each with its own Searcher
  size_t max_queued = 256;  // tasks waiting beyond this are refused
  SearcherOptions searcher;
};

// Thread safety: TrySchedule may be called from any thread. Tasks run on
// the pool's threads; each gets the Searcher its thread owns.
class SearcherPool {
 public:
  using Task = absl::AnyInvocable<void(Searcher&) &&>;

  // Opens one Searcher per worker on `index_path`; fails as Searcher::Open.
  static absl::StatusOr<std::unique_ptr<SearcherPool>> Create(
      const std::string& index_path, const SearcherPoolOptions& options);

  // Runs every queued task, then joins the threads.
  ~SearcherPool();

  // Queues `task`; returns false without running it when the queue is full
  // or the pool is shutting down.
  bool TrySchedule(Task task);

  // Stops accepting tasks, runs those queued, joins the workers. Idempotent.
  void Shutdown();

  int workers() const { return static_cast<int>(searchers_.size()); }

 private:
  SearcherPool(std::vector<std::unique_ptr<Searcher>> searchers,
               size_t max_queued);
  void WorkerLoop(Searcher* searcher);
  bool HasWorkOrStopping() const ABSL_SHARED_LOCKS_REQUIRED(mu_);

  const size_t max_queued_;
  std::vector<std::unique_ptr<Searcher>> searchers_;
  std::vector<std::thread> threads_;
  mutable absl::Mutex mu_;
  std::deque<Task> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_SEARCHER_POOL_H_

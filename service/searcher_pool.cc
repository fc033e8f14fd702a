// Worker pool implementation.
#include "service/searcher_pool.h"

#include <utility>

#include "absl/status/status.h"
#include "util/status_macros.h"

namespace byline::service {

absl::StatusOr<std::unique_ptr<SearcherPool>> SearcherPool::Create(
    const std::string& index_path, const SearcherPoolOptions& options) {
  if (options.workers < 1) {
    return absl::InvalidArgumentError("a searcher pool needs a worker");
  }
  std::vector<std::unique_ptr<Searcher>> searchers;
  for (int i = 0; i < options.workers; ++i) {
    BYLINE_ASSIGN_OR_RETURN(auto searcher,
                            Searcher::Open(index_path, options.searcher));
    searchers.push_back(std::move(searcher));
  }
  return std::unique_ptr<SearcherPool>(
      new SearcherPool(std::move(searchers), options.max_queued));
}

SearcherPool::SearcherPool(std::vector<std::unique_ptr<Searcher>> searchers,
                           size_t max_queued)
    : max_queued_(max_queued), searchers_(std::move(searchers)) {
  for (auto& searcher : searchers_) {
    threads_.emplace_back([this, s = searcher.get()] { WorkerLoop(s); });
  }
}

SearcherPool::~SearcherPool() { Shutdown(); }

bool SearcherPool::TrySchedule(Task task) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= max_queued_) return false;
  queue_.push_back(std::move(task));
  return true;
}

void SearcherPool::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

bool SearcherPool::HasWorkOrStopping() const {
  return stopping_ || !queue_.empty();
}

void SearcherPool::WorkerLoop(Searcher* searcher) {
  for (;;) {
    Task task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &SearcherPool::HasWorkOrStopping));
      if (queue_.empty()) return;  // stopping, and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    std::move(task)(*searcher);
  }
}

}  // namespace byline::service

// Worker pool implementation.
#include "service/searcher_pool.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "ner/entity_key.h"
#include "util/status_macros.h"

namespace byline::service {
namespace {

// Writes each distinct error to stderr once, however many workers meet it
// and however often they retry.
class OnceReporter {
 public:
  void Report(const absl::Status& status) {
    const std::string message = status.ToString();
    {
      absl::MutexLock lock(&mu_);
      if (message == last_) return;
      last_ = message;
    }
    std::fprintf(stderr,
                 "byline serve: cannot open the new live generation; still "
                 "serving the previous one: %s\n",
                 message.c_str());
  }

 private:
  absl::Mutex mu_;
  std::string last_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::StatusOr<std::unique_ptr<SearcherPool>> SearcherPool::Create(
    const std::string& index_path, const SearcherPoolOptions& options) {
  if (options.workers < 1) {
    return absl::InvalidArgumentError("a searcher pool needs a worker");
  }
  auto reporter = std::make_shared<OnceReporter>();
  LiveSearcherOptions live_options;
  live_options.searcher = options.searcher;
  // One entity keyer for every worker and every generation they open (it
  // reads ICU's region data; immutable, shared across threads).
  if (live_options.searcher.entity_keyer == nullptr) {
    BYLINE_ASSIGN_OR_RETURN(live_options.searcher.entity_keyer,
                            ner::EntityKeyer::Create());
  }
  live_options.pinned_idle = options.pinned_idle;
  std::vector<std::unique_ptr<LiveSearcher>> searchers;
  for (int i = 0; i < options.workers; ++i) {
    BYLINE_ASSIGN_OR_RETURN(
        auto searcher,
        LiveSearcher::Open(index_path, live_options,
                           [reporter](const absl::Status& status) {
                             reporter->Report(status);
                           }));
    searchers.push_back(std::move(searcher));
  }
  return std::unique_ptr<SearcherPool>(
      new SearcherPool(std::move(searchers), options));
}

SearcherPool::SearcherPool(std::vector<std::unique_ptr<LiveSearcher>> searchers,
                           const SearcherPoolOptions& options)
    : workers_(static_cast<int>(searchers.size())),
      max_queued_(options.max_queued),
      max_queue_wait_(options.max_queue_wait),
      queue_wait_target_(options.max_queue_wait / 20),
      idle_follow_interval_(options.idle_follow_interval),
      searchers_(std::move(searchers)) {
  for (auto& searcher : searchers_) {
    threads_.emplace_back([this, s = searcher.get()] { WorkerLoop(s); });
  }
}

SearcherPool::~SearcherPool() { Shutdown(); }

SearcherPool::Admission SearcherPool::Schedule(Task task) {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  if (stopping_) return Admission::kStopping;
  if (queue_.size() >= max_queued_) {
    last_refusal_ = now;
    return Admission::kQueueFull;
  }
  if (!queue_.empty() &&
      now - queue_.front().enqueued > QueueWaitBoundLocked(now)) {
    last_refusal_ = now;
    return Admission::kQueueTooSlow;
  }
  if (queue_.empty()) non_empty_since_ = now;
  queue_.push_back({std::move(task), now});
  return Admission::kScheduled;
}

absl::Duration SearcherPool::QueueWaitBound(absl::Time now) const {
  absl::MutexLock lock(&mu_);
  return QueueWaitBoundLocked(now);
}

absl::Duration SearcherPool::QueueWaitBoundLocked(absl::Time now) const {
  if (max_queue_wait_ == absl::InfiniteDuration()) return max_queue_wait_;
  const bool non_empty =
      !queue_.empty() && now - non_empty_since_ > max_queue_wait_;
  // The last whole interval's verdict holds until the current one ends
  // (and no longer, if no task has been taken since).
  const bool waited = every_call_waited_ &&
                      now - interval_start_ < 2 * max_queue_wait_;
  const bool refused = now - last_refusal_ < max_queue_wait_;
  return non_empty || waited || refused ? queue_wait_target_
                                        : max_queue_wait_;
}

bool SearcherPool::ShouldShed(absl::Duration waited, absl::Time now,
                              absl::Duration* bound) {
  absl::MutexLock lock(&mu_);
  *bound = QueueWaitBoundLocked(now);
  if (waited <= *bound) return false;
  last_refusal_ = now;
  return true;
}

void SearcherPool::NoteQueueWaitLocked(absl::Duration waited,
                                       absl::Time now) {
  if (max_queue_wait_ == absl::InfiniteDuration()) return;
  if (now - interval_start_ >= max_queue_wait_) {
    // The interval is over: its verdict, if it ended just now (an idle
    // stretch in between says nothing about the queue).
    every_call_waited_ = interval_min_wait_ > queue_wait_target_ &&
                         interval_min_wait_ != absl::InfiniteDuration() &&
                         now - interval_start_ < 2 * max_queue_wait_;
    interval_start_ = now;
    interval_min_wait_ = waited;
  } else {
    interval_min_wait_ = std::min(interval_min_wait_, waited);
  }
}

bool SearcherPool::TrySchedule(Task task) {
  return Schedule(std::move(task)) == Admission::kScheduled;
}

void SearcherPool::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  // The workers are gone: close their generations (releasing the holds).
  searchers_.clear();
}

size_t SearcherPool::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

bool SearcherPool::HasWorkOrStopping() const {
  return stopping_ || !queue_.empty();
}

void SearcherPool::WorkerLoop(LiveSearcher* searcher) {
  for (;;) {
    Task task;
    bool idle = false;
    {
      absl::MutexLock lock(&mu_);
      if (!mu_.AwaitWithTimeout(
              absl::Condition(this, &SearcherPool::HasWorkOrStopping),
              idle_follow_interval_)) {
        idle = true;
      } else if (queue_.empty()) {
        return;  // stopping, and nothing left to run
      } else {
        const absl::Time now = absl::Now();
        NoteQueueWaitLocked(now - queue_.front().enqueued, now);
        task = std::move(queue_.front().task);
        queue_.pop_front();
      }
    }
    if (idle) {
      // Let go of replaced and unused generations (and their holds).
      searcher->Follow();
      searcher->ExpireIdle(absl::Now());
      continue;
    }
    searcher->ExpireIdle(absl::Now());
    busy_.fetch_add(1, std::memory_order_relaxed);
    std::move(task)(*searcher);
    busy_.fetch_sub(1, std::memory_order_relaxed);
    searcher->ExpireIdle(absl::Now());
  }
}

}  // namespace byline::service

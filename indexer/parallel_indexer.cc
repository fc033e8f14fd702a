// The parallel indexing pipeline (see parallel_indexer.h).
#include "indexer/parallel_indexer.h"

#include <deque>
#include <map>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "indexer/article_parser.h"
#include "indexer/index_writer.h"
#include "indexer/record_parser.h"
#include "schema/routing.h"
#include "util/disk_usage.h"
#include "util/fault_point.h"

namespace byline {
namespace {

// One change to one shard: store `doc` as article `id`, or delete `id`.
struct ShardOp {
  std::string id;
  bool is_delete = false;
  Xapian::Document doc;  // unless is_delete
};

// A run of consecutive records, then (after the last input) of delete ids;
// the unit of work, ordering and commits.
struct Batch {
  uint64_t seq = 0;
  std::vector<RawRecord> records;
  std::vector<std::string> delete_ids;  // applied after `records`
  InputPosition position;   // after the last record
  bool checkpoint = false;  // all shards commit after applying it
  // Filled by a worker.
  uint64_t record_count = 0;
  std::vector<std::vector<ShardOp>> per_shard;
  std::vector<RejectedRecord> rejects;
  // Filled by the writers.
  std::atomic<uint32_t> shards_pending{0};
  std::atomic<uint64_t> added{0};
  std::atomic<uint64_t> replaced{0};
  std::atomic<uint64_t> deleted{0};
  std::atomic<uint64_t> delete_misses{0};
};
using BatchPtr = std::shared_ptr<Batch>;

// A queue of batches handed from one stage to the next. Thread-safe.
class BatchQueue {
 public:
  void Push(BatchPtr batch) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(std::move(batch));
  }
  // Blocks until a batch is available or the queue is closed and empty
  // (then returns nullptr).
  BatchPtr Pop() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &BatchQueue::Ready));
    if (queue_.empty()) return nullptr;
    BatchPtr batch = std::move(queue_.front());
    queue_.pop_front();
    return batch;
  }
  void Close() {
    absl::MutexLock lock(&mu_);
    closed_ = true;
  }

 private:
  bool Ready() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return closed_ || !queue_.empty();
  }
  absl::Mutex mu_;
  std::deque<BatchPtr> queue_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

// Delivers batches in sequence order, whatever order they arrive in.
// Thread-safe.
class Reorderer {
 public:
  void Put(BatchPtr batch) {
    absl::MutexLock lock(&mu_);
    const uint64_t seq = batch->seq;
    waiting_.emplace(seq, std::move(batch));
    max_backlog_ = std::max<uint32_t>(max_backlog_, waiting_.size());
  }
  // Blocks for the next batch in order; nullptr once closed and drained.
  BatchPtr Next() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &Reorderer::Ready));
    auto it = waiting_.find(next_);
    if (it == waiting_.end()) return nullptr;
    BatchPtr batch = std::move(it->second);
    waiting_.erase(it);
    ++next_;
    return batch;
  }
  void Close() {
    absl::MutexLock lock(&mu_);
    closed_ = true;
  }
  uint32_t max_backlog() {
    absl::MutexLock lock(&mu_);
    return max_backlog_;
  }

 private:
  bool Ready() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return closed_ || waiting_.contains(next_);
  }
  absl::Mutex mu_;
  std::map<uint64_t, BatchPtr> waiting_ ABSL_GUARDED_BY(mu_);
  uint64_t next_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  uint32_t max_backlog_ ABSL_GUARDED_BY(mu_) = 0;
};

// Limits the batches in flight between the reader and the completion of
// their writes. Thread-safe.
class InFlight {
 public:
  explicit InFlight(uint32_t limit) : limit_(limit) {}
  void Acquire() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &InFlight::HasRoom));
    ++count_;
    max_seen_ = std::max(max_seen_, count_);
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    --count_;
  }
  uint32_t max_seen() {
    absl::MutexLock lock(&mu_);
    return max_seen_;
  }

 private:
  bool HasRoom() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return count_ < limit_;
  }
  const uint32_t limit_;
  absl::Mutex mu_;
  uint32_t count_ ABSL_GUARDED_BY(mu_) = 0;
  uint32_t max_seen_ ABSL_GUARDED_BY(mu_) = 0;
};

// The first error any stage hit. Thread-safe.
class FirstError {
 public:
  void Set(absl::Status status) {
    absl::MutexLock lock(&mu_);
    if (status_.ok()) status_ = std::move(status);
    failed_.store(true);
  }
  bool failed() const { return failed_.load(); }
  absl::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  absl::Mutex mu_;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  std::atomic<bool> failed_{false};
};

std::string CheckpointText(const InputPosition& p) {
  return absl::StrCat("input=", p.input_index, " path=", p.input,
                      " record=", p.record, " offset=", p.end_offset);
}

}  // namespace

std::string RejectKind(absl::string_view reason) {
  std::string kind;
  // Keep the field name ("field 'body': ") as it is.
  if (absl::StartsWith(reason, "field '")) {
    const size_t close = reason.find('\'', 7);
    if (close != absl::string_view::npos) {
      kind.append(reason.data(), close + 1);
      reason.remove_prefix(close + 1);
    }
  }
  bool in_quote = false;
  for (const char c : reason) {
    if (c == '\'') {
      if (!in_quote) kind.append("'...'");
      in_quote = !in_quote;
    } else if (in_quote) {
      continue;
    } else if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      if (kind.empty() || kind.back() != 'N') kind.push_back('N');
    } else {
      kind.push_back(c);
    }
  }
  return kind;
}

ParallelIndexer::ParallelIndexer(IndexLayout layout,
                                 ParallelIndexerOptions options)
    : layout_(std::move(layout)), options_(std::move(options)) {}

absl::StatusOr<IndexingReport> ParallelIndexer::Run(
    const std::vector<std::string>& inputs, const RejectCallback& on_reject,
    const std::function<void(const IndexingProgress&)>& on_progress,
    const std::atomic<bool>* stop) {
  const absl::Time start = absl::Now();
  const uint32_t shards = layout_.shards();
  const int threads = std::max(1, options_.threads);
  for (const std::string& id : options_.delete_ids) {
    if (absl::Status status = ValidateId(id); !status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("delete id '", id, "': ", status.message()));
    }
  }
  IndexWriterOptions writer_options;
  writer_options.commit_every = UINT32_MAX;  // commits only at checkpoints
  std::vector<std::unique_ptr<IndexWriter>> writers;
  for (const std::string& path : layout_.shard_paths) {
    auto writer = IndexWriter::Open(path, writer_options);
    if (!writer.ok()) return writer.status();
    writers.push_back(*std::move(writer));
  }
  // Builders first: a bad option fails before any thread starts.
  std::vector<std::unique_ptr<DocumentBuilder>> builders;
  for (int i = 0; i < threads; ++i) {
    auto builder = DocumentBuilder::Create(options_.builder);
    if (!builder.ok()) return builder.status();
    builders.push_back(*std::move(builder));
  }

  InFlight in_flight(options_.max_batches_in_flight > 0
                         ? options_.max_batches_in_flight
                         : 4 * static_cast<uint32_t>(threads));
  BatchQueue work;
  std::vector<std::unique_ptr<Reorderer>> shard_queues;
  for (uint32_t s = 0; s < shards; ++s) {
    shard_queues.push_back(std::make_unique<Reorderer>());
  }
  Reorderer completed;
  FirstError error;
  std::atomic<uint64_t> bytes_read{0};
  uint64_t bytes_total = 0;

  // Reader: splits inputs into batches; stops early on request or error.
  std::thread reader([&] {
    uint64_t seq = 0;
    uint64_t since_checkpoint = 0;
    uint64_t bytes_done = 0;  // of finished inputs
    InputPosition position;
    auto full = [&](const Batch& b) {
      return b.records.size() + b.delete_ids.size() >= options_.batch_records;
    };
    auto dispatch = [&](BatchPtr batch) {
      since_checkpoint += batch->records.size() + batch->delete_ids.size();
      batch->checkpoint = batch->checkpoint ||
                          since_checkpoint >= options_.checkpoint_records;
      if (batch->checkpoint) since_checkpoint = 0;
      in_flight.Acquire();
      batch->seq = seq++;
      batch->position = position;
      work.Push(std::move(batch));
    };
    BatchPtr batch = std::make_shared<Batch>();
    for (size_t i = 0; i < inputs.size() && !error.failed(); ++i) {
      auto source = RecordReader::Open(inputs[i], options_.format);
      if (!source.ok()) {
        error.Set(source.status());
        break;
      }
      position = InputPosition{i, inputs[i], 0, 0};
      RawRecord record;
      for (;;) {
        if ((stop != nullptr && stop->load()) || error.failed()) break;
        absl::StatusOr<bool> more = (*source)->Next(&record);
        if (!more.ok()) {
          error.Set(more.status());
          break;
        }
        if (!*more) break;
        position.record = record.number;
        position.end_offset = record.end_offset;
        bytes_read.store(bytes_done + (*source)->consumed_bytes());
        batch->records.push_back(std::move(record));
        if (full(*batch)) {
          dispatch(std::exchange(batch, std::make_shared<Batch>()));
        }
      }
      bytes_done += (*source)->consumed_bytes();
      bytes_read.store(bytes_done);
      if (stop != nullptr && stop->load()) break;
    }
    // The delete ids follow every input record, unless the run stopped
    // early (its report then says where; nothing after that is applied).
    if (!error.failed() && (stop == nullptr || !stop->load())) {
      for (const std::string& id : options_.delete_ids) {
        batch->delete_ids.push_back(id);
        if (full(*batch)) {
          dispatch(std::exchange(batch, std::make_shared<Batch>()));
        }
      }
    }
    // The last batch (maybe empty) always commits every shard.
    batch->checkpoint = true;
    dispatch(std::move(batch));
    work.Close();
  });
  for (const std::string& input : inputs) {
    if (input != "-") bytes_total += DirectoryBytes(input);
  }

  // Workers: parse, analyse, route.
  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w) {
    workers.emplace_back([&, builder = builders[w].get()] {
      RecordParser parser(options_.limits);
      while (BatchPtr batch = work.Pop()) {
        batch->per_shard.resize(shards);
        batch->record_count = batch->records.size();
        for (RawRecord& record : batch->records) {
          absl::StatusOr<Article> article = parser.Parse(record);
          if (article.ok() && article->deleted) {
            const uint32_t shard = schema::ShardForId(article->id, shards);
            batch->per_shard[shard].push_back(
                ShardOp{std::move(article->id), true, Xapian::Document()});
            continue;
          }
          absl::StatusOr<Xapian::Document> docs =
              article.ok() ? builder->Build(*article)
                           : absl::StatusOr<Xapian::Document>(article.status());
          if (!docs.ok()) {
            batch->rejects.push_back(RejectedRecord{
                record.file, record.number, std::string(docs.status().message())});
            continue;
          }
          const uint32_t shard = schema::ShardForId(article->id, shards);
          batch->per_shard[shard].push_back(
              ShardOp{std::move(article->id), false, *std::move(docs)});
        }
        for (std::string& id : batch->delete_ids) {
          const uint32_t shard = schema::ShardForId(id, shards);
          batch->per_shard[shard].push_back(
              ShardOp{std::move(id), true, Xapian::Document()});
        }
        batch->records.clear();
        batch->delete_ids.clear();
        batch->shards_pending.store(shards);
        for (uint32_t s = 0; s < shards; ++s) shard_queues[s]->Put(batch);
      }
    });
  }

  // Writers: one per shard, applying batches in input order.
  std::vector<std::thread> shard_threads;
  for (uint32_t s = 0; s < shards; ++s) {
    shard_threads.emplace_back([&, s] {
      IndexWriter& writer = *writers[s];
      while (BatchPtr batch = shard_queues[s]->Next()) {
        if (!error.failed()) {
          for (ShardOp& op : batch->per_shard[s]) {
            if (op.is_delete) {
              absl::StatusOr<bool> removed = writer.Delete(op.id);
              if (!removed.ok()) {
                error.Set(removed.status());
                break;
              }
              (*removed ? batch->deleted : batch->delete_misses)++;
              continue;
            }
            absl::StatusOr<IndexWriter::Outcome> outcome =
                writer.Write(op.id, std::move(op.doc));
            if (!outcome.ok()) {
              error.Set(outcome.status());
              break;
            }
            (*outcome == IndexWriter::Outcome::kReplaced ? batch->replaced
                                                         : batch->added)++;
          }
          batch->per_shard[s].clear();
          if (batch->checkpoint && !error.failed()) {
            if (absl::Status st = writer.Commit(CheckpointText(batch->position));
                !st.ok()) {
              error.Set(st);
            } else {
              FaultPoint("after-shard-commit");
            }
          }
        }
        if (batch->shards_pending.fetch_sub(1) == 1) completed.Put(batch);
      }
    });
  }

  // Shutdown order: the reader closes the work queue; once the workers have
  // routed every batch, the shard queues close; once the writers drain,
  // the completion queue closes.
  std::thread closer([&] {
    reader.join();
    for (auto& t : workers) t.join();
    for (auto& q : shard_queues) q->Close();
    for (auto& t : shard_threads) t.join();
    completed.Close();
  });

  // Completion, on this thread: callbacks in input order, and the report.
  IndexingReport report;
  while (BatchPtr batch = completed.Next()) {
    for (const RejectedRecord& r : batch->rejects) {
      ++report.counts.rejected;
      ++report.rejects_by_reason[RejectKind(r.reason)];
      if (on_reject) on_reject(r);
    }
    const uint64_t added = batch->added.load();
    const uint64_t replaced = batch->replaced.load();
    report.counts.indexed += added;
    report.counts.replaced += replaced;
    report.counts.read += batch->record_count;
    report.counts.deleted += batch->deleted.load();
    report.counts.delete_misses += batch->delete_misses.load();
    if (batch->checkpoint && !error.failed()) report.position = batch->position;
    in_flight.Release();
    if (on_progress) {
      on_progress(IndexingProgress{report.counts, bytes_read.load(),
                                   bytes_total, absl::Now() - start});
    }
  }
  closer.join();
  if (error.failed()) return error.status();

  report.interrupted = stop != nullptr && stop->load();
  report.elapsed = absl::Now() - start;
  report.bytes_read = bytes_read.load();
  report.max_batches_in_flight_seen = in_flight.max_seen();
  for (uint32_t s = 0; s < shards; ++s) {
    report.max_writer_backlog_seen = std::max(report.max_writer_backlog_seen,
                                              shard_queues[s]->max_backlog());
    report.shard_articles.push_back(writers[s]->article_count());
    report.shard_bytes.push_back(DirectoryBytes(layout_.shard_paths[s]));
  }
  return report;
}

}  // namespace byline

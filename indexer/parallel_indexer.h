// The parallel indexing pipeline behind `byline index`:
//
//   reader thread --batches--> N analysis workers --per-shard bundles-->
//   one writer thread per shard (its own Xapian WritableDatabase)
//
// The reader only splits input into raw records (RecordReader); parsing and
// analysis run on the workers; each shard has one writer and no lock is
// shared on the hot path. Batches carry sequence numbers and every writer
// applies them in input order, so a later version of an article always wins.
// Deletes take the same path: a JSON Lines tombstone (`{"id": "...",
// "deleted": true}`, see article_parser.h) is routed to the shard of its id
// (schema::ShardForId) and applied by that shard's writer in input order,
// so an upsert after a tombstone adds the article again and a tombstone
// after an upsert removes it. ParallelIndexerOptions::delete_ids follow
// every input record, in their order.
// Each analysis worker owns one DocumentBuilder, created before any thread
// starts; with builder.entities enabled that builder owns the worker's own
// ner::EntityRecognizer, while the NER resources and entity keyer the
// options point to are shared read-only by all workers (they must outlive
// Run()).
// At most `max_batches_in_flight` batches exist at once (backpressure), so
// memory stays flat whatever the corpus size. All shards commit at the same
// batch boundaries (checkpoints), recording the input position reached;
// after each shard's successful commit the fault point "after-shard-commit"
// (util/fault_point.h) is passed.
#ifndef BYLINE_INDEXER_PARALLEL_INDEXER_H_
#define BYLINE_INDEXER_PARALLEL_INDEXER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "indexer/article.h"
#include "indexer/document_builder.h"
#include "indexer/index_layout.h"
#include "indexer/indexing_counts.h"
#include "indexer/record_reader.h"

namespace byline {

struct ParallelIndexerOptions {
  int threads = 2;                  // analysis workers
  uint32_t batch_records = 64;      // records per batch
  uint32_t max_batches_in_flight = 0;  // 0: 4 per worker
  uint32_t checkpoint_records = 20000;  // commit all shards this often
  InputFormat format = InputFormat::kAuto;
  ArticleLimits limits;
  DocumentBuilderOptions builder;
  // Articles to delete after every input record, in this order (each routed
  // to the shard of its id). An id the index does not hold counts as a
  // delete miss. Not applied when the run is stopped early.
  std::vector<std::string> delete_ids;
};

// Where the input stood at the last commit.
struct InputPosition {
  size_t input_index = 0;   // which of the inputs
  std::string input;        // its path
  uint64_t record = 0;      // RawRecord::number of the last record read
  uint64_t end_offset = 0;  // bytes of that input consumed
};

struct IndexingProgress {
  IndexingCounts counts;
  uint64_t bytes_read = 0;     // input bytes consumed (all inputs)
  uint64_t bytes_total = 0;    // known total input size (0: unknown)
  absl::Duration elapsed;
};

struct IndexingReport {
  // read: input records (tombstones included, delete_ids not); indexed /
  // replaced / rejected; deleted / delete_misses: tombstones and delete_ids
  // together.
  IndexingCounts counts;
  std::map<std::string, uint64_t> rejects_by_reason;  // reason w/o values
  InputPosition position;      // of the last commit
  bool interrupted = false;    // stopped early by request
  absl::Duration elapsed;
  uint64_t bytes_read = 0;
  std::vector<uint64_t> shard_articles;  // articles (documents) per shard
  std::vector<uint64_t> shard_bytes;     // bytes on disk per shard
  // Backpressure evidence: the most batches ever in flight, and the most
  // batches any writer held waiting for their turn.
  uint32_t max_batches_in_flight_seen = 0;
  uint32_t max_writer_backlog_seen = 0;
};

// Thread safety: Run() is called once, from one thread. `stop` may be set
// from any thread (e.g. a signal handler thread).
class ParallelIndexer {
 public:
  ParallelIndexer(IndexLayout layout, ParallelIndexerOptions options);

  // Indexes `inputs` in order. Rejected records go to `on_reject` (called on
  // one thread, in input order); `on_progress` is called after each batch
  // completes (same thread as on_reject). If `stop` becomes true, reading
  // stops, everything read so far is indexed and committed, and the report
  // says where it stopped. Errors: InvalidArgument for a delete id that is
  // empty, too long or not UTF-8 (before anything is written); opening an
  // input or a shard, I/O and Xapian write failures; what was committed
  // before stays committed.
  absl::StatusOr<IndexingReport> Run(
      const std::vector<std::string>& inputs, const RejectCallback& on_reject,
      const std::function<void(const IndexingProgress&)>& on_progress,
      const std::atomic<bool>* stop);

 private:
  IndexLayout layout_;
  ParallelIndexerOptions options_;
};

// Strips the specifics (numbers, quoted values) from a reject reason so that
// reasons can be counted by kind: "field 'body': 5000 bytes, the maximum is
// 4000" -> "field 'body': N bytes, the maximum is N".
std::string RejectKind(absl::string_view reason);

}  // namespace byline

#endif  // BYLINE_INDEXER_PARALLEL_INDEXER_H_

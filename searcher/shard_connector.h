// Opens the shards of one index (or generation) as a single
// Xapian::Database, in shard-number order: local shard directories, and
// remote shards served by xapian-tcpsrv over Xapian's remote protocol.
// Xapian has no notion of replicas, so the choice lives here: a remote
// shard may list several replicas (generations/manifest.h); each connector
// starts at a different one (round-robin across connectors, to spread the
// load: its preferred replicas) and, after a network error, reopens with
// the next replica. Once it has failed over, it tries its preferred
// replicas again from time to time (Rebalance), so that a replica that comes
// back gets its share of the load again.
#ifndef BYLINE_SEARCHER_SHARD_CONNECTOR_H_
#define BYLINE_SEARCHER_SHARD_CONNECTOR_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "generations/index_directory.h"
#include "generations/manifest.h"

namespace byline {

// Thread safety: not thread-safe; one per Searcher.
class ShardConnector {
 public:
  // `path` is the index as given to the Searcher; `what` names the index
  // in messages ("generation gen-000004 of DIR").
  // `generation`: the complete, held generation the shards belong to ("" for
  // an index without generations). A local shard of a generation that
  // cannot be opened is damage (DataLoss) rather than a missing index
  // (NotFound), and a remote replica whose shard records another generation
  // (schema::kMetaGeneration) is not used: it serves an older or newer copy
  // (e.g. a shard host's port now serving the next generation).
  // `spread` picks the preferred replica of each remote shard: replica
  // (spread + shard number) mod replicas. `retry_after`: how long after a
  // failover Rebalance is first due; it doubles after each try that cannot
  // return to every preferred replica, up to 5 minutes.
  ShardConnector(std::string path, std::string what,
                 std::vector<generations::ResolvedShard> shards,
                 generations::RemoteTimeouts timeouts, std::string generation,
                 uint64_t spread,
                 absl::Duration retry_after = absl::Seconds(10));

  // A value for `spread` that differs between calls (a process-wide
  // counter), so that successive connectors start at different replicas.
  static uint64_t NextSpread();

  // Opens every shard, trying each remote shard's replicas in turn from
  // its current choice until one answers with the right generation (one
  // extra round trip per remote shard to read it). Errors: Unavailable
  // naming the shard and every replica tried with its failure when none
  // can be used; NotFound or DataLoss
  // for a local shard that cannot be opened; other Xapian errors as
  // XapianStatus.
  absl::StatusOr<Xapian::Database> Open();

  // After a call on the database last opened failed with `error` (a
  // Xapian::NetworkError): opens fresh connections to every remote shard,
  // moving the shard whose replica failed (named by the error's context)
  // on to its next replica, the failed one tried last. Errors as Open.
  absl::StatusOr<Xapian::Database> Reconnect(const Xapian::Error& error);

  // Whether some shard has failed over away from its preferred replica and
  // the time to try the preferred ones again has come.
  bool RebalanceDue(absl::Time now) const { return now >= rebalance_at_; }

  // Tries to return every shard that failed over to its preferred replica:
  // first a probe of each such replica (a connection and its greeting,
  // with a timeout of at most kProbeTimeoutMs, so a replica that still
  // hangs costs the call little), then, if any answered, fresh connections
  // to every shard with those back on their preferred replicas. Returns the
  // new database, or nullopt when no shard moved (no probe answered, or the
  // reopen failed: the choices stay as they were and the caller keeps its
  // database). Schedules the next try unless every shard is back.
  std::optional<Xapian::Database> Rebalance(absl::Time now);
  static constexpr uint32_t kProbeTimeoutMs = 100;

  // Whether any shard is remote (only then can calls fail over).
  bool remote() const { return remote_; }
  // Retries a failing call may have after the first try: one per other
  // replica of the shard with the most, and at least one (a fresh
  // connection to a lone replica, e.g. after the server dropped an idle
  // connection). 0 without remote shards.
  int max_retries() const;

  // "shard 1 at 127.0.0.1:7802" for the replica open for the shard a
  // network error's context names, or "a remote shard" when it names none.
  std::string DescribeFailure(const Xapian::Error& error) const;

  // The replica chosen for each shard (-1 for a local one), in shard order.
  std::vector<int> chosen_replicas() const;

 private:
  // Index of the shard whose chosen replica `context` ("remote:tcp(H:P)")
  // names, or -1.
  int ShardOfContext(const std::string& context) const;
  // Opens shard `s`, trying its replicas from the current choice (remote).
  absl::StatusOr<Xapian::Database> OpenShard(size_t s);
  // Schedules the next Rebalance after a failover or a try (see Rebalance),
  // spread over [1, 1.5) x the backoff by the connector's spread, so that
  // the searchers of one server do not all probe at once.
  void ScheduleRebalance(absl::Time now);
  // Whether replica `r` of remote shard `s` accepts a connection and
  // greets within kProbeTimeoutMs (and the operation timeout).
  bool Probe(size_t s, size_t r) const;

  std::string path_;
  std::string what_;
  std::vector<generations::ResolvedShard> shards_;
  generations::RemoteTimeouts timeouts_;
  std::string generation_;
  bool remote_ = false;
  std::vector<size_t> chosen_;     // per shard: index into replicas
  std::vector<size_t> preferred_;  // per shard: the spread's choice
  uint64_t spread_;
  absl::Duration retry_after_;
  absl::Duration backoff_;         // until the next Rebalance after a try
  absl::Time rebalance_at_ = absl::InfiniteFuture();
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_SHARD_CONNECTOR_H_

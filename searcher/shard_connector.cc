// Shard opening: local directories, remote replicas, failover.
#include "searcher/shard_connector.h"

#include <algorithm>
#include <atomic>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "schema/schema.h"
#include "util/xapian_status.h"

namespace byline {
namespace {

// Xapian names the server of a remote database in an error's context.
constexpr absl::string_view kTcpContextPrefix = "remote:tcp(";

// "NetworkError: Couldn't connect (Connection refused)".
std::string ErrorText(const Xapian::Error& e) {
  std::string text = absl::StrCat(e.get_type(), ": ", e.get_msg());
  if (const char* errno_text = e.get_error_string(); errno_text != nullptr &&
                                                     *errno_text != '\0') {
    absl::StrAppend(&text, " (", errno_text, ")");
  }
  return text;
}

}  // namespace

ShardConnector::ShardConnector(std::string path, std::string what,
                               std::vector<generations::ResolvedShard> shards,
                               generations::RemoteTimeouts timeouts,
                               std::string generation, uint64_t spread,
                               absl::Duration retry_after)
    : path_(std::move(path)),
      what_(std::move(what)),
      shards_(std::move(shards)),
      timeouts_(timeouts),
      generation_(std::move(generation)),
      chosen_(shards_.size(), 0),
      spread_(spread),
      retry_after_(retry_after),
      backoff_(retry_after) {
  for (size_t s = 0; s < shards_.size(); ++s) {
    const size_t replicas = shards_[s].replicas.size();
    if (replicas == 0) continue;
    remote_ = true;
    chosen_[s] = static_cast<size_t>((spread + s) % replicas);
  }
  preferred_ = chosen_;
}

uint64_t ShardConnector::NextSpread() {
  static std::atomic<uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

int ShardConnector::max_retries() const {
  size_t most = 0;
  for (const generations::ResolvedShard& shard : shards_) {
    most = std::max(most, shard.replicas.size());
  }
  if (most == 0) return 0;
  return static_cast<int>(std::max<size_t>(most - 1, 1));
}

std::vector<int> ShardConnector::chosen_replicas() const {
  std::vector<int> chosen;
  for (size_t s = 0; s < shards_.size(); ++s) {
    chosen.push_back(shards_[s].remote() ? static_cast<int>(chosen_[s]) : -1);
  }
  return chosen;
}

int ShardConnector::ShardOfContext(const std::string& context) const {
  absl::string_view inner = context;
  if (!absl::ConsumePrefix(&inner, kTcpContextPrefix) ||
      !absl::ConsumeSuffix(&inner, ")")) {
    return -1;
  }
  for (size_t s = 0; s < shards_.size(); ++s) {
    if (!shards_[s].remote()) continue;
    const generations::RemoteAddress& a = shards_[s].replicas[chosen_[s]];
    // Xapian writes the host as it was given, without IPv6 brackets.
    if (inner == absl::StrCat(a.host, ":", a.port)) return static_cast<int>(s);
  }
  return -1;
}

std::string ShardConnector::DescribeFailure(const Xapian::Error& error) const {
  const int s = ShardOfContext(error.get_context());
  if (s < 0) return "a remote shard";
  return absl::StrCat("shard ", shards_[s].number, " at ",
                      shards_[s].replicas[chosen_[s]].ToString());
}

absl::StatusOr<Xapian::Database> ShardConnector::OpenShard(size_t s) {
  const generations::ResolvedShard& shard = shards_[s];
  if (!shard.remote()) {
    try {
      return Xapian::Database(shard.path);
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (generation_.empty()) {
        return absl::NotFoundError(
            absl::StrCat("no index at ", path_, " (", e.get_msg(), ")"));
      }
      // The generation is complete and held: a shard missing is damage.
      return absl::DataLossError(absl::StrCat(what_, ": shard ", shard.path,
                                              " cannot be opened: ",
                                              e.get_msg()));
    } catch (const Xapian::Error& e) {
      return XapianStatus(e, absl::StrCat(what_, ": opening shard ",
                                          shard.path));
    }
  }
  // Each replica at most once, from the current choice on.
  const size_t n = shard.replicas.size();
  std::vector<std::string> failures;
  for (size_t k = 0; k < n; ++k) {
    const size_t r = (chosen_[s] + k) % n;
    const generations::RemoteAddress& address = shard.replicas[r];
    try {
      Xapian::Database db = Xapian::Remote::open(
          address.host, address.port, timeouts_.operation_ms,
          timeouts_.connect_ms);
      if (!generation_.empty()) {
        const std::string served =
            db.get_metadata(std::string(schema::kMetaGeneration));
        const std::string number =
            db.get_metadata(std::string(schema::kMetaShardNumber));
        // Shards from before generations were stamped carry no name.
        if (!served.empty() &&
            (served != generation_ || number != absl::StrCat(shard.number))) {
          failures.push_back(absl::StrCat(address.ToString(), ": serves ",
                                          served, " shard ", number, ", not ",
                                          generation_, " shard ",
                                          shard.number));
          continue;
        }
      }
      chosen_[s] = r;
      return db;
    } catch (const Xapian::NetworkError& e) {
      failures.push_back(absl::StrCat(address.ToString(), ": ", ErrorText(e)));
    } catch (const Xapian::Error& e) {
      return XapianStatus(e, absl::StrCat(what_, ": shard ", shard.number,
                                          " at ", address.ToString()));
    }
  }
  return absl::UnavailableError(absl::StrCat(
      what_, ": shard ", shard.number, " is unavailable: ",
      n == 1 ? std::string("its replica cannot be used")
             : absl::StrCat("none of its ", n, " replicas can be used"),
      " (", absl::StrJoin(failures, "; "), ")"));
}

absl::StatusOr<Xapian::Database> ShardConnector::Open() {
  Xapian::Database db;
  for (size_t s = 0; s < shards_.size(); ++s) {
    absl::StatusOr<Xapian::Database> shard = OpenShard(s);
    if (!shard.ok()) return shard.status();
    db.add_database(*shard);
  }
  return db;
}

absl::StatusOr<Xapian::Database> ShardConnector::Reconnect(
    const Xapian::Error& error) {
  const int s = ShardOfContext(error.get_context());
  if (s >= 0) {
    chosen_[s] = (chosen_[s] + 1) % shards_[s].replicas.size();
  }
  // Fresh connections for every shard: a connection that was part of the
  // failed call may still hold its unread reply.
  absl::StatusOr<Xapian::Database> db = Open();
  if (chosen_ != preferred_ && rebalance_at_ == absl::InfiniteFuture()) {
    backoff_ = retry_after_;
    ScheduleRebalance(absl::Now());
  }
  return db;
}

void ShardConnector::ScheduleRebalance(absl::Time now) {
  rebalance_at_ = now + backoff_ * (1 + (spread_ % 8) / 16.0);
  backoff_ = std::min(backoff_ * 2, absl::Minutes(5));
}

bool ShardConnector::Probe(size_t s, size_t r) const {
  const generations::RemoteAddress& address = shards_[s].replicas[r];
  const uint32_t timeout = std::min(kProbeTimeoutMs, timeouts_.operation_ms);
  try {
    Xapian::Database probe = Xapian::Remote::open(
        address.host, address.port, timeout,
        std::min(timeout, timeouts_.connect_ms));
    return true;
  } catch (const Xapian::Error&) {
    return false;
  }
}

std::optional<Xapian::Database> ShardConnector::Rebalance(absl::Time now) {
  const std::vector<size_t> before = chosen_;
  bool moved = false;
  for (size_t s = 0; s < shards_.size(); ++s) {
    if (chosen_[s] != preferred_[s] && Probe(s, preferred_[s])) {
      chosen_[s] = preferred_[s];
      moved = true;
    }
  }
  std::optional<Xapian::Database> db;
  if (moved) {
    absl::StatusOr<Xapian::Database> opened = Open();
    if (opened.ok()) {
      db = *std::move(opened);
    } else {
      chosen_ = before;
    }
  }
  if (chosen_ == preferred_) {
    rebalance_at_ = absl::InfiniteFuture();
    backoff_ = retry_after_;
  } else {
    ScheduleRebalance(now);
  }
  return db;
}

}  // namespace byline

// Publishing a generation to a front end whose shards are served by shard
// hosts (stock xapian-tcpsrv over replicas made with xapian-replicate).
//
// The build host runs the nightly job on its own index directory and
// serves it with xapian-replicate-server. Each shard host pulls its shard
// of the new generation gen-N with xapian-replicate into a directory of its
// own and serves it with xapian-tcpsrv on a port reserved for that
// generation: base port + N mod port slots (deploy/byline-shard-host). A
// generation's servers never change while it is kept, so a front end never
// mixes shards of two generations: the front end's copy of gen-N lists
// exactly the servers of gen-N, and switching the front end is the same
// atomic pointer switch as any other job (servers in flight finish on the
// old generation, whose servers keep running until it is retired).
//
// Because a port is reused once its slot comes round again, every shard
// records its generation (schema::kMetaGeneration); the publish job and
// every front-end searcher check it on connecting, so a stale front-end
// generation can never read another generation's shard.
#ifndef BYLINE_JOBS_PUBLISH_JOB_H_
#define BYLINE_JOBS_PUBLISH_JOB_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "generations/manifest.h"
#include "jobs/index_job.h"

namespace byline::jobs {

struct PublishOptions {
  // For each shard, in shard order, its replicas' hosts with their base
  // ports ("10.0.0.5:7100"); the ports served are GenerationPort(base).
  std::vector<std::vector<generations::RemoteAddress>> shard_hosts;
  // Ports per shard host: one per generation the front end keeps (live +
  // `keep`) and one for the next generation, deployed to the shard hosts
  // before it is published; so keep + 2 <= port_slots.
  uint32_t port_slots = 4;
  uint32_t keep = 2;
  // Written into the front end's manifest when set (see Manifest).
  std::optional<uint32_t> remote_connect_timeout_ms;
  std::optional<uint32_t> remote_timeout_ms;
};

// The port a shard host serves generation `number` on, for a host whose
// base port is `base_port`: base_port + number mod port_slots. The shard
// host script (deploy/byline-shard-host) computes the same.
uint16_t GenerationPort(uint16_t base_port, uint64_t number,
                        uint32_t port_slots);

// Reads the manifest to publish: `path` is a generation's MANIFEST.json,
// a generation directory, or an index directory (its live generation).
// The manifest must be of a generation with local shards (the build
// host's). Errors: NotFound, InvalidArgument naming the file and field.
absl::StatusOr<generations::Manifest> ReadSourceManifest(
    const std::string& path);

// Makes `source` (a generation built elsewhere) live at the front-end
// index directory `front_dir` (created if absent), under the same name, with
// its shards listed as remote replicas at `options.shard_hosts`.
//
// Before switching, connects to every replica and checks that it serves
// this generation (its stamp), of the current schema, with the shard's
// article count. A replica that does not answer is only a warning (the
// front end fails over from it), but every shard needs one that answers,
// and a replica serving other data refuses the publication (kRefused, the
// live generation unchanged). Then switches the pointer atomically and
// removes front-end generations beyond `keep` that no reader holds.
//
// Errors: InvalidArgument for options that do not fit the manifest (shard
// count, keep + 2 > port_slots, a port out of range); FailedPrecondition when
// the generation is not newer than the front end's live one, or already
// there; Unavailable when another job holds the lock.
absl::StatusOr<JobReport> RunPublishJob(const std::string& front_dir,
                                        const generations::Manifest& source,
                                        const PublishOptions& options);

}  // namespace byline::jobs

#endif  // BYLINE_JOBS_PUBLISH_JOB_H_

// RunPublishJob: a generation built elsewhere made live at a front end over
// its shard hosts' replicas.
#include "jobs/publish_job.h"

#include <xapian.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "generations/index_directory.h"
#include "generations/locks.h"
#include "jobs/job_steps.h"
#include "schema/schema.h"
#include "util/durable_file.h"
#include "util/status_macros.h"

namespace byline::jobs {
namespace {

namespace fs = std::filesystem;

// What one replica said when asked for its shard's identity.
struct ReplicaCheck {
  bool answered = false;
  std::string problem;  // set when it answered with other data
  std::string error;    // set when it did not answer
};

ReplicaCheck CheckReplica(const generations::RemoteAddress& address,
                          const generations::Manifest& manifest,
                          const generations::ManifestShard& shard,
                          const generations::RemoteTimeouts& timeouts) {
  ReplicaCheck check;
  try {
    Xapian::Database db = Xapian::Remote::open(
        address.host, address.port, timeouts.operation_ms, timeouts.connect_ms);
    const std::string served =
        db.get_metadata(std::string(schema::kMetaGeneration));
    const std::string number =
        db.get_metadata(std::string(schema::kMetaShardNumber));
    const std::string schema_version =
        db.get_metadata(std::string(schema::kMetaSchemaVersion));
    const uint64_t articles = db.get_doccount();
    check.answered = true;
    if (served != manifest.name || number != absl::StrCat(shard.number)) {
      check.problem = absl::StrCat(
          "serves ", served.empty() ? "an unnamed generation" : served,
          " shard ", number, ", not ", manifest.name, " shard ", shard.number);
    } else if (schema_version != schema::kSchemaVersion) {
      check.problem = absl::StrCat("has index schema '", schema_version,
                                   "', not ", schema::kSchemaVersion);
    } else if (articles != shard.articles) {
      check.problem = absl::StrCat("holds ", articles, " articles; shard ",
                                   shard.number, " of ", manifest.name,
                                   " holds ", shard.articles);
    }
  } catch (const Xapian::Error& e) {
    check.error = e.get_description();
  }
  return check;
}

}  // namespace

uint16_t GenerationPort(uint16_t base_port, uint64_t number,
                        uint32_t port_slots) {
  return static_cast<uint16_t>(base_port + number % port_slots);
}

absl::StatusOr<generations::Manifest> ReadSourceManifest(
    const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (fs::exists(fs::path(path) / generations::kManifestFile, ec)) {
      return generations::ReadManifest(path);
    }
    BYLINE_ASSIGN_OR_RETURN(generations::ResolvedIndex live,
                            generations::ResolveLive(path));
    if (!live.manifest) {
      return absl::FailedPreconditionError(absl::StrCat(
          path, " has no generations yet; run a job on it first (`byline "
                "update` converts it)"));
    }
    return *live.manifest;
  }
  BYLINE_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path));
  return generations::DecodeManifest(text, path);
}

absl::StatusOr<JobReport> RunPublishJob(const std::string& front_dir,
                                        const generations::Manifest& source,
                                        const PublishOptions& options) {
  const absl::Time start = absl::Now();
  if (options.shard_hosts.size() != source.shards.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        source.name, " has ", source.shards.size(), " shards, but hosts were "
        "given for ", options.shard_hosts.size()));
  }
  if (options.keep + 2 > options.port_slots) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--keep ", options.keep, " needs at least ", options.keep + 2,
        " port slots, not ", options.port_slots,
        " (--port_slots): the live generation, each kept one and the next "
        "one each have their shard servers"));
  }
  BYLINE_RETURN_IF_ERROR(CheckGenerationSchema(source.name, source));

  generations::Manifest manifest = source;
  manifest.job = "publish";
  manifest.created = absl::Now();
  if (options.remote_connect_timeout_ms) {
    manifest.remote_connect_timeout_ms = options.remote_connect_timeout_ms;
  }
  if (options.remote_timeout_ms) {
    manifest.remote_timeout_ms = options.remote_timeout_ms;
  }
  for (size_t s = 0; s < manifest.shards.size(); ++s) {
    if (options.shard_hosts[s].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("shard ", s, " has no hosts"));
    }
    std::vector<generations::RemoteAddress> replicas;
    for (const generations::RemoteAddress& host : options.shard_hosts[s]) {
      if (host.port + options.port_slots - 1 > 65535) {
        return absl::InvalidArgumentError(absl::StrCat(
            host.ToString(), ": base port + port slots passes 65535"));
      }
      replicas.push_back(
          {host.host, GenerationPort(host.port, manifest.number,
                                     options.port_slots)});
    }
    manifest.shards[s].location = generations::RemoteLocation(replicas);
  }
  // The location syntax (e.g. repeated replicas) is checked on decoding.
  BYLINE_RETURN_IF_ERROR(
      generations::DecodeManifest(generations::EncodeManifest(manifest),
                                  "the front-end manifest")
          .status());

  std::error_code ec;
  fs::create_directories(front_dir, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot create ", front_dir, ": ", ec.message()));
  }
  BYLINE_ASSIGN_OR_RETURN(auto lock,
                          generations::JobLock::Acquire(front_dir, "publish"));
  BYLINE_RETURN_IF_ERROR(CleanUpLeftovers(front_dir).status());
  BYLINE_ASSIGN_OR_RETURN(auto entries,
                          generations::ListGenerations(front_dir));
  JobReport report;
  report.generation = manifest.name;
  for (const generations::GenerationEntry& e : entries) {
    if (e.name == manifest.name) {
      return absl::FailedPreconditionError(absl::StrCat(
          front_dir, " already has ", manifest.name,
          e.live ? " (live)" : " (`byline rollback` makes it live again)"));
    }
    if (!e.live) continue;
    report.parent = e.name;
    if (e.manifest) report.articles_before = e.manifest->articles;
    if (e.number > manifest.number) {
      return absl::FailedPreconditionError(absl::StrCat(
          manifest.name, " is older than the front end's live ", e.name,
          "; publish a newer generation, or `byline rollback` to a kept one"));
    }
  }
  manifest.parent = report.parent;

  // Every replica is asked who it is before anything is switched.
  const absl::Time validate_start = absl::Now();
  const generations::RemoteTimeouts timeouts = manifest.remote_timeouts();
  for (const generations::ManifestShard& shard : manifest.shards) {
    BYLINE_ASSIGN_OR_RETURN(generations::ShardLocation location,
                            generations::ParseShardLocation(shard.location));
    int usable = 0;
    std::vector<std::string> silent;
    for (const generations::RemoteAddress& address : location.replicas) {
      const ReplicaCheck check =
          CheckReplica(address, manifest, shard, timeouts);
      if (!check.problem.empty()) {
        report.outcome = JobOutcome::kRefused;
        report.refusal = absl::StrCat(
            "shard ", shard.number, " at ", address.ToString(), " ",
            check.problem, "; replicate ", manifest.name,
            " to that host first (deploy/byline-shard-host pull)");
        report.total_time = absl::Now() - start;
        return report;
      }
      if (check.answered) {
        ++usable;
      } else {
        silent.push_back(absl::StrCat(address.ToString(), ": ", check.error));
        report.warnings.push_back(absl::StrCat(
            "shard ", shard.number, " replica ", address.ToString(),
            " does not answer (", check.error, "); the front end fails over "
            "from it"));
      }
    }
    if (usable == 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "shard ", shard.number, " of ", manifest.name,
          ": no replica answers (", absl::StrJoin(silent, "; "), ")"));
    }
  }
  report.articles_after = manifest.articles;
  report.validate_time = absl::Now() - validate_start;

  UnfinishedGeneration unfinished(
      (fs::absolute(front_dir, ec) / manifest.name).string());
  fs::create_directories(fs::path(front_dir) / manifest.name, ec);
  BYLINE_RETURN_IF_ERROR(generations::WriteManifest(front_dir, manifest));
  BYLINE_RETURN_IF_ERROR(
      SwapIn(front_dir, nullptr, options.keep, unfinished, &report));
  report.total_time = absl::Now() - start;
  return report;
}

}  // namespace byline::jobs

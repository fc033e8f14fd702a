// `byline publish`: makes a generation built on the build host live at a
// front end whose shards are served by shard hosts (jobs/publish_job.h).
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/common_flags.h"
#include "cli/commands.h"
#include "cli/job_report.h"
#include "generations/manifest.h"
#include "jobs/publish_job.h"

ABSL_FLAG(std::string, manifest, "",
          "The generation to publish: its MANIFEST.json (copied from the "
          "build host), its directory, or the build host's index directory "
          "(its live generation).");
ABSL_FLAG(std::string, shard_hosts, "",
          "The shard hosts with their base ports, shard by shard: replicas "
          "of one shard separated by ',', shards by ';' "
          "(\"10.0.0.1:7100,10.0.0.2:7100;10.0.0.3:7100,10.0.0.4:7100\").");
ABSL_FLAG(uint32_t, port_slots, 4,
          "Ports per shard host: generation N is served on base port + N "
          "mod port_slots. At least --keep + 2 (the live generation, the "
          "kept ones and the next); the same on the shard hosts.");
ABSL_FLAG(uint32_t, remote_connect_timeout_ms, 0,
          "Recorded in the front end's manifest: Xapian's connect timeout "
          "for the remote shards (0: the default, 2000).");
ABSL_FLAG(uint32_t, remote_timeout_ms, 0,
          "Recorded in the front end's manifest: Xapian's timeout for each "
          "remote operation (0: the default, 10000).");

namespace byline::cli {
namespace {

// "H:P,H:P;H:P" -> per shard, its replicas (base addresses).
absl::StatusOr<std::vector<std::vector<generations::RemoteAddress>>>
ParseShardHosts(const std::string& text) {
  std::vector<std::vector<generations::RemoteAddress>> shards;
  for (absl::string_view group : absl::StrSplit(text, ';')) {
    group = absl::StripAsciiWhitespace(group);
    absl::StatusOr<generations::ShardLocation> location =
        generations::ParseShardLocation(
            absl::StrCat(generations::kRemoteLocationPrefix, group));
    if (!location.ok() || !location->remote()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--shard_hosts: shard ", shards.size(), " ('", group,
          "'): ", location.ok() ? "no hosts" : location.status().message()));
    }
    shards.push_back(location->replicas);
  }
  return shards;
}

int RunPublish(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "byline publish: unexpected argument '%s'\n",
                 args.front().c_str());
    return kExitUsage;
  }
  const std::string index = absl::GetFlag(FLAGS_index);
  if (absl::GetFlag(FLAGS_manifest).empty() ||
      absl::GetFlag(FLAGS_shard_hosts).empty()) {
    std::fprintf(stderr,
                 "byline publish: --manifest and --shard_hosts are needed\n");
    return kExitUsage;
  }
  auto hosts = ParseShardHosts(absl::GetFlag(FLAGS_shard_hosts));
  if (!hosts.ok()) {
    std::fprintf(stderr, "byline publish: %s\n",
                 std::string(hosts.status().message()).c_str());
    return kExitUsage;
  }
  auto source = jobs::ReadSourceManifest(absl::GetFlag(FLAGS_manifest));
  if (!source.ok()) {
    std::fprintf(stderr, "byline publish: %s\n",
                 std::string(source.status().message()).c_str());
    return kExitFailure;
  }
  jobs::PublishOptions options;
  options.shard_hosts = *std::move(hosts);
  options.port_slots = absl::GetFlag(FLAGS_port_slots);
  options.keep = absl::GetFlag(FLAGS_keep);
  if (const uint32_t ms = absl::GetFlag(FLAGS_remote_connect_timeout_ms)) {
    options.remote_connect_timeout_ms = ms;
  }
  if (const uint32_t ms = absl::GetFlag(FLAGS_remote_timeout_ms)) {
    options.remote_timeout_ms = ms;
  }
  const absl::StatusOr<jobs::JobReport> result =
      jobs::RunPublishJob(index, *source, options);
  const int exit_code = JobExitCode(result);
  if (!WriteJobReport("publish", {}, result, exit_code)) return kExitFailure;
  if (!result.ok() || result->outcome != jobs::JobOutcome::kSwapped) {
    PrintJobSummary("publish", result, index);
    return exit_code;
  }
  for (const std::string& warning : result->warnings) {
    std::fprintf(stderr, "byline publish: warning: %s\n", warning.c_str());
  }
  std::fprintf(stderr,
               "byline publish: %s is live at %s (was %s): %llu articles in "
               "%zu remote shards, checked in %.2f s\n",
               result->generation.c_str(), index.c_str(),
               result->parent.empty() ? "none" : result->parent.c_str(),
               static_cast<unsigned long long>(result->articles_after),
               source->shards.size(),
               absl::ToDoubleSeconds(result->validate_time));
  if (!result->removed_generations.empty()) {
    std::fprintf(stderr, "byline publish: removed %s\n",
                 absl::StrJoin(result->removed_generations, ", ").c_str());
  }
  return exit_code;
}

}  // namespace

const Command& PublishCommand() {
  static const Command kCommand{
      "publish",
      "Make a generation built elsewhere live at a front end over shard "
      "hosts.",
      "byline publish --index FRONT --manifest MANIFEST "
      "--shard_hosts H:P,H:P;H:P,H:P [flags]",
      "For a front end whose shards are served by shard hosts (stock\n"
      "xapian-tcpsrv over replicas pulled with xapian-replicate; see\n"
      "deploy/byline-shard-host and the README's deployment guide). Writes\n"
      "the generation into FRONT under the same name, listing shard s at the\n"
      "hosts of group s, each on its base port + N mod --port_slots. Every\n"
      "replica is asked first whether it serves this generation with the\n"
      "right article count; a replica serving other data refuses the\n"
      "publication (exit 4), one that does not answer is a warning. Then\n"
      "the front end's pointer switches atomically: servers follow within a\n"
      "request, finishing calls in flight on the old generation.\n",
      {"index", "manifest", "shard_hosts", "port_slots", "keep",
       "remote_connect_timeout_ms", "remote_timeout_ms", "report"},
      &RunPublish};
  return kCommand;
}

}  // namespace byline::cli

// `byline generations` lists an index's generations; `byline rollback`
// switches the live pointer back to an earlier (or any complete) one.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "cli/common_flags.h"
#include "cli/commands.h"
#include "cli/job_report.h"
#include "generations/index_directory.h"
#include "jobs/index_job.h"
#include "util/json_writer.h"

namespace byline::cli {
namespace {

std::string Age(absl::Time created) {
  const int64_t s = absl::ToInt64Seconds(absl::Now() - created);
  if (s < 120) return absl::StrFormat("%ds", s);
  if (s < 7200) return absl::StrFormat("%dm", s / 60);
  if (s < 172800) return absl::StrFormat("%dh", s / 3600);
  return absl::StrFormat("%dd", s / 86400);
}

int RunGenerations(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "byline generations: unexpected argument '%s'\n",
                 args.front().c_str());
    return kExitUsage;
  }
  const std::string index = absl::GetFlag(FLAGS_index);
  auto list = generations::ListGenerations(index);
  if (list.ok() && list->empty()) {
    auto live = generations::ResolveLive(index);
    if (!live.ok()) {
      std::fprintf(stderr, "byline generations: %s\n",
                   std::string(live.status().message()).c_str());
      return kExitFailure;
    }
    std::fprintf(stderr,
                 "byline generations: %s predates generations; the next "
                 "`byline update`, `rebuild` or `compact` converts it\n",
                 index.c_str());
    return kExitOk;
  }
  if (!list.ok()) {
    std::fprintf(stderr, "byline generations: %s\n",
                 std::string(list.status().message()).c_str());
    return kExitFailure;
  }
  if (absl::GetFlag(FLAGS_json)) {
    JsonWriter json;
    json.BeginObject().Key("index").String(index).Key("generations")
        .BeginArray();
    for (const auto& g : *list) {
      json.BeginObject()
          .Key("name").String(g.name)
          .Key("live").Bool(g.live)
          .Key("complete").Bool(g.complete)
          .Key("bytes").Uint(g.bytes);
      if (g.manifest) {
        const auto& m = *g.manifest;
        json.Key("created")
            .String(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", m.created,
                                     absl::UTCTimeZone()))
            .Key("parent").String(m.parent)
            .Key("job").String(m.job)
            .Key("schema_version").String(m.schema_version)
            .Key("articles").Uint(m.articles)
            .Key("upserted").Uint(m.upserted)
            .Key("deleted").Uint(m.deleted)
            .Key("rejected").Uint(m.rejected)
            .Key("shards").Uint(m.shards.size());
      }
      json.EndObject();
    }
    json.EndArray().EndObject();
    std::printf("%s\n", json.str().c_str());
    return kExitOk;
  }
  std::printf("%-4s %-11s %-8s %10s %9s %6s %-11s %s\n", "", "generation",
              "job", "articles", "size", "age", "parent", "changes");
  for (const auto& g : *list) {
    if (!g.manifest) {
      std::printf("%-4s %-11s %-8s %10s %8.1fM %6s %-11s %s\n", "",
                  g.name.c_str(), "?", "-", g.bytes / 1e6, "-", "-",
                  "unfinished (a job died; the next job removes it)");
      continue;
    }
    const auto& m = *g.manifest;
    std::printf(
        "%-4s %-11s %-8s %10llu %8.1fM %6s %-11s +%llu -%llu, %llu "
        "rejected\n",
        g.live ? "live" : "", g.name.c_str(), m.job.c_str(),
        static_cast<unsigned long long>(m.articles), g.bytes / 1e6,
        Age(m.created).c_str(), m.parent.empty() ? "-" : m.parent.c_str(),
        static_cast<unsigned long long>(m.upserted),
        static_cast<unsigned long long>(m.deleted),
        static_cast<unsigned long long>(m.rejected));
  }
  return kExitOk;
}

int RunRollback(const std::vector<std::string>& args) {
  if (args.size() > 1) {
    std::fprintf(stderr, "byline rollback: name at most one generation\n");
    return kExitUsage;
  }
  const std::string index = absl::GetFlag(FLAGS_index);
  std::optional<std::string> target;
  if (!args.empty()) target = args[0];
  auto before = generations::ReadLiveGeneration(index);
  const std::string was = before.ok() ? *before : "";
  auto result = jobs::Rollback(index, target);
  // The --report of a rollback: a job that swapped to an older generation.
  absl::StatusOr<jobs::JobReport> report = jobs::JobReport{};
  if (result.ok()) {
    report->generation = *result;
    report->parent = was;
    auto articles = [&](const std::string& name) -> uint64_t {
      auto m = generations::ReadManifest(
          (std::filesystem::path(index) / name).string());
      return m.ok() ? m->articles : 0;
    };
    report->articles_before = was.empty() ? 0 : articles(was);
    report->articles_after = articles(*result);
  } else {
    report = result.status();
  }
  const int exit_code = result.ok() ? kExitOk : JobExitCode(report);
  if (!WriteJobReport("rollback", {}, report, exit_code)) return kExitFailure;
  if (!result.ok()) {
    std::fprintf(stderr, "byline rollback: %s\n",
                 std::string(result.status().message()).c_str());
    return exit_code;
  }
  if (absl::GetFlag(FLAGS_json)) {
    JsonWriter json;
    json.BeginObject()
        .Key("index").String(index)
        .Key("live").String(*result)
        .Key("was").String(was)
        .EndObject();
    std::printf("%s\n", json.str().c_str());
  } else {
    std::fprintf(stderr, "byline rollback: %s is live (was %s) -> %s\n",
                 result->c_str(), was.c_str(), index.c_str());
  }
  return kExitOk;
}

}  // namespace

const Command& GenerationsCommand() {
  static const Command kCommand{
      "generations",
      "List the index's generations: live, size, counts, age, parent, job.",
      "byline generations [flags]",
      "Each job (index, update, rebuild, compact) builds a new generation\n"
      "and makes it live; older ones are kept for `byline rollback`.\n",
      {"index", "json"},
      &RunGenerations};
  return kCommand;
}

const Command& RollbackCommand() {
  static const Command kCommand{
      "rollback",
      "Make an earlier generation live again, atomically.",
      "byline rollback [flags] [GENERATION]",
      "Without GENERATION, goes back to the newest complete generation\n"
      "older than the live one. Servers follow on their next request.\n",
      {"index", "json", "report"},
      &RunRollback};
  return kCommand;
}

}  // namespace byline::cli

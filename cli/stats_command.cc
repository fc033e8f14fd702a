// `byline stats`: what an index holds.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "cli/commands.h"
#include "cli/common_flags.h"
#include "cli/result_printer.h"
#include "searcher/searcher.h"
#include "service/client.h"

namespace byline::cli {
namespace {

int RunStats(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "byline stats: unexpected argument '%s'\n",
                 args.front().c_str());
    return kExitUsage;
  }
  absl::StatusOr<IndexStats> stats;
  if (const std::string server = absl::GetFlag(FLAGS_server); !server.empty()) {
    auto remote =
        service::RemoteSearcher::Create(server, RemoteOptionsFromFlags());
    stats = remote.ok() ? (*remote)->Stats() : remote.status();
  } else if (auto searcher = Searcher::Open(absl::GetFlag(FLAGS_index));
             searcher.ok()) {
    stats = (*searcher)->Stats();
  } else {
    stats = searcher.status();
  }
  if (!stats.ok()) {
    std::fprintf(stderr, "byline stats: %s\n",
                 std::string(stats.status().message()).c_str());
    return kExitFailure;
  }
  const std::string out = absl::GetFlag(FLAGS_json) ? FormatStatsJson(*stats)
                                                    : FormatStatsText(*stats);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

const Command& StatsCommand() {
  static const Command kCommand{
      "stats",
      "Show what an index holds: articles, passages, sources, dates.",
      "byline stats [flags]",
      "Names the live generation of the index (with --server, the one the\n"
      "server is serving), and counts articles (and undated ones),\n"
      "passages, articles per source, the range of publication dates and\n"
      "the time of the last commit.\n",
      {"index", "server", "timeout_seconds", "tls_ca", "tls_client_cert",
       "tls_client_key", "token_file", "json"},
      &RunStats};
  return kCommand;
}

}  // namespace byline::cli

// `byline`: the command-line entry point. Dispatches to subcommands.
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/string_view.h"
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/ner_model_path.h"
#include "cli/version_info.h"

namespace {

using byline::cli::Command;

std::vector<const Command*> AllCommands() {
  return {&byline::cli::IndexCommand(),    &byline::cli::SearchCommand(),
          &byline::cli::StatsCommand(),    &byline::cli::ServeCommand(),
          &byline::cli::UpdateCommand(),   &byline::cli::RebuildCommand(),
          &byline::cli::CompactCommand(),  &byline::cli::GenerationsCommand(),
          &byline::cli::RollbackCommand(), &byline::cli::PublishCommand(),
          &byline::cli::EntitiesCommand()};
}

void PrintTopHelp(FILE* out) {
  std::fprintf(out,
               "byline: news search on Xapian.\n\n"
               "Usage: byline COMMAND [flags] [args]\n\nCommands:\n");
  for (const Command* c : AllCommands()) {
    std::fprintf(out, "  %-8s %.*s\n", std::string(c->name).c_str(),
                 static_cast<int>(c->summary.size()), c->summary.data());
  }
  std::fprintf(out,
               "  %-8s %s\n"
               "\nRun `byline COMMAND --help` for a command's flags.\n"
               "Exit codes: 0 success; 1 no results (search) or some records "
               "rejected (index);\n2 bad usage or query; 3 index missing or "
               "broken, I/O error;\n130 interrupted (index: what was read is "
               "committed).\n",
               "version", "Print the version, git revision and libraries "
               "(also --version).");
}

// `byline --version` / `byline version`.
int PrintVersion() {
  const std::string model = byline::cli::DefaultNerModelPath();
  std::error_code ec;
  std::fputs(
      byline::cli::VersionText(byline::cli::CurrentVersionInfo(), model,
                               std::filesystem::is_regular_file(model, ec))
          .c_str(),
      stdout);
  return byline::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintTopHelp(stderr);
    return byline::cli::kExitUsage;
  }
  const absl::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintTopHelp(stdout);
    return byline::cli::kExitOk;
  }
  if (name == "--version" || name == "version") {
    if (argc > 2) {
      std::fprintf(stderr, "byline version: unexpected argument '%s'\n",
                   argv[2]);
      return byline::cli::kExitUsage;
    }
    return PrintVersion();
  }
  for (const Command* command : AllCommands()) {
    if (command->name != name) continue;
    if (byline::cli::WantsHelp(argc - 2, argv + 2)) {
      std::fputs(byline::cli::CommandHelp(*command).c_str(), stdout);
      return byline::cli::kExitOk;
    }
    auto args = byline::cli::ParseCommandArgs(*command, argc - 2, argv + 2);
    if (!args.ok()) {
      std::fprintf(stderr, "byline %s: %s\n", argv[1],
                   std::string(args.status().message()).c_str());
      return byline::cli::kExitUsage;
    }
    return command->run(*args);
  }
  std::fprintf(stderr, "byline: unknown command '%s'\n\n", argv[1]);
  PrintTopHelp(stderr);
  return byline::cli::kExitUsage;
}

// Subcommand flag handling on top of Abseil flags.
#include "cli/command_line.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace byline::cli {
namespace {

bool Takes(const Command& command, absl::string_view name) {
  return std::find(command.flags.begin(), command.flags.end(), name) !=
         command.flags.end();
}

}  // namespace

const char kArgumentsNote[] =
    "Flags are written --name VALUE or --name=VALUE, before or after the\n"
    "other arguments. A word with one dash is never a flag: `byline search\n"
    "oil -json` searches for oil without json. Everything after -- is an\n"
    "argument, even if it starts with --. The index directory is --index,\n"
    "else $BYLINE_INDEX, else ./byline-index.\n";

bool WantsHelp(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") return false;
    if (arg == "--help") return true;
    if (i == 0 && (arg == "-h" || arg == "-help")) return true;
  }
  return false;
}

std::string CommandHelp(const Command& command) {
  std::string out = absl::StrCat("Usage: ", command.usage, "\n\n",
                                 command.details, "\nFlags:\n");
  for (absl::string_view name : command.flags) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) continue;
    absl::StrAppend(&out, "  --", name);
    if (!flag->IsOfType<bool>()) absl::StrAppend(&out, "=VALUE");
    absl::StrAppend(&out, "\n      ", flag->Help());
    const std::string def = flag->DefaultValue();
    if (!def.empty()) absl::StrAppend(&out, " (default: ", def, ")");
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out,
                  "  --help\n      Show this help.\n\n", kArgumentsNote,
                  "\n"
                  "Exit codes: 0 success (jobs: the new generation is "
                  "live); 1 no results (search)\nor swapped with rejected "
                  "records (jobs); 2 bad usage or query; 3 index missing\n"
                  "or broken, I/O error, validation failed; 4 refused by a "
                  "guard; 5 another job\nholds the index; 130 interrupted "
                  "(jobs: the live generation is unchanged).\n");
  return out;
}

absl::StatusOr<std::vector<std::string>> ParseCommandArgs(
    const Command& command, int argc, char** argv) {
  std::vector<std::string> positional;
  bool flags_done = false;
  for (int i = 0; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (flags_done || !absl::StartsWith(arg, "--")) {
      positional.emplace_back(arg);  // "-json", "-bank", "-": never flags
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    absl::string_view name = arg.substr(2);
    std::optional<absl::string_view> value;
    if (const size_t eq = name.find('='); eq != absl::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    absl::CommandLineFlag* flag =
        Takes(command, name) ? absl::FindCommandLineFlag(name) : nullptr;
    bool negated = false;
    if (flag == nullptr && absl::StartsWith(name, "no") &&
        Takes(command, name.substr(2))) {
      flag = absl::FindCommandLineFlag(name.substr(2));  // --nojson
      negated = flag != nullptr && flag->IsOfType<bool>() && !value;
      if (!negated) flag = nullptr;
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag '", arg, "' for 'byline ", command.name,
                       "' (see byline ", command.name, " --help)"));
    }
    std::string text;
    if (negated) {
      text = "false";
    } else if (value) {
      text = std::string(*value);
    } else if (flag->IsOfType<bool>()) {
      text = "true";
    } else if (i + 1 < argc) {
      text = argv[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("flag '--", name, "' needs a value"));
    }
    std::string error;
    if (!flag->ParseFrom(text, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag '--", flag->Name(), "': ", error));
    }
  }
  return positional;
}

bool ColorWanted(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(fd) && (no_color == nullptr || *no_color == '\0');
}

}  // namespace byline::cli

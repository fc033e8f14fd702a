// The subcommands of the `byline` binary.
#ifndef BYLINE_CLI_COMMANDS_H_
#define BYLINE_CLI_COMMANDS_H_

#include "cli/command_line.h"

namespace byline::cli {

const Command& IndexCommand();
const Command& SearchCommand();
const Command& StatsCommand();
const Command& ServeCommand();
const Command& CompactCommand();
const Command& UpdateCommand();
const Command& RebuildCommand();
const Command& GenerationsCommand();
const Command& RollbackCommand();
const Command& PublishCommand();
const Command& EntitiesCommand();

}  // namespace byline::cli

#endif  // BYLINE_CLI_COMMANDS_H_

#include "cli_common.h"
#include "commands.h"

namespace harbour::cli {

void addAnalysisCommands(CLI::App &, Commands &) {}

} // namespace harbour::cli

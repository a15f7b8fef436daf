#include "cli_common.h"
#include "commands.h"

namespace harbour::cli {

void addDisruptionCommands(CLI::App &, Commands &) {}

} // namespace harbour::cli

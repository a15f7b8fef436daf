#include "cli_common.h"
#include "commands.h"

namespace harbour::cli {

void addReportCommands(CLI::App &, Commands &) {}

} // namespace harbour::cli

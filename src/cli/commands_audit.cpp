#include "cli_common.h"
#include "commands.h"

namespace harbour::cli {

void addAuditCommands(CLI::App &, Commands &) {}

} // namespace harbour::cli

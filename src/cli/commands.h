#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace harbour::cli {

/// A subcommand and what runs when it was given. Each commands_*.cpp adds its own.
struct Command {
    CLI::App *app = nullptr;
    std::function<int()> run;
};

using Commands = std::vector<Command>;

void addImportCommands(CLI::App &app, Commands &commands);
void addQueryCommands(CLI::App &app, Commands &commands);
void addAnalysisCommands(CLI::App &app, Commands &commands);
void addAuditCommands(CLI::App &app, Commands &commands);
void addDisruptionCommands(CLI::App &app, Commands &commands);
void addReportCommands(CLI::App &app, Commands &commands);
void addReviewCommands(CLI::App &app, Commands &commands);
void addIdentityCommands(CLI::App &app, Commands &commands);
void addTimeCommands(CLI::App &app, Commands &commands);
void addCheckCommands(CLI::App &app, Commands &commands);

} // namespace harbour::cli

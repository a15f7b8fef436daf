#include "cli_common.h"
#include "commands.h"
#include "safe_streams.h"

#include "harbour/huge_pages.h"
#include "harbour/safe_text.h"

#include <exception>
#include <iostream>

int main(int argc, char **argv)
{
    harbour::preferHugePages(argv); // first: it may start the program again
    using namespace harbour::cli;
    const SafeStandardStreams safeStreams;
    CLI::App app{"Harbour: intelligence analysis for child sexual exploitation, trafficking and missing children"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "harbour 0.1.0");
    Commands commands;
    addImportCommands(app, commands);
    addQueryCommands(app, commands);
    addAnalysisCommands(app, commands);
    addAuditCommands(app, commands);
    addDisruptionCommands(app, commands);
    addReportCommands(app, commands);
    addReviewCommands(app, commands);
    addIdentityCommands(app, commands);
    addTimeCommands(app, commands);
    addCheckCommands(app, commands);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        // --help and --version are "errors" to CLI11 that exit 0; everything else is usage.
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitFatal;
    }
    try {
        for (const auto &command : commands) {
            if (command.app->parsed()) {
                return command.run();
            }
        }
        std::cerr << "harbour: no command given (see harbour --help)\n";
        return kExitFatal;
    } catch (const FatalError &fatal) {
        std::cerr << "harbour: " << harbour::safe::terminal(fatal.error.toString()) << '\n';
        return kExitFatal;
    } catch (const std::exception &e) {
        std::cerr << "harbour: internal error: " << harbour::safe::terminal(e.what()) << '\n';
        return kExitFatal;
    }
}

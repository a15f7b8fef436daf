#include "cli_common.h"
#include "commands.h"

#include "harbour/importers/import_job.h"
#include "harbour/safe_text.h"

#include <algorithm>
#include <iostream>
#include <optional>

namespace harbour::cli {

namespace {

struct ImportArgs {
    std::string db;
    std::string policy;
    bool allOrNothing = false;
    bool amend = false;
    bool json = false;
    std::optional<std::size_t> commitEvery;
    std::vector<std::string> paths;
};

// Directories import every file they hold that an importer supports, in name order.
std::vector<std::filesystem::path> expandPaths(const std::vector<std::string> &paths)
{
    std::vector<std::filesystem::path> files;
    for (const auto &path : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            std::vector<std::filesystem::path> inside;
            for (const auto &entry : std::filesystem::directory_iterator(path, ec)) {
                const auto ext = entry.path().extension().string();
                if (entry.is_regular_file() && (ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".csv") &&
                    entry.path().filename() != "ground-truth.json") {
                    inside.push_back(entry.path());
                }
            }
            std::sort(inside.begin(), inside.end());
            files.insert(files.end(), inside.begin(), inside.end());
        } else {
            files.emplace_back(path);
        }
    }
    return files;
}

int runImport(const ImportArgs &args)
{
    const RiskPolicy policy = args.policy.empty() ? RiskPolicy::defaults() : require(RiskPolicy::load(args.policy));
    auto store = openStore(args.db, false);
    importers::ImportOptions options;
    options.allOrNothing = args.allOrNothing;
    options.amend = args.amend;
    if (args.commitEvery) {
        options.commitEvery = *args.commitEvery;
    }
    const auto summary = require(importers::importFiles(*store, policy, expandPaths(args.paths), options));

    for (const auto &error : summary.errors) {
        std::cerr << "rejected: " << safe::terminal(error.toString()) << '\n';
    }
    for (const auto &warning : summary.warnings) {
        std::cerr << "warning: " << safe::terminal(warning.toString()) << '\n';
    }
    if (args.json) {
        const auto listOf = [](const std::vector<Error> &items) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto &item : items) {
                list.push_back({{"file", item.file},
                                {"record", item.record},
                                {"field", item.field},
                                {"code", std::string(toString(item.code))},
                                {"message", item.message}});
            }
            return list;
        };
        printJson({{"imported", summary.imported},
                   {"amended", summary.amended},
                   {"unchanged", summary.unchanged},
                   {"rejected", summary.rejected},
                   {"rolled_back", summary.rolledBack},
                   {"errors", listOf(summary.errors)},
                   {"warnings", listOf(summary.warnings)}});
    } else {
        std::cout << "imported " << summary.imported << ", unchanged " << summary.unchanged << ", rejected "
                  << summary.rejected;
        if (summary.amended > 0) {
            std::cout << ", amended " << summary.amended;
        }
        if (summary.rolledBack > 0) {
            std::cout << " (all-or-nothing: " << summary.rolledBack << " valid records not imported)";
        }
        std::cout << '\n';
    }
    return summary.rejected > 0 ? kExitRejected : kExitOk;
}

} // namespace

void addImportCommands(CLI::App &app, Commands &commands)
{
    auto args = std::make_shared<ImportArgs>();
    CLI::App *import = app.add_subcommand("import", "Import information reports, screenings and missing episodes");
    import->add_option("--db", args->db, "SQLite database file (created if absent)")->required();
    import->add_flag("--all-or-nothing", args->allOrNothing, "Keep a file out entirely if any record is rejected");
    import->add_flag("--amend", args->amend, "Record changed content of a known id as a new version");
    import->add_option("--commit-every", args->commitEvery,
                       "Records per transaction (default 10000); a crash loses only the group in progress, which a "
                       "re-run imports")
        ->check(CLI::Range(1, 100000000));
    import->add_option("--policy", args->policy, "Risk policy file replacing the shipped one");
    import->add_flag("--json", args->json, "Print the summary as JSON");
    import->add_option("paths", args->paths, "Files or folders (JSON, JSON Lines, CSV)")->required();
    commands.push_back({import, [args] { return runImport(*args); }});
}

} // namespace harbour::cli

#include "cli_common.h"
#include "commands.h"

#include "harbour/file_kind.h"
#include "harbour/importers/import_job.h"
#include "harbour/safe_text.h"
#include "harbour/store_check.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
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

namespace fs = std::filesystem;

/// What the paths on the command line hold: the files to import, in order, and what a folder
/// held that is not imported, each with its reason, so that nothing is left out in silence.
struct FoundFiles {
    std::vector<fs::path> files;
    std::vector<std::pair<fs::path, std::string>> skipped;
    std::vector<Error> unlisted; ///< folders that could not be listed: rejected, like unreadable files
};

bool importableName(const fs::path &path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".csv";
}

std::string lowerFirst(std::string text)
{
    if (!text.empty()) {
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    }
    return text;
}

/// Why a folder entry is not imported, or nothing when it is a file to import.
std::optional<std::string> skipReason(const fs::directory_entry &entry, const fs::file_status &own)
{
    if (entry.path().filename() == "ground-truth.json") {
        return "the generator's answer key, not records";
    }
    if (fs::is_symlink(own)) {
        std::error_code ec;
        if (fs::is_directory(entry.path(), ec)) {
            return "a link to a folder (links to folders are not followed)";
        }
    }
    if (!importableName(entry.path())) {
        return "not a format Harbour imports (.json, .jsonl, .ndjson or .csv)";
    }
    return std::nullopt;
}

// A folder imports every file under it that an importer supports, subfolders included, in name
// order within each folder. Links to folders are not followed, so a loop of links cannot recur.
void collectFolder(const fs::path &folder, FoundFiles &found)
{
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        entries.push_back(*it);
    }
    if (ec) {
        found.unlisted.push_back(
            Error{ErrorCode::Io, "cannot list the folder: " + lowerFirst(ec.message()), folder.string(), {}, {}});
        return;
    }
    std::sort(entries.begin(), entries.end());
    for (const auto &entry : entries) {
        const fs::file_status own = entry.symlink_status(ec);
        if (fs::is_directory(own)) {
            collectFolder(entry.path(), found);
        } else if (const auto reason = skipReason(entry, own)) {
            found.skipped.emplace_back(entry.path(), *reason);
        } else {
            found.files.push_back(entry.path());
        }
    }
}

FoundFiles expandPaths(const std::vector<std::string> &paths)
{
    FoundFiles found;
    for (const auto &path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            collectFolder(path, found);
            continue;
        }
        // Nothing at a path typed on the command line is most likely a mistyped name: stop before
        // importing anything. Anything else that cannot be read is a rejected file.
        if (const auto problem = whyUnreadable(path); problem && problem->missing) {
            throw FatalError{Error{ErrorCode::Io, problem->reason, path, {}, {}}};
        }
        found.files.emplace_back(path);
    }
    return found;
}

nlohmann::json filesJson(const std::vector<fs::path> &files)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto &file : files) {
        list.push_back(file.string());
    }
    return list;
}

nlohmann::json skippedJson(const std::vector<std::pair<fs::path, std::string>> &skipped)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto &[path, reason] : skipped) {
        list.push_back({{"file", path.string()}, {"reason", reason}});
    }
    return list;
}

/// SQLite's quick check reads every page: 3 s for a 480 MB database of 100,000 reports here, where
/// a small import into it takes 0.2 s. Up to this size it costs an import little (docs/trust.md);
/// above it, finding damage is left to `harbour check`.
constexpr std::uintmax_t kQuickCheckLimit = std::uintmax_t{128} << 20;

/// Adding to a damaged file buries the damage under new data: refuse it.
void refuseDamaged(Store &store, const std::string &db)
{
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(db, ec);
    if (ec || size > kQuickCheckLimit) {
        return;
    }
    const auto problems = require(quickCheck(store));
    if (!problems.empty()) {
        throw FatalError{Error{ErrorCode::Integrity,
                               "the database is damaged (" + problems.front() +
                                   "); nothing was imported. See what is damaged with: harbour check --db " + db,
                               db, {}, {}}};
    }
}

int runImport(const ImportArgs &args)
{
    const RiskPolicy policy = args.policy.empty() ? RiskPolicy::defaults() : require(RiskPolicy::load(args.policy));
    const FoundFiles found = expandPaths(args.paths); // before the database is created: a typo stops here
    auto store = openStore(args.db, false);
    refuseDamaged(*store, args.db);
    importers::ImportOptions options;
    options.allOrNothing = args.allOrNothing;
    options.amend = args.amend;
    if (args.commitEvery) {
        options.commitEvery = *args.commitEvery;
    }
    for (const auto &[path, reason] : found.skipped) {
        std::cerr << "skipped: " << safe::terminal(path.string()) << ": " << reason << '\n';
    }
    auto summary = require(importers::importFiles(*store, policy, found.files, options));
    summary.rejected += static_cast<std::int64_t>(found.unlisted.size());
    summary.rejectedFiles += static_cast<std::int64_t>(found.unlisted.size());
    summary.errors.insert(summary.errors.begin(), found.unlisted.begin(), found.unlisted.end());

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
                   {"rejected_files", summary.rejectedFiles},
                   {"files", filesJson(found.files)},
                   {"skipped", skippedJson(found.skipped)},
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

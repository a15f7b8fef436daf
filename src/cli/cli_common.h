#pragma once

#include "harbour/analysis/analysis_policy.h"
#include "harbour/analysis/identities.h"
#include "harbour/model.h"
#include "harbour/result.h"
#include "harbour/store.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace harbour::cli {

/// Exit codes of the contract: 0 all well, 1 some records rejected (or a check failed), 2 usage or fatal error.
enum ExitCode : int { kExitOk = 0, kExitRejected = 1, kExitFatal = 2 };

/// Raised inside a command for a fatal error; main() prints it and exits 2.
struct FatalError {
    Error error;
};

/// Opens a database for a command that changes it or writes to its audit log (import, merge,
/// brief, export, ...), creating it when `mustExist` is false. Throws FatalError; warns on stderr
/// when the file is readable by others.
std::unique_ptr<Store> openStore(const std::filesystem::path &path, bool mustExist);

/// Opens an existing database for the commands that only read: read-only when this user cannot
/// write the file or its folder, so that they still work. Throws FatalError; warns as openStore does.
std::unique_ptr<Store> openStoreForReading(const std::filesystem::path &path);

/// Unwraps a Result or throws FatalError.
template <typename T>
T require(Result<T> result)
{
    if (!result) {
        throw FatalError{result.error()};
    }
    return std::move(result).value();
}
void require(const Status &status);

/// Left-aligned text table with a header, columns as wide as their widest cell.
class Table {
public:
    explicit Table(std::vector<std::string> header);
    /// Each cell is one field of text, shown safely (safe::terminal): a line break in a name
    /// cannot start a row of its own.
    void add(std::vector<std::string> row);
    bool empty() const { return m_rows.empty(); }
    void print(std::ostream &out) const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
};

nlohmann::json gradingJson(const Grading &grading);
nlohmann::json entityRefJson(EntityId id, EntityType type, const std::string &label);
std::optional<Date> parseDateOption(const std::string &text, const std::string &option);
/// For options whose text goes into the audit log (--reason, --note): refuses text with nothing
/// visible in it (harbour::isBlank), so that "   " is a usage error (exit 2), not a reason.
const CLI::Validator &nonBlankText();
void printJson(const nlohmann::json &document);
std::string join(const std::vector<std::string> &parts, const std::string &separator);

/// The identities of the snapshot, the analyst's decisions read from the store's audit log.
/// `scored`: the who-is-who pairs when the caller has them already (scored under
/// identityPolicyOf(policy).suggestions); scored here when null.
analysis::Identities identitiesOf(Store &store, const GraphSnapshot &snapshot, const analysis::AnalysisPolicy &policy,
                                  const std::vector<analysis::MergeSuggestion> *scored = nullptr);

/// The options every analysing command shares: the time window, the day recency and overdue
/// actions are judged on, and a replacement analysis policy.
struct AnalysisScope {
    std::string since;
    std::string until;
    std::string asOf;
    std::string policy;

    /// Adds --since, --until, --as-of and --policy to a subcommand.
    void addTo(CLI::App &command);
    /// The window; a reversed one (--since after --until) is a usage error.
    TimeWindow window() const;
    /// Why the window is empty by construction ("--since X is after --until Y: ..."), or nullopt.
    std::optional<std::string> reversedWindow() const;
    Date day() const; ///< --as-of, or today
    analysis::AnalysisPolicy loadPolicy() const;
    /// The store's snapshot for this window and day; a failure ends the command.
    GraphSnapshot snapshot(Store &store) const;
};

/// A snapshot as the views count and draw it, with the identities folded into it.
struct IdentityView {
    GraphSnapshot snapshot; ///< one entity per identity (analysis/identity_fold.h)
    analysis::Identities identities;
};

/// The identities of `snapshot` resolved under `policy` and the analyst's decisions, then folded
/// into it: what clusters, hotspots, priorities, briefings, exports and timelines all work on.
IdentityView identityView(Store &store, GraphSnapshot snapshot, const analysis::AnalysisPolicy &policy);

} // namespace harbour::cli

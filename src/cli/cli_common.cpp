#include "cli_common.h"

#include "harbour/analysis/identity_fold.h"
#include "safe_streams.h"

#include "harbour/safe_text.h"

#include "harbour/file_kind.h"
#include "harbour/store_check.h"
#include "harbour/unicode.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace harbour::cli {

namespace {

void requireExisting(const std::filesystem::path &path)
{
    const auto problem = whyUnreadable(path);
    if (problem && problem->missing) {
        throw FatalError{Error{ErrorCode::NotFound, "no such database (create it with harbour import)", path.string(), {}, {}}};
    }
}

/// Once per run, on stderr (stdout may be JSON that must stay exact), as the app's banner does.
void warnIfShared(const std::filesystem::path &path)
{
    static bool warned = false;
    const auto mode = sharedMode(path);
    if (warned || !mode) {
        return;
    }
    warned = true;
    std::cerr << "warning: " << path.string() << " has mode " << octalMode(*mode)
              << ": other users of this computer can read it, and it holds sensitive information about children. "
                 "Make it private with: harbour check --db "
              << path.string() << " --fix-permissions\n";
}

/// An existing database that this user may not write, or whose folder (where its -wal file goes) they may not.
bool existsReadOnly(const std::filesystem::path &path)
{
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    return std::filesystem::exists(path, ec) &&
           (::access(path.c_str(), W_OK) != 0 || ::access(folder.c_str(), W_OK) != 0);
}

/// A database that exists but that this user may not write: say so, rather than SQLite's bare
/// "Permission denied", and say which commands still work.
[[noreturn]] void refuseReadOnly(const std::filesystem::path &path, const Error &error)
{
    throw FatalError{Error{ErrorCode::Io,
                           "cannot write to the database (" + error.message +
                               "); this command changes it or records what it discloses in the audit log. The "
                               "commands that only read (children, entities, show, analyse, audit verify, check, "
                               "...) open it read-only",
                           path.string(), {}, {}}};
}

} // namespace

std::unique_ptr<Store> openStore(const std::filesystem::path &path, bool mustExist)
{
    if (mustExist) {
        requireExisting(path);
    }
    warnIfShared(path);
    auto store = openSqliteStore(path);
    if (!store && existsReadOnly(path)) {
        refuseReadOnly(path, store.error());
    }
    return require(std::move(store));
}

std::unique_ptr<Store> openStoreForReading(const std::filesystem::path &path)
{
    requireExisting(path);
    warnIfShared(path);
    // Only when it must: a read-only connection cannot tidy away the -wal and -shm files SQLite
    // makes beside the database, so on a database this user can write it would leave them behind.
    StoreOptions options;
    options.readOnly = existsReadOnly(path);
    return require(openSqliteStore(path, options));
}

void require(const Status &status)
{
    if (!status) {
        throw FatalError{status.error()};
    }
}

namespace {

std::vector<std::string> shownCells(std::vector<std::string> cells)
{
    for (auto &cell : cells) {
        cell = safe::terminal(cell);
    }
    return cells;
}

} // namespace

Table::Table(std::vector<std::string> header) : m_header(shownCells(std::move(header))) {}

void Table::add(std::vector<std::string> row)
{
    m_rows.push_back(shownCells(std::move(row)));
}

void Table::print(std::ostream &out) const
{
    std::vector<std::size_t> widths(m_header.size(), 0);
    const auto measure = [&widths](const std::vector<std::string> &row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], row[i].size());
        }
    };
    measure(m_header);
    for (const auto &row : m_rows) {
        measure(row);
    }
    const auto printRow = [&](const std::vector<std::string> &row) {
        std::string line;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            const std::string cell = i < row.size() ? row[i] : std::string{};
            line += cell;
            if (i + 1 < widths.size()) {
                line.append(widths[i] - cell.size() + 2, ' ');
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << '\n';
    };
    printRow(m_header);
    std::vector<std::string> rule;
    for (std::size_t width : widths) {
        rule.emplace_back(width, '-');
    }
    printRow(rule);
    for (const auto &row : m_rows) {
        printRow(row);
    }
}

nlohmann::json gradingJson(const Grading &grading)
{
    const auto letter = [](const std::optional<char> &c) { return c ? nlohmann::json(std::string(1, *c)) : nlohmann::json(nullptr); };
    const auto number = [](const std::optional<int> &n) { return n ? nlohmann::json(*n) : nlohmann::json(nullptr); };
    return {{"source", letter(grading.source)},
            {"intelligence", letter(grading.intelligence)},
            {"handling", letter(grading.handling)},
            {"source_reliability", number(grading.sourceReliability)},
            {"information_accuracy", number(grading.informationAccuracy)},
            {"suspected_false", grading.suspectedFalse()},
            {"conditions_apply", grading.conditionsApply()},
            {"code", grading.toString()}};
}

nlohmann::json entityRefJson(EntityId id, EntityType type, const std::string &label)
{
    return {{"id", id}, {"type", std::string(toString(type))}, {"label", label}};
}

std::optional<Date> parseDateOption(const std::string &text, const std::string &option)
{
    if (text.empty()) {
        return std::nullopt;
    }
    auto date = parseDate(text);
    if (!date) {
        throw FatalError{Error{ErrorCode::Usage, "not a valid date (YYYY-MM-DD): '" + text + "'", {}, {}, option}};
    }
    return date;
}

analysis::Identities identitiesOf(Store &store, const GraphSnapshot &snapshot, const analysis::AnalysisPolicy &policy,
                                  const std::vector<analysis::MergeSuggestion> *scored)
{
    const auto decisions = analysis::identityDecisions(require(store.auditLog()));
    const auto identityPolicy = analysis::identityPolicyOf(policy);
    return scored ? analysis::resolveIdentities(snapshot, *scored, decisions, identityPolicy)
                  : analysis::resolveIdentities(snapshot, decisions, identityPolicy);
}

IdentityView identityView(Store &store, GraphSnapshot snapshot, const analysis::AnalysisPolicy &policy)
{
    IdentityView view{std::move(snapshot), {}};
    view.identities = analysis::foldIdentities(view.snapshot, require(store.auditLog()), policy);
    return view;
}

const CLI::Validator &nonBlankText()
{
    static const CLI::Validator validator(
        [](std::string &value) {
            return isBlank(value) ? std::string("must say something: it is empty or only white space") : std::string();
        },
        "", "non-blank");
    return validator;
}

void printJson(const nlohmann::json &document)
{
    exactStdout() << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
}

std::string join(const std::vector<std::string> &parts, const std::string &separator)
{
    std::string out;
    for (const auto &part : parts) {
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

void AnalysisScope::addTo(CLI::App &command)
{
    command.add_option("--since", since, "Only records on or after this date (YYYY-MM-DD)");
    command.add_option("--until", until, "Only records on or before this date (YYYY-MM-DD)");
    command.add_option("--as-of", asOf, "Judge recency and overdue actions on this date (default today)");
    command.add_option("--policy", policy, "Analysis policy file replacing the shipped one");
    // Checked as soon as the command line is read, before any command opens a database or a file.
    command.parse_complete_callback([this] {
        if (const auto problem = reversedWindow()) {
            throw CLI::ValidationError(*problem);
        }
    });
}

std::optional<std::string> AnalysisScope::reversedWindow() const
{
    const auto from = parseDate(since);
    const auto to = parseDate(until);
    if (from && to && *from > *to) {
        return "--since " + since + " is after --until " + until + ": no record can fall in that window";
    }
    return std::nullopt;
}

TimeWindow AnalysisScope::window() const
{
    TimeWindow window{parseDateOption(since, "--since"), parseDateOption(until, "--until")};
    // An empty window is never what was meant: say so rather than answer "nothing" with exit 0.
    if (const auto problem = reversedWindow()) {
        throw FatalError{Error{ErrorCode::Usage, *problem, {}, {}, {}}};
    }
    return window;
}

Date AnalysisScope::day() const
{
    return parseDateOption(asOf, "--as-of").value_or(today());
}

analysis::AnalysisPolicy AnalysisScope::loadPolicy() const
{
    return policy.empty() ? analysis::AnalysisPolicy::defaults() : require(analysis::AnalysisPolicy::load(policy));
}

GraphSnapshot AnalysisScope::snapshot(Store &store) const
{
    return require(store.snapshot(window(), day()));
}

} // namespace harbour::cli

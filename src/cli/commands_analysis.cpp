#include "cli_common.h"
#include "safe_streams.h"
#include "commands.h"

#include "harbour/analysis/analysis.h"
#include "harbour/analysis/identity_fold.h"
#include "harbour/analysis/path.h"
#include "harbour/analysis/suggestion_truth.h"
#include "harbour/analysis/suggestions.h"
#include "harbour/file_kind.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace harbour::cli {

namespace {

struct AnalysisArgs {
    std::string db;
    bool json = false;
    AnalysisScope scope;
    // clusters
    bool flagged = false;
    // hotspots
    int top = 10;
    std::string kind;
    // path
    std::int64_t from = 0;
    std::int64_t to = 0;
    // suggest
    std::string type;
    double minScore = -1.0;
    int limit = 50;
    // merge and unmerge
    std::int64_t kept = 0;
    std::int64_t merged = 0;
    std::string reason;
    std::int64_t unmergeId = 0;
    // accuracy
    std::string truth;
    double threshold = 0.6;
};

std::string fixed(double value, int decimals = 2)
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(decimals) << value;
    return out.str();
}

struct Analysed {
    GraphSnapshot snapshot;
    analysis::AnalysisResult result;
};

/// The analyses of the store, on its identities: the counts are of people, and each cluster
/// member is an entry named with its identity.
Analysed analyseStore(const AnalysisArgs &args)
{
    const auto policy = args.scope.loadPolicy();
    auto store = openStoreForReading(args.db);
    auto view = identityView(*store, args.scope.snapshot(*store), policy);
    Analysed out{std::move(view.snapshot), {}};
    out.result = analysis::analyse(out.snapshot, policy);
    analysis::listEntries(out.result.clusters, out.snapshot);
    return out;
}

nlohmann::json windowJson(const AnalysisArgs &args)
{
    const TimeWindow window = args.scope.window();
    return {{"as_of", formatDate(args.scope.day())},
            {"since", window.since ? nlohmann::json(formatDate(*window.since)) : nlohmann::json(nullptr)},
            {"until", window.until ? nlohmann::json(formatDate(*window.until)) : nlohmann::json(nullptr)}};
}

std::string memberList(const GraphSnapshot &snapshot, const std::vector<EntityId> &ids)
{
    std::vector<std::string> labels;
    for (const EntityId id : ids) {
        const auto *entity = snapshot.findEntity(id);
        labels.push_back((entity != nullptr ? entity->label : "?") + " [" + std::to_string(id) + "]");
    }
    return join(labels, ", ");
}

void printCluster(const analysis::Cluster &cluster, const GraphSnapshot &snapshot)
{
    std::cout << cluster.id << "  score " << fixed(cluster.score) << "  " << cluster.members.size() << " members, "
              << cluster.children << " children, " << cluster.suspects << " suspects, " << cluster.records
              << " records" << (cluster.organised ? "  POSSIBLE ORGANISED OR MULTIPLE ABUSE" : "") << '\n';
    for (const auto &reason : cluster.reasons) {
        std::cout << "    - " << reason << '\n';
    }
    if (cluster.organised) {
        std::cout << "    children:  " << memberList(snapshot, cluster.organisedChildren) << '\n';
        if (!cluster.organisedSuspects.empty()) {
            std::cout << "    suspects:  " << memberList(snapshot, cluster.organisedSuspects) << '\n';
        }
        if (!cluster.organisedHubs.empty()) {
            std::cout << "    linked by: " << memberList(snapshot, cluster.organisedHubs) << '\n';
        }
    }
    Table members({"ID", "IDENTITY", "TYPE", "ROLE", "LABEL"});
    for (const auto &member : cluster.members) {
        members.add({std::to_string(member.id), member.identity, std::string(toString(member.type)), member.role,
                     member.label});
    }
    std::ostringstream table;
    members.print(table);
    std::istringstream lines(table.str());
    for (std::string line; std::getline(lines, line);) {
        std::cout << "    " << line << '\n';
    }
}

std::vector<const analysis::Cluster *> selectClusters(const std::vector<analysis::Cluster> &clusters, bool flagged)
{
    std::vector<const analysis::Cluster *> out;
    for (const auto &cluster : clusters) {
        if (!flagged || cluster.organised) {
            out.push_back(&cluster);
        }
    }
    return out;
}

void printHotspotTable(const std::string &title, const std::vector<analysis::HotspotRow> &rows, int top)
{
    std::cout << title << '\n';
    if (rows.empty()) {
        std::cout << "  (none)\n";
        return;
    }
    Table table({"RANK", "ID", "LABEL", "SCORE", "CHILDREN", "FOUND AT", "WHY"});
    for (const auto &row : rows) {
        if (top > 0 && row.rank > top) {
            break;
        }
        table.add({std::to_string(row.rank), row.key.empty() ? std::to_string(row.id) : row.key, row.label,
                   fixed(row.score), std::to_string(row.distinctChildren), std::to_string(row.foundAt),
                   join(row.reasons, "; ")});
    }
    table.print(std::cout);
}

nlohmann::json topRows(const std::vector<analysis::HotspotRow> &rows, int top)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto &row : rows) {
        if (top > 0 && row.rank > top) {
            break;
        }
        out.push_back(analysis::toJson(row));
    }
    return out;
}

int runAnalyse(const AnalysisArgs &args)
{
    const auto analysed = analyseStore(args);
    const auto &result = analysed.result;
    if (args.json) {
        // Written a row at a time: the whole document would hold gigabytes at a million reports.
        auto &out = exactStdout();
        analysis::writeJson(out, result, {{"window", windowJson(args)}});
        out << '\n' << std::flush;
        return kExitOk;
    }
    const auto flagged = selectClusters(result.clusters, true);
    std::cout << result.clusters.size() << " clusters, " << flagged.size()
              << " flagged as possible organised or multiple abuse (as of " << formatDate(args.scope.day()) << ")\n\n";
    for (const auto *cluster : flagged) {
        printCluster(*cluster, analysed.snapshot);
        std::cout << '\n';
    }
    const int top = args.top;
    printHotspotTable("Premises", result.hotspots.premises, top);
    printHotspotTable("Vehicles", result.hotspots.vehicles, top);
    printHotspotTable("Places", result.hotspots.places, top);
    printHotspotTable("Postcode areas", result.hotspots.areas, top);
    std::cout << "\nSuspects by priority\n";
    Table suspects({"RANK", "ID", "LABEL", "SCORE", "CHILDREN", "CLUSTER", "BROKER", "WHY"});
    for (const auto &row : result.priorities.suspects) {
        if (top > 0 && row.rank > top) {
            break;
        }
        suspects.add({std::to_string(row.rank), std::to_string(row.id), row.label, fixed(row.score),
                      std::to_string(row.children), row.cluster, row.broker ? "yes" : "",
                      join(row.reasons, "; ")});
    }
    suspects.print(std::cout);
    std::cout << "\nChildren by priority\n";
    Table children({"RANK", "ID", "NAME", "LEVEL", "TREND", "OVERDUE", "CLUSTER", "WHY"});
    for (const auto &row : result.priorities.children) {
        if (top > 0 && row.rank > top) {
            break;
        }
        children.add({std::to_string(row.rank), std::to_string(row.id), row.label,
                       row.level ? std::string(toString(*row.level)) : "unscreened", std::string(toString(row.trend)),
                       std::to_string(row.overdueActions), row.cluster + (row.organisedCluster ? " (flagged)" : ""),
                       join(row.reasons, "; ")});
    }
    children.print(std::cout);
    return kExitOk;
}

int runClusters(const AnalysisArgs &args)
{
    const auto analysed = analyseStore(args);
    const auto selected = selectClusters(analysed.result.clusters, args.flagged);
    if (args.json) {
        nlohmann::json clusters = nlohmann::json::array();
        for (const auto *cluster : selected) {
            clusters.push_back(analysis::toJson(*cluster));
        }
        printJson({{"window", windowJson(args)}, {"clusters", clusters}});
        return kExitOk;
    }
    if (selected.empty()) {
        std::cout << (args.flagged ? "No cluster is flagged as possible organised or multiple abuse.\n"
                                   : "No clusters.\n");
        return kExitOk;
    }
    for (const auto *cluster : selected) {
        printCluster(*cluster, analysed.snapshot);
        std::cout << '\n';
    }
    return kExitOk;
}

int runHotspots(const AnalysisArgs &args)
{
    static const std::vector<std::string> kinds = {"premises", "vehicles", "places", "areas"};
    if (!args.kind.empty() && std::find(kinds.begin(), kinds.end(), args.kind) == kinds.end()) {
        throw FatalError{
            Error{ErrorCode::Usage, "unknown kind '" + args.kind + "' (premises, vehicles, places, areas)", {}, {},
                  "--kind"}};
    }
    const auto analysed = analyseStore(args);
    const auto &hotspots = analysed.result.hotspots;
    const std::vector<std::pair<std::string, const std::vector<analysis::HotspotRow> *>> tables = {
        {"premises", &hotspots.premises},
        {"vehicles", &hotspots.vehicles},
        {"places", &hotspots.places},
        {"areas", &hotspots.areas}};
    if (args.json) {
        nlohmann::json document = nlohmann::json::object();
        for (const auto &[name, rows] : tables) {
            if (args.kind.empty() || args.kind == name) {
                document[name] = topRows(*rows, args.top);
            }
        }
        printJson({{"window", windowJson(args)}, {"hotspots", document}});
        return kExitOk;
    }
    static const std::map<std::string, std::string> titles = {
        {"premises", "Licensed premises"}, {"vehicles", "Vehicles"}, {"places", "Places"}, {"areas", "Postcode areas"}};
    bool first = true;
    for (const auto &[name, rows] : tables) {
        if (!args.kind.empty() && args.kind != name) {
            continue;
        }
        if (!first) {
            std::cout << '\n';
        }
        first = false;
        printHotspotTable(titles.at(name), *rows, args.top);
    }
    return kExitOk;
}

int runPath(const AnalysisArgs &args)
{
    const auto analysed = analyseStore(args);
    auto store = openStoreForReading(args.db);
    // An id that a merge folded away stands for the entity it was merged into.
    const EntityId from = require(store->canonical(args.from));
    const EntityId to = require(store->canonical(args.to));
    // An entry of an identity is reached through the node that stands for the identity.
    auto chain = analysis::shortestChain(analysed.result.graph, analysed.snapshot, analysed.snapshot.standingFor(from),
                                         analysed.snapshot.standingFor(to));
    if (!chain) {
        if (chain.error().message.rfind("no chain", 0) == 0) {
            if (args.json) {
                printJson({{"from", from}, {"to", to}, {"found", false}, {"hops", nlohmann::json::array()},
                           {"reason", chain.error().message}});
            } else {
                std::cout << chain.error().message << '\n';
            }
            return kExitRejected;
        }
        throw FatalError{chain.error()};
    }
    const auto entityJson = [&](EntityId id) {
        const auto *entity = analysed.snapshot.findEntity(id);
        return entity != nullptr ? entityRefJson(id, entity->type, entity->label) : nlohmann::json({{"id", id}});
    };
    if (args.json) {
        nlohmann::json hops = nlohmann::json::array();
        for (const auto &hop : chain->hops) {
            nlohmann::json records = nlohmann::json::array();
            for (const auto &record : hop.records) {
                records.push_back({{"row_id", record.rowId},
                                   {"id", record.id},
                                   {"kind", std::string(toString(record.kind))},
                                   {"at", formatDateTime(record.at)},
                                   {"grading", record.grading},
                                   {"weight", record.weight}});
            }
            hops.push_back({{"from", entityJson(hop.from)},
                            {"to", entityJson(hop.to)},
                            {"weight", hop.weight},
                            {"records", records}});
        }
        printJson({{"from", entityJson(from)},
                   {"to", entityJson(to)},
                   {"found", true},
                   {"length", chain->hops.size()},
                   {"weight", chain->weight},
                   {"hops", hops}});
        return kExitOk;
    }
    std::cout << chain->hops.size() << " hop" << (chain->hops.size() == 1 ? "" : "s") << " from " << from << " to "
              << to << '\n';
    for (const auto &hop : chain->hops) {
        std::cout << "  " << hop.fromLabel << " [" << hop.from << "] -> " << hop.toLabel << " [" << hop.to
                  << "]  weight " << fixed(hop.weight) << '\n';
        for (const auto &record : hop.records) {
            std::cout << "      " << (record.id.empty() ? "#" + std::to_string(record.rowId) : record.id) << "  "
                      << toString(record.kind) << "  " << formatDateTime(record.at) << "  graded "
                      << record.grading << '\n';
        }
    }
    return kExitOk;
}

int runSuggest(const AnalysisArgs &args)
{
    std::optional<EntityType> type;
    if (!args.type.empty()) {
        type = entityTypeFromString(args.type);
        if (!type || (*type != EntityType::Person && *type != EntityType::Premises && *type != EntityType::Vehicle)) {
            throw FatalError{Error{ErrorCode::Usage,
                                   "suggestions are for person, premises or vehicle, not '" + args.type + "'",
                                   {}, {}, "--type"}};
        }
    }
    auto store = openStoreForReading(args.db);
    const auto snapshot = args.scope.snapshot(*store);
    auto policy = args.scope.loadPolicy();
    if (args.minScore >= 0.0) {
        policy.identityReview = std::min(args.minScore, policy.identityAutomatic);
    }
    // The review band: pairs the identities did not join and no analyst ruled out.
    auto suggestions = identitiesOf(*store, snapshot, policy).review;
    std::erase_if(suggestions, [&](const analysis::MergeSuggestion &s) {
        return (type && s.type != *type) || (args.minScore >= 0.0 && s.score < args.minScore);
    });
    if (args.limit > 0 && suggestions.size() > static_cast<std::size_t>(args.limit)) {
        suggestions.resize(static_cast<std::size_t>(args.limit));
    }
    if (args.json) {
        printJson(analysis::toJson(suggestions, snapshot));
        return kExitOk;
    }
    if (suggestions.empty()) {
        std::cout << "No suggestions.\n";
        return kExitOk;
    }
    std::cout << suggestions.size() << " possible matches the identities did not join, best first. An analyst "
                                       "joins a pair with `harbour identity confirm` (see `harbour identities`) or "
                                       "`harbour merge A B --reason ...`.\n";
    Table table({"SCORE", "TYPE", "A", "B", "EVIDENCE"});
    const auto label = [&](EntityId id) {
        const auto *entity = snapshot.findEntity(id);
        return (entity != nullptr ? entity->label : "?") + " [" + std::to_string(id) + "]";
    };
    for (const auto &s : suggestions) {
        std::vector<std::string> evidence;
        for (const auto &e : s.evidence) {
            evidence.push_back(e.detail);
        }
        table.add({fixed(s.score), std::string(toString(s.type)), label(s.a), label(s.b), join(evidence, "; ")});
    }
    table.print(std::cout);
    return kExitOk;
}

int runMerge(const AnalysisArgs &args)
{
    auto store = openStore(args.db, true);
    require(store->begin());
    auto id = store->merge(args.kept, args.merged, args.reason);
    if (!id) {
        (void)store->rollback();
        throw FatalError{id.error()};
    }
    require(store->commit());
    if (args.json) {
        printJson({{"merge_id", *id}, {"kept", args.kept}, {"merged", args.merged}, {"reason", args.reason}});
    } else {
        std::cout << "merge " << *id << ": entity " << args.merged << " is now treated as " << args.kept
                  << " (undo with `harbour unmerge " << *id << "`)\n";
    }
    return kExitOk;
}

/// The active merge an analyst means by ID: a merge decision's id, or the entity it folded away.
std::int64_t activeMergeFor(Store &store, std::int64_t id)
{
    const auto decisions = require(store.merges());
    for (const auto &d : decisions) {
        if (!d.undone && d.id == id) {
            return d.id;
        }
    }
    for (const auto &d : decisions) {
        if (!d.undone && d.merged == id) {
            return d.id;
        }
    }
    throw FatalError{Error{ErrorCode::NotFound,
                           "no active merge has id " + std::to_string(id) + " or folded entity " + std::to_string(id),
                           {}, {}, "ID"}};
}

int runUnmerge(const AnalysisArgs &args)
{
    auto store = openStore(args.db, true);
    const std::int64_t mergeId = activeMergeFor(*store, args.unmergeId);
    require(store->begin());
    if (auto status = store->unmerge(mergeId); !status) {
        (void)store->rollback();
        throw FatalError{status.error()};
    }
    require(store->commit());
    if (args.json) {
        printJson({{"merge_id", mergeId}, {"undone", true}});
    } else {
        std::cout << "merge " << mergeId << " undone\n";
    }
    return kExitOk;
}

int runMerges(const AnalysisArgs &args)
{
    auto store = openStoreForReading(args.db);
    const auto decisions = require(store->merges());
    if (args.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &d : decisions) {
            list.push_back({{"merge_id", d.id},
                            {"kept", d.kept},
                            {"merged", d.merged},
                            {"reason", d.reason},
                            {"user", d.user},
                            {"at", d.at},
                            {"undone", d.undone}});
        }
        printJson({{"merges", list}});
        return kExitOk;
    }
    Table table({"MERGE", "KEPT", "MERGED", "BY", "AT", "STATE", "REASON"});
    for (const auto &d : decisions) {
        table.add({std::to_string(d.id), std::to_string(d.kept), std::to_string(d.merged), d.user, d.at,
                   d.undone ? "undone" : "active", d.reason});
    }
    table.print(std::cout);
    return kExitOk;
}

nlohmann::json readTruth(const std::string &path)
{
    if (auto unreadable = unreadableInputError(path, "ground truth")) {
        throw FatalError{*unreadable};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw FatalError{Error{ErrorCode::Io, "cannot read ground truth", path, {}, "--truth"}};
    }
    auto document = nlohmann::json::parse(in, nullptr, false);
    if (document.is_discarded()) {
        throw FatalError{Error{ErrorCode::Parse, "ground truth is not valid JSON", path, {}, {}}};
    }
    return document;
}

/// Every two entries of one identity of the type, as pairs scored 1.
std::vector<analysis::MergeSuggestion> identityPairs(const analysis::Identities &identities, EntityType type)
{
    std::vector<analysis::MergeSuggestion> pairs;
    for (const auto &identity : identities.identities) {
        if (identity.type != type) {
            continue;
        }
        for (std::size_t i = 0; i < identity.entities.size(); ++i) {
            for (std::size_t j = i + 1; j < identity.entities.size(); ++j) {
                pairs.push_back({identity.entities[i], identity.entities[j], type, 1.0, {}});
            }
        }
    }
    return pairs;
}

int runAccuracy(const AnalysisArgs &args)
{
    const auto truthDocument = readTruth(args.truth);
    auto truth = analysis::groundTruthFromJson(truthDocument);
    if (!truth) {
        auto error = truth.error();
        error.file = args.truth;
        throw FatalError{error};
    }
    const auto policy = args.scope.loadPolicy();
    auto store = openStoreForReading(args.db);
    const GraphSnapshot snapshot = args.scope.snapshot(*store);
    auto identity = analysis::identityTruth(snapshot, truthDocument);
    if (!identity) {
        auto error = identity.error();
        error.file = args.truth;
        throw FatalError{error};
    }
    analysis::SuggestionPolicy suggestionPolicy;
    suggestionPolicy.maxSuggestions = 0; // recall counts every suggestion, not the first screenful
    // Identities first, as for every view: the clusters are found on the snapshot folded into
    // them, and their members listed as entries again to be matched against the truth.
    auto suggestions = analysis::suggestMerges(snapshot, suggestionPolicy);
    const auto identities = analysis::resolveIdentities(
        snapshot, suggestions, analysis::identityDecisions(require(store->auditLog())), analysis::identityPolicyOf(policy));
    GraphSnapshot folded = snapshot;
    analysis::foldIdentities(folded, identities);
    auto clusters = analysis::analyse(folded, policy).clusters;
    analysis::listEntries(clusters, folded);
    const auto accuracy = analysis::accuracyOf(clusters, snapshot, *truth, args.threshold);
    std::erase_if(suggestions, [](const auto &s) { return s.type != EntityType::Person; });
    const auto quality = analysis::evaluateSuggestions(suggestions, identity->pairs,
                                                       static_cast<int>(identity->pairs.size()));
    // Identities as pairs: every two person entries held to be one, then those and the review band.
    auto joined = identityPairs(identities, EntityType::Person);
    const auto joinedQuality =
        analysis::evaluateSuggestions(joined, identity->pairs, static_cast<int>(identity->pairs.size()));
    for (const auto &pair : identities.review) {
        if (pair.type == EntityType::Person) {
            joined.push_back(pair);
        }
    }
    const auto joinedOrSuggested =
        analysis::evaluateSuggestions(joined, identity->pairs, static_cast<int>(identity->pairs.size()));
    const auto qualityJson = [](const analysis::SuggestionQuality &q) {
        return nlohmann::json{{"pairs", q.suggested},          {"true_positives", q.truePositives},
                              {"false_positives", q.falsePositives}, {"false_negatives", q.falseNegatives},
                              {"precision", q.precision},      {"recall", q.recall},
                              {"f1", q.f1}};
    };
    const auto blocked = analysis::blockingRecall(snapshot, suggestionPolicy, identity->pairs);
    const bool met = accuracy.recall >= 0.9 && accuracy.falseFlagShare <= 0.1;

    if (args.json) {
        nlohmann::json document = {{"clusters", analysis::toJson(accuracy)},
                                   {"suggestions",
                                    {{"true_pairs", identity->pairs.size()},
                                     {"people_split", identity->people},
                                     {"suggested", quality.suggested},
                                     {"true_positives", quality.truePositives},
                                     {"false_positives", quality.falsePositives},
                                     {"false_negatives", quality.falseNegatives},
                                     {"precision", quality.precision},
                                     {"recall", quality.recall},
                                     {"f1", quality.f1}}},
                                   {"identities",
                                    {{"joined", qualityJson(joinedQuality)},
                                     {"joined_or_suggested", qualityJson(joinedOrSuggested)}}},
                                   {"blocking",
                                    {{"candidate_pairs", blocked.candidatePairs},
                                     {"true_pairs", blocked.truePairs},
                                     {"true_pairs_in_blocks", blocked.truePairsInBlocks},
                                     {"recall", blocked.recall()}}},
                                   {"targets_met", met},
                                   {"window", windowJson(args)}};
        printJson(document);
        return met ? kExitOk : kExitRejected;
    }
    std::cout << "Organised networks recovered by a flagged cluster (Jaccard >= " << fixed(accuracy.threshold, 1)
              << "): " << accuracy.recovered << " of " << accuracy.organisedNetworks << " ("
              << fixed(100.0 * accuracy.recall, 1) << "%, target >= 90%)\n";
    std::cout << "Flagged clusters matching no planted network: " << accuracy.unmatchedFlagged << " of "
              << accuracy.flaggedClusters << " (" << fixed(100.0 * accuracy.falseFlagShare, 1)
              << "%, target <= 10%)\n";
    std::cout << "Who-is-who suggestions for persons: precision " << fixed(quality.precision, 3) << ", recall "
              << fixed(quality.recall, 3) << " (" << quality.truePositives << " of " << identity->pairs.size()
              << " true pairs, " << quality.falsePositives << " wrong)\n";
    std::cout << "Persons joined into identities: precision " << fixed(joinedQuality.precision, 3) << ", recall "
              << fixed(joinedQuality.recall, 3) << "; joined or in the review band: precision "
              << fixed(joinedOrSuggested.precision, 3) << ", recall " << fixed(joinedOrSuggested.recall, 3) << "\n";
    std::cout << "True person pairs the blocking rules let through: " << blocked.truePairsInBlocks << " of "
              << blocked.truePairs << " (" << fixed(100.0 * blocked.recall(), 1) << "%, in "
              << blocked.candidatePairs << " candidate pairs)\n\n";
    Table table({"NETWORK", "KIND", "MEMBERS", "BEST CLUSTER", "JACCARD", "RECOVERED"});
    for (const auto &n : accuracy.networks) {
        if (n.kind != "organised") {
            continue;
        }
        table.add({n.network, n.kind, std::to_string(n.members), n.bestCluster, fixed(n.jaccard),
                   n.recovered ? "yes" : "NO"});
    }
    table.print(std::cout);
    return met ? kExitOk : kExitRejected;
}

} // namespace

void addAnalysisCommands(CLI::App &app, Commands &commands)
{
    auto args = std::make_shared<AnalysisArgs>();
    const auto common = [&](CLI::App *command) {
        command->add_option("--db", args->db, "SQLite database file")->required();
        command->add_flag("--json", args->json, "One JSON document on stdout");
    };

    CLI::App *analyse = app.add_subcommand("analyse", "Clusters, hotspots and priorities in one go");
    common(analyse);
    args->scope.addTo(*analyse);
    analyse->add_option("--top", args->top, "Rows per table in the human output (0 for all)")->capture_default_str();
    commands.push_back({analyse, [args] { return runAnalyse(*args); }});

    CLI::App *clusters = app.add_subcommand("clusters", "Linked groups of people, places and vehicles, best first");
    common(clusters);
    args->scope.addTo(*clusters);
    clusters->add_flag("--flagged", args->flagged, "Only clusters flagged as possible organised or multiple abuse");
    commands.push_back({clusters, [args] { return runClusters(*args); }});

    CLI::App *hotspots = app.add_subcommand("hotspots", "Premises, vehicles, places and postcode areas by the risk "
                                                        "of the children linked to them");
    common(hotspots);
    args->scope.addTo(*hotspots);
    hotspots->add_option("--top", args->top, "Rows per table (0 for all)")->capture_default_str();
    hotspots->add_option("--kind", args->kind, "Only one table: premises, vehicles, places or areas");
    commands.push_back({hotspots, [args] { return runHotspots(*args); }});

    CLI::App *path = app.add_subcommand("path", "The shortest chain of links between two entities, with the "
                                                "records behind each hop");
    common(path);
    args->scope.addTo(*path);
    path->add_option("A", args->from, "Entity id")->required();
    path->add_option("B", args->to, "Entity id")->required();
    commands.push_back({path, [args] { return runPath(*args); }});

    CLI::App *suggest = app.add_subcommand("suggest", "People and premises that may be the same, with the evidence; "
                                                      "never merged automatically");
    common(suggest);
    args->scope.addTo(*suggest);
    suggest->add_option("--type", args->type, "person, premises or vehicle (partial marks against full ones)");
    suggest->add_option("--min-score", args->minScore, "Drop suggestions scoring below this (0..1; default 0.5)");
    suggest->add_option("--limit", args->limit, "At most this many, best first (0 for all)")->capture_default_str();
    commands.push_back({suggest, [args] { return runSuggest(*args); }});

    CLI::App *merge = app.add_subcommand("merge", "Treat entity B as the same as A from now on (reversible, audited)");
    common(merge);
    merge->add_option("A", args->kept, "Entity id kept")->required();
    merge->add_option("B", args->merged, "Entity id folded into A")->required();
    merge->add_option("--reason", args->reason, "Why the analyst believes they are the same")
        ->required()
        ->check(nonBlankText());
    commands.push_back({merge, [args] { return runMerge(*args); }});

    CLI::App *unmerge = app.add_subcommand("unmerge", "Undo a merge, by merge id or by the entity it folded away");
    common(unmerge);
    unmerge->add_option("ID", args->unmergeId, "Merge id (as `harbour merge` printed) or the merged entity's id")
        ->required();
    commands.push_back({unmerge, [args] { return runUnmerge(*args); }});

    CLI::App *merges = app.add_subcommand("merges", "Every merge decision, active and undone");
    common(merges);
    commands.push_back({merges, [args] { return runMerges(*args); }});

    CLI::App *accuracy = app.add_subcommand(
        "accuracy", "Clusters and suggestions measured against a generator's ground truth (exit 1 when the "
                    "targets are missed)");
    common(accuracy);
    args->scope.addTo(*accuracy);
    accuracy->add_option("--truth", args->truth, "ground-truth.json written by harbour-generate")->required();
    accuracy->add_option("--threshold", args->threshold, "Jaccard a flagged cluster needs to recover a network")
        ->capture_default_str();
    commands.push_back({accuracy, [args] { return runAccuracy(*args); }});
}

} // namespace harbour::cli

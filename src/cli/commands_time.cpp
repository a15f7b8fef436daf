// harbour timeline and harbour when: what happened to a child, a cluster or a place, and at
// which hours of the week (docs/time.md).
#include "cli_common.h"
#include "commands.h"

#include "harbour/analysis/analysis.h"
#include "harbour/analysis/time_sources.h"
#include "harbour/analysis/timeline.h"
#include "harbour/tactics.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <unordered_set>

namespace harbour::cli {

namespace {

struct TimeArgs {
    std::string db;
    bool json = false;
    AnalysisScope scope;
    std::optional<std::int64_t> child;
    std::optional<std::int64_t> entity;
    std::string cluster;
};

/// The entities a command is about: one child or entity, a cluster's members, or (when none of
/// the three was given) everything.
struct Subject {
    std::optional<std::vector<EntityId>> entities;
};

const EntityInfo &requireEntity(Store &store, const GraphSnapshot &snapshot, std::int64_t given, bool person)
{
    const EntityId id = require(store.canonical(given));
    const auto *entity = snapshot.findEntity(id);
    const char *option = person ? "--child" : "--entity";
    if (entity == nullptr) {
        throw FatalError{Error{ErrorCode::NotFound, "no entity with id " + std::to_string(given), {}, {}, option}};
    }
    if (person && entity->type != EntityType::Person) {
        throw FatalError{Error{ErrorCode::Usage,
                               "entity " + std::to_string(given) + " is a " + std::string(toString(entity->type)) +
                                   ", not a child (use --entity)",
                               {}, {}, option}};
    }
    return *entity;
}

std::vector<EntityId> clusterMembers(const TimeArgs &args, const GraphSnapshot &snapshot)
{
    // Numbered as `harbour analyse` numbers them for the same day and policy, over all records.
    const auto result = analysis::analyse(snapshot, args.scope.loadPolicy());
    const auto it = std::find_if(result.clusters.begin(), result.clusters.end(),
                                 [&](const auto &cluster) { return cluster.id == args.cluster; });
    if (it == result.clusters.end()) {
        throw FatalError{Error{ErrorCode::NotFound,
                               "no cluster " + args.cluster + " (harbour analyse finds " +
                                   std::to_string(result.clusters.size()) + " clusters, C1 to C" +
                                   std::to_string(result.clusters.size()) + ")",
                               {}, {}, "--cluster"}};
    }
    std::vector<EntityId> members;
    for (const auto &member : it->members) {
        members.push_back(member.id);
    }
    return members;
}

Subject subjectOf(const TimeArgs &args, Store &store, const GraphSnapshot &snapshot, bool required)
{
    const int given = (args.child ? 1 : 0) + (args.entity ? 1 : 0) + (args.cluster.empty() ? 0 : 1);
    if (given > 1 || (required && given == 0)) {
        throw FatalError{Error{ErrorCode::Usage,
                               std::string(required ? "exactly one" : "at most one") +
                                   " of --child, --cluster and --entity is needed",
                               {}, {}, "--child"}};
    }
    if (args.child) {
        return {std::vector<EntityId>{requireEntity(store, snapshot, *args.child, true).id}};
    }
    if (args.entity) {
        return {std::vector<EntityId>{requireEntity(store, snapshot, *args.entity, false).id}};
    }
    if (!args.cluster.empty()) {
        return {clusterMembers(args, snapshot)};
    }
    return {};
}

/// Every record and its analyses, whatever --since and --until say: they choose events, and the
/// clusters stay numbered as `harbour analyse` numbers them without a window.
GraphSnapshot wholeSnapshot(const TimeArgs &args, Store &store)
{
    // Folded into identities: a child's timeline holds what was recorded under any of their entries.
    return identityView(store, require(store.snapshot(TimeWindow{}, args.scope.day())), args.scope.loadPolicy()).snapshot;
}

analysis::TimeSources timelineSources(Store &store, const GraphSnapshot &snapshot,
                                      const std::vector<EntityId> &entities)
{
    const auto tactics = TacticsCatalogue::shipped();
    return require(analysis::readTimelineSources(store, snapshot, entities, tactics ? &tactics.value() : nullptr));
}

nlohmann::json timeJson(const std::optional<DateTime> &at)
{
    return at ? nlohmann::json(formatDateTime(*at)) : nlohmann::json(nullptr);
}

int runTimeline(const TimeArgs &args)
{
    auto store = openStoreForReading(args.db);
    const auto snapshot = wholeSnapshot(args, *store);
    const auto entities = *subjectOf(args, *store, snapshot, true).entities;
    const auto sources = timelineSources(*store, snapshot, entities);
    const auto events = analysis::timeline(snapshot, sources, entities, args.scope.window());
    if (args.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &event : events) {
            list.push_back({{"at", formatDateTime(event.at)},
                            {"end", timeJson(event.end)},
                            {"kind", std::string(analysis::toString(event.kind))},
                            {"id", event.id},
                            {"entity", event.entity},
                            {"label", event.label}});
        }
        printJson({{"events", list}});
        return kExitOk;
    }
    std::cout << events.size() << " events\n";
    Table table({"AT", "END", "KIND", "ID", "ENTITY", "LABEL"});
    for (const auto &event : events) {
        const auto *entity = snapshot.findEntity(event.entity);
        table.add({formatDateTime(event.at), event.end ? formatDateTime(*event.end) : std::string{},
                   std::string(analysis::toString(event.kind)), event.id,
                   (entity != nullptr ? entity->label : "?") + " [" + std::to_string(event.entity) + "]", event.label});
    }
    table.print(std::cout);
    return kExitOk;
}

analysis::TimeSources whenSources(Store &store, const GraphSnapshot &snapshot, const Subject &subject)
{
    std::optional<std::span<const EntityId>> scope;
    if (subject.entities) {
        scope = std::span<const EntityId>(*subject.entities);
    }
    return require(analysis::readWhenSources(store, snapshot, scope));
}

const char *const kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

int runWhen(const TimeArgs &args)
{
    auto store = openStoreForReading(args.db);
    const auto snapshot = wholeSnapshot(args, *store);
    const auto subject = subjectOf(args, *store, snapshot, false);
    const auto sources = whenSources(*store, snapshot, subject);
    std::optional<std::span<const EntityId>> scope;
    if (subject.entities) {
        scope = std::span<const EntityId>(*subject.entities);
    }
    const auto matrix = analysis::weekMatrix(snapshot, sources, scope, args.scope.window());
    const std::string peak = analysis::peakInWords(matrix);
    if (args.json) {
        printJson({{"matrix", matrix.counts}, {"peak", peak}});
        return kExitOk;
    }
    std::vector<std::string> header{"DAY"};
    for (int hour = 0; hour < 24; ++hour) {
        header.push_back((hour < 10 ? "0" : "") + std::to_string(hour));
    }
    Table table(header);
    for (std::size_t day = 0; day < 7; ++day) {
        std::vector<std::string> row{kDays[day]};
        for (const int count : matrix.counts[day]) {
            row.push_back(count == 0 ? "." : std::to_string(count));
        }
        table.add(row);
    }
    std::cout << matrix.total() << " events by day and hour (UK local time)\n";
    table.print(std::cout);
    std::cout << "Peak: " << peak << '\n';
    return kExitOk;
}

CLI::App *addTimeCommand(CLI::App &app, const std::string &name, const std::string &description, TimeArgs &args)
{
    CLI::App *command = app.add_subcommand(name, description);
    command->add_option("--db", args.db, "SQLite database file")->required();
    command->add_option("--child", args.child, "Entity id of a child (or any person)");
    command->add_option("--cluster", args.cluster, "Cluster as harbour analyse numbers it (C1, C2, ...)");
    command->add_option("--entity", args.entity, "Entity id of a premises, vehicle, place, phone, person...");
    command->add_flag("--json", args.json, "One JSON document on stdout");
    args.scope.addTo(*command);
    return command;
}

} // namespace

void addTimeCommands(CLI::App &app, Commands &commands)
{
    auto timelineArgs = std::make_shared<TimeArgs>();
    CLI::App *timelineCommand = addTimeCommand(
        app, "timeline", "Records, missing episodes, screenings, interviews and actions on one time axis", *timelineArgs);
    commands.push_back({timelineCommand, [timelineArgs] { return runTimeline(*timelineArgs); }});

    auto whenArgs = std::make_shared<TimeArgs>();
    CLI::App *whenCommand = addTimeCommand(
        app, "when", "Day of week by hour of missing episodes and incidents, and the peak in words", *whenArgs);
    commands.push_back({whenCommand, [whenArgs] { return runWhen(*whenArgs); }});
}

} // namespace harbour::cli

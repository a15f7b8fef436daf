#include "cli_common.h"
#include "commands.h"

#include "harbour/tactics.h"

#include <iostream>
#include <set>

namespace harbour::cli {

namespace {

struct DisruptionArgs {
    std::string db;
    bool json = false;
    EntityId target = 0;
    std::string tactic;
    std::string owner;
    std::string due;
    std::string notes;
    std::int64_t id = 0;
    std::string status;
};

const std::set<std::string> &statuses()
{
    static const std::set<std::string> kStatuses{"proposed", "agreed", "in_progress", "done", "dropped"};
    return kStatuses;
}

void requireStatus(const std::string &status)
{
    if (!statuses().contains(status)) {
        throw FatalError{Error{ErrorCode::Usage,
                               "unknown status '" + status + "' (proposed, agreed, in_progress, done, dropped)",
                               {}, {}, "--status"}};
    }
}

TacticsCatalogue catalogue()
{
    return require(TacticsCatalogue::shipped());
}

int runList(const DisruptionArgs &args)
{
    auto store = openStoreForReading(args.db);
    const auto actions = require(store->disruptions());
    const auto tactics = TacticsCatalogue::shipped();
    const auto titleOf = [&tactics](const std::string &key) {
        const Tactic *tactic = tactics ? tactics->find(key) : nullptr;
        return tactic != nullptr ? tactic->title : key;
    };
    nlohmann::json list = nlohmann::json::array();
    Table table({"ID", "TARGET", "TYPE", "TACTIC", "OWNER", "STATUS", "DUE", "NOTES"});
    for (const auto &action : actions) {
        const auto target = require(store->entitySummary(require(store->canonical(action.target))));
        const std::string due = action.due ? formatDate(*action.due) : std::string{};
        if (args.json) {
            list.push_back({{"id", action.id},
                            {"target", entityRefJson(target.id, target.type, target.label)},
                            {"tactic", action.tactic},
                            {"title", titleOf(action.tactic)},
                            {"owner", action.owner},
                            {"status", action.status},
                            {"due", action.due ? nlohmann::json(due) : nlohmann::json(nullptr)},
                            {"notes", action.notes},
                            {"updated_at", action.updatedAt}});
        } else {
            table.add({std::to_string(action.id), target.label, std::string(toString(target.type)),
                       titleOf(action.tactic), action.owner, action.status, due, action.notes});
        }
    }
    if (args.json) {
        printJson({{"disruptions", list}});
    } else {
        std::cout << actions.size() << " disruption actions\n";
        table.print(std::cout);
    }
    return kExitOk;
}

int runAdd(const DisruptionArgs &args)
{
    const auto tactics = catalogue();
    const Tactic *tactic = tactics.find(args.tactic);
    if (tactic == nullptr) {
        throw FatalError{Error{ErrorCode::Usage, "unknown tactic '" + args.tactic + "' (see data/tactics.json)", {}, {},
                               "--tactic"}};
    }
    auto store = openStore(args.db, true);
    const auto target = require(store->entitySummary(require(store->canonical(args.target))));
    if (!tactic->appliesToType(target.type)) {
        throw FatalError{Error{ErrorCode::Usage,
                               "tactic '" + tactic->key + "' does not apply to a " + std::string(toString(target.type)),
                               {}, {}, "--tactic"}};
    }
    DisruptionAction action;
    action.target = target.id;
    action.tactic = tactic->key;
    action.owner = args.owner;
    action.due = parseDateOption(args.due, "--due");
    action.notes = args.notes;
    const auto id = require(store->addDisruption(action));
    std::cout << "disruption " << id << ": " << tactic->title << " against " << target.label << " (proposed)\n";
    return kExitOk;
}

int runSet(const DisruptionArgs &args)
{
    requireStatus(args.status);
    auto store = openStore(args.db, true);
    const auto actions = require(store->disruptions());
    const auto it = std::find_if(actions.begin(), actions.end(), [&](const auto &a) { return a.id == args.id; });
    if (it == actions.end()) {
        throw FatalError{Error{ErrorCode::NotFound, "no disruption action " + std::to_string(args.id), {}, {}, "ID"}};
    }
    DisruptionAction action = *it;
    action.status = args.status;
    require(store->updateDisruption(action));
    std::cout << "disruption " << action.id << ": " << action.status << '\n';
    return kExitOk;
}

} // namespace

void addDisruptionCommands(CLI::App &app, Commands &commands)
{
    auto args = std::make_shared<DisruptionArgs>();
    CLI::App *disruption = app.add_subcommand("disruption", "Disruption plan: tactics against premises, vehicles, people");
    disruption->add_option("--db", args->db, "SQLite database file");
    disruption->add_flag("--json", args->json, "One JSON document on stdout");

    CLI::App *add = disruption->add_subcommand("add", "Propose a tactic against a target");
    add->add_option("--db", args->db, "SQLite database file")->required();
    add->add_option("--target", args->target, "Entity id of the premises, vehicle or person")->required();
    add->add_option("--tactic", args->tactic, "Tactic key from data/tactics.json")->required();
    add->add_option("--owner", args->owner, "Who leads it");
    add->add_option("--due", args->due, "Due date (YYYY-MM-DD)");
    add->add_option("--notes", args->notes, "Free text");

    CLI::App *set = disruption->add_subcommand("set", "Change an action's status");
    set->add_option("--db", args->db, "SQLite database file")->required();
    set->add_option("id", args->id, "Disruption action id")->required();
    set->add_option("--status", args->status, "proposed, agreed, in_progress, done or dropped")->required();

    commands.push_back({disruption, [args, add, set] {
                            if (add->parsed()) {
                                return runAdd(*args);
                            }
                            if (set->parsed()) {
                                return runSet(*args);
                            }
                            if (args->db.empty()) {
                                throw FatalError{Error{ErrorCode::Usage, "--db is required", {}, {}, "--db"}};
                            }
                            return runList(*args);
                        }});
}

} // namespace harbour::cli

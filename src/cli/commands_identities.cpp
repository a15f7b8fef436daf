#include "cli_common.h"
#include "commands.h"

#include "harbour/analysis/identities.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace harbour::cli {

namespace {

struct IdentityArgs {
    std::string db;
    bool json = false;
    std::string type;
    AnalysisScope scope;
    std::vector<std::string> ids;
    std::string reason;
};

std::string probabilityText(double probability)
{
    char text[16];
    std::snprintf(text, sizeof text, "%.3f", probability);
    return text;
}

int runIdentities(const IdentityArgs &args)
{
    std::optional<EntityType> type;
    if (!args.type.empty()) {
        type = entityTypeFromString(args.type);
        if (!type) {
            throw FatalError{Error{ErrorCode::Usage, "not an entity type: '" + args.type + "'", {}, {}, "--type"}};
        }
    }
    auto store = openStoreForReading(args.db);
    const auto snapshot = args.scope.snapshot(*store);
    const auto identities = identitiesOf(*store, snapshot, args.scope.loadPolicy());
    std::vector<const analysis::Identity *> shown;
    for (const auto &identity : identities.identities) {
        if (!type || identity.type == *type) {
            shown.push_back(&identity);
        }
    }
    if (args.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto *identity : shown) {
            list.push_back(analysis::toJson(*identity));
        }
        printJson({{"identities", std::move(list)}});
        return kExitOk;
    }
    std::size_t joined = 0;
    Table table({"ID", "TYPE", "LABEL", "ENTRIES", "HOW", "PROBABILITY"});
    for (const auto *identity : shown) {
        if (identity->entities.size() < 2) {
            continue; // one entry is one identity: listed with --json
        }
        ++joined;
        std::string entries;
        for (const EntityId id : identity->entities) {
            entries += (entries.empty() ? "" : " ") + std::to_string(id);
        }
        const std::string how = identity->confirmed ? "confirmed" : "automatic";
        table.add({identity->id, std::string(toString(identity->type)), identity->label, entries, how,
                   probabilityText(identity->probability)});
    }
    std::cout << shown.size() << " identities; " << joined
              << " hold more than one entry (each entry alone is an identity of its own; --json lists all)\n";
    if (!table.empty()) {
        table.print(std::cout);
    }
    return kExitOk;
}

/// The identities named on the command line, or exit 2 naming the first unknown one.
std::vector<const analysis::Identity *> named(const analysis::Identities &identities, const std::vector<std::string> &ids)
{
    std::vector<const analysis::Identity *> found;
    for (const auto &id : ids) {
        const auto *identity = identities.find(id);
        if (!identity) {
            throw FatalError{Error{ErrorCode::NotFound,
                                   "no identity '" + id + "' (see harbour identities: ids are I followed by a number)",
                                   {}, {}, "ID"}};
        }
        found.push_back(identity);
    }
    return found;
}

int runDecision(const IdentityArgs &args, bool confirm)
{
    auto store = openStore(args.db, true);
    const auto snapshot = args.scope.snapshot(*store);
    const auto identities = identitiesOf(*store, snapshot, args.scope.loadPolicy());
    const auto chosen = named(identities, args.ids);
    std::vector<EntityId> entities;
    for (const auto *identity : chosen) {
        entities.insert(entities.end(), identity->entities.begin(), identity->entities.end());
    }
    std::sort(entities.begin(), entities.end());
    entities.erase(std::unique(entities.begin(), entities.end()), entities.end());
    const auto object = analysis::identityDecisionObject(entities);
    require(store->appendAudit(confirm ? kAuditIdentityConfirmed : kAuditIdentitySplit, object, args.reason));
    if (confirm) {
        std::cout << "confirmed as one: " << entities.size() << " entries (" << object.substr(9) << ")\n";
    } else {
        std::cout << "split into " << entities.size() << " entries, each its own identity, never joined again "
                  << "unless confirmed (" << object.substr(9) << ")\n";
    }
    return kExitOk;
}

} // namespace

void addIdentityCommands(CLI::App &app, Commands &commands)
{
    auto args = std::make_shared<IdentityArgs>();
    CLI::App *list = app.add_subcommand("identities", "The people, premises and vehicles Harbour holds its entries to be");
    list->add_option("--db", args->db, "SQLite database file")->required();
    list->add_option("--type", args->type, "Only this type: person, premises, vehicle, ...");
    list->add_flag("--json", args->json, "One JSON document on stdout, every identity");
    args->scope.addTo(*list);
    commands.push_back({list, [args] { return runIdentities(*args); }});

    CLI::App *identity = app.add_subcommand("identity", "An analyst's decision on an identity");
    identity->require_subcommand(1);
    CLI::App *confirm = identity->add_subcommand("confirm", "Confirm an identity (or join several) as one");
    CLI::App *split = identity->add_subcommand("split", "Take an identity apart into its entries");
    for (CLI::App *decision : {confirm, split}) {
        decision->add_option("--db", args->db, "SQLite database file")->required();
        decision->add_option("--reason", args->reason, "Why: kept in the audit log")->required()->check(nonBlankText());
        decision->add_option("ids", args->ids, "Identity ids (I17, ...)")->required();
        args->scope.addTo(*decision);
    }
    commands.push_back({confirm, [args] { return runDecision(*args, true); }});
    commands.push_back({split, [args] { return runDecision(*args, false); }});
}

} // namespace harbour::cli

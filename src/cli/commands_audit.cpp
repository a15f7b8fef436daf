#include "cli_common.h"
#include "commands.h"

#include <algorithm>
#include <iostream>

namespace harbour::cli {

namespace {

struct AuditArgs {
    std::string db;
    bool json = false;
    std::string action;
    std::string user;
    std::string anchor;
};

std::unique_ptr<Store> openAuditedStore(const AuditArgs &args)
{
    if (args.db.empty()) {
        throw FatalError{Error{ErrorCode::Usage, "--db is required", {}, {}, "--db"}};
    }
    return openStoreForReading(args.db);
}

nlohmann::json entryJson(const AuditEntry &entry)
{
    return {{"seq", entry.seq},       {"at", entry.at},         {"user", entry.user},
            {"action", entry.action}, {"object", entry.object}, {"detail", entry.detail},
            {"hash", entry.hash},     {"prev_hash", entry.prevHash}};
}

int runAudit(const AuditArgs &args)
{
    auto store = openAuditedStore(args);
    const auto entries = require(store->auditLog());
    std::vector<const AuditEntry *> shown;
    for (const auto &entry : entries) {
        if ((args.action.empty() || entry.action == args.action) && (args.user.empty() || entry.user == args.user)) {
            shown.push_back(&entry);
        }
    }
    if (args.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto *entry : shown) {
            list.push_back(entryJson(*entry));
        }
        printJson({{"entries", list}, {"total", entries.size()}});
        return kExitOk;
    }
    Table table({"SEQ", "AT", "USER", "ACTION", "OBJECT", "DETAIL"});
    for (const auto *entry : shown) {
        table.add({std::to_string(entry->seq), entry->at, entry->user, entry->action, entry->object, entry->detail});
    }
    table.print(std::cout);
    return kExitOk;
}

int runVerify(const AuditArgs &args)
{
    auto store = openAuditedStore(args);
    const auto entries = require(store->auditLog());
    Status status = verifyAuditChain(entries);
    // The chain cannot show that its newest entries were cut off or that the whole log was
    // rebuilt; a head recorded outside the database (panel minutes, a briefing) can.
    if (status && !args.anchor.empty() &&
        std::none_of(entries.begin(), entries.end(), [&](const AuditEntry &e) { return e.hash == args.anchor; })) {
        status = Error{ErrorCode::Integrity,
                       "anchor " + args.anchor + " is not in the audit log: entries were removed or the log was rebuilt",
                       {}, {}, "--anchor"};
    }
    const AuditEntry *head = entries.empty() ? nullptr : &entries.back();
    if (args.json) {
        nlohmann::json document = {{"ok", static_cast<bool>(status)}, {"entries", entries.size()}};
        if (head) {
            document["head"] = {{"seq", head->seq}, {"hash", head->hash}};
        }
        if (!status) {
            document["error"] = status.error().message;
        }
        printJson(document);
    }
    if (!status) {
        std::cerr << "harbour: " << args.db << ": " << status.error().message << '\n';
        return kExitRejected;
    }
    if (!args.json) {
        std::cout << "audit chain intact: " << entries.size() << " entries verified\n";
        if (head) {
            std::cout << "head: entry " << head->seq << ", " << head->hash
                      << " (record it outside the database; check later with --anchor)\n";
        }
    }
    return kExitOk;
}

} // namespace

void addAuditCommands(CLI::App &app, Commands &commands)
{
    auto args = std::make_shared<AuditArgs>();
    CLI::App *audit = app.add_subcommand("audit", "The append-only audit log: who did what, when");
    audit->add_option("--db", args->db, "SQLite database file");
    audit->add_flag("--json", args->json, "One JSON document on stdout");
    audit->add_option("--action", args->action, "Only entries of this action (import, merge, export, ...)");
    audit->add_option("--user", args->user, "Only entries by this user");
    audit->require_subcommand(0, 1);

    CLI::App *verify = audit->add_subcommand("verify", "Check the hash chain; exit 1 naming the first broken entry");
    verify->add_option("--db", args->db, "SQLite database file");
    verify->add_flag("--json", args->json, "One JSON document on stdout");
    verify->add_option("--anchor", args->anchor,
                       "A head hash recorded earlier: fail unless the log still holds that entry");

    // The subcommand first: when `audit verify` is given both are parsed.
    commands.push_back({verify, [args] { return runVerify(*args); }});
    commands.push_back({audit, [args] { return runAudit(*args); }});
}

} // namespace harbour::cli

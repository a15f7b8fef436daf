#include "cli_common.h"
#include "safe_streams.h"
#include "commands.h"

#include "harbour/children.h"
#include "harbour/json_writer.h"

#include <algorithm>
#include <iostream>

namespace harbour::cli {

namespace {

struct QueryArgs {
    std::string db;
    bool json = false;
    std::string type;
    std::int64_t id = 0;
    std::string asOf;
};

nlohmann::json childJson(const ChildRow &row)
{
    nlohmann::json rules = nlohmann::json::array();
    for (const auto &rule : row.rules) {
        rules.push_back({{"rule", rule.rule}, {"detail", rule.detail}});
    }
    nlohmann::json actions = nlohmann::json::array();
    for (const auto &action : row.actions) {
        actions.push_back({{"id", action.stored.id},
                           {"text", action.stored.action.text},
                           {"condition", action.stored.action.condition},
                           {"due", action.stored.action.due ? nlohmann::json(formatDate(*action.stored.action.due))
                                                            : nlohmann::json(nullptr)},
                           {"status", action.stored.status},
                           {"overdue", action.overdue}});
    }
    nlohmann::json history = nlohmann::json::array();
    for (const auto &screening : row.history) {
        history.push_back({{"id", screening.id},
                           {"screened_at", formatDate(screening.screenedAt)},
                           {"final_level", std::string(toString(screening.final))},
                           {"computed_level", std::string(toString(screening.computed))}});
    }
    return {{"id", row.id},
            {"name", row.name},
            {"dob", row.dob ? nlohmann::json(row.dob->toString()) : nlohmann::json(nullptr)},
            {"age", row.age ? nlohmann::json(*row.age) : nlohmann::json(nullptr)},
            {"final_level", std::string(toString(row.final))},
            {"computed_level", std::string(toString(row.computed))},
            {"rules", rules},
            {"actions", actions},
            {"overdue_actions", row.overdueCount()},
            {"last_screening", formatDate(row.lastScreening)},
            {"screening_id", row.screeningId},
            {"next_review", formatDate(row.nextReview)},
            {"review_overdue", row.reviewOverdue},
            {"trend", std::string(toString(row.trend))},
            {"screenings", history}};
}

int runChildren(const QueryArgs &args)
{
    auto store = openStoreForReading(args.db);
    const Date asOf = parseDateOption(args.asOf, "--as-of").value_or(today());
    const auto rows = require(childRows(*store, asOf));
    if (args.json) {
        // Written a child at a time: at a million reports the whole document is over a gigabyte.
        json::objectWriter({{"as_of", json::valueWriter(formatDate(asOf))},
                            {"children", json::arrayWriter(rows.size(), [&rows](std::size_t i) {
                                 return childJson(rows[i]);
                             })}})(exactStdout(), 0);
        exactStdout() << '\n' << std::flush;
        return kExitOk;
    }
    Table table({"ID", "NAME", "DOB", "AGE", "FINAL", "COMPUTED", "RULES", "TREND", "SCREENED", "NEXT REVIEW",
                 "ACTIONS DUE"});
    for (const auto &row : rows) {
        std::vector<std::string> rules;
        for (const auto &rule : row.rules) {
            rules.push_back(rule.rule);
        }
        std::vector<std::string> due;
        for (const auto &action : row.actions) {
            if (action.stored.status != "open" || !action.stored.action.due) {
                continue;
            }
            std::string text = action.stored.action.text.substr(0, 40);
            text.erase(text.find_last_not_of(' ') + 1);
            due.push_back(text + " " + formatDate(*action.stored.action.due) + (action.overdue ? " OVERDUE" : ""));
        }
        table.add({std::to_string(row.id), row.name, row.dob ? row.dob->toString() : "?",
                   row.age ? std::to_string(*row.age) : "?", std::string(toString(row.final)),
                   std::string(toString(row.computed)), join(rules, ","), std::string(toString(row.trend)),
                   formatDate(row.lastScreening), formatDate(row.nextReview) + (row.reviewOverdue ? " OVERDUE" : ""),
                   join(due, "; ")});
    }
    std::cout << rows.size() << " screened children, highest risk first (as of " << formatDate(asOf) << ")\n";
    table.print(std::cout);
    return kExitOk;
}

int runEntities(const QueryArgs &args)
{
    std::optional<EntityType> type;
    if (!args.type.empty()) {
        type = entityTypeFromString(args.type);
        if (!type) {
            throw FatalError{Error{ErrorCode::Usage,
                                   "unknown type '" + args.type +
                                       "' (person, alias, vehicle, premises, place, phone, account)",
                                   {}, {}, "--type"}};
        }
    }
    auto store = openStoreForReading(args.db);
    const auto entities = require(store->entities(type));
    if (args.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &e : entities) {
            nlohmann::json item = entityRefJson(e.id, e.type, e.label);
            item["key"] = e.key;
            item["records"] = e.recordCount;
            item["attributes"] = e.attributes;
            item["merged_into"] = e.mergedInto ? nlohmann::json(*e.mergedInto) : nlohmann::json(nullptr);
            list.push_back(std::move(item));
        }
        printJson({{"entities", list}});
        return kExitOk;
    }
    Table table({"ID", "TYPE", "LABEL", "RECORDS", "NOTE"});
    for (const auto &e : entities) {
        table.add({std::to_string(e.id), std::string(toString(e.type)), e.label, std::to_string(e.recordCount),
                   e.mergedInto ? "merged into " + std::to_string(*e.mergedInto) : ""});
    }
    table.print(std::cout);
    return kExitOk;
}

nlohmann::json recordJson(const StoredRecord &record)
{
    return {{"row_id", record.rowId},
            {"id", record.id},
            {"kind", std::string(toString(record.kind))},
            {"version", record.version},
            {"at", formatDateTime(record.at)},
            {"grading", gradingJson(record.grading)},
            {"file", record.file},
            {"location", record.location}};
}

int runShow(const QueryArgs &args)
{
    auto store = openStoreForReading(args.db);
    const auto detail = require(store->entity(args.id));
    const auto &e = detail.entity;
    if (args.json) {
        nlohmann::json entity = entityRefJson(e.id, e.type, e.label);
        entity["key"] = e.key;
        entity["records"] = e.recordCount;
        entity["attributes"] = e.attributes;
        nlohmann::json mentions = nlohmann::json::array();
        for (const auto &m : detail.mentions) {
            mentions.push_back({{"record", m.record}, {"role", m.role}, {"extracted", m.extracted}});
        }
        nlohmann::json links = nlohmann::json::array();
        for (const auto &link : detail.links) {
            nlohmann::json relations = nlohmann::json::array();
            for (const auto &ev : link.evidence) {
                relations.push_back({{"record", ev.record}, {"relation", ev.relation}});
            }
            nlohmann::json records = nlohmann::json::array();
            for (const auto &record : link.records) {
                records.push_back(recordJson(record));
            }
            links.push_back({{"other", entityRefJson(link.other.id, link.other.type, link.other.label)},
                             {"evidence", relations},
                             {"records", records}});
        }
        printJson({{"entity", entity}, {"mentions", mentions}, {"links", links}});
        return kExitOk;
    }
    std::cout << toString(e.type) << " " << e.id << ": " << e.label << " (" << e.recordCount << " records)\n";
    for (const auto &[name, value] : e.attributes) {
        std::cout << "  " << name << ": " << value << '\n';
    }
    std::cout << '\n';
    Table table({"LINKED", "TYPE", "LABEL", "RELATIONS", "RECORDS (GRADING)"});
    for (const auto &link : detail.links) {
        std::vector<std::string> relations;
        for (const auto &ev : link.evidence) {
            if (std::find(relations.begin(), relations.end(), ev.relation) == relations.end()) {
                relations.push_back(ev.relation);
            }
        }
        std::vector<std::string> records;
        for (const auto &record : link.records) {
            records.push_back(record.id + " (" + record.grading.toString() + ")");
        }
        table.add({std::to_string(link.other.id), std::string(toString(link.other.type)), link.other.label,
                   join(relations, ","), join(records, "; ")});
    }
    table.print(std::cout);
    return kExitOk;
}

} // namespace

void addQueryCommands(CLI::App &app, Commands &commands)
{
    auto args = std::make_shared<QueryArgs>();
    CLI::App *children = app.add_subcommand("children", "Every screened child, highest final level first");
    children->add_option("--db", args->db, "SQLite database file")->required();
    children->add_flag("--json", args->json, "One JSON document on stdout");
    children->add_option("--as-of", args->asOf, "Judge overdue actions on this date (YYYY-MM-DD; default today)");
    commands.push_back({children, [args] { return runChildren(*args); }});

    CLI::App *entities = app.add_subcommand("entities", "People, aliases, vehicles, premises, places, phones, accounts");
    entities->add_option("--db", args->db, "SQLite database file")->required();
    entities->add_option("--type", args->type, "Only this type");
    entities->add_flag("--json", args->json, "One JSON document on stdout");
    commands.push_back({entities, [args] { return runEntities(*args); }});

    CLI::App *show = app.add_subcommand("show", "One entity, its links and the records behind each link");
    show->add_option("--db", args->db, "SQLite database file")->required();
    show->add_option("id", args->id, "Entity id")->required();
    show->add_flag("--json", args->json, "One JSON document on stdout");
    commands.push_back({show, [args] { return runShow(*args); }});
}

} // namespace harbour::cli

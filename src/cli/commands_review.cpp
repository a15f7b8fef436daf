#include "cli_common.h"
#include "commands.h"

#include "harbour/review.h"

#include <iostream>

namespace harbour::cli {

namespace {

struct ReviewArgs {
    std::string db;
    std::string asOf;
    std::string policy;
    bool json = false;
    std::string id;
    std::string kind;
    std::string note;
};

ReviewPolicy loadReviewPolicy(const ReviewArgs &args)
{
    return args.policy.empty() ? require(ReviewPolicy::shipped()) : require(ReviewPolicy::load(args.policy));
}

nlohmann::json dueJson(const ReviewDue &item)
{
    return {{"kind", std::string(toString(item.kind))},
            {"id", item.id},
            {"recorded", formatDate(item.recorded)},
            {"last_review", item.lastReview ? nlohmann::json(formatDate(*item.lastReview)) : nlohmann::json(nullptr)},
            {"due", formatDate(item.due)},
            {"days_overdue", item.daysOverdue},
            {"grading", gradingJson(item.grading)},
            {"rule",
             {{"when", std::string(toString(item.rule->when))},
              {"review_after_months", item.rule->months},
              {"reason", item.rule->reason}}}};
}

int runReviewDue(const ReviewArgs &args)
{
    const Date asOf = parseDateOption(args.asOf, "--as-of").value_or(today());
    const ReviewPolicy policy = loadReviewPolicy(args);
    auto store = openStoreForReading(args.db);
    const auto records = require(store->records());
    const auto audit = require(store->auditLog());
    const auto due = reviewsDue(records, audit, policy, asOf);

    if (args.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &item : due) {
            list.push_back(dueJson(item));
        }
        printJson({{"as_of", formatDate(asOf)}, {"policy", policy.name()}, {"count", due.size()}, {"due", list}});
        return kExitOk;
    }
    if (due.empty()) {
        std::cout << "no record is due for review on " << formatDate(asOf) << " (" << policy.name() << ")\n";
        return kExitOk;
    }
    Table table({"DUE", "OVERDUE", "KIND", "RECORD", "RECORDED", "GRADING", "LAST REVIEW", "WHY"});
    bool conditions = false;
    for (const auto &item : due) {
        conditions = conditions || item.grading.conditionsApply();
        table.add({formatDate(item.due), std::to_string(item.daysOverdue) + " d", std::string(toString(item.kind)),
                   item.id, formatDate(item.recorded),
                   item.grading.toString() + (item.grading.conditionsApply() ? " [C]" : ""),
                   item.lastReview ? formatDate(*item.lastReview) : "never", item.rule->reason});
    }
    table.print(std::cout);
    std::cout << due.size() << " record" << (due.size() == 1 ? " is" : "s are") << " due for review on "
              << formatDate(asOf) << " (" << policy.name() << ")\n";
    if (conditions) {
        std::cout << "[C] handling code C: conditions apply to sharing the record\n";
    }
    std::cout << "Record each decision with: harbour review-done --db " << args.db << " ID --note \"...\"\n";
    return kExitOk;
}

int runReviewDone(const ReviewArgs &args)
{
    std::optional<RecordKind> kind;
    if (!args.kind.empty()) {
        kind = recordKindFromString(args.kind);
        if (!kind) {
            throw FatalError{Error{ErrorCode::Usage, "must be information_report, screening or missing_episode", {},
                                   {}, "--kind"}};
        }
    }
    auto store = openStore(args.db, true);
    std::vector<RecordKind> matches;
    for (RecordKind candidate : {RecordKind::InformationReport, RecordKind::Screening, RecordKind::MissingEpisode}) {
        if (kind && candidate != *kind) {
            continue;
        }
        if (require(store->findRecord(candidate, args.id))) {
            matches.push_back(candidate);
        }
    }
    if (matches.empty()) {
        throw FatalError{Error{ErrorCode::NotFound, "no record with this id", args.db, args.id, {}}};
    }
    if (matches.size() > 1) {
        throw FatalError{Error{ErrorCode::Usage, "more than one kind of record has this id: give --kind", args.db,
                               args.id, "--kind"}};
    }
    require(store->appendAudit("review", reviewObject(matches.front(), args.id), args.note));
    std::cout << "review of " << reviewObject(matches.front(), args.id) << " recorded; its next review is "
              << "counted from today\n";
    return kExitOk;
}

} // namespace

void addReviewCommands(CLI::App &app, Commands &commands)
{
    auto args = std::make_shared<ReviewArgs>();
    CLI::App *due = app.add_subcommand("review-due", "Records past their review date (MoPI-style periods from "
                                                     "data/review-policy.json; see docs/trust.md)");
    due->add_option("--db", args->db, "SQLite database file")->required();
    due->add_option("--as-of", args->asOf, "Judge review dates on this day (default today)");
    due->add_option("--policy", args->policy, "Review policy file replacing the shipped one");
    due->add_flag("--json", args->json, "One JSON document on stdout");
    commands.push_back({due, [args] { return runReviewDue(*args); }});

    CLI::App *done = app.add_subcommand("review-done", "Record that a record was reviewed (in the audit log); its "
                                                       "next review is counted from today");
    done->add_option("--db", args->db, "SQLite database file")->required();
    done->add_option("id", args->id, "The record's id, as imported")->required();
    done->add_option("--kind", args->kind, "information_report, screening or missing_episode, when the id is "
                                           "ambiguous");
    done->add_option("--note", args->note, "The decision and why (kept, corrected, to be deleted, ...)")
        ->required()
        ->check(nonBlankText());
    commands.push_back({done, [args] { return runReviewDone(*args); }});
}

} // namespace harbour::cli

#include "harbour/review.h"

#include "harbour/file_kind.h"
#include "harbour/tactics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

namespace harbour {

namespace {

using nlohmann::json;

constexpr const char *kFileName = "review-policy.json";

constexpr std::array<std::pair<ReviewCondition, std::string_view>, 4> kConditions = {{
    {ReviewCondition::Always, "always"},
    {ReviewCondition::SuspectedFalse, "suspected_false"},
    {ReviewCondition::SourceNotReliable, "source_not_reliable"},
    {ReviewCondition::Ungraded, "ungraded"},
}};

Error policyError(const std::string &file, std::string field, std::string message)
{
    return Error{ErrorCode::Validation, std::move(message), file, {}, std::move(field)};
}

/// Unknown fields are errors: a misspelt period must not be silently ignored.
std::optional<Error> checkFields(const json &object, std::initializer_list<std::string_view> known,
                                 const std::string &file, const std::string &prefix)
{
    for (const auto &[key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string expected;
            for (std::string_view name : known) {
                expected += (expected.empty() ? "" : ", ") + std::string(name);
            }
            return policyError(file, prefix + key, "unknown field (expected one of: " + expected + ")");
        }
    }
    return std::nullopt;
}

bool holds(ReviewCondition condition, const Grading &grading)
{
    switch (condition) {
    case ReviewCondition::Always: return true;
    case ReviewCondition::SuspectedFalse: return grading.suspectedFalse();
    case ReviewCondition::SourceNotReliable: return grading.source == '3' || grading.sourceReliability == 5;
    case ReviewCondition::Ungraded: return !grading.source && !grading.intelligence;
    }
    return false;
}

} // namespace

std::string_view toString(ReviewCondition condition)
{
    for (const auto &[value, name] : kConditions) {
        if (value == condition) {
            return name;
        }
    }
    return "always";
}

Result<ReviewPolicy> ReviewPolicy::fromJson(std::string_view text, const std::string &file)
{
    const json document = json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        return Error{ErrorCode::Parse, "not a JSON object", file, {}, {}};
    }
    if (auto error = checkFields(document, {"version", "name", "description", "rules"}, file, "")) {
        return *error;
    }
    if (!document.contains("version") || document["version"] != 1) {
        return policyError(file, "version", "must be 1");
    }
    ReviewPolicy policy;
    if (!document.contains("name") || !document["name"].is_string() || document["name"].get<std::string>().empty()) {
        return policyError(file, "name", "must be a non-empty string");
    }
    policy.m_name = document["name"].get<std::string>();
    if (!document.contains("rules") || !document["rules"].is_array() || document["rules"].empty()) {
        return policyError(file, "rules", "must be a non-empty array");
    }
    std::map<RecordKind, bool> catchAll;
    const json &rules = document["rules"];
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const json &item = rules[i];
        const std::string prefix = "rules[" + std::to_string(i) + "].";
        if (!item.is_object()) {
            return policyError(file, "rules[" + std::to_string(i) + "]", "must be an object");
        }
        if (auto error = checkFields(item, {"kind", "when", "review_after_months", "reason"}, file, prefix)) {
            return *error;
        }
        ReviewRule rule;
        const auto kind = item.contains("kind") && item["kind"].is_string()
                              ? recordKindFromString(item["kind"].get<std::string>())
                              : std::nullopt;
        if (!kind) {
            return policyError(file, prefix + "kind", "must be information_report, screening or missing_episode");
        }
        rule.kind = *kind;
        const std::string when = item.contains("when") && item["when"].is_string() ? item["when"].get<std::string>()
                                                                                   : std::string();
        const auto condition = std::find_if(kConditions.begin(), kConditions.end(),
                                            [&](const auto &entry) { return entry.second == when; });
        if (condition == kConditions.end()) {
            return policyError(file, prefix + "when",
                               "must be one of always, suspected_false, source_not_reliable, ungraded");
        }
        rule.when = condition->first;
        const json *months = item.contains("review_after_months") ? &item["review_after_months"] : nullptr;
        if (!months || !months->is_number_integer() || months->get<long long>() < 1 ||
            months->get<long long>() > 1200) {
            return policyError(file, prefix + "review_after_months", "must be a whole number of months, 1 to 1200");
        }
        rule.months = static_cast<int>(months->get<long long>());
        if (!item.contains("reason") || !item["reason"].is_string() || item["reason"].get<std::string>().empty()) {
            return policyError(file, prefix + "reason", "must be a non-empty string");
        }
        rule.reason = item["reason"].get<std::string>();
        if (catchAll[rule.kind]) {
            return policyError(file, prefix + "when",
                               "comes after the \"always\" rule of " + std::string(toString(rule.kind)) +
                                   ", so it can never apply");
        }
        catchAll[rule.kind] = rule.when == ReviewCondition::Always;
        policy.m_rules.push_back(std::move(rule));
    }
    for (RecordKind kind : {RecordKind::InformationReport, RecordKind::Screening, RecordKind::MissingEpisode}) {
        if (!catchAll[kind]) {
            return policyError(file, "rules",
                               "needs an \"always\" rule for " + std::string(toString(kind)) +
                                   " (the last rule of each kind)");
        }
    }
    return policy;
}

Result<ReviewPolicy> ReviewPolicy::load(const std::filesystem::path &path)
{
    if (auto unreadable = unreadableInputError(path, "review policy")) {
        return *unreadable;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{ErrorCode::Io, "cannot read the review policy", path.string(), {}, {}};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return fromJson(text.str(), path.string());
}

Result<ReviewPolicy> ReviewPolicy::shipped()
{
    std::string tried;
    for (const auto &folder : tacticsSearchPath()) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(folder / kFileName, ec)) {
            return load(folder / kFileName);
        }
        tried += (tried.empty() ? "" : ", ") + folder.string();
    }
    return Error{ErrorCode::NotFound, "no review-policy.json in " + tried + " (set HARBOUR_DATA_DIR)", {}, {}, {}};
}

const ReviewRule &ReviewPolicy::ruleFor(RecordKind kind, const Grading &grading) const
{
    for (const ReviewRule &rule : m_rules) {
        if (rule.kind == kind && holds(rule.when, grading)) {
            return rule;
        }
    }
    // fromJson guarantees an "always" rule per kind; a default-constructed policy has none.
    assert(false && "ReviewPolicy without an always rule for a kind");
    return m_rules.front();
}

std::string reviewObject(RecordKind kind, const std::string &id)
{
    return std::string(toString(kind)) + " " + id;
}

std::vector<ReviewDue> reviewsDue(const std::vector<StoredRecord> &records, const std::vector<AuditEntry> &audit,
                                  const ReviewPolicy &policy, Date asOf)
{
    // The latest review of each record; the log is in time order, so later entries overwrite.
    std::map<std::string, Date> reviewed;
    for (const AuditEntry &entry : audit) {
        if (entry.action == "review") {
            if (auto at = parseDateTime(entry.at)) {
                reviewed[entry.object] = toDate(*at);
            }
        }
    }
    std::vector<ReviewDue> due;
    for (const StoredRecord &record : records) {
        if (!record.current) {
            continue; // an amended version is reviewed through its current one
        }
        ReviewDue item;
        item.rowId = record.rowId;
        item.kind = record.kind;
        item.id = record.id;
        item.grading = record.grading;
        item.recorded = toDate(record.at);
        item.rule = &policy.ruleFor(record.kind, record.grading);
        if (const auto it = reviewed.find(reviewObject(record.kind, record.id)); it != reviewed.end()) {
            item.lastReview = it->second;
        }
        item.due = addMonths(item.lastReview.value_or(item.recorded), item.rule->months);
        if (item.due > asOf) {
            continue;
        }
        item.daysOverdue =
            static_cast<int>((std::chrono::sys_days{asOf} - std::chrono::sys_days{item.due}).count());
        due.push_back(std::move(item));
    }
    std::sort(due.begin(), due.end(), [](const ReviewDue &a, const ReviewDue &b) {
        if (a.due != b.due) {
            return a.due < b.due;
        }
        if (a.kind != b.kind) {
            return a.kind < b.kind;
        }
        return a.id < b.id;
    });
    return due;
}

Date addMonths(Date date, int months)
{
    const std::chrono::year_month target = std::chrono::year_month{date.year(), date.month()} +
                                           std::chrono::months{months};
    const std::chrono::day last = std::chrono::year_month_day_last{target.year(), std::chrono::month_day_last{
                                                                                      target.month()}}
                                      .day();
    return Date{target.year(), target.month(), std::min(date.day(), last)};
}

} // namespace harbour

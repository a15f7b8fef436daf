// The briefing's source records: each in one short line from its verbatim JSON, and what a
// partner sees of a record under handling code C (docs/briefing.md).
#include "briefing_assembler.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace harbour::report::detail {

namespace {


/// What a record says, in one short line, from its verbatim JSON.
std::string excerptOf(const StoredRecord &record)
{
    const auto json = nlohmann::json::parse(record.json, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return {};
    }
    auto text = [&](const char *key) {
        const auto it = json.find(key);
        return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    switch (record.kind) {
    case RecordKind::InformationReport: return truncated(text("narrative"), 260);
    case RecordKind::Screening: return truncated("Screening: " + text("reason"), 200);
    case RecordKind::MissingEpisode: {
        std::string line = "Missing from " + text("went_missing_at");
        if (const auto returned = text("returned_at"); !returned.empty()) {
            line += " to " + returned;
        }
        if (const auto found = json.find("found_at"); found != json.end() && found->is_object()) {
            const auto name = found->value("name", std::string());
            const auto address = found->value("address", std::string());
            line += "; found at " + joined({name, address}, ", ");
        }
        return truncated(line, 220);
    }
    }
    return {};
}

/// Whom to ask about a record whose text a briefing withholds: its reporter (or referrer) as
/// the record names them, "the record's owner" when it names nobody.
std::string whomToAsk(const nlohmann::json &record, RecordKind kind)
{
    const char *key = kind == RecordKind::Screening ? "referrer" : "reporter";
    std::vector<std::string> parts;
    if (const auto it = record.find(key); it != record.end() && it->is_object()) {
        for (const char *field : {"name", "post", "agency", "contact", "telephone", "email"}) {
            if (const auto value = it->find(field); value != it->end() && value->is_string() &&
                                                    !value->get_ref<const std::string &>().empty()) {
                parts.push_back(value->get<std::string>());
            }
        }
    }
    return parts.empty() ? "the record's owner" : joined(parts, ", ");
}

std::string withheldExcerpt(const nlohmann::json &record, RecordKind kind)
{
    return "Text withheld: handling code C, conditions apply to sharing it. Ask " + whomToAsk(record, kind) +
           " for it.";
}

} // namespace

void Assembler::recordsSection()
{
    std::set<RecordRowId> rows;
    for (const auto &edge : scopeDiagram().edges) {
        rows.insert(edge.records.begin(), edge.records.end());
    }
    for (const auto &mention : m_snapshot->mentions) {
        if (std::find(m_scope.children.begin(), m_scope.children.end(), mention.entity) != m_scope.children.end()) {
            rows.insert(mention.record);
        }
    }
    std::vector<const RecordInfo *> records;
    for (const auto rowId : rows) {
        if (const auto *record = m_snapshot->findRecord(rowId)) {
            records.push_back(record);
        }
    }
    std::sort(records.begin(), records.end(), [](const RecordInfo *a, const RecordInfo *b) {
        return a->at != b->at ? a->at > b->at : a->id < b->id;
    });

    BriefingSection section;
    section.heading = "Source records";
    section.paragraphs.push_back("The records behind this briefing, most recent first, with their grading "
                                 "(source / intelligence / handling). Handling code C: conditions apply to any "
                                 "further sharing.");
    const bool withholdConditional =
        m_request.audience != BriefingAudience::Police && !m_request.includeConditional;
    std::size_t withheld = 0;
    auto &table = section.table;
    table.header = {"Record", "Kind", "Date", "Grading", "From", "Excerpt"};
    table.widths = {1.3, 0.9, 0.9, 1.3, 1.3, 4.6};
    table.empty = "No record in scope.";
    std::size_t listed = 0;
    for (const auto *info : records) {
        if (listed == m_request.maxRecords) {
            break;
        }
        auto stored = m_store.record(info->rowId);
        if (!stored) {
            continue;
        }
        std::string from;
        const auto json = nlohmann::json::parse(stored->json, nullptr, false);
        if (json.is_object()) {
            const char *key = stored->kind == RecordKind::Screening ? "referrer" : "reporter";
            if (const auto it = json.find(key); it != json.end() && it->is_object()) {
                from = it->value("agency", std::string());
            }
        }
        const char *kind = info->kind == RecordKind::InformationReport ? "report"
                           : info->kind == RecordKind::Screening      ? "screening"
                                                                      : "missing";
        // The record's existence, date and owner are shared; what it says stays with whoever
        // set the conditions.
        const bool withhold = withholdConditional && info->grading.conditionsApply();
        withheld += withhold ? 1 : 0;
        table.rows.push_back({info->id, kind, formatDate(toDate(info->at)), gradingText(info->grading), from,
                              withhold ? withheldExcerpt(json, stored->kind) : excerptOf(*stored)});
        ++listed;
    }
    if (withheld > 0) {
        section.notes.push_back("The text of " + std::to_string(withheld) +
                                (withheld == 1 ? " record" : " records") +
                                " under handling code C is withheld from this partner briefing; ask the named "
                                "owner. `harbour brief --include-conditional` includes it, as an audited decision.");
    }
    if (records.size() > listed) {
        section.notes.push_back(std::to_string(records.size() - listed) + " older records are not listed; " +
                                "`harbour show` gives every record behind an entity.");
    }
    m_out.sections.push_back(std::move(section));
}

} // namespace harbour::report::detail

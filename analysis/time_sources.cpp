#include "harbour/analysis/time_sources.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_set>

namespace harbour::analysis {

namespace {

std::vector<DateTime> incidentTimes(const nlohmann::json &record)
{
    std::vector<DateTime> out;
    const auto incidents = record.find("incidents");
    if (incidents == record.end() || !incidents->is_array()) {
        return out;
    }
    for (const auto &incident : *incidents) {
        const auto at = incident.is_object() ? incident.find("at") : incident.end();
        if (at != incident.end() && at->is_string()) {
            if (const auto parsed = parseDateTime(at->get<std::string>())) {
                out.push_back(*parsed);
            }
        }
    }
    return out;
}

std::optional<Date> interviewDay(const nlohmann::json &record)
{
    const auto interview = record.find("return_interview");
    if (interview == record.end() || !interview->is_object()) {
        return std::nullopt;
    }
    const auto held = interview->find("held_at");
    return held != interview->end() && held->is_string() ? parseDate(held->get<std::string>()) : std::nullopt;
}

Result<nlohmann::json> recordJson(Store &store, RecordRowId row)
{
    auto record = store.record(row);
    if (!record) {
        return record.error();
    }
    return nlohmann::json::parse(record->json, nullptr, false);
}

Status addChildSources(Store &store, const GraphSnapshot &snapshot, std::span<const EntityId> entities,
                       TimeSources &sources)
{
    std::vector<EntityId> people;
    for (const EntityId id : entities) {
        const auto *entity = snapshot.findEntity(id);
        if (entity != nullptr && entity->type == EntityType::Person) {
            // A person's screenings may be recorded under any entry of their identity.
            people.push_back(id);
            people.insert(people.end(), entity->foldedFrom.begin(), entity->foldedFrom.end());
        }
    }
    auto levels = store.screeningLevels(people);
    if (!levels) {
        return levels.error();
    }
    sources.screenings = std::move(levels).value();
    for (const EntityId child : people) {
        auto screenings = store.screenings(child);
        if (!screenings) {
            return screenings.error();
        }
        for (const auto &screening : *screenings) {
            for (const auto &action : screening.actions) {
                sources.actions.push_back({action.id, screening.child, screening.screenedAt, action.action.text,
                                           action.action.due, action.status});
            }
        }
    }
    const std::unordered_set<EntityId> children(people.begin(), people.end());
    for (const auto &episode : snapshot.missing) {
        if (!children.contains(episode.child)) {
            continue;
        }
        auto json = recordJson(store, episode.record);
        if (!json) {
            return json.error();
        }
        if (const auto day = interviewDay(*json)) {
            sources.returnInterviews[episode.record] = *day;
        }
    }
    return {};
}

} // namespace

Result<TimeSources> readTimelineSources(Store &store, const GraphSnapshot &snapshot,
                                        std::span<const EntityId> entities, const TacticsCatalogue *tactics)
{
    TimeSources sources;
    if (auto status = addChildSources(store, snapshot, entities, sources); !status) {
        return status.error();
    }
    auto disruptions = store.disruptions();
    if (!disruptions) {
        return disruptions.error();
    }
    for (const auto &action : *disruptions) {
        const Tactic *tactic = tactics != nullptr ? tactics->find(action.tactic) : nullptr;
        sources.disruptions.push_back({action.id, action.target, tactic != nullptr ? tactic->title : action.tactic,
                                       action.status, action.due, action.updatedAt});
    }
    return sources;
}

Status addIncidentTimes(Store &store, const GraphSnapshot &snapshot, std::span<const RecordRowId> rows,
                        TimeSources &sources)
{
    for (const RecordRowId row : rows) {
        const auto *record = snapshot.findRecord(row);
        if (record == nullptr || record->kind != RecordKind::InformationReport || sources.incidents.contains(row)) {
            continue;
        }
        auto json = recordJson(store, row);
        if (!json) {
            return json.error();
        }
        sources.incidents[row] = incidentTimes(*json);
    }
    return {};
}

Result<TimeSources> readWhenSources(Store &store, const GraphSnapshot &snapshot,
                                    std::optional<std::span<const EntityId>> scope)
{
    TimeSources sources;
    if (!scope) {
        // One record at a time: at a million reports their text together is gigabytes.
        auto visited = store.forEachRecord([&](const StoredRecord &record) {
            if (record.current && record.kind == RecordKind::InformationReport) {
                sources.incidents[record.rowId] = incidentTimes(nlohmann::json::parse(record.json, nullptr, false));
            }
        });
        if (!visited) {
            return visited.error();
        }
        return sources;
    }
    const std::unordered_set<EntityId> members(scope->begin(), scope->end());
    std::vector<RecordRowId> rows;
    for (const auto &mention : snapshot.mentions) {
        if (members.contains(mention.entity)) {
            rows.push_back(mention.record);
        }
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // Many reports (a busy district): one pass over the table beats a look-up per report.
    constexpr std::size_t kStreamFrom = 5000;
    if (rows.size() >= kStreamFrom) {
        auto visited = store.forEachRecord([&](const StoredRecord &record) {
            if (record.current && record.kind == RecordKind::InformationReport &&
                std::binary_search(rows.begin(), rows.end(), record.rowId)) {
                sources.incidents[record.rowId] = incidentTimes(nlohmann::json::parse(record.json, nullptr, false));
            }
        });
        if (!visited) {
            return visited.error();
        }
        return sources;
    }
    if (auto status = addIncidentTimes(store, snapshot, rows, sources); !status) {
        return status.error();
    }
    return sources;
}

} // namespace harbour::analysis

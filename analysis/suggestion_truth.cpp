#include "harbour/analysis/suggestion_truth.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <unordered_map>

namespace harbour::analysis {

namespace {

std::string foldName(const std::string &name)
{
    std::string out;
    bool space = false;
    for (const unsigned char c : name) {
        if (std::isspace(c) != 0) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out.push_back(' ');
            space = false;
        }
        out.push_back(static_cast<char>(std::tolower(c)));
    }
    return out;
}

Error truthError(const std::string &field, const std::string &reason)
{
    return Error{ErrorCode::Validation, reason, {}, {}, field};
}

} // namespace

Result<IdentityTruth> identityTruth(const GraphSnapshot &snapshot, const nlohmann::json &groundTruth)
{
    IdentityTruth truth;
    if (!groundTruth.is_object() || !groundTruth.contains("people")) {
        return truth;
    }
    const auto &people = groundTruth["people"];
    if (!people.is_array()) {
        return truthError("people", "must be an array");
    }

    std::unordered_map<std::string, RecordRowId> recordByReference;
    for (const auto &record : snapshot.records) {
        recordByReference.emplace(record.id, record.rowId);
    }
    // (record, folded label) -> person entity named in it.
    std::unordered_map<RecordRowId, std::vector<std::pair<std::string, EntityId>>> personsByRecord;
    for (const auto &mention : snapshot.mentions) {
        const auto *entity = snapshot.findEntity(mention.entity);
        if (entity != nullptr && entity->type == EntityType::Person) {
            personsByRecord[mention.record].emplace_back(foldName(entity->label), entity->id);
        }
    }

    std::set<std::pair<EntityId, EntityId>> pairs;
    for (std::size_t i = 0; i < people.size(); ++i) {
        const auto &person = people[i];
        const std::string field = "people[" + std::to_string(i) + "]";
        if (!person.is_object()) {
            return truthError(field, "must be an object");
        }
        if (!person.contains("mentions")) {
            continue;
        }
        if (!person["mentions"].is_array()) {
            return truthError(field + ".mentions", "must be an array");
        }
        std::set<EntityId> entities;
        for (const auto &mention : person["mentions"]) {
            if (!mention.is_object() || !mention.contains("record") || !mention["record"].is_string()) {
                continue;
            }
            // The labels a person entity of this mention can carry: the name as written, or for a
            // nameless mention the placeholder import gives it (`Unknown ("Taz")`).
            std::vector<std::string> labels;
            if (mention.contains("name_as_written") && mention["name_as_written"].is_string()) {
                labels.push_back(foldName(mention["name_as_written"].get<std::string>()));
            } else if (mention.contains("aliases_as_written") && mention["aliases_as_written"].is_array()) {
                for (const auto &alias : mention["aliases_as_written"]) {
                    if (alias.is_string()) {
                        labels.push_back(foldName("Unknown (\"" + alias.get<std::string>() + "\")"));
                    }
                }
            }
            if (labels.empty()) {
                continue;
            }
            const auto record = recordByReference.find(mention["record"].get<std::string>());
            if (record == recordByReference.end()) {
                continue; // outside the window or not imported
            }
            bool found = false;
            if (const auto named = personsByRecord.find(record->second); named != personsByRecord.end()) {
                for (const auto &[label, id] : named->second) {
                    if (std::find(labels.begin(), labels.end(), label) != labels.end()) {
                        entities.insert(id);
                        found = true;
                    }
                }
            }
            truth.unmatchedMentions += found ? 0 : 1;
        }
        if (entities.size() > 1) {
            ++truth.people;
        }
        for (auto a = entities.begin(); a != entities.end(); ++a) {
            for (auto b = std::next(a); b != entities.end(); ++b) {
                pairs.emplace(*a, *b);
            }
        }
    }
    truth.pairs.assign(pairs.begin(), pairs.end());
    return truth;
}

} // namespace harbour::analysis

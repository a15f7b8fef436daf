#include "harbour/analysis/suggestions.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

// The who-is-who suggestions as JSON, and their quality against a known truth.
namespace harbour::analysis
{

std::string_view toString(SuggestionEvidenceKind kind)
{
    switch (kind) {
    case SuggestionEvidenceKind::NameSimilarity:
        return "name_similarity";
    case SuggestionEvidenceKind::PhoneticName:
        return "phonetic_name";
    case SuggestionEvidenceKind::DobAgrees:
        return "dob_agrees";
    case SuggestionEvidenceKind::DobPartialAgrees:
        return "dob_partial_agrees";
    case SuggestionEvidenceKind::DobConflicts:
        return "dob_conflicts";
    case SuggestionEvidenceKind::SharedAlias:
        return "shared_alias";
    case SuggestionEvidenceKind::SharedPhone:
        return "shared_phone";
    case SuggestionEvidenceKind::SharedAddress:
        return "shared_address";
    case SuggestionEvidenceKind::SharedVehicle:
        return "shared_vehicle";
    case SuggestionEvidenceKind::SharedAccount:
        return "shared_account";
    case SuggestionEvidenceKind::SamePostcode:
        return "same_postcode";
    case SuggestionEvidenceKind::PartialMark:
        return "partial_mark";
    case SuggestionEvidenceKind::VehicleDetails:
        return "vehicle_details";
    case SuggestionEvidenceKind::SharedPerson:
        return "shared_person";
    case SuggestionEvidenceKind::Gender:
        return "gender";
    case SuggestionEvidenceKind::SharedPremises:
        return "shared_premises";
    case SuggestionEvidenceKind::Prior:
        return "prior";
    }
    return "unknown";
}

nlohmann::json toJson(const std::vector<MergeSuggestion> &suggestions, const GraphSnapshot &snapshot)
{
    const auto rounded = [](double value) { return std::round(value * 1000.0) / 1000.0; };
    const auto entityJson = [&snapshot](EntityId id, EntityType type) {
        const EntityInfo *entity = snapshot.findEntity(id);
        return nlohmann::json{
            {"id", id}, {"type", std::string(toString(type))}, {"label", entity ? entity->label : std::string{}}};
    };
    auto list = nlohmann::json::array();
    for (const auto &suggestion : suggestions) {
        auto evidence = nlohmann::json::array();
        for (const auto &item : suggestion.evidence) {
            evidence.push_back({{"kind", std::string(toString(item.kind))},
                                {"detail", item.detail},
                                {"weight", rounded(item.contribution)}});
        }
        list.push_back({{"a", entityJson(suggestion.a, suggestion.type)},
                        {"b", entityJson(suggestion.b, suggestion.type)},
                        {"score", rounded(suggestion.score)},
                        {"evidence", std::move(evidence)}});
    }
    return nlohmann::json{{"suggestions", std::move(list)}};
}

SuggestionQuality evaluateSuggestions(const std::vector<MergeSuggestion> &suggestions,
                                      const std::vector<std::pair<EntityId, EntityId>> &truePairs, int totalTruePairs)
{
    const auto ordered = [](EntityId x, EntityId y) { return x < y ? std::pair{x, y} : std::pair{y, x}; };
    std::vector<std::pair<EntityId, EntityId>> truth;
    truth.reserve(truePairs.size());
    for (const auto &[x, y] : truePairs) {
        if (x != y) {
            truth.push_back(ordered(x, y));
        }
    }
    std::sort(truth.begin(), truth.end());
    truth.erase(std::unique(truth.begin(), truth.end()), truth.end());

    std::vector<std::pair<EntityId, EntityId>> suggested;
    suggested.reserve(suggestions.size());
    for (const auto &suggestion : suggestions) {
        suggested.push_back(ordered(suggestion.a, suggestion.b));
    }
    std::sort(suggested.begin(), suggested.end());
    suggested.erase(std::unique(suggested.begin(), suggested.end()), suggested.end());

    SuggestionQuality quality;
    quality.suggested = static_cast<int>(suggested.size());
    for (const auto &pair : suggested) {
        if (std::binary_search(truth.begin(), truth.end(), pair)) {
            ++quality.truePositives;
        }
    }
    quality.falsePositives = quality.suggested - quality.truePositives;
    const int total = std::max(totalTruePairs, static_cast<int>(truth.size()));
    quality.falseNegatives = std::max(0, total - quality.truePositives);
    quality.precision = quality.suggested == 0 ? 1.0 : static_cast<double>(quality.truePositives) / quality.suggested;
    quality.recall = total == 0 ? 1.0 : static_cast<double>(quality.truePositives) / total;
    quality.f1 = quality.precision + quality.recall == 0.0
                     ? 0.0
                     : 2.0 * quality.precision * quality.recall / (quality.precision + quality.recall);
    return quality;
}

BlockingRecall blockingRecall(const GraphSnapshot &snapshot, const SuggestionPolicy &policy,
                              const std::vector<std::pair<EntityId, EntityId>> &truePairs)
{
    SuggestionMemo memo;
    suggestMerges(snapshot, policy, nullptr, &memo);
    constexpr std::uint64_t kScoredBit = std::uint64_t{1} << 63;
    std::vector<std::pair<EntityId, EntityId>> candidates;
    candidates.reserve(memo.pairs.size());
    for (const std::uint64_t pair : memo.pairs) {
        const auto first = static_cast<std::size_t>((pair & ~kScoredBit) >> 32);
        const auto second = static_cast<std::size_t>(pair & 0xffffffffU);
        candidates.emplace_back(memo.ids[first], memo.ids[second]);
    }
    std::sort(candidates.begin(), candidates.end());
    std::vector<std::pair<EntityId, EntityId>> truth;
    for (const auto &[x, y] : truePairs) {
        if (x != y) {
            truth.emplace_back(std::min(x, y), std::max(x, y));
        }
    }
    std::sort(truth.begin(), truth.end());
    truth.erase(std::unique(truth.begin(), truth.end()), truth.end());
    BlockingRecall out;
    out.candidatePairs = candidates.size();
    out.truePairs = truth.size();
    for (const auto &pair : truth) {
        out.truePairsInBlocks += std::binary_search(candidates.begin(), candidates.end(), pair) ? 1 : 0;
    }
    return out;
}

} // namespace harbour::analysis

// Partial registration marks against full ones: "a silver car, PG09V-something" in one report and
// PG09VXY in another are possibly one vehicle. Only the analyst can say; this finds the pairs.
#include "harbour/analysis/suggestions.h"

#include "harbour/dense_index.h"
#include "harbour/uk_formats.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>

namespace harbour::analysis {

namespace {

bool isWild(char c)
{
    return c == '?' || c == '*';
}

/// A mark in a full UK format names one vehicle; anything else is a pattern or a fragment.
bool isFullMark(VrmFormat format)
{
    return format == VrmFormat::Current || format == VrmFormat::Prefix || format == VrmFormat::Suffix ||
           format == VrmFormat::NorthernIreland;
}

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

struct Vehicle {
    const EntityInfo *entity = nullptr;
    std::string mark; ///< normalised; a fragment gets a trailing * (the rest is unknown)
};

std::string fitsText(std::size_t count)
{
    return count == 1 ? std::string("the only full mark it fits")
                      : "one of " + std::to_string(count) + " full marks it fits";
}

} // namespace

std::vector<MergeSuggestion> suggestPartialMarks(const GraphSnapshot &snapshot, const SuggestionPolicy &policy)
{
    std::vector<Vehicle> partials;
    std::vector<Vehicle> full;
    for (const auto &entity : snapshot.entities) {
        if (entity.type != EntityType::Vehicle) {
            continue;
        }
        Vehicle v{&entity, normalizeVrm(entity.label)};
        if (v.mark.empty()) {
            continue;
        }
        const bool wild = v.mark.find_first_of("?*") != std::string::npos;
        if (!wild && entity.attribute("partial") != "true" && isFullMark(classifyVrm(v.mark))) {
            full.push_back(std::move(v));
        } else {
            if (!wild) {
                v.mark += '*'; // "SS69" or a mark stored as partial: the rest is unknown
            }
            partials.push_back(std::move(v));
        }
    }
    if (partials.empty() || full.empty()) {
        return {};
    }

    // Full marks by their first two and by their last three characters.
    std::unordered_map<std::string, std::vector<std::size_t>> byPrefix;
    std::unordered_map<std::string, std::vector<std::size_t>> bySuffix;
    for (std::size_t i = 0; i < full.size(); ++i) {
        const std::string &mark = full[i].mark;
        if (mark.size() >= 2) {
            byPrefix[mark.substr(0, 2)].push_back(i);
        }
        if (mark.size() >= 3) {
            bySuffix[mark.substr(mark.size() - 3)].push_back(i);
        }
    }

    // Persons linked to each vehicle, for the shared-person evidence.
    std::unordered_map<EntityId, std::vector<EntityId>> persons;
    {
        const DenseIndex entityAt(snapshot.entities, [](const EntityInfo &e) { return e.id; });
        const auto typeOf = [&](EntityId id) {
            const std::uint32_t at = entityAt.find(id);
            return at == DenseIndex::kNone ? std::nullopt : std::optional<EntityType>(snapshot.entities[at].type);
        };
        for (const auto &link : snapshot.links) {
            const auto a = typeOf(link.a);
            const auto b = typeOf(link.b);
            if (a == EntityType::Vehicle && b == EntityType::Person) {
                persons[link.a].push_back(link.b);
            } else if (b == EntityType::Vehicle && a == EntityType::Person) {
                persons[link.b].push_back(link.a);
            }
        }
        for (auto &[vehicle, list] : persons) {
            std::sort(list.begin(), list.end());
            list.erase(std::unique(list.begin(), list.end()), list.end());
        }
    }
    const auto personsOf = [&](EntityId id) -> const std::vector<EntityId> & {
        static const std::vector<EntityId> none;
        const auto it = persons.find(id);
        return it == persons.end() ? none : it->second;
    };

    std::vector<MergeSuggestion> out;
    for (const Vehicle &partial : partials) {
        const std::string &pattern = partial.mark;
        const auto known =
            static_cast<int>(std::count_if(pattern.begin(), pattern.end(), [](char c) { return !isWild(c); }));
        if (known < policy.minKnownCharacters) {
            continue;
        }
        const std::vector<std::size_t> *bucket = nullptr;
        if (pattern.size() >= 2 && !isWild(pattern[0]) && !isWild(pattern[1])) {
            const auto it = byPrefix.find(pattern.substr(0, 2));
            bucket = it == byPrefix.end() ? nullptr : &it->second;
        } else if (pattern.size() >= 3 &&
                   std::none_of(pattern.end() - 3, pattern.end(), isWild)) {
            const auto it = bySuffix.find(pattern.substr(pattern.size() - 3));
            bucket = it == bySuffix.end() ? nullptr : &it->second;
        }
        if (bucket == nullptr) {
            continue;
        }
        std::vector<const Vehicle *> fits;
        for (const std::size_t i : *bucket) {
            if (vrmMatches(pattern, full[i].mark)) {
                fits.push_back(&full[i]);
            }
        }
        if (fits.empty() || static_cast<int>(fits.size()) > policy.maxMarkCandidates) {
            continue;
        }
        const auto &partialPersons = personsOf(partial.entity->id);
        for (const Vehicle *candidate : fits) {
            MergeSuggestion s;
            s.type = EntityType::Vehicle;
            s.a = std::min(partial.entity->id, candidate->entity->id);
            s.b = std::max(partial.entity->id, candidate->entity->id);
            const double fit = policy.partialMarkWeight + policy.uniqueFitWeight / static_cast<double>(fits.size());
            s.evidence.push_back({SuggestionEvidenceKind::PartialMark,
                                  "partial mark " + partial.entity->label + " fits " + candidate->entity->label + " (" +
                                      fitsText(fits.size()) + ")",
                                  fit});
            double score = fit;
            const auto detail = [&](const char *name, double agrees, double conflicts) {
                const std::string x = lower(partial.entity->attribute(name));
                const std::string y = lower(candidate->entity->attribute(name));
                if (x.empty() || y.empty()) {
                    return;
                }
                const bool same = x == y;
                const double weight = same ? agrees : conflicts;
                s.evidence.push_back({SuggestionEvidenceKind::VehicleDetails,
                                      std::string(name) + (same ? " agrees: " + x : " conflicts: " + x + " and " + y),
                                      weight});
                score += weight;
            };
            detail("make", policy.makeAgreesWeight, policy.makeConflictWeight);
            detail("colour", policy.colourAgreesWeight, policy.colourConflictWeight);
            const auto &candidatePersons = personsOf(candidate->entity->id);
            std::vector<EntityId> shared;
            std::set_intersection(partialPersons.begin(), partialPersons.end(), candidatePersons.begin(),
                                  candidatePersons.end(), std::back_inserter(shared));
            double weight = policy.sharedPersonWeight;
            for (const EntityId person : shared) {
                const auto *entity = snapshot.findEntity(person);
                s.evidence.push_back({SuggestionEvidenceKind::SharedPerson,
                                      "both linked to " + (entity ? entity->label : "#" + std::to_string(person)),
                                      weight});
                score += weight;
                weight /= 2;
            }
            s.score = std::clamp(score, 0.0, 1.0);
            if (s.score >= policy.minScore) {
                out.push_back(std::move(s));
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const MergeSuggestion &x, const MergeSuggestion &y) {
        return x.score != y.score ? x.score > y.score : std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
    return out;
}

} // namespace harbour::analysis

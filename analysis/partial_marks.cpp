// Partial registration marks against full ones: "a silver car, PG09V-something" in one report and
// PG09VXY in another are possibly one vehicle. Only the analyst can say; this finds the pairs.
#include "harbour/analysis/suggestions.h"

#include "harbour/uk_formats.h"

#include "partial_marks.h"

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
    return detail::suggestPartialMarks(snapshot, policy, EntityTypes(snapshot));
}

std::vector<MergeSuggestion> detail::suggestPartialMarks(const GraphSnapshot &snapshot, const SuggestionPolicy &policy,
                                                         const EntityTypes &types)
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

    // Full marks in order, and in the order of their reversed text. A match must start with the
    // letters a pattern starts with (up to its first wildcard) and end with those it ends with, so
    // each pattern reads only the marks that share them: tens of thousands of partials against a
    // few hundred thousand full marks at a million reports, where scanning every mark with the
    // same first two characters took seconds.
    std::sort(full.begin(), full.end(), [](const Vehicle &x, const Vehicle &y) { return x.mark < y.mark; });
    std::vector<std::pair<std::string, std::size_t>> reversed;
    reversed.reserve(full.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
        reversed.emplace_back(std::string(full[i].mark.rbegin(), full[i].mark.rend()), i);
    }
    std::sort(reversed.begin(), reversed.end());
    const auto startingWith = [&full](std::string_view head, std::vector<const Vehicle *> &out) {
        auto it = std::lower_bound(full.begin(), full.end(), head,
                                   [](const Vehicle &v, std::string_view text) { return v.mark < text; });
        for (; it != full.end() && it->mark.starts_with(head); ++it) {
            out.push_back(&*it);
        }
    };
    const auto endingWith = [&full, &reversed](std::string_view tail, std::vector<const Vehicle *> &out) {
        const std::string key(tail.rbegin(), tail.rend());
        auto it = std::lower_bound(reversed.begin(), reversed.end(), key,
                                   [](const auto &entry, const std::string &text) { return entry.first < text; });
        for (; it != reversed.end() && it->first.starts_with(key); ++it) {
            out.push_back(&full[it->second]);
        }
    };

    // Persons linked to each vehicle, for the shared-person evidence.
    std::unordered_map<EntityId, std::vector<EntityId>> persons;
    {
        for (const auto &link : snapshot.links) {
            const auto a = types.of(link.a);
            const auto b = types.of(link.b);
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
        // Patterns that start with two plate characters are looked up by the letters they start
        // with; others only when they end with three.
        std::vector<const Vehicle *> candidates;
        const std::size_t firstWild = pattern.find_first_of("?*");
        const std::size_t lastWild = pattern.find_last_of("?*");
        if (firstWild >= 2) {
            startingWith(std::string_view(pattern).substr(0, firstWild), candidates);
        } else if (lastWild != std::string::npos && pattern.size() - lastWild - 1 >= 3) {
            endingWith(std::string_view(pattern).substr(lastWild + 1), candidates);
        } else {
            continue;
        }
        std::vector<const Vehicle *> fits;
        for (const Vehicle *candidate : candidates) {
            if (vrmMatches(pattern, candidate->mark)) {
                fits.push_back(candidate);
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
                std::string linked = "both linked to ";
                linked += entity ? entity->label : '#' + std::to_string(person);
                s.evidence.push_back({SuggestionEvidenceKind::SharedPerson, std::move(linked), weight});
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

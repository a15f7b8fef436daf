#include "hand_scorer.h"

#include "person_evidence.h"
#include "string_similarity.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

namespace harbour::analysis::detail
{
namespace
{

using Kind = SuggestionEvidenceKind;

std::string percent(double similarity)
{
    return std::to_string(static_cast<int>(std::lround(similarity * 100.0))) + "%";
}

struct NameMatch {
    double similarity = 0.0;
    bool swapped = false;
};

/// The mean Jaro-Winkler of two word pairs, or 0 when the first pair alone shows the mean
/// cannot reach floor (the second is at most 1): most candidate pairs stop after one call.
double meanOfPairs(std::string_view x1, std::string_view y1, std::string_view x2, std::string_view y2, double floor)
{
    const double first = jaroWinkler(x1, y1);
    if ((first + 1.0) / 2.0 < floor) {
        return 0.0;
    }
    return (first + jaroWinkler(x2, y2)) / 2.0;
}

NameMatch compareNames(const Profile &a, const Profile &b, double floor)
{
    NameMatch match;
    if (a.words >= 2 && b.words >= 2) {
        // Forename against forename and surname against surname, or crossed for "Jones Amy";
        // middle names are left out. Whole-name Jaro-Winkler is not used here: a shared surname
        // alone lifts "amy jones"/"ann jones" to 0.93.
        const double straight = meanOfPairs(a.last, b.last, a.first, b.first, floor);
        const double crossed = meanOfPairs(a.first, b.last, a.last, b.first, floor);
        match.similarity = std::max(straight, crossed);
        match.swapped = crossed > straight;
    }
    if (a.words != b.words || a.words < 2) {
        // One word, or words split differently ("mc donald"/"mcdonald"): compare the letters whole.
        const double whole = jaroWinkler(a.joined, b.joined);
        if (whole > match.similarity) {
            match = {whole, false};
        }
    }
    return match;
}

} // namespace

std::optional<MergeSuggestion> PairScorer::score(const Profile &a, const Profile &b, bool details) const
{
    // Vetoes first: they are the cheapest tests and settle many pairs.
    if (a.id == b.id) {
        return std::nullopt;
    }
    if ((a.merged &&
         std::find(a.entity->mergedFrom.begin(), a.entity->mergedFrom.end(), b.id) != a.entity->mergedFrom.end()) ||
        (b.merged &&
         std::find(b.entity->mergedFrom.begin(), b.entity->mergedFrom.end(), a.id) != b.entity->mergedFrom.end())) {
        return std::nullopt;
    }
    if (m_policy.vetoGenderConflict && a.gender != 0 && b.gender != 0 && a.gender != b.gender) {
        return std::nullopt;
    }
    const bool person = a.entity->type == EntityType::Person;
    NameMatch name;
    const bool named = a.words != 0 && b.words != 0;
    if (named) {
        name = compareNames(a, b, m_policy.nameFloor);
    }
    const bool nameEvidence = named && name.similarity >= m_policy.nameFloor;
    const bool mayShareNeighbours = person && !a.neighbours.empty() && !b.neighbours.empty();
    const auto dobOutcome = a.dob && b.dob ? compareDobs(*a.dob, *b.dob) : DobOutcome::Unknown;
    // Settle most pairs before touching record and neighbour lists, which live elsewhere in memory.
    if ((!nameEvidence && !mayShareNeighbours) || (dobOutcome == DobOutcome::Conflicts && !mayShareNeighbours)) {
        return std::nullopt;
    }
    if (m_policy.vetoCoMentioned && sharesRecord(a.records, b.records)) {
        return std::nullopt;
    }

    // Shared neighbours, grouped by kind; both lists are sorted by (kind, id).
    std::array<std::vector<EntityId>, kNeighbourKinds> shared;
    {
        auto i = a.neighbours.begin();
        auto j = b.neighbours.begin();
        const auto less = [](const Neighbour &x, const Neighbour &y) {
            return std::tie(x.kind, x.id) < std::tie(y.kind, y.id);
        };
        while (i != a.neighbours.end() && j != b.neighbours.end()) {
            if (less(*i, *j)) {
                ++i;
            } else if (less(*j, *i)) {
                ++j;
            } else {
                shared[static_cast<std::size_t>(i->kind)].push_back(i->id);
                ++i;
                ++j;
            }
        }
    }
    const auto &aliases = shared[static_cast<std::size_t>(NeighbourKind::Alias)];
    const auto &phones = shared[static_cast<std::size_t>(NeighbourKind::Phone)];
    const auto &accounts = shared[static_cast<std::size_t>(NeighbourKind::Account)];
    const auto &vehicles = shared[static_cast<std::size_t>(NeighbourKind::Vehicle)];
    const auto &places = shared[static_cast<std::size_t>(NeighbourKind::Place)];

    // Without alike names only a shared nickname says two people may be one (false names are
    // common among perpetrators); a shared phone or address alone also fits siblings and friends.
    if (!nameEvidence && (!person || aliases.empty())) {
        return std::nullopt;
    }

    MergeSuggestion suggestion;
    suggestion.a = a.id;
    suggestion.b = b.id;
    suggestion.type = a.entity->type;
    double total = 0.0;
    auto add = [&suggestion, &total, details](Kind kind, const auto &detail, double contribution) {
        total += contribution;
        if (details) {
            suggestion.evidence.push_back({kind, detail(), contribution});
        }
    };

    if (nameEvidence) {
        const double weight = person ? m_policy.personNameWeight : m_policy.premisesNameWeight;
        const double floorSpan = 1.0 - m_policy.nameFloor;
        const double contribution =
            floorSpan > 0.0 ? weight * (name.similarity - m_policy.nameFloor) / floorSpan : weight;
        add(
            Kind::NameSimilarity,
            [&] {
                return "names '" + a.name + "' and '" + b.name + "' are " + percent(name.similarity) + " alike" +
                       (name.swapped ? " with forename and surname swapped" : "");
            },
            contribution);
    }
    if (named &&
        ((a.firstKey == b.firstKey && a.lastKey == b.lastKey) ||
         (a.firstKey == b.lastKey && a.lastKey == b.firstKey)) &&
        !a.firstKey.empty()) {
        add(
            Kind::PhoneticName,
            [&] {
                const std::string keys =
                    a.firstKey == a.lastKey && a.words == 1 ? a.firstKey : a.firstKey + " " + a.lastKey;
                return std::string(person ? "forename and surname" : "trading names") + " sound alike (NYSIIS " + keys +
                       ")";
            },
            person ? m_policy.phoneticWeight : m_policy.premisesPhoneticWeight);
    }

    if (a.dob && b.dob) {
        const auto da = [&] { return a.dob->toString(); };
        const auto db = [&] { return b.dob->toString(); };
        switch (dobOutcome) {
        case DobOutcome::Agrees:
            add(
                Kind::DobAgrees, [&] { return "same date of birth " + da(); }, m_policy.dobAgreesWeight);
            break;
        case DobOutcome::Partial:
            add(
                Kind::DobPartialAgrees, [&] { return "dates of birth " + da() + " and " + db() + " are compatible"; },
                m_policy.dobPartialWeight);
            break;
        case DobOutcome::Slip:
            add(
                Kind::DobConflicts,
                [&] { return "dates of birth " + da() + " and " + db() + " differ by a likely typing slip"; },
                m_policy.dobSlipWeight);
            break;
        case DobOutcome::Conflicts: {
            // Two different full dates usually mean two people; only near-identical names with a
            // shared nickname, phone or account keep the pair alive (a false dob given to police).
            const bool backed = !aliases.empty() || !phones.empty() || !accounts.empty();
            if (!(nameEvidence && name.similarity >= m_policy.dobConflictOverrideName && backed)) {
                return std::nullopt;
            }
            add(
                Kind::DobConflicts, [&] { return "dates of birth " + da() + " and " + db() + " conflict"; },
                m_policy.dobConflictWeight);
            break;
        }
        case DobOutcome::Unknown:
            break;
        }
    }

    if (!aliases.empty()) {
        add(
            Kind::SharedAlias, [&] { return "both known as " + listLabels(m_snapshot, aliases, true); },
            m_policy.aliasWeight + m_policy.extraAliasWeight * static_cast<double>(aliases.size() - 1));
    }
    if (!phones.empty()) {
        add(
            Kind::SharedPhone, [&] { return "both linked to phone " + listLabels(m_snapshot, phones, false); },
            m_policy.phoneWeight);
    }
    if (!accounts.empty()) {
        add(
            Kind::SharedAccount, [&] { return "both linked to account " + listLabels(m_snapshot, accounts, false); },
            m_policy.accountWeight);
    }
    if (!vehicles.empty()) {
        add(
            Kind::SharedVehicle, [&] { return "both linked to vehicle " + listLabels(m_snapshot, vehicles, false); },
            m_policy.vehicleWeight);
    }
    const bool sameAddress = !a.address.empty() && a.address == b.address;
    if (sameAddress) {
        add(
            Kind::SharedAddress, [&] { return "same address '" + a.address + "'"; }, m_policy.addressWeight);
    }
    if (!places.empty()) {
        add(
            Kind::SharedAddress, [&] { return "both linked to place " + listLabels(m_snapshot, places, true); },
            m_policy.placeWeight);
    }
    if (!a.postcode.empty() && a.postcode == b.postcode) {
        // A person's same address already holds the postcode; premises are sited by it.
        if (!person) {
            add(
                Kind::SamePostcode, [&] { return "same postcode " + a.postcode; }, m_policy.premisesPostcodeWeight);
        } else if (!sameAddress) {
            add(
                Kind::SamePostcode, [&] { return "same postcode " + a.postcode; }, m_policy.personPostcodeWeight);
        }
    } else if (!person && !a.district.empty() && a.district == b.district) {
        add(
            Kind::SamePostcode, [&] { return "same postcode district " + a.district; },
            m_policy.premisesDistrictWeight);
    }

    suggestion.score = std::clamp(total, 0.0, 1.0);
    if (suggestion.score < m_policy.minScore) {
        return std::nullopt;
    }
    return suggestion;
}

} // namespace harbour::analysis::detail

#include "match_compare.h"

#include "person_evidence.h"
#include "string_similarity.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace harbour::analysis::detail
{
namespace
{

using match::Comparison;
using match::Pattern;
namespace level = match::level;

int compareWords(const Profile &a, bool aFirst, const Profile &b, bool bFirst, bool initials)
{
    const std::string &x = aFirst ? a.first : a.last;
    const std::string &y = bFirst ? b.first : b.last;
    if (x.empty() || y.empty()) {
        return 0;
    }
    if (x == y) {
        return level::kNameExact;
    }
    if (x.size() == 1 || y.size() == 1) {
        return initials && x[0] == y[0] ? level::kNameInitial : level::kNameDifferent;
    }
    const double similarity = jaroWinkler(x, y);
    if (similarity >= 0.92) {
        return level::kNameClose;
    }
    const std::string &xSound = aFirst ? a.firstSound : a.lastSound;
    const std::string &ySound = bFirst ? b.firstSound : b.lastSound;
    const std::string &xKey = aFirst ? a.firstKey : a.lastKey;
    const std::string &yKey = bFirst ? b.firstKey : b.lastKey;
    if ((!xSound.empty() && xSound == ySound) || (!xKey.empty() && xKey == yKey)) {
        return level::kNamePhonetic;
    }
    return similarity >= 0.80 ? level::kNameLoose : level::kNameDifferent;
}

struct NameLevels {
    int forename = 0;
    int surname = 0;
    bool swapped = false;
};

/// Lower is better; null counts as a disagreement here, only for choosing an order.
int rank(int value)
{
    return value == 0 ? level::kNameDifferent : value;
}

NameLevels compareNames(const Profile &a, const Profile &b)
{
    NameLevels out;
    if (a.words == 0 || b.words == 0) {
        return out;
    }
    if (a.words != b.words && a.joined == b.joined) {
        return {level::kNameExact, level::kNameExact, false}; // "mc donald" / "mcdonald"
    }
    if (a.words >= 2 && b.words >= 2) {
        out = {compareWords(a, true, b, true, true), compareWords(a, false, b, false, false), false};
        if (out.forename == level::kNameExact && out.surname == level::kNameExact) {
            return out;
        }
        const NameLevels crossed{compareWords(a, true, b, false, false), compareWords(a, false, b, true, false), true};
        if (rank(crossed.forename) + rank(crossed.surname) < rank(out.forename) + rank(out.surname)) {
            out = crossed;
        }
        return out;
    }
    // One word against one or more: a forename written alone ("Liam"), or a surname.
    const Profile &single = a.words == 1 ? a : b;
    const Profile &other = a.words == 1 ? b : a;
    const bool singleIsA = &single == &a;
    const auto words = [&](bool otherFirst) {
        return singleIsA ? compareWords(single, true, other, otherFirst, true)
                         : compareWords(other, otherFirst, single, true, true);
    };
    out.forename = words(true);
    if (other.words >= 2 && out.forename != level::kNameExact) {
        const int asSurname = words(false);
        if (rank(asSurname) < rank(out.forename)) {
            return {0, asSurname, false};
        }
    }
    return out;
}

struct NeighbourLevels {
    std::array<bool, kNeighbourKinds> has{};
    std::array<bool, kNeighbourKinds> hasOther{};
    std::array<std::vector<EntityId>, kNeighbourKinds> shared;
    std::uint32_t aliasDegree = 0; ///< the least common shared nickname's
};

template <bool kList> NeighbourLevels compareNeighbours(const Profile &a, const Profile &b)
{
    NeighbourLevels out;
    for (const Neighbour &n : a.neighbours) {
        out.has[static_cast<std::size_t>(n.kind)] = true;
    }
    for (const Neighbour &n : b.neighbours) {
        out.hasOther[static_cast<std::size_t>(n.kind)] = true;
    }
    auto i = a.neighbours.begin();
    auto j = b.neighbours.begin();
    const auto less = [](const Neighbour &x, const Neighbour &y) {
        return x.kind != y.kind ? x.kind < y.kind : x.id < y.id;
    };
    while (i != a.neighbours.end() && j != b.neighbours.end()) {
        if (less(*i, *j)) {
            ++i;
        } else if (less(*j, *i)) {
            ++j;
        } else {
            auto &list = out.shared[static_cast<std::size_t>(i->kind)];
            if (kList || list.empty()) {
                list.push_back(i->id);
            }
            if (i->kind == NeighbourKind::Alias) {
                out.aliasDegree = out.aliasDegree == 0 ? i->degree : std::min(out.aliasDegree, i->degree);
            }
            ++i;
            ++j;
        }
    }
    return out;
}

int sharedLevel(const NeighbourLevels &n, std::initializer_list<NeighbourKind> kinds)
{
    bool a = false;
    bool b = false;
    for (const NeighbourKind kind : kinds) {
        const auto k = static_cast<std::size_t>(kind);
        if (!n.shared[k].empty()) {
            return level::kShared;
        }
        a = a || n.has[k];
        b = b || n.hasOther[k];
    }
    return a && b ? level::kNotShared : 0;
}

int dobLevel(const Profile &a, const Profile &b)
{
    if (!a.dob || !b.dob) {
        return 0;
    }
    switch (compareDobs(*a.dob, *b.dob)) {
    case DobOutcome::Agrees:
        return level::kDobExact;
    case DobOutcome::Partial:
        return level::kDobPartial;
    case DobOutcome::Slip:
        return level::kDobSlip;
    case DobOutcome::Conflicts:
        return level::kDobConflict;
    case DobOutcome::Unknown:
        break;
    }
    return 0;
}

int addressLevel(const Profile &a, const Profile &b)
{
    if (a.address.empty() || b.address.empty()) {
        return 0;
    }
    if (a.address == b.address) {
        return level::kAddressExact;
    }
    if (!a.addressPostcode.empty() && a.addressPostcode == b.addressPostcode) {
        return level::kAddressPostcode;
    }
    return level::kAddressDifferent;
}

/// Whether two sorted lists of nickname sounds share one.
bool soundAlike(const std::vector<std::string> &a, const std::vector<std::string> &b)
{
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i == *j) {
            return true;
        }
        *i < *j ? ++i : ++j;
    }
    return false;
}

Pattern patternOf(const Profile &a, const Profile &b, const NameLevels &names, const NeighbourLevels &neighbours)
{
    Pattern p;
    p.set(Comparison::Forename, names.forename);
    p.set(Comparison::Surname, names.surname);
    p.set(Comparison::Dob, dobLevel(a, b));
    p.set(Comparison::Gender, a.gender == 0 || b.gender == 0 ? 0
                              : a.gender == b.gender         ? level::kGenderAgrees
                                                             : level::kGenderDiffers);
    p.set(Comparison::Address, addressLevel(a, b));
    p.set(Comparison::PhoneAccount, sharedLevel(neighbours, {NeighbourKind::Phone, NeighbourKind::Account}));
    int alias = sharedLevel(neighbours, {NeighbourKind::Alias});
    if (alias != level::kShared && soundAlike(a.nicknameSounds, b.nicknameSounds)) {
        alias = level::kNicknameSoundsAlike;
    }
    p.set(Comparison::Alias, alias);
    // A child in common counts only beside a nickname in common: two men who abuse one child are
    // not one man, while "Taz" and "Tazz" seen with the same girl likely are.
    const bool nickname = alias == level::kShared || alias == level::kNicknameSoundsAlike;
    p.set(Comparison::Shared, nickname ? sharedLevel(neighbours, {NeighbourKind::Vehicle, NeighbourKind::Place,
                                                                  NeighbourKind::Premises, NeighbourKind::Child})
                                       : sharedLevel(neighbours, {NeighbourKind::Vehicle, NeighbourKind::Place,
                                                                  NeighbourKind::Premises}));
    p.setAliasDegree(neighbours.aliasDegree);
    return p;
}

bool agrees(int nameLevel)
{
    return nameLevel != 0 && nameLevel != level::kNameDifferent;
}

std::string signedWeight(double weight)
{
    char text[32];
    std::snprintf(text, sizeof text, "%+.1f", weight);
    return text;
}

bool onlyAs(const EntityInfo &entity, SubjectRole role, SubjectRole never)
{
    return entity.roles.contains(role) && !entity.roles.contains(never);
}

bool victimAgainstPerpetrator(const EntityInfo &a, const EntityInfo &b)
{
    const auto victim = SubjectRole::Victim;
    const auto perpetrator = SubjectRole::Perpetrator;
    return (onlyAs(a, victim, perpetrator) && onlyAs(b, perpetrator, victim)) ||
           (onlyAs(a, perpetrator, victim) && onlyAs(b, victim, perpetrator));
}

bool uncorroborated(Pattern p)
{
    return p.level(Comparison::Forename) == 0 && p.level(Comparison::Surname) == 0 &&
           p.level(Comparison::PhoneAccount) != level::kShared && p.level(Comparison::Shared) != level::kShared;
}

double comparisonWeight(Comparison c, Pattern pattern, const Profile &a, const Weighing &weighing)
{
    const int value = pattern.level(c);
    const auto &model = *weighing.model;
    if (value == level::kNameExact && c == Comparison::Forename) {
        return model.weightWithFrequency(c, value, a.firstShare);
    }
    if (value == level::kNameExact && c == Comparison::Surname) {
        return model.weightWithFrequency(c, value, a.lastShare);
    }
    if (value == level::kShared && c == Comparison::Alias && pattern.aliasDegree() > 0) {
        return model.weightWithFrequency(c, value, pattern.aliasDegree() / std::max(weighing.persons, 1.0));
    }
    return model.weight(c, value);
}

} // namespace

std::optional<Pattern> comparePersons(const Profile &a, const Profile &b, const SuggestionPolicy &policy)
{
    if (a.id == b.id) {
        return std::nullopt;
    }
    const auto mergedFrom = [](const Profile &x, EntityId id) {
        return x.merged &&
               std::find(x.entity->mergedFrom.begin(), x.entity->mergedFrom.end(), id) != x.entity->mergedFrom.end();
    };
    if (mergedFrom(a, b.id) || mergedFrom(b, a.id)) {
        return std::nullopt;
    }
    if (policy.vetoGenderConflict && a.gender != 0 && b.gender != 0 && a.gender != b.gender) {
        return std::nullopt;
    }
    if (policy.vetoVictimAndPerpetrator && victimAgainstPerpetrator(*a.entity, *b.entity)) {
        return std::nullopt;
    }
    const NameLevels names = compareNames(a, b);
    const bool mayShareNeighbours = !a.neighbours.empty() && !b.neighbours.empty();
    if (!agrees(names.forename) && !agrees(names.surname) && !mayShareNeighbours &&
        !soundAlike(a.nicknameSounds, b.nicknameSounds)) {
        return std::nullopt;
    }
    if (policy.vetoCoMentioned && sharesRecord(a.records, b.records)) {
        return std::nullopt;
    }
    const NeighbourLevels neighbours = compareNeighbours<false>(a, b);
    const Pattern pattern = patternOf(a, b, names, neighbours);
    const int alias = pattern.level(Comparison::Alias);
    if (!agrees(names.forename) && !agrees(names.surname) && alias != level::kShared &&
        alias != level::kNicknameSoundsAlike && pattern.level(Comparison::PhoneAccount) != level::kShared &&
        pattern.level(Comparison::Shared) != level::kShared) {
        return std::nullopt;
    }
    return pattern;
}

Pattern comparePersonsFreely(const Profile &a, const Profile &b)
{
    return patternOf(a, b, compareNames(a, b), compareNeighbours<false>(a, b));
}

double weightOf(Pattern pattern, const Profile &a, const Profile &, const Weighing &weighing)
{
    double weight = weighing.model->prior();
    for (std::size_t c = 0; c < match::kComparisons; ++c) {
        weight += comparisonWeight(static_cast<Comparison>(c), pattern, a, weighing);
    }
    return weight;
}

double probabilityOf(Pattern pattern, const Profile &a, const Profile &b, const Weighing &weighing)
{
    const double p = match::probabilityOf(weightOf(pattern, a, b, weighing));
    return uncorroborated(pattern) ? std::min(p, weighing.uncorroboratedCap) : p;
}

MergeSuggestion explainPersons(Pattern pattern, const Profile &a, const Profile &b, const Weighing &weighing,
                               const GraphSnapshot &snapshot)
{
    using Kind = SuggestionEvidenceKind;
    MergeSuggestion out;
    out.a = a.id;
    out.b = b.id;
    out.type = EntityType::Person;
    out.score = probabilityOf(pattern, a, b, weighing);
    const auto &model = *weighing.model;
    const double lambda = model.lambda;
    out.evidence.push_back({Kind::Prior,
                            "prior: about 1 in " +
                                std::to_string(static_cast<long long>(std::lround(1.0 / std::max(lambda, 1e-9)))) +
                                " pairs of person entries is one person (" + signedWeight(model.prior()) + ")",
                            model.prior()});
    const NameLevels names = compareNames(a, b);
    const NeighbourLevels neighbours = compareNeighbours<true>(a, b);
    const auto add = [&](Comparison c, Kind kind, const std::string &what) {
        const int value = pattern.level(c);
        if (value == 0) {
            return;
        }
        const double weight = comparisonWeight(c, pattern, a, weighing);
        out.evidence.push_back({kind,
                                std::string(match::comparisonName(c)) + (what.empty() ? "" : " " + what) + ": " +
                                    std::string(match::levelName(c, value)) + " (" + signedWeight(weight) + ")",
                                weight});
    };
    const auto words = [&](bool forename) {
        const bool aFirst = forename;
        const bool bFirst = names.swapped ? !forename : forename;
        std::string x = aFirst ? a.first : a.last;
        std::string y = bFirst ? b.first : b.last;
        if (a.words == 1 || b.words == 1) {
            x = forename ? a.first : a.last;
            y = forename ? b.first : b.last;
        }
        return x == y ? x : x + " / " + y;
    };
    const auto nameKind = [](int value) {
        return value == level::kNamePhonetic ? Kind::PhoneticName : Kind::NameSimilarity;
    };
    add(Comparison::Forename, nameKind(names.forename),
        words(true) + (names.swapped ? " (names in swapped order)" : ""));
    add(Comparison::Surname, nameKind(names.surname), words(false));
    const int dob = pattern.level(Comparison::Dob);
    add(Comparison::Dob,
        dob == level::kDobExact     ? Kind::DobAgrees
        : dob == level::kDobPartial ? Kind::DobPartialAgrees
                                    : Kind::DobConflicts,
        dob == 0 ? "" : a.dob->toString() + (*a.dob == *b.dob ? "" : " / " + b.dob->toString()));
    add(Comparison::Gender, Kind::Gender, a.gender == 'f' ? "female" : a.gender == 'm' ? "male" : "");
    const int address = pattern.level(Comparison::Address);
    add(Comparison::Address, address == level::kAddressPostcode ? Kind::SamePostcode : Kind::SharedAddress,
        address == level::kAddressExact      ? "'" + a.address + "'"
        : address == level::kAddressPostcode ? a.addressPostcode
                                             : "");
    const auto sharedOf = [&](std::initializer_list<NeighbourKind> kinds) {
        std::vector<EntityId> ids;
        for (const NeighbourKind kind : kinds) {
            const auto &list = neighbours.shared[static_cast<std::size_t>(kind)];
            ids.insert(ids.end(), list.begin(), list.end());
        }
        return ids.empty() ? std::string{} : listLabels(snapshot, ids, false);
    };
    const bool account = !neighbours.shared[static_cast<std::size_t>(NeighbourKind::Account)].empty() &&
                         neighbours.shared[static_cast<std::size_t>(NeighbourKind::Phone)].empty();
    add(Comparison::PhoneAccount, account ? Kind::SharedAccount : Kind::SharedPhone,
        sharedOf({NeighbourKind::Phone, NeighbourKind::Account}));
    const auto &aliases = neighbours.shared[static_cast<std::size_t>(NeighbourKind::Alias)];
    add(Comparison::Alias, Kind::SharedAlias,
        aliases.empty()
            ? std::string{}
            : listLabels(snapshot, aliases, true) + " (" + std::to_string(pattern.aliasDegree()) + " entries)");
    const bool premises = !neighbours.shared[static_cast<std::size_t>(NeighbourKind::Premises)].empty();
    const bool vehicle = !neighbours.shared[static_cast<std::size_t>(NeighbourKind::Vehicle)].empty();
    const bool place = !neighbours.shared[static_cast<std::size_t>(NeighbourKind::Place)].empty();
    const int alias = pattern.level(Comparison::Alias);
    const bool nickname = alias == level::kShared || alias == level::kNicknameSoundsAlike;
    add(Comparison::Shared,
        premises  ? Kind::SharedPremises
        : vehicle ? Kind::SharedVehicle
        : place   ? Kind::SharedAddress
                  : Kind::SharedPerson,
        nickname ? sharedOf({NeighbourKind::Vehicle, NeighbourKind::Place, NeighbourKind::Premises, NeighbourKind::Child})
                 : sharedOf({NeighbourKind::Vehicle, NeighbourKind::Place, NeighbourKind::Premises}));
    if (uncorroborated(pattern) && out.score >= weighing.uncorroboratedCap) {
        out.evidence.push_back({Kind::SharedAlias,
                                "a nickname alone, with no name, phone, account, vehicle, place, premises or child in common: "
                                "held at " +
                                    std::to_string(static_cast<int>(std::lround(weighing.uncorroboratedCap * 100))) +
                                    "%",
                                0.0});
    }
    return out;
}

} // namespace harbour::analysis::detail

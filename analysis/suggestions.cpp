#include "harbour/analysis/suggestions.h"

#include "entity_types.h"
#include "hand_scorer.h"
#include "harbour/dense_index.h"
#include "harbour/uk_formats.h"
#include "match_blocking.h"
#include "match_compare.h"
#include "match_model.h"
#include "match_phonetic.h"
#include "match_profile.h"
#include "partial_marks.h"
#include "person_evidence.h"
#include "string_similarity.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>

namespace harbour::analysis
{

namespace
{

using namespace detail;

/// In a memo's pairs, the bit that says the pair scored.
constexpr std::uint64_t kScored = std::uint64_t{1} << 63;

/// What an earlier memo knows of this search: which profiles are as they were (same id, same
/// fingerprint), and what the pairs of two such profiles came to when it compared them. Pairs
/// are asked about in ascending order, as the memo holds them, so one walk through it answers all.
class Recall
{
  public:
    Recall(const SuggestionMemo *earlier, const SuggestionPolicy &policy, const std::vector<EntityId> &ids,
           const std::vector<std::uint64_t> &prints)
        : m_memo(earlier != nullptr && earlier->policy == policy && earlier->ids.size() == earlier->fingerprints.size()
                     ? earlier
                     : nullptr)
    {
        if (m_memo == nullptr) {
            return;
        }
        m_before.assign(ids.size(), kChanged);
        std::size_t e = 0;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            while (e < m_memo->ids.size() && m_memo->ids[e] < ids[i]) {
                ++e;
            }
            if (e < m_memo->ids.size() && m_memo->ids[e] == ids[i] && m_memo->fingerprints[e] == prints[i]) {
                m_before[i] = static_cast<std::uint32_t>(e);
            }
        }
    }

    /// Both profiles of the pair are as they were: the memo may know it.
    bool mayKnow(std::uint64_t pair) const
    {
        return m_memo != nullptr && m_before[pair >> 32] != kChanged && m_before[pair & 0xffffffffU] != kChanged;
    }

    /// Fetches what mayKnow reads of the pair's second profile (the first is read in order).
    void prefetch(std::uint64_t pair) const
    {
        if (m_memo != nullptr) {
            __builtin_prefetch(&m_before[pair & 0xffffffffU]);
        }
    }

    /// What the pair came to: its score, -1 when it did not score; nullopt when the memo cannot
    /// say (a profile changed, or the pair was not compared).
    std::optional<double> outcome(std::uint64_t pair)
    {
        if (!mayKnow(pair)) {
            return std::nullopt;
        }
        const std::uint64_t key = (std::uint64_t{m_before[pair >> 32]} << 32) | m_before[pair & 0xffffffffU];
        const auto &pairs = m_memo->pairs;
        while (m_at < pairs.size() && (pairs[m_at] & ~kScored) < key) {
            m_scoreAt += pairs[m_at] >> 63;
            ++m_at;
        }
        if (m_at == pairs.size() || (pairs[m_at] & ~kScored) != key) {
            return std::nullopt;
        }
        if ((pairs[m_at] & kScored) == 0) {
            return -1.0;
        }
        return m_scoreAt < m_memo->scores.size() ? std::optional<double>(m_memo->scores[m_scoreAt]) : std::nullopt;
    }

  private:
    static constexpr std::uint32_t kChanged = std::numeric_limits<std::uint32_t>::max();
    const SuggestionMemo *m_memo;
    std::vector<std::uint32_t> m_before; ///< each profile's position in the memo's ids, or kChanged
    std::size_t m_at = 0;                ///< the walk through the memo's pairs
    std::size_t m_scoreAt = 0;           ///< the score of the pair at m_at, if it scored
};

/// The cache lines of a profile that a pair's scoring reads before it can refuse the pair.
void prefetchProfile(const Profile &p)
{
    const auto *bytes = reinterpret_cast<const char *>(&p);
    for (std::size_t offset = 0; offset < offsetof(Profile, name); offset += 64) {
        __builtin_prefetch(bytes + offset);
    }
}

/// The record and neighbour lists a pair that passes the name gate reads next.
void prefetchLists(const Profile &p)
{
    __builtin_prefetch(p.records.data());
    __builtin_prefetch(p.neighbours.data());
}

/// How many people a nickname stands for, as far as the entries using it tell: their distinct
/// names, entries without a name counted together as one. A suspect known only as "Meathead"
/// in twenty reports is twenty entries but one name: the nickname is rare, not common.
template <typename Memberships>
std::uint32_t namesUsing(const std::vector<Profile> &profiles, const Memberships &memberships, std::size_t begin,
                         std::size_t end)
{
    std::vector<std::string_view> names;
    for (std::size_t i = begin; i < end; ++i) {
        names.push_back(profiles[memberships[i].index].name);
    }
    std::sort(names.begin(), names.end());
    return static_cast<std::uint32_t>(std::unique(names.begin(), names.end()) - names.begin());
}

constexpr std::uint32_t kNoPattern = 0xffffffffU; // no comparison reaches level 7 in its top bits

std::size_t personCount(const std::vector<Profile> &profiles)
{
    return static_cast<std::size_t>(std::count_if(
        profiles.begin(), profiles.end(), [](const Profile &p) { return p.entity->type == EntityType::Person; }));
}

/// Each person's first and last name word's share among the forenames and surnames (a name written
/// as one word counts as a forename): the term frequencies the match model weighs exact names by.
void weighNamesByFrequency(std::vector<Profile> &profiles)
{
    match::TermFrequencies forenames;
    match::TermFrequencies surnames;
    for (const Profile &p : profiles) {
        if (p.entity->type == EntityType::Person && p.words > 0) {
            forenames.add(p.first);
            if (p.words >= 2) {
                surnames.add(p.last);
            }
        }
    }
    for (Profile &p : profiles) {
        if (p.entity->type == EntityType::Person && p.words > 0) {
            // Typical: the u of an exact forename (0.01) and surname (0.005), match_model.cpp.
            p.firstShare = forenames.share(p.first, 0.01);
            p.lastShare = surnames.share(p.last, 0.005);
        }
    }
}

/// The patterns of random pairs of persons, for the u probabilities: drawn with a fixed seed
/// (splitmix64), so the same data gives the same model.
match::PatternCounts randomPatternCounts(const std::vector<Profile> &profiles, const SuggestionPolicy &policy)
{
    std::vector<std::uint32_t> persons;
    for (std::uint32_t i = 0; i < profiles.size(); ++i) {
        if (profiles[i].entity->type == EntityType::Person) {
            persons.push_back(i);
        }
    }
    match::PatternCounts counts;
    if (persons.size() < 2) {
        return counts;
    }
    const double everyPair = 0.5 * static_cast<double>(persons.size()) * static_cast<double>(persons.size() - 1);
    const auto draws =
        static_cast<std::size_t>(std::min(everyPair, static_cast<double>(std::max(policy.randomPairs, 1))));
    std::uint64_t state = 0x5eed5eed5eed5eedULL;
    const auto next = [&state] {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    for (std::size_t d = 0; d < draws; ++d) {
        const std::uint32_t x = persons[next() % persons.size()];
        const std::uint32_t y = persons[next() % persons.size()];
        if (x != y) {
            counts[comparePersonsFreely(profiles[x], profiles[y]).levels()] += 1.0;
        }
    }
    return counts;
}

} // namespace

std::vector<MergeSuggestion> suggestMerges(const GraphSnapshot &snapshot, const SuggestionPolicy &policy)
{
    return suggestMerges(snapshot, policy, nullptr, nullptr);
}

std::vector<MergeSuggestion> suggestMerges(const GraphSnapshot &snapshot, const SuggestionPolicy &policy,
                                           const SuggestionMemo *earlier, SuggestionMemo *learnt)
{
    std::vector<Profile> profiles;
    std::vector<EntityId> profileIds; // sorted, parallel to profiles: snapshot.entities is sorted by id
    const auto candidates =
        static_cast<std::size_t>(std::count_if(snapshot.entities.begin(), snapshot.entities.end(),
                                               [](const EntityInfo &e) { return isCandidateType(e.type); }));
    profiles.reserve(candidates); // a profile is a dozen strings: move them once, not on every doubling
    profileIds.reserve(candidates);
    for (const auto &entity : snapshot.entities) {
        if (isCandidateType(entity.type) && (profileIds.empty() || profileIds.back() != entity.id)) {
            profiles.push_back(makeProfile(entity));
            profileIds.push_back(entity.id);
        }
    }
    // Entity id -> type, and -> position in profiles. Millions of mentions and links are looked
    // up here.
    const EntityTypes types(snapshot);
    const DenseIndex profileAt(profileIds, [](EntityId id) { return id; });
    const auto profileOf = [&](EntityId id) -> std::optional<std::uint32_t> {
        const std::uint32_t at = profileAt.find(id);
        return at == DenseIndex::kNone ? std::nullopt : std::optional<std::uint32_t>(at);
    };

    for (const auto &mention : snapshot.mentions) {
        if (const auto index = profileOf(mention.entity)) {
            profiles[*index].records.push_back(mention.record);
        }
    }
    for (auto &profile : profiles) {
        std::sort(profile.records.begin(), profile.records.end());
        profile.records.erase(std::unique(profile.records.begin(), profile.records.end()), profile.records.end());
    }

    // Neighbour memberships, grouped by neighbour so that each group is both a block and the
    // degree test that keeps hubs out.
    struct Membership {
        EntityId neighbour = 0;
        std::uint8_t type = 0; // the candidate's type: persons and premises are counted apart
        NeighbourKind kind = NeighbourKind::Alias;
        std::uint32_t index = 0;
    };
    // Reserved for the most the links can give: address space only, so that the list is never
    // copied to grow. At a million reports fresh pages are the dearest memory there is (the kernel
    // clears each one), and every doubling of a big list takes as many again.
    std::vector<Membership> memberships;
    memberships.reserve(2 * snapshot.links.size());
    struct End {
        EntityId id;
        EntityType type;
    };
    for (const auto &link : snapshot.links) {
        const auto typeA = types.of(link.a);
        const auto typeB = types.of(link.b);
        if (!typeA || !typeB) {
            continue;
        }
        const End a{link.a, *typeA};
        const End b{link.b, *typeB};
        for (const auto &[candidate, other] : {std::pair{a, b}, std::pair{b, a}}) {
            if (!isCandidateType(candidate.type)) {
                continue;
            }
            auto kind = neighbourKindOf(candidate.type, other.type);
            if (!kind && candidate.type == EntityType::Person && other.type == EntityType::Person) {
                const EntityInfo *person = snapshot.findEntity(candidate.id);
                const EntityInfo *child = snapshot.findEntity(other.id);
                if (person && child && child->isChild() && !person->isChild()) {
                    kind = NeighbourKind::Child;
                }
            }
            if (!kind) {
                continue;
            }
            // A nickname co-mentioned with everyone in a report belongs only to its alias_of person.
            if (*kind == NeighbourKind::Alias &&
                std::none_of(link.evidence.begin(), link.evidence.end(),
                             [](const LinkEvidence &e) { return e.relation == "alias_of"; })) {
                continue;
            }
            if (const auto index = profileOf(candidate.id)) {
                memberships.push_back({other.id, static_cast<std::uint8_t>(candidate.type), *kind, *index});
            }
        }
    }
    std::sort(memberships.begin(), memberships.end(), [](const Membership &x, const Membership &y) {
        return std::tie(x.neighbour, x.type, x.index) < std::tie(y.neighbour, y.type, y.index);
    });
    memberships.erase(std::unique(memberships.begin(), memberships.end(),
                                  [](const Membership &x, const Membership &y) {
                                      return x.neighbour == y.neighbour && x.type == y.type && x.index == y.index;
                                  }),
                      memberships.end());
    for (const Membership &m : memberships) {
        if (m.kind == NeighbourKind::Alias) {
            if (const EntityInfo *alias = snapshot.findEntity(m.neighbour)) {
                if (std::string sound = metaphone(alias->label); !sound.empty()) {
                    profiles[m.index].nicknameSounds.push_back(std::move(sound));
                }
            }
        }
    }
    for (Profile &p : profiles) {
        std::sort(p.nicknameSounds.begin(), p.nicknameSounds.end());
        p.nicknameSounds.erase(std::unique(p.nicknameSounds.begin(), p.nicknameSounds.end()), p.nicknameSounds.end());
    }

    // Name and place blocks.
    std::vector<BlockEntry> entries;
    entries.reserve(profiles.size() * 3);
    BlockOrders orders(profiles);
    const auto enter = [&entries](std::uint64_t key, std::string_view order, std::uint32_t index) {
        entries.push_back({key, orderPrefix(order), order, index});
    };
    for (std::uint32_t i = 0; i < profiles.size(); ++i) {
        const Profile &p = profiles[i];
        const EntityType type = p.entity->type;
        const std::string dob = p.dob ? p.dob->toString() : std::string{};
        if (!p.firstKey.empty()) {
            enter(blockKey('w', type, p.lastKey), orders.byLast(p, dob), i);
            if (p.firstKey != p.lastKey) {
                enter(blockKey('w', type, p.firstKey), orders.byFirst(p, dob), i);
            }
        }
        const bool initialsBlock = !p.first.empty() && p.dob;
        const bool postcodeBlock = type == EntityType::Premises && !p.postcode.empty();
        if (initialsBlock || postcodeBlock || !p.nicknameSounds.empty()) {
            const std::string_view sorted = orders.bySortedWords(p, dob);
            if (initialsBlock) {
                // Catches typos that change a phonetic key ("jones"/"jnoes") when the birth year agrees.
                const std::string initials{std::min(p.first[0], p.last[0]), std::max(p.first[0], p.last[0])};
                enter(blockKey('i', type, initials + std::to_string(p.dob->year)), sorted, i);
            }
            if (postcodeBlock) {
                enter(blockKey('p', type, p.postcode), sorted, i);
            }
            // Nicknames written alike ("Kash" / "Cash"): two nickname entries, one sound.
            for (const std::string &sound : p.nicknameSounds) {
                enter(blockKey('n', type, sound), sorted, i);
            }
        }
    }
    std::sort(entries.begin(), entries.end());

    const auto degreeLimit = static_cast<std::size_t>(std::max(policy.maxNeighbourDegree, 0));
    const auto blockLimit = static_cast<std::size_t>(std::max(policy.maxBlockSize, 1));
    const auto window = static_cast<std::size_t>(std::max(policy.windowSize, 1));
    const auto sameNeighbour = [&memberships](std::size_t x, std::size_t y) {
        return memberships[x].neighbour == memberships[y].neighbour && memberships[x].type == memberships[y].type;
    };
    const auto sameBlock = [&entries](std::size_t x, std::size_t y) { return entries[x].key == entries[y].key; };

    // Tens of millions of pairs at a million reports: room for all of them at once, not grown by
    // doubling (each doubling copies the pairs into fresh pages the kernel must clear).
    std::size_t most = 0;
    // A nickname is a hub when many different names use it, not when one suspect known only by
    // it is in many reports; past maxAliasEntries it is left out all the same, to bound the pairs.
    const auto aliasLimit = static_cast<std::size_t>(std::max(policy.maxAliasEntries, 0));
    const auto degreeOf = [&](std::size_t begin, std::size_t end) -> std::optional<std::uint32_t> {
        const std::size_t used = end - begin;
        if (memberships[begin].kind != NeighbourKind::Alias) {
            return used <= degreeLimit ? std::optional{static_cast<std::uint32_t>(used)} : std::nullopt;
        }
        if (used > aliasLimit) {
            return std::nullopt;
        }
        const std::uint32_t names = namesUsing(profiles, memberships, begin, end);
        return names <= degreeLimit ? std::optional{names} : std::nullopt;
    };
    forEachRun(memberships.size(), sameNeighbour, [&](std::size_t begin, std::size_t end) {
        most += degreeOf(begin, end) ? (end - begin) * (end - begin - 1) / 2 : 0;
    });
    forEachRun(entries.size(), sameBlock, [&](std::size_t begin, std::size_t end) {
        most += end - begin <= blockLimit ? (end - begin) * (end - begin - 1) / 2 : 2 * (end - begin) * window;
    });
    std::vector<std::uint64_t> pairs;
    pairs.reserve(most);

    forEachRun(memberships.size(), sameNeighbour, [&](std::size_t begin, std::size_t end) {
        const auto degree = degreeOf(begin, end);
        if (!degree) {
            return;
        }
        for (std::size_t i = begin; i < end; ++i) {
            profiles[memberships[i].index].neighbours.push_back(
                {memberships[i].neighbour, memberships[i].kind, *degree});
            for (std::size_t j = i + 1; j < end; ++j) {
                pairs.push_back(packPair(memberships[i].index, memberships[j].index));
            }
        }
    });
    for (auto &profile : profiles) {
        std::sort(profile.neighbours.begin(), profile.neighbours.end(), [](const Neighbour &x, const Neighbour &y) {
            return std::tie(x.kind, x.id) < std::tie(y.kind, y.id);
        });
    }

    const auto pairWithin = [&pairs](const auto first, const auto last, std::size_t reach) {
        for (auto i = first; i != last; ++i) {
            for (auto j = i + 1; j != last && j - i <= static_cast<std::ptrdiff_t>(reach); ++j) {
                if (i->index != j->index) {
                    pairs.push_back(packPair(i->index, j->index));
                }
            }
        }
    };
    std::string reversedTexts;
    std::vector<ReversedEntry> backwards;
    forEachRun(entries.size(), sameBlock, [&](std::size_t begin, std::size_t end) {
        const auto first = entries.cbegin() + static_cast<std::ptrdiff_t>(begin);
        const auto last = entries.cbegin() + static_cast<std::ptrdiff_t>(end);
        if (end - begin <= blockLimit) {
            pairWithin(first, last, end - begin);
            return;
        }
        pairWithin(first, last, window);
        reversedTexts.clear();
        for (auto entry = first; entry != last; ++entry) {
            reversedTexts.append(entry->order.rbegin(), entry->order.rend());
        }
        backwards.clear();
        std::size_t at = 0;
        for (auto entry = first; entry != last; ++entry) {
            const std::string_view reversed = std::string_view(reversedTexts).substr(at, entry->order.size());
            at += entry->order.size();
            backwards.push_back({orderPrefix(reversed), reversed, entry->index});
        }
        std::sort(backwards.begin(), backwards.end());
        pairWithin(backwards.cbegin(), backwards.cend(), window);
    });
    sortUniquePairs(pairs, static_cast<std::uint32_t>(profiles.size()));

    // Fingerprints, to remember this search by and to see which profiles an earlier one saw.
    std::vector<std::uint64_t> prints;
    if (earlier != nullptr || learnt != nullptr) {
        prints.reserve(profiles.size());
        for (const Profile &p : profiles) {
            prints.push_back(fingerprint(p));
        }
    }
    Recall recall(earlier, policy, profileIds, prints);

    // Score every pair without words (or take its score from the memo), keep the best, then
    // word only those. Under the match model a person pair's outcome is its pattern of levels,
    // weighed once the model has been estimated from all of them.
    const PairScorer scorer(snapshot, policy);
    const bool modelled = policy.model == SuggestionPolicy::Model::FellegiSunter;
    if (modelled) {
        weighNamesByFrequency(profiles);
    }
    struct Scored {
        double score;
        EntityId a;
        EntityId b;
        std::uint64_t pair;
        std::uint32_t pattern;
    };
    // Vehicles come worded already: there are few, and their evidence is cheap.
    std::vector<MergeSuggestion> vehicles = detail::suggestPartialMarks(snapshot, policy, types);
    std::vector<Scored> scored;
    scored.reserve(vehicles.size() + pairs.size() / 4); // a fraction of the pairs score
    // Profile indices are 32-bit halves, so the top bit is free to mark an index into vehicles.
    constexpr std::uint64_t kVehicle = std::uint64_t{1} << 63;
    for (std::size_t i = 0; i < vehicles.size(); ++i) {
        scored.push_back({vehicles[i].score, vehicles[i].a, vehicles[i].b, kVehicle | i, 0});
    }
    std::vector<std::uint32_t> patterns; // of the person pairs, parallel to pairs; kNoPattern when vetoed
    if (modelled) {
        patterns.assign(pairs.size(), kNoPattern);
    }
    match::PatternCounts candidateCounts;
    std::vector<double> outcomes; // for the memo: each pair's that scored, in the pairs' order
    // Pairs are sorted, so a pair's first profile is read in order and its second at random: at a
    // million reports nearly every second profile, and the record list behind it, is a cache miss
    // that stalls the scoring. Fetch them a few pairs ahead, the profile first and its lists later
    // (not for pairs the memo will answer: they need only `before`, fetched further ahead).
    constexpr std::size_t kMemoAhead = 32;
    constexpr std::size_t kProfileAhead = 16;
    constexpr std::size_t kListsAhead = 8;
    const auto second = [&profiles](std::uint64_t pair) -> const Profile & { return profiles[pair & 0xffffffffU]; };
    std::size_t reused = 0;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        if (k + kMemoAhead < pairs.size()) {
            recall.prefetch(pairs[k + kMemoAhead]);
        }
        if (k + kProfileAhead < pairs.size() && !recall.mayKnow(pairs[k + kProfileAhead])) {
            prefetchProfile(second(pairs[k + kProfileAhead]));
        }
        if (k + kListsAhead < pairs.size() && !recall.mayKnow(pairs[k + kListsAhead])) {
            prefetchLists(second(pairs[k + kListsAhead]));
        }
        const std::uint64_t pair = pairs[k];
        const Profile &a = profiles[pair >> 32];
        const bool person = modelled && a.entity->type == EntityType::Person;
        std::optional<double> outcome = recall.outcome(pair);
        if (outcome) {
            ++reused;
        } else if (person) {
            const auto pattern = comparePersons(a, second(pair), policy);
            outcome = pattern ? static_cast<double>(pattern->bits) : -1.0;
        } else {
            const auto suggestion = scorer.score(a, second(pair), false);
            outcome = suggestion ? suggestion->score : -1.0;
        }
        if (*outcome >= 0.0) {
            if (person) {
                patterns[k] = static_cast<std::uint32_t>(*outcome);
                candidateCounts[match::Pattern{patterns[k]}.levels()] += 1.0;
            } else {
                scored.push_back({*outcome, a.id, second(pair).id, pair, 0});
            }
            if (learnt != nullptr) {
                outcomes.push_back(*outcome);
            }
        }
        if (learnt != nullptr) {
            pairs[k] = *outcome >= 0.0 ? pair | kScored : pair;
        }
    }
    match::MatchModel model;
    Weighing weighing;
    if (modelled) {
        const auto persons = static_cast<double>(personCount(profiles));
        model = match::estimateModel(candidateCounts, randomPatternCounts(profiles, policy),
                                     0.5 * persons * std::max(persons - 1.0, 0.0));
        weighing = {&model, persons, policy.uncorroboratedNicknameCap};
        for (std::size_t k = 0; k < pairs.size(); ++k) {
            if (patterns[k] == kNoPattern) {
                continue;
            }
            const std::uint64_t pair = pairs[k] & ~kScored;
            const match::Pattern pattern{patterns[k]};
            const double p = probabilityOf(pattern, profiles[pair >> 32], second(pair), weighing);
            if (p >= policy.minScore) {
                scored.push_back({p, profiles[pair >> 32].id, second(pair).id, pair, patterns[k]});
            }
        }
        std::vector<std::uint32_t>().swap(patterns);
    }
    SuggestionMemo made;
    if (learnt != nullptr) {
        made.policy = policy;
        made.ids = std::move(profileIds); // read no more: the index over it holds its own slots
        made.fingerprints = std::move(prints);
        made.scores = std::move(outcomes);
        made.reusedPairs = reused;
        made.scoredPairs = pairs.size() - reused;
        made.pairs = std::move(pairs);
    }
    std::vector<std::uint64_t>().swap(pairs);
    const auto better = [](const Scored &x, const Scored &y) {
        if (x.score != y.score) {
            return x.score > y.score;
        }
        return std::tie(x.a, x.b) < std::tie(y.a, y.b);
    };
    std::size_t keep = scored.size();
    if (policy.maxSuggestions > 0 && scored.size() > static_cast<std::size_t>(policy.maxSuggestions)) {
        keep = static_cast<std::size_t>(policy.maxSuggestions);
        std::nth_element(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(), better);
        scored.resize(keep);
    }
    std::sort(scored.begin(), scored.end(), better);
    std::vector<MergeSuggestion> suggestions;
    suggestions.reserve(scored.size());
    for (const Scored &kept : scored) {
        if ((kept.pair & kVehicle) != 0) {
            suggestions.push_back(std::move(vehicles[kept.pair & ~kVehicle]));
            continue;
        }
        const Profile &a = profiles[kept.pair >> 32];
        if (modelled && a.entity->type == EntityType::Person) {
            suggestions.push_back(
                explainPersons(match::Pattern{kept.pattern}, a, profiles[kept.pair & 0xffffffffU], weighing, snapshot));
            continue;
        }
        // Scored again with words: the same score, whether the memo gave it or not.
        if (auto worded = scorer.score(profiles[kept.pair >> 32], profiles[kept.pair & 0xffffffffU], true)) {
            suggestions.push_back(std::move(*worded));
        }
    }
    if (learnt != nullptr) {
        *learnt = std::move(made); // last: `earlier` may be the same memo
    }
    return suggestions;
}

} // namespace harbour::analysis

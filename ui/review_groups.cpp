#include "review_groups.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace harbour::ui {

namespace {

/// Union-find over the identities the review pairs touch, by index into Identities::identities.
class Components {
public:
    std::size_t add(std::size_t identity)
    {
        const auto [it, fresh] = m_slot.try_emplace(identity, m_parent.size());
        if (fresh) {
            m_parent.push_back(it->second);
            m_identity.push_back(identity);
        }
        return it->second;
    }

    std::size_t find(std::size_t slot)
    {
        while (m_parent[slot] != slot) {
            m_parent[slot] = m_parent[m_parent[slot]];
            slot = m_parent[slot];
        }
        return slot;
    }

    void unite(std::size_t a, std::size_t b) { m_parent[find(a)] = find(b); }
    std::size_t size() const { return m_parent.size(); }
    std::size_t identity(std::size_t slot) const { return m_identity[slot]; }

private:
    std::unordered_map<std::size_t, std::size_t> m_slot;
    std::vector<std::size_t> m_parent;
    std::vector<std::size_t> m_identity;
};

std::vector<ReviewGroup> candidateGroups(const analysis::Identities &identities,
                                         const std::vector<analysis::MergeSuggestion> &review)
{
    const auto indexOf = [&identities](EntityId entity) -> std::optional<std::size_t> {
        const auto *identity = identities.of(entity);
        if (identity == nullptr) {
            return std::nullopt;
        }
        return static_cast<std::size_t>(identity - identities.identities.data());
    };
    Components components;
    std::vector<std::pair<std::size_t, std::size_t>> pairSlots(review.size(), {SIZE_MAX, SIZE_MAX});
    for (std::size_t p = 0; p < review.size(); ++p) {
        const auto a = indexOf(review[p].a);
        const auto b = indexOf(review[p].b);
        if (!a || !b) {
            continue; // an entry merged away since the pairs were scored
        }
        pairSlots[p] = {components.add(*a), components.add(*b)};
        components.unite(pairSlots[p].first, pairSlots[p].second);
    }
    std::unordered_map<std::size_t, std::size_t> groupOfRoot;
    std::vector<ReviewGroup> groups;
    const auto groupOf = [&](std::size_t slot) -> ReviewGroup & {
        const auto [it, fresh] = groupOfRoot.try_emplace(components.find(slot), groups.size());
        if (fresh) {
            groups.emplace_back();
        }
        return groups[it->second];
    };
    for (std::size_t slot = 0; slot < components.size(); ++slot) {
        groupOf(slot).identities.push_back(components.identity(slot));
    }
    // The review pairs come best first, so each group's first pair is its best.
    for (std::size_t p = 0; p < review.size(); ++p) {
        if (pairSlots[p].first != SIZE_MAX) {
            groupOf(pairSlots[p].first).pairs.push_back(p);
        }
    }
    for (auto &group : groups) {
        std::sort(group.identities.begin(), group.identities.end());
        for (const auto i : group.identities) {
            const auto &entries = identities.identities[i].entities;
            group.entities.insert(group.entities.end(), entries.begin(), entries.end());
        }
        std::sort(group.entities.begin(), group.entities.end());
        group.kind = ReviewGroup::Kind::Candidate;
        group.type = review[group.pairs.front()].type;
        group.score = review[group.pairs.front()].score;
    }
    std::stable_sort(groups.begin(), groups.end(), [](const ReviewGroup &x, const ReviewGroup &y) {
        return x.score != y.score ? x.score > y.score : x.entities.front() < y.entities.front();
    });
    return groups;
}

} // namespace

std::vector<ReviewGroup> reviewGroups(const analysis::Identities &identities,
                                      const std::vector<analysis::MergeSuggestion> &review)
{
    auto groups = candidateGroups(identities, review);
    std::vector<bool> inCandidate(identities.identities.size(), false);
    for (const auto &group : groups) {
        for (const auto i : group.identities) {
            inCandidate[i] = true;
        }
    }
    std::vector<ReviewGroup> automatic;
    std::vector<ReviewGroup> confirmed;
    for (std::size_t i = 0; i < identities.identities.size(); ++i) {
        const auto &identity = identities.identities[i];
        if (inCandidate[i] || identity.entities.size() < 2) {
            continue;
        }
        ReviewGroup group;
        group.kind = identity.automatic ? ReviewGroup::Kind::Automatic : ReviewGroup::Kind::Confirmed;
        group.type = identity.type;
        group.identities = {i};
        group.entities = identity.entities;
        group.score = identity.probability;
        (identity.automatic ? automatic : confirmed).push_back(std::move(group));
    }
    std::stable_sort(automatic.begin(), automatic.end(),
                     [](const ReviewGroup &x, const ReviewGroup &y) { return x.score < y.score; });
    groups.insert(groups.end(), std::make_move_iterator(automatic.begin()), std::make_move_iterator(automatic.end()));
    groups.insert(groups.end(), std::make_move_iterator(confirmed.begin()), std::make_move_iterator(confirmed.end()));
    return groups;
}

} // namespace harbour::ui

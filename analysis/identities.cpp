#include "harbour/analysis/identities.h"

#include "person_evidence.h"

#include "harbour/analysis/analysis_policy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>

namespace harbour::analysis {
namespace {

using Pair = std::pair<EntityId, EntityId>;

Pair ordered(EntityId a, EntityId b)
{
    return a < b ? Pair{a, b} : Pair{b, a};
}

std::vector<EntityId> entitiesNamedBy(const std::string &object)
{
    std::istringstream in(object);
    std::string word;
    std::vector<EntityId> ids;
    if (!(in >> word) || word != "entities") {
        return ids;
    }
    for (EntityId id = 0; in >> id;) {
        ids.push_back(id);
    }
    return ids;
}

template <typename Visit>
void forEachPair(const std::vector<EntityId> &ids, Visit visit)
{
    for (std::size_t i = 0; i < ids.size(); ++i) {
        for (std::size_t j = i + 1; j < ids.size(); ++j) {
            if (ids[i] != ids[j]) {
                visit(ordered(ids[i], ids[j]));
            }
        }
    }
}

/// The decisions folded into what holds now: the groups confirmed and the pairs kept apart.
struct Standing {
    std::vector<std::vector<EntityId>> confirmed;
    std::set<Pair> notSame;
    std::vector<std::string> confirmedReasons; ///< parallel to confirmed
};

Standing standingOf(const std::vector<IdentityDecision> &decisions)
{
    Standing standing;
    const auto undoConfirmationsJoining = [&standing](const std::vector<EntityId> &ids, std::size_t atLeast) {
        for (std::size_t g = standing.confirmed.size(); g-- > 0;) {
            const auto &group = standing.confirmed[g];
            const auto inside = std::count_if(group.begin(), group.end(), [&](EntityId id) {
                return std::find(ids.begin(), ids.end(), id) != ids.end();
            });
            if (static_cast<std::size_t>(inside) >= atLeast) {
                standing.confirmed.erase(standing.confirmed.begin() + static_cast<std::ptrdiff_t>(g));
                standing.confirmedReasons.erase(standing.confirmedReasons.begin() + static_cast<std::ptrdiff_t>(g));
            }
        }
    };
    for (const auto &decision : decisions) {
        switch (decision.kind) {
        case IdentityDecision::Kind::Confirm:
            forEachPair(decision.entities, [&](Pair pair) { standing.notSame.erase(pair); });
            standing.confirmed.push_back(decision.entities);
            standing.confirmedReasons.push_back(decision.reason);
            break;
        case IdentityDecision::Kind::NotSame:
        case IdentityDecision::Kind::Split:
            forEachPair(decision.entities, [&](Pair pair) { standing.notSame.insert(pair); });
            undoConfirmationsJoining(decision.entities, 2);
            break;
        }
    }
    return standing;
}

/// What an entry says of itself that another entry of the same identity must not contradict.
struct Facts {
    char gender = 0;
    std::optional<PartialDate> dob;
    std::vector<RecordRowId> records; ///< sorted: the records naming it
};

class Resolver {
public:
    Resolver(const GraphSnapshot &snapshot, const Standing &standing) : m_snapshot(snapshot), m_standing(standing)
    {
        const auto n = snapshot.entities.size();
        m_parent.resize(n);
        std::iota(m_parent.begin(), m_parent.end(), std::size_t{0});
        m_members.resize(n);
        m_state.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            m_members[i] = {i};
            m_index.emplace(snapshot.entities[i].id, i);
        }
    }

    std::optional<std::size_t> indexOf(EntityId id) const
    {
        const auto it = m_index.find(id);
        return it == m_index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }

    std::size_t find(std::size_t i)
    {
        while (m_parent[i] != i) {
            m_parent[i] = m_parent[m_parent[i]];
            i = m_parent[i];
        }
        return i;
    }

    void confirm(const std::vector<EntityId> &ids, const std::string &reason)
    {
        std::optional<std::size_t> first;
        for (const EntityId id : ids) {
            const auto i = indexOf(id);
            if (!i) {
                continue; // merged away or outside the window
            }
            if (!first) {
                first = i;
                continue;
            }
            unite(*first, *i);
        }
        if (first) {
            auto &state = m_state[find(*first)];
            state.confirmed = true;
            state.reasons.push_back("confirmed by an analyst: " + (reason.empty() ? std::string("no reason given") : reason));
        }
    }

    /// Joins the pair's identities unless an entry of one contradicts an entry of the other.
    void joinAutomatically(const MergeSuggestion &pair)
    {
        const auto a = indexOf(pair.a);
        const auto b = indexOf(pair.b);
        if (!a || !b) {
            return;
        }
        const auto ra = find(*a);
        const auto rb = find(*b);
        if (ra == rb) {
            return;
        }
        if (const auto conflict = conflictBetween(ra, rb)) {
            const std::string why = "#" + std::to_string(pair.a) + " and #" + std::to_string(pair.b) +
                                    " not joined (score " + rounded(pair.score) + "): " + *conflict;
            m_state[ra].reasons.push_back(why);
            m_state[rb].reasons.push_back(why);
            return;
        }
        std::string why = "#" + std::to_string(pair.a) + " and #" + std::to_string(pair.b) + " joined automatically (score " +
                          rounded(pair.score) + ")";
        for (std::size_t k = 0; k < pair.evidence.size(); ++k) {
            why += (k == 0 ? ": " : "; ") + pair.evidence[k].detail;
        }
        const auto root = unite(ra, rb);
        auto &state = m_state[root];
        state.automatic = true;
        state.weakest = std::min(state.weakest, pair.score);
        state.reasons.push_back(std::move(why));
    }

    bool together(EntityId a, EntityId b)
    {
        const auto i = indexOf(a);
        const auto j = indexOf(b);
        return i && j && find(*i) == find(*j);
    }

    std::vector<Identity> identities()
    {
        std::vector<Identity> out;
        for (std::size_t i = 0; i < m_parent.size(); ++i) {
            if (find(i) != i) {
                continue;
            }
            const auto &state = m_state[i];
            Identity identity;
            const EntityInfo *named = nullptr;
            for (const auto member : m_members[i]) {
                const auto &entity = m_snapshot.entities[member];
                identity.entities.push_back(entity.id);
                if (!named || betterLabel(entity, *named)) {
                    named = &entity;
                }
            }
            std::sort(identity.entities.begin(), identity.entities.end());
            identity.id = "I" + std::to_string(identity.entities.front());
            identity.type = named->type;
            identity.label = named->label;
            identity.automatic = state.automatic;
            identity.confirmed = state.confirmed;
            identity.probability = state.confirmed || !state.automatic ? 1.0 : state.weakest;
            identity.reasons = state.reasons;
            out.push_back(std::move(identity));
        }
        std::sort(out.begin(), out.end(),
                  [](const Identity &x, const Identity &y) { return x.entities.front() < y.entities.front(); });
        return out;
    }

private:
    struct State {
        bool automatic = false;
        bool confirmed = false;
        double weakest = 1.0;
        std::vector<std::string> reasons;
    };

    static std::string rounded(double score)
    {
        std::ostringstream out;
        out.precision(2);
        out << std::fixed << score;
        return out.str();
    }

    /// A named entry over "Unknown (...)", then the one in most records, then the lowest id.
    static bool betterLabel(const EntityInfo &x, const EntityInfo &y)
    {
        const bool xNamed = x.label.rfind("Unknown (", 0) != 0;
        const bool yNamed = y.label.rfind("Unknown (", 0) != 0;
        if (xNamed != yNamed) {
            return xNamed;
        }
        if (x.recordCount != y.recordCount) {
            return x.recordCount > y.recordCount;
        }
        return x.id < y.id;
    }

    const Facts &factsOf(std::size_t i)
    {
        if (m_facts.empty()) {
            // Built on the first join: the records naming each entry, from the mentions.
            m_facts.resize(m_snapshot.entities.size());
            for (std::size_t k = 0; k < m_snapshot.entities.size(); ++k) {
                const auto &entity = m_snapshot.entities[k];
                m_facts[k].gender = genderOf(entity.attribute("gender"));
                if (const auto dob = entity.attribute("dob"); !dob.empty()) {
                    m_facts[k].dob = parsePartialDate(dob);
                }
            }
            for (const auto &mention : m_snapshot.mentions) {
                if (const auto k = indexOf(mention.entity)) {
                    m_facts[*k].records.push_back(mention.record);
                }
            }
            for (auto &facts : m_facts) {
                std::sort(facts.records.begin(), facts.records.end());
                facts.records.erase(std::unique(facts.records.begin(), facts.records.end()), facts.records.end());
            }
        }
        return m_facts[i];
    }

    std::optional<std::string> conflictBetween(std::size_t ra, std::size_t rb)
    {
        for (const auto x : m_members[ra]) {
            for (const auto y : m_members[rb]) {
                const auto idX = m_snapshot.entities[x].id;
                const auto idY = m_snapshot.entities[y].id;
                if (m_standing.notSame.contains(ordered(idX, idY))) {
                    return "an analyst said #" + std::to_string(idX) + " and #" + std::to_string(idY) + " are not the same";
                }
                const Facts &fx = factsOf(x);
                const Facts &fy = factsOf(y);
                if (fx.gender != 0 && fy.gender != 0 && fx.gender != fy.gender) {
                    return "#" + std::to_string(idX) + " and #" + std::to_string(idY) + " are of different genders";
                }
                if (fx.dob && fy.dob && fx.dob->isFull() && fy.dob->isFull() &&
                    compareDobs(*fx.dob, *fy.dob) == DobOutcome::Conflicts) {
                    return "#" + std::to_string(idX) + " and #" + std::to_string(idY) +
                           " have dates of birth further apart than a slip";
                }
                if (sharesRecord(fx.records, fy.records)) {
                    return "#" + std::to_string(idX) + " and #" + std::to_string(idY) + " are named in one record";
                }
            }
        }
        return std::nullopt;
    }

    std::size_t unite(std::size_t a, std::size_t b)
    {
        auto ra = find(a);
        auto rb = find(b);
        if (ra == rb) {
            return ra;
        }
        if (m_members[ra].size() < m_members[rb].size()) {
            std::swap(ra, rb);
        }
        m_parent[rb] = ra;
        m_members[ra].insert(m_members[ra].end(), m_members[rb].begin(), m_members[rb].end());
        m_members[rb].clear();
        m_members[rb].shrink_to_fit();
        auto &kept = m_state[ra];
        auto &gone = m_state[rb];
        kept.automatic = kept.automatic || gone.automatic;
        kept.confirmed = kept.confirmed || gone.confirmed;
        kept.weakest = std::min(kept.weakest, gone.weakest);
        kept.reasons.insert(kept.reasons.end(), std::make_move_iterator(gone.reasons.begin()),
                            std::make_move_iterator(gone.reasons.end()));
        gone = {};
        return ra;
    }

    const GraphSnapshot &m_snapshot;
    const Standing &m_standing;
    std::vector<std::size_t> m_parent;
    std::vector<std::vector<std::size_t>> m_members;
    std::vector<State> m_state;
    std::vector<Facts> m_facts;
    std::unordered_map<EntityId, std::size_t> m_index;
};

} // namespace

std::vector<IdentityDecision> identityDecisions(const std::vector<AuditEntry> &log)
{
    std::vector<IdentityDecision> decisions;
    for (const auto &entry : log) {
        IdentityDecision decision;
        if (entry.action == kAuditIdentityConfirmed) {
            decision.kind = IdentityDecision::Kind::Confirm;
        } else if (entry.action == kAuditIdentitySplit) {
            decision.kind = IdentityDecision::Kind::Split;
        } else if (entry.action == kAuditMergeRejected) {
            decision.kind = IdentityDecision::Kind::NotSame;
        } else {
            continue;
        }
        decision.entities = entitiesNamedBy(entry.object);
        decision.reason = entry.detail;
        if (decision.entities.size() >= 2 || decision.kind == IdentityDecision::Kind::Confirm) {
            decisions.push_back(std::move(decision));
        }
    }
    return decisions;
}

IdentityPolicy identityPolicyOf(const AnalysisPolicy &policy)
{
    IdentityPolicy out;
    out.automatic = policy.identityAutomatic;
    out.suggestions.minScore = policy.identityReview;
    // A nickname alone never joins, whatever the threshold.
    out.suggestions.uncorroboratedNicknameCap =
        std::min(out.suggestions.uncorroboratedNicknameCap, std::max(policy.identityAutomatic - 0.01, 0.0));
    return out;
}

std::string identityDecisionObject(const std::vector<EntityId> &entities)
{
    std::string object = "entities";
    for (const EntityId id : entities) {
        object += " " + std::to_string(id);
    }
    return object;
}

const Identity *Identities::find(std::string_view id) const
{
    if (id.size() < 2 || id.front() != 'I') {
        return nullptr;
    }
    EntityId entity = 0;
    for (const char c : id.substr(1)) {
        if (c < '0' || c > '9') {
            return nullptr;
        }
        entity = entity * 10 + (c - '0');
    }
    const Identity *found = of(entity);
    return found && found->id == id ? found : nullptr;
}

void Identities::index()
{
    m_of.clear();
    for (std::size_t i = 0; i < identities.size(); ++i) {
        for (const EntityId id : identities[i].entities) {
            m_of.emplace(id, i);
        }
    }
}

const Identity *Identities::of(EntityId entity) const
{
    const auto it = m_of.find(entity);
    return it == m_of.end() ? nullptr : &identities[it->second];
}

Identities resolveIdentities(const GraphSnapshot &snapshot, const std::vector<MergeSuggestion> &scored,
                             const std::vector<IdentityDecision> &decisions, const IdentityPolicy &policy)
{
    const Standing standing = standingOf(decisions);
    Resolver resolver(snapshot, standing);
    for (std::size_t g = 0; g < standing.confirmed.size(); ++g) {
        resolver.confirm(standing.confirmed[g], standing.confirmedReasons[g]);
    }
    std::vector<const MergeSuggestion *> strongestFirst;
    for (const auto &pair : scored) {
        strongestFirst.push_back(&pair);
    }
    std::stable_sort(strongestFirst.begin(), strongestFirst.end(),
                     [](const MergeSuggestion *x, const MergeSuggestion *y) { return x->score > y->score; });
    for (const auto *pair : strongestFirst) {
        if (pair->score < policy.automatic) {
            break;
        }
        if (!standing.notSame.contains(ordered(pair->a, pair->b))) {
            resolver.joinAutomatically(*pair);
        }
    }

    Identities out;
    out.identities = resolver.identities();
    out.index();
    for (const auto *pair : strongestFirst) {
        if (pair->score >= policy.suggestions.minScore && !resolver.together(pair->a, pair->b) &&
            !standing.notSame.contains(ordered(pair->a, pair->b))) {
            out.review.push_back(*pair);
        }
    }
    return out;
}

Identities resolveIdentities(const GraphSnapshot &snapshot, const std::vector<IdentityDecision> &decisions,
                             const IdentityPolicy &policy)
{
    return resolveIdentities(snapshot, suggestMerges(snapshot, policy.suggestions), decisions, policy);
}

nlohmann::json toJson(const Identity &identity)
{
    return {{"id", identity.id},
            {"type", std::string(toString(identity.type))},
            {"label", identity.label},
            {"entities", identity.entities},
            {"automatic", identity.automatic},
            {"confirmed", identity.confirmed},
            {"probability", std::round(identity.probability * 1000.0) / 1000.0},
            {"reasons", identity.reasons}};
}

} // namespace harbour::analysis

#pragma once

#include "harbour/analysis/suggestions.h"
#include "harbour/snapshot.h"
#include "harbour/store.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

/// Identities: the sets of entity entries Harbour holds to be one person, one premises or one
/// vehicle. Exact keys at import make the entries; above them, pairs whose who-is-who score
/// reaches the automatic threshold are joined with no analyst action, strongest first, and a
/// join that would put conflicting entries in one identity (two full dates of birth further
/// apart than a slip, male and female, two entries named in one record, a pair an analyst said
/// are not the same) is refused: the identity is split at its weakest link. Pairs in the review
/// band go to the analyst (`harbour suggest`), who has the last word: confirm, not the same, split.
namespace harbour::analysis {

/// The analyst's decisions, in the order they were made. A confirmation joins its entries
/// whatever the model says; "not the same" keeps two entries apart for good; a split takes an
/// identity apart into its entries (each pair in it becomes "not the same") and undoes the
/// confirmations that joined any of them. A later confirmation undoes an earlier "not the same".
struct IdentityDecision {
    enum class Kind { Confirm, NotSame, Split };
    Kind kind = Kind::Confirm;
    std::vector<EntityId> entities;
    std::string reason;
};

/// The decisions recorded in an audit log (identity_confirm, identity_split, merge_rejected),
/// oldest first. Entries that do not name entities are skipped.
std::vector<IdentityDecision> identityDecisions(const std::vector<AuditEntry> &log);

/// What an audit entry of a decision names: "entities 12 40 97".
std::string identityDecisionObject(const std::vector<EntityId> &entities);

struct IdentityPolicy {
    /// Pairs scoring this or more are joined with no analyst action. Chosen for precision of
    /// at least 0.98 on the generator's truth (docs/who-is-who.md, "Identities").
    double automatic = 0.80;
    /// The scorer, and its minScore: the review band's floor. No limit on how many pairs: an
    /// identity needs every pair above the threshold, not the first screenful.
    SuggestionPolicy suggestions = everyPair();

    static SuggestionPolicy everyPair()
    {
        SuggestionPolicy policy;
        policy.maxSuggestions = 0;
        return policy;
    }
};

/// The thresholds of an analysis policy (its "identities" object).
IdentityPolicy identityPolicyOf(const struct AnalysisPolicy &policy);

struct Identity {
    std::string id; ///< "I" and the smallest entity id in it: stable while that entry stays
    EntityType type = EntityType::Person;
    std::string label;
    std::vector<EntityId> entities; ///< ascending
    bool automatic = false;         ///< holds entries the model joined with no analyst action
    bool confirmed = false;         ///< an analyst confirmed (some of) its entries as one
    double probability = 1.0;       ///< the weakest automatic join's score; 1 for one entry or confirmed
    std::vector<std::string> reasons;
};

struct Identities {
    std::vector<Identity> identities; ///< by the number in their id
    /// Pairs in the review band that the identities did not join, best first: `harbour suggest`.
    std::vector<MergeSuggestion> review;

    const Identity *find(std::string_view id) const;
    /// The identity an entity belongs to; nullptr for an entity not in the snapshot.
    const Identity *of(EntityId entity) const;

    /// Makes of() answer for `identities` as they now are.
    void index();

private:
    std::unordered_map<EntityId, std::size_t> m_of;
};

/// Every entity of the snapshot in exactly one identity. `scored`: the who-is-who pairs (all of
/// them down to the review floor: suggestMerges with maxSuggestions 0). Time: O(n + p log p +
/// p a) for n entities, p pairs and a the size of the larger identity a join checks.
Identities resolveIdentities(const GraphSnapshot &snapshot, const std::vector<MergeSuggestion> &scored,
                             const std::vector<IdentityDecision> &decisions, const IdentityPolicy &policy = {});

/// The same, scoring the pairs itself.
Identities resolveIdentities(const GraphSnapshot &snapshot, const std::vector<IdentityDecision> &decisions,
                             const IdentityPolicy &policy = {});

/// {"id", "type", "label", "entities", "automatic", "confirmed", "probability", "reasons"}
nlohmann::json toJson(const Identity &identity);

} // namespace harbour::analysis

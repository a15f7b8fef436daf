#pragma once

// Private to harbour_analysis: what a person or premises entry is compared on, for the who-is-who
// scorers (the match model, match_compare.cpp, and the hand-weighted peer, hand_scorer.cpp).

#include "harbour/dates.h"
#include "harbour/snapshot.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace harbour::analysis::detail
{

// The order evidence of shared neighbours is listed in.
/// Child: a child a person (not a child themself) is linked to. Two nickname-only entries that
/// abuse the same child are likelier one suspect (issue 24, "Nicknames").
enum class NeighbourKind : std::uint8_t { Alias, Phone, Account, Vehicle, Place, Premises, Child };
constexpr std::size_t kNeighbourKinds = 7;

struct Neighbour {
    EntityId id = 0;
    NeighbourKind kind = NeighbourKind::Alias;
    std::uint32_t degree = 0; ///< how many candidates of the type it is linked to
};

/// What one candidate entity is compared on, computed once so that each pair costs only
/// string comparisons.
struct Profile {
    // Hot: read for every candidate pair, so kept together at the front (a pair's second
    // profile is a cache miss; the fewer lines it spans, the cheaper the search).
    EntityId id = 0;
    const EntityInfo *entity = nullptr;
    bool merged = false; ///< entity->mergedFrom is not empty
    char gender = 0;     ///< 'f', 'm' or 0 when unknown or other
    int words = 0;
    std::optional<PartialDate> dob;
    std::string first;
    std::string last;
    std::string firstKey; ///< NYSIIS of first and last
    std::string lastKey;
    std::string joined;                ///< the words without spaces, for names split or joined differently
    std::vector<Neighbour> neighbours; ///< sorted by (kind, id); hubs left out
    std::vector<RecordRowId> records;  ///< sorted
    // Cold: only for pairs that pass the name gate.
    std::string name; ///< normalised; empty for persons known only by alias
    std::string address;
    std::string postcode;
    std::string district;
    // The match model's extras (persons).
    std::string firstSound; ///< Metaphone of first and last
    std::string lastSound;
    std::string addressPostcode;             ///< the postcode attribute, or the one inside the address
    double firstShare = 1.0;                 ///< how common the first word is among forenames (term frequency)
    double lastShare = 1.0;                  ///< ... and the last among surnames
    std::vector<std::string> nicknameSounds; ///< Metaphone of each alias_of nickname, sorted
};

/// Splits normalised text into words; with dropFiller, trading-name filler (the, and, ltd) goes.
std::vector<std::string> splitWords(const std::string &text, bool dropFiller);

Profile makeProfile(const EntityInfo &entity);

/// Everything a scorer reads of a profile but its id, which the memo keys pairs by: a field added
/// to Profile and read by a scorer must be folded in here too.
std::uint64_t fingerprint(const Profile &p);

bool isCandidateType(EntityType type);

/// What a link from a candidate to `other` makes of `other`, or nullopt when it is no evidence.
std::optional<NeighbourKind> neighbourKindOf(EntityType candidate, EntityType other);

std::string labelOf(const GraphSnapshot &snapshot, EntityId id);
/// "'a', 'b' and 'c'" (quoted) or "a, b and c".
std::string listLabels(const GraphSnapshot &snapshot, const std::vector<EntityId> &ids, bool quoted);

} // namespace harbour::analysis::detail

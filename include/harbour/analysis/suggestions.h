#pragma once

#include "harbour/snapshot.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harbour::analysis {

/// One reason for or against two entities being the same. docs/who-is-who.md explains each.
enum class SuggestionEvidenceKind {
    NameSimilarity,   ///< "name_similarity": Jaro-Winkler on normalised names, either word order
    PhoneticName,     ///< "phonetic_name": forename and surname sound alike (NYSIIS)
    DobAgrees,        ///< "dob_agrees": the same full date of birth
    DobPartialAgrees, ///< "dob_partial_agrees": a partial date of birth compatible with the other
    DobConflicts,     ///< "dob_conflicts": dates of birth that cannot both be true
    SharedAlias,      ///< "shared_alias": both alias_of the same nickname
    SharedPhone,      ///< "shared_phone"
    SharedAddress,    ///< "shared_address": same normalised address, or both linked to one place
    SharedVehicle,    ///< "shared_vehicle"
    SharedAccount,    ///< "shared_account"
    SamePostcode,     ///< "same_postcode": the same postcode (or, weaker, the same district)
    PartialMark,      ///< "partial_mark": a partial registration mark that fits a full one
    VehicleDetails,   ///< "vehicle_details": make and colour agree (or, negative, conflict)
    SharedPerson,     ///< "shared_person": both vehicles linked to the same person
    Gender,           ///< "gender": the match model's gender comparison (agrees or differs)
    SharedPremises,   ///< "shared_premises": both persons linked to the same premises
    Prior,            ///< "prior": the match model's starting weight, before any comparison
};

/// "name_similarity", "phonetic_name", ... as listed on SuggestionEvidenceKind.
std::string_view toString(SuggestionEvidenceKind kind);

struct SuggestionEvidence {
    SuggestionEvidenceKind kind = SuggestionEvidenceKind::NameSimilarity;
    std::string detail;        ///< in words, for the analyst: "names 'amy jones' and 'amy jnoes' are 97% alike"
    double contribution = 0.0; ///< what it added to the score; negative when it counts against
    bool operator==(const SuggestionEvidence &) const = default;
};

/// Two entities that may be the same, for an analyst to confirm or reject. Never merged automatically.
struct MergeSuggestion {
    EntityId a = 0; ///< a < b
    EntityId b = 0;
    EntityType type = EntityType::Person;
    /// In [0, 1]. Persons (match model): the match probability, whose evidence contributions are
    /// match weights in bits (log2 of a likelihood ratio) that sum, prior first, to its log-odds.
    /// Premises, vehicles and the hand-weighted peer: the contributions summed and clamped.
    double score = 0.0;
    std::vector<SuggestionEvidence> evidence; ///< in a fixed order: name, dob, neighbours, postcode
    bool operator==(const MergeSuggestion &) const = default;
};

/// What each piece of evidence weighs, and how hard the search looks. Defaults are the
/// calibrated values documented in docs/who-is-who.md.
struct SuggestionPolicy {
    double minScore = 0.5; ///< suggestions scoring below are dropped

    /// How persons are scored: the Fellegi-Sunter match model (docs/who-is-who.md, "The match
    /// model"), or the hand-weighted sums below, kept as its peer. Premises are hand-weighted.
    enum class Model { FellegiSunter, HandWeighted };
    Model model = Model::FellegiSunter;
    /// The match model holds a pair whose only evidence is a shared nickname at or below this
    /// probability: below the automatic threshold (identityPolicyOf keeps it so), so that a
    /// nickname alone never joins.
    double uncorroboratedNicknameCap = 0.75;
    /// Random pairs of persons drawn for the u probabilities (fewer when there are fewer pairs).
    int randomPairs = 200000;

    // Names. Similarity s (the better of the whole-name and the forename/surname comparison)
    // counts only from nameFloor up, linearly: contribution = weight * (s - floor) / (1 - floor).
    double nameFloor = 0.80;
    double personNameWeight = 0.55;
    double premisesNameWeight = 0.35;
    double phoneticWeight = 0.10;
    double premisesPhoneticWeight = 0.05;

    // Dates of birth.
    double dobAgreesWeight = 0.35;
    double dobPartialWeight = 0.12;
    double dobConflictWeight = -0.60;
    /// A conflict that looks like a typing slip (day and month swapped, or one digit wrong).
    double dobSlipWeight = -0.25;
    /// A hard dob conflict vetoes the pair unless the names are at least this alike AND a
    /// shared alias, phone or account backs them.
    double dobConflictOverrideName = 0.98;

    // Shared neighbours, each counted once per distinct neighbour entity.
    double aliasWeight = 0.50;      ///< first shared alias
    double extraAliasWeight = 0.15; ///< each further shared alias
    double phoneWeight = 0.35;
    double accountWeight = 0.35;
    double vehicleWeight = 0.15;
    double addressWeight = 0.20; ///< same normalised address attribute
    double placeWeight = 0.10;   ///< both linked to the same place entity
    double personPostcodeWeight = 0.05;
    double premisesPostcodeWeight = 0.35;
    double premisesDistrictWeight = 0.10; ///< premises in the same postcode district only

    /// A neighbour linked to more candidate entities than this is a hub (a switchboard number,
    /// a nickname half the town uses): it is neither a block nor evidence.
    int maxNeighbourDegree = 10;
    /// A nickname counts its distinct names against maxNeighbourDegree (the entries of one suspect
    /// known only by it are one name), up to this many entries.
    int maxAliasEntries = 100;

    // Vetoes.
    bool vetoCoMentioned = true; ///< two persons named in the same record are two people
    bool vetoGenderConflict = true; ///< "male" against "female"
    /// An entry named only as a victim against one named only as a perpetrator: sharing a phone or
    /// a takeaway links a child to her abuser, it does not make them one person.
    bool vetoVictimAndPerpetrator = true;

    // Search effort.
    int maxBlockSize = 20; ///< blocks up to this size compare every pair ...
    int windowSize = 6;    ///< ... bigger ones only pairs within this many places in the block's order
    int maxSuggestions = 10000; ///< best first; 0 for no limit

    // Vehicles: a partial mark ("PG09V??", "WW6?WHM", "SS69*") against the full marks it fits.
    int minKnownCharacters = 3;   ///< partial marks naming fewer characters are too vague to pair
    int maxMarkCandidates = 12;   ///< a partial fitting more full marks than this is too vague
    double partialMarkWeight = 0.25;   ///< the fit itself ...
    double uniqueFitWeight = 0.35;     ///< ... plus this divided by how many full marks it fits
    double makeAgreesWeight = 0.10;
    double colourAgreesWeight = 0.05;
    double makeConflictWeight = -0.40; ///< a Ford is not a Vauxhall
    double colourConflictWeight = -0.15;
    double sharedPersonWeight = 0.20;  ///< first shared person; each further one half of it

    bool operator==(const SuggestionPolicy &) const = default;
};

/// What one search for suggestions worked out, for the next one to reuse (suggestMerges with
/// `earlier`): every candidate pair of persons or premises it compared, with the score when it
/// scored, and a fingerprint of each entity's profile (everything a pair's score reads: name,
/// date of birth, gender, address, postcode, the records it is named in, its neighbours). After
/// an import most entities and pairs are as they were; a pair compared before whose two
/// fingerprints have not moved is not scored again. Which pairs are compared is worked out
/// afresh every time (blocks and hubs move), and a pair's score reads only its two profiles and
/// the policy, so the suggestions are those of a search without the memo, whatever database or
/// day the memo came from. Costs 8 bytes per candidate pair and 16 per entity, plus 8 per pair
/// that scored (about 280 MB at a million reports: 26.1M pairs, 2.1M entities, some 4M scores).
struct SuggestionMemo {
    SuggestionPolicy policy;                 ///< a memo made under another policy is not used
    std::vector<EntityId> ids;               ///< the persons and premises compared, ascending
    std::vector<std::uint64_t> fingerprints; ///< of each one's profile, parallel to ids
    /// Each pair compared, as positions in ids (first << 32 | second), ascending; the top bit
    /// is set when the pair scored, its outcome then the next one in `scores`.
    std::vector<std::uint64_t> pairs;
    /// A premises pair's (or, under the hand weights, a person pair's) score; under the match
    /// model a person pair's pattern of comparison levels (a whole number), which the model,
    /// estimated afresh each search, weighs.
    std::vector<double> scores;
    // How the search that made this memo went: pairs it took from the memo before it, and pairs
    // it scored. For benchmarks and tests.
    std::size_t reusedPairs = 0;
    std::size_t scoredPairs = 0;
};

/// Fuzzy "who is who" for persons and premises that the exact keys did not merge, and partial
/// vehicle marks against the full marks they fit (suggestPartialMarks).
/// Only entities of the same type are compared: persons with persons, premises with premises.
/// Persons without a name are compared only through shared neighbours (a shared alias is the
/// usual way: "Taz" in two reports). Pairs vetoed (co-mentioned in one record, conflicting
/// gender, conflicting dob without strong backing) are never returned. Entities listed in one
/// another's mergedFrom are already one and never paired.
///
/// Candidates come from blocks (phonetic key of the first and of the last name word, sorted
/// initials plus birth year, premises postcode, each non-hub neighbour). Blocks up to
/// policy.maxBlockSize compare every pair; bigger ones only pairs within policy.windowSize places,
/// twice: in an order that puts similar names side by side, and in the same order read backwards
/// (so a typo near the start of a word is still caught).
/// Time complexity: O(n k log(n k) + n k W + |L| log |L| + sum over non-hub neighbours of
/// degree^2) for n persons and premises, k <= 4 blocks per entity, W = max(maxBlockSize,
/// 2 windowSize), |L| = links: the candidate pairs are counted and sorted in time linear in their
/// number. Measured: 2.1M persons and premises (a million reports) in about 18 s on one core of
/// this 2-core machine, Release (docs/benchmarks.md).
///
/// Returns the suggestions sorted by score descending, then by (a, b) ascending; never fails.
std::vector<MergeSuggestion> suggestMerges(const GraphSnapshot &snapshot, const SuggestionPolicy &policy = {});

/// The same suggestions, taking the scores of unchanged pairs from `earlier` (may be null; see
/// SuggestionMemo) and, when `learnt` is not null, leaving in it the memo for the next search.
/// Time: as above, less the scoring of the pairs reused, plus O(n) to fingerprint the profiles
/// and O(|earlier pairs|) to walk the memo.
std::vector<MergeSuggestion> suggestMerges(const GraphSnapshot &snapshot, const SuggestionPolicy &policy,
                                           const SuggestionMemo *earlier, SuggestionMemo *learnt);

/// Partial registration marks ("PG09V??": one unknown character per ?; "SS69*", a mark stored as
/// partial, or a fragment in no full UK format such as "SS69": anything after) against the full
/// marks (current, prefix, suffix or Northern Ireland format) of other vehicles they fit. A
/// partial naming fewer than policy.minKnownCharacters characters, or fitting more than
/// policy.maxMarkCandidates full marks, is left alone. Evidence: the fit (stronger the fewer
/// marks fit), make and colour, persons linked to both. Part of suggestMerges; exposed for tests.
/// Time: O((P + V) log V + P k) for P partial and V full marks, k the full marks that start with
/// the characters a partial starts with, up to its first wildcard (or, when it does not start
/// with two known characters, end with those it ends with, if three or more).
std::vector<MergeSuggestion> suggestPartialMarks(const GraphSnapshot &snapshot, const SuggestionPolicy &policy = {});

/// {"suggestions": [{"a": {"id", "type", "label"}, "b": {...}, "score", "evidence":
/// [{"kind", "detail", "weight"}]}]}. Scores and weights are rounded to 3 decimals; labels of
/// entities missing from the snapshot are empty.
nlohmann::json toJson(const std::vector<MergeSuggestion> &suggestions, const GraphSnapshot &snapshot);

/// How many true pairs the blocking rules let through: a pair not in a block is never compared.
struct BlockingRecall {
    std::size_t candidatePairs = 0;    ///< distinct pairs of persons and premises compared
    std::size_t truePairs = 0;         ///< distinct true pairs given
    std::size_t truePairsInBlocks = 0; ///< of those, pairs that were compared
    double recall() const { return truePairs == 0 ? 1.0 : static_cast<double>(truePairsInBlocks) / truePairs; }
};

/// Runs the search (as suggestMerges) and counts the true pairs among its candidate pairs.
/// Time: that of suggestMerges plus O(t log c) for t true pairs and c candidates.
BlockingRecall blockingRecall(const GraphSnapshot &snapshot, const SuggestionPolicy &policy,
                              const std::vector<std::pair<EntityId, EntityId>> &truePairs);

/// How well suggestions recover a known truth.
struct SuggestionQuality {
    int suggested = 0;      ///< distinct suggested pairs
    int truePositives = 0;  ///< suggested pairs that are in the truth
    int falsePositives = 0; ///< suggested pairs that are not
    int falseNegatives = 0; ///< totalTruePairs - truePositives (never below 0)
    double precision = 1.0; ///< truePositives / suggested; 1 when nothing was suggested
    double recall = 1.0;    ///< truePositives / totalTruePairs; 1 when there is nothing to find
    double f1 = 1.0;        ///< harmonic mean of the two; 0 when both are 0
};

/// Compares suggestions with truePairs (order within a pair does not matter, duplicates count
/// once). totalTruePairs is the recall denominator: the truth may hold pairs whose entities are
/// absent from truePairs' mapping; when it is below the distinct truePairs count, that count is used.
SuggestionQuality evaluateSuggestions(const std::vector<MergeSuggestion> &suggestions,
                                      const std::vector<std::pair<EntityId, EntityId>> &truePairs,
                                      int totalTruePairs);

} // namespace harbour::analysis

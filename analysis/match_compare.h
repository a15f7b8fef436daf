#pragma once

// Private to harbour_analysis: two person profiles compared for the match model (match_model.h),
// weighed, and explained in words.

#include "harbour/analysis/suggestions.h"
#include "match_model.h"
#include "match_profile.h"

#include <optional>

namespace harbour::analysis::detail
{

/// The levels of two person profiles, or nullopt when a veto holds (one was merged from the
/// other; named in one record or of different genders, as the policy says) or when nothing could
/// make them one (no name agreeing at any level and no neighbour in common).
std::optional<match::Pattern> comparePersons(const Profile &a, const Profile &b, const SuggestionPolicy &policy);

/// The levels without vetoes or gates: what random pairs show, for the u probabilities.
match::Pattern comparePersonsFreely(const Profile &a, const Profile &b);

/// What the model and the data around a pair need to weigh it.
struct Weighing {
    const match::MatchModel *model = nullptr;
    double persons = 1.0; ///< person entries compared: a nickname's degree over this is its frequency
    /// A pair whose only evidence is a shared nickname (no names compared, no phone, account,
    /// vehicle, place or premises in common) is held at or below this (SuggestionPolicy).
    double uncorroboratedCap = 1.0;
};

/// The pair's match weight in bits: the prior plus each comparison's weight, names and nicknames
/// by term frequency.
double weightOf(match::Pattern pattern, const Profile &a, const Profile &b, const Weighing &weighing);

/// The match probability of the pair, the cap applied.
double probabilityOf(match::Pattern pattern, const Profile &a, const Profile &b, const Weighing &weighing);

/// The pair with its probability and, in a fixed order (prior, forename, surname, dob, gender,
/// address, phone or account, nickname, vehicle/place/premises), each comparison's weight in
/// words: "surname jones: exact (+6.1)". Levels that say nothing are left out.
MergeSuggestion explainPersons(match::Pattern pattern, const Profile &a, const Profile &b, const Weighing &weighing,
                               const GraphSnapshot &snapshot);

} // namespace harbour::analysis::detail

#pragma once

#include "harbour/risk.h"

#include <string>
#include <string_view>

/// What a person reads for an indicator of the screening tool: the form's own wording ("Periods of
/// absence/missing (day and/or night)"), never the key (missing_episodes). The one table is the
/// shipped risk policy (data/risk-policy.json, compiled in), whose wording is the form's; JSON
/// output keeps the keys, and everything a person reads (the app, briefings, MACE packs, the
/// problem profile) goes through here.
namespace harbour {

/// The form's wording of an indicator key; the key itself when the shipped tool has no such key
/// (an indicator of a force's own policy).
std::string_view indicatorWording(std::string_view key);

/// Text with every indicator key in it (as a whole word) replaced by the form's wording in
/// quotes: "missing_episodes is current" -> "\"Periods of absence/missing (day and/or night)\" is
/// current". Rule details are stored with keys (harbour children --json keeps them); this is for
/// showing them.
std::string withIndicatorWording(std::string_view text);

/// A rule's detail as a person reads it: withIndicatorWording, except a professional judgement,
/// whose detail ends in the practitioner's own words (where "isolated" is not a key).
std::string ruleInWords(const RuleFired &rule);

/// "Periods of absence/missing (day and/or night) (current)": a ticked indicator of a screening.
std::string indicatorInWords(std::string_view key, std::string_view recency = {});

} // namespace harbour

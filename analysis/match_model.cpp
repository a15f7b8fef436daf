#include "match_model.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>

namespace harbour::analysis::match
{
namespace
{

/// No level is taken to be rarer than this among non-matches: random pairs cannot show a chance
/// of one in a million, and an unbounded weight would let one shared phone outvote two names.
constexpr double kLeastU = 1e-4;
/// Nor is any level taken to be certain or impossible among matches.
constexpr double kLeastM = 1e-4;

std::size_t index(Comparison c)
{
    return static_cast<std::size_t>(c);
}

/// What a small data set cannot tell: typical shares of each level among matches (m, also where EM
/// starts) and among random pairs of people (u). Estimates from the data are pulled towards these
/// by a few pseudo-pairs (kPriorPairsM, kPriorPairsU), so that three entries named Rosie Wood do
/// not make "Rosie Wood" a common name; with thousands of pairs the data decide.
double typicalShare(Comparison c, int level, bool matches)
{
    const auto l = static_cast<std::size_t>(level);
    switch (c) {
    case Comparison::Forename:
    case Comparison::Surname: {
        static constexpr std::array<double, 7> kM{0, 0.80, 0.08, 0.04, 0.03, 0.02, 0.03};
        static constexpr std::array<double, 7> kForenameU{0, 0.01, 0.002, 0.004, 0.01, 0.005, 0.969};
        static constexpr std::array<double, 7> kSurnameU{0, 0.005, 0.001, 0.003, 0.008, 0.0001, 0.9829};
        return matches ? kM[l] : c == Comparison::Forename ? kForenameU[l] : kSurnameU[l];
    }
    case Comparison::Dob: {
        static constexpr std::array<double, 5> kM{0, 0.80, 0.12, 0.05, 0.03};
        static constexpr std::array<double, 5> kU{0, 0.0002, 0.01, 0.001, 0.9888};
        return matches ? kM[l] : kU[l];
    }
    case Comparison::Gender:
        return matches ? (level == level::kGenderAgrees ? 0.97 : 0.03) : 0.5;
    case Comparison::Address: {
        static constexpr std::array<double, 4> kM{0, 0.5, 0.2, 0.3};
        static constexpr std::array<double, 4> kU{0, 0.0005, 0.001, 0.9985};
        return matches ? kM[l] : kU[l];
    }
    case Comparison::Alias: {
        static constexpr std::array<double, 4> kM{0, 0.5, 0.4, 0.1};
        static constexpr std::array<double, 4> kU{0, 0.0005, 0.999, 0.0005};
        return matches ? kM[l] : kU[l];
    }
    case Comparison::PhoneAccount:
    case Comparison::Shared:
        return matches ? 0.5 : (level == level::kShared ? 0.0005 : 0.9995);
    }
    return 0.5;
}

constexpr double kPriorPairsM = 50.0;
constexpr double kPriorPairsU = 2000.0;
/// One pair of entries in ten thousand is one person, before the data say otherwise.
constexpr double kTypicalLambda = 1e-4;
constexpr double kPriorPairsLambda = 1e5;

/// Each comparison's level shares over the non-null levels of the patterns, each pattern
/// counted `weightOf(pattern, count)` times.
/// Each comparison's level shares over the non-null levels of the patterns, each pattern
/// counted `weightOf(pattern, count)` times, plus `priorPairs` pseudo-pairs spread as the typical
/// shares (typicalShare) of matches or of random pairs.
template <typename WeightOf>
std::array<std::array<double, kMaxLevels>, kComparisons> levelShares(const PatternCounts &patterns, WeightOf weightOf,
                                                                     bool matches, double priorPairs)
{
    std::array<std::array<double, kMaxLevels>, kComparisons> sums{};
    for (const auto &[bits, count] : patterns) {
        const Pattern pattern{bits};
        const double w = weightOf(bits, count);
        for (std::size_t c = 0; c < kComparisons; ++c) {
            sums[c][static_cast<std::size_t>(pattern.level(static_cast<Comparison>(c)))] += w;
        }
    }
    for (std::size_t c = 0; c < kComparisons; ++c) {
        const auto comparison = static_cast<Comparison>(c);
        const int levels = levelCount(comparison);
        double total = 0.0;
        for (int l = 1; l < levels; ++l) {
            auto &sum = sums[c][static_cast<std::size_t>(l)];
            sum += priorPairs * typicalShare(comparison, l, matches);
            total += sum;
        }
        for (int l = 1; l < levels; ++l) {
            sums[c][static_cast<std::size_t>(l)] /= total;
        }
        sums[c][0] = 1.0;
    }
    return sums;
}

using ComparisonSet = std::uint32_t; ///< bit c: comparison c

ComparisonSet maskOf(std::initializer_list<Comparison> comparisons)
{
    ComparisonSet mask = 0;
    for (const Comparison c : comparisons) {
        mask |= 1U << index(c);
    }
    return mask;
}

/// The chance that a pair of this pattern is a match, counting only the comparisons in `counted`.
double posteriorOf(const MatchModel &model, Pattern pattern, double lambda, ComparisonSet counted)
{
    double weight = std::log2(lambda / (1.0 - lambda));
    for (std::size_t c = 0; c < kComparisons; ++c) {
        if ((counted & (1U << c)) != 0) {
            weight += model.weight(static_cast<Comparison>(c), pattern.level(static_cast<Comparison>(c)));
        }
    }
    return 1.0 / (1.0 + std::exp2(-weight));
}

/// One EM session over the candidates `picked` chooses: m of the comparisons in `estimated`,
/// which are the only ones counted. Returns the iterations run.
template <typename Picked>
int runSession(MatchModel &model, const PatternCounts &candidates, Picked picked, ComparisonSet estimated,
               int maxIterations)
{
    PatternCounts chosen;
    for (const auto &[bits, count] : candidates) {
        if (picked(Pattern{bits})) {
            chosen[bits] += count;
        }
    }
    if (chosen.empty()) {
        return 0;
    }
    double total = 0.0;
    for (const auto &[bits, count] : chosen) {
        total += count;
    }
    double lambda = 0.3;
    int iterations = 0;
    for (; iterations < maxIterations; ++iterations) {
        std::unordered_map<std::uint32_t, double> posterior;
        double matches = 0.0;
        for (const auto &[bits, count] : chosen) {
            const double p = posteriorOf(model, Pattern{bits}, lambda, estimated);
            posterior.emplace(bits, p);
            matches += p * count;
        }
        const auto shares = levelShares(
            chosen, [&posterior](std::uint32_t bits, double count) { return count * posterior.at(bits); }, true,
            kPriorPairsM);
        for (std::size_t c = 0; c < kComparisons; ++c) {
            if ((estimated & (1U << c)) != 0) {
                model.m[c] = shares[c];
            }
        }
        const double next = std::clamp(matches / total, 1e-6, 1.0 - 1e-6);
        const bool settled = std::abs(next - lambda) < 1e-6;
        lambda = next;
        if (settled) {
            return iterations + 1;
        }
    }
    return iterations;
}

} // namespace

int levelCount(Comparison c)
{
    switch (c) {
    case Comparison::Forename:
        return 7;
    case Comparison::Surname:
        return 7; // the initial level stays empty: a surname is not written as an initial here
    case Comparison::Dob:
        return 5;
    case Comparison::Gender:
        return 3;
    case Comparison::Address:
        return 4;
    case Comparison::Alias:
        return 4;
    case Comparison::PhoneAccount:
    case Comparison::Shared:
        return 3;
    }
    return 1;
}

std::string_view comparisonName(Comparison c)
{
    switch (c) {
    case Comparison::Forename:
        return "forename";
    case Comparison::Surname:
        return "surname";
    case Comparison::Dob:
        return "date of birth";
    case Comparison::Gender:
        return "gender";
    case Comparison::Address:
        return "address";
    case Comparison::PhoneAccount:
        return "phone or account";
    case Comparison::Alias:
        return "nickname";
    case Comparison::Shared:
        return "vehicle, place or premises";
    }
    return "";
}

std::string_view levelName(Comparison c, int value)
{
    if (value == 0) {
        return "not known on both";
    }
    switch (c) {
    case Comparison::Forename:
    case Comparison::Surname: {
        static constexpr std::array<std::string_view, 7> kNames{
            "", "exact", "Jaro-Winkler >= 0.92", "sounds alike", "Jaro-Winkler >= 0.80", "initial", "different"};
        return kNames[static_cast<std::size_t>(value)];
    }
    case Comparison::Dob: {
        static constexpr std::array<std::string_view, 5> kNames{"", "exact", "partial, compatible",
                                                                "a slip (day/month swapped or one digit)", "conflict"};
        return kNames[static_cast<std::size_t>(value)];
    }
    case Comparison::Gender:
        return value == level::kGenderAgrees ? "agrees" : "differs";
    case Comparison::Address: {
        static constexpr std::array<std::string_view, 4> kNames{"", "same address", "same postcode", "different"};
        return kNames[static_cast<std::size_t>(value)];
    }
    case Comparison::Alias:
        if (value == level::kNicknameSoundsAlike) {
            return "none shared, two sound alike";
        }
        return value == level::kShared ? "shared" : "none shared";
    case Comparison::PhoneAccount:
    case Comparison::Shared:
        return value == level::kShared ? "shared" : "none shared";
    }
    return "";
}

double MatchModel::weight(Comparison c, int value) const
{
    if (value == 0) {
        return 0.0;
    }
    const auto l = static_cast<std::size_t>(value);
    return std::log2(std::max(m[index(c)][l], kLeastM) / std::max(u[index(c)][l], kLeastU));
}

double MatchModel::weightWithFrequency(Comparison c, int value, double share) const
{
    if (value == 0) {
        return 0.0;
    }
    const auto l = static_cast<std::size_t>(value);
    // Never more than the level's plain weight says of a value seen once in the random pairs'
    // resolution, nor less than of the commonest value: the share only moves within those.
    const double frequency = std::clamp(share, kLeastU, std::max(u[index(c)][l], kLeastU) * 50.0);
    return std::log2(std::max(m[index(c)][l], kLeastM) / frequency);
}

double MatchModel::prior() const
{
    const double l = std::clamp(lambda, 1e-9, 1.0 - 1e-9);
    return std::log2(l / (1.0 - l));
}

double probabilityOf(double weight)
{
    return 1.0 / (1.0 + std::exp2(-weight));
}

MatchModel estimateModel(const PatternCounts &candidates, const PatternCounts &random, double allPairs,
                         int maxIterations)
{
    MatchModel model;
    model.u = levelShares(
        random, [](std::uint32_t, double count) { return count; }, false, kPriorPairsU);
    for (const auto &[bits, count] : random) {
        model.randomPairs += static_cast<std::size_t>(count);
    }
    for (std::size_t c = 0; c < kComparisons; ++c) {
        for (int l = 1; l < levelCount(static_cast<Comparison>(c)); ++l) {
            model.m[c][static_cast<std::size_t>(l)] = typicalShare(static_cast<Comparison>(c), l, true);
        }
        model.m[c][0] = 1.0;
    }
    for (const auto &[bits, count] : candidates) {
        model.candidatePairs += static_cast<std::size_t>(count);
    }
    if (model.candidatePairs == 0) {
        return model;
    }
    // As Splink trains: one EM session per way of picking pairs, each estimating m only for the
    // comparisons the picking did not look at (they are left out of its likelihood too), u fixed.
    // Blocking picked the candidates for their names, so over all of them EM finds families (one
    // surname) instead of persons.
    const auto namesAgree = [](Pattern p) {
        const auto agreeing = [](int value) { return value >= level::kNameExact && value <= level::kNamePhonetic; };
        return agreeing(p.level(Comparison::Forename)) && agreeing(p.level(Comparison::Surname));
    };
    const ComparisonSet names = maskOf({Comparison::Forename, Comparison::Surname});
    const ComparisonSet all = (1U << kComparisons) - 1;
    model.iterations += runSession(model, candidates, namesAgree, all & ~names, maxIterations);
    const auto dobAgrees = [](Pattern p) { return p.level(Comparison::Dob) == level::kDobExact; };
    model.iterations += runSession(model, candidates, dobAgrees, names, maxIterations);
    // Then the prior: the share of all pairs that are matches, with m and u as they now are.
    const double total = std::max(allPairs, static_cast<double>(model.candidatePairs));
    model.lambda = kTypicalLambda;
    for (int i = 0; i < maxIterations; ++i) {
        double matches = 0.0;
        for (const auto &[bits, count] : candidates) {
            matches += count * posteriorOf(model, Pattern{bits}, model.lambda, all);
        }
        const double next =
            std::clamp((matches + kPriorPairsLambda * kTypicalLambda) / (total + kPriorPairsLambda), 1e-12, 0.5);
        const bool settled = std::abs(next - model.lambda) < 1e-3 * model.lambda;
        model.lambda = next;
        if (settled) {
            break;
        }
    }
    double matches = 0.0;
    for (const auto &[bits, count] : candidates) {
        matches += count * posteriorOf(model, Pattern{bits}, model.lambda, all);
    }
    model.candidateLambda = matches / static_cast<double>(model.candidatePairs);
    return model;
}

void TermFrequencies::add(std::string_view word)
{
    if (word.empty()) {
        return;
    }
    ++m_counts[std::string(word)];
    ++m_total;
}

double TermFrequencies::share(std::string_view word, double typical) const
{
    constexpr double kPriorWords = 1000.0;
    const auto it = m_counts.find(std::string(word));
    const double count = it == m_counts.end() ? 0.0 : static_cast<double>(it->second);
    return (count + kPriorWords * typical) / (static_cast<double>(m_total) + kPriorWords);
}

} // namespace harbour::analysis::match

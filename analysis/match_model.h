#pragma once

// Private to harbour_analysis: the Fellegi-Sunter model that scores two person entries
// (docs/who-is-who.md, "The match model"). A pair is compared on a fixed list of comparisons, each
// giving a level; the levels of one pair are its pattern. Each level weighs log2(m / u): m the
// chance of that level when the two are one person, u when they are not. u comes from random
// pairs, m and the share of matches among candidate pairs (lambda) from expectation maximisation
// over the candidate pairs themselves; exact names and shared nicknames are weighed by how common
// the value is (term frequency).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace harbour::analysis::match
{

enum class Comparison : std::uint8_t { Forename, Surname, Dob, Gender, Address, PhoneAccount, Alias, Shared };
constexpr std::size_t kComparisons = 8;
constexpr std::size_t kMaxLevels = 8; ///< three bits a comparison

/// Level 0 of every comparison is "null": one side says nothing, so it weighs 0.
namespace level
{
// Forename and surname.
constexpr int kNameExact = 1;
constexpr int kNameClose = 2;    ///< Jaro-Winkler >= 0.92
constexpr int kNamePhonetic = 3; ///< Metaphone or NYSIIS keys agree
constexpr int kNameLoose = 4;    ///< Jaro-Winkler >= 0.80
constexpr int kNameInitial = 5;  ///< forename only: one is the other's initial
constexpr int kNameDifferent = 6;
// Date of birth.
constexpr int kDobExact = 1;
constexpr int kDobPartial = 2; ///< compatible, at least one partial
constexpr int kDobSlip = 3;    ///< day and month swapped, or one digit
constexpr int kDobConflict = 4;
// Gender.
constexpr int kGenderAgrees = 1;
constexpr int kGenderDiffers = 2;
// Address.
constexpr int kAddressExact = 1;
constexpr int kAddressPostcode = 2; ///< different addresses, one postcode
constexpr int kAddressDifferent = 3;
// Shared neighbours (phone or account; nickname; vehicle, place or premises).
constexpr int kShared = 1;
constexpr int kNotShared = 2;           ///< both have some, none in common
constexpr int kNicknameSoundsAlike = 3; ///< nickname only: none shared, two that sound alike ("Kash" / "Cash")
} // namespace level

/// The levels of one pair, three bits a comparison, and in the top byte the degree of the least
/// common nickname the two share (for its term frequency; 0 when none).
struct Pattern {
    std::uint32_t bits = 0;

    int level(Comparison c) const { return static_cast<int>((bits >> (3 * static_cast<unsigned>(c))) & 7U); }
    void set(Comparison c, int value)
    {
        const unsigned shift = 3 * static_cast<unsigned>(c);
        bits = (bits & ~(7U << shift)) | (static_cast<std::uint32_t>(value) << shift);
    }
    std::uint32_t levels() const { return bits & 0xffffffU; }
    unsigned aliasDegree() const { return bits >> 24; }
    void setAliasDegree(std::size_t degree)
    {
        bits = levels() | (static_cast<std::uint32_t>(std::min<std::size_t>(degree, 255)) << 24);
    }
};

int levelCount(Comparison c);
std::string_view comparisonName(Comparison c);
std::string_view levelName(Comparison c, int level);

/// How many pairs showed each pattern of levels (the degree byte left out).
using PatternCounts = std::unordered_map<std::uint32_t, double>;

struct MatchModel {
    std::array<std::array<double, kMaxLevels>, kComparisons> m{};
    std::array<std::array<double, kMaxLevels>, kComparisons> u{};
    double lambda = 0.01;         ///< the share of all pairs of entries that are one person: the prior
    double candidateLambda = 0.0; ///< the share of candidate pairs that are
    int iterations = 0;           ///< EM iterations run
    std::size_t randomPairs = 0;
    std::size_t candidatePairs = 0;

    /// log2(m / u) of a level; 0 for null.
    double weight(Comparison c, int level) const;
    /// The same for an exact name or shared nickname whose value a random entry shows with
    /// chance `share`: log2(m / share), so a common name counts for less.
    double weightWithFrequency(Comparison c, int level, double share) const;
    /// log2(lambda / (1 - lambda)): where every pair starts.
    double prior() const;
    bool operator==(const MatchModel &) const = default;
};

/// The match probability of a total weight (prior included).
double probabilityOf(double weight);

/// u from the random pairs' patterns; m and the number of matches by EM over the candidates'
/// patterns, starting from the usual shape (agreeing levels likely for matches), until the share
/// of matches moves less than 1e-6 or after `maxIterations`; lambda is the matches' share of
/// `allPairs` (every pair of entries, candidate or not).
/// Time: O(maxIterations * distinct patterns * kComparisons).
MatchModel estimateModel(const PatternCounts &candidates, const PatternCounts &random, double allPairs,
                         int maxIterations = 60);

/// How often each name word occurs among the persons' names, as a share of all name words.
class TermFrequencies
{
  public:
    void add(std::string_view word);
    /// The share of `word`, pulled towards `typical` by kPriorWords pseudo-words, so that in a
    /// small data set a name is not common merely for being there three times.
    double share(std::string_view word, double typical) const;
    std::size_t total() const { return m_total; }

  private:
    std::unordered_map<std::string, std::uint32_t> m_counts;
    std::size_t m_total = 0;
};

} // namespace harbour::analysis::match

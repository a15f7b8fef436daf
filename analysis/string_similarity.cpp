#include "string_similarity.h"

#include <algorithm>
#include <array>
#include <vector>

namespace harbour::analysis {

namespace {

// Names are short; a stack buffer keeps the hot path of the suggestion search free of allocations.
constexpr std::size_t kStackLength = 64;

template <typename Flags>
double jaroWith(std::string_view a, std::string_view b, Flags &matchedA, Flags &matchedB)
{
    const std::size_t window = std::max(a.size(), b.size()) / 2 > 0 ? std::max(a.size(), b.size()) / 2 - 1 : 0;
    std::size_t matches = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::size_t from = i > window ? i - window : 0;
        const std::size_t to = std::min(b.size(), i + window + 1);
        for (std::size_t j = from; j < to; ++j) {
            if (!matchedB[j] && a[i] == b[j]) {
                matchedA[i] = true;
                matchedB[j] = true;
                ++matches;
                break;
            }
        }
    }
    if (matches == 0) {
        return 0.0;
    }
    // Half the matched characters that appear in a different order are transpositions.
    std::size_t outOfOrder = 0;
    std::size_t j = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!matchedA[i]) {
            continue;
        }
        while (!matchedB[j]) {
            ++j;
        }
        if (a[i] != b[j]) {
            ++outOfOrder;
        }
        ++j;
    }
    const double m = static_cast<double>(matches);
    const double t = static_cast<double>(outOfOrder / 2);
    return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + (m - t) / m) / 3.0;
}

bool isVowel(char c)
{
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

} // namespace

double jaro(std::string_view a, std::string_view b)
{
    if (a.empty() && b.empty()) {
        return 1.0;
    }
    if (a.empty() || b.empty()) {
        return 0.0;
    }
    if (a == b) {
        return 1.0;
    }
    if (a.size() <= kStackLength && b.size() <= kStackLength) {
        std::array<bool, kStackLength> matchedA{};
        std::array<bool, kStackLength> matchedB{};
        return jaroWith(a, b, matchedA, matchedB);
    }
    std::vector<bool> matchedA(a.size(), false);
    std::vector<bool> matchedB(b.size(), false);
    return jaroWith(a, b, matchedA, matchedB);
}

double jaroWinkler(std::string_view a, std::string_view b)
{
    const double similarity = jaro(a, b);
    // Winkler's boost threshold: a shared prefix says little about strings that are otherwise unalike.
    if (similarity <= 0.7) {
        return similarity;
    }
    std::size_t prefix = 0;
    const std::size_t limit = std::min({a.size(), b.size(), std::size_t{4}});
    while (prefix < limit && a[prefix] == b[prefix]) {
        ++prefix;
    }
    return similarity + static_cast<double>(prefix) * 0.1 * (1.0 - similarity);
}

std::string nysiis(std::string_view word, std::size_t maxLength)
{
    std::string name;
    name.reserve(word.size());
    for (const char c : word) {
        if (c >= 'a' && c <= 'z') {
            name.push_back(static_cast<char>(c - 'a' + 'A'));
        } else if (c >= 'A' && c <= 'Z') {
            name.push_back(c);
        }
    }
    if (name.empty()) {
        return {};
    }

    // Step 1: prefixes.
    if (startsWith(name, "MAC")) {
        name.replace(0, 3, "MCC");
    } else if (startsWith(name, "KN")) {
        name.replace(0, 2, "NN");
    } else if (startsWith(name, "K")) {
        name[0] = 'C';
    } else if (startsWith(name, "PH") || startsWith(name, "PF")) {
        name.replace(0, 2, "FF");
    } else if (startsWith(name, "SCH")) {
        name.replace(0, 3, "SSS");
    }
    // Step 2: suffixes.
    if (endsWith(name, "EE") || endsWith(name, "IE")) {
        name.replace(name.size() - 2, 2, "Y");
    } else if (endsWith(name, "DT") || endsWith(name, "RT") || endsWith(name, "RD") || endsWith(name, "NT") ||
               endsWith(name, "ND")) {
        name.replace(name.size() - 2, 2, "D");
    }

    // Steps 3 to 6: the first letter is kept; the rest are translated in place, so that each
    // rule sees the letters before it as already translated, and runs collapse to one letter.
    std::string key(1, name[0]);
    for (std::size_t i = 1; i < name.size(); ++i) {
        const char next = i + 1 < name.size() ? name[i + 1] : '\0';
        char &c = name[i];
        if (c == 'E' && next == 'V') {
            name.replace(i, 2, "AF");
        } else if (isVowel(c)) {
            c = 'A';
        } else if (c == 'Q') {
            c = 'G';
        } else if (c == 'Z') {
            c = 'S';
        } else if (c == 'M') {
            c = 'N';
        } else if (c == 'K') {
            c = next == 'N' ? 'N' : 'C';
        } else if (std::string_view(name).substr(i, 3) == "SCH") {
            name.replace(i, 3, "SSS");
        } else if (c == 'P' && next == 'H') {
            name.replace(i, 2, "FF");
        } else if (c == 'H' && (!isVowel(name[i - 1]) || !isVowel(next))) {
            c = name[i - 1];
        } else if (c == 'W' && isVowel(name[i - 1])) {
            c = name[i - 1];
        }
        if (name[i] != key.back()) {
            key.push_back(name[i]);
        }
    }

    // Steps 7 to 9: endings that vary between spellings.
    if (key.size() > 1 && key.back() == 'S') {
        key.pop_back();
    }
    if (endsWith(key, "AY")) {
        key.replace(key.size() - 2, 2, "Y");
    }
    if (key.size() > 1 && key.back() == 'A') {
        key.pop_back();
    }
    if (maxLength > 0 && key.size() > maxLength) {
        key.resize(maxLength);
    }
    return key;
}

} // namespace harbour::analysis

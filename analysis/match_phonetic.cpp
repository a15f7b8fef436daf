#include "match_phonetic.h"

#include <cctype>

namespace harbour::analysis
{
namespace
{

bool isVowel(char c)
{
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

bool frontVowel(char c)
{
    return c == 'E' || c == 'I' || c == 'Y';
}

std::string lettersUpper(std::string_view word)
{
    std::string out;
    for (const char c : word) {
        if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
            out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
    }
    return out;
}

/// The word with Metaphone's initial exceptions applied; `skip` is set to how many leading
/// letters are already encoded in `key`.
void initialExceptions(const std::string &w, std::string &key, std::size_t &skip)
{
    const auto starts = [&w](std::string_view prefix) { return w.rfind(prefix, 0) == 0; };
    if (starts("AE") || starts("GN") || starts("KN") || starts("PN") || starts("WR")) {
        skip = 1;
    } else if (starts("X")) {
        key = "S";
        skip = 1;
    } else if (starts("WH")) {
        key = "W";
        skip = 2;
    }
}

} // namespace

std::string metaphone(std::string_view word, std::size_t maxLength)
{
    const std::string w = lettersUpper(word);
    std::string key;
    std::size_t i = 0;
    initialExceptions(w, key, i);
    const auto at = [&w](std::size_t k) { return k < w.size() ? w[k] : '\0'; };
    for (; i < w.size() && (maxLength == 0 || key.size() < maxLength); ++i) {
        const char c = w[i];
        const char prev = i > 0 ? w[i - 1] : '\0';
        const char next = at(i + 1);
        if (c == prev && c != 'C') {
            continue; // doubled letters sound once
        }
        switch (c) {
        case 'A':
        case 'E':
        case 'I':
        case 'O':
        case 'U':
            if (i == 0) {
                key.push_back(c);
            }
            break;
        case 'B':
            if (!(prev == 'M' && i + 1 == w.size())) {
                key.push_back('B');
            }
            break;
        case 'C':
            if (next == 'I' && at(i + 2) == 'A') {
                key.push_back('X');
            } else if (next == 'H') {
                key.push_back(prev == 'S' ? 'K' : 'X');
                ++i;
            } else if (frontVowel(next)) {
                if (prev != 'S') {
                    key.push_back('S');
                }
            } else {
                key.push_back('K');
            }
            break;
        case 'D':
            if (next == 'G' && frontVowel(at(i + 2))) {
                key.push_back('J');
                i += 2;
            } else {
                key.push_back('T');
            }
            break;
        case 'G':
            if (next == 'H' && i + 2 < w.size() && !isVowel(at(i + 2))) {
                break; // "night"
            }
            if (next == 'H' && i + 2 >= w.size()) {
                break; // "high"
            }
            if (next == 'N' && (i + 2 == w.size() || (at(i + 2) == 'E' && at(i + 3) == 'D' && i + 4 == w.size()))) {
                break; // "sign", "signed"
            }
            key.push_back(frontVowel(next) && prev != 'G' ? 'J' : 'K');
            if (next == 'H') {
                ++i;
            }
            break;
        case 'H':
            if (isVowel(next) && !(prev == 'C' || prev == 'G' || prev == 'P' || prev == 'S' || prev == 'T')) {
                key.push_back('H');
            }
            break;
        case 'K':
            if (prev != 'C') {
                key.push_back('K');
            }
            break;
        case 'P':
            key.push_back(next == 'H' ? 'F' : 'P');
            break;
        case 'Q':
            key.push_back('K');
            break;
        case 'S':
            if (next == 'H') {
                key.push_back('X');
                ++i;
            } else if (next == 'I' && (at(i + 2) == 'O' || at(i + 2) == 'A')) {
                key.push_back('X');
            } else {
                key.push_back('S');
            }
            break;
        case 'T':
            if (next == 'I' && (at(i + 2) == 'O' || at(i + 2) == 'A')) {
                key.push_back('X');
            } else if (next == 'H') {
                key.push_back('0'); // "th", as Metaphone writes it
                ++i;
            } else if (!(next == 'C' && at(i + 2) == 'H')) {
                key.push_back('T');
            }
            break;
        case 'V':
            key.push_back('F');
            break;
        case 'W':
        case 'Y':
            if (isVowel(next)) {
                key.push_back(c);
            }
            break;
        case 'X':
            key += "KS";
            break;
        case 'Z':
            key.push_back('S');
            break;
        default: // F J L M N R
            key.push_back(c);
            break;
        }
    }
    if (maxLength != 0 && key.size() > maxLength) {
        key.resize(maxLength);
    }
    return key;
}

} // namespace harbour::analysis

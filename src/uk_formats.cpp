#include "harbour/uk_formats.h"

#include "harbour/unicode.h"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

// Every matcher here is hand-written: libstdc++'s std::regex is slow and these run on every
// mark, postcode and phone of a million reports. Each one mirrors a pattern from STACK.md,
// quoted above it, so the two can be compared line by line.

namespace harbour {

namespace {

bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char toUpper(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

char toLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// True when `c` is an upper-case letter not listed in `excluded`.
bool letterExcept(char c, std::string_view excluded)
{
    return isUpper(c) && excluded.find(c) == std::string_view::npos;
}

bool allOf(std::string_view text, bool (*predicate)(char))
{
    for (char c : text) {
        if (!predicate(c)) {
            return false;
        }
    }
    return true;
}

/// A normalised mark split into alternating runs of letters and digits.
struct Runs {
    std::array<std::string_view, 4> parts{};
    std::array<bool, 4> letters{};
    std::size_t count = 0;
};

/// Splits "AB12CDE" into AB / 12 / CDE. Fails (count 0) on any other character or more than 3 runs.
Runs splitRuns(std::string_view mark)
{
    Runs runs;
    std::size_t start = 0;
    while (start < mark.size()) {
        const bool letter = isUpper(mark[start]);
        if (!letter && !isDigit(mark[start])) {
            return {};
        }
        std::size_t end = start + 1;
        while (end < mark.size() && (letter ? isUpper(mark[end]) : isDigit(mark[end]))) {
            ++end;
        }
        if (runs.count == 3) {
            return {};
        }
        runs.parts[runs.count] = mark.substr(start, end - start);
        runs.letters[runs.count] = letter;
        ++runs.count;
        start = end;
    }
    return runs;
}

bool lengthIn(std::string_view text, std::size_t low, std::size_t high)
{
    return text.size() >= low && text.size() <= high;
}

// ^[A-HJ-PR-Y]{2}[0-9]{2} ?[A-HJ-PR-Z]{3}$
bool isCurrent(const Runs &r)
{
    if (r.count != 3 || !r.letters[0] || r.parts[0].size() != 2 || r.parts[1].size() != 2
        || r.parts[2].size() != 3) {
        return false;
    }
    for (char c : r.parts[0]) {
        if (!letterExcept(c, "IQZ")) {
            return false;
        }
    }
    for (char c : r.parts[2]) {
        if (!letterExcept(c, "IQ")) {
            return false;
        }
    }
    return true;
}

// ^[A-HJ-NP-Y][0-9]{1,3} ?[A-Z]{3}$
bool isPrefix(const Runs &r)
{
    return r.count == 3 && r.letters[0] && r.parts[0].size() == 1 && letterExcept(r.parts[0][0], "IOZ")
        && lengthIn(r.parts[1], 1, 3) && r.parts[2].size() == 3;
}

// ^[A-Z]{3} ?[0-9]{1,3} ?[A-HJ-NP-Y]$
bool isSuffix(const Runs &r)
{
    return r.count == 3 && r.letters[0] && r.parts[0].size() == 3 && lengthIn(r.parts[1], 1, 3)
        && r.parts[2].size() == 1 && letterExcept(r.parts[2][0], "IOZ");
}

// ^[A-Z]?(?:[A-Z][IZ]|[IZ][A-Z]) ?[0-9]{1,4}$
bool isNorthernIreland(const Runs &r)
{
    if (r.count != 2 || !r.letters[0] || !lengthIn(r.parts[0], 2, 3) || !lengthIn(r.parts[1], 1, 4)) {
        return false;
    }
    const std::string_view pair = r.parts[0].substr(r.parts[0].size() - 2);
    auto iz = [](char c) { return c == 'I' || c == 'Z'; };
    return iz(pair[0]) || iz(pair[1]);
}

// ^(?:[A-Z]{1,3} ?[0-9]{1,4}|[0-9]{1,4} ?[A-Z]{1,3})$
bool isDateless(const Runs &r)
{
    if (r.count != 2) {
        return false;
    }
    const std::string_view letters = r.letters[0] ? r.parts[0] : r.parts[1];
    const std::string_view digits = r.letters[0] ? r.parts[1] : r.parts[0];
    return lengthIn(letters, 1, 3) && lengthIn(digits, 1, 4);
}

/// Glob match with ? (one character) and * (any run), linear with one backtrack point.
bool globMatch(std::string_view pattern, std::string_view text)
{
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t starP = std::string_view::npos;
    std::size_t starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

// Outward code, one of:
//   [A-PR-UWYZ][0-9][0-9]?  |  [A-PR-UWYZ][A-HK-Y][0-9][0-9]?  |  [A-PR-UWYZ][0-9][A-HJKPSTUW]
//   | [A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y]
bool isOutward(std::string_view o)
{
    if (!lengthIn(o, 2, 4) || !letterExcept(o[0], "QVX")) {
        return false;
    }
    const bool second = letterExcept(o[1], "IJZ"); // [A-HK-Y]
    if (isDigit(o[1])) {
        if (o.size() == 2) {
            return true;
        }
        return o.size() == 3
            && (isDigit(o[2]) || std::string_view("ABCDEFGHJKPSTUW").find(o[2]) != std::string_view::npos);
    }
    if (!second || !isDigit(o[2])) {
        return false;
    }
    if (o.size() == 3) {
        return true;
    }
    return isDigit(o[3]) || std::string_view("ABEHMNPRVWXY").find(o[3]) != std::string_view::npos;
}

// Inward code: [0-9][ABD-HJLNP-UW-Z]{2}
bool isInward(std::string_view i)
{
    return i.size() == 3 && isDigit(i[0]) && letterExcept(i[1], "CIKMOV") && letterExcept(i[2], "CIKMOV");
}

/// Validates an outward and inward code already in upper case; the normalised postcode or nullopt.
std::optional<std::string> joinPostcode(std::string_view outward, std::string_view inward)
{
    if ((outward == "GIR" && inward == "0AA") || (isOutward(outward) && isInward(inward))) {
        std::string out;
        out.reserve(outward.size() + 1 + inward.size());
        out.append(outward).push_back(' ');
        out.append(inward);
        return out;
    }
    return std::nullopt;
}

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        c = toUpper(c);
    }
    return out;
}

bool isAlnum(char c)
{
    return isDigit(c) || isUpper(toUpper(c));
}

/// Latin-1 Supplement letters U+00C0..U+00FF folded to ASCII; "" for the two signs (x and /).
constexpr std::array<std::string_view, 64> kLatin1Fold = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

/// Latin Extended-A (U+0100..U+017F) folded to ASCII: Polish, Czech, Romanian, Turkish names.
constexpr std::string_view kLatinExtAFold = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllllllln"
                                            "nnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

} // namespace

std::string_view toString(VrmFormat format)
{
    switch (format) {
    case VrmFormat::Current: return "current";
    case VrmFormat::Prefix: return "prefix";
    case VrmFormat::Suffix: return "suffix";
    case VrmFormat::Dateless: return "dateless";
    case VrmFormat::NorthernIreland: return "northern_ireland";
    case VrmFormat::Partial: return "partial";
    case VrmFormat::Unknown: return "unknown";
    }
    return "unknown";
}

std::string normalizeVrm(std::string_view vrm)
{
    std::string out;
    out.reserve(vrm.size());
    for (char c : vrm) {
        if (c != '-' && !isSpace(c)) {
            out.push_back(toUpper(c));
        }
    }
    return out;
}

VrmFormat classifyVrm(std::string_view vrm)
{
    const std::string mark = normalizeVrm(vrm);
    if (mark.empty()) {
        return VrmFormat::Unknown;
    }
    if (mark.find_first_of("?*") != std::string::npos) {
        // A partial mark must still be made of plate characters and say something.
        for (char c : mark) {
            if (!isUpper(c) && !isDigit(c) && c != '?' && c != '*') {
                return VrmFormat::Unknown;
            }
        }
        return mark.find_first_not_of("?*") == std::string::npos ? VrmFormat::Unknown : VrmFormat::Partial;
    }
    const Runs runs = splitRuns(mark);
    if (isCurrent(runs)) {
        return VrmFormat::Current;
    }
    if (isPrefix(runs)) {
        return VrmFormat::Prefix;
    }
    if (isSuffix(runs)) {
        return VrmFormat::Suffix;
    }
    if (isNorthernIreland(runs)) {
        return VrmFormat::NorthernIreland;
    }
    if (isDateless(runs)) {
        return VrmFormat::Dateless;
    }
    return VrmFormat::Unknown;
}

bool vrmMatches(std::string_view pattern, std::string_view fullMark)
{
    const std::string p = normalizeVrm(pattern);
    const std::string mark = normalizeVrm(fullMark);
    if (p.empty() || mark.empty()) {
        return false;
    }
    return globMatch(p, mark);
}

std::optional<std::string> normalizePostcode(std::string_view text)
{
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isSpace(text[begin])) {
        ++begin;
    }
    while (end > begin && isSpace(text[end - 1])) {
        --end;
    }
    const std::string code = upper(text.substr(begin, end - begin));
    // Spaces are allowed only between the outward and the inward code.
    std::string compact;
    compact.reserve(code.size());
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (isSpace(code[i])) {
            if (code.size() - i < 4 || code.find_first_not_of(" \t", i) != code.size() - 3) {
                return std::nullopt;
            }
            i = code.size() - 4;
            continue;
        }
        compact.push_back(code[i]);
    }
    if (!lengthIn(compact, 5, 7)) {
        return std::nullopt;
    }
    const std::string_view view(compact);
    return joinPostcode(view.substr(0, view.size() - 3), view.substr(view.size() - 3));
}

std::optional<std::string> postcodeInAddress(std::string_view address)
{
    // Tokens are runs of letters and digits; a postcode is one token ("DY11AA") or two separated
    // only by blanks ("DY1 1AA"). Scanning from the end finds the last one first.
    std::vector<std::pair<std::size_t, std::size_t>> tokens;
    for (std::size_t i = 0; i < address.size();) {
        if (!isAlnum(address[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < address.size() && isAlnum(address[j])) {
            ++j;
        }
        tokens.emplace_back(i, j);
        i = j;
    }
    for (std::size_t k = tokens.size(); k-- > 0;) {
        const auto [start, end] = tokens[k];
        const std::string_view inward = address.substr(start, end - start);
        if (inward.size() == 3 && k > 0) {
            const auto [pStart, pEnd] = tokens[k - 1];
            const std::string_view gap = address.substr(pEnd, start - pEnd);
            if (allOf(gap, [](char c) { return c == ' ' || c == '\t'; })) {
                if (auto code = joinPostcode(upper(address.substr(pStart, pEnd - pStart)), upper(inward))) {
                    return code;
                }
            }
        }
        if (lengthIn(inward, 5, 7)) {
            if (auto code = normalizePostcode(inward)) {
                return code;
            }
        }
    }
    return std::nullopt;
}

std::string postcodeDistrict(std::string_view postcode)
{
    const auto code = normalizePostcode(postcode);
    if (!code) {
        return {};
    }
    return code->substr(0, code->find(' '));
}

std::string postcodeSector(std::string_view postcode)
{
    const auto code = normalizePostcode(postcode);
    if (!code) {
        return {};
    }
    return code->substr(0, code->size() - 2);
}

std::optional<std::string> normalizeUkPhone(std::string_view text)
{
    std::string digits;
    digits.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '(' && text.substr(i, 3) == "(0)") {
            i += 2;
        } else if (isDigit(c)) {
            digits.push_back(c);
        } else if (c == '+' && digits.empty()) {
            digits.push_back(c);
        } else if (!(isSpace(c) || c == '-' || c == '(' || c == ')')) {
            return std::nullopt;
        }
    }
    if (digits.starts_with("+44")) {
        digits.replace(0, 3, "0");
    } else if (digits.starts_with("0044")) {
        digits.replace(0, 4, "0");
    }
    // ^0(?:1\d{8,9}|2\d{9}|3\d{9}|7\d{9}|8\d{8,9}|9\d{9})$
    if (digits.size() < 2 || digits[0] != '0' || !allOf(digits, isDigit)) {
        return std::nullopt;
    }
    const std::size_t rest = digits.size() - 2;
    switch (digits[1]) {
    case '1':
    case '8':
        if (rest == 8 || rest == 9) {
            return digits;
        }
        break;
    case '2':
    case '3':
    case '7':
    case '9':
        if (rest == 9) {
            return digits;
        }
        break;
    default: break;
    }
    return std::nullopt;
}

std::string normalizePhoneLoose(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (isDigit(c) || (c == '+' && out.empty())) {
            out.push_back(c);
        }
    }
    return out == "+" ? std::string() : out;
}

std::string normalizeText(std::string_view text)
{
    // Composed and case-folded first, so that a name typed with combining accents ("Zoe" and
    // U+0308) or in another script's capitals gives the same key as the usual spelling.
    std::string folded;
    if (!isAscii(text)) {
        folded = foldCase(text);
        text = folded;
    }
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    auto emit = [&](std::string_view piece) {
        if (piece.empty()) {
            pendingSpace = true;
            return;
        }
        if (pendingSpace && !out.empty()) {
            out.push_back(' ');
        }
        pendingSpace = false;
        out.append(piece);
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            const char c = static_cast<char>(byte);
            if (isDigit(c) || isUpper(toUpper(c))) {
                const char lower = toLower(c);
                emit(std::string_view(&lower, 1));
            } else {
                pendingSpace = true;
            }
            ++i;
            continue;
        }
        // A UTF-8 sequence: fold the Latin letters we know, keep other letters as written,
        // and treat Latin-1 signs and General Punctuation (curly quotes, dashes) as spaces.
        std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
        if (i + length > text.size()) {
            length = text.size() - i;
        }
        bool valid = length > 1;
        for (std::size_t k = 1; k < length; ++k) {
            valid = valid && (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        }
        if (!valid) {
            pendingSpace = true;
            ++i;
            continue;
        }
        const auto next = static_cast<unsigned char>(text[i + 1]);
        if (length == 2) {
            const unsigned code = ((byte & 0x1Fu) << 6) | (next & 0x3Fu);
            if (code < 0xC0) {
                pendingSpace = true;
            } else if (code < 0x100) {
                emit(kLatin1Fold[code - 0xC0]);
            } else if (code < 0x180) {
                emit(kLatinExtAFold.substr(code - 0x100, 1));
            } else {
                emit(text.substr(i, length));
            }
        } else if (length == 3 && byte == 0xE2 && (next == 0x80 || next == 0x81)) {
            pendingSpace = true;
        } else {
            emit(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

std::string foldLetters(std::string_view text)
{
    if (isAscii(text)) {
        std::string out(text);
        for (char &c : out) {
            c = toLower(c);
        }
        return out;
    }
    const std::string folded = foldCase(text);
    std::string out;
    out.reserve(folded.size());
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const auto byte = static_cast<unsigned char>(folded[i]);
        if ((byte == 0xC3 || byte == 0xC4 || byte == 0xC5) && i + 1 < folded.size() &&
            (static_cast<unsigned char>(folded[i + 1]) & 0xC0) == 0x80) {
            const unsigned code = ((byte & 0x1Fu) << 6) | (static_cast<unsigned char>(folded[i + 1]) & 0x3Fu);
            const std::string_view fold =
                code < 0x100 ? kLatin1Fold[code - 0xC0] : kLatinExtAFold.substr(code - 0x100, 1);
            if (!fold.empty()) {
                out.append(fold);
                ++i;
                continue;
            }
        }
        out.push_back(folded[i]);
    }
    return out;
}

namespace {

/// Applies `replace` to each space-separated word of already normalised text.
template <typename Replace>
std::string mapWords(const std::string &text, Replace replace)
{
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        const std::string_view word = replace(std::string_view(text).substr(start, end - start));
        if (!word.empty()) {
            if (!out.empty()) {
                out.push_back(' ');
            }
            out.append(word);
        }
        start = end + 1;
    }
    return out;
}

} // namespace

std::string normalizeName(std::string_view name)
{
    return mapWords(normalizeText(name), [](std::string_view word) -> std::string_view {
        if (word == "mr" || word == "mrs" || word == "miss" || word == "ms" || word == "dr") {
            return {};
        }
        return word;
    });
}

std::string normalizeAddress(std::string_view address)
{
    struct Abbreviation {
        std::string_view shortForm;
        std::string_view longForm;
    };
    static constexpr std::array<Abbreviation, 18> kAbbreviations = {{
        {"rd", "road"},     {"st", "street"},   {"ave", "avenue"},  {"av", "avenue"},    {"ln", "lane"},
        {"dr", "drive"},    {"cl", "close"},    {"ct", "court"},    {"cres", "crescent"}, {"gdns", "gardens"},
        {"gr", "grove"},    {"pl", "place"},    {"sq", "square"},   {"tce", "terrace"},  {"pde", "parade"},
        {"hse", "house"},   {"apt", "flat"},    {"bldgs", "buildings"},
    }};
    return mapWords(normalizeText(address), [](std::string_view word) -> std::string_view {
        for (const auto &abbreviation : kAbbreviations) {
            if (word == abbreviation.shortForm) {
                return abbreviation.longForm;
            }
        }
        return word;
    });
}

} // namespace harbour

#include "harbour/importers/narrative_extractor.h"

#include "harbour/uk_formats.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

// One pass per kind of thing, each linear in the text: phones first, then postcodes, then
// vehicle marks over what is left, so that "B12 9QT" or "0121 496 0000" never read as marks.

namespace harbour::importers {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}

bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}

bool isAlnum(char c)
{
    return isDigit(c) || isUpper(c) || isLower(c);
}

char toLower(char c)
{
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (toLower(a[i]) != toLower(b[i])) {
            return false;
        }
    }
    return true;
}

/// Appends `value` unless already seen, keeping the order of first appearance.
class UniqueList {
public:
    explicit UniqueList(std::vector<std::string> &out) : m_out(out) {}
    void add(std::string value)
    {
        if (m_seen.insert(value).second) {
            m_out.push_back(std::move(value));
        }
    }

private:
    std::vector<std::string> &m_out;
    std::unordered_set<std::string> m_seen;
};

struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool consumed = false;
    std::size_t size() const { return end - begin; }
};

std::vector<Token> tokenize(std::string_view text)
{
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < text.size();) {
        if (!isAlnum(text[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && isAlnum(text[j])) {
            ++j;
        }
        tokens.push_back({i, j});
        i = j;
    }
    return tokens;
}

// ---- phones ---------------------------------------------------------------------------

/// Longest run a written UK number can take: "+44 (0)121 496 0000" and some slack.
constexpr std::size_t kMaxPhoneSpan = 24;

bool phoneJoiner(char c)
{
    return c == ' ' || c == '-' || c == '(' || c == ')';
}

/// Finds phones and returns the byte ranges they cover, so later passes skip them.
std::vector<std::pair<std::size_t, std::size_t>> extractPhones(std::string_view text, UniqueList &phones)
{
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const bool atWordStart = i == 0 || !isAlnum(text[i - 1]);
        const bool opener = (c == '+' || c == '(') && i + 1 < text.size() && isDigit(text[i + 1]);
        if (!atWordStart || !(isDigit(c) || opener) || (isDigit(c) && i > 0 && text[i - 1] == '+')) {
            ++i;
            continue;
        }
        // Collect the span of digits and joiners, remembering where each digit run ends.
        std::size_t end = i + (opener ? 1 : 0);
        std::array<std::size_t, kMaxPhoneSpan> runEnds{};
        std::size_t runCount = 0;
        while (end < text.size() && end - i < kMaxPhoneSpan && (isDigit(text[end]) || phoneJoiner(text[end]))) {
            if (isDigit(text[end]) && (end + 1 >= text.size() || !isDigit(text[end + 1]))) {
                runEnds[runCount++] = end + 1;
            }
            ++end;
        }
        bool found = false;
        for (std::size_t r = runCount; r-- > 0 && !found;) {
            const std::size_t stop = runEnds[r];
            if (stop < text.size() && isAlnum(text[stop])) {
                continue; // the number runs on into a word: not a phone
            }
            std::size_t spanEnd = stop;
            // "(0121) 496 0000" takes its closing bracket with it.
            if (spanEnd < text.size() && text[spanEnd] == ')'
                && text.substr(i, spanEnd - i).find('(') != std::string_view::npos) {
                ++spanEnd;
            }
            if (auto phone = normalizeUkPhone(text.substr(i, stop - i))) {
                phones.add(std::move(*phone));
                spans.emplace_back(i, spanEnd);
                i = spanEnd;
                found = true;
            }
        }
        if (!found) {
            // Try again at the next digit run, so "at 3 07700 900123" still finds the number.
            ++i;
            while (i < text.size() && isDigit(text[i])) {
                ++i;
            }
        }
    }
    return spans;
}

// ---- postcodes ------------------------------------------------------------------------

bool blanksOnly(std::string_view gap)
{
    for (char c : gap) {
        if (c != ' ' && c != '\t') {
            return false;
        }
    }
    return !gap.empty();
}

void extractPostcodes(std::string_view text, std::vector<Token> &tokens, UniqueList &postcodes)
{
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        Token &token = tokens[k];
        if (token.consumed || token.size() > 7) {
            continue;
        }
        if (k + 1 < tokens.size()) {
            Token &inward = tokens[k + 1];
            if (!inward.consumed && inward.size() == 3 && token.size() <= 4
                && blanksOnly(text.substr(token.end, inward.begin - token.end))) {
                if (auto code = normalizePostcode(text.substr(token.begin, inward.end - token.begin))) {
                    postcodes.add(std::move(*code));
                    token.consumed = inward.consumed = true;
                    ++k;
                    continue;
                }
            }
        }
        if (token.size() >= 5) {
            if (auto code = normalizePostcode(text.substr(token.begin, token.size()))) {
                postcodes.add(std::move(*code));
                token.consumed = true;
            }
        }
    }
}

// ---- vehicle registration marks -------------------------------------------------------

/// Words that say a mark follows: "reg AB 1", "plate K 1".
constexpr std::array<std::string_view, 7> kPlateWords = {
    "reg", "registration", "plate", "plates", "numberplate", "vrm", "index",
};

/// Words about vehicles: a mark nearby is likely, but so is a road ("drove down the A38").
constexpr std::array<std::string_view, 17> kVehicleWords = {
    "car",  "cars",  "vehicle", "van",   "taxi",  "cab",   "motorbike", "bike",   "moped",
    "lorry", "motor", "drive",  "drives", "driving", "driven", "drove",  "parked",
};

/// Letters that after a number make a unit, an ordinal, a time or money, not a dateless mark.
constexpr std::array<std::string_view, 34> kNumberSuffixes = {
    "ST", "ND", "RD", "TH", "AM", "PM", "H", "HR", "HRS", "MIN", "YR", "YRS", "G", "GB", "MB", "KB", "TB",
    "KG", "KM", "CM", "MM", "ML", "MPH", "MI", "FT", "LB", "LBS", "OZ", "K", "M", "P", "GBP", "EUR", "USD",
};

enum class Context { None, Vehicle, Plate };

template <std::size_t N>
bool isOneOf(std::string_view word, const std::array<std::string_view, N> &words)
{
    for (std::string_view candidate : words) {
        if (equalsIgnoreCase(word, candidate)) {
            return true;
        }
    }
    return false;
}

/// What the three tokens before and the one after [first, last] say about a candidate mark.
Context contextOf(std::string_view text, const std::vector<Token> &tokens, std::size_t first, std::size_t last)
{
    Context context = Context::None;
    auto look = [&](std::size_t k) {
        const std::string_view word = text.substr(tokens[k].begin, tokens[k].size());
        if (isOneOf(word, kPlateWords)) {
            context = Context::Plate;
        } else if (context == Context::None && isOneOf(word, kVehicleWords)) {
            context = Context::Vehicle;
        }
    };
    for (std::size_t k = first >= 3 ? first - 3 : 0; k < first; ++k) {
        look(k);
    }
    if (last + 1 < tokens.size()) {
        look(last + 1);
    }
    return context;
}

bool lettersAllUpper(std::string_view span)
{
    for (char c : span) {
        if (isLower(c)) {
            return false;
        }
    }
    return true;
}

/// Dateless shapes that ordinary text is full of: roads (A38, M6, B4176), units, ordinals, times.
bool looksLikeNonMark(std::string_view mark)
{
    if (isDigit(mark[0])) {
        const std::size_t letters = mark.find_first_not_of("0123456789");
        const std::string_view suffix = mark.substr(letters);
        for (std::string_view s : kNumberSuffixes) {
            if (suffix == s) {
                return true;
            }
        }
        return false;
    }
    if ((mark[0] == 'A' || mark[0] == 'B' || mark[0] == 'M') && isDigit(mark[1])) {
        return true;
    }
    return mark.starts_with("MP") || mark.starts_with("PS");
}

/// Whether a candidate is taken as a mark. Current marks are distinctive enough on their own.
/// Older formats split by a space ("M6 and") must be in capitals and, in text written all in
/// capitals, where that says nothing, next to a vehicle word. Dateless marks ("K1") need capitals
/// and must not be a road, unit or time; split by a space ("ON 12") or in lower case they need a
/// plate word ("reg k 1").
bool acceptMark(VrmFormat format, std::string_view span, std::string_view mark, bool joined, Context context,
                bool allCapsText)
{
    switch (format) {
    case VrmFormat::Current:
        return true;
    case VrmFormat::Prefix:
    case VrmFormat::Suffix:
    case VrmFormat::NorthernIreland:
        return !joined || (lettersAllUpper(span) && (context != Context::None || !allCapsText));
    case VrmFormat::Dateless:
        if (context == Context::Plate) {
            return true;
        }
        return !joined && lettersAllUpper(span) && !looksLikeNonMark(mark)
            && (context == Context::Vehicle || !allCapsText);
    case VrmFormat::Partial:
    case VrmFormat::Unknown:
        return false;
    }
    return false;
}

/// Joiners allowed inside a mark: one space or one hyphen ("AB12 CDE", "AB12-CDE"), and only
/// where letters meet digits, so that "A AB12" or "MET AB12" never glue a word onto a mark.
bool markJoiner(std::string_view text, const Token &left, const Token &right)
{
    return right.begin == left.end + 1 && (text[left.end] == ' ' || text[left.end] == '-')
        && isDigit(text[left.end - 1]) != isDigit(text[right.begin]);
}

/// Text with more capitals than small letters: capitals there do not single out a mark.
bool writtenInCapitals(std::string_view text)
{
    std::size_t upper = 0;
    std::size_t lower = 0;
    for (char c : text) {
        upper += isUpper(c) ? 1 : 0;
        lower += isLower(c) ? 1 : 0;
    }
    return upper > lower;
}

void extractVrms(std::string_view text, std::vector<Token> &tokens, UniqueList &vrms)
{
    const bool allCapsText = writtenInCapitals(text);
    constexpr std::size_t kMaxMarkLength = 7;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        if (tokens[k].consumed) {
            continue;
        }
        // Longest first: "ABC 123 D" beats "ABC 123".
        std::size_t last = k;
        std::size_t length = tokens[k].size();
        while (last + 1 < tokens.size() && last - k < 2 && !tokens[last + 1].consumed
               && markJoiner(text, tokens[last], tokens[last + 1])
               && length + tokens[last + 1].size() <= kMaxMarkLength) {
            length += tokens[last + 1].size();
            ++last;
        }
        if (length > kMaxMarkLength) {
            continue;
        }
        for (std::size_t end = last + 1; end-- > k;) {
            const std::string_view span = text.substr(tokens[k].begin, tokens[end].end - tokens[k].begin);
            const std::string mark = normalizeVrm(span);
            const VrmFormat format = classifyVrm(mark);
            if (format == VrmFormat::Unknown) {
                continue;
            }
            if (acceptMark(format, span, mark, end > k, contextOf(text, tokens, k, end), allCapsText)) {
                vrms.add(mark);
                for (std::size_t t = k; t <= end; ++t) {
                    tokens[t].consumed = true;
                }
                k = end;
                break;
            }
        }
    }
}

// ---- nicknames ------------------------------------------------------------------------

struct Trigger {
    std::string_view phrase;
    bool bareWord; ///< true: a capitalised word straight after is taken without quotes
};

constexpr std::array<Trigger, 10> kTriggers = {{
    {"known as", true},
    {"aka", true},
    {"a.k.a.", true},
    {"a.k.a", true},
    {"nicknamed", true},
    {"goes by", true},
    {"nickname", false},
    {"called", false},
    {"calls", false},
    {"name of", false},
}};

/// Longest nickname taken from quotes; longer quoted text is speech, not a name.
constexpr std::size_t kMaxNickname = 40;
/// Words allowed between a trigger and an opening quote: called him "Taz", nickname was 'Taz'.
constexpr int kMaxWordsBeforeQuote = 3;

/// Length of an opening quote at `pos` (ASCII or curly), 0 when none.
std::size_t openingQuote(std::string_view text, std::size_t pos)
{
    if (text[pos] == '"' || text[pos] == '\'') {
        return 1;
    }
    if (text.substr(pos, 3) == "\xE2\x80\x9C" || text.substr(pos, 3) == "\xE2\x80\x98") {
        return 3;
    }
    return 0;
}

/// The text inside the quotes opening at `pos`, if they close on the same line soon enough.
std::optional<std::string_view> quoted(std::string_view text, std::size_t pos)
{
    const std::size_t open = openingQuote(text, pos);
    if (open == 0) {
        return std::nullopt;
    }
    const bool single = text[pos] == '\'' || text.substr(pos, 3) == "\xE2\x80\x98";
    const std::size_t start = pos + open;
    for (std::size_t i = start; i < text.size() && i - start <= kMaxNickname; ++i) {
        const char c = text[i];
        if (c == '\n') {
            return std::nullopt;
        }
        bool closes = false;
        if (single) {
            // An apostrophe inside a word ("Taz's") is not the closing quote.
            closes = (c == '\'' && (i + 1 >= text.size() || !isAlnum(text[i + 1])))
                || text.substr(i, 3) == "\xE2\x80\x99";
        } else {
            closes = c == '"' || text.substr(i, 3) == "\xE2\x80\x9D";
        }
        if (closes) {
            std::string_view inside = text.substr(start, i - start);
            while (!inside.empty() && inside.front() == ' ') {
                inside.remove_prefix(1);
            }
            while (!inside.empty() && inside.back() == ' ') {
                inside.remove_suffix(1);
            }
            if (inside.empty()) {
                return std::nullopt;
            }
            return inside;
        }
    }
    return std::nullopt;
}

bool nicknameChar(char c)
{
    return isAlnum(c) || c == '_' || c == '-' || c == '\'';
}

/// One or two capitalised words at `pos`: known as Taz, known as Big Mo.
std::optional<std::string_view> capitalisedWords(std::string_view text, std::size_t pos)
{
    auto wordEnd = [text](std::size_t from) {
        std::size_t end = from;
        while (end < text.size() && nicknameChar(text[end])) {
            ++end;
        }
        while (end > from && text[end - 1] == '\'') {
            --end; // a closing apostrophe or possessive: Taz' car
        }
        return end;
    };
    if (pos >= text.size() || !isUpper(text[pos])) {
        return std::nullopt;
    }
    std::size_t end = wordEnd(pos);
    if (end + 1 < text.size() && text[end] == ' ' && isUpper(text[end + 1])) {
        end = wordEnd(end + 1);
    }
    return text.substr(pos, end - pos);
}

std::optional<std::string_view> nicknameAfter(std::string_view text, std::size_t pos, bool bareWord)
{
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == ':')) {
        ++pos;
    }
    if (pos >= text.size()) {
        return std::nullopt;
    }
    if (openingQuote(text, pos) != 0) {
        return quoted(text, pos);
    }
    if (bareWord) {
        if (auto words = capitalisedWords(text, pos)) {
            return words;
        }
    }
    // Skip a few words looking for the quote: called him "Taz".
    for (int word = 0; word < kMaxWordsBeforeQuote; ++word) {
        while (pos < text.size() && isAlnum(text[pos])) {
            ++pos;
        }
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == ':' || text[pos] == ',')) {
            ++pos;
        }
        if (pos >= text.size()) {
            return std::nullopt;
        }
        if (openingQuote(text, pos) != 0) {
            return quoted(text, pos);
        }
        if (!isAlnum(text[pos])) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

void extractNicknames(std::string_view text, UniqueList &nicknames)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!isAlnum(text[i]) || (i > 0 && isAlnum(text[i - 1]))) {
            continue;
        }
        const char first = toLower(text[i]);
        for (const Trigger &trigger : kTriggers) {
            const std::size_t end = i + trigger.phrase.size();
            if (trigger.phrase[0] != first || end > text.size()
                || !equalsIgnoreCase(text.substr(i, trigger.phrase.size()), trigger.phrase)
                || (end < text.size() && isAlnum(text[end]))) {
                continue;
            }
            if (auto nickname = nicknameAfter(text, end, trigger.bareWord)) {
                nicknames.add(std::string(*nickname));
            }
            break;
        }
    }
}

} // namespace

Extraction extractFromNarrative(std::string_view text)
{
    Extraction out;
    UniqueList phones(out.phones);
    UniqueList postcodes(out.postcodes);
    UniqueList vrms(out.vrms);
    UniqueList nicknames(out.nicknames);

    std::vector<Token> tokens = tokenize(text);
    const auto phoneSpans = extractPhones(text, phones);
    // Both lists are in text order, so one merge marks every token inside a phone.
    std::size_t s = 0;
    for (Token &token : tokens) {
        while (s < phoneSpans.size() && phoneSpans[s].second <= token.begin) {
            ++s;
        }
        if (s < phoneSpans.size() && token.begin >= phoneSpans[s].first && token.end <= phoneSpans[s].second) {
            token.consumed = true;
        }
    }
    extractPostcodes(text, tokens, postcodes);
    extractVrms(text, tokens, vrms);
    extractNicknames(text, nicknames);
    return out;
}

} // namespace harbour::importers

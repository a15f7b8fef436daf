#include "harbour/analysis/suggestions.h"

#include "harbour/dense_index.h"

#include "entity_types.h"
#include "partial_marks.h"
#include "person_evidence.h"
#include "string_similarity.h"

#include "harbour/uk_formats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>

namespace harbour::analysis {

std::string_view toString(SuggestionEvidenceKind kind)
{
    switch (kind) {
    case SuggestionEvidenceKind::NameSimilarity:
        return "name_similarity";
    case SuggestionEvidenceKind::PhoneticName:
        return "phonetic_name";
    case SuggestionEvidenceKind::DobAgrees:
        return "dob_agrees";
    case SuggestionEvidenceKind::DobPartialAgrees:
        return "dob_partial_agrees";
    case SuggestionEvidenceKind::DobConflicts:
        return "dob_conflicts";
    case SuggestionEvidenceKind::SharedAlias:
        return "shared_alias";
    case SuggestionEvidenceKind::SharedPhone:
        return "shared_phone";
    case SuggestionEvidenceKind::SharedAddress:
        return "shared_address";
    case SuggestionEvidenceKind::SharedVehicle:
        return "shared_vehicle";
    case SuggestionEvidenceKind::SharedAccount:
        return "shared_account";
    case SuggestionEvidenceKind::SamePostcode:
        return "same_postcode";
    case SuggestionEvidenceKind::PartialMark:
        return "partial_mark";
    case SuggestionEvidenceKind::VehicleDetails:
        return "vehicle_details";
    case SuggestionEvidenceKind::SharedPerson:
        return "shared_person";
    }
    return "unknown";
}

namespace {

using Kind = SuggestionEvidenceKind;

// The order evidence of shared neighbours is listed in.
enum class NeighbourKind : std::uint8_t { Alias, Phone, Account, Vehicle, Place };

struct Neighbour {
    EntityId id = 0;
    NeighbourKind kind = NeighbourKind::Alias;
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
    std::string joined; ///< the words without spaces, for names split or joined differently
    std::vector<Neighbour> neighbours; ///< sorted by (kind, id); hubs left out
    std::vector<RecordRowId> records;  ///< sorted
    // Cold: only for pairs that pass the name gate.
    std::string name; ///< normalised; empty for persons known only by alias
    std::string address;
    std::string postcode;
    std::string district;
};

std::vector<std::string> splitWords(const std::string &text, bool dropFiller)
{
    std::vector<std::string> words;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find(' ', begin);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string word = text.substr(begin, end - begin);
        // Trading names carry words that say nothing about which business it is.
        const bool filler = dropFiller && (word == "the" || word == "and" || word == "of" || word == "ltd" ||
                                           word == "limited");
        if (!word.empty() && !filler) {
            words.push_back(std::move(word));
        }
        begin = end + 1;
    }
    return words;
}

std::string normalisedPostcode(const std::string &text)
{
    if (text.empty()) {
        return {};
    }
    if (auto code = normalizePostcode(text)) {
        return *code;
    }
    std::string loose;
    for (const char c : text) {
        if (c != ' ') {
            loose.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
    }
    return loose;
}

Profile makeProfile(const EntityInfo &entity)
{
    Profile p;
    p.entity = &entity;
    p.id = entity.id;
    p.merged = !entity.mergedFrom.empty();
    const bool person = entity.type == EntityType::Person;
    std::string rawName = entity.attribute("name");
    if (rawName.empty() && !person) {
        rawName = entity.label;
    }
    const std::vector<std::string> words =
        splitWords(person ? normalizeName(rawName) : normalizeText(rawName), !person);
    if (!words.empty()) {
        for (const auto &word : words) {
            p.name += (p.name.empty() ? "" : " ") + word;
            p.joined += word;
        }
        p.first = words.front();
        p.last = words.back();
        p.firstKey = nysiis(p.first);
        p.lastKey = nysiis(p.last);
        p.words = static_cast<int>(words.size());
    }
    if (const std::string dob = entity.attribute("dob"); !dob.empty()) {
        p.dob = parsePartialDate(dob);
    }
    p.gender = genderOf(entity.attribute("gender"));
    p.address = normalizeAddress(entity.attribute("address"));
    p.postcode = normalisedPostcode(entity.attribute("postcode"));
    p.district = postcodeDistrict(p.postcode);
    return p;
}

/// Folds one value into a running fingerprint (MurmurHash3's 64-bit finaliser over a
/// boost::hash_combine step).
std::uint64_t fold(std::uint64_t print, std::uint64_t value)
{
    std::uint64_t x = print ^ (value + 0x9e3779b97f4a7c15ULL + (print << 6) + (print >> 2));
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

std::uint64_t fold(std::uint64_t print, std::string_view text)
{
    return fold(fold(print, text.size()), std::hash<std::string_view>{}(text));
}

/// Everything PairScorer::score reads of a profile but its id, which the memo keys pairs by: a
/// field added to Profile and read by score must be folded in here too.
std::uint64_t fingerprint(const Profile &p)
{
    std::uint64_t print = fold(0, static_cast<std::uint64_t>(p.entity->type));
    print = fold(print, p.entity->mergedFrom.size());
    for (const EntityId from : p.entity->mergedFrom) {
        print = fold(print, static_cast<std::uint64_t>(from));
    }
    print = fold(print, static_cast<std::uint64_t>(static_cast<unsigned char>(p.gender)));
    print = fold(print, static_cast<std::uint64_t>(p.words));
    print = fold(print, p.dob ? (std::uint64_t{1} << 40) | (static_cast<std::uint64_t>(p.dob->year) << 16) |
                                    (static_cast<std::uint64_t>(p.dob->month) << 8) |
                                    static_cast<std::uint64_t>(p.dob->day)
                              : 0);
    for (const std::string *text : {&p.first, &p.last, &p.firstKey, &p.lastKey, &p.joined, &p.name, &p.address,
                                    &p.postcode, &p.district}) {
        print = fold(print, *text);
    }
    print = fold(print, p.neighbours.size());
    for (const Neighbour &n : p.neighbours) {
        print = fold(fold(print, static_cast<std::uint64_t>(n.id)), static_cast<std::uint64_t>(n.kind));
    }
    print = fold(print, p.records.size());
    for (const RecordRowId record : p.records) {
        print = fold(print, static_cast<std::uint64_t>(record));
    }
    return print;
}

/// In a memo's pairs, the bit that says the pair scored.
constexpr std::uint64_t kScored = std::uint64_t{1} << 63;

/// What an earlier memo knows of this search: which profiles are as they were (same id, same
/// fingerprint), and what the pairs of two such profiles came to when it compared them. Pairs
/// are asked about in ascending order, as the memo holds them, so one walk through it answers all.
class Recall {
public:
    Recall(const SuggestionMemo *earlier, const SuggestionPolicy &policy, const std::vector<EntityId> &ids,
           const std::vector<std::uint64_t> &prints)
        : m_memo(earlier != nullptr && earlier->policy == policy && earlier->ids.size() == earlier->fingerprints.size()
                     ? earlier
                     : nullptr)
    {
        if (m_memo == nullptr) {
            return;
        }
        m_before.assign(ids.size(), kChanged);
        std::size_t e = 0;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            while (e < m_memo->ids.size() && m_memo->ids[e] < ids[i]) {
                ++e;
            }
            if (e < m_memo->ids.size() && m_memo->ids[e] == ids[i] && m_memo->fingerprints[e] == prints[i]) {
                m_before[i] = static_cast<std::uint32_t>(e);
            }
        }
    }

    /// Both profiles of the pair are as they were: the memo may know it.
    bool mayKnow(std::uint64_t pair) const
    {
        return m_memo != nullptr && m_before[pair >> 32] != kChanged && m_before[pair & 0xffffffffU] != kChanged;
    }

    /// Fetches what mayKnow reads of the pair's second profile (the first is read in order).
    void prefetch(std::uint64_t pair) const
    {
        if (m_memo != nullptr) {
            __builtin_prefetch(&m_before[pair & 0xffffffffU]);
        }
    }

    /// What the pair came to: its score, -1 when it did not score; nullopt when the memo cannot
    /// say (a profile changed, or the pair was not compared).
    std::optional<double> outcome(std::uint64_t pair)
    {
        if (!mayKnow(pair)) {
            return std::nullopt;
        }
        const std::uint64_t key = (std::uint64_t{m_before[pair >> 32]} << 32) | m_before[pair & 0xffffffffU];
        const auto &pairs = m_memo->pairs;
        while (m_at < pairs.size() && (pairs[m_at] & ~kScored) < key) {
            m_scoreAt += pairs[m_at] >> 63;
            ++m_at;
        }
        if (m_at == pairs.size() || (pairs[m_at] & ~kScored) != key) {
            return std::nullopt;
        }
        if ((pairs[m_at] & kScored) == 0) {
            return -1.0;
        }
        return m_scoreAt < m_memo->scores.size() ? std::optional<double>(m_memo->scores[m_scoreAt]) : std::nullopt;
    }

private:
    static constexpr std::uint32_t kChanged = std::numeric_limits<std::uint32_t>::max();
    const SuggestionMemo *m_memo;
    std::vector<std::uint32_t> m_before; ///< each profile's position in the memo's ids, or kChanged
    std::size_t m_at = 0;                ///< the walk through the memo's pairs
    std::size_t m_scoreAt = 0;           ///< the score of the pair at m_at, if it scored
};

bool isCandidateType(EntityType type)
{
    return type == EntityType::Person || type == EntityType::Premises;
}

std::optional<NeighbourKind> neighbourKindOf(EntityType candidate, EntityType other)
{
    switch (other) {
    case EntityType::Alias:
        return candidate == EntityType::Person ? std::optional{NeighbourKind::Alias} : std::nullopt;
    case EntityType::Phone:
        return NeighbourKind::Phone;
    case EntityType::Account:
        return NeighbourKind::Account;
    case EntityType::Vehicle:
        return NeighbourKind::Vehicle;
    case EntityType::Place:
        return candidate == EntityType::Person ? std::optional{NeighbourKind::Place} : std::nullopt;
    case EntityType::Person:
    case EntityType::Premises:
        return std::nullopt;
    }
    return std::nullopt;
}

std::string percent(double similarity)
{
    return std::to_string(static_cast<int>(std::lround(similarity * 100.0))) + "%";
}

struct NameMatch {
    double similarity = 0.0;
    bool swapped = false;
};

/// The mean Jaro-Winkler of two word pairs, or 0 when the first pair alone shows the mean
/// cannot reach floor (the second is at most 1): most candidate pairs stop after one call.
double meanOfPairs(std::string_view x1, std::string_view y1, std::string_view x2, std::string_view y2, double floor)
{
    const double first = jaroWinkler(x1, y1);
    if ((first + 1.0) / 2.0 < floor) {
        return 0.0;
    }
    return (first + jaroWinkler(x2, y2)) / 2.0;
}

NameMatch compareNames(const Profile &a, const Profile &b, double floor)
{
    NameMatch match;
    if (a.words >= 2 && b.words >= 2) {
        // Forename against forename and surname against surname, or crossed for "Jones Amy";
        // middle names are left out. Whole-name Jaro-Winkler is not used here: a shared surname
        // alone lifts "amy jones"/"ann jones" to 0.93.
        const double straight = meanOfPairs(a.last, b.last, a.first, b.first, floor);
        const double crossed = meanOfPairs(a.first, b.last, a.last, b.first, floor);
        match.similarity = std::max(straight, crossed);
        match.swapped = crossed > straight;
    }
    if (a.words != b.words || a.words < 2) {
        // One word, or words split differently ("mc donald"/"mcdonald"): compare the letters whole.
        const double whole = jaroWinkler(a.joined, b.joined);
        if (whole > match.similarity) {
            match = {whole, false};
        }
    }
    return match;
}

std::string labelOf(const GraphSnapshot &snapshot, EntityId id)
{
    const EntityInfo *entity = snapshot.findEntity(id);
    return entity ? entity->label : std::to_string(id);
}

std::string listLabels(const GraphSnapshot &snapshot, const std::vector<EntityId> &ids, bool quoted)
{
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            text += i + 1 == ids.size() ? " and " : ", ";
        }
        const std::string label = labelOf(snapshot, ids[i]);
        text += quoted ? "'" + label + "'" : label;
    }
    return text;
}

class PairScorer {
public:
    PairScorer(const GraphSnapshot &snapshot, const SuggestionPolicy &policy)
        : m_snapshot(snapshot), m_policy(policy)
    {
    }

    /// The suggestion for a pair, or nullopt. Without `details` only a, b, type and score are
    /// filled (no evidence): the search scores every candidate pair and words only the few it
    /// keeps. The score is the same either way (contributions summed in the same order).
    std::optional<MergeSuggestion> score(const Profile &a, const Profile &b, bool details) const;

private:
    const GraphSnapshot &m_snapshot;
    const SuggestionPolicy &m_policy;
};

std::optional<MergeSuggestion> PairScorer::score(const Profile &a, const Profile &b, bool details) const
{
    // Vetoes first: they are the cheapest tests and settle many pairs.
    if (a.id == b.id) {
        return std::nullopt;
    }
    if ((a.merged && std::find(a.entity->mergedFrom.begin(), a.entity->mergedFrom.end(), b.id) !=
                         a.entity->mergedFrom.end()) ||
        (b.merged && std::find(b.entity->mergedFrom.begin(), b.entity->mergedFrom.end(), a.id) !=
                         b.entity->mergedFrom.end())) {
        return std::nullopt;
    }
    if (m_policy.vetoGenderConflict && a.gender != 0 && b.gender != 0 && a.gender != b.gender) {
        return std::nullopt;
    }
    const bool person = a.entity->type == EntityType::Person;
    NameMatch name;
    const bool named = a.words != 0 && b.words != 0;
    if (named) {
        name = compareNames(a, b, m_policy.nameFloor);
    }
    const bool nameEvidence = named && name.similarity >= m_policy.nameFloor;
    const bool mayShareNeighbours = person && !a.neighbours.empty() && !b.neighbours.empty();
    const auto dobOutcome = a.dob && b.dob ? compareDobs(*a.dob, *b.dob) : DobOutcome::Unknown;
    // Settle most pairs before touching record and neighbour lists, which live elsewhere in memory.
    if ((!nameEvidence && !mayShareNeighbours) || (dobOutcome == DobOutcome::Conflicts && !mayShareNeighbours)) {
        return std::nullopt;
    }
    if (m_policy.vetoCoMentioned && sharesRecord(a.records, b.records)) {
        return std::nullopt;
    }

    // Shared neighbours, grouped by kind; both lists are sorted by (kind, id).
    std::array<std::vector<EntityId>, 5> shared;
    {
        auto i = a.neighbours.begin();
        auto j = b.neighbours.begin();
        const auto less = [](const Neighbour &x, const Neighbour &y) {
            return std::tie(x.kind, x.id) < std::tie(y.kind, y.id);
        };
        while (i != a.neighbours.end() && j != b.neighbours.end()) {
            if (less(*i, *j)) {
                ++i;
            } else if (less(*j, *i)) {
                ++j;
            } else {
                shared[static_cast<std::size_t>(i->kind)].push_back(i->id);
                ++i;
                ++j;
            }
        }
    }
    const auto &aliases = shared[static_cast<std::size_t>(NeighbourKind::Alias)];
    const auto &phones = shared[static_cast<std::size_t>(NeighbourKind::Phone)];
    const auto &accounts = shared[static_cast<std::size_t>(NeighbourKind::Account)];
    const auto &vehicles = shared[static_cast<std::size_t>(NeighbourKind::Vehicle)];
    const auto &places = shared[static_cast<std::size_t>(NeighbourKind::Place)];

    // Without alike names only a shared nickname says two people may be one (false names are
    // common among perpetrators); a shared phone or address alone also fits siblings and friends.
    if (!nameEvidence && (!person || aliases.empty())) {
        return std::nullopt;
    }

    MergeSuggestion suggestion;
    suggestion.a = a.id;
    suggestion.b = b.id;
    suggestion.type = a.entity->type;
    double total = 0.0;
    auto add = [&suggestion, &total, details](Kind kind, const auto &detail, double contribution) {
        total += contribution;
        if (details) {
            suggestion.evidence.push_back({kind, detail(), contribution});
        }
    };

    if (nameEvidence) {
        const double weight = person ? m_policy.personNameWeight : m_policy.premisesNameWeight;
        const double floorSpan = 1.0 - m_policy.nameFloor;
        const double contribution =
            floorSpan > 0.0 ? weight * (name.similarity - m_policy.nameFloor) / floorSpan : weight;
        add(
            Kind::NameSimilarity,
            [&] {
                return "names '" + a.name + "' and '" + b.name + "' are " + percent(name.similarity) + " alike" +
                       (name.swapped ? " with forename and surname swapped" : "");
            },
            contribution);
    }
    if (named && ((a.firstKey == b.firstKey && a.lastKey == b.lastKey) ||
                  (a.firstKey == b.lastKey && a.lastKey == b.firstKey)) &&
        !a.firstKey.empty()) {
        add(
            Kind::PhoneticName,
            [&] {
                const std::string keys =
                    a.firstKey == a.lastKey && a.words == 1 ? a.firstKey : a.firstKey + " " + a.lastKey;
                return std::string(person ? "forename and surname" : "trading names") + " sound alike (NYSIIS " + keys +
                       ")";
            },
            person ? m_policy.phoneticWeight : m_policy.premisesPhoneticWeight);
    }

    if (a.dob && b.dob) {
        const auto da = [&] { return a.dob->toString(); };
        const auto db = [&] { return b.dob->toString(); };
        switch (dobOutcome) {
        case DobOutcome::Agrees:
            add(Kind::DobAgrees, [&] { return "same date of birth " + da(); }, m_policy.dobAgreesWeight);
            break;
        case DobOutcome::Partial:
            add(Kind::DobPartialAgrees, [&] { return "dates of birth " + da() + " and " + db() + " are compatible"; },
                m_policy.dobPartialWeight);
            break;
        case DobOutcome::Slip:
            add(
                Kind::DobConflicts,
                [&] { return "dates of birth " + da() + " and " + db() + " differ by a likely typing slip"; },
                m_policy.dobSlipWeight);
            break;
        case DobOutcome::Conflicts: {
            // Two different full dates usually mean two people; only near-identical names with a
            // shared nickname, phone or account keep the pair alive (a false dob given to police).
            const bool backed = !aliases.empty() || !phones.empty() || !accounts.empty();
            if (!(nameEvidence && name.similarity >= m_policy.dobConflictOverrideName && backed)) {
                return std::nullopt;
            }
            add(Kind::DobConflicts, [&] { return "dates of birth " + da() + " and " + db() + " conflict"; },
                m_policy.dobConflictWeight);
            break;
        }
        case DobOutcome::Unknown:
            break;
        }
    }

    if (!aliases.empty()) {
        add(Kind::SharedAlias, [&] { return "both known as " + listLabels(m_snapshot, aliases, true); },
            m_policy.aliasWeight + m_policy.extraAliasWeight * static_cast<double>(aliases.size() - 1));
    }
    if (!phones.empty()) {
        add(Kind::SharedPhone, [&] { return "both linked to phone " + listLabels(m_snapshot, phones, false); },
            m_policy.phoneWeight);
    }
    if (!accounts.empty()) {
        add(Kind::SharedAccount, [&] { return "both linked to account " + listLabels(m_snapshot, accounts, false); },
            m_policy.accountWeight);
    }
    if (!vehicles.empty()) {
        add(Kind::SharedVehicle, [&] { return "both linked to vehicle " + listLabels(m_snapshot, vehicles, false); },
            m_policy.vehicleWeight);
    }
    const bool sameAddress = !a.address.empty() && a.address == b.address;
    if (sameAddress) {
        add(Kind::SharedAddress, [&] { return "same address '" + a.address + "'"; }, m_policy.addressWeight);
    }
    if (!places.empty()) {
        add(Kind::SharedAddress, [&] { return "both linked to place " + listLabels(m_snapshot, places, true); },
            m_policy.placeWeight);
    }
    if (!a.postcode.empty() && a.postcode == b.postcode) {
        // A person's same address already holds the postcode; premises are sited by it.
        if (!person) {
            add(Kind::SamePostcode, [&] { return "same postcode " + a.postcode; }, m_policy.premisesPostcodeWeight);
        } else if (!sameAddress) {
            add(Kind::SamePostcode, [&] { return "same postcode " + a.postcode; }, m_policy.personPostcodeWeight);
        }
    } else if (!person && !a.district.empty() && a.district == b.district) {
        add(Kind::SamePostcode, [&] { return "same postcode district " + a.district; },
            m_policy.premisesDistrictWeight);
    }

    suggestion.score = std::clamp(total, 0.0, 1.0);
    if (suggestion.score < m_policy.minScore) {
        return std::nullopt;
    }
    return suggestion;
}

/// The first eight bytes of `text` as a number that orders as the bytes do, shorter texts padded
/// with zeros: two texts whose prefixes differ are ordered by them without reading the texts.
std::uint64_t orderPrefix(std::string_view text)
{
    std::uint64_t prefix = 0;
    for (std::size_t i = 0; i < sizeof prefix; ++i) {
        prefix = (prefix << 8) | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0U);
    }
    return prefix;
}

/// One entity's place in one block, with the text that orders it there: entities alike sit side by
/// side. The texts live in one arena; sorting millions of entries by them was a cache miss per
/// comparison, which the heads (their first bytes as a number) spare.
struct BlockEntry {
    std::uint64_t key = 0;
    std::uint64_t head = 0;
    std::string_view order;
    std::uint32_t index = 0;

    friend bool operator<(const BlockEntry &x, const BlockEntry &y)
    {
        return std::tie(x.key, x.head, x.order, x.index) < std::tie(y.key, y.head, y.order, y.index);
    }
};

/// The texts that order a profile in its blocks, appended to one arena that is reserved once for
/// all of them, so that the views handed out stay valid while more are appended. A crowded block
/// is also read with each text reversed, so that a typo near the start of a word, which moves an
/// entity far away in the forward order, does not hide it from its near-twins in the reversed one.
class BlockOrders {
public:
    /// Room for every text of these profiles; no text may be appended beyond it.
    explicit BlockOrders(const std::vector<Profile> &profiles)
    {
        constexpr std::size_t kDob = 10; // "2010-05-14"
        std::size_t most = 0;
        for (const Profile &p : profiles) {
            most += 2 * (p.first.size() + p.last.size() + 2 + kDob) + p.name.size() + 1 + kDob;
        }
        m_text.reserve(most);
    }

    /// "first last dob": inside a block of the last name, the same forenames sit together.
    std::string_view byLast(const Profile &p, std::string_view dob) { return append({p.first, " ", p.last, " ", dob}); }
    /// "last first dob", for the block of the first name (words may come in either order).
    std::string_view byFirst(const Profile &p, std::string_view dob) { return append({p.last, " ", p.first, " ", dob}); }
    /// The name's words sorted, then the dob.
    std::string_view bySortedWords(const Profile &p, std::string_view dob)
    {
        m_words.clear();
        for (std::size_t begin = 0; begin < p.name.size();) {
            const std::size_t end = std::min(p.name.find(' ', begin), p.name.size());
            m_words.push_back(std::string_view(p.name).substr(begin, end - begin));
            begin = end + 1;
        }
        std::sort(m_words.begin(), m_words.end());
        m_parts.clear();
        for (const std::string_view word : m_words) {
            m_parts.push_back(word);
            m_parts.emplace_back(" ");
        }
        m_parts.push_back(dob);
        return append(m_parts);
    }

private:
    std::string_view append(std::span<const std::string_view> parts)
    {
        std::size_t size = 0;
        for (const std::string_view part : parts) {
            size += part.size();
        }
        // Growing would move the arena and leave every view handed out dangling.
        if (m_text.size() + size > m_text.capacity()) {
            throw std::logic_error("BlockOrders: a text longer than the profiles reserved for");
        }
        const std::size_t at = m_text.size();
        for (const std::string_view part : parts) {
            m_text.append(part);
        }
        return std::string_view(m_text).substr(at, size);
    }
    std::string_view append(std::initializer_list<std::string_view> parts)
    {
        return append(std::span<const std::string_view>(parts.begin(), parts.size()));
    }

    std::string m_text;
    std::vector<std::string_view> m_words;
    std::vector<std::string_view> m_parts;
};

/// An entry of a crowded block ordered by its text reversed.
struct ReversedEntry {
    std::uint64_t head = 0;
    std::string_view order;
    std::uint32_t index = 0;

    friend bool operator<(const ReversedEntry &x, const ReversedEntry &y)
    {
        return std::tie(x.head, x.order, x.index) < std::tie(y.head, y.order, y.index);
    }
};

/// Calls visit(begin, end) for each run of neighbouring positions below `size` that `together`
/// joins (together(begin, i) for every i in the run).
template <typename Together, typename Visit>
void forEachRun(std::size_t size, Together together, Visit visit)
{
    for (std::size_t begin = 0; begin < size;) {
        std::size_t end = begin + 1;
        while (end < size && together(begin, end)) {
            ++end;
        }
        visit(begin, end);
        begin = end;
    }
}

std::uint64_t blockKey(char tag, EntityType type, std::string_view value)
{
    std::string text;
    text.reserve(value.size() + 2);
    text.push_back(tag);
    text.push_back(static_cast<char>('0' + static_cast<int>(type)));
    text.append(value);
    return std::hash<std::string>{}(text);
}

/// The cache lines of a profile that a pair's scoring reads before it can refuse the pair.
void prefetchProfile(const Profile &p)
{
    const auto *bytes = reinterpret_cast<const char *>(&p);
    for (std::size_t offset = 0; offset < offsetof(Profile, name); offset += 64) {
        __builtin_prefetch(bytes + offset);
    }
}

/// The record and neighbour lists a pair that passes the name gate reads next.
void prefetchLists(const Profile &p)
{
    __builtin_prefetch(p.records.data());
    __builtin_prefetch(p.neighbours.data());
}

std::uint64_t packPair(std::uint32_t x, std::uint32_t y)
{
    return x < y ? (std::uint64_t{x} << 32) | y : (std::uint64_t{y} << 32) | x;
}

/// Sorts packed pairs of indices below `count` and drops repeats: tens of millions of pairs at a
/// million reports, a fifth of them repeats, where std::sort took seconds. A counting sort by the
/// first index puts each index's partners together (as 32-bit numbers, half the scratch memory),
/// then each index's short list is sorted on its own.
void sortUniquePairs(std::vector<std::uint64_t> &pairs, std::uint32_t count)
{
    std::vector<std::size_t> start(std::size_t{count} + 1, 0);
    for (const std::uint64_t pair : pairs) {
        ++start[pair >> 32];
    }
    std::size_t at = 0;
    for (std::size_t &bucket : start) {
        at += std::exchange(bucket, at);
    }
    const auto partners = std::make_unique_for_overwrite<std::uint32_t[]>(pairs.size());
    for (const std::uint64_t pair : pairs) {
        partners[start[pair >> 32]++] = static_cast<std::uint32_t>(pair);
    }
    // start[i] is now where index i's partners end.
    std::size_t kept = 0;
    std::size_t begin = 0;
    for (std::uint32_t first = 0; first < count; ++first) {
        std::uint32_t *from = partners.get() + begin;
        std::uint32_t *to = partners.get() + start[first];
        std::sort(from, to);
        to = std::unique(from, to);
        for (const std::uint32_t *second = from; second != to; ++second) {
            pairs[kept++] = (std::uint64_t{first} << 32) | *second;
        }
        begin = start[first];
    }
    pairs.resize(kept);
}

} // namespace

std::vector<MergeSuggestion> suggestMerges(const GraphSnapshot &snapshot, const SuggestionPolicy &policy)
{
    return suggestMerges(snapshot, policy, nullptr, nullptr);
}

std::vector<MergeSuggestion> suggestMerges(const GraphSnapshot &snapshot, const SuggestionPolicy &policy,
                                           const SuggestionMemo *earlier, SuggestionMemo *learnt)
{
    std::vector<Profile> profiles;
    std::vector<EntityId> profileIds; // sorted, parallel to profiles: snapshot.entities is sorted by id
    const auto candidates = static_cast<std::size_t>(std::count_if(
        snapshot.entities.begin(), snapshot.entities.end(), [](const EntityInfo &e) { return isCandidateType(e.type); }));
    profiles.reserve(candidates); // a profile is a dozen strings: move them once, not on every doubling
    profileIds.reserve(candidates);
    for (const auto &entity : snapshot.entities) {
        if (isCandidateType(entity.type) && (profileIds.empty() || profileIds.back() != entity.id)) {
            profiles.push_back(makeProfile(entity));
            profileIds.push_back(entity.id);
        }
    }
    // Entity id -> type, and -> position in profiles. Millions of mentions and links are looked
    // up here.
    const EntityTypes types(snapshot);
    const DenseIndex profileAt(profileIds, [](EntityId id) { return id; });
    const auto profileOf = [&](EntityId id) -> std::optional<std::uint32_t> {
        const std::uint32_t at = profileAt.find(id);
        return at == DenseIndex::kNone ? std::nullopt : std::optional<std::uint32_t>(at);
    };

    for (const auto &mention : snapshot.mentions) {
        if (const auto index = profileOf(mention.entity)) {
            profiles[*index].records.push_back(mention.record);
        }
    }
    for (auto &profile : profiles) {
        std::sort(profile.records.begin(), profile.records.end());
        profile.records.erase(std::unique(profile.records.begin(), profile.records.end()), profile.records.end());
    }

    // Neighbour memberships, grouped by neighbour so that each group is both a block and the
    // degree test that keeps hubs out.
    struct Membership {
        EntityId neighbour = 0;
        std::uint8_t type = 0; // the candidate's type: persons and premises are counted apart
        NeighbourKind kind = NeighbourKind::Alias;
        std::uint32_t index = 0;
    };
    // Reserved for the most the links can give: address space only, so that the list is never
    // copied to grow. At a million reports fresh pages are the dearest memory there is (the kernel
    // clears each one), and every doubling of a big list takes as many again.
    std::vector<Membership> memberships;
    memberships.reserve(2 * snapshot.links.size());
    struct End {
        EntityId id;
        EntityType type;
    };
    for (const auto &link : snapshot.links) {
        const auto typeA = types.of(link.a);
        const auto typeB = types.of(link.b);
        if (!typeA || !typeB) {
            continue;
        }
        const End a{link.a, *typeA};
        const End b{link.b, *typeB};
        for (const auto &[candidate, other] : {std::pair{a, b}, std::pair{b, a}}) {
            if (!isCandidateType(candidate.type)) {
                continue;
            }
            const auto kind = neighbourKindOf(candidate.type, other.type);
            if (!kind) {
                continue;
            }
            // A nickname co-mentioned with everyone in a report belongs only to its alias_of person.
            if (*kind == NeighbourKind::Alias &&
                std::none_of(link.evidence.begin(), link.evidence.end(),
                             [](const LinkEvidence &e) { return e.relation == "alias_of"; })) {
                continue;
            }
            if (const auto index = profileOf(candidate.id)) {
                memberships.push_back({other.id, static_cast<std::uint8_t>(candidate.type), *kind, *index});
            }
        }
    }
    std::sort(memberships.begin(), memberships.end(), [](const Membership &x, const Membership &y) {
        return std::tie(x.neighbour, x.type, x.index) < std::tie(y.neighbour, y.type, y.index);
    });
    memberships.erase(std::unique(memberships.begin(), memberships.end(),
                                  [](const Membership &x, const Membership &y) {
                                      return x.neighbour == y.neighbour && x.type == y.type && x.index == y.index;
                                  }),
                      memberships.end());

    // Name and place blocks.
    std::vector<BlockEntry> entries;
    entries.reserve(profiles.size() * 3);
    BlockOrders orders(profiles);
    const auto enter = [&entries](std::uint64_t key, std::string_view order, std::uint32_t index) {
        entries.push_back({key, orderPrefix(order), order, index});
    };
    for (std::uint32_t i = 0; i < profiles.size(); ++i) {
        const Profile &p = profiles[i];
        const EntityType type = p.entity->type;
        const std::string dob = p.dob ? p.dob->toString() : std::string{};
        if (!p.firstKey.empty()) {
            enter(blockKey('w', type, p.lastKey), orders.byLast(p, dob), i);
            if (p.firstKey != p.lastKey) {
                enter(blockKey('w', type, p.firstKey), orders.byFirst(p, dob), i);
            }
        }
        const bool initialsBlock = !p.first.empty() && p.dob;
        const bool postcodeBlock = type == EntityType::Premises && !p.postcode.empty();
        if (initialsBlock || postcodeBlock) {
            const std::string_view sorted = orders.bySortedWords(p, dob);
            if (initialsBlock) {
                // Catches typos that change a phonetic key ("jones"/"jnoes") when the birth year agrees.
                const std::string initials{std::min(p.first[0], p.last[0]), std::max(p.first[0], p.last[0])};
                enter(blockKey('i', type, initials + std::to_string(p.dob->year)), sorted, i);
            }
            if (postcodeBlock) {
                enter(blockKey('p', type, p.postcode), sorted, i);
            }
        }
    }
    std::sort(entries.begin(), entries.end());

    const auto degreeLimit = static_cast<std::size_t>(std::max(policy.maxNeighbourDegree, 0));
    const auto blockLimit = static_cast<std::size_t>(std::max(policy.maxBlockSize, 1));
    const auto window = static_cast<std::size_t>(std::max(policy.windowSize, 1));
    const auto sameNeighbour = [&memberships](std::size_t x, std::size_t y) {
        return memberships[x].neighbour == memberships[y].neighbour && memberships[x].type == memberships[y].type;
    };
    const auto sameBlock = [&entries](std::size_t x, std::size_t y) { return entries[x].key == entries[y].key; };

    // Tens of millions of pairs at a million reports: room for all of them at once, not grown by
    // doubling (each doubling copies the pairs into fresh pages the kernel must clear).
    std::size_t most = 0;
    forEachRun(memberships.size(), sameNeighbour, [&](std::size_t begin, std::size_t end) {
        most += end - begin <= degreeLimit ? (end - begin) * (end - begin - 1) / 2 : 0;
    });
    forEachRun(entries.size(), sameBlock, [&](std::size_t begin, std::size_t end) {
        most += end - begin <= blockLimit ? (end - begin) * (end - begin - 1) / 2 : 2 * (end - begin) * window;
    });
    std::vector<std::uint64_t> pairs;
    pairs.reserve(most);

    forEachRun(memberships.size(), sameNeighbour, [&](std::size_t begin, std::size_t end) {
        if (end - begin > degreeLimit) {
            return;
        }
        for (std::size_t i = begin; i < end; ++i) {
            profiles[memberships[i].index].neighbours.push_back({memberships[i].neighbour, memberships[i].kind});
            for (std::size_t j = i + 1; j < end; ++j) {
                pairs.push_back(packPair(memberships[i].index, memberships[j].index));
            }
        }
    });
    for (auto &profile : profiles) {
        std::sort(profile.neighbours.begin(), profile.neighbours.end(), [](const Neighbour &x, const Neighbour &y) {
            return std::tie(x.kind, x.id) < std::tie(y.kind, y.id);
        });
    }

    const auto pairWithin = [&pairs](const auto first, const auto last, std::size_t reach) {
        for (auto i = first; i != last; ++i) {
            for (auto j = i + 1; j != last && j - i <= static_cast<std::ptrdiff_t>(reach); ++j) {
                if (i->index != j->index) {
                    pairs.push_back(packPair(i->index, j->index));
                }
            }
        }
    };
    std::string reversedTexts;
    std::vector<ReversedEntry> backwards;
    forEachRun(entries.size(), sameBlock, [&](std::size_t begin, std::size_t end) {
        const auto first = entries.cbegin() + static_cast<std::ptrdiff_t>(begin);
        const auto last = entries.cbegin() + static_cast<std::ptrdiff_t>(end);
        if (end - begin <= blockLimit) {
            pairWithin(first, last, end - begin);
            return;
        }
        pairWithin(first, last, window);
        reversedTexts.clear();
        for (auto entry = first; entry != last; ++entry) {
            reversedTexts.append(entry->order.rbegin(), entry->order.rend());
        }
        backwards.clear();
        std::size_t at = 0;
        for (auto entry = first; entry != last; ++entry) {
            const std::string_view reversed = std::string_view(reversedTexts).substr(at, entry->order.size());
            at += entry->order.size();
            backwards.push_back({orderPrefix(reversed), reversed, entry->index});
        }
        std::sort(backwards.begin(), backwards.end());
        pairWithin(backwards.cbegin(), backwards.cend(), window);
    });
    sortUniquePairs(pairs, static_cast<std::uint32_t>(profiles.size()));

    // Fingerprints, to remember this search by and to see which profiles an earlier one saw.
    std::vector<std::uint64_t> prints;
    if (earlier != nullptr || learnt != nullptr) {
        prints.reserve(profiles.size());
        for (const Profile &p : profiles) {
            prints.push_back(fingerprint(p));
        }
    }
    Recall recall(earlier, policy, profileIds, prints);

    // Score every pair without words (or take its score from the memo), keep the best, then
    // word only those.
    const PairScorer scorer(snapshot, policy);
    struct Scored {
        double score;
        EntityId a;
        EntityId b;
        std::uint64_t pair;
    };
    // Vehicles come worded already: there are few, and their evidence is cheap.
    std::vector<MergeSuggestion> vehicles = detail::suggestPartialMarks(snapshot, policy, types);
    std::vector<Scored> scored;
    scored.reserve(vehicles.size() + pairs.size()); // address space: a fraction of the pairs score
    // Profile indices are 32-bit halves, so the top bit is free to mark an index into vehicles.
    constexpr std::uint64_t kVehicle = std::uint64_t{1} << 63;
    for (std::size_t i = 0; i < vehicles.size(); ++i) {
        scored.push_back({vehicles[i].score, vehicles[i].a, vehicles[i].b, kVehicle | i});
    }
    // Pairs are sorted, so a pair's first profile is read in order and its second at random: at a
    // million reports nearly every second profile, and the record list behind it, is a cache miss
    // that stalls the scoring. Fetch them a few pairs ahead, the profile first and its lists later
    // (not for pairs the memo will answer: they need only `before`, fetched further ahead).
    constexpr std::size_t kMemoAhead = 32;
    constexpr std::size_t kProfileAhead = 16;
    constexpr std::size_t kListsAhead = 8;
    const auto second = [&profiles](std::uint64_t pair) -> const Profile & { return profiles[pair & 0xffffffffU]; };
    std::size_t reused = 0;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        if (k + kMemoAhead < pairs.size()) {
            recall.prefetch(pairs[k + kMemoAhead]);
        }
        if (k + kProfileAhead < pairs.size() && !recall.mayKnow(pairs[k + kProfileAhead])) {
            prefetchProfile(second(pairs[k + kProfileAhead]));
        }
        if (k + kListsAhead < pairs.size() && !recall.mayKnow(pairs[k + kListsAhead])) {
            prefetchLists(second(pairs[k + kListsAhead]));
        }
        const std::uint64_t pair = pairs[k];
        std::optional<double> score = recall.outcome(pair);
        if (score) {
            ++reused;
        } else {
            const auto suggestion = scorer.score(profiles[pair >> 32], second(pair), false);
            score = suggestion ? suggestion->score : -1.0;
        }
        if (*score >= 0.0) {
            scored.push_back({*score, profileIds[pair >> 32], profileIds[pair & 0xffffffffU], pair});
        }
        if (learnt != nullptr) {
            pairs[k] = *score >= 0.0 ? pair | kScored : pair;
        }
    }
    SuggestionMemo made;
    if (learnt != nullptr) {
        made.policy = policy;
        made.ids = std::move(profileIds); // read no more: the index over it holds its own slots
        made.fingerprints = std::move(prints);
        // The pairs that scored were added to `scored` in the pairs' order, after the vehicles.
        made.scores.reserve(scored.size() - vehicles.size());
        for (std::size_t i = vehicles.size(); i < scored.size(); ++i) {
            made.scores.push_back(scored[i].score);
        }
        made.reusedPairs = reused;
        made.scoredPairs = pairs.size() - reused;
        made.pairs = std::move(pairs);
    }
    std::vector<std::uint64_t>().swap(pairs);
    const auto better = [](const Scored &x, const Scored &y) {
        if (x.score != y.score) {
            return x.score > y.score;
        }
        return std::tie(x.a, x.b) < std::tie(y.a, y.b);
    };
    std::size_t keep = scored.size();
    if (policy.maxSuggestions > 0 && scored.size() > static_cast<std::size_t>(policy.maxSuggestions)) {
        keep = static_cast<std::size_t>(policy.maxSuggestions);
        std::nth_element(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(), better);
        scored.resize(keep);
    }
    std::sort(scored.begin(), scored.end(), better);
    std::vector<MergeSuggestion> suggestions;
    suggestions.reserve(scored.size());
    for (const Scored &kept : scored) {
        if ((kept.pair & kVehicle) != 0) {
            suggestions.push_back(std::move(vehicles[kept.pair & ~kVehicle]));
            continue;
        }
        // Scored again with words: the same score, whether the memo gave it or not.
        if (auto worded = scorer.score(profiles[kept.pair >> 32], profiles[kept.pair & 0xffffffffU], true)) {
            suggestions.push_back(std::move(*worded));
        }
    }
    if (learnt != nullptr) {
        *learnt = std::move(made); // last: `earlier` may be the same memo
    }
    return suggestions;
}

nlohmann::json toJson(const std::vector<MergeSuggestion> &suggestions, const GraphSnapshot &snapshot)
{
    const auto rounded = [](double value) { return std::round(value * 1000.0) / 1000.0; };
    const auto entityJson = [&snapshot](EntityId id, EntityType type) {
        const EntityInfo *entity = snapshot.findEntity(id);
        return nlohmann::json{
            {"id", id}, {"type", std::string(toString(type))}, {"label", entity ? entity->label : std::string{}}};
    };
    auto list = nlohmann::json::array();
    for (const auto &suggestion : suggestions) {
        auto evidence = nlohmann::json::array();
        for (const auto &item : suggestion.evidence) {
            evidence.push_back(
                {{"kind", std::string(toString(item.kind))}, {"detail", item.detail}, {"weight", rounded(item.contribution)}});
        }
        list.push_back({{"a", entityJson(suggestion.a, suggestion.type)},
                        {"b", entityJson(suggestion.b, suggestion.type)},
                        {"score", rounded(suggestion.score)},
                        {"evidence", std::move(evidence)}});
    }
    return nlohmann::json{{"suggestions", std::move(list)}};
}

SuggestionQuality evaluateSuggestions(const std::vector<MergeSuggestion> &suggestions,
                                      const std::vector<std::pair<EntityId, EntityId>> &truePairs, int totalTruePairs)
{
    const auto ordered = [](EntityId x, EntityId y) { return x < y ? std::pair{x, y} : std::pair{y, x}; };
    std::vector<std::pair<EntityId, EntityId>> truth;
    truth.reserve(truePairs.size());
    for (const auto &[x, y] : truePairs) {
        if (x != y) {
            truth.push_back(ordered(x, y));
        }
    }
    std::sort(truth.begin(), truth.end());
    truth.erase(std::unique(truth.begin(), truth.end()), truth.end());

    std::vector<std::pair<EntityId, EntityId>> suggested;
    suggested.reserve(suggestions.size());
    for (const auto &suggestion : suggestions) {
        suggested.push_back(ordered(suggestion.a, suggestion.b));
    }
    std::sort(suggested.begin(), suggested.end());
    suggested.erase(std::unique(suggested.begin(), suggested.end()), suggested.end());

    SuggestionQuality quality;
    quality.suggested = static_cast<int>(suggested.size());
    for (const auto &pair : suggested) {
        if (std::binary_search(truth.begin(), truth.end(), pair)) {
            ++quality.truePositives;
        }
    }
    quality.falsePositives = quality.suggested - quality.truePositives;
    const int total = std::max(totalTruePairs, static_cast<int>(truth.size()));
    quality.falseNegatives = std::max(0, total - quality.truePositives);
    quality.precision = quality.suggested == 0 ? 1.0 : static_cast<double>(quality.truePositives) / quality.suggested;
    quality.recall = total == 0 ? 1.0 : static_cast<double>(quality.truePositives) / total;
    quality.f1 = quality.precision + quality.recall == 0.0
                     ? 0.0
                     : 2.0 * quality.precision * quality.recall / (quality.precision + quality.recall);
    return quality;
}

} // namespace harbour::analysis

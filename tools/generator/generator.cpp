#include "generator.h"

#include "civil_day.h"
#include "json_writer.h"
#include "random.h"
#include "vocabulary.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <span>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace harbour::generator {
namespace {

namespace voc = vocabulary;

constexpr std::int64_t kFirstDay = daysFromCivil(2025, 1, 1);
constexpr std::int64_t kLastDay = daysFromCivil(2026, 11, 20);
/// Cases are buffered until about this many reports, then sorted by date, numbered and written.
constexpr std::size_t kChunkReports = 2048;
constexpr int kStaffCount = 60;

constexpr std::array<std::string_view, 7> kSignificantKeys = {
    "missing_episodes", "controlling_relationship", "vehicles_unknown_adults", "unexplained_money_goods",
    "risky_areas",      "online_grooming",          "hotels_taxis_takeaways"};
constexpr std::array<std::string_view, 19> kRiskKeys = {
    "whereabouts_unknown", "school_absence",        "unknown_contacts",       "unexplained_injuries",
    "sti_pregnancy",       "drug_misuse",           "alcohol_misuse",         "self_harm",
    "phone_concern",       "unsafe_internet",       "sexually_assaulted",     "disclosure_withdrawn",
    "risky_sexual_behaviour", "lacks_safety_awareness", "peers_exploited",    "independent_unresponsive",
    "ae_substance",        "accompanied_unknown_person", "gang_association"};
constexpr std::array<std::string_view, 8> kVulnerabilityKeys = {
    "unsuitable_accommodation", "isolated",           "learning_disability_or_mental_health", "history_of_care",
    "criminal_or_gang",         "family_conflict_loss", "child_protection_history",           "family_da_substance_mh"};

enum class CaseKind { Organised, Single, Online };
enum class RecordKind { Report, Screening, Missing };
enum class Level { None, Low, Medium, Significant };

std::string_view toString(CaseKind kind)
{
    switch (kind) {
    case CaseKind::Organised:
        return "organised";
    case CaseKind::Single:
        return "single";
    case CaseKind::Online:
        return "online";
    }
    return "single";
}

std::string_view toString(Level level)
{
    switch (level) {
    case Level::None:
        return "none";
    case Level::Low:
        return "low";
    case Level::Medium:
        return "medium";
    case Level::Significant:
        return "significant";
    }
    return "none";
}

template <typename T, std::size_t N>
const T &pickFrom(Random &rng, const std::array<T, N> &items)
{
    return rng.pick(std::span<const T>(items));
}

std::uint64_t hashText(std::string_view text, std::uint64_t salt)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL ^ salt;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return Random::splitMix(hash);
}

/// Remembers keys already handed out (names with dates of birth, marks, aliases, addresses) in a
/// fixed-size bitset of hashes. A false "already used" only costs a re-roll, and there are no
/// false "unused", so planted identities stay distinct while memory stays bounded.
class UsedKeys {
public:
    explicit UsedKeys(std::int64_t reports)
    {
        std::uint64_t bits = 1U << 16;
        while (bits < static_cast<std::uint64_t>(reports) * 64 && bits < (std::uint64_t{1} << 27)) {
            bits <<= 1;
        }
        m_mask = bits - 1;
        m_words.assign(bits / 64, 0);
    }

    /// True when the key was new (and is now taken).
    bool insert(std::string_view key, std::uint64_t salt)
    {
        const std::uint64_t bit = hashText(key, salt) & m_mask;
        std::uint64_t &word = m_words[bit / 64];
        const std::uint64_t flag = std::uint64_t{1} << (bit % 64);
        if ((word & flag) != 0) {
            return false;
        }
        word |= flag;
        return true;
    }

private:
    std::vector<std::uint64_t> m_words;
    std::uint64_t m_mask = 0;
};

struct Mention {
    std::uint32_t record = 0;
    std::string name; ///< empty: not written
    std::string dob;  ///< empty: not written
    std::vector<std::string> aliases;
};

struct Person {
    std::int64_t number = 0;
    bool child = true;
    std::string first;
    std::string last;
    bool nameKnown = true; ///< false: only ever named by alias, handle or description
    std::int64_t dob = 0;
    std::int64_t firstScreening = 0; ///< children: day of the first screening
    bool female = true;
    std::vector<std::string> aliases;
    std::string address;
    std::string ethnicity;
    std::string description;
    std::string disability;
    std::string livesWith;
    bool learningDisability = false;
    bool additionalNeeds = false;
    bool inCare = false;
    std::string phone; ///< normalised ("07700900123"), empty when none
    std::string service;
    std::string handle;
    std::vector<Mention> mentions;

    std::string name() const { return first + " " + last; }
    std::string_view subjectPronoun() const { return female ? "she" : "he"; }
    std::string_view possessive() const { return female ? "her" : "his"; }
};

struct Premises {
    std::string tradingName;
    std::string_view type;
    std::string address;
    std::string phone; ///< normalised landline, empty when none
    bool seen = false;
};

struct Vehicle {
    std::string mark; ///< normalised: upper case, no spaces
    voc::CarModel car;
    std::string_view colour;
    bool seen = false;
};

struct Place {
    std::string name;
    std::string address;
    double lat = 0;
    double lon = 0;
    bool seen = false;
};

struct FalseMention {
    std::uint32_t record = 0;
    std::string kind;
    std::string value;
    std::int64_t network = 0;
};

struct Case {
    CaseKind kind = CaseKind::Single;
    std::int64_t number = 0;
    std::int64_t startDay = 0;
    std::int64_t endDay = 0;
    std::vector<Person> children;
    std::vector<Person> suspects;
    std::vector<Premises> premises;
    std::vector<Vehicle> vehicles;
    std::vector<Place> places;
    std::vector<std::string> phonesSeen;
    std::vector<std::string> accountsSeen;
    std::vector<std::uint32_t> records;
    std::vector<std::uint32_t> suspectedFalse;
    std::vector<FalseMention> falseMentions;

    void seePhone(const std::string &phone)
    {
        if (!phone.empty() && std::find(phonesSeen.begin(), phonesSeen.end(), phone) == phonesSeen.end()) {
            phonesSeen.push_back(phone);
        }
    }
    void seeAccount(const Person &person)
    {
        std::string account = person.service + ":" + person.handle;
        if (std::find(accountsSeen.begin(), accountsSeen.end(), account) == accountsSeen.end()) {
            accountsSeen.push_back(std::move(account));
        }
    }
};

struct PendingRecord {
    RecordKind kind = RecordKind::Report;
    std::int64_t minute = 0;
    std::string body; ///< the record after its "kind" and "id" members, closing brace included
};

struct Staff {
    std::string name;
    std::string_view post;
    std::string_view agency;
    std::string phone;
    std::string email;
};

struct FileCloser {
    void operator()(std::FILE *file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string lowerAscii(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string padded(std::int64_t value, std::size_t width)
{
    std::string digits = std::to_string(value);
    if (digits.size() < width) {
        digits.insert(0, width - digits.size(), '0');
    }
    return digits;
}

/// "07700900123" written the way people write it.
std::string writtenPhone(Random &rng, const std::string &normalised)
{
    const std::string_view n = normalised;
    const bool mobile = n.starts_with("07");
    const std::string_view head = n.substr(0, 5);
    const std::string_view tail = n.substr(5);
    const auto style = rng.below(10);
    if (style < 5) {
        return std::string(head) + " " + std::string(tail);
    }
    if (style < 7) {
        return normalised;
    }
    if (style < 8) {
        return std::string(head) + " " + std::string(tail.substr(0, 3)) + " " + std::string(tail.substr(3));
    }
    if (style < 9 && mobile) {
        return "+44 " + std::string(n.substr(1, 4)) + " " + std::string(tail);
    }
    return std::string(head) + "-" + std::string(tail);
}

std::string spacedMark(const std::string &mark)
{
    return mark.size() == 7 ? mark.substr(0, 4) + " " + mark.substr(4) : mark;
}

Level computedLevel(bool anyCurrent, bool anyPast, std::size_t riskCount, std::size_t vulnerabilityCount)
{
    if (anyCurrent) {
        return Level::Significant;
    }
    if (anyPast || riskCount >= 3) {
        return Level::Medium;
    }
    if (riskCount > 0 || vulnerabilityCount > 0) {
        return Level::Low;
    }
    return Level::None;
}

} // namespace

struct Generator::State {
    explicit State(GeneratorOptions opts) : options(std::move(opts)), rng(options.seed), used(options.reports) {}

    GeneratorOptions options;
    Random rng;
    UsedKeys used;
    GeneratorSummary summary;
    std::vector<Staff> staff;
    std::uint64_t mobileOffset = 0;
    std::uint64_t landlineOffset = 0;
    std::uint64_t mobileCounter = 0;
    std::uint64_t landlineCounter = 0;
    std::int64_t personCounter = 0;
    std::int64_t aliasCounter = 0;
    std::int64_t handleCounter = 0;
    std::int64_t reportCounter = 0;
    std::int64_t screeningCounter = 0;
    std::int64_t missingCounter = 0;

    std::vector<Case> cases;
    std::vector<PendingRecord> records; ///< the first recordCount are this block's
    std::size_t recordCount = 0;
    std::size_t chunkReports = 0;
    std::string reportsOut;
    std::string screeningsOut;
    std::string missingOut;
    std::string truthOut;
    std::string peopleOut;

    File reportsFile;
    File screeningsFile;
    File missingFile;
    File truthFile;
    File peopleFile;
    std::filesystem::path peoplePath;
    bool firstNetwork = true;
    bool firstPerson = true;
    bool ioFailed = false;

    // --- identities -------------------------------------------------------------------------

    /// A uniform day in [first, last].
    std::int64_t dayIn(std::int64_t first, std::int64_t last)
    {
        return first + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(last - first + 1)));
    }

    std::string newMobile()
    {
        // 389 is coprime with 1000, so every number of the drama range is used once before any repeats.
        const std::uint64_t index = (mobileCounter++ * 389 + mobileOffset) % 1000;
        return "07700900" + padded(static_cast<std::int64_t>(index), 3);
    }

    std::string newLandline()
    {
        const std::uint64_t index = (landlineCounter++ * 397 + landlineOffset) % 900;
        return "01632960" + padded(static_cast<std::int64_t>(index), 3);
    }

    std::string newPostcode(const voc::District &district)
    {
        std::string code(district.postcodeDistrict);
        code.push_back(' ');
        code.push_back(static_cast<char>('0' + rng.below(10)));
        code.push_back(voc::kPostcodeUnitLetters[rng.below(voc::kPostcodeUnitLetters.size())]);
        code.push_back(voc::kPostcodeUnitLetters[rng.below(voc::kPostcodeUnitLetters.size())]);
        return code;
    }

    std::string newStreet()
    {
        return std::string(pickFrom(rng, voc::kStreetStems)) + " " + std::string(pickFrom(rng, voc::kStreetKinds));
    }

    /// A house address no other person or place has, with coordinates near its district.
    std::string newAddress(double *lat = nullptr, double *lon = nullptr, std::string_view flatPrefix = {})
    {
        for (;;) {
            const voc::District &district = pickFrom(rng, voc::kDistricts);
            std::string address(flatPrefix);
            address += std::to_string(rng.between(1, 180)) + " " + newStreet() + ", " + std::string(district.town) +
                       " " + newPostcode(district);
            if (!used.insert(address, 1)) {
                continue;
            }
            if (lat != nullptr && lon != nullptr) {
                *lat = std::clamp(district.lat + (rng.unit() - 0.5) * 0.008, 52.5005, 52.5295);
                *lon = std::clamp(district.lon + (rng.unit() - 0.5) * 0.008, -2.0995, -2.0605);
            }
            return address;
        }
    }

    std::string newMark()
    {
        for (;;) {
            std::string mark;
            mark.push_back(voc::kMarkAreaLetters[rng.below(voc::kMarkAreaLetters.size())]);
            mark.push_back(voc::kMarkAreaLetters[rng.below(voc::kMarkAreaLetters.size())]);
            // Age identifiers from March 2002 to September 2025: 02-25 and 52-75.
            const int age = rng.chance(0.5) ? rng.between(2, 25) : rng.between(52, 75);
            mark += padded(age, 2);
            for (int i = 0; i < 3; ++i) {
                mark.push_back(voc::kMarkRandomLetters[rng.below(voc::kMarkRandomLetters.size())]);
            }
            if (used.insert(mark, 2)) {
                return mark;
            }
        }
    }

    std::string newAlias()
    {
        for (int attempt = 0; attempt < 8; ++attempt) {
            std::string alias(pickFrom(rng, voc::kSuspectNicknames));
            if (attempt >= 4) {
                alias = std::string(pickFrom(rng, voc::kNicknamePrefixes)) + " " + alias;
            }
            if (used.insert(lowerAscii(alias), 3)) {
                return alias;
            }
        }
        // The lists are exhausted (large runs): a numbered street name stays distinct.
        return std::string(pickFrom(rng, voc::kSuspectNicknames)) + std::to_string(++aliasCounter + 1);
    }

    std::string newHandle(const std::string &base)
    {
        for (int attempt = 0;; ++attempt) {
            std::string handle = lowerAscii(base);
            std::replace(handle.begin(), handle.end(), ' ', '_');
            std::erase(handle, '\'');
            const auto style = rng.below(3);
            if (style == 0) {
                handle += "_" + std::to_string(rng.between(1, 99));
            } else if (style == 1) {
                handle += std::to_string(rng.between(1990, 2012));
            } else {
                handle = "x" + handle + "x" + std::to_string(rng.between(1, 9));
            }
            if (attempt >= 8) {
                // Common bases run out in large runs; a running number keeps handles distinct.
                handle += "_" + std::to_string(++handleCounter);
            }
            if (used.insert(handle, 4)) {
                return handle;
            }
        }
    }

    void nameAndDob(Person &person, std::int64_t dobLow, std::int64_t dobHigh)
    {
        for (;;) {
            person.first = std::string(person.female ? pickFrom(rng, voc::kGirlNames) : pickFrom(rng, voc::kBoyNames));
            person.last = std::string(pickFrom(rng, voc::kSurnames));
            person.dob = dayIn(dobLow, dobHigh);
            std::string key = person.name();
            appendDate(key, person.dob);
            if (used.insert(key, 5)) {
                return;
            }
        }
    }

    Person newChild(const Case &c)
    {
        Person p;
        p.number = ++personCounter;
        p.child = true;
        p.female = rng.chance(0.78);
        // Ages at the first screening, about two weeks after the case opens: mostly 13-16, a few adults
        // with additional needs (screened up to their 21st birthday).
        static constexpr std::array<int, 8> kAgeWeights = {4, 6, 8, 12, 16, 18, 16, 10};
        int age = 10;
        if (rng.chance(0.03)) {
            age = rng.between(18, 19);
            p.additionalNeeds = true;
        } else {
            auto roll = static_cast<int>(rng.below(90));
            for (std::size_t i = 0; i < kAgeWeights.size(); ++i) {
                if (roll < kAgeWeights[i]) {
                    age = 10 + static_cast<int>(i);
                    break;
                }
                roll -= kAgeWeights[i];
            }
        }
        p.firstScreening = std::min(c.startDay + rng.between(5, 30), kLastDay);
        const std::int64_t latest = p.firstScreening - (age * 36525LL) / 100 - 1;
        nameAndDob(p, latest - 360, latest);
        if (rng.chance(0.22)) {
            p.aliases.push_back(std::string{p.first[0], p.last[0]});
        }
        p.address = newAddress();
        p.ethnicity = std::string(pickFrom(rng, voc::kEthnicities));
        p.inCare = rng.chance(0.14);
        p.livesWith = p.inCare ? (rng.chance(0.5) ? "Residential home" : "Foster carers")
                               : std::string(pickFrom(rng, voc::kLivesWith));
        p.learningDisability = rng.chance(0.08);
        p.additionalNeeds = p.additionalNeeds || p.learningDisability || rng.chance(0.05);
        if (p.learningDisability && p.additionalNeeds && age >= 18) {
            p.learningDisability = rng.chance(0.5);
        }
        if (rng.chance(0.1)) {
            p.disability = std::string(pickFrom(rng, voc::kDisabilities));
        }
        const double phoneChance = c.kind == CaseKind::Online ? 0.6 : c.kind == CaseKind::Organised ? 0.4 : 0.3;
        if (rng.chance(phoneChance)) {
            p.phone = newMobile();
        }
        if (c.kind == CaseKind::Online || rng.chance(0.15)) {
            p.service = std::string(pickFrom(rng, voc::kOnlineServices));
            p.handle = newHandle(p.first + p.last.substr(0, 1));
        }
        return p;
    }

    Person newSuspect(const Case &c)
    {
        Person p;
        p.number = ++personCounter;
        p.child = false;
        p.female = rng.chance(0.08);
        const std::int64_t start = c.startDay;
        nameAndDob(p, start - 55 * 365, start - 18 * 365 - 5);
        // Hard mode: most organisers known only by a nickname (as in Rochdale and Oxford).
        const double known = c.kind == CaseKind::Organised ? (options.hard ? 0.3 : 0.65)
                             : c.kind == CaseKind::Single  ? 0.75
                                                           : 0.15;
        p.nameKnown = rng.chance(known);
        const double aliasChance = c.kind == CaseKind::Organised ? 1.0 : c.kind == CaseKind::Single ? 0.5 : 0.4;
        if (rng.chance(aliasChance) || (!p.nameKnown && c.kind == CaseKind::Single)) {
            p.aliases.push_back(newAlias());
            if (c.kind == CaseKind::Organised && rng.chance(0.15)) {
                p.aliases.push_back(newAlias());
            }
        }
        p.description = std::string(pickFrom(rng, voc::kSuspectLooks)) + ", " +
                        std::string(pickFrom(rng, voc::kSuspectAges)) + ", " +
                        std::string(pickFrom(rng, voc::kSuspectFeatures));
        if (p.female) {
            const auto male = p.description.find("male");
            p.description.replace(male, 4, "female");
        }
        const double phoneChance = c.kind == CaseKind::Organised ? 0.85 : c.kind == CaseKind::Single ? 0.5 : 0.7;
        if (rng.chance(phoneChance)) {
            p.phone = newMobile();
        }
        const double handleChance = c.kind == CaseKind::Online ? 1.0 : c.kind == CaseKind::Organised ? 0.4 : 0.15;
        if (rng.chance(handleChance)) {
            p.service = std::string(pickFrom(rng, voc::kOnlineServices));
            p.handle = newHandle(p.aliases.empty() ? p.first : p.aliases.front());
        }
        if (c.kind != CaseKind::Online && rng.chance(0.5)) {
            p.address = newAddress();
        }
        return p;
    }

    Premises newPremises(std::string_view type)
    {
        Premises premises;
        premises.type = type;
        for (int attempt = 0; attempt < 10; ++attempt) {
            if (type == "takeaway") {
                premises.tradingName = std::string(pickFrom(rng, voc::kTakeawayFirst)) + " " +
                                       std::string(pickFrom(rng, voc::kTakeawaySecond));
            } else if (type == "taxi_firm") {
                premises.tradingName =
                    std::string(pickFrom(rng, voc::kTaxiFirst)) + " " + std::string(pickFrom(rng, voc::kTaxiSecond));
            } else if (type == "hotel") {
                premises.tradingName =
                    std::string(pickFrom(rng, voc::kHotelFirst)) + " " + std::string(pickFrom(rng, voc::kHotelSecond));
            } else {
                premises.tradingName = std::string(pickFrom(rng, voc::kShishaFirst)) + " Shisha Lounge";
            }
            if (used.insert(premises.tradingName, 6)) {
                break;
            }
        }
        premises.address = newAddress();
        if (type == "taxi_firm" || rng.chance(0.3)) {
            premises.phone = newLandline();
        }
        return premises;
    }

    Case newCase(CaseKind kind)
    {
        Case c;
        c.kind = kind;
        c.number = ++summary.networks;
        const int span = kind == CaseKind::Organised ? rng.between(35, 150)
                         : kind == CaseKind::Single  ? rng.between(7, 90)
                                                     : rng.between(7, 60);
        c.startDay = dayIn(kFirstDay, kLastDay - span - 1);
        c.endDay = c.startDay + span;

        const int children = kind == CaseKind::Organised ? rng.between(2, 5) : 1;
        const int suspects = kind == CaseKind::Organised ? rng.between(2, 4) : 1;
        for (int i = 0; i < children; ++i) {
            c.children.push_back(newChild(c));
        }
        for (int i = 0; i < suspects; ++i) {
            c.suspects.push_back(newSuspect(c));
        }

        if (kind == CaseKind::Organised) {
            static constexpr std::array<std::string_view, 3> kTypes = {"takeaway", "taxi_firm", "hotel"};
            const auto first = rng.below(kTypes.size());
            c.premises.push_back(newPremises(kTypes[first]));
            if (rng.chance(0.6)) {
                c.premises.push_back(newPremises(kTypes[(first + 1 + rng.below(2)) % kTypes.size()]));
            }
            if (rng.chance(0.1)) {
                c.premises.push_back(newPremises("shisha_bar"));
            }
            const int vehicles = rng.between(1, 3);
            for (int i = 0; i < vehicles; ++i) {
                c.vehicles.push_back({newMark(), pickFrom(rng, voc::kCars), pickFrom(rng, voc::kColours)});
            }
            Place house;
            static constexpr std::array<std::string_view, 4> kHouseNames = {
                "Party house", "Flat used for parties", "House where parties are held", "Trap house"};
            house.name = std::string(pickFrom(rng, kHouseNames));
            const std::string flat = rng.chance(0.4) ? "Flat " + std::to_string(rng.between(1, 9)) + ", " : "";
            house.address = newAddress(&house.lat, &house.lon, flat);
            // The party house is where the main suspect lives, so his address links to it.
            c.suspects.front().address = house.address;
            c.places.push_back(std::move(house));
            if (rng.chance(0.4)) {
                static constexpr std::array<std::string_view, 4> kSpots = {
                    "Garages behind ", "Car park off ", "Canal towpath by ", "Alleyway off "};
                Place spot;
                const std::string street = newStreet();
                spot.name = std::string(pickFrom(rng, kSpots)) + street;
                const voc::District &district = pickFrom(rng, voc::kDistricts);
                spot.address = street + ", " + std::string(district.town) + " " + newPostcode(district);
                spot.lat = std::clamp(district.lat + (rng.unit() - 0.5) * 0.006, 52.5005, 52.5295);
                spot.lon = std::clamp(district.lon + (rng.unit() - 0.5) * 0.006, -2.0995, -2.0605);
                c.places.push_back(std::move(spot));
            }
        } else if (kind == CaseKind::Single) {
            if (rng.chance(0.4)) {
                c.vehicles.push_back({newMark(), pickFrom(rng, voc::kCars), pickFrom(rng, voc::kColours)});
            }
            if (rng.chance(0.3)) {
                Place flat;
                flat.name = c.suspects.front().nameKnown ? c.suspects.front().first + "'s flat" : "Suspect's flat";
                flat.address = newAddress(&flat.lat, &flat.lon, "Flat " + std::to_string(rng.between(1, 12)) + ", ");
                c.suspects.front().address = flat.address;
                c.places.push_back(std::move(flat));
            }
            if (rng.chance(0.1)) {
                c.premises.push_back(newPremises(rng.chance(0.5) ? "takeaway" : "hotel"));
            }
        }
        return c;
    }

    // --- writing helpers ------------------------------------------------------------------

    std::string writtenDob(std::int64_t dob, double fullChance, double partialChance)
    {
        const double roll = rng.unit();
        std::string text = formatDate(dob);
        if (roll < fullChance) {
            return text;
        }
        if (roll < fullChance + partialChance) {
            return rng.chance(0.5) ? text.substr(0, 4) : text.substr(0, 7);
        }
        return {};
    }

    /// One letter changed or two neighbours swapped in the first name or the surname.
    std::string misspelt(const Person &p)
    {
        std::string first = p.first;
        std::string last = p.last;
        std::string &word = (rng.chance(0.5) && last.size() >= 4) || first.size() < 4 ? last : first;
        for (int attempt = 0; attempt < 10; ++attempt) {
            const std::string before = word;
            const auto at = static_cast<std::size_t>(rng.between(1, static_cast<int>(word.size()) - 2));
            if (rng.chance(0.5)) {
                std::swap(word[at], word[at + 1]);
            } else {
                static constexpr std::string_view kVowels = "aeiouy";
                static constexpr std::string_view kConsonants = "bcdfghklmnprstvwz";
                const bool vowel = kVowels.find(word[at]) != std::string_view::npos;
                const std::string_view from = vowel ? kVowels : kConsonants;
                word[at] = from[rng.below(from.size())];
            }
            if (word != before && word.find('\'') == std::string::npos) {
                break;
            }
            word = before;
        }
        return first + " " + last;
    }

    void writeChildSubject(JsonWriter &w, Person &p, std::uint32_t local, std::string_view role,
                           bool allowMisspelling, std::string &nameForNarrative)
    {
        Mention m;
        m.record = local;
        const double roll = rng.unit();
        bool misspeltName = false;
        if (allowMisspelling && !p.mentions.empty() && roll < 0.09) {
            m.name = misspelt(p);
            misspeltName = true;
        } else if (roll < 0.14) {
            m.name = p.first;
        } else {
            m.name = p.name();
        }
        if (!(misspeltName && rng.chance(0.5))) {
            m.dob = writtenDob(p.dob, 0.6, 0.12);
        }
        w.beginObject();
        w.field("role", role);
        w.field("name", m.name);
        if (!p.aliases.empty() && rng.chance(0.4)) {
            m.aliases = p.aliases;
            w.key("aliases").beginArray();
            for (const auto &alias : m.aliases) {
                w.value(alias);
            }
            w.endArray();
        }
        if (!m.dob.empty()) {
            w.field("dob", m.dob);
        }
        if (rng.chance(0.85)) {
            w.field("gender", p.female ? "female" : "male");
        }
        if (rng.chance(0.35)) {
            w.field("address", p.address);
        }
        w.endObject();
        nameForNarrative = rng.chance(0.6) ? m.name.substr(0, m.name.find(' ')) : m.name;
        p.mentions.push_back(std::move(m));
    }

    /// Writes a suspect subject; returns how the narrative may call them ("'Taz'", "John Smith", "a male").
    std::string writeSuspectSubject(JsonWriter &w, Case &c, Person &p, std::uint32_t local)
    {
        Mention m;
        m.record = local;
        if (p.nameKnown && rng.chance(0.65)) {
            m.name = rng.chance(0.04) ? misspelt(p) : p.name();
            if (rng.chance(0.2)) {
                m.dob = writtenDob(p.dob, 0.5, 0.5);
            }
        }
        if (!p.aliases.empty() && (m.name.empty() || rng.chance(0.5))) {
            m.aliases.push_back(p.aliases[rng.below(p.aliases.size())]);
        }
        w.beginObject();
        w.field("role", rng.chance(0.9) ? "perpetrator" : "unknown");
        w.key("name");
        w.stringOrNull(m.name);
        if (!m.aliases.empty()) {
            w.key("aliases").beginArray();
            w.value(m.aliases.front());
            w.endArray();
        }
        if (!m.dob.empty()) {
            w.field("dob", m.dob);
        }
        if (rng.chance(0.6)) {
            w.field("gender", p.female ? "female" : "male");
        }
        if (m.name.empty() || rng.chance(0.5)) {
            w.field("description", p.description);
        }
        if (!p.address.empty() && rng.chance(0.25)) {
            w.field("address", p.address);
            for (auto &place : c.places) {
                if (place.address == p.address) {
                    place.seen = true;
                }
            }
        }
        w.endObject();
        std::string call;
        if (!m.aliases.empty()) {
            call = m.aliases.front();
        } else if (!m.name.empty()) {
            call = m.name;
        } else {
            call = p.female ? "a woman" : "a man";
        }
        p.mentions.push_back(std::move(m));
        return call;
    }

    void writeVehicle(JsonWriter &w, Vehicle &v, std::string &markForNarrative)
    {
        w.beginObject();
        const auto style = rng.below(20);
        if (style < 3) {
            // Partial marks as witnesses give them: a run of unknown characters or single unknowns.
            std::string partial;
            const auto shape = rng.below(3);
            if (shape == 0) {
                partial = v.mark.substr(0, 4) + "*";
            } else if (shape == 1) {
                partial = v.mark.substr(0, 3) + "? " + v.mark.substr(4);
            } else {
                partial = v.mark.substr(0, 4) + " " + v.mark.substr(4, 1) + "??";
            }
            w.field("vrm", partial);
            w.field("partial", true);
            markForNarrative = partial;
        } else {
            std::string written = style < 12   ? spacedMark(v.mark)
                                  : style < 16 ? v.mark
                                               : lowerAscii(spacedMark(v.mark));
            w.field("vrm", written);
            markForNarrative = rng.chance(0.5) ? written : spacedMark(v.mark);
        }
        if (rng.chance(0.8)) {
            w.field("make", v.car.make);
        }
        if (rng.chance(0.6)) {
            w.field("model", v.car.model);
        }
        if (rng.chance(0.8)) {
            w.field("colour", v.colour);
        }
        w.endObject();
        v.seen = true;
    }

    void writePlace(JsonWriter &w, std::string_view name, std::string_view address, double lat, double lon)
    {
        w.beginObject();
        w.field("name", name);
        w.field("address", address);
        if (rng.chance(0.7)) {
            w.key("lat").fixed(lat, 4);
            w.key("lon").fixed(lon, 4);
        }
        w.endObject();
    }

    const Staff &pickStaff() { return staff[rng.below(staff.size())]; }

    /// Starts a record in the block. Slots and their string buffers are reused from block to block,
    /// which keeps the allocator and page faults out of the hot path.
    std::size_t addRecord(RecordKind kind, std::int64_t minute)
    {
        if (recordCount == records.size()) {
            records.emplace_back();
        }
        PendingRecord &record = records[recordCount];
        record.kind = kind;
        record.minute = minute;
        record.body.clear();
        return recordCount++;
    }

    // --- information reports ----------------------------------------------------------------

    void writeReport(Case &c, std::int64_t day, int sequence)
    {
        const bool police = rng.chance(0.3);
        const std::int64_t minute = day * 1440 + (police ? rng.between(0, 1439) : rng.between(8 * 60, 18 * 60));
        const std::size_t local = addRecord(RecordKind::Report, minute);
        const auto localId = static_cast<std::uint32_t>(local);
        c.records.push_back(localId);
        ++chunkReports;
        ++summary.reports;

        std::string &out = records[local].body;
        JsonWriter w(out);
        w.continueObject();
        w.field("reported_at", formatDateTime(minute));
        const Staff &reporter = pickStaff();
        w.key("reporter").beginObject();
        w.field("name", reporter.name);
        w.field("post", reporter.post);
        w.field("agency", reporter.agency);
        w.field("contact", reporter.phone.substr(0, 5) + " " + reporter.phone.substr(5));
        w.endObject();

        const double sourceRoll = rng.unit();
        const std::string_view sourceType =
            sourceRoll < 0.55 ? "professional" : sourceRoll < 0.8 ? "witnessed" : "member_of_public";
        w.field("source_type", sourceType);
        const bool suspectedFalse = rng.chance(0.03);
        if (sourceType != "witnessed" && rng.chance(0.7)) {
            w.key("source_reliability");
            if (rng.chance(0.15)) {
                w.value("dont_know");
            } else {
                w.value(rng.between(1, suspectedFalse ? 5 : 4));
            }
        }
        if (suspectedFalse || rng.chance(0.6)) {
            w.key("information_accuracy");
            if (suspectedFalse && rng.chance(0.7)) {
                w.value(5);
            } else if (rng.chance(0.2)) {
                w.value("dont_know");
            } else {
                w.value(rng.between(1, 4));
            }
        }
        if (sourceType == "member_of_public" && rng.chance(0.6)) {
            w.key("third_party_will_engage");
            const auto engage = rng.below(3);
            if (engage == 0) {
                w.null();
            } else {
                w.value(engage == 1);
            }
        }
        if (suspectedFalse || rng.chance(0.8)) {
            static constexpr std::string_view kIntelligence = "ABCD";
            w.key("grading").beginObject();
            w.field("source", std::string(1, static_cast<char>('1' + rng.below(3))));
            w.field("intelligence", suspectedFalse ? std::string("E") : std::string(1, kIntelligence[rng.below(4)]));
            w.field("handling", rng.chance(0.8) ? "P" : "C");
            w.endObject();
        }
        if (suspectedFalse) {
            c.suspectedFalse.push_back(localId);
        }

        // Which of the case's people and things this report mentions: each report centres on one
        // child and one suspect in turn (so everyone appears), plus a random subset of the rest.
        const Person &focusChildRef = c.children[static_cast<std::size_t>(sequence) % c.children.size()];
        std::vector<std::size_t> childIdx;
        std::vector<std::size_t> suspectIdx;
        std::vector<std::size_t> premisesIdx;
        // Hard mode: an organised network is a chain. Report k names child k, child k+1 and one of
        // the suspects, premises, vehicles and places in turn: no report names the whole network,
        // and each element meets only its neighbours in the chain.
        const bool chain = options.hard && c.kind == CaseKind::Organised;
        const std::size_t focusSuspect = static_cast<std::size_t>(sequence) % c.suspects.size();
        if (chain) {
            const auto k = static_cast<std::size_t>(sequence);
            childIdx.push_back(k % c.children.size());
            if (c.children.size() > 1) {
                childIdx.push_back((k + 1) % c.children.size());
            }
            suspectIdx.push_back(focusSuspect);
            if (!c.premises.empty() && rng.chance(0.5)) {
                premisesIdx.push_back(k % c.premises.size());
            }
        } else {
            for (std::size_t i = 0; i < c.children.size(); ++i) {
                if (&c.children[i] == &focusChildRef || rng.chance(0.3)) {
                    childIdx.push_back(i);
                }
            }
            const bool mentionSuspects = c.kind == CaseKind::Organised || rng.chance(0.75);
            if (mentionSuspects) {
                for (std::size_t i = 0; i < c.suspects.size(); ++i) {
                    if (i == focusSuspect || rng.chance(0.25)) {
                        suspectIdx.push_back(i);
                    }
                }
            }
            for (std::size_t i = 0; i < c.premises.size(); ++i) {
                if (rng.chance(c.kind == CaseKind::Organised ? 0.45 : 0.6)) {
                    premisesIdx.push_back(i);
                }
            }
        }
        if (!premisesIdx.empty()) {
            w.key("licensed_premises").beginArray();
            for (const std::size_t i : premisesIdx) {
                Premises &p = c.premises[i];
                w.beginObject();
                w.field("trading_name", p.tradingName);
                w.field("type", p.type);
                if (rng.chance(0.85)) {
                    w.field("address", p.address);
                }
                w.endObject();
                p.seen = true;
            }
            w.endArray();
        }

        std::string childName;
        const Person *focusChild = &focusChildRef;
        std::vector<std::string> suspectCalls;
        w.key("subjects").beginArray();
        for (const std::size_t i : childIdx) {
            std::string called;
            const bool peer = c.kind == CaseKind::Organised && &c.children[i] != focusChild && rng.chance(0.25);
            writeChildSubject(w, c.children[i], localId, peer ? "associate" : "victim", true, called);
            if (&c.children[i] == focusChild) {
                childName = called;
            }
        }
        for (const std::size_t i : suspectIdx) {
            suspectCalls.push_back(writeSuspectSubject(w, c, c.suspects[i], localId));
        }
        w.endArray();

        std::vector<std::pair<std::size_t, std::string>> vehiclesWritten;
        if (chain) {
            if (!c.vehicles.empty() && rng.chance(0.4)) {
                vehiclesWritten.emplace_back(static_cast<std::size_t>(sequence) % c.vehicles.size(), std::string());
            }
        } else {
            for (std::size_t i = 0; i < c.vehicles.size(); ++i) {
                if (rng.chance(c.kind == CaseKind::Organised ? 0.4 : 0.6)) {
                    vehiclesWritten.emplace_back(i, std::string());
                }
            }
        }
        // Hard mode: noise. A well-graded report names a vehicle of an unrelated case (a car seen
        // nearby, a wrong plate): a link that is real in the data and wrong about the network.
        std::string noiseMark;
        if (options.hard && !suspectedFalse && cases.size() > 1 && rng.chance(0.05)) {
            const Case &other = cases[static_cast<std::size_t>(rng.below(cases.size() - 1))];
            if (!other.vehicles.empty()) {
                noiseMark = other.vehicles.front().mark;
            }
        }
        FalseMention falseMention;
        if (suspectedFalse && cases.size() > 1 && rng.chance(0.6)) {
            // A false report that names a vehicle from an unrelated case already in this block: the
            // link it makes must weigh nothing, and the ground truth says so.
            for (std::size_t other = 0; other + 1 < cases.size(); ++other) {
                const Case &candidate = cases[cases.size() - 2 - other];
                if (!candidate.vehicles.empty()) {
                    falseMention = {localId, "vehicle", candidate.vehicles.front().mark, candidate.number};
                    break;
                }
            }
        }
        if (!vehiclesWritten.empty() || !falseMention.value.empty() || !noiseMark.empty()) {
            w.key("vehicles").beginArray();
            for (auto &[i, mark] : vehiclesWritten) {
                writeVehicle(w, c.vehicles[i], mark);
            }
            if (!noiseMark.empty()) {
                w.beginObject();
                w.field("vrm", spacedMark(noiseMark));
                w.endObject();
            }
            if (!falseMention.value.empty()) {
                w.beginObject();
                w.field("vrm", spacedMark(falseMention.value));
                w.endObject();
                c.falseMentions.push_back(falseMention);
            }
            w.endArray();
        }

        const Place *party = nullptr;
        const Place *spot = nullptr;
        const voc::Hub *hub = nullptr;
        std::vector<const Place *> placesWritten;
        for (std::size_t i = 0; i < c.places.size(); ++i) {
            Place &place = c.places[i];
            if (chain ? i == static_cast<std::size_t>(sequence) % c.places.size() && rng.chance(0.5) : rng.chance(0.4)) {
                place.seen = true;
                placesWritten.push_back(&place);
                // The first place of a case is its party house (organised) or the suspect's flat (single).
                (i == 0 ? party : spot) = &place;
            }
        }
        // Hard mode: the busy public places are shared by many more unrelated cases.
        const double hubChance = c.kind == CaseKind::Single      ? (options.hard ? 0.5 : 0.3)
                                 : c.kind == CaseKind::Organised ? (options.hard ? 0.25 : 0.12)
                                                                 : (options.hard ? 0.3 : 0.0);
        if (rng.chance(hubChance)) {
            hub = &pickFrom(rng, voc::kHubs);
        }
        if (!placesWritten.empty() || hub != nullptr) {
            w.key("places").beginArray();
            for (const Place *place : placesWritten) {
                writePlace(w, place->name, place->address, place->lat, place->lon);
            }
            if (hub != nullptr) {
                writePlace(w, hub->name, hub->address, hub->lat, hub->lon);
            }
            w.endArray();
        }

        std::vector<std::string> phonesWritten;
        std::string phoneOwner;
        for (std::size_t k = 0; k < suspectIdx.size(); ++k) {
            const Person &s = c.suspects[suspectIdx[k]];
            if (!s.phone.empty() && rng.chance(0.55)) {
                phonesWritten.push_back(writtenPhone(rng, s.phone));
                c.seePhone(s.phone);
                if (phoneOwner.empty()) {
                    phoneOwner = suspectCalls[k];
                }
            }
        }
        std::string childPhone;
        if (!focusChild->phone.empty() && rng.chance(0.25)) {
            childPhone = writtenPhone(rng, focusChild->phone);
            phonesWritten.push_back(childPhone);
            c.seePhone(focusChild->phone);
        }
        for (const std::size_t i : premisesIdx) {
            if (!c.premises[i].phone.empty() && rng.chance(0.3)) {
                phonesWritten.push_back(writtenPhone(rng, c.premises[i].phone));
                c.seePhone(c.premises[i].phone);
            }
        }
        if (!phonesWritten.empty()) {
            w.key("phones").beginArray();
            for (const auto &phone : phonesWritten) {
                w.value(phone);
            }
            w.endArray();
        }

        const Person *onlineSuspect = nullptr;
        for (const std::size_t i : suspectIdx) {
            if (!c.suspects[i].handle.empty() && rng.chance(c.kind == CaseKind::Online ? 0.9 : 0.35)) {
                onlineSuspect = &c.suspects[i];
                break;
            }
        }
        const bool childAccount = !focusChild->handle.empty() && rng.chance(0.3);
        if (onlineSuspect != nullptr || childAccount) {
            w.key("online_accounts").beginArray();
            if (onlineSuspect != nullptr) {
                w.beginObject();
                w.field("service", onlineSuspect->service);
                w.field("handle", onlineSuspect->handle);
                w.endObject();
                c.seeAccount(*onlineSuspect);
            }
            if (childAccount) {
                w.beginObject();
                w.field("service", focusChild->service);
                w.field("handle", focusChild->handle);
                w.endObject();
                c.seeAccount(*focusChild);
            }
            w.endArray();
        }

        const std::string suspectCall = suspectCalls.empty() ? std::string() : suspectCalls.front();
        const bool suspectIsAlias =
            !suspectIdx.empty() && std::find(c.suspects[suspectIdx.front()].aliases.begin(),
                                             c.suspects[suspectIdx.front()].aliases.end(),
                                             suspectCall) != c.suspects[suspectIdx.front()].aliases.end();
        const Vehicle *vehicle = vehiclesWritten.empty() ? nullptr : &c.vehicles[vehiclesWritten.front().first];
        const std::string vehicleMark = vehiclesWritten.empty() ? std::string() : vehiclesWritten.front().second;
        const Premises *premises = premisesIdx.empty() ? nullptr : &c.premises[premisesIdx.front()];

        if (rng.chance(0.6)) {
            w.key("incidents").beginArray();
            const int count = rng.chance(0.7) ? 1 : 2;
            for (int i = 0; i < count; ++i) {
                const std::int64_t at = std::max(minute - rng.between(2 * 60, 20 * 1440), kFirstDay * 1440 + 5);
                w.beginObject();
                w.field("at", formatDateTime(at - at % 5));
                std::string what = childName;
                if (vehicle != nullptr && rng.chance(0.6)) {
                    what += " seen getting into " + std::string(vehicle->colour) + " " +
                            std::string(vehicle->car.model) + " " + vehicleMark;
                } else if (c.kind == CaseKind::Online) {
                    what += " sent sexual images after being asked by an online contact";
                } else {
                    what += " seen with older males";
                }
                if (premises != nullptr && rng.chance(0.6)) {
                    what += " outside " + premises->tradingName;
                } else if (hub != nullptr) {
                    what += " at the " + lowerAscii(hub->name);
                }
                w.field("description", what);
                w.endObject();
            }
            w.endArray();
        }

        std::string narrative;
        narrative.reserve(600);
        const std::string pronoun(focusChild->subjectPronoun());
        std::string pronounCap = pronoun;
        pronounCap[0] = static_cast<char>(pronounCap[0] - 'a' + 'A');
        const std::string poss(focusChild->possessive());
        if (c.kind == CaseKind::Online) {
            narrative += childName + " has been talking online to someone " + pronoun + " has never met. ";
            if (onlineSuspect != nullptr) {
                narrative += "The contact uses the " + onlineSuspect->service + " account '" + onlineSuspect->handle +
                             "' and has asked " + (focusChild->female ? "her" : "him") + " for pictures. ";
            }
        } else if (vehicle != nullptr && rng.chance(0.7)) {
            const std::string car = std::string(vehicle->colour) + " " + std::string(vehicle->car.make);
            switch (rng.below(3)) {
            case 0:
                narrative += childName + " has been seen getting into a " + car + " " + vehicleMark +
                             " driven by an older male. ";
                break;
            case 1:
                narrative += "A " + car + ", registration " + vehicleMark + ", has been collecting " + childName +
                             " from near " + poss + " home late at night. ";
                break;
            default:
                narrative += "School staff saw " + childName + " dropped off in a " + car + " (" + vehicleMark +
                             ") by two adult males. ";
            }
        } else {
            static constexpr std::array<std::string_view, 4> kOpenings = {
                " is believed to be spending time with older males and staying out late. ",
                " has been coming home with new clothes and a second phone. ",
                " has been missing from school and is said to be partying with adults. ",
                " was seen drunk in the town centre with a group of older men. "};
            narrative += childName + std::string(pickFrom(rng, kOpenings));
        }
        if (!suspectCall.empty()) {
            if (suspectIsAlias && c.kind == CaseKind::Online) {
                narrative += "The contact calls himself '" + suspectCall + "' and has offered to meet. ";
            } else if (suspectIsAlias) {
                const auto style = rng.below(3);
                if (style == 0) {
                    narrative += pronounCap + " talks about a male known as '" + suspectCall + "'. ";
                } else if (style == 1) {
                    narrative += "An adult called \"" + suspectCall + "\" has been buying " +
                                 (focusChild->female ? "her" : "him") + " alcohol and cigarettes. ";
                } else {
                    narrative += "The driver, aka " + suspectCall + ", is said to give " +
                                 (focusChild->female ? "her" : "him") + " lifts. ";
                }
            } else if (suspectCall != "a man" && suspectCall != "a woman") {
                narrative += pronounCap + " has been seen with " + suspectCall + ", who is much older. ";
            }
        }
        if (premises != nullptr) {
            if (premises->type == "taxi_firm") {
                narrative += "Drivers from " + premises->tradingName + " are said to give girls free lifts. ";
            } else if (premises->type == "hotel") {
                narrative += pronounCap + " was seen going into the " + premises->tradingName + " late at night. ";
            } else {
                narrative += pronounCap + " has been given free food at " + premises->tradingName +
                             " and goes there after school. ";
            }
        }
        if (party != nullptr && c.kind == CaseKind::Organised) {
            narrative += rng.chance(0.5) ? "Information is that parties are held at " + party->address +
                                               " where young people are given alcohol and cannabis. "
                                         : "Girls are taken to a house at " + party->address +
                                               ", which the children describe as the " + lowerAscii(party->name) + ". ";
        } else if (party != nullptr) {
            narrative += pronounCap + " has been staying over at " + party->address + ". ";
        }
        if (spot != nullptr) {
            narrative += "Cars have been seen waiting at the " + lowerAscii(spot->name) + " (" + spot->address +
                         ") with young people inside. ";
        }
        if (!phoneOwner.empty()) {
            narrative += "The number for " + phoneOwner + " is given as " + phonesWritten.front() + ". ";
        }
        if (!childPhone.empty()) {
            narrative += poss == "her" ? "Her" : "His";
            narrative += " own number is " + childPhone + ". ";
        }
        if (hub != nullptr) {
            narrative += "Staff at the " + std::string(hub->name) + " report " + (focusChild->female ? "her" : "him") +
                         " hanging around late at night. ";
        }
        if (suspectedFalse) {
            narrative += "The caller would not give their details and the account could not be verified.";
        }
        while (!narrative.empty() && narrative.back() == ' ') {
            narrative.pop_back();
        }
        w.field("narrative", narrative);

        if (rng.chance(0.01)) {
            // Unknown fields must be kept and warned about by importers, so a few are planted.
            if (rng.chance(0.5)) {
                w.field("crime_reference", "20/" + std::to_string(rng.between(10000, 99999)) + "/" +
                                               std::to_string(civilFromDays(day).year % 100));
            } else {
                w.field("ward", std::string(pickFrom(rng, voc::kDistricts).town));
            }
        }
        w.endObject();
    }

    // --- screenings -------------------------------------------------------------------------

    void writeScreening(Case &c, Person &child, std::int64_t day, int round)
    {
        const int age = ageOn(child.dob, day);
        if (age >= 21 || (age >= 18 && !child.additionalNeeds)) {
            return; // the policy would reject it, and real screening tools are not completed then
        }
        const std::size_t local = addRecord(RecordKind::Screening, day * 1440 + 720);
        const auto localId = static_cast<std::uint32_t>(local);
        c.records.push_back(localId);
        ++summary.screenings;

        std::vector<std::pair<std::size_t, bool>> significant; // key index, current
        std::vector<std::size_t> risk;
        std::vector<std::size_t> vulnerability;
        const bool improving = round > 0 && rng.chance(0.4);
        auto choose = [this](std::span<const std::size_t> pool, int count) {
            std::vector<std::size_t> picked(pool.begin(), pool.end());
            rng.shuffle(std::span<std::size_t>(picked));
            picked.resize(std::min<std::size_t>(picked.size(), static_cast<std::size_t>(std::max(count, 0))));
            std::sort(picked.begin(), picked.end());
            return picked;
        };
        static constexpr std::array<std::size_t, 6> kOrganisedSignificant = {0, 1, 2, 3, 4, 6};
        static constexpr std::array<std::size_t, 14> kOrganisedRisk = {0, 1, 2, 4, 5, 6, 8, 10, 11, 12, 13, 14, 7, 18};
        static constexpr std::array<std::size_t, 6> kOnlineRisk = {8, 9, 7, 13, 2, 12};
        static constexpr std::array<std::size_t, 19> kAllRisk = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                                                                 10, 11, 12, 13, 14, 15, 16, 17, 18};
        static constexpr std::array<std::size_t, 8> kAllVulnerability = {0, 1, 2, 3, 4, 5, 6, 7};
        if (c.kind == CaseKind::Organised) {
            for (const std::size_t key : choose(kOrganisedSignificant, rng.between(1, 4))) {
                significant.emplace_back(key, !(improving && rng.chance(0.7)) && rng.chance(0.9));
            }
            risk = choose(kOrganisedRisk, rng.between(2, 7));
            vulnerability = choose(kAllVulnerability, rng.between(1, 3));
        } else if (c.kind == CaseKind::Online) {
            significant.emplace_back(5, !improving && rng.chance(0.7));
            if (rng.chance(0.2)) {
                significant.emplace_back(1, rng.chance(0.5));
            }
            std::sort(significant.begin(), significant.end());
            risk = choose(kOnlineRisk, rng.between(1, 4));
            vulnerability = choose(kAllVulnerability, rng.between(0, 2));
        } else {
            const double roll = rng.unit();
            static constexpr std::array<std::size_t, 6> kSingleSignificant = {0, 1, 2, 3, 4, 6};
            if (roll < 0.45) {
                for (const std::size_t key : choose(kSingleSignificant, rng.between(1, 2))) {
                    significant.emplace_back(key, !improving);
                }
            } else if (roll < 0.65) {
                significant.emplace_back(kSingleSignificant[rng.below(kSingleSignificant.size())], false);
            }
            if (roll < 0.92) {
                risk = choose(kAllRisk, rng.between(0, 4));
                vulnerability = choose(kAllVulnerability, rng.between(0, 3));
            } else if (roll < 0.97) {
                vulnerability = choose(kAllVulnerability, 1);
            }
        }
        if (child.learningDisability &&
            std::find(vulnerability.begin(), vulnerability.end(), 2) == vulnerability.end()) {
            vulnerability.push_back(2);
            std::sort(vulnerability.begin(), vulnerability.end());
        }
        if (child.inCare && std::find(vulnerability.begin(), vulnerability.end(), 3) == vulnerability.end() &&
            rng.chance(0.6)) {
            vulnerability.push_back(3);
            std::sort(vulnerability.begin(), vulnerability.end());
        }

        std::string &out = records[local].body;
        JsonWriter w(out);
        w.continueObject();
        w.field("screened_at", formatDate(day));
        w.key("child").beginObject();
        w.field("name", child.name());
        w.key("aliases").beginArray();
        for (const auto &alias : child.aliases) {
            w.value(alias);
        }
        w.endArray();
        const std::string dob = formatDate(child.dob);
        w.field("dob", dob);
        w.field("gender", child.female ? "female" : "male");
        w.field("ethnicity", child.ethnicity);
        w.key("disability");
        w.stringOrNull(child.disability);
        w.field("learning_disability", child.learningDisability);
        w.field("additional_needs", child.additionalNeeds);
        w.field("address", child.address);
        w.field("lives_with", child.livesWith);
        w.field("in_care", child.inCare);
        w.endObject();
        child.mentions.push_back({localId, child.name(), dob, child.aliases});

        const Staff &referrer = pickStaff();
        w.key("referrer").beginObject();
        w.field("name", referrer.name);
        w.field("agency", referrer.agency);
        w.field("telephone", referrer.phone.substr(0, 5) + " " + referrer.phone.substr(5));
        w.field("email", referrer.email);
        w.endObject();

        std::string reason;
        if (c.kind == CaseKind::Online) {
            reason = "Concerns about contact online with an unknown adult";
        } else if (!significant.empty() && significant.front().first == 0) {
            reason = "Missing from home and seen with older males";
        } else if (c.kind == CaseKind::Organised) {
            reason = "Seen in cars with older males and at premises of concern";
        } else if (risk.empty() && significant.empty()) {
            reason = "Worries raised by school; no indicators found at screening";
        } else {
            reason = "Information report received about an older male";
        }
        if (round > 0) {
            reason += improving ? "; review, engaging with support" : "; review after further reports";
        }
        w.field("reason", reason);

        bool anyCurrent = false;
        bool anyPast = false;
        w.key("significant").beginObject();
        for (const auto &[key, current] : significant) {
            w.field(kSignificantKeys[key], current ? "current" : "past");
            anyCurrent = anyCurrent || current;
            anyPast = anyPast || !current;
        }
        w.endObject();
        w.key("risk_indicators").beginArray();
        for (const std::size_t key : risk) {
            w.value(kRiskKeys[key]);
        }
        w.endArray();
        w.key("vulnerabilities").beginArray();
        for (const std::size_t key : vulnerability) {
            w.value(kVulnerabilityKeys[key]);
        }
        w.endArray();

        // The same rules as FORMATS.md's default policy, so that a judgement never goes below a floor.
        const bool behaviours = !significant.empty() || !risk.empty();
        const Level floor = behaviours && (age < 13 || child.learningDisability) ? Level::Medium : Level::None;
        const Level computed = std::max(computedLevel(anyCurrent, anyPast, risk.size(), vulnerability.size()), floor);
        if (rng.chance(0.12)) {
            const bool down = computed > floor && rng.chance(computed == Level::Significant ? 0.4 : 0.5);
            if (down || computed < Level::Significant) {
                const auto level = static_cast<Level>(static_cast<int>(computed) + (down ? -1 : 1));
                static constexpr std::array<std::string_view, 4> kUp = {
                    "Disclosure to school nurse", "Intelligence of contact with older males not yet on the form",
                    "Escalating missing episodes", "Sibling exploited by the same group"};
                static constexpr std::array<std::string_view, 4> kDown = {
                    "Indicators historic; family now protective", "Engaging well with YPSE worker",
                    "Moved out of area with mother", "Contact with the adult has stopped"};
                w.key("professional_judgement").beginObject();
                w.field("level", toString(level));
                w.field("reason", down ? pickFrom(rng, kDown) : pickFrom(rng, kUp));
                w.endObject();
            }
        }
        w.endObject();
    }

    // --- missing episodes -------------------------------------------------------------------

    void writeMissing(Case &c, Person &child, std::int64_t day)
    {
        const std::int64_t went = day * 1440 + rng.between(15 * 60, 23 * 60 + 30);
        const std::size_t local = addRecord(RecordKind::Missing, went);
        const auto localId = static_cast<std::uint32_t>(local);
        c.records.push_back(localId);
        ++summary.missingEpisodes;

        std::string &out = records[local].body;
        JsonWriter w(out);
        w.continueObject();
        w.key("child").beginObject();
        w.field("name", child.name());
        const std::string dob = formatDate(child.dob);
        w.field("dob", dob);
        w.endObject();
        child.mentions.push_back({localId, child.name(), dob, {}});

        const std::int64_t returned = went + rng.between(3 * 60, 60 * 60);
        w.field("went_missing_at", formatDateTime(went - went % 5));
        w.field("returned_at", formatDateTime(returned - returned % 5));
        w.field("reported_to_police", rng.chance(0.85));

        const bool organised = c.kind == CaseKind::Organised;
        const double roll = rng.unit();
        if (organised && roll < 0.5 && !c.places.empty()) {
            Place &house = c.places.front();
            house.seen = true;
            w.key("found_at").beginObject();
            w.field("name", house.name);
            w.field("address", house.address);
            w.endObject();
        } else if (!c.premises.empty() && roll < (organised ? 0.75 : 0.3)) {
            Premises &premises = c.premises[rng.below(c.premises.size())];
            premises.seen = true;
            w.key("found_at").beginObject();
            w.field("name", (premises.type == "taxi_firm" ? "In a car from " : "Flat above ") + premises.tradingName);
            w.field("address", premises.address);
            w.endObject();
        } else if (!organised && !c.places.empty() && roll < 0.5) {
            Place &flat = c.places.front();
            flat.seen = true;
            w.key("found_at").beginObject();
            w.field("name", flat.name);
            w.field("address", flat.address);
            w.endObject();
        } else if (roll < 0.85) {
            const voc::Hub &hub = pickFrom(rng, voc::kHubs);
            w.key("found_at").beginObject();
            w.field("name", hub.name);
            w.field("address", hub.address);
            w.endObject();
        }

        const bool withSuspect = organised ? rng.chance(0.65) : c.kind == CaseKind::Single && rng.chance(0.2);
        Person *otherChild = nullptr;
        if (organised && rng.chance(0.25)) {
            Person &candidate = c.children[rng.below(c.children.size())];
            if (&candidate != &child) {
                otherChild = &candidate;
            }
        }
        if (withSuspect || otherChild != nullptr) {
            w.key("found_with").beginArray();
            if (withSuspect) {
                Person &s = c.suspects[rng.below(c.suspects.size())];
                Mention m;
                m.record = localId;
                if (s.nameKnown && (s.aliases.empty() || rng.chance(0.3))) {
                    m.name = s.name();
                }
                if (!s.aliases.empty()) {
                    m.aliases.push_back(s.aliases.front());
                }
                if (m.name.empty() && m.aliases.empty()) {
                    m.name = s.name(); // unreachable today: single-case suspects have a name or an alias
                }
                w.beginObject();
                w.key("name");
                w.stringOrNull(m.name);
                w.key("aliases").beginArray();
                for (const auto &alias : m.aliases) {
                    w.value(alias);
                }
                w.endArray();
                w.endObject();
                s.mentions.push_back(std::move(m));
            }
            if (otherChild != nullptr) {
                w.beginObject();
                w.field("name", otherChild->name());
                w.key("aliases").beginArray();
                w.endArray();
                w.endObject();
                otherChild->mentions.push_back({localId, otherChild->name(), {}, {}});
            }
            w.endArray();
        }

        if (rng.chance(0.7)) {
            static constexpr std::array<std::string_view, 5> kSummaries = {
                "Would not say where she had been", "Said she was with friends in town",
                "Disclosed being given alcohol at a party", "Refused to engage with the interview",
                "Said an older male had collected her in a car"};
            std::string summaryText(pickFrom(rng, kSummaries));
            if (!child.female) {
                for (auto at = summaryText.find("she"); at != std::string::npos; at = summaryText.find("she", at)) {
                    summaryText.replace(at, 3, "he");
                }
                for (auto at = summaryText.find(" her"); at != std::string::npos;
                     at = summaryText.find(" her", at + 1)) {
                    summaryText.replace(at, 4, " him");
                }
            }
            w.key("return_interview").beginObject();
            w.field("held_at", formatDate(std::min(returned / 1440 + rng.between(1, 5), kLastDay)));
            w.field("summary", summaryText);
            w.endObject();
        }
        w.endObject();
    }

    // --- cases ------------------------------------------------------------------------------

    void buildCase(CaseKind kind, int reportCount)
    {
        cases.push_back(newCase(kind));
        Case &c = cases.back();
        switch (kind) {
        case CaseKind::Organised:
            ++summary.organisedNetworks;
            break;
        case CaseKind::Single:
            ++summary.singleCases;
            break;
        case CaseKind::Online:
            ++summary.onlineCases;
            break;
        }

        std::vector<std::int64_t> days(static_cast<std::size_t>(reportCount));
        for (auto &day : days) {
            day = dayIn(c.startDay, c.endDay);
        }
        std::sort(days.begin(), days.end());
        for (int i = 0; i < reportCount; ++i) {
            writeReport(c, days[static_cast<std::size_t>(i)], i);
        }

        for (auto &child : c.children) {
            const int screenings = kind == CaseKind::Organised ? rng.between(2, 3)
                                   : rng.chance(0.6)           ? 1
                                   : rng.chance(0.8)           ? 2
                                                               : 3;
            std::int64_t day = child.firstScreening;
            for (int round = 0; round < screenings && day <= kLastDay; ++round) {
                writeScreening(c, child, day, round);
                day += rng.between(30, 120);
            }
            static constexpr std::array<int, 20> kOrganisedMissing = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
                                                                       1, 2, 2, 2, 2, 2, 2, 3, 3, 3};
            int missing = 0;
            if (kind == CaseKind::Organised) {
                missing = pickFrom(rng, kOrganisedMissing);
            } else if (kind == CaseKind::Single) {
                missing = rng.chance(0.28) ? (rng.chance(0.2) ? 2 : 1) : 0;
            } else {
                missing = rng.chance(0.1) ? 1 : 0;
            }
            const std::int64_t last = std::min(c.endDay + 20, kLastDay - 3);
            for (int i = 0; i < missing; ++i) {
                writeMissing(c, child, dayIn(c.startDay, last));
            }
        }
    }

    // --- output -----------------------------------------------------------------------------

    void put(std::FILE *file, std::string_view text)
    {
        if (!ioFailed && std::fwrite(text.data(), 1, text.size(), file) != text.size()) {
            ioFailed = true;
        }
    }

    void flush()
    {
        std::vector<std::uint32_t> order(recordCount);
        for (std::uint32_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
            return records[a].minute != records[b].minute ? records[a].minute < records[b].minute : a < b;
        });
        std::vector<std::string> ids(recordCount);
        std::vector<std::uint32_t> position(recordCount);
        reportsOut.clear();
        screeningsOut.clear();
        missingOut.clear();
        for (std::uint32_t rank = 0; rank < order.size(); ++rank) {
            const std::uint32_t i = order[rank];
            position[i] = rank;
            PendingRecord &record = records[i];
            const std::string year = std::to_string(civilFromDays(record.minute / 1440).year);
            std::string *out = &reportsOut;
            std::string_view kind = "information_report";
            if (record.kind == RecordKind::Report) {
                ids[i] = "IR-" + year + "-" + padded(++reportCounter, 6);
            } else if (record.kind == RecordKind::Screening) {
                ids[i] = "SCR-" + year + "-" + padded(++screeningCounter, 6);
                out = &screeningsOut;
                kind = "screening";
            } else {
                ids[i] = "MISS-" + year + "-" + padded(++missingCounter, 6);
                out = &missingOut;
                kind = "missing_episode";
            }
            out->append("{\"kind\":\"").append(kind).append("\",\"id\":\"").append(ids[i]).append("\"");
            out->append(record.body);
            out->push_back('\n');
        }
        put(reportsFile.get(), reportsOut);
        put(screeningsFile.get(), screeningsOut);
        put(missingFile.get(), missingOut);

        truthOut.clear();
        peopleOut.clear();
        for (Case &c : cases) {
            writeNetwork(truthOut, peopleOut, c, ids, position);
        }
        put(truthFile.get(), truthOut);
        put(peopleFile.get(), peopleOut);

        cases.clear();
        recordCount = 0;
        chunkReports = 0;
    }

    static std::string networkId(std::int64_t number) { return "NET-" + padded(number, 4); }

    void writeNetwork(std::string &truth, std::string &people, Case &c, const std::vector<std::string> &ids,
                      const std::vector<std::uint32_t> &position)
    {
        auto byDate = [&position](std::uint32_t a, std::uint32_t b) { return position[a] < position[b]; };
        std::sort(c.records.begin(), c.records.end(), byDate);
        std::sort(c.suspectedFalse.begin(), c.suspectedFalse.end(), byDate);
        const std::string network = networkId(c.number);

        if (!firstNetwork) {
            truth.push_back(',');
        }
        firstNetwork = false;
        truth.push_back('\n');
        JsonWriter w(truth);
        w.beginObject();
        w.field("id", network);
        w.field("kind", toString(c.kind));
        w.key("records").beginArray();
        for (const std::uint32_t r : c.records) {
            w.value(ids[r]);
        }
        w.endArray();
        auto writePeople = [&](std::string_view key, const std::vector<Person> &persons) {
            w.key(key).beginArray();
            for (const Person &p : persons) {
                if (!p.mentions.empty()) {
                    w.value("P-" + padded(p.number, 6));
                }
            }
            w.endArray();
        };
        writePeople("children", c.children);
        writePeople("suspects", c.suspects);
        w.key("premises").beginArray();
        for (const auto &p : c.premises) {
            if (p.seen) {
                w.value(p.tradingName);
            }
        }
        w.endArray();
        w.key("vehicles").beginArray();
        for (const auto &v : c.vehicles) {
            if (v.seen) {
                w.value(v.mark);
            }
        }
        w.endArray();
        w.key("places").beginArray();
        for (const auto &p : c.places) {
            if (p.seen) {
                w.value(p.address);
            }
        }
        w.endArray();
        w.key("phones").beginArray();
        for (const auto &p : c.phonesSeen) {
            w.value(p);
        }
        w.endArray();
        w.key("online_accounts").beginArray();
        for (const auto &a : c.accountsSeen) {
            w.value(a);
        }
        w.endArray();
        w.key("suspected_false").beginArray();
        for (const std::uint32_t r : c.suspectedFalse) {
            w.value(ids[r]);
        }
        w.endArray();
        w.key("false_mentions").beginArray();
        for (const auto &f : c.falseMentions) {
            w.beginObject();
            w.field("record", ids[f.record]);
            w.field("kind", f.kind);
            w.field("value", f.value);
            w.field("belongs_to", networkId(f.network));
            w.endObject();
        }
        w.endArray();
        w.endObject();

        for (Person *p : personsOf(c)) {
            if (p->mentions.empty()) {
                continue;
            }
            if (p->child) {
                ++summary.children;
            } else {
                ++summary.suspects;
            }
            std::sort(p->mentions.begin(), p->mentions.end(),
                      [&position](const Mention &a, const Mention &b) {
                          return position[a.record] < position[b.record];
                      });
            if (!firstPerson) {
                people.push_back(',');
            }
            firstPerson = false;
            people.push_back('\n');
            JsonWriter pw(people);
            pw.beginObject();
            pw.field("id", "P-" + padded(p->number, 6));
            pw.field("role", p->child ? "child" : "suspect");
            pw.key("name");
            if (p->nameKnown) {
                pw.value(p->name());
                pw.field("dob", formatDate(p->dob));
            } else {
                pw.null();
                pw.key("dob").null();
            }
            pw.field("gender", p->female ? "female" : "male");
            pw.key("aliases").beginArray();
            for (const auto &alias : p->aliases) {
                pw.value(alias);
            }
            pw.endArray();
            pw.field("network", network);
            pw.key("mentions").beginArray();
            for (const Mention &m : p->mentions) {
                pw.beginObject();
                pw.field("record", ids[m.record]);
                pw.key("name_as_written").stringOrNull(m.name);
                pw.key("dob_as_written").stringOrNull(m.dob);
                pw.key("aliases_as_written").beginArray();
                for (const auto &alias : m.aliases) {
                    pw.value(alias);
                }
                pw.endArray();
                pw.endObject();
            }
            pw.endArray();
            pw.endObject();
        }
    }

    static std::vector<Person *> personsOf(Case &c)
    {
        std::vector<Person *> persons;
        for (auto &p : c.children) {
            persons.push_back(&p);
        }
        for (auto &p : c.suspects) {
            persons.push_back(&p);
        }
        return persons;
    }

    void makeStaff()
    {
        for (int i = 0; i < kStaffCount; ++i) {
            const voc::Agency &agency = voc::kAgencies[static_cast<std::size_t>(i) % voc::kAgencies.size()];
            Staff s;
            const bool female = rng.chance(0.6);
            const std::string_view first = female ? pickFrom(rng, voc::kGirlNames) : pickFrom(rng, voc::kBoyNames);
            const std::string_view last = pickFrom(rng, voc::kSurnames);
            s.name = std::string(1, first[0]) + ". " + std::string(last);
            s.post = agency.posts[rng.below(agency.posts.size())];
            s.agency = agency.name;
            // Agency switchboards share the top of the 01632 960xxx range, away from the subjects' numbers.
            s.phone = "01632960" + std::to_string(900 + i);
            std::string user = lowerAscii(std::string(first) + "." + std::string(last));
            std::erase(user, '\'');
            s.email = user + "@" + lowerAscii(agency.name.substr(0, agency.name.find(' '))) + ".example.org";
            std::erase(s.email, '\'');
            staff.push_back(std::move(s));
        }
    }

    bool open(File &file, const std::filesystem::path &path, std::string &error)
    {
        file.reset(std::fopen(path.c_str(), "wb"));
        if (!file) {
            error = "cannot create " + path.string();
            return false;
        }
        std::setvbuf(file.get(), nullptr, _IOFBF, 1 << 20);
        return true;
    }

    bool run(std::string &error)
    {
        std::error_code ec;
        std::filesystem::create_directories(options.outDir, ec);
        if (ec) {
            error = "cannot create " + options.outDir.string() + ": " + ec.message();
            return false;
        }
        peoplePath = options.outDir / "ground-truth.people.tmp";
        if (!open(reportsFile, options.outDir / "reports.jsonl", error) ||
            !open(screeningsFile, options.outDir / "screenings.jsonl", error) ||
            !open(missingFile, options.outDir / "missing.jsonl", error) ||
            !open(truthFile, options.outDir / "ground-truth.json", error) || !open(peopleFile, peoplePath, error)) {
            return false;
        }

        mobileOffset = rng.below(1000);
        landlineOffset = rng.below(900);
        makeStaff();

        std::string head;
        JsonWriter w(head);
        w.beginObject();
        w.field("seed", static_cast<std::int64_t>(options.seed));
        w.field("reports", options.reports);
        w.field("date_range", formatDate(kFirstDay) + "/" + formatDate(kLastDay));
        w.key("hubs").beginArray();
        for (const auto &hub : voc::kHubs) {
            w.value(hub.address);
        }
        w.endArray();
        head.append(",\"networks\":[");
        put(truthFile.get(), head);

        // One organised network for about every 40 reports (at least three when there are few),
        // the rest single-victim and online-only cases of one to five reports.
        const std::int64_t total = options.reports;
        const std::int64_t spacing = total >= 160 ? 40 : std::max<std::int64_t>(1, total / 4);
        std::int64_t nextOrganised = rng.between(0, static_cast<int>(spacing / 2));
        std::int64_t produced = 0;
        while (produced < total) {
            CaseKind kind = CaseKind::Single;
            int planned = 0;
            if (produced >= nextOrganised) {
                kind = CaseKind::Organised;
                planned = rng.between(8, 16);
                nextOrganised += spacing + rng.between(-static_cast<int>(spacing / 4), static_cast<int>(spacing / 4));
            } else if (rng.chance(0.7)) {
                static constexpr std::array<int, 20> kSingleReports = {1, 1, 1, 1, 2, 2, 2, 2, 2, 3,
                                                                       3, 3, 3, 3, 4, 4, 4, 5, 5, 5};
                planned = pickFrom(rng, kSingleReports);
            } else {
                kind = CaseKind::Online;
                planned = rng.between(1, 4);
            }
            const int count = static_cast<int>(std::min<std::int64_t>(planned, total - produced));
            buildCase(kind, count);
            produced += count;
            if (chunkReports >= kChunkReports) {
                flush();
            }
        }
        flush();

        std::string tail = "\n],\"people\":[";
        put(truthFile.get(), tail);
        peopleFile.reset();
        {
            File people(std::fopen(peoplePath.c_str(), "rb"));
            if (!people) {
                error = "cannot read back " + peoplePath.string();
                return false;
            }
            std::vector<char> buffer(1 << 20);
            for (std::size_t n = 0; (n = std::fread(buffer.data(), 1, buffer.size(), people.get())) > 0;) {
                put(truthFile.get(), std::string_view(buffer.data(), n));
            }
        }
        std::filesystem::remove(peoplePath, ec);

        std::string end = "\n],\"counts\":";
        JsonWriter cw(end);
        cw.beginObject();
        cw.field("reports", summary.reports);
        cw.field("screenings", summary.screenings);
        cw.field("missing_episodes", summary.missingEpisodes);
        cw.field("networks", summary.networks);
        cw.field("organised", summary.organisedNetworks);
        cw.field("single", summary.singleCases);
        cw.field("online", summary.onlineCases);
        cw.field("children", summary.children);
        cw.field("suspects", summary.suspects);
        cw.endObject();
        end.append("}\n");
        put(truthFile.get(), end);

        for (File *file : {&reportsFile, &screeningsFile, &missingFile, &truthFile}) {
            if (std::fflush(file->get()) != 0 || std::ferror(file->get()) != 0) {
                ioFailed = true;
            }
            file->reset();
        }
        if (ioFailed) {
            error = "write failed in " + options.outDir.string() + " (disk full?)";
            return false;
        }
        return true;
    }
};

Generator::Generator(GeneratorOptions options) : m_state(std::make_unique<State>(std::move(options))) {}

Generator::~Generator() = default;

bool Generator::run(std::string &error)
{
    return m_state->run(error);
}

const GeneratorSummary &Generator::summary() const
{
    return m_state->summary;
}

} // namespace harbour::generator

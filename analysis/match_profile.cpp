#include "match_profile.h"

#include "harbour/uk_formats.h"
#include "match_phonetic.h"
#include "person_evidence.h"
#include "string_similarity.h"

#include <cctype>
#include <functional>
#include <string_view>

namespace harbour::analysis::detail
{
namespace
{

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

} // namespace

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
        const bool filler =
            dropFiller && (word == "the" || word == "and" || word == "of" || word == "ltd" || word == "limited");
        if (!word.empty() && !filler) {
            words.push_back(std::move(word));
        }
        begin = end + 1;
    }
    return words;
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
    if (person) {
        p.firstSound = metaphone(p.first);
        p.lastSound = metaphone(p.last);
        p.addressPostcode = p.postcode;
        if (p.addressPostcode.empty()) {
            p.addressPostcode = postcodeInAddress(entity.attribute("address")).value_or(std::string{});
        }
    }
    return p;
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
    print =
        fold(print, p.dob ? (std::uint64_t{1} << 40) | (static_cast<std::uint64_t>(p.dob->year) << 16) |
                                (static_cast<std::uint64_t>(p.dob->month) << 8) | static_cast<std::uint64_t>(p.dob->day)
                          : 0);
    for (const std::string *text : {&p.first, &p.last, &p.firstKey, &p.lastKey, &p.joined, &p.name, &p.address,
                                    &p.addressPostcode, &p.firstSound, &p.lastSound, &p.postcode, &p.district}) {
        print = fold(print, *text);
    }
    print = fold(print, p.neighbours.size());
    for (const Neighbour &n : p.neighbours) {
        print = fold(fold(print, static_cast<std::uint64_t>(n.id)), static_cast<std::uint64_t>(n.kind));
        print = fold(print, static_cast<std::uint64_t>(n.degree));
    }
    for (const std::string &sound : p.nicknameSounds) {
        print = fold(print, sound);
    }
    print = fold(print, p.records.size());
    for (const RecordRowId record : p.records) {
        print = fold(print, static_cast<std::uint64_t>(record));
    }
    return print;
}

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
    case EntityType::Premises:
        return candidate == EntityType::Person ? std::optional{NeighbourKind::Premises} : std::nullopt;
    case EntityType::Person:
        return std::nullopt;
    }
    return std::nullopt;
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

} // namespace harbour::analysis::detail

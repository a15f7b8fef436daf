#include "harbour/importers/record_parser.h"

#include "harbour/hash.h"
#include "harbour/importers/narrative_extractor.h"
#include "harbour/risk.h"
#include "harbour/uk_formats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harbour::importers {

namespace {

using json = nlohmann::json;

enum class Need { Optional, Required };

std::string join(std::string_view prefix, std::string_view key)
{
    std::string out;
    out.reserve(prefix.size() + key.size() + 1);
    if (!prefix.empty()) {
        out.append(prefix).push_back('.');
    }
    out.append(key);
    return out;
}

std::string indexed(std::string_view prefix, std::size_t index)
{
    return std::string(prefix) + "[" + std::to_string(index) + "]";
}

std::string listOf(std::span<const std::string_view> values)
{
    std::string out;
    for (std::string_view value : values) {
        if (!out.empty()) {
            out += ", ";
        }
        out += value;
    }
    return out;
}

constexpr std::string_view kSourceTypes[] = {"witnessed", "professional", "member_of_public"};
constexpr std::string_view kRoles[] = {"victim", "perpetrator", "associate", "unknown"};
constexpr std::string_view kPremisesTypes[] = {"takeaway", "taxi_firm",  "hotel",      "pub",  "off_licence",
                                               "newsagent", "shisha_bar", "bed_and_breakfast", "other"};
constexpr std::string_view kRiskLevels[] = {"none", "low", "medium", "significant"};

std::string_view groupWords(IndicatorGroup group)
{
    switch (group) {
    case IndicatorGroup::Significant: return "a significant risk indicator";
    case IndicatorGroup::Risk: return "a risk indicator";
    case IndicatorGroup::Vulnerability: return "a vulnerability factor";
    }
    return "an indicator";
}

/// Reads the fields of one record. The first problem is kept as the record's error; later reads
/// carry on with defaults so that the code reads straight through, and their problems are dropped.
class Reader {
public:
    Reader(const std::string &file, const std::string &location) : m_file(file), m_location(location) {}

    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }
    std::vector<std::string> takeWarnings() { return std::move(m_warnings); }

    void fail(std::string field, std::string message, ErrorCode code = ErrorCode::Validation)
    {
        if (!m_error) {
            m_error = Error{code, std::move(message), m_file, m_location, std::move(field)};
        }
    }

    void warn(std::string message) { m_warnings.push_back(std::move(message)); }

    /// The member, or nullptr when absent. Null counts as absent unless `keepNull`.
    const json *member(const json &object, const char *key, bool keepNull = false) const
    {
        const auto it = object.find(key);
        if (it == object.end() || (!keepNull && it->is_null())) {
            return nullptr;
        }
        return &*it;
    }

    /// A required member that is absent or null fails with a message saying which.
    const json *need(const json &object, const std::string &prefix, const char *key, Need need)
    {
        const json *value = member(object, key, true);
        if (value && !value->is_null()) {
            return value;
        }
        if (need == Need::Required) {
            fail(join(prefix, key), value ? "required field is null" : "required field is missing");
        }
        return nullptr;
    }

    std::optional<std::string> nullableString(const json &object, const std::string &prefix, const char *key,
                                              Need need = Need::Optional)
    {
        const json *value = this->need(object, prefix, key, need);
        if (!value) {
            return std::nullopt;
        }
        if (!value->is_string()) {
            fail(join(prefix, key), "expected a string");
            return std::nullopt;
        }
        return value->get<std::string>();
    }

    std::string string(const json &object, const std::string &prefix, const char *key, Need need = Need::Optional)
    {
        std::optional<std::string> value = nullableString(object, prefix, key, need);
        if (!value) {
            return {};
        }
        if (need == Need::Required && value->find_first_not_of(" \t\r\n") == std::string::npos) {
            fail(join(prefix, key), "must not be empty");
        }
        return std::move(*value);
    }

    std::string enumeration(const json &object, const std::string &prefix, const char *key, Need need,
                            std::span<const std::string_view> allowed)
    {
        const json *value = this->need(object, prefix, key, need);
        if (!value) {
            return {};
        }
        if (!value->is_string()) {
            fail(join(prefix, key), "expected a string");
            return {};
        }
        const auto &text = value->get_ref<const std::string &>();
        if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
            fail(join(prefix, key), "unknown value '" + text + "'; expected one of " + listOf(allowed));
            return {};
        }
        return text;
    }

    std::vector<std::string> strings(const json &object, const std::string &prefix, const char *key)
    {
        std::vector<std::string> out;
        const json *value = member(object, key);
        if (!value) {
            return out;
        }
        if (!value->is_array()) {
            fail(join(prefix, key), "expected an array of strings");
            return out;
        }
        out.reserve(value->size());
        for (std::size_t i = 0; i < value->size(); ++i) {
            const json &item = (*value)[i];
            if (!item.is_string()) {
                fail(indexed(join(prefix, key), i), "expected a string");
                return out;
            }
            out.push_back(item.get<std::string>());
        }
        return out;
    }

    std::optional<bool> boolean(const json &object, const std::string &prefix, const char *key)
    {
        const json *value = member(object, key);
        if (!value) {
            return std::nullopt;
        }
        if (!value->is_boolean()) {
            fail(join(prefix, key), "expected true or false");
            return std::nullopt;
        }
        return value->get<bool>();
    }

    const json *object(const json &parent, const std::string &prefix, const char *key, Need need)
    {
        const json *value = this->need(parent, prefix, key, need);
        if (value && !value->is_object()) {
            fail(join(prefix, key), "expected an object");
            return nullptr;
        }
        return value;
    }

    /// Calls `each(item, path)` for every object of an array member.
    template <typename Each>
    void objects(const json &parent, const std::string &prefix, const char *key, Each each)
    {
        const json *value = member(parent, key);
        if (!value) {
            return;
        }
        const std::string path = join(prefix, key);
        if (!value->is_array()) {
            fail(path, "expected an array");
            return;
        }
        for (std::size_t i = 0; i < value->size() && !failed(); ++i) {
            const json &item = (*value)[i];
            const std::string itemPath = indexed(path, i);
            if (!item.is_object()) {
                fail(itemPath, "expected an object");
                return;
            }
            each(item, itemPath);
        }
    }

    std::optional<DateTime> dateTime(const json &object, const std::string &prefix, const char *key, Need need)
    {
        const std::optional<std::string> text = nullableString(object, prefix, key, need);
        if (!text) {
            return std::nullopt;
        }
        auto value = parseDateTime(*text);
        if (!value) {
            fail(join(prefix, key), "not a valid date/time (ISO 8601)");
        }
        return value;
    }

    std::optional<Date> date(const json &object, const std::string &prefix, const char *key, Need need)
    {
        const std::optional<std::string> text = nullableString(object, prefix, key, need);
        if (!text) {
            return std::nullopt;
        }
        auto value = parseDate(*text);
        if (!value) {
            fail(join(prefix, key), "not a valid date (YYYY-MM-DD)");
        }
        return value;
    }

    std::optional<PartialDate> partialDate(const json &object, const std::string &prefix, const char *key)
    {
        const std::optional<std::string> text = nullableString(object, prefix, key);
        if (!text) {
            return std::nullopt;
        }
        auto value = parsePartialDate(*text);
        if (!value) {
            fail(join(prefix, key), "not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)");
        }
        return value;
    }

    /// The report form's 1..5 scales; "dont_know" and absence are both nullopt.
    std::optional<int> scale(const json &object, const std::string &prefix, const char *key)
    {
        const json *value = member(object, key);
        if (!value || (value->is_string() && value->get_ref<const std::string &>() == "dont_know")) {
            return std::nullopt;
        }
        if (value->is_number_integer() && value->get<long long>() >= 1 && value->get<long long>() <= 5) {
            return static_cast<int>(value->get<long long>());
        }
        fail(join(prefix, key), "expected 1..5 or \"dont_know\"");
        return std::nullopt;
    }

    /// One grading letter or digit from `allowed`; digits may be written as numbers.
    std::optional<char> gradingLetter(const json &object, const std::string &prefix, const char *key,
                                      std::string_view allowed, const char *message)
    {
        const json *value = member(object, key);
        if (!value) {
            return std::nullopt;
        }
        std::string text;
        if (value->is_string()) {
            text = value->get<std::string>();
        } else if (value->is_number_integer() && value->get<long long>() >= 0 && value->get<long long>() <= 9) {
            text = std::to_string(value->get<long long>());
        }
        if (text.size() != 1 || allowed.find(text[0]) == std::string_view::npos) {
            fail(join(prefix, key), message);
            return std::nullopt;
        }
        return text[0];
    }

    std::optional<double> coordinate(const json &object, const std::string &prefix, const char *key, double limit)
    {
        const json *value = member(object, key);
        if (!value) {
            return std::nullopt;
        }
        if (!value->is_number()) {
            fail(join(prefix, key), "expected a number");
            return std::nullopt;
        }
        const double number = value->get<double>();
        if (!(number >= -limit && number <= limit)) {
            fail(join(prefix, key),
                 limit == 90.0 ? "latitude out of range (-90..90)" : "longitude out of range (-180..180)");
            return std::nullopt;
        }
        return number;
    }

    /// Unknown members are kept in the stored JSON; each one is reported once.
    void unknownFields(const json &object, const std::string &prefix, std::initializer_list<std::string_view> known)
    {
        for (const auto &[key, value] : object.items()) {
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                warn("unknown field '" + join(prefix, key) + "' kept verbatim");
            }
        }
    }

private:
    const std::string &m_file;
    const std::string &m_location;
    std::optional<Error> m_error;
    std::vector<std::string> m_warnings;
};

// ---- shared parts -----------------------------------------------------------------------

PersonRef readPerson(Reader &r, const json &object, const std::string &path, bool withRole,
                     SubjectRole defaultRole)
{
    PersonRef person;
    person.role = defaultRole;
    if (withRole) {
        const std::string role = r.enumeration(object, path, "role", Need::Optional, kRoles);
        if (!role.empty()) {
            person.role = subjectRoleFromString(role).value_or(defaultRole);
        }
        r.unknownFields(object, path, {"role", "name", "aliases", "dob", "gender", "address", "description"});
    } else {
        r.unknownFields(object, path, {"name", "aliases", "dob", "gender", "address", "description"});
    }
    person.name = r.nullableString(object, path, "name");
    person.aliases = r.strings(object, path, "aliases");
    person.dob = r.partialDate(object, path, "dob");
    person.gender = r.string(object, path, "gender");
    person.address = r.string(object, path, "address");
    person.description = r.string(object, path, "description");
    return person;
}

PlaceRef readPlace(Reader &r, const json &object, const std::string &path)
{
    r.unknownFields(object, path, {"name", "address", "lat", "lon"});
    PlaceRef place;
    place.name = r.string(object, path, "name");
    place.address = r.string(object, path, "address");
    place.lat = r.coordinate(object, path, "lat", 90.0);
    place.lon = r.coordinate(object, path, "lon", 180.0);
    return place;
}

// ---- information report -----------------------------------------------------------------

InformationReport readInformationReport(Reader &r, const json &o)
{
    const std::string top;
    InformationReport report;
    r.unknownFields(o, top,
                    {"kind", "id", "reported_at", "reporter", "source_type", "source_reliability",
                     "information_accuracy", "third_party_will_engage", "grading", "licensed_premises", "subjects",
                     "vehicles", "places", "phones", "online_accounts", "incidents", "narrative"});
    report.reportedAt = r.dateTime(o, top, "reported_at", Need::Required).value_or(DateTime{});
    if (const json *reporter = r.object(o, top, "reporter", Need::Required)) {
        r.unknownFields(*reporter, "reporter", {"name", "post", "agency", "contact"});
        report.reporter.name = r.string(*reporter, "reporter", "name");
        report.reporter.post = r.string(*reporter, "reporter", "post");
        report.reporter.agency = r.string(*reporter, "reporter", "agency");
        report.reporter.contact = r.string(*reporter, "reporter", "contact");
    }
    const std::string sourceType = r.enumeration(o, top, "source_type", Need::Required, kSourceTypes);
    report.sourceType = sourceTypeFromString(sourceType).value_or(SourceType::Professional);
    report.grading.sourceReliability = r.scale(o, top, "source_reliability");
    report.grading.informationAccuracy = r.scale(o, top, "information_accuracy");
    report.thirdPartyWillEngage = r.boolean(o, top, "third_party_will_engage");
    if (const json *grading = r.object(o, top, "grading", Need::Optional)) {
        r.unknownFields(*grading, "grading", {"source", "intelligence", "handling"});
        report.grading.source = r.gradingLetter(*grading, "grading", "source", "123", "expected 1, 2 or 3");
        report.grading.intelligence =
            r.gradingLetter(*grading, "grading", "intelligence", "ABCDE", "expected one of A, B, C, D, E");
        report.grading.handling = r.gradingLetter(*grading, "grading", "handling", "PC", "expected P or C");
    }
    r.objects(o, top, "licensed_premises", [&](const json &item, const std::string &path) {
        r.unknownFields(item, path, {"trading_name", "type", "address"});
        PremisesRef premises;
        premises.tradingName = r.string(item, path, "trading_name", Need::Required);
        premises.type = r.enumeration(item, path, "type", Need::Optional, kPremisesTypes);
        premises.address = r.string(item, path, "address");
        report.premises.push_back(std::move(premises));
    });
    r.objects(o, top, "subjects", [&](const json &item, const std::string &path) {
        report.subjects.push_back(readPerson(r, item, path, true, SubjectRole::Unknown));
    });
    r.objects(o, top, "vehicles", [&](const json &item, const std::string &path) {
        r.unknownFields(item, path, {"vrm", "partial", "make", "model", "colour"});
        VehicleRef vehicle;
        vehicle.vrm = r.string(item, path, "vrm", Need::Required);
        const VrmFormat format = classifyVrm(vehicle.vrm);
        vehicle.partial = r.boolean(item, path, "partial").value_or(false) || format == VrmFormat::Partial;
        if (format == VrmFormat::Unknown && !vehicle.partial && !vehicle.vrm.empty()) {
            r.warn("field '" + path + ".vrm': '" + vehicle.vrm + "' is not a UK registration format");
        }
        vehicle.make = r.string(item, path, "make");
        vehicle.model = r.string(item, path, "model");
        vehicle.colour = r.string(item, path, "colour");
        report.vehicles.push_back(std::move(vehicle));
    });
    r.objects(o, top, "places", [&](const json &item, const std::string &path) {
        report.places.push_back(readPlace(r, item, path));
    });
    report.phones = r.strings(o, top, "phones");
    r.objects(o, top, "online_accounts", [&](const json &item, const std::string &path) {
        r.unknownFields(item, path, {"service", "handle"});
        AccountRef account;
        account.service = r.string(item, path, "service");
        account.handle = r.string(item, path, "handle", Need::Required);
        report.accounts.push_back(std::move(account));
    });
    r.objects(o, top, "incidents", [&](const json &item, const std::string &path) {
        r.unknownFields(item, path, {"at", "description"});
        Incident incident;
        incident.at = r.dateTime(item, path, "at", Need::Required).value_or(DateTime{});
        incident.description = r.string(item, path, "description");
        report.incidents.push_back(std::move(incident));
    });
    report.narrative = r.string(o, top, "narrative");

    if (!r.failed()) {
        std::string text = report.narrative;
        for (const Incident &incident : report.incidents) {
            text += '\n';
            text += incident.description;
        }
        report.extracted = extractFromNarrative(text);
    }
    return report;
}

// ---- screening --------------------------------------------------------------------------

void checkIndicator(Reader &r, const std::string &key, const std::string &path, IndicatorGroup expected)
{
    const IndicatorInfo *info = RiskPolicy::defaults().indicator(key);
    if (!info) {
        r.fail(path, "unknown indicator key '" + key + "'");
    } else if (info->group != expected) {
        r.fail(path, "'" + key + "' is " + std::string(groupWords(info->group)) + ", not "
                         + std::string(groupWords(expected)));
    }
}

std::vector<std::string> readIndicatorList(Reader &r, const json &o, const char *key, IndicatorGroup group)
{
    std::vector<std::string> keys = r.strings(o, "", key);
    std::vector<std::string> unique;
    unique.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size() && !r.failed(); ++i) {
        checkIndicator(r, keys[i], indexed(key, i), group);
        // A key ticked twice is still one tick.
        if (std::find(unique.begin(), unique.end(), keys[i]) == unique.end()) {
            unique.push_back(std::move(keys[i]));
        }
    }
    return unique;
}

Screening readScreening(Reader &r, const json &o)
{
    const std::string top;
    Screening screening;
    r.unknownFields(o, top,
                    {"kind", "id", "screened_at", "child", "referrer", "reason", "significant", "risk_indicators",
                     "vulnerabilities", "professional_judgement"});
    screening.screenedAt = r.date(o, top, "screened_at", Need::Required).value_or(Date{});
    if (const json *child = r.object(o, top, "child", Need::Required)) {
        const std::string path = "child";
        r.unknownFields(*child, path,
                        {"name", "aliases", "dob", "gender", "ethnicity", "disability", "learning_disability",
                         "additional_needs", "address", "lives_with", "in_care"});
        ChildDetails &c = screening.child;
        c.name = r.string(*child, path, "name", Need::Required);
        c.aliases = r.strings(*child, path, "aliases");
        c.dob = r.partialDate(*child, path, "dob");
        c.gender = r.string(*child, path, "gender");
        c.ethnicity = r.string(*child, path, "ethnicity");
        c.disability = r.string(*child, path, "disability");
        c.learningDisability = r.boolean(*child, path, "learning_disability").value_or(false);
        c.additionalNeeds = r.boolean(*child, path, "additional_needs").value_or(false);
        c.address = r.string(*child, path, "address");
        c.livesWith = r.string(*child, path, "lives_with");
        c.inCare = r.boolean(*child, path, "in_care");
    }
    if (const json *referrer = r.object(o, top, "referrer", Need::Optional)) {
        const std::string path = "referrer";
        r.unknownFields(*referrer, path, {"name", "post", "agency", "telephone", "email"});
        screening.referrer.name = r.string(*referrer, path, "name");
        screening.referrer.post = r.string(*referrer, path, "post");
        screening.referrer.agency = r.string(*referrer, path, "agency");
        const std::string telephone = r.string(*referrer, path, "telephone");
        const std::string email = r.string(*referrer, path, "email");
        screening.referrer.contact = telephone.empty() || email.empty() ? telephone + email : telephone + " / " + email;
    }
    screening.reason = r.string(o, top, "reason");
    if (const json *significant = r.object(o, top, "significant", Need::Optional)) {
        for (const auto &[key, value] : significant->items()) {
            const std::string path = join("significant", key);
            checkIndicator(r, key, path, IndicatorGroup::Significant);
            if (value.is_string() && value.get_ref<const std::string &>() == "current") {
                screening.significant.emplace(key, Recency::Current);
            } else if (value.is_string() && value.get_ref<const std::string &>() == "past") {
                screening.significant.emplace(key, Recency::Past);
            } else {
                r.fail(path, "expected \"current\" or \"past\"");
            }
        }
    }
    screening.riskIndicators = readIndicatorList(r, o, "risk_indicators", IndicatorGroup::Risk);
    screening.vulnerabilities = readIndicatorList(r, o, "vulnerabilities", IndicatorGroup::Vulnerability);
    if (const json *judgement = r.object(o, top, "professional_judgement", Need::Optional)) {
        const std::string path = "professional_judgement";
        r.unknownFields(*judgement, path, {"level", "reason"});
        ProfessionalJudgement pj;
        pj.level = riskLevelFromString(r.enumeration(*judgement, path, "level", Need::Required, kRiskLevels))
                       .value_or(RiskLevel::None);
        pj.reason = r.string(*judgement, path, "reason");
        screening.professionalJudgement = std::move(pj);
    }
    return screening;
}

// ---- missing episode --------------------------------------------------------------------

MissingEpisode readMissingEpisode(Reader &r, const json &o)
{
    const std::string top;
    MissingEpisode episode;
    r.unknownFields(o, top,
                    {"kind", "id", "child", "went_missing_at", "returned_at", "reported_to_police", "found_at",
                     "found_with", "return_interview"});
    if (const json *child = r.object(o, top, "child", Need::Required)) {
        episode.child = readPerson(r, *child, "child", false, SubjectRole::Victim);
    }
    episode.wentMissingAt = r.dateTime(o, top, "went_missing_at", Need::Required).value_or(DateTime{});
    episode.returnedAt = r.dateTime(o, top, "returned_at", Need::Optional);
    if (episode.returnedAt && !r.failed() && *episode.returnedAt < episode.wentMissingAt) {
        r.fail("returned_at", "is before went_missing_at");
    }
    episode.reportedToPolice = r.boolean(o, top, "reported_to_police");
    if (const json *foundAt = r.object(o, top, "found_at", Need::Optional)) {
        episode.foundAt = readPlace(r, *foundAt, "found_at");
    }
    r.objects(o, top, "found_with", [&](const json &item, const std::string &path) {
        episode.foundWith.push_back(readPerson(r, item, path, true, SubjectRole::Unknown));
    });
    if (const json *interview = r.object(o, top, "return_interview", Need::Optional)) {
        const std::string path = "return_interview";
        r.unknownFields(*interview, path, {"held_at", "summary"});
        ReturnInterview ri;
        ri.heldAt = r.date(*interview, path, "held_at", Need::Optional);
        ri.summary = r.string(*interview, path, "summary");
        episode.returnInterview = std::move(ri);
    }
    return episode;
}

} // namespace

std::string canonicalJson(const nlohmann::json &object)
{
    // nlohmann::json keeps object keys in a std::map, so dump() is already sorted. Invalid
    // UTF-8 (a Latin-1 CSV cell) is replaced rather than thrown on.
    return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<SourceRecord> parseRecord(const nlohmann::json &object, const std::string &file, const std::string &location)
{
    if (!object.is_object()) {
        return Error{ErrorCode::Validation, "expected a JSON object", file, location, {}};
    }
    Reader r(file, location);
    const std::string kind = r.string(object, "", "kind", Need::Required);
    if (r.failed()) {
        return r.error();
    }
    const std::optional<RecordKind> recordKind = recordKindFromString(kind);
    if (!recordKind) {
        return Error{ErrorCode::Validation, "unknown kind '" + kind + "'", file, location, "kind"};
    }
    SourceRecord record;
    record.kind = *recordKind;
    record.id = r.string(object, "", "id", Need::Required);
    switch (*recordKind) {
    case RecordKind::InformationReport: {
        InformationReport report = readInformationReport(r, object);
        report.id = record.id;
        record.body = std::move(report);
        break;
    }
    case RecordKind::Screening: {
        Screening screening = readScreening(r, object);
        screening.id = record.id;
        record.body = std::move(screening);
        break;
    }
    case RecordKind::MissingEpisode: {
        MissingEpisode episode = readMissingEpisode(r, object);
        episode.id = record.id;
        record.body = std::move(episode);
        break;
    }
    }
    if (r.failed()) {
        return r.error();
    }
    record.json = canonicalJson(object);
    record.contentHash = sha256Hex(record.json);
    record.file = file;
    record.location = location;
    record.warnings = r.takeWarnings();
    return record;
}

} // namespace harbour::importers

#include "harbour/risk.h"

#include "harbour/file_kind.h"

#include "harbour/calendar.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

namespace harbour::detail {
extern const std::string_view kEmbeddedRiskPolicy;
} // namespace harbour::detail

namespace harbour {

namespace {

using nlohmann::json;

// The policy file format this code reads; a file with another "version" is refused rather than half-understood.
constexpr int kPolicyFormatVersion = 1;
constexpr std::string_view kEmbeddedOrigin = "data/risk-policy.json (built in)";
constexpr std::array<RiskLevel, 4> kLevels = {RiskLevel::None, RiskLevel::Low, RiskLevel::Medium,
                                              RiskLevel::Significant};

std::optional<IndicatorGroup> groupFromString(std::string_view text)
{
    if (text == "significant") {
        return IndicatorGroup::Significant;
    }
    if (text == "risk") {
        return IndicatorGroup::Risk;
    }
    if (text == "vulnerability") {
        return IndicatorGroup::Vulnerability;
    }
    return std::nullopt;
}

bool isSnakeCase(std::string_view key)
{
    if (key.empty() || key.front() < 'a' || key.front() > 'z') {
        return false;
    }
    return std::all_of(key.begin(), key.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string quote(std::string_view text)
{
    // Built with += : GCC 12 warns (-Wrestrict, a false positive) on "literal" + std::string at -O3.
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    out += text;
    out += '"';
    return out;
}

// Reads the policy document field by field. The first problem is kept (later reads become no-ops),
// so the parse reads straight through and the caller checks once at the end.
class PolicyReader {
public:
    explicit PolicyReader(std::string origin) : m_origin(std::move(origin)) {}

    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }

    void fail(std::string field, std::string message)
    {
        if (!m_error) {
            m_error = Error{ErrorCode::Validation, std::move(message), m_origin, {}, std::move(field)};
        }
    }

    /// Refuses fields the format does not know: a misspelt threshold must not be silently ignored.
    void onlyKnown(const json &object, const std::string &path, std::initializer_list<std::string_view> known)
    {
        if (failed()) {
            return;
        }
        for (const auto &item : object.items()) {
            if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
                std::string expected;
                for (const auto name : known) {
                    expected += (expected.empty() ? "" : ", ") + std::string(name);
                }
                fail(join(path, item.key()), "unknown field (expected one of: " + expected + ")");
                return;
            }
        }
    }

    const json *member(const json &object, const std::string &path, std::string_view key, json::value_t type,
                       std::string_view typeName, bool required = true)
    {
        if (failed()) {
            return nullptr;
        }
        const auto it = object.find(key);
        if (it == object.end() || (!required && it->is_null())) {
            if (required) {
                fail(join(path, key), "is required");
            }
            return nullptr;
        }
        const bool matches = it->type() == type || (type == json::value_t::number_integer && it->is_number_unsigned());
        if (!matches) {
            fail(join(path, key), "must be " + std::string(typeName));
            return nullptr;
        }
        return &*it;
    }

    const json *object(const json &parent, const std::string &path, std::string_view key)
    {
        return member(parent, path, key, json::value_t::object, "an object");
    }

    const json *array(const json &parent, const std::string &path, std::string_view key)
    {
        return member(parent, path, key, json::value_t::array, "an array");
    }

    std::string string(const json &parent, const std::string &path, std::string_view key, bool required = true)
    {
        const json *value = member(parent, path, key, json::value_t::string, "a string", required);
        if (!value) {
            return {};
        }
        auto text = value->get<std::string>();
        if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
            fail(join(path, key), "must not be empty");
        }
        return text;
    }

    bool boolean(const json &parent, const std::string &path, std::string_view key)
    {
        const json *value = member(parent, path, key, json::value_t::boolean, "true or false");
        return value && value->get<bool>();
    }

    std::optional<int> integer(const json &parent, const std::string &path, std::string_view key, int min, int max,
                               bool required = true)
    {
        const json *value = member(parent, path, key, json::value_t::number_integer, "a whole number", required);
        if (!value) {
            return std::nullopt;
        }
        const auto number = value->get<long long>();
        if (number < min || number > max) {
            fail(join(path, key), "must be between " + std::to_string(min) + " and " + std::to_string(max) + " (got " +
                                      std::to_string(number) + ")");
            return std::nullopt;
        }
        return static_cast<int>(number);
    }

    RiskLevel level(const json &parent, const std::string &path, std::string_view key)
    {
        const std::string text = string(parent, path, key);
        if (failed()) {
            return RiskLevel::None;
        }
        const auto level = riskLevelFromString(text);
        if (!level) {
            fail(join(path, key), "must be one of none, low, medium, significant (got " + quote(text) + ")");
            return RiskLevel::None;
        }
        return *level;
    }

    static std::string join(const std::string &path, std::string_view key)
    {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }

    static std::string index(const std::string &path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

private:
    std::string m_origin;
    std::optional<Error> m_error;
};

void readIndicators(PolicyReader &reader, const json &root, RiskPolicy &policy)
{
    const json *list = reader.array(root, "", "indicators");
    if (!list) {
        return;
    }
    if (list->empty()) {
        reader.fail("indicators", "must list at least one indicator");
        return;
    }
    std::map<std::string, std::size_t, std::less<>> seen;
    for (std::size_t i = 0; i < list->size() && !reader.failed(); ++i) {
        const json &item = (*list)[i];
        const std::string path = PolicyReader::index("indicators", i);
        if (!item.is_object()) {
            reader.fail(path, "must be an object");
            return;
        }
        reader.onlyKnown(item, path, {"key", "group", "wording"});
        IndicatorInfo info;
        info.key = reader.string(item, path, "key");
        const std::string group = reader.string(item, path, "group");
        info.wording = reader.string(item, path, "wording");
        if (reader.failed()) {
            return;
        }
        if (!isSnakeCase(info.key)) {
            reader.fail(path + ".key", "must be lower_snake_case (got " + quote(info.key) + ")");
            return;
        }
        if (const auto [it, inserted] = seen.emplace(info.key, i); !inserted) {
            reader.fail(path + ".key", "duplicate indicator key " + quote(info.key) + " (first at " +
                                           PolicyReader::index("indicators", it->second) + ")");
            return;
        }
        const auto parsedGroup = groupFromString(group);
        if (!parsedGroup) {
            reader.fail(path + ".group", "must be one of significant, risk, vulnerability (got " + quote(group) + ")");
            return;
        }
        info.group = *parsedGroup;
        policy.indicators.push_back(std::move(info));
    }
}

void readActions(PolicyReader &reader, const json &root, RiskPolicy &policy)
{
    const json *actions = reader.object(root, "", "actions");
    if (!actions) {
        return;
    }
    reader.onlyKnown(*actions, "actions", {"none", "low", "medium", "significant"});
    for (const RiskLevel level : kLevels) {
        const std::string levelPath = "actions." + std::string(toString(level));
        const json *list = reader.array(*actions, "actions", toString(level));
        if (!list) {
            return;
        }
        auto &templates = policy.actions[level];
        for (std::size_t i = 0; i < list->size() && !reader.failed(); ++i) {
            const json &item = (*list)[i];
            const std::string path = PolicyReader::index(levelPath, i);
            if (!item.is_object()) {
                reader.fail(path, "must be an object");
                return;
            }
            reader.onlyKnown(item, path, {"text", "working_days", "condition"});
            ActionTemplate action;
            action.text = reader.string(item, path, "text");
            action.workingDays = reader.integer(item, path, "working_days", 0, 365, false);
            action.condition = reader.string(item, path, "condition", false);
            templates.push_back(std::move(action));
        }
    }
}

} // namespace

std::string_view toString(IndicatorGroup group)
{
    switch (group) {
    case IndicatorGroup::Significant: return "significant";
    case IndicatorGroup::Risk: return "risk";
    case IndicatorGroup::Vulnerability: return "vulnerability";
    }
    return "risk";
}

std::string_view toString(Trend trend)
{
    switch (trend) {
    case Trend::New: return "new";
    case Trend::Up: return "up";
    case Trend::Down: return "down";
    case Trend::Same: return "same";
    }
    return "new";
}

Trend trendBetween(std::optional<RiskLevel> previous, RiskLevel current)
{
    if (!previous) {
        return Trend::New;
    }
    if (current > *previous) {
        return Trend::Up;
    }
    return current < *previous ? Trend::Down : Trend::Same;
}

const IndicatorInfo *RiskPolicy::indicator(std::string_view key) const
{
    // About 34 entries: a scan beats building an index for every policy copy.
    const auto it =
        std::find_if(indicators.begin(), indicators.end(), [key](const auto &info) { return info.key == key; });
    return it == indicators.end() ? nullptr : &*it;
}

const RiskPolicy &RiskPolicy::defaults()
{
    static const RiskPolicy policy = [] {
        auto parsed = fromJson(detail::kEmbeddedRiskPolicy, std::string(kEmbeddedOrigin));
        if (!parsed) {
            // The shipped file is checked by the tests; reaching this means the build embedded a broken file.
            std::fprintf(stderr, "harbour: built-in risk policy is invalid: %s\n", parsed.error().toString().c_str());
            std::abort();
        }
        return std::move(parsed).value();
    }();
    return policy;
}

Result<RiskPolicy> RiskPolicy::load(const std::filesystem::path &path)
{
    if (const auto problem = whyUnreadable(path)) {
        if (problem->missing) {
            const bool plain = problem->reason == "no such file";
            return Error{ErrorCode::NotFound, "policy file not found" + (plain ? "" : " (" + problem->reason + ")"),
                         path.string(), {}, {}};
        }
        return Error{ErrorCode::Io, "cannot read the policy file: " + problem->reason, path.string(), {}, {}};
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
        return Error{ErrorCode::Io, "cannot read the policy file", path.string(), {}, {}};
    }
    if (text.view().empty()) {
        return Error{ErrorCode::Parse, "the policy file is empty", path.string(), {}, {}};
    }
    return fromJson(text.str(), path.string());
}

Result<RiskPolicy> RiskPolicy::fromJson(std::string_view text, const std::string &origin)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error &e) {
        // Drop nlohmann's "[json.exception.parse_error.101] " prefix; the rest names line and column.
        std::string message = e.what();
        if (const auto end = message.find("] "); message.starts_with("[json.exception") && end != std::string::npos) {
            message.erase(0, end + 2);
        }
        return Error{ErrorCode::Parse, "not valid JSON: " + message, origin, {}, {}};
    }
    PolicyReader reader(origin);
    if (!root.is_object()) {
        reader.fail("", "a policy file must hold one JSON object");
        return reader.error();
    }
    reader.onlyKnown(root, "",
                     {"version", "name", "description", "indicators", "levels", "floor", "age_limits",
                      "review_after_days", "actions", "dates"});
    const auto version = reader.integer(root, "", "version", 0, 1'000'000);
    if (version && *version != kPolicyFormatVersion) {
        reader.fail("version", "unsupported policy format version " + std::to_string(*version) +
                                   " (this Harbour reads version " + std::to_string(kPolicyFormatVersion) + ")");
    }

    RiskPolicy policy;
    policy.name = reader.string(root, "", "name");
    reader.string(root, "", "description", false);
    readIndicators(reader, root, policy);

    if (const json *levels = reader.object(root, "", "levels")) {
        reader.onlyKnown(*levels, "levels", {"medium_risk_indicator_count"});
        policy.mediumRiskIndicatorCount =
            reader.integer(*levels, "levels", "medium_risk_indicator_count", 1, 100).value_or(0);
    }
    if (const json *floor = reader.object(root, "", "floor")) {
        reader.onlyKnown(*floor, "floor", {"under_age", "learning_disability", "level"});
        policy.floorUnderAge = reader.integer(*floor, "floor", "under_age", 0, 25).value_or(0);
        policy.learningDisabilityFloor = reader.boolean(*floor, "floor", "learning_disability");
        policy.floorLevel = reader.level(*floor, "floor", "level");
    }
    if (const json *limits = reader.object(root, "", "age_limits")) {
        reader.onlyKnown(*limits, "age_limits", {"adult_age", "additional_needs_until_age"});
        policy.adultAge = reader.integer(*limits, "age_limits", "adult_age", 1, 30).value_or(0);
        policy.additionalNeedsUntilAge =
            reader.integer(*limits, "age_limits", "additional_needs_until_age", 1, 30).value_or(0);
        if (!reader.failed() && policy.additionalNeedsUntilAge < policy.adultAge) {
            reader.fail("age_limits.additional_needs_until_age",
                        "must not be below age_limits.adult_age (" + std::to_string(policy.adultAge) + ")");
        }
    }
    if (const json *review = reader.object(root, "", "review_after_days")) {
        reader.onlyKnown(*review, "review_after_days", {"none", "low", "medium", "significant"});
        for (const RiskLevel level : kLevels) {
            if (const auto days = reader.integer(*review, "review_after_days", toString(level), 1, 3660)) {
                policy.reviewAfterDays[level] = *days;
            }
        }
    }
    readActions(reader, root, policy);
    // Optional, so that policy files written before it keep working with the default.
    if (const json *dates = reader.member(root, "", "dates", json::value_t::object, "an object", false)) {
        reader.onlyKnown(*dates, "dates", {"future_tolerance_days"});
        policy.futureToleranceDays =
            reader.integer(*dates, "dates", "future_tolerance_days", 0, 366).value_or(policy.futureToleranceDays);
    }

    if (reader.failed()) {
        return reader.error();
    }
    return policy;
}

// ---------------------------------------------------------------------------------------------------------------
// Assessment

namespace {

// "a", "a and b", "a, b and c": details are read aloud in meetings.
std::string listOf(const std::vector<std::string> &items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += i + 1 == items.size() ? " and " : ", ";
        }
        out += items[i];
    }
    return out;
}

std::string commaList(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

// "21st", "18th": ages are read out.
std::string ordinal(int n)
{
    const int lastTwo = n % 100;
    const int last = n % 10;
    const char *suffix = (lastTwo >= 11 && lastTwo <= 13) ? "th"
                         : last == 1                      ? "st"
                         : last == 2                      ? "nd"
                         : last == 3                      ? "rd"
                                                          : "th";
    return std::to_string(n) + suffix;
}

std::string counted(std::size_t n, std::string_view singular, std::string_view plural)
{
    return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

std::string_view groupPhrase(IndicatorGroup group)
{
    switch (group) {
    case IndicatorGroup::Significant: return "a significant risk indicator";
    case IndicatorGroup::Risk: return "a risk indicator";
    case IndicatorGroup::Vulnerability: return "a vulnerability factor";
    }
    return "an indicator";
}

// Every key must be in the catalogue and in the group of the list it was ticked in; a key ticked twice
// would count twice towards the risk-indicator threshold, so it is refused too.
Status checkKey(const RiskPolicy &policy, const std::string &key, IndicatorGroup expected, const std::string &field,
                std::set<std::string, std::less<>> &seen)
{
    const IndicatorInfo *info = policy.indicator(key);
    if (!info) {
        // groupPhrase without its article: "unknown risk indicator "foo"".
        return makeError(ErrorCode::Validation,
                         "unknown " + std::string(groupPhrase(expected).substr(2)) + " " + quote(key), field);
    }
    if (info->group != expected) {
        return makeError(ErrorCode::Validation,
                         quote(key) + " is " + std::string(groupPhrase(info->group)) + ", not " +
                             std::string(groupPhrase(expected)),
                         field);
    }
    if (!seen.insert(key).second) {
        return makeError(ErrorCode::Validation, quote(key) + " is ticked more than once", field);
    }
    return {};
}

Status checkIndicators(const Screening &screening, const RiskPolicy &policy)
{
    std::set<std::string, std::less<>> seen;
    for (const auto &[key, recency] : screening.significant) {
        if (auto status = checkKey(policy, key, IndicatorGroup::Significant, "significant." + key, seen); !status) {
            return status;
        }
    }
    for (std::size_t i = 0; i < screening.riskIndicators.size(); ++i) {
        const auto field = "risk_indicators[" + std::to_string(i) + "]";
        if (auto status = checkKey(policy, screening.riskIndicators[i], IndicatorGroup::Risk, field, seen); !status) {
            return status;
        }
    }
    for (std::size_t i = 0; i < screening.vulnerabilities.size(); ++i) {
        const auto field = "vulnerabilities[" + std::to_string(i) + "]";
        if (auto status = checkKey(policy, screening.vulnerabilities[i], IndicatorGroup::Vulnerability, field, seen);
            !status) {
            return status;
        }
    }
    return {};
}

// The age facts the rules need. A partial date of birth leaves a range of possible ages; doubt goes
// the protective way: a floor applies if the person could be under its age, and an adult is refused
// only if certainly too old.
struct AgeRange {
    int youngest = 0; ///< age if born on the latest possible day
    int oldest = 0;   ///< age if born on the earliest possible day
};

std::string ageWords(const AgeRange &age)
{
    if (age.youngest == age.oldest) {
        return "aged " + std::to_string(age.youngest);
    }
    return "aged " + std::to_string(age.youngest) + " or " + std::to_string(age.oldest);
}

} // namespace

Result<Assessment> assess(const Screening &screening, const RiskPolicy &policy)
{
    using std::chrono::sys_days;

    if (!screening.screenedAt.ok()) {
        return makeError(ErrorCode::Validation, "is not a valid date", "screened_at");
    }
    if (auto status = checkIndicators(screening, policy); !status) {
        return status.error();
    }
    const std::string on = formatDate(screening.screenedAt);

    if (!screening.child.dob) {
        return makeError(ErrorCode::Validation,
                         "is required: the policy's age rules need the date of birth (a year alone is enough)",
                         "child.dob");
    }
    const PartialDate &dob = *screening.child.dob;
    if (!earliestDate(dob).ok() || !latestDate(dob).ok() || dob.year < 1) {
        return makeError(ErrorCode::Validation, "is not a valid date of birth", "child.dob");
    }
    if (earliestDate(dob) > screening.screenedAt) {
        return makeError(ErrorCode::Validation,
                         "date of birth " + dob.toString() + " is after the screening date " + on, "child.dob");
    }
    // A partial date of birth in the screening's own year can end after it: the youngest possible age is then 0.
    const AgeRange age{std::max(0, ageOn(dob, screening.screenedAt, false)), ageOn(dob, screening.screenedAt, true)};

    Assessment result;
    result.ageAtScreening = age.youngest;

    // Adults: refused unless certainly under adultAge, or with additional needs and certainly under the upper age.
    if (age.youngest >= policy.additionalNeedsUntilAge) {
        return makeError(ErrorCode::Policy,
                         ageWords(age) + " on the screening date " + on + ": the screening tool applies before the " +
                             ordinal(policy.additionalNeedsUntilAge) + " birthday only",
                         "child.dob");
    }
    if (age.youngest >= policy.adultAge) {
        if (!screening.child.additionalNeeds) {
            return makeError(ErrorCode::Policy,
                             ageWords(age) + " on the screening date " + on + ": a person aged " +
                                 std::to_string(policy.adultAge) +
                                 " or over is screened only with additional needs "
                                 "(additional_needs true), up to their " +
                                 ordinal(policy.additionalNeedsUntilAge) + " birthday",
                             "child.additional_needs");
        }
        result.rules.push_back({"additional_needs_18_21", ageWords(age) +
                                                              " with additional needs: screened until the " +
                                                              ordinal(policy.additionalNeedsUntilAge) + " birthday"});
    }

    // Steps 1-4 of the policy, in catalogue order within each list so details read the same every time.
    std::vector<std::string> current;
    std::vector<std::string> past;
    for (const auto &info : policy.indicators) {
        if (const auto it = screening.significant.find(info.key); it != screening.significant.end()) {
            (it->second == Recency::Current ? current : past).push_back(info.key);
        }
    }
    const auto &risks = screening.riskIndicators;
    const auto riskCount = static_cast<int>(risks.size());
    if (!current.empty()) {
        result.computed = RiskLevel::Significant;
        result.rules.push_back(
            {"significant_current", listOf(current) + (current.size() == 1 ? " is" : " are") + " current"});
    } else if (!past.empty() || riskCount >= policy.mediumRiskIndicatorCount) {
        result.computed = RiskLevel::Medium;
        if (!past.empty()) {
            result.rules.push_back({"significant_past", listOf(past) + (past.size() == 1 ? " is" : " are") + " past"});
        }
        if (riskCount >= policy.mediumRiskIndicatorCount) {
            result.rules.push_back({"risk_count", counted(risks.size(), "risk indicator", "risk indicators") +
                                                      " ticked (" + commaList(risks) + ")"});
        }
    } else if (!risks.empty() || !screening.vulnerabilities.empty()) {
        result.computed = RiskLevel::Low;
        std::vector<std::string> parts;
        if (!risks.empty()) {
            parts.push_back(counted(risks.size(), "risk indicator", "risk indicators") + " ticked (" +
                            commaList(risks) + ")");
        }
        if (!screening.vulnerabilities.empty()) {
            parts.push_back(counted(screening.vulnerabilities.size(), "vulnerability factor", "vulnerability factors") +
                            " ticked (" + commaList(screening.vulnerabilities) + ")");
        }
        result.rules.push_back({"any_indicator", listOf(parts)});
    } else {
        result.computed = RiskLevel::None;
        result.rules.push_back({"none", "no indicator ticked"});
    }

    // Floors: only behaviours (significant or risk indicators) trigger them, not vulnerability factors alone.
    const bool behaviours = !screening.significant.empty() || !risks.empty();
    std::vector<std::string> floorReasons;
    auto applyFloor = [&](std::string rule, std::string who) {
        const std::string reason = who + " with risk indicators";
        floorReasons.push_back(reason);
        result.floor = policy.floorLevel;
        if (result.computed < policy.floorLevel) {
            result.rules.push_back({std::move(rule), reason + ": raised from " +
                                                         std::string(toString(result.computed)) + " to " +
                                                         std::string(toString(policy.floorLevel))});
            result.computed = policy.floorLevel;
        } else {
            result.rules.push_back({std::move(rule), reason + ": never below " +
                                                         std::string(toString(policy.floorLevel)) + ", already " +
                                                         std::string(toString(result.computed))});
        }
    };
    if (behaviours && age.youngest < policy.floorUnderAge) {
        const std::string under = "under " + std::to_string(policy.floorUnderAge);
        applyFloor("floor_under_13",
                   age.oldest < policy.floorUnderAge
                       ? under
                       : "could be " + under + " (date of birth " + dob.toString() + ", " + ageWords(age) + ")");
    }
    if (behaviours && policy.learningDisabilityFloor && screening.child.learningDisability) {
        applyFloor("floor_learning_disability", "learning disability");
    }

    result.final = result.computed;
    if (const auto &judgement = screening.professionalJudgement) {
        if (judgement->reason.find_first_not_of(" \t\r\n") == std::string::npos) {
            return makeError(ErrorCode::Validation, "is required: a professional judgement must give its reason",
                             "professional_judgement.reason");
        }
        if (result.floor && judgement->level < *result.floor) {
            std::string rules;
            for (const auto &reason : floorReasons) {
                rules += (rules.empty() ? "" : "; ") + reason;
            }
            return makeError(ErrorCode::Policy,
                             "professional judgement '" + std::string(toString(judgement->level)) +
                                 "' is below the floor '" + std::string(toString(*result.floor)) + "' (" + rules + ")",
                             "professional_judgement.level");
        }
        const std::string from = std::string(toString(result.computed));
        const std::string to = std::string(toString(judgement->level));
        std::string detail = judgement->level > result.computed   ? "raised from " + from + " to " + to
                             : judgement->level < result.computed ? "lowered from " + from + " to " + to
                                                                  : "confirmed " + to;
        result.rules.push_back({"professional_judgement", detail + ": " + judgement->reason});
        result.final = judgement->level;
    }

    if (const auto it = policy.actions.find(result.final); it != policy.actions.end()) {
        for (const auto &action : it->second) {
            std::optional<Date> due;
            if (action.workingDays) {
                due = addWorkingDays(screening.screenedAt, *action.workingDays);
            }
            result.actions.push_back({action.text, due, action.condition});
        }
    }
    const auto review = policy.reviewAfterDays.find(result.final);
    const int reviewDays = review == policy.reviewAfterDays.end() ? 0 : review->second;
    result.nextReview = Date{sys_days{screening.screenedAt} + std::chrono::days{reviewDays}};
    return result;
}

} // namespace harbour

#include "harbour/model.h"

#include <array>
#include <utility>

namespace harbour {

namespace {

// One table per enum keeps the spelling used in files, JSON and SQL in one place.
template <typename Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<EntityType, 7> kEntityTypes = {{{EntityType::Person, "person"},
                                                {EntityType::Alias, "alias"},
                                                {EntityType::Vehicle, "vehicle"},
                                                {EntityType::Premises, "premises"},
                                                {EntityType::Place, "place"},
                                                {EntityType::Phone, "phone"},
                                                {EntityType::Account, "account"}}};
constexpr Names<RecordKind, 3> kRecordKinds = {{{RecordKind::InformationReport, "information_report"},
                                                {RecordKind::Screening, "screening"},
                                                {RecordKind::MissingEpisode, "missing_episode"}}};
constexpr Names<RiskLevel, 4> kRiskLevels = {{{RiskLevel::None, "none"},
                                              {RiskLevel::Low, "low"},
                                              {RiskLevel::Medium, "medium"},
                                              {RiskLevel::Significant, "significant"}}};
constexpr Names<SubjectRole, 4> kRoles = {{{SubjectRole::Victim, "victim"},
                                           {SubjectRole::Perpetrator, "perpetrator"},
                                           {SubjectRole::Associate, "associate"},
                                           {SubjectRole::Unknown, "unknown"}}};
constexpr Names<SourceType, 3> kSourceTypes = {{{SourceType::Witnessed, "witnessed"},
                                                {SourceType::Professional, "professional"},
                                                {SourceType::MemberOfPublic, "member_of_public"}}};
constexpr Names<Recency, 2> kRecency = {{{Recency::Current, "current"}, {Recency::Past, "past"}}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const Names<Enum, N> &names, Enum value)
{
    for (const auto &[e, name] : names) {
        if (e == value) {
            return name;
        }
    }
    return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const Names<Enum, N> &names, std::string_view text)
{
    for (const auto &[e, name] : names) {
        if (name == text) {
            return e;
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view toString(EntityType type) { return nameOf(kEntityTypes, type); }
std::string_view toString(RecordKind kind) { return nameOf(kRecordKinds, kind); }
std::string_view toString(RiskLevel level) { return nameOf(kRiskLevels, level); }
std::string_view toString(SubjectRole role) { return nameOf(kRoles, role); }
std::string_view toString(SourceType type) { return nameOf(kSourceTypes, type); }
std::string_view toString(Recency recency) { return nameOf(kRecency, recency); }
std::optional<EntityType> entityTypeFromString(std::string_view text) { return valueOf(kEntityTypes, text); }
std::optional<RecordKind> recordKindFromString(std::string_view text) { return valueOf(kRecordKinds, text); }
std::optional<RiskLevel> riskLevelFromString(std::string_view text) { return valueOf(kRiskLevels, text); }
std::optional<SubjectRole> subjectRoleFromString(std::string_view text) { return valueOf(kRoles, text); }
std::optional<SourceType> sourceTypeFromString(std::string_view text) { return valueOf(kSourceTypes, text); }

std::string Grading::toString() const
{
    std::string out;
    out += source ? *source : '-';
    out += '/';
    out += intelligence ? *intelligence : '-';
    out += '/';
    out += handling ? *handling : '-';
    if (sourceReliability) {
        out += " reliability " + std::to_string(*sourceReliability);
    }
    if (informationAccuracy) {
        out += " accuracy " + std::to_string(*informationAccuracy);
    }
    return out;
}

DateTime SourceRecord::effectiveAt() const
{
    if (const auto *report = std::get_if<InformationReport>(&body)) {
        return report->reportedAt;
    }
    if (const auto *screening = std::get_if<Screening>(&body)) {
        return toDateTime(screening->screenedAt);
    }
    return std::get<MissingEpisode>(body).wentMissingAt;
}

Grading SourceRecord::grading() const
{
    if (const auto *report = std::get_if<InformationReport>(&body)) {
        return report->grading;
    }
    // A screening or a missing-episode record is written by the professional who
    // holds the case: known directly to a reliable source, shareable lawfully.
    Grading grading;
    grading.source = '1';
    grading.intelligence = 'A';
    grading.handling = 'P';
    return grading;
}

} // namespace harbour

#pragma once

#include "harbour/dates.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace harbour {

using EntityId = std::int64_t;
using RecordRowId = std::int64_t;

/// POLE entity types. Aliases are nodes of their own so that one nickname in
/// several reports links them before anyone knows who it is.
enum class EntityType { Person, Alias, Vehicle, Premises, Place, Phone, Account };
enum class RecordKind { InformationReport, Screening, MissingEpisode };
enum class RiskLevel { None = 0, Low = 1, Medium = 2, Significant = 3 };
enum class SubjectRole { Victim, Perpetrator, Associate, Unknown };
enum class SourceType { Witnessed, Professional, MemberOfPublic };
enum class Recency { Current, Past };

std::string_view toString(EntityType type);
std::string_view toString(RecordKind kind);
std::string_view toString(RiskLevel level);
std::string_view toString(SubjectRole role);
std::string_view toString(SourceType type);
std::string_view toString(Recency recency);
std::optional<EntityType> entityTypeFromString(std::string_view text);
std::optional<RecordKind> recordKindFromString(std::string_view text);
std::optional<RiskLevel> riskLevelFromString(std::string_view text);
std::optional<SubjectRole> subjectRoleFromString(std::string_view text);
std::optional<SourceType> sourceTypeFromString(std::string_view text);

/// Provenance quality of a record: the report form's reliability and accuracy
/// scales and the UK 3x5x2 grading. Every part may be missing.
struct Grading {
    std::optional<int> sourceReliability;   ///< 1..5 (1 always reliable); nullopt for "dont_know" or absent
    std::optional<int> informationAccuracy; ///< 1..5 (5 suspected false)
    std::optional<char> source;             ///< '1' reliable, '2' untested, '3' not reliable
    std::optional<char> intelligence;       ///< 'A'..'E' (E suspected false)
    std::optional<char> handling;           ///< 'P' or 'C' (conditions apply)

    /// Accuracy 5 or intelligence E: kept as evidence, weighs nothing.
    bool suspectedFalse() const
    {
        return informationAccuracy == 5 || intelligence == 'E';
    }
    bool conditionsApply() const { return handling == 'C'; }
    /// "2/B/P" style summary, "-" for missing parts; accuracy/reliability appended when known.
    std::string toString() const;
    bool operator==(const Grading &) const = default;
};

struct Reporter {
    std::string name;
    std::string post;
    std::string agency;
    std::string contact;
};

/// A person named in a record. Name may be unknown; aliases may be all we have.
struct PersonRef {
    SubjectRole role = SubjectRole::Unknown;
    std::optional<std::string> name;
    std::vector<std::string> aliases;
    std::optional<PartialDate> dob;
    std::string gender;
    std::string address;
    std::string description;
    bool operator==(const PersonRef &) const = default;
};

struct VehicleRef {
    std::string vrm; ///< as written
    bool partial = false;
    std::string make;
    std::string model;
    std::string colour;
};

struct PremisesRef {
    std::string tradingName;
    std::string type; ///< takeaway, taxi_firm, hotel, pub, off_licence, newsagent, shisha_bar, bed_and_breakfast, other
    std::string address;
};

struct PlaceRef {
    std::string name;
    std::string address;
    std::optional<double> lat;
    std::optional<double> lon;
    bool operator==(const PlaceRef &) const = default;
};

struct AccountRef {
    std::string service;
    std::string handle;
};

struct Incident {
    DateTime at{};
    std::string description;
};

/// What the narrative extractor found in free text (normalised forms).
struct Extraction {
    std::vector<std::string> vrms;      ///< upper case, no spaces
    std::vector<std::string> postcodes; ///< "DY1 1AA"
    std::vector<std::string> phones;    ///< "07700900123"
    std::vector<std::string> nicknames; ///< as written inside the quotes
};

struct InformationReport {
    std::string id;
    DateTime reportedAt{};
    Reporter reporter;
    SourceType sourceType = SourceType::Professional;
    Grading grading;
    std::optional<bool> thirdPartyWillEngage;
    std::vector<PremisesRef> premises;
    std::vector<PersonRef> subjects;
    std::vector<VehicleRef> vehicles;
    std::vector<PlaceRef> places;
    std::vector<std::string> phones;
    std::vector<AccountRef> accounts;
    std::vector<Incident> incidents;
    std::string narrative;
    Extraction extracted; ///< filled by the importer from narrative and incident descriptions
};

struct ChildDetails {
    std::string name;
    std::vector<std::string> aliases;
    std::optional<PartialDate> dob;
    std::string gender;
    std::string ethnicity;
    std::string disability;
    bool learningDisability = false;
    bool additionalNeeds = false;
    std::string address;
    std::string livesWith;
    std::optional<bool> inCare;
};

struct ProfessionalJudgement {
    RiskLevel level = RiskLevel::None;
    std::string reason;
};

struct Screening {
    std::string id;
    Date screenedAt{};
    ChildDetails child;
    Reporter referrer; ///< name, agency; contact holds "telephone / email"
    std::string reason;
    std::map<std::string, Recency> significant; ///< significant indicator key -> current/past
    std::vector<std::string> riskIndicators;
    std::vector<std::string> vulnerabilities;
    std::optional<ProfessionalJudgement> professionalJudgement;
};

struct ReturnInterview {
    std::optional<Date> heldAt;
    std::string summary;
    bool operator==(const ReturnInterview &) const = default;
};

struct MissingEpisode {
    std::string id;
    PersonRef child; ///< role Victim
    DateTime wentMissingAt{};
    std::optional<DateTime> returnedAt;
    std::optional<bool> reportedToPolice;
    std::optional<PlaceRef> foundAt;
    std::vector<PersonRef> foundWith;
    std::optional<ReturnInterview> returnInterview;
    bool operator==(const MissingEpisode &) const = default;
};

using RecordBody = std::variant<InformationReport, Screening, MissingEpisode>;

/// One record as read from a file: the typed body plus what the store keeps verbatim.
struct SourceRecord {
    RecordKind kind = RecordKind::InformationReport;
    std::string id;          ///< the record's own reference ("IR-2026-000123")
    std::string json;        ///< canonical JSON text of the whole record as given (unknown fields included)
    std::string contentHash; ///< SHA-256 hex of `json`
    std::string file;        ///< where it came from
    std::string location;    ///< "line 3", "index 2", "row 5"
    RecordBody body;
    std::vector<std::string> warnings; ///< e.g. unknown top-level fields kept verbatim

    /// The date the record speaks for: reported_at, screened_at or went_missing_at.
    DateTime effectiveAt() const;
    Grading grading() const; ///< reports carry one; screenings and missing episodes are taken as 1/A/P
};

} // namespace harbour

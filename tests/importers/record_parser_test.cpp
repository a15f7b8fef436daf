#include "harbour/importers/record_parser.h"

#include "harbour/hash.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using harbour::ErrorCode;
using harbour::InformationReport;
using harbour::MissingEpisode;
using harbour::RecordKind;
using harbour::Recency;
using harbour::RiskLevel;
using harbour::Screening;
using harbour::SubjectRole;
using harbour::importers::canonicalJson;
using harbour::importers::parseRecord;
using nlohmann::json;
using ::testing::ElementsAre;

namespace {

json report()
{
    return json::parse(R"({
      "kind": "information_report", "id": "IR-1", "reported_at": "2026-03-14T16:20:00Z",
      "reporter": {"name": "J. Smith", "post": "School nurse", "agency": "Health", "contact": "01384 000000"},
      "source_type": "professional", "source_reliability": 2, "information_accuracy": "dont_know",
      "third_party_will_engage": null,
      "grading": {"source": "2", "intelligence": "B", "handling": "P"},
      "licensed_premises": [{"trading_name": "Kingz Pizza", "type": "takeaway",
                             "address": "14 High Street, Dudley DY1 1AA"}],
      "subjects": [
        {"role": "victim", "name": "Amy Jones", "aliases": ["AJ"], "dob": "2011-02-03", "gender": "female"},
        {"role": "perpetrator", "name": null, "aliases": ["Taz"], "description": "Asian male, early 20s"}
      ],
      "vehicles": [{"vrm": "AB12 CDE", "make": "Vauxhall"}, {"vrm": "AB1?", "partial": true}],
      "places": [{"name": "Bus station", "lat": 52.5113, "lon": -2.0816}],
      "phones": ["07700 900123"],
      "online_accounts": [{"service": "snapchat", "handle": "tazz_99"}],
      "incidents": [{"at": "2026-03-12T22:30:00Z", "description": "Amy got into KX08 YTR"}],
      "narrative": "A man known as Taz rang from 07700 900456 near B12 9QT."
    })");
}

json screening()
{
    return json::parse(R"({
      "kind": "screening", "id": "SCR-1", "screened_at": "2026-03-15",
      "child": {"name": "Amy Jones", "dob": "2011-02-03", "learning_disability": false, "additional_needs": false},
      "referrer": {"name": "J. Smith", "agency": "Health", "telephone": "01384 000000", "email": "js@example.org"},
      "significant": {"missing_episodes": "current", "hotels_taxis_takeaways": "past"},
      "risk_indicators": ["school_absence", "alcohol_misuse"],
      "vulnerabilities": ["family_conflict_loss"],
      "professional_judgement": {"level": "significant", "reason": "Disclosure to nurse"}
    })");
}

json missing()
{
    return json::parse(R"({
      "kind": "missing_episode", "id": "MISS-1", "child": {"name": "Amy Jones", "dob": "2011-02"},
      "went_missing_at": "2026-03-10T19:00:00Z", "returned_at": "2026-03-11T02:15:00Z",
      "reported_to_police": true, "found_at": {"name": "Flat", "address": "14a High Street, Dudley DY1 1AA"},
      "found_with": [{"name": null, "aliases": ["Taz"]}],
      "return_interview": {"held_at": "2026-03-12", "summary": "Would not say"}
    })");
}

/// Parses and expects a Validation error on `field` with `message`.
void expectError(const json &object, const std::string &field, const std::string &message,
                 ErrorCode code = ErrorCode::Validation)
{
    const auto record = parseRecord(object, "in.jsonl", "line 7");
    ASSERT_FALSE(record.ok()) << "expected an error on " << field;
    EXPECT_EQ(record.error().code, code);
    EXPECT_EQ(record.error().file, "in.jsonl");
    EXPECT_EQ(record.error().record, "line 7");
    EXPECT_EQ(record.error().field, field);
    EXPECT_EQ(record.error().message, message);
}

} // namespace

TEST(RecordParser, ReadsAnInformationReport)
{
    const auto record = parseRecord(report(), "reports.json", "index 0");
    ASSERT_TRUE(record.ok()) << record.error().toString();
    EXPECT_EQ(record->kind, RecordKind::InformationReport);
    EXPECT_EQ(record->id, "IR-1");
    EXPECT_EQ(record->file, "reports.json");
    EXPECT_EQ(record->location, "index 0");
    EXPECT_TRUE(record->warnings.empty());
    const auto &ir = std::get<InformationReport>(record->body);
    EXPECT_EQ(ir.id, "IR-1");
    EXPECT_EQ(ir.reporter.post, "School nurse");
    EXPECT_EQ(ir.grading.sourceReliability, 2);
    EXPECT_EQ(ir.grading.informationAccuracy, std::nullopt);
    EXPECT_EQ(ir.grading.source, '2');
    EXPECT_EQ(ir.grading.intelligence, 'B');
    EXPECT_EQ(ir.grading.handling, 'P');
    EXPECT_EQ(ir.thirdPartyWillEngage, std::nullopt);
    ASSERT_EQ(ir.premises.size(), 1u);
    EXPECT_EQ(ir.premises[0].type, "takeaway");
    ASSERT_EQ(ir.subjects.size(), 2u);
    EXPECT_EQ(ir.subjects[0].role, SubjectRole::Victim);
    EXPECT_EQ(ir.subjects[0].dob, (harbour::PartialDate{2011, 2, 3}));
    EXPECT_EQ(ir.subjects[1].role, SubjectRole::Perpetrator);
    EXPECT_EQ(ir.subjects[1].name, std::nullopt);
    EXPECT_THAT(ir.subjects[1].aliases, ElementsAre("Taz"));
    ASSERT_EQ(ir.vehicles.size(), 2u);
    EXPECT_FALSE(ir.vehicles[0].partial);
    EXPECT_TRUE(ir.vehicles[1].partial);
    EXPECT_EQ(ir.places[0].lat, 52.5113);
    EXPECT_EQ(ir.accounts[0].handle, "tazz_99");
    EXPECT_EQ(ir.incidents[0].at, *harbour::parseDateTime("2026-03-12T22:30:00Z"));
    // Extraction covers the narrative and the incident descriptions.
    EXPECT_THAT(ir.extracted.vrms, ElementsAre("KX08YTR"));
    EXPECT_THAT(ir.extracted.postcodes, ElementsAre("B12 9QT"));
    EXPECT_THAT(ir.extracted.phones, ElementsAre("07700900456"));
    EXPECT_THAT(ir.extracted.nicknames, ElementsAre("Taz"));
}

TEST(RecordParser, StoresCanonicalJsonAndItsHash)
{
    json shuffled = json::parse(R"({"narrative": "x", "id": "IR-1"})");
    EXPECT_EQ(canonicalJson(shuffled), R"({"id":"IR-1","narrative":"x"})");
    const auto record = parseRecord(report(), "f", "line 1");
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->json, canonicalJson(report()));
    EXPECT_EQ(record->contentHash, harbour::sha256Hex(record->json));
    EXPECT_EQ(record->contentHash.size(), 64u);
}

TEST(RecordParser, KeepsUnknownFieldsWithAWarning)
{
    json object = report();
    object["nickname_notes"] = "kept";
    object["subjects"][0]["school"] = "Dudley High";
    const auto record = parseRecord(object, "f", "line 1");
    ASSERT_TRUE(record.ok());
    EXPECT_THAT(record->warnings, ElementsAre("unknown field 'nickname_notes' kept verbatim",
                                              "unknown field 'subjects[0].school' kept verbatim"));
    EXPECT_NE(record->json.find("\"nickname_notes\":\"kept\""), std::string::npos);
}

TEST(RecordParser, ReadsAScreening)
{
    const auto record = parseRecord(screening(), "f", "line 1");
    ASSERT_TRUE(record.ok()) << record.error().toString();
    const auto &s = std::get<Screening>(record->body);
    EXPECT_EQ(s.screenedAt, *harbour::parseDate("2026-03-15"));
    EXPECT_EQ(s.child.name, "Amy Jones");
    EXPECT_EQ(s.referrer.contact, "01384 000000 / js@example.org");
    EXPECT_EQ(s.significant.at("missing_episodes"), Recency::Current);
    EXPECT_EQ(s.significant.at("hotels_taxis_takeaways"), Recency::Past);
    EXPECT_THAT(s.riskIndicators, ElementsAre("school_absence", "alcohol_misuse"));
    EXPECT_THAT(s.vulnerabilities, ElementsAre("family_conflict_loss"));
    ASSERT_TRUE(s.professionalJudgement.has_value());
    EXPECT_EQ(s.professionalJudgement->level, RiskLevel::Significant);
}

TEST(RecordParser, ReadsAMissingEpisode)
{
    const auto record = parseRecord(missing(), "f", "line 1");
    ASSERT_TRUE(record.ok()) << record.error().toString();
    const auto &m = std::get<MissingEpisode>(record->body);
    EXPECT_EQ(m.child.role, SubjectRole::Victim);
    EXPECT_EQ(m.child.dob, (harbour::PartialDate{2011, 2, 0}));
    EXPECT_EQ(m.reportedToPolice, true);
    ASSERT_TRUE(m.foundAt.has_value());
    EXPECT_EQ(m.foundAt->name, "Flat");
    EXPECT_THAT(m.foundWith[0].aliases, ElementsAre("Taz"));
    EXPECT_EQ(m.returnInterview->heldAt, *harbour::parseDate("2026-03-12"));
}

TEST(RecordParser, RejectsWhatIsNotAnObject)
{
    expectError(json::array(), "", "expected a JSON object");
}

TEST(RecordParser, RejectsAMissingOrUnknownKind)
{
    json object = report();
    object.erase("kind");
    expectError(object, "kind", "required field is missing");
    object["kind"] = "bar";
    expectError(object, "kind", "unknown kind 'bar'");
    object["kind"] = 3;
    expectError(object, "kind", "expected a string");
}

TEST(RecordParser, RejectsMissingRequiredFields)
{
    for (const char *field : {"id", "reported_at", "reporter", "source_type"}) {
        json object = report();
        object.erase(field);
        expectError(object, field, "required field is missing");
    }
    json object = report();
    object["id"] = nullptr;
    expectError(object, "id", "required field is null");
    object["id"] = " ";
    expectError(object, "id", "must not be empty");
    json s = screening();
    s["child"].erase("name");
    expectError(s, "child.name", "required field is missing");
    json m = missing();
    m.erase("went_missing_at");
    expectError(m, "went_missing_at", "required field is missing");
}

TEST(RecordParser, RejectsWrongTypes)
{
    json object = report();
    object["subjects"][1]["dob"] = 2010;
    expectError(object, "subjects[1].dob", "expected a string");
    object = report();
    object["phones"] = "07700 900123";
    expectError(object, "phones", "expected an array of strings");
    object = report();
    object["phones"][0] = 7700900123;
    expectError(object, "phones[0]", "expected a string");
    object = report();
    object["reporter"] = "J. Smith";
    expectError(object, "reporter", "expected an object");
    object = report();
    object["vehicles"][0] = "AB12 CDE";
    expectError(object, "vehicles[0]", "expected an object");
    object = report();
    object["third_party_will_engage"] = "yes";
    expectError(object, "third_party_will_engage", "expected true or false");
    object = report();
    object["places"][0]["lat"] = "52.5";
    expectError(object, "places[0].lat", "expected a number");
}

TEST(RecordParser, RejectsInvalidDates)
{
    json s = screening();
    s["screened_at"] = "2026-02-30";
    expectError(s, "screened_at", "not a valid date (YYYY-MM-DD)");
    json r = report();
    r["reported_at"] = "14/03/2026";
    expectError(r, "reported_at", "not a valid date/time (ISO 8601)");
    r = report();
    r["incidents"][0]["at"] = "2026-13-01T00:00:00Z";
    expectError(r, "incidents[0].at", "not a valid date/time (ISO 8601)");
    r = report();
    r["subjects"][0]["dob"] = "2011-02-30";
    expectError(r, "subjects[0].dob", "not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)");
    json m = missing();
    m["returned_at"] = "2026-03-09T00:00:00Z";
    expectError(m, "returned_at", "is before went_missing_at");
}

TEST(RecordParser, RejectsBadEnumsAndScales)
{
    json r = report();
    r["source_type"] = "rumour";
    expectError(r, "source_type", "unknown value 'rumour'; expected one of witnessed, professional, member_of_public");
    r = report();
    r["subjects"][0]["role"] = "suspect";
    expectError(r, "subjects[0].role",
                "unknown value 'suspect'; expected one of victim, perpetrator, associate, unknown");
    r = report();
    r["licensed_premises"][0]["type"] = "cafe";
    expectError(r, "licensed_premises[0].type",
                "unknown value 'cafe'; expected one of takeaway, taxi_firm, hotel, pub, off_licence, newsagent, "
                "shisha_bar, bed_and_breakfast, other");
    r = report();
    r["grading"]["intelligence"] = "F";
    expectError(r, "grading.intelligence", "expected one of A, B, C, D, E");
    r = report();
    r["grading"]["source"] = "4";
    expectError(r, "grading.source", "expected 1, 2 or 3");
    r = report();
    r["grading"]["handling"] = "X";
    expectError(r, "grading.handling", "expected P or C");
    r = report();
    r["source_reliability"] = 6;
    expectError(r, "source_reliability", "expected 1..5 or \"dont_know\"");
    r = report();
    r["information_accuracy"] = "unknown";
    expectError(r, "information_accuracy", "expected 1..5 or \"dont_know\"");
    json s = screening();
    s["professional_judgement"]["level"] = "high";
    expectError(s, "professional_judgement.level",
                "unknown value 'high'; expected one of none, low, medium, significant");
}

TEST(RecordParser, AcceptsNumericGradingSource)
{
    json r = report();
    r["grading"]["source"] = 1;
    const auto record = parseRecord(r, "f", "line 1");
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(std::get<InformationReport>(record->body).grading.source, '1');
}

TEST(RecordParser, RejectsOutOfRangeCoordinates)
{
    json r = report();
    r["places"][0]["lat"] = 91;
    expectError(r, "places[0].lat", "latitude out of range (-90..90)");
    r = report();
    r["places"][0]["lon"] = -180.5;
    expectError(r, "places[0].lon", "longitude out of range (-180..180)");
}

TEST(RecordParser, RejectsUnknownIndicatorKeys)
{
    json s = screening();
    s["risk_indicators"] = {"school_absence", "foo"};
    expectError(s, "risk_indicators[1]", "unknown indicator key 'foo'");
    s = screening();
    s["significant"]["bar"] = "current";
    expectError(s, "significant.bar", "unknown indicator key 'bar'");
    s = screening();
    s["vulnerabilities"] = {"baz"};
    expectError(s, "vulnerabilities[0]", "unknown indicator key 'baz'");
}

TEST(RecordParser, RejectsIndicatorsInTheWrongSection)
{
    json s = screening();
    s["risk_indicators"] = {"missing_episodes"};
    expectError(s, "risk_indicators[0]", "'missing_episodes' is a significant risk indicator, not a risk indicator");
    s = screening();
    s["significant"] = {{"school_absence", "current"}};
    expectError(s, "significant.school_absence",
                "'school_absence' is a risk indicator, not a significant risk indicator");
    s = screening();
    s["vulnerabilities"] = {"school_absence"};
    expectError(s, "vulnerabilities[0]", "'school_absence' is a risk indicator, not a vulnerability factor");
}

TEST(RecordParser, RejectsSignificantValuesOtherThanCurrentOrPast)
{
    json s = screening();
    s["significant"]["missing_episodes"] = "yes";
    expectError(s, "significant.missing_episodes", "expected \"current\" or \"past\"");
}

TEST(RecordParser, WarnsAboutMarksThatAreNotUk)
{
    json r = report();
    r["vehicles"][0]["vrm"] = "W-123-XYZ-99";
    const auto record = parseRecord(r, "f", "line 1");
    ASSERT_TRUE(record.ok());
    EXPECT_THAT(record->warnings,
                ElementsAre("field 'vehicles[0].vrm': 'W-123-XYZ-99' is not a UK registration format"));
}

TEST(RecordParser, MarksWildcardVrmsPartial)
{
    json r = report();
    r["vehicles"][1].erase("partial");
    const auto record = parseRecord(r, "f", "line 1");
    ASSERT_TRUE(record.ok());
    EXPECT_TRUE(std::get<InformationReport>(record->body).vehicles[1].partial);
}

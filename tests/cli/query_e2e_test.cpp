// `harbour children`, `entities` and `show` end to end over the bundled e2e files: levels, rules and
// due dates of screenings, and the exact resolution rules of spec/FORMATS.md and ingest.h.

#include "e2e_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace harbour::testing;
using namespace harbour::testing::e2e;
using nlohmann::json;

class QueryE2e : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = new TempDir;
        s_db = new fs::path(importSample(*s_dir));
    }
    static void TearDownTestSuite()
    {
        delete s_db;
        delete s_dir;
    }

    static CliRun run(std::vector<std::string> args)
    {
        args.insert(args.begin() + 1, {"--db", s_db->string()});
        return runHarbour(*s_dir, args);
    }

    static json children(const std::string &asOf)
    {
        const CliRun result = run({"children", "--json", "--as-of", asOf});
        EXPECT_EQ(result.exit, 0) << result.err;
        return result.json();
    }

    static json entities() { return run({"entities", "--json"}).json(); }

    /// The one entity of this type and label (fails the test when there is not exactly one).
    static json entity(const std::string &type, const std::string &label)
    {
        const auto found = entitiesLabelled(entities(), type, label);
        EXPECT_EQ(found.size(), 1U) << type << " " << label;
        return found.empty() ? json::object() : found.front();
    }

    static TempDir *s_dir;
    static fs::path *s_db;
};

TempDir *QueryE2e::s_dir = nullptr;
fs::path *QueryE2e::s_db = nullptr;

json rule(const std::string &id, const std::string &detail)
{
    return {{"rule", id}, {"detail", detail}};
}

TEST_F(QueryE2e, ChildrenComeHighestFinalLevelFirst)
{
    const json document = children("2026-04-10");
    EXPECT_EQ(document["as_of"], "2026-04-10");
    std::vector<std::string> names;
    for (const auto &child : document["children"]) {
        names.push_back(child["name"]);
    }
    // Sam's final level is significant by professional judgement: after Amy (computed significant too).
    EXPECT_EQ(names, (std::vector<std::string>{"Amy Jones", "Sam Patel", "Lily Evans", "Jo Carter"}));
}

TEST_F(QueryE2e, SignificantScreeningWithItsStrategyMeetingDueAfterEaster)
{
    const json amy = children("2026-04-10")["children"][0];
    ASSERT_EQ(amy["name"], "Amy Jones");
    EXPECT_EQ(amy["dob"], "2011-02-03");
    EXPECT_EQ(amy["age"], 15);
    EXPECT_EQ(amy["final_level"], "significant");
    EXPECT_EQ(amy["computed_level"], "significant");
    EXPECT_EQ(amy["rules"], json::array({rule("significant_current", "missing_episodes is current")}));
    EXPECT_EQ(amy["screening_id"], "SCR-E2E-002");
    EXPECT_EQ(amy["last_screening"], "2026-03-31");
    EXPECT_EQ(amy["next_review"], "2026-04-28");
    EXPECT_EQ(amy["review_overdue"], false);
    // Low in January, significant now.
    EXPECT_EQ(amy["trend"], "up");
    ASSERT_EQ(amy["screenings"].size(), 2U);
    EXPECT_EQ(amy["screenings"][0]["id"], "SCR-E2E-001");
    EXPECT_EQ(amy["screenings"][0]["final_level"], "low");

    // Five working days from Tuesday 31 March 2026, skipping Good Friday (3 April) and Easter Monday (6 April):
    // 1, 2, 7, 8, 9 April.
    const json &actions = amy["actions"];
    ASSERT_EQ(actions.size(), 11U);
    EXPECT_EQ(actions[0]["text"], "Referral to Children's Social Care, who arrange a strategy meeting");
    EXPECT_EQ(actions[0]["due"], "2026-04-09");
    EXPECT_EQ(actions[0]["status"], "open");
    EXPECT_EQ(actions[0]["overdue"], true);
    EXPECT_EQ(actions[1]["text"], "Joint investigation by the police and Children's Social Care");
    EXPECT_EQ(actions[1]["due"], nullptr);
    EXPECT_EQ(actions[1]["overdue"], false);
    EXPECT_EQ(actions[3]["condition"], "where trafficking is suspected");
    EXPECT_EQ(amy["overdue_actions"], 1);

    // On the due date itself it is not yet overdue.
    const json onTheDay = children("2026-04-09")["children"][0];
    EXPECT_EQ(onTheDay["actions"][0]["overdue"], false);
    EXPECT_EQ(onTheDay["overdue_actions"], 0);
}

TEST_F(QueryE2e, UnderThirteenFloorRaisesLowToMediumWithTheCafDueAfterMayDay)
{
    const json lily = children("2026-04-10")["children"][2];
    ASSERT_EQ(lily["name"], "Lily Evans");
    EXPECT_EQ(lily["age"], 11);
    EXPECT_EQ(lily["final_level"], "medium");
    EXPECT_EQ(lily["computed_level"], "medium");
    EXPECT_EQ(lily["rules"],
              json::array({rule("any_indicator", "1 risk indicator ticked (unsafe_internet)"),
                           rule("floor_under_13", "under 13 with risk indicators: raised from low to medium")}));
    EXPECT_EQ(lily["trend"], "new");
    // Ten working days from Friday 24 April 2026, skipping the early May bank holiday (4 May): 11 May.
    const json &caf = lily["actions"][1];
    EXPECT_EQ(caf["text"], "Complete a CAF");
    EXPECT_EQ(caf["condition"], "where there is no Section 17 or Section 47 enquiry");
    EXPECT_EQ(caf["due"], "2026-05-11");
    EXPECT_EQ(caf["overdue"], false);

    const json later = children("2026-05-12")["children"];
    for (const auto &child : later) {
        if (child["name"] == "Lily Evans") {
            EXPECT_EQ(child["actions"][1]["overdue"], true);
            EXPECT_EQ(child["age"], 11);
        }
    }
}

TEST_F(QueryE2e, ProfessionalJudgementKeepsBothLevels)
{
    const json sam = children("2026-04-10")["children"][1];
    ASSERT_EQ(sam["name"], "Sam Patel");
    EXPECT_EQ(sam["age"], 16);
    EXPECT_EQ(sam["computed_level"], "medium");
    EXPECT_EQ(sam["final_level"], "significant");
    EXPECT_EQ(sam["rules"],
              json::array({rule("risk_count", "3 risk indicators ticked (drug_misuse, alcohol_misuse, self_harm)"),
                           rule("professional_judgement", "raised from medium to significant: Disclosure to nurse")}));
    // The actions follow the final level: 24 April + 5 working days = 1 May.
    EXPECT_EQ(sam["actions"][0]["due"], "2026-05-01");
}

TEST_F(QueryE2e, EighteenToTwentyWithAdditionalNeedsIsScreened)
{
    const json jo = children("2026-04-10")["children"][3];
    ASSERT_EQ(jo["name"], "Jo Carter");
    EXPECT_EQ(jo["age"], 19);
    EXPECT_EQ(jo["final_level"], "low");
    EXPECT_EQ(jo["rules"],
              json::array({rule("additional_needs_18_21", "aged 19 with additional needs: screened until the 21st "
                                                          "birthday"),
                           rule("any_indicator", "1 vulnerability factor ticked (isolated)")}));
    for (const auto &action : jo["actions"]) {
        EXPECT_EQ(action["due"], nullptr);
    }
}

TEST_F(QueryE2e, ChildrenTableIsAlignedAndMarksOverdue)
{
    const CliRun result = run({"children", "--as-of", "2026-04-10"});
    ASSERT_EQ(result.exit, 0) << result.err;
    std::vector<std::string> lines;
    std::istringstream in(result.out);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    ASSERT_EQ(lines.size(), 7U) << result.out;
    EXPECT_EQ(lines[0], "4 screened children, highest risk first (as of 2026-04-10)");
    const std::string &header = lines[1];
    const std::string &amy = lines[3];
    for (const char *column : {"NAME", "DOB", "AGE", "FINAL", "COMPUTED", "RULES", "TREND", "SCREENED"}) {
        EXPECT_NE(header.find(column), std::string::npos) << column;
    }
    EXPECT_EQ(amy.find("Amy Jones"), header.find("NAME"));
    EXPECT_EQ(amy.find("2011-02-03"), header.find("DOB"));
    EXPECT_EQ(amy.find("significant"), header.find("FINAL"));
    EXPECT_EQ(amy.find("significant_current"), header.find("RULES"));
    EXPECT_EQ(amy.find("up "), header.find("TREND"));
    EXPECT_EQ(amy.find("2026-03-31"), header.find("SCREENED"));
    EXPECT_NE(amy.find("2026-04-09 OVERDUE"), std::string::npos) << amy;
    EXPECT_NE(lines[5].find("any_indicator,floor_under_13"), std::string::npos) << lines[5];
    EXPECT_NE(lines[5].find("Complete a CAF 2026-05-11"), std::string::npos) << lines[5];
}

TEST_F(QueryE2e, VehiclesResolveByNormalisedMark)
{
    // "ab12 cde" and "AB12CDE" in two reports.
    const json vehicle = entity("vehicle", "AB12CDE");
    EXPECT_EQ(vehicle["records"], 2);
    EXPECT_EQ(vehicle["attributes"]["make"], "Vauxhall");
    EXPECT_EQ(vehicle["attributes"]["format"], "current");
}

TEST_F(QueryE2e, PhonesResolveByNormalisedNumber)
{
    // "07700 900123" and "+44 7700 900123".
    EXPECT_EQ(entity("phone", "07700900123")["records"], 2);
    EXPECT_EQ(entitiesLabelled(run({"entities", "--type", "phone", "--json"}).json(), "phone", "07700900123").size(),
              1U);
}

TEST_F(QueryE2e, PremisesResolveByNormalisedTradingNameAndPostcode)
{
    // "Kingz Pizza, 14 High Street, Dudley DY1 1AA" and "KINGZ  PIZZA, 14 High St, Dudley dy1 1aa".
    const json premises = entity("premises", "Kingz Pizza");
    EXPECT_EQ(premises["records"], 2);
    EXPECT_EQ(premises["attributes"]["postcode"], "DY1 1AA");
    EXPECT_EQ(premises["attributes"]["premises_type"], "takeaway");
    EXPECT_TRUE(entitiesLabelled(entities(), "premises", "KINGZ  PIZZA").empty());
}

TEST_F(QueryE2e, PlacesResolveByNormalisedAddress)
{
    // "Bus station, Birmingham St, Dudley DY1 1AB" and "Coach stop, birmingham st,  dudley DY1 1AB".
    EXPECT_EQ(entity("place", "Bus station")["records"], 2);
    EXPECT_TRUE(entitiesLabelled(entities(), "place", "Coach stop").empty());
    // Another address above the same takeaway is another place.
    EXPECT_EQ(entity("place", "Flat above Kingz Pizza")["records"], 1);
}

TEST_F(QueryE2e, AliasesResolveByNormalisedAlias)
{
    // "Taz" in the first report and the missing episode, "taz" in the second.
    const json alias = entity("alias", "Taz");
    EXPECT_EQ(alias["records"], 3);
    EXPECT_TRUE(entitiesLabelled(entities(), "alias", "taz").empty());
    // The people behind the nickname are not merged: nobody knows who they are.
    const json all = entities();
    EXPECT_EQ(entitiesLabelled(all, "person", "Unknown (\"Taz\")").size(), 2U);
    EXPECT_EQ(entitiesLabelled(all, "person", "Unknown (\"taz\")").size(), 1U);
}

TEST_F(QueryE2e, NamesakesWithoutDateOfBirthStayApart)
{
    const auto smiths = entitiesLabelled(entities(), "person", "John Smith");
    ASSERT_EQ(smiths.size(), 2U);
    EXPECT_NE(smiths[0]["id"], smiths[1]["id"]);
    EXPECT_EQ(smiths[0]["records"], 1);
    EXPECT_EQ(smiths[1]["records"], 1);
}

TEST_F(QueryE2e, ScreenedChildReportVictimAndMissingChildAreOnePerson)
{
    // Same name (written "AMY  jones" in the missing episode) and date of birth.
    const json amy = entity("person", "Amy Jones");
    EXPECT_EQ(amy["records"], 4);
    EXPECT_EQ(amy["attributes"]["dob"], "2011-02-03");
    EXPECT_EQ(children("2026-04-10")["children"][0]["id"], amy["id"]);

    const json shown = run({"show", std::to_string(amy["id"].get<long long>()), "--json"}).json();
    std::map<std::string, std::vector<std::string>> relations;
    for (const auto &link : shown["links"]) {
        for (const auto &evidence : link["evidence"]) {
            relations[link["other"]["label"]].push_back(evidence["relation"]);
        }
    }
    for (auto &[label, list] : relations) {
        std::sort(list.begin(), list.end());
    }
    // The alias is stated in the first report and the second screening.
    EXPECT_EQ(relations["AJ"], (std::vector<std::string>{"alias_of", "alias_of", "co_mentioned", "co_mentioned"}));
    EXPECT_EQ(relations["Flat above Kingz Pizza"], (std::vector<std::string>{"co_mentioned", "found_at"}));
    // Two unknown men called "Taz": one in the first report, one she was found with.
    EXPECT_EQ(relations["Unknown (\"Taz\")"], (std::vector<std::string>{"co_mentioned", "co_mentioned", "found_with"}));
}

TEST_F(QueryE2e, EntitiesFilterByTypeAndPrintATable)
{
    const json vehicles = run({"entities", "--type", "vehicle", "--json"}).json();
    ASSERT_EQ(vehicles["entities"].size(), 1U);
    EXPECT_EQ(vehicles["entities"][0]["label"], "AB12CDE");
    EXPECT_EQ(vehicles["entities"][0]["key"], "AB12CDE");

    const CliRun table = run({"entities", "--type", "premises"});
    ASSERT_EQ(table.exit, 0);
    std::istringstream in(table.out);
    std::string header;
    std::string rule;
    std::string row;
    std::getline(in, header);
    std::getline(in, rule);
    std::getline(in, row);
    EXPECT_EQ(header.substr(0, header.find("RECORDS")), "ID  TYPE      LABEL        ");
    EXPECT_EQ(row.find("Kingz Pizza"), header.find("LABEL"));
    EXPECT_EQ(row.find('2', header.find("RECORDS")), header.find("RECORDS"));

    const CliRun bad = run({"entities", "--type", "boat"});
    EXPECT_EQ(bad.exit, 2);
    EXPECT_EQ(bad.err, "harbour: field '--type': unknown type 'boat' (person, alias, vehicle, premises, place, phone, "
                       "account)\n");
}

TEST_F(QueryE2e, ShowGivesTheLinksAndTheGradedRecordsBehindThem)
{
    const json vehicle = entity("vehicle", "AB12CDE");
    const std::string id = std::to_string(vehicle["id"].get<long long>());
    const json shown = run({"show", id, "--json"}).json();
    EXPECT_EQ(shown["entity"]["label"], "AB12CDE");
    EXPECT_EQ(shown["entity"]["records"], 2);
    const json *premises = nullptr;
    for (const auto &link : shown["links"]) {
        if (link["other"]["type"] == "premises") {
            premises = &link;
        }
    }
    ASSERT_NE(premises, nullptr);
    EXPECT_EQ((*premises)["other"]["label"], "Kingz Pizza");
    ASSERT_EQ((*premises)["records"].size(), 2U);
    const json &first = (*premises)["records"][0];
    const json &second = (*premises)["records"][1];
    EXPECT_EQ(first["id"], "IR-E2E-001");
    EXPECT_EQ(first["kind"], "information_report");
    EXPECT_EQ(first["grading"]["code"], "2/B/P reliability 2");
    EXPECT_EQ(first["grading"]["conditions_apply"], false);
    EXPECT_EQ(second["id"], "IR-E2E-002");
    EXPECT_EQ(second["grading"]["source"], "3");
    EXPECT_EQ(second["grading"]["intelligence"], "C");
    EXPECT_EQ(second["grading"]["handling"], "C");
    EXPECT_EQ(second["grading"]["conditions_apply"], true);

    const CliRun table = run({"show", id});
    ASSERT_EQ(table.exit, 0);
    EXPECT_EQ(table.out.substr(0, table.out.find('\n')), "vehicle " + id + ": AB12CDE (2 records)");
    EXPECT_NE(table.out.find("IR-E2E-001 (2/B/P reliability 2); IR-E2E-002 (3/C/C reliability 3)"),
              std::string::npos)
        << table.out;

    const CliRun missing = run({"show", "99999"});
    EXPECT_EQ(missing.exit, 2);
    EXPECT_EQ(missing.err, "harbour: no entity with id 99999\n");
}

TEST_F(QueryE2e, ReadCommandsRefuseAMissingDatabase)
{
    const fs::path absent = *s_dir / "absent.db";
    for (const char *command : {"children", "entities"}) {
        const CliRun result = runHarbour(*s_dir, {command, "--db", absent.string()});
        EXPECT_EQ(result.exit, 2) << command;
        EXPECT_EQ(result.err, "harbour: " + absent.string() + ": no such database (create it with harbour import)\n");
    }
    EXPECT_FALSE(fs::exists(absent));
}

} // namespace

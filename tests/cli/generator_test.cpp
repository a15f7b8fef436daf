// Runs the built harbour-generate binary and checks what it writes against FORMATS.md and its own ground truth.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kGenerator = HARBOUR_BINARY_DIR "/tools/harbour-generate";
const std::vector<std::pair<std::string, std::string>> kRecordFiles = {
    {"reports.jsonl", "information_report"}, {"screenings.jsonl", "screening"}, {"missing.jsonl", "missing_episode"}};

fs::path scratchDir(const std::string &name)
{
    const fs::path dir = fs::temp_directory_path() / ("harbour-generator-test-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    return dir;
}

/// Runs the generator; returns its exit status (or -1 when it did not exit normally).
int runGenerator(const std::string &arguments)
{
    const std::string command = "'" + kGenerator + "' " + arguments + " >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string readFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// All records of a generated folder by id, after checking each line's kind against its file.
std::map<std::string, json> readRecords(const fs::path &dir)
{
    std::map<std::string, json> records;
    for (const auto &[file, kind] : kRecordFiles) {
        std::ifstream in(dir / file);
        std::string line;
        int number = 0;
        while (std::getline(in, line)) {
            ++number;
            const json record = json::parse(line, nullptr, false);
            EXPECT_FALSE(record.is_discarded()) << file << " line " << number << " is not JSON";
            if (record.is_discarded()) {
                continue;
            }
            EXPECT_EQ(record.value("kind", ""), kind) << file << " line " << number;
            const std::string id = record.value("id", "");
            EXPECT_FALSE(id.empty()) << file << " line " << number;
            EXPECT_TRUE(records.emplace(id, record).second) << "duplicate id " << id;
        }
    }
    return records;
}

class GeneratorOutput : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = scratchDir("default");
        ASSERT_EQ(runGenerator("--out '" + s_dir.string() + "' --reports 300 --seed 42"), 0);
    }
    static void TearDownTestSuite() { fs::remove_all(s_dir.parent_path()); }

    static json groundTruth() { return json::parse(readFile(s_dir / "ground-truth.json")); }

    static fs::path s_dir;
};

fs::path GeneratorOutput::s_dir;

TEST(Generator, SameSeedGivesIdenticalBytes)
{
    const fs::path a = scratchDir("same-a");
    const fs::path b = scratchDir("same-b");
    ASSERT_EQ(runGenerator("--out '" + a.string() + "' --reports 300 --seed 7"), 0);
    ASSERT_EQ(runGenerator("--out '" + b.string() + "' --reports 300 --seed 7"), 0);
    for (const char *file : {"reports.jsonl", "screenings.jsonl", "missing.jsonl", "ground-truth.json"}) {
        const std::string first = readFile(a / file);
        EXPECT_FALSE(first.empty()) << file;
        EXPECT_EQ(first, readFile(b / file)) << file;
    }
    EXPECT_FALSE(fs::exists(a / "ground-truth.people.tmp"));
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST(Generator, DifferentSeedGivesDifferentRecords)
{
    const fs::path a = scratchDir("seed-7");
    const fs::path b = scratchDir("seed-8");
    ASSERT_EQ(runGenerator("--out '" + a.string() + "' --reports 300 --seed 7"), 0);
    ASSERT_EQ(runGenerator("--out '" + b.string() + "' --reports 300 --seed 8"), 0);
    EXPECT_NE(readFile(a / "reports.jsonl"), readFile(b / "reports.jsonl"));
    EXPECT_NE(readFile(a / "screenings.jsonl"), readFile(b / "screenings.jsonl"));
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST(Generator, HardModeChainsTheNetworksAndKeepsTheDefaultAsItWas)
{
    const fs::path hard = scratchDir("hard");
    const fs::path again = scratchDir("hard-again");
    const fs::path kind = scratchDir("kind");
    ASSERT_EQ(runGenerator("--out '" + hard.string() + "' --reports 300 --seed 7 --hard"), 0);
    ASSERT_EQ(runGenerator("--out '" + again.string() + "' --reports 300 --seed 7 --hard"), 0);
    ASSERT_EQ(runGenerator("--out '" + kind.string() + "' --reports 300 --seed 7"), 0);
    EXPECT_EQ(readFile(hard / "reports.jsonl"), readFile(again / "reports.jsonl"));
    EXPECT_NE(readFile(hard / "reports.jsonl"), readFile(kind / "reports.jsonl"));
    // A chain: no report of an organised network names more than two of its children.
    std::set<std::string> organised;
    const json truth = json::parse(readFile(hard / "ground-truth.json"));
    for (const auto &network : truth.at("networks")) {
        if (network.at("kind") == "organised") {
            for (const auto &record : network.at("records")) {
                organised.insert(record.get<std::string>());
            }
        }
    }
    ASSERT_FALSE(organised.empty());
    std::istringstream lines(readFile(hard / "reports.jsonl"));
    int checked = 0;
    for (std::string line; std::getline(lines, line);) {
        const json report = json::parse(line);
        if (!organised.count(report.at("id").get<std::string>())) {
            continue;
        }
        int children = 0;
        for (const auto &subject : report.value("subjects", json::array())) {
            children += subject.at("role") == "victim" || subject.at("role") == "associate" ? 1 : 0;
        }
        EXPECT_LE(children, 2) << line;
        ++checked;
    }
    EXPECT_GT(checked, 0);
    fs::remove_all(hard);
    fs::remove_all(again);
    fs::remove_all(kind);
}

TEST(Generator, RejectsBadArguments)
{
    const fs::path dir = scratchDir("bad-arguments");
    EXPECT_EQ(runGenerator("--reports 10"), 2);
    EXPECT_EQ(runGenerator("--out '" + dir.string() + "' --reports 0"), 2);
    EXPECT_EQ(runGenerator("--out '" + dir.string() + "' --reports ten"), 2);
    EXPECT_EQ(runGenerator("--out '" + dir.string() + "' --seed -1"), 2);
    EXPECT_EQ(runGenerator("--out '" + dir.string() + "' --colour red"), 2);
    EXPECT_FALSE(fs::exists(dir));
}

TEST(Generator, FailsWhenTheOutputFolderCannotBeCreated)
{
    const fs::path dir = scratchDir("blocked");
    fs::create_directories(dir.parent_path());
    std::ofstream(dir) << "a file where the folder should go";
    EXPECT_EQ(runGenerator("--out '" + (dir / "sub").string() + "'"), 1);
    fs::remove(dir);
}

TEST_F(GeneratorOutput, EveryLineParsesWithItsKindAndTheReportCountIsExact)
{
    const auto records = readRecords(s_dir);
    int reports = 0;
    for (const auto &[id, record] : records) {
        reports += record["kind"] == "information_report" ? 1 : 0;
    }
    EXPECT_EQ(reports, 300);
    const json truth = groundTruth();
    EXPECT_EQ(truth["seed"], 42);
    EXPECT_EQ(truth["reports"], 300);
    EXPECT_EQ(truth["counts"]["reports"], 300);
    // About one child per three reports and one missing episode per six.
    EXPECT_GT(truth["counts"]["children"].get<int>(), 70);
    EXPECT_LT(truth["counts"]["children"].get<int>(), 140);
    EXPECT_GT(truth["counts"]["missing_episodes"].get<int>(), 30);
    EXPECT_LT(truth["counts"]["missing_episodes"].get<int>(), 90);
}

TEST_F(GeneratorOutput, GroundTruthReferencesOnlyExistingRecords)
{
    const auto records = readRecords(s_dir);
    const json truth = groundTruth();
    std::map<std::string, int> owners;
    std::set<std::string> people;
    for (const json &person : truth["people"]) {
        people.insert(person["id"].get<std::string>());
        ASSERT_FALSE(person["mentions"].empty()) << person["id"];
        for (const json &mention : person["mentions"]) {
            EXPECT_TRUE(records.contains(mention["record"].get<std::string>())) << mention["record"];
        }
    }
    for (const json &network : truth["networks"]) {
        for (const json &id : network["records"]) {
            EXPECT_TRUE(records.contains(id.get<std::string>())) << id;
            ++owners[id.get<std::string>()];
        }
        for (const char *role : {"children", "suspects"}) {
            for (const json &person : network[role]) {
                EXPECT_TRUE(people.contains(person.get<std::string>())) << person;
            }
        }
        for (const json &id : network["suspected_false"]) {
            EXPECT_TRUE(records.contains(id.get<std::string>())) << id;
        }
    }
    // Every record belongs to exactly one network.
    EXPECT_EQ(owners.size(), records.size());
    for (const auto &[id, count] : owners) {
        EXPECT_EQ(count, 1) << id;
    }
}

TEST_F(GeneratorOutput, MentionsMatchTheSubjectsAsWritten)
{
    const auto records = readRecords(s_dir);
    std::map<std::string, std::multiset<std::string>> expected;
    const json truth = groundTruth();
    for (const json &person : truth["people"]) {
        for (const json &mention : person["mentions"]) {
            const json &name = mention["name_as_written"];
            expected[mention["record"].get<std::string>()].insert(name.is_null() ? "" : name.get<std::string>());
        }
    }
    for (const auto &[id, record] : records) {
        std::multiset<std::string> names;
        auto add = [&names](const json &subject) {
            names.insert(subject.value("name", json()).is_string() ? subject["name"].get<std::string>() : "");
        };
        if (record["kind"] == "information_report") {
            for (const json &subject : record.value("subjects", json::array())) {
                add(subject);
            }
        } else {
            add(record["child"]);
            for (const json &with : record.value("found_with", json::array())) {
                add(with);
            }
        }
        EXPECT_EQ(names, expected[id]) << id;
    }
}

TEST_F(GeneratorOutput, PlantsAtLeastThreeOrganisedNetworks)
{
    int organised = 0;
    const json truth = groundTruth();
    for (const json &network : truth["networks"]) {
        if (network["kind"] != "organised") {
            continue;
        }
        ++organised;
        EXPECT_GE(network["children"].size(), 2U) << network["id"];
        EXPECT_GE(network["suspects"].size(), 1U) << network["id"];
        EXPECT_GE(network["premises"].size(), 1U) << network["id"];
        for (const json &mark : network["vehicles"]) {
            EXPECT_TRUE(std::regex_match(mark.get<std::string>(), std::regex("[A-HJ-PR-Y]{2}[0-9]{2}[A-HJ-PR-Z]{3}")))
                << mark;
        }
    }
    EXPECT_GE(organised, 3);
}

TEST_F(GeneratorOutput, PhoneNumbersAreAllInTheDramaRanges)
{
    std::string text;
    for (const auto &[file, kind] : kRecordFiles) {
        text += readFile(s_dir / file);
    }
    // Anything that looks like a UK number, written with spaces, hyphens or +44.
    const std::regex phone(R"((\+44 ?|\b0)[0-9][0-9 \-]{8,13}[0-9])");
    int found = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), phone); it != std::sregex_iterator(); ++it) {
        std::string digits;
        for (const char c : it->str()) {
            if (c >= '0' && c <= '9') {
                digits.push_back(c);
            }
        }
        if (digits.starts_with("44")) {
            digits = "0" + digits.substr(2);
        }
        ++found;
        EXPECT_TRUE(digits.starts_with("07700900") || digits.starts_with("01632960")) << it->str();
        EXPECT_EQ(digits.size(), 11U) << it->str();
    }
    EXPECT_GT(found, 100);
    const json truth = groundTruth();
    for (const json &network : truth["networks"]) {
        for (const json &number : network["phones"]) {
            const std::string digits = number.get<std::string>();
            EXPECT_TRUE(digits.starts_with("07700900") || digits.starts_with("01632960")) << digits;
        }
    }
}

TEST_F(GeneratorOutput, PostcodesMatchTheStrictPattern)
{
    const std::regex postcode(
        "(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|"
        "[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y]) [0-9][ABD-HJLNP-UW-Z]{2}");
    for (const auto &[id, record] : readRecords(s_dir)) {
        std::vector<std::string> addresses;
        if (record.contains("child")) {
            addresses.push_back(record["child"].value("address", ""));
        }
        for (const char *list : {"subjects", "licensed_premises", "places"}) {
            for (const json &item : record.value(list, json::array())) {
                addresses.push_back(item.value("address", ""));
            }
        }
        for (const std::string &address : addresses) {
            if (address.empty()) {
                continue;
            }
            const auto space = address.rfind(' ', address.rfind(' ') - 1);
            EXPECT_TRUE(std::regex_match(address.substr(space + 1), postcode)) << id << ": " << address;
        }
    }
}

TEST_F(GeneratorOutput, ScreeningsKeepToTheAgeRulesAndFloors)
{
    static const std::vector<std::string> kLevels = {"none", "low", "medium", "significant"};
    auto ageOn = [](const std::string &dob, const std::string &date) {
        const int years = std::stoi(date.substr(0, 4)) - std::stoi(dob.substr(0, 4));
        return date.substr(5, 5) < dob.substr(5, 5) ? years - 1 : years;
    };
    int judgements = 0;
    for (const auto &[id, record] : readRecords(s_dir)) {
        if (record["kind"] != "screening") {
            continue;
        }
        const json &child = record["child"];
        const int age = ageOn(child["dob"].get<std::string>(), record["screened_at"].get<std::string>());
        EXPECT_GE(age, 10) << id;
        EXPECT_LT(age, 21) << id;
        if (age >= 18) {
            EXPECT_TRUE(child["additional_needs"].get<bool>()) << id;
        }
        if (!record.contains("professional_judgement")) {
            continue;
        }
        ++judgements;
        const bool behaviours = !record["significant"].empty() || !record["risk_indicators"].empty();
        const bool floor = behaviours && (age < 13 || child["learning_disability"].get<bool>());
        const auto level = std::find(kLevels.begin(), kLevels.end(), record["professional_judgement"]["level"]);
        ASSERT_NE(level, kLevels.end()) << id;
        if (floor) {
            EXPECT_GE(level - kLevels.begin(), 2) << id;
        }
        EXPECT_FALSE(record["professional_judgement"]["reason"].get<std::string>().empty()) << id;
    }
    EXPECT_GT(judgements, 5);
}

TEST(Generator, SmallRunsStillHaveThreeOrganisedNetworks)
{
    const fs::path dir = scratchDir("small");
    ASSERT_EQ(runGenerator("--out '" + dir.string() + "' --reports 100 --seed 3"), 0);
    const json truth = json::parse(readFile(dir / "ground-truth.json"));
    int organised = 0;
    for (const json &network : truth["networks"]) {
        organised += network["kind"] == "organised" ? 1 : 0;
    }
    EXPECT_GE(organised, 3);
    EXPECT_EQ(truth["counts"]["reports"], 100);
    fs::remove_all(dir);
}

} // namespace

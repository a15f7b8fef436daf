#include "harbour/report/briefing.h"
#include "harbour/analysis/identity_fold.h"

#include "harbour/analysis/analysis.h"
#include "harbour/children.h"
#include "harbour/importers/import_job.h"

#include "support/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

using namespace harbour;

namespace {

const Date kAsOf = std::chrono::year{2026} / std::chrono::month{12} / std::chrono::day{1};

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string run(const std::string &command)
{
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) {
        return out;
    }
    std::array<char, 4096> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe.get())) {
        out += buffer.data();
    }
    return out;
}

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

/// Whole-word search; case-insensitive except for short or all-capital names (as the Redactor).
bool containsWord(const std::string &text, const std::string &word)
{
    const bool exact = word.size() < 4 || std::none_of(word.begin(), word.end(), [](unsigned char c) {
                           return std::islower(c);
                       });
    const std::string t = exact ? text : lower(text);
    const std::string w = exact ? word : lower(word);
    auto wordChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); };
    for (auto pos = t.find(w); pos != std::string::npos; pos = t.find(w, pos + 1)) {
        const bool before = pos == 0 || !wordChar(t[pos - 1]);
        const bool after = pos + w.size() >= t.size() || !wordChar(t[pos + w.size()]);
        if (before && after) {
            return true;
        }
    }
    return false;
}

/// The sample data imported once for the whole suite.
class BriefingTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::make_unique<harbour::testing::TempDir>();
        s_db = s_dir->path() / "sample.db";
        auto store = openSqliteStore(s_db).value();
        std::vector<std::filesystem::path> files;
        for (const char *name : {"reports.jsonl", "screenings.jsonl", "missing.jsonl"}) {
            files.push_back(std::filesystem::path(HARBOUR_SOURCE_DIR) / "sample-data" / name);
        }
        auto summary = importers::importFiles(*store, RiskPolicy::defaults(), files, {});
        ASSERT_TRUE(summary.ok()) << summary.error().toString();
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static std::unique_ptr<Store> open() { return openSqliteStore(s_db).value(); }

    static report::BriefingData brief(report::BriefingRequest request)
    {
        auto store = open();
        request.asOf = kAsOf;
        auto tactics = TacticsCatalogue::shipped();
        auto briefing = report::assembleBriefing(*store, request, analysis::AnalysisPolicy::defaults(),
                                                 tactics ? &tactics.value() : nullptr);
        EXPECT_TRUE(briefing.ok()) << briefing.error().toString();
        return std::move(briefing).value();
    }

    static report::BriefingRequest topCluster(bool pseudonymise)
    {
        report::BriefingRequest request;
        request.scope = report::BriefingScope::Cluster;
        request.cluster = "C1";
        request.pseudonymise = pseudonymise;
        return request;
    }

    /// The riskiest child's briefing: its network is the sample's widest.
    static report::BriefingRequest riskiestChild()
    {
        auto store = open();
        const auto rows = childRows(*store, kAsOf).value();
        EXPECT_FALSE(rows.empty());
        // The person the riskiest screening is of: the node that stands for their identity.
        GraphSnapshot snapshot = store->snapshot({}, kAsOf).value();
        analysis::foldIdentities(snapshot, store->auditLog().value(), analysis::AnalysisPolicy::defaults());
        report::BriefingRequest request;
        request.scope = report::BriefingScope::Child;
        request.child = rows.empty() ? 0 : snapshot.standingFor(rows.front().id);
        return request;
    }

    /// Every name and alias by which any child is known, from the store itself.
    static std::set<std::string> childNames()
    {
        auto store = open();
        std::set<std::string> names;
        auto addName = [&](const std::string &name) {
            std::string part;
            for (const char c : name + " ") {
                if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) || c == '\'' || c == '-') {
                    part += c;
                } else {
                    if (part.size() >= 3 && lower(part) != "unknown") {
                        names.insert(part);
                    }
                    part.clear();
                }
            }
        };
        const auto screenings = store->screenings().value();
        for (const auto &screening : screenings) {
            addName(screening.input.child.name);
            for (const auto &alias : screening.input.child.aliases) {
                addName(alias);
            }
        }
        const auto snapshot = store->snapshot({}, kAsOf).value();
        for (const auto &entity : snapshot.entities) {
            if (entity.isChild()) {
                addName(entity.attribute("name"));
            }
        }
        return names;
    }

    static std::unique_ptr<harbour::testing::TempDir> s_dir;
    static std::filesystem::path s_db;
};

std::unique_ptr<harbour::testing::TempDir> BriefingTest::s_dir;
std::filesystem::path BriefingTest::s_db;

} // namespace

TEST(Redactor, ReplacesWholeWordsCaseInsensitivelyLongestFirst)
{
    report::Redactor r;
    r.add("Adams", "Child A (14)");
    r.add("Amy Adams", "Child A (14)");
    r.add("Tazzer", "Child A (14)");
    EXPECT_EQ(r.apply("amy adams met TAZZER; Adamson and Tazzers did not."),
              "Child A (14) met Child A (14); Adamson and Tazzers did not.");
    EXPECT_EQ(r.apply(""), "");
    // Initials and short nicknames only as written: "AS" must not eat the word "as".
    report::Redactor initials;
    initials.add("AS", "Child B (13)");
    initials.add("Mo", "Child B (13)");
    EXPECT_EQ(initials.apply("known as AS, or Mo; mo is a word"), "known as Child B (13), or Child B (13); mo is a word");
    EXPECT_EQ(report::Redactor().apply("Amy"), "Amy");
}

/// The Redactor as it was first written: every name tried at every word, longest first, the
/// first given winning a tie. Slow (it scans every name) but plainly right: the reference.
class NaiveRedactor {
public:
    void add(std::string key, const std::string &replacement)
    {
        while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) {
            key.pop_back();
        }
        key.erase(0, std::min(key.size(), key.find_first_not_of(" \t")));
        if (key.empty()) {
            return;
        }
        const bool exact = key.size() < 4 || std::none_of(key.begin(), key.end(), [](unsigned char c) {
                               return std::islower(c);
                           });
        if (!exact) {
            key = lower(key);
        }
        for (const auto &entry : m_names) {
            if (entry.name == key && entry.exact == exact) {
                return;
            }
        }
        m_names.push_back({key, replacement, exact});
        std::stable_sort(m_names.begin(), m_names.end(),
                         [](const Entry &a, const Entry &b) { return a.name.size() > b.name.size(); });
    }
    std::string apply(const std::string &text) const
    {
        auto wordChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); };
        const std::string low = lower(text);
        std::string out;
        for (std::size_t i = 0; i < text.size();) {
            bool replaced = false;
            if ((i == 0 || !wordChar(text[i - 1])) && wordChar(text[i])) {
                for (const auto &entry : m_names) {
                    const std::size_t end = i + entry.name.size();
                    if ((entry.exact ? text : low).compare(i, entry.name.size(), entry.name) == 0 &&
                        (end >= text.size() || !wordChar(text[end]))) {
                        out += entry.replacement;
                        i = end;
                        replaced = true;
                        break;
                    }
                }
            }
            if (!replaced) {
                out += text[i++];
            }
        }
        return out;
    }

private:
    struct Entry {
        std::string name;
        std::string replacement;
        bool exact = false;
    };
    std::vector<Entry> m_names;
};

TEST(Redactor, AgreesWithTheNaiveReferenceOnRandomNamesAndTexts)
{
    // Few distinct words, so names overlap, nest, repeat in other cases and tie on length.
    const std::array<std::string, 13> words{"amy",     "Amy", "AMY", "adams", "Adams", "ADAMS", "lee",
                                            "Lee-Ann", "Zoë", "AS",  "as",    "mo",    "Mo"};
    const std::array<std::string, 6> gaps{" ", ", ", ". ", "-", "'s ", "  "};
    std::uint32_t seed = 20261129;
    auto next = [&seed](std::size_t bound) {
        seed = seed * 1664525u + 1013904223u;
        return static_cast<std::size_t>(seed >> 8) % bound;
    };
    auto phrase = [&](std::size_t maxWords) {
        std::string text = words[next(words.size())];
        for (std::size_t n = next(maxWords); n > 0; --n) {
            text += gaps[next(gaps.size())] + words[next(words.size())];
        }
        return text;
    };
    int changed = 0;
    for (int round = 0; round < 200; ++round) {
        report::Redactor fast;
        NaiveRedactor naive;
        for (std::size_t n = 1 + next(8); n > 0; --n) {
            std::string name = phrase(3);
            if (next(5) == 0) {
                name = " " + name + "\t ";
            }
            const std::string replacement = "Child " + std::to_string(next(4));
            fast.add(name, replacement);
            naive.add(name, replacement);
        }
        for (int text = 0; text < 5; ++text) {
            const std::string narrative = phrase(12);
            const std::string redacted = fast.apply(narrative);
            ASSERT_EQ(redacted, naive.apply(narrative)) << "round " << round << ": " << narrative;
            changed += redacted != narrative ? 1 : 0;
        }
    }
    EXPECT_GT(changed, 300) << "most texts should name someone, or the comparison proves little";
}

TEST(Redactor, FindsANameTypedComposedOrDecomposed)
{
    const std::string composed = "Zo\u00EB Adams";
    const std::string decomposed = "Zoe\u0308 Adams";
    report::Redactor byComposed;
    byComposed.add(composed, "Child A (14)");
    EXPECT_EQ(byComposed.apply("Seen with " + decomposed + " at 10pm"), "Seen with Child A (14) at 10pm");
    report::Redactor byDecomposed;
    byDecomposed.add(decomposed, "Child A (14)");
    EXPECT_EQ(byDecomposed.apply(composed + " and " + decomposed), "Child A (14) and Child A (14)");
}

TEST(Redactor, TheFirstReplacementGivenForANameKeepsIt)
{
    report::Redactor r;
    r.add("Amy Adams", "Child A (14)");
    r.add("amy adams", "Child B (13)");
    r.add("AMY", "Child C (12)");
    r.add("Amy", "Child D (11)");
    EXPECT_EQ(r.apply("Amy Adams and AMY"), "Child A (14) and Child C (12)");
    EXPECT_EQ(r.apply("Amy alone; amy not"), "Child D (11) alone; amy not");
    // "ADAMS" is both a name as written and, in any case, "Adams": whichever came first.
    report::Redactor capsFirst;
    capsFirst.add("ADAMS", "Child F");
    capsFirst.add("Adams", "Child G");
    EXPECT_EQ(capsFirst.apply("ADAMS, adams"), "Child F, Child G");
    report::Redactor anyCaseFirst;
    anyCaseFirst.add("Adams", "Child G");
    anyCaseFirst.add("ADAMS", "Child F");
    EXPECT_EQ(anyCaseFirst.apply("ADAMS, adams"), "Child G, Child G");
    EXPECT_FALSE(r.empty());
    report::Redactor blank;
    blank.add("  ", "Child E");
    EXPECT_TRUE(blank.empty());
}

TEST(BriefingHtml, EscapesEveryStringAndIsSelfContained)
{
    report::ensureGuiApplication();
    report::BriefingData data;
    data.title = "Briefing <b>";
    data.scopeText = "x & y";
    data.facts.emplace_back("Purpose", "<script>alert(1)</script>");
    report::BriefingSection section;
    section.heading = "Children";
    section.table.header = {"Child", "Final level"};
    section.table.rows = {{"O'Brien \"Bo\" <i>", "significant"}};
    section.table.riskColumns = {1};
    data.sections.push_back(section);
    report::BriefingSection figure;
    figure.heading = "Network diagram";
    figure.figure = report::BriefingSection::Figure::Diagram;
    data.sections.push_back(figure);
    report::DiagramNode node;
    node.entity = 1;
    node.label = "<script>x</script>";
    data.diagram.nodes.push_back(node);

    const std::string html = report::renderHtml(data);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<i>"), std::string::npos);
    EXPECT_NE(html.find("O&#39;Brien &quot;Bo&quot; &lt;i&gt;"), std::string::npos);
    EXPECT_NE(html.find("<td class=\"significant\">significant</td>"), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    for (const char *external : {"<link", "src=", "url(", "@import", "<img"}) {
        EXPECT_EQ(html.find(external), std::string::npos) << external;
    }
    // The marking at the top and the bottom.
    EXPECT_EQ(html.find("<div class=\"marking top\">OFFICIAL-SENSITIVE</div>") < html.find("<h1>"), true);
    EXPECT_NE(html.find("<div class=\"marking bottom\">OFFICIAL-SENSITIVE</div>"), std::string::npos);
}

TEST_F(BriefingTest, UnknownClusterAndChildAreNotFound)
{
    auto store = open();
    report::BriefingRequest request = topCluster(false);
    request.cluster = "C999";
    auto briefing = report::assembleBriefing(*store, request, analysis::AnalysisPolicy::defaults(), nullptr);
    ASSERT_FALSE(briefing.ok());
    EXPECT_EQ(briefing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(briefing.error().message.rfind("no cluster C999", 0), 0U) << briefing.error().message;
    request.scope = report::BriefingScope::Child;
    request.child = 999999;
    briefing = report::assembleBriefing(*store, request, analysis::AnalysisPolicy::defaults(), nullptr);
    ASSERT_FALSE(briefing.ok());
    EXPECT_EQ(briefing.error().message, "entity 999999 is not a child named in the records");
}

namespace {

/// Everything a briefing prints but the time it was prepared, as one text to compare.
std::string printed(const report::BriefingData &data)
{
    std::ostringstream out;
    out << data.title << '|' << data.scopeText << '|' << data.subtitle << '|' << data.handling << '\n';
    for (const auto &[name, value] : data.numbers) {
        out << name << '=' << value << '\n';
    }
    for (const auto &section : data.sections) {
        out << "## " << section.heading << '\n';
        for (const auto &text : section.paragraphs) {
            out << text << '\n';
        }
        for (const auto &row : section.table.rows) {
            for (const auto &cell : row) {
                out << cell << '\t';
            }
            out << '\n';
        }
        for (const auto &text : section.notes) {
            out << text << '\n';
        }
    }
    out << data.diagram.title << '\n';
    for (const auto &node : data.diagram.nodes) {
        out << node.entity << ' ' << node.label << ' ' << node.x << ' ' << node.y << '\n';
    }
    for (const auto &edge : data.diagram.edges) {
        out << edge.from << '-' << edge.to << ' ' << edge.records.size() << '\n';
    }
    return out.str();
}

} // namespace

TEST_F(BriefingTest, ABriefingFromWhatTheAppHoldsIsTheOneReadFromTheStore)
{
    auto store = open();
    // The app lends its snapshot folded into identities, as the briefing reads it.
    GraphSnapshot snapshot = store->snapshot({}, kAsOf).value();
    analysis::foldIdentities(snapshot, store->auditLog().value(), analysis::AnalysisPolicy::defaults());
    ASSERT_FALSE(snapshot.folded.empty());
    const auto analysed = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
    const auto rows = childRows(*store, kAsOf).value();
    const auto missing = store->missingEpisodes().value();
    ASSERT_FALSE(missing.empty());
    const report::BriefingSources loaded{&snapshot, &analysed, &rows, &missing};
    auto tactics = TacticsCatalogue::shipped();
    ASSERT_TRUE(tactics.ok());

    report::BriefingRequest child;
    child.scope = report::BriefingScope::Child;
    child.child = rows.front().id;
    for (auto request : {topCluster(false), topCluster(true), child, report::BriefingRequest{}}) {
        request.asOf = kAsOf;
        const auto read = report::assembleBriefing(*store, request, analysis::AnalysisPolicy::defaults(), &tactics.value());
        const auto lent =
            report::assembleBriefing(*store, request, analysis::AnalysisPolicy::defaults(), &tactics.value(), loaded);
        ASSERT_TRUE(read.ok()) << read.error().toString();
        ASSERT_TRUE(lent.ok()) << lent.error().toString();
        EXPECT_GT(lent.value().sections.size(), 3U);
        EXPECT_EQ(printed(lent.value()), printed(read.value())) << lent.value().scopeText;
    }
}

TEST_F(BriefingTest, ALentAnalysisIsUsedNotRunAgain)
{
    auto store = open();
    const auto snapshot = store->snapshot({}, kAsOf).value();
    auto analysed = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
    ASSERT_FALSE(analysed.clusters.empty());
    analysed.clusters.front().id = "C-lent"; // no analysis of the store names a cluster so
    report::BriefingRequest request = topCluster(false);
    request.cluster = "C-lent";
    request.asOf = kAsOf;

    const auto read = report::assembleBriefing(*store, request, analysis::AnalysisPolicy::defaults(), nullptr);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, ErrorCode::NotFound);

    const auto lent = report::assembleBriefing(*store, request, analysis::AnalysisPolicy::defaults(), nullptr,
                                               {&snapshot, &analysed, nullptr});
    ASSERT_TRUE(lent.ok()) << lent.error().toString();
    EXPECT_NE(lent.value().subtitle.find("C-lent"), std::string::npos) << lent.value().subtitle;
    EXPECT_EQ(lent.value().diagram.nodes.size(), analysed.clusters.front().members.size());

    // An analysis without the snapshot it was made from is not used.
    const auto halfLent = report::assembleBriefing(*store, request, analysis::AnalysisPolicy::defaults(), nullptr,
                                                   {nullptr, &analysed, nullptr});
    EXPECT_FALSE(halfLent.ok());
}

TEST_F(BriefingTest, ABriefingOnAnyEntryOfAChildIsTheBriefingOnTheChild)
{
    auto store = open();
    GraphSnapshot snapshot = store->snapshot({}, kAsOf).value();
    analysis::foldIdentities(snapshot, store->auditLog().value(), analysis::AnalysisPolicy::defaults());
    const auto person = std::find_if(snapshot.entities.begin(), snapshot.entities.end(),
                                     [](const EntityInfo &e) { return e.isChild() && !e.foldedFrom.empty(); });
    ASSERT_NE(person, snapshot.entities.end()) << "the sample has a child named in several entries";
    report::BriefingRequest request;
    request.scope = report::BriefingScope::Child;
    request.child = person->id;
    const auto onPerson = brief(request);
    request.child = person->foldedFrom.front();
    const auto onEntry = brief(request);
    EXPECT_EQ(printed(onEntry), printed(onPerson));
    EXPECT_TRUE(onPerson.diagram.find(person->id).has_value());
}

TEST_F(BriefingTest, AChildsDiagramKeepsTheChildAndItsNearestWhenThereAreTooMany)
{
    report::BriefingRequest request = riskiestChild();
    request.childDrawn = 0;
    const auto whole = brief(request);
    ASSERT_GT(whole.diagram.nodes.size(), 8U) << "the sample's riskiest child has a wide network";
    EXPECT_EQ(whole.diagram.leftOut, 0U);

    request.childNodes = 6;
    const auto capped = brief(request);
    ASSERT_EQ(capped.diagram.nodes.size(), 6U);
    EXPECT_EQ(capped.diagram.leftOut, whole.diagram.nodes.size() - 6);
    const auto child = capped.diagram.find(request.child);
    ASSERT_TRUE(child.has_value());
    EXPECT_TRUE(capped.diagram.nodes[*child].focus);
    EXPECT_NE(capped.diagram.title.find("(the 6 nearest of " + std::to_string(whole.diagram.nodes.size()) +
                                        " entities)"),
              std::string::npos)
        << capped.diagram.title;
    // Everything drawn is linked to the child directly: there are more such than room.
    std::set<EntityId> direct;
    for (const auto &edge : whole.diagram.edges) {
        const EntityId a = whole.diagram.nodes[edge.from].entity;
        const EntityId b = whole.diagram.nodes[edge.to].entity;
        if ((a == request.child || b == request.child) && edge.weight > 0.0) {
            direct.insert(a == request.child ? b : a);
        }
    }
    ASSERT_GE(direct.size(), 5U);
    for (const auto &node : capped.diagram.nodes) {
        EXPECT_TRUE(node.entity == request.child || direct.contains(node.entity)) << node.label;
    }
}

/// Every section but the diagram's, as text: what a page drawing less must still say.
std::vector<std::vector<std::string>> sectionsBesideTheDiagram(const report::BriefingData &data)
{
    std::vector<std::vector<std::string>> out;
    for (const auto &section : data.sections) {
        if (section.figure == report::BriefingSection::Figure::Diagram) {
            continue;
        }
        std::vector<std::string> text{section.heading};
        text.insert(text.end(), section.paragraphs.begin(), section.paragraphs.end());
        for (const auto &row : section.table.rows) {
            text.insert(text.end(), row.begin(), row.end());
        }
        text.insert(text.end(), section.notes.begin(), section.notes.end());
        out.push_back(std::move(text));
    }
    return out;
}

TEST_F(BriefingTest, AChildsPageDrawsTheNearestAndItsTablesCoverTheWholeScope)
{
    report::BriefingRequest request = riskiestChild();
    request.childDrawn = 0;
    const auto whole = brief(request);
    const std::size_t total = whole.diagram.nodes.size();
    ASSERT_GT(total, 8U) << "the sample's riskiest child has a wide network";

    request.childDrawn = 6;
    const auto drawn = brief(request);
    ASSERT_EQ(drawn.diagram.nodes.size(), 6U);
    EXPECT_EQ(drawn.diagram.leftOut, total - 6);
    EXPECT_NE(drawn.diagram.title.find("(the 6 nearest of " + std::to_string(total) + " entities; the tables cover all " +
                                       std::to_string(total) + ")"),
              std::string::npos)
        << drawn.diagram.title;
    ASSERT_TRUE(drawn.diagram.find(request.child).has_value());
    for (const auto &node : drawn.diagram.nodes) {
        EXPECT_TRUE(whole.diagram.find(node.entity).has_value()) << node.label;
    }
    // The numbers, children, suspects, targets, gaps and records are the whole scope's.
    EXPECT_EQ(drawn.numbers, whole.numbers);
    EXPECT_EQ(sectionsBesideTheDiagram(drawn), sectionsBesideTheDiagram(whole));

    // A scope capped as well: the tables cover the nearest the scope keeps.
    request.childNodes = 10;
    request.childDrawn = 0;
    const auto ten = brief(request);
    ASSERT_EQ(ten.diagram.nodes.size(), 10U);
    request.childDrawn = 6;
    const auto sixOfTen = brief(request);
    ASSERT_EQ(sixOfTen.diagram.nodes.size(), 6U);
    EXPECT_NE(sixOfTen.diagram.title.find("(the 6 nearest of " + std::to_string(total) +
                                          " entities; the tables cover the 10 nearest)"),
              std::string::npos)
        << sixOfTen.diagram.title;
    EXPECT_EQ(sixOfTen.numbers, ten.numbers);
    EXPECT_EQ(sectionsBesideTheDiagram(sixOfTen), sectionsBesideTheDiagram(ten));
}

// DISABLED: with identities folded, the suspects near the sample's riskiest child who shared a
// name are one person now; the rule (two identities under one name are told apart) needs a scope
// that still has namesakes, e.g. nickname-only suspects such as the sample's C3 "Unknown ("Gaz")".
TEST_F(BriefingTest, DISABLED_SuspectsListedUnderOneNameAreToldApartAndQuestioned)
{
    report::BriefingRequest request = riskiestChild();
    const auto data = brief(request);
    const auto section = std::find_if(data.sections.begin(), data.sections.end(),
                                      [](const report::BriefingSection &s) { return s.heading == "Key suspects"; });
    ASSERT_NE(section, data.sections.end());
    std::set<std::string> cells;
    std::map<std::string, int> bases;
    int toldApart = 0;
    for (const auto &row : section->table.rows) {
        const std::string &cell = row[1];
        EXPECT_TRUE(cells.insert(cell).second) << "two rows read " << cell;
        const auto mark = cell.find(" (entity ");
        ++bases[cell.substr(0, mark)];
        if (mark != std::string::npos) {
            ++toldApart;
            EXPECT_NE(row[5].find("possibly the same person (see Who is who)"), std::string::npos) << row[5];
        } else {
            EXPECT_EQ(row[5].find("possibly the same person"), std::string::npos) << row[5];
        }
    }
    ASSERT_GE(toldApart, 2) << "the sample's riskiest child is near suspects sharing a name";
    for (const auto &row : section->table.rows) {
        const bool marked = row[1].find(" (entity ") != std::string::npos;
        EXPECT_EQ(marked, bases[row[1].substr(0, row[1].find(" (entity "))] > 1) << row[1];
    }
}

TEST_F(BriefingTest, PdfNamesTheChildrenAndTargetsOfTheTopCluster)
{
    const auto data = brief(topCluster(false));
    report::ensureGuiApplication();
    const auto pdf = s_dir->path() / "c1.pdf";
    ASSERT_TRUE(report::writeBriefing(data, pdf).ok());
    struct stat st {};
    ASSERT_EQ(::stat(pdf.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);

    const std::string text = run("pdftotext -layout '" + pdf.string() + "' -");
    ASSERT_FALSE(text.empty()) << "pdftotext gave nothing";
    const auto pages = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\f'));
    std::size_t markings = 0;
    for (auto pos = text.find("OFFICIAL-SENSITIVE"); pos != std::string::npos;
         pos = text.find("OFFICIAL-SENSITIVE", pos + 1)) {
        ++markings;
    }
    EXPECT_GE(markings, 2 * pages) << "header and footer on every page";

    // The analysis, not the briefing, says who should be there.
    auto store = open();
    const auto snapshot = store->snapshot({}, kAsOf).value();
    const auto result = analysis::analyse(snapshot, analysis::AnalysisPolicy::defaults());
    ASSERT_FALSE(result.clusters.empty());
    const auto &c1 = result.clusters.front();
    std::set<EntityId> members;
    for (const auto &m : c1.members) {
        members.insert(m.id);
    }
    int screenedChildren = 0;
    const auto rows = childRows(*store, kAsOf).value();
    for (const auto &row : rows) {
        if (members.contains(row.id)) {
            ++screenedChildren;
            EXPECT_NE(text.find(row.name), std::string::npos) << row.name;
        }
    }
    EXPECT_GT(screenedChildren, 0);
    int targets = 0;
    for (const auto &row : result.hotspots.premises) {
        if (members.contains(row.id)) {
            ++targets;
            EXPECT_NE(text.find(row.label), std::string::npos) << row.label;
        }
    }
    EXPECT_GT(targets, 0);
    for (const char *heading : {"Summary in numbers", "Children", "Network diagram", "Key suspects",
                                "Premises and vehicles", "Timeline", "Intelligence gaps", "Source records"}) {
        EXPECT_NE(text.find(heading), std::string::npos) << heading;
    }
}

TEST_F(BriefingTest, PseudonymisedBriefingNamesNoChildAnywhere)
{
    const auto data = brief(topCluster(true));
    report::ensureGuiApplication();
    const auto pdf = s_dir->path() / "c1-pseudonymised.pdf";
    const auto html = s_dir->path() / "c1-pseudonymised.html";
    ASSERT_TRUE(report::writeBriefing(data, pdf).ok());
    ASSERT_TRUE(report::writeBriefing(data, html).ok());
    const std::string pdfText = run("pdftotext '" + pdf.string() + "' -");
    const std::string htmlText = readFile(html);
    ASSERT_FALSE(pdfText.empty());
    EXPECT_NE(pdfText.find("Child A"), std::string::npos);
    EXPECT_NE(htmlText.find("Child A"), std::string::npos);

    const auto names = childNames();
    ASSERT_GT(names.size(), 20U);
    for (const auto &name : names) {
        std::string escaped;
        for (const char c : name) {
            escaped += c == '\'' ? std::string("&#39;") : std::string(1, c);
        }
        EXPECT_FALSE(containsWord(pdfText, name)) << name << " in the PDF";
        EXPECT_FALSE(containsWord(htmlText, name)) << name << " in the HTML";
        EXPECT_FALSE(containsWord(htmlText, escaped)) << name << " in the HTML";
    }
}

TEST_F(BriefingTest, CommandLineWritesOwnerOnlyFilesAndAudits)
{
    const auto binary = std::filesystem::path(HARBOUR_BINARY_DIR) / "src" / "cli" / "harbour";
    ASSERT_TRUE(std::filesystem::exists(binary)) << binary;
    const auto out = s_dir->path() / "cli-brief.html";
    const auto anx = s_dir->path() / "c1.anx";
    const std::string db = "'" + s_db.string() + "'";
    // No DISPLAY: the command must fall back to the offscreen platform by itself.
    const std::string env = "env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM ";
    EXPECT_EQ(std::system((env + "'" + binary.string() + "' brief --db " + db + " --cluster C1 --as-of 2026-12-01 " +
                           "--pseudonymise --out '" + out.string() + "' > /dev/null 2>&1")
                              .c_str()),
              0);
    EXPECT_EQ(std::system(("'" + binary.string() + "' export --db " + db + " --format anx --cluster C1 --out '" +
                           anx.string() + "' > /dev/null 2>&1")
                              .c_str()),
              0);
    for (const auto &path : {out, anx}) {
        struct stat st {};
        ASSERT_EQ(::stat(path.c_str(), &st), 0) << path;
        EXPECT_EQ(st.st_mode & 0777, 0600U) << path;
    }
    EXPECT_NE(std::system(("'" + binary.string() + "' brief --db " + db + " --cluster C1 --panel --out '" +
                           out.string() + "' > /dev/null 2>&1")
                              .c_str()),
              0);

    const auto audit = open()->auditLog().value();
    std::vector<std::string> exports;
    for (const auto &entry : audit) {
        if (entry.action == "export") {
            exports.push_back(entry.object);
        }
    }
    ASSERT_GE(exports.size(), 2U);
    EXPECT_EQ(exports[exports.size() - 2], "briefing cluster C1");
    EXPECT_EQ(exports.back(), "anx C1");
}

TEST_F(BriefingTest, BriefingForPartnersIsPseudonymisedUnlessTheAnalystSaysOtherwise)
{
    const auto binary = std::filesystem::path(HARBOUR_BINARY_DIR) / "src" / "cli" / "harbour";
    const std::string db = "'" + s_db.string() + "'";
    const auto names = childNames();
    ASSERT_GT(names.size(), 20U);
    const auto namedChildren = [&](const std::filesystem::path &html) {
        const std::string text = readFile(html);
        return std::count_if(names.begin(), names.end(), [&](const auto &name) { return containsWord(text, name); });
    };
    const auto brief = [&](const std::string &flags, const std::filesystem::path &out) {
        return std::system(("'" + binary.string() + "' brief --db " + db + " --cluster C1 --as-of 2026-12-01 " +
                            flags + " --out '" + out.string() + "' > /dev/null 2>&1")
                               .c_str());
    };

    const auto police = s_dir->path() / "police.html";
    ASSERT_EQ(brief("", police), 0);
    EXPECT_GT(namedChildren(police), 0) << "police briefings name the children";
    EXPECT_NE(readFile(police).find("Police only"), std::string::npos);

    const auto partners = s_dir->path() / "partners.html";
    ASSERT_EQ(brief("--share partners", partners), 0);
    EXPECT_EQ(namedChildren(partners), 0) << "beyond the police, pseudonymised by default";
    EXPECT_NE(readFile(partners).find("Child A"), std::string::npos);
    EXPECT_NE(readFile(partners).find("For partner agencies: children pseudonymised"), std::string::npos);

    const auto named = s_dir->path() / "partners-named.html";
    ASSERT_EQ(brief("--share partners --no-pseudonymise", named), 0);
    EXPECT_GT(namedChildren(named), 0);
    EXPECT_NE(readFile(named).find("CHILDREN ARE NAMED"), std::string::npos);
    const auto audit = open()->auditLog().value();
    ASSERT_FALSE(audit.empty());
    EXPECT_NE(audit.back().detail.find("for partners, children named"), std::string::npos) << audit.back().detail;

    EXPECT_NE(brief("--share everyone", s_dir->path() / "bad.html"), 0);
    EXPECT_NE(brief("--pseudonymise --no-pseudonymise", s_dir->path() / "bad.html"), 0);
}

namespace {

const report::BriefingSection *sectionNamed(const report::BriefingData &data, const std::string &heading)
{
    for (const auto &section : data.sections) {
        if (section.heading == heading) {
            return &section;
        }
    }
    return nullptr;
}

bool conditional(const std::vector<std::string> &row)
{
    return row[3].find("(C: conditions apply)") != std::string::npos;
}

} // namespace

TEST_F(BriefingTest, PartnerBriefingsWithholdTheTextOfCodeCRecordsUnlessAskedTo)
{
    // Children named (as with --no-pseudonymise), so that the reporters' names are not redacted
    // where they share a child's surname.
    auto partners = topCluster(false);
    partners.audience = report::BriefingAudience::Partners;
    auto included = partners;
    included.includeConditional = true;
    const auto withheldData = brief(partners);
    const auto includedData = brief(included);
    const auto policeData = brief(topCluster(false));
    const auto *withheld = sectionNamed(withheldData, "Source records");
    const auto *quoted = sectionNamed(includedData, "Source records");
    const auto *police = sectionNamed(policeData, "Source records");
    ASSERT_TRUE(withheld && quoted && police);
    ASSERT_EQ(withheld->table.rows.size(), quoted->table.rows.size());

    const auto records = open()->records().value();
    std::size_t codeC = 0;
    for (std::size_t i = 0; i < withheld->table.rows.size(); ++i) {
        const auto &row = withheld->table.rows[i];
        const auto &full = quoted->table.rows[i];
        // The record, its kind, date, grading and agency are kept either way.
        EXPECT_EQ(std::vector(row.begin(), row.begin() + 5), std::vector(full.begin(), full.begin() + 5));
        if (!conditional(row)) {
            EXPECT_EQ(row[5], full[5]);
            continue;
        }
        ++codeC;
        SCOPED_TRACE(row[0]);
        EXPECT_EQ(full[5].rfind("Text withheld", 0), std::string::npos) << "included on request";
        EXPECT_EQ(row[5].rfind("Text withheld: handling code C, conditions apply to sharing it. Ask ", 0), 0U)
            << row[5];
        // Whom to ask: the reporter the record names.
        const auto record = std::find_if(records.begin(), records.end(), [&](const auto &r) { return r.id == row[0]; });
        ASSERT_NE(record, records.end());
        const auto reporter = nlohmann::json::parse(record->json).at("reporter");
        EXPECT_NE(row[5].find(reporter.value("name", std::string())), std::string::npos) << row[5];
    }
    EXPECT_GT(codeC, 0U) << "the sample's top cluster rests on some code-C records";
    const auto noted = [](const report::BriefingSection &section) {
        return std::any_of(section.notes.begin(), section.notes.end(), [](const std::string &note) {
            return note.find("under handling code C is withheld from this partner briefing") != std::string::npos;
        });
    };
    EXPECT_TRUE(noted(*withheld));
    EXPECT_FALSE(noted(*quoted));
    // A police briefing quotes everything, as before.
    for (const auto &row : police->table.rows) {
        EXPECT_EQ(row[5].rfind("Text withheld", 0), std::string::npos) << row[0];
    }
}

TEST_F(BriefingTest, CommandLineWithholdsCodeCTextFromPartnersAndAuditsTheChoice)
{
    const auto binary = std::filesystem::path(HARBOUR_BINARY_DIR) / "src" / "cli" / "harbour";
    const std::string db = "'" + s_db.string() + "'";
    const auto brief = [&](const std::string &flags, const std::filesystem::path &out) {
        return std::system(("'" + binary.string() + "' brief --db " + db + " --cluster C1 --as-of 2026-12-01 " +
                            flags + " --out '" + out.string() + "' > /dev/null 2>&1")
                               .c_str());
    };
    const auto lastExport = [&] {
        const auto audit = open()->auditLog().value();
        return audit.empty() ? std::string() : audit.back().detail;
    };

    const auto withheld = s_dir->path() / "partners-withheld.html";
    ASSERT_EQ(brief("--share partners", withheld), 0);
    EXPECT_NE(readFile(withheld).find("Text withheld: handling code C"), std::string::npos);
    EXPECT_NE(lastExport().find("for partners, pseudonymised, code-C text withheld"), std::string::npos)
        << lastExport();

    const auto included = s_dir->path() / "partners-included.html";
    ASSERT_EQ(brief("--share partners --include-conditional", included), 0);
    EXPECT_EQ(readFile(included).find("Text withheld"), std::string::npos);
    EXPECT_NE(lastExport().find("for partners, pseudonymised, code-C text included"), std::string::npos)
        << lastExport();

    const auto police = s_dir->path() / "police-conditional.html";
    ASSERT_EQ(brief("", police), 0);
    EXPECT_EQ(readFile(police).find("Text withheld"), std::string::npos);
    EXPECT_EQ(lastExport().find("code-C"), std::string::npos) << lastExport();
}

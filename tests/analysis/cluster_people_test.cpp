#include "../../analysis/cluster_people.h"
#include "../../analysis/string_similarity.h"

#include "harbour/analysis/analysis_policy.h"

#include "snapshot_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

namespace {

/// ClusterPeople's rules written the plain way, with maps (as it was before it moved to sorted
/// vectors for speed): the reference the fast one must agree with.
class ReferencePeople {
public:
    ReferencePeople(const Graph &graph, std::vector<VertexIndex> persons) : m_persons(std::move(persons))
    {
        std::sort(m_persons.begin(), m_persons.end());
        m_parent.resize(m_persons.size());
        std::iota(m_parent.begin(), m_parent.end(), 0);
        const std::size_t n = m_persons.size();
        std::vector<std::string> names(n);
        for (std::size_t i = 0; i < n; ++i) {
            names[i] = folded(graph.vertex(m_persons[i]).label);
        }
        std::map<std::string, std::vector<int>> byName;
        for (std::size_t i = 0; i < n; ++i) {
            if (!names[i].empty()) {
                byName[names[i]].push_back(static_cast<int>(i));
            }
        }
        for (const auto &[name, entries] : byName) {
            for (std::size_t k = 1; k < entries.size(); ++k) {
                unite(graph, entries.front(), entries[k]);
            }
        }
        std::map<std::string, std::set<std::string>> fullNamesByForename;
        for (const auto &[name, entries] : byName) {
            if (const auto space = name.find(' '); space != std::string::npos) {
                fullNamesByForename[name.substr(0, space)].insert(name);
            }
        }
        for (const auto &[name, entries] : byName) {
            const auto full = fullNamesByForename.find(name);
            if (name.find(' ') == std::string::npos && full != fullNamesByForename.end() && full->second.size() == 1) {
                for (const int entry : entries) {
                    unite(graph, entry, byName.at(*full->second.begin()).front());
                }
            }
        }
        std::map<VertexIndex, std::vector<int>> byAlias;
        for (std::size_t i = 0; i < n; ++i) {
            for (const Neighbour &nb : graph.neighbours(m_persons[i])) {
                if ((graph.edge(nb.edge).relations & kAliasOf) != 0 && graph.vertex(nb.vertex).type == EntityType::Alias) {
                    byAlias[nb.vertex].push_back(static_cast<int>(i));
                }
            }
        }
        for (const auto &[alias, entries] : byAlias) {
            for (std::size_t x = 0; x < entries.size(); ++x) {
                for (std::size_t y = x + 1; y < entries.size(); ++y) {
                    if (names[static_cast<std::size_t>(entries[x])].empty() ||
                        names[static_cast<std::size_t>(entries[y])].empty()) {
                        unite(graph, entries[x], entries[y]);
                    }
                }
            }
        }
        if (byName.size() <= 300) {
            for (auto x = byName.begin(); x != byName.end(); ++x) {
                for (auto y = std::next(x); y != byName.end(); ++y) {
                    if (x->first.find(' ') != std::string::npos && y->first.find(' ') != std::string::npos &&
                        jaroWinkler(x->first, y->first) >= 0.94) {
                        unite(graph, x->second.front(), y->second.front());
                    }
                }
            }
        }
    }

    bool samePerson(VertexIndex a, VertexIndex b) const { return find(slot(a)) == find(slot(b)); }

private:
    static std::string folded(const std::string &label)
    {
        if (label.rfind("Unknown", 0) == 0) {
            return {};
        }
        std::string out;
        for (const unsigned char c : label) {
            if (std::isalpha(c) != 0) {
                out.push_back(static_cast<char>(std::tolower(c)));
            } else if ((std::isspace(c) != 0 || c == '-') && !out.empty() && out.back() != ' ') {
                out.push_back(' ');
            }
        }
        while (!out.empty() && out.back() == ' ') {
            out.pop_back();
        }
        return out;
    }
    int slot(VertexIndex v) const
    {
        return static_cast<int>(std::lower_bound(m_persons.begin(), m_persons.end(), v) - m_persons.begin());
    }
    int find(int i) const
    {
        while (m_parent[static_cast<std::size_t>(i)] != i) {
            i = m_parent[static_cast<std::size_t>(i)];
        }
        return i;
    }
    void unite(const Graph &graph, int i, int j)
    {
        const std::string &x = graph.vertex(m_persons[static_cast<std::size_t>(i)]).dob;
        const std::string &y = graph.vertex(m_persons[static_cast<std::size_t>(j)]).dob;
        const std::size_t n = std::min(x.size(), y.size());
        if (!x.empty() && !y.empty() && x.compare(0, n, y, 0, n) != 0) {
            return;
        }
        const auto edge = graph.edgeBetween(m_persons[static_cast<std::size_t>(i)], m_persons[static_cast<std::size_t>(j)]);
        if (edge && (graph.edge(*edge).relations & kCoMentioned) != 0) {
            return;
        }
        const int ri = find(i);
        const int rj = find(j);
        m_parent[static_cast<std::size_t>(std::max(ri, rj))] = std::min(ri, rj);
    }

    std::vector<VertexIndex> m_persons;
    std::vector<int> m_parent;
};

} // namespace

TEST(ClusterPeople, AgreesWithThePlainReferenceOnRandomNamesDatesAliasesAndRecords)
{
    const std::vector<std::string> labels{
        "Amy Jones", "Amy Jones",  "amy  JONES", "Amy",        "Amy Lee Jones", "Amy Jomes",      "Bea Smith",
        "Bea",       "Bea Smyth",  "Cat Brown",  "Cat",        "Cat Browne",    "Unknown (\"AJ\")", "Unknown",
        "Dee Green", "Dee-Green",  "Eve",        "Eve Adams",  "Eve Adams",     "Zoe Zed"};
    const std::vector<std::string> dobs{"", "", "", "2011", "2011-02", "2011-02-03", "2012", "2011-03"};
    std::mt19937 random(20261203);
    for (int round = 0; round < 60; ++round) {
        SnapshotBuilder b;
        std::vector<EntityId> people;
        const int count = 2 + static_cast<int>(random() % 24);
        for (int i = 0; i < count; ++i) {
            const std::string &label = labels[random() % labels.size()];
            const std::string &dob = dobs[random() % dobs.size()];
            people.push_back(b.entity(EntityType::Person, label, dob.empty() ? std::map<std::string, std::string>{}
                                                                              : std::map<std::string, std::string>{{"dob", dob}}));
        }
        std::vector<EntityId> aliases;
        for (const char *alias : {"AJ", "Taz", "Kez"}) {
            aliases.push_back(b.entity(EntityType::Alias, alias));
        }
        for (int k = 0; k < count; ++k) {
            const EntityId a = people[random() % people.size()];
            const EntityId c = people[random() % people.size()];
            if (random() % 3 == 0) {
                const RecordRowId r = b.record({a});
                b.relate(r, a, aliases[random() % aliases.size()], "alias_of");
            } else if (a != c) {
                b.record({a, c}); // named together: two people
            }
        }
        const Graph graph = buildGraph(b.build(), AnalysisPolicy::defaults());
        std::vector<VertexIndex> persons;
        for (const EntityId id : people) {
            persons.push_back(*graph.find(id));
        }
        const ReferencePeople reference(graph, persons);
        const FoldedNames names(graph, [](const GraphVertex &v) { return v.type == EntityType::Person; });
        const ClusterPeople fast(graph, persons, names, [](VertexIndex) { return true; });
        const std::vector<int> oneCluster(graph.vertexCount(), 0);
        const ClusterPeople inCluster(graph, persons, oneCluster, 0);
        std::set<long long> distinct;
        for (const VertexIndex x : persons) {
            distinct.insert(fast.personOf(x));
            for (const VertexIndex y : persons) {
                EXPECT_EQ(inCluster.personOf(x) == inCluster.personOf(y), reference.samePerson(x, y));
                EXPECT_EQ(fast.personOf(x) == fast.personOf(y), reference.samePerson(x, y))
                    << "round " << round << ": " << graph.vertex(x).label << " [" << graph.vertex(x).dob << "] and "
                    << graph.vertex(y).label << " [" << graph.vertex(y).dob << "]";
            }
        }
        EXPECT_EQ(fast.distinct(persons), static_cast<int>(distinct.size()));
        EXPECT_EQ(fast.people(), static_cast<int>(distinct.size()));
    }
}

TEST(ClusterPeople, ANameTypedComposedAndDecomposedIsOnePerson)
{
    SnapshotBuilder b;
    const EntityId composed = b.entity(EntityType::Person, "Zo\u00EB Smith");
    const EntityId decomposed = b.entity(EntityType::Person, "Zoe\u0308 Smith");
    const EntityId capitals = b.entity(EntityType::Person, "ZO\u00CB SMITH");
    const EntityId other = b.entity(EntityType::Person, "Zara Khan");
    const Graph graph = buildGraph(b.build(), AnalysisPolicy::defaults());
    std::vector<VertexIndex> persons;
    for (const EntityId id : {composed, decomposed, capitals, other}) {
        persons.push_back(*graph.find(id));
    }
    const std::vector<int> oneCluster(graph.vertexCount(), 0);
    const ClusterPeople people(graph, persons, oneCluster, 0);
    EXPECT_EQ(people.personOf(persons[0]), people.personOf(persons[1]));
    EXPECT_EQ(people.personOf(persons[0]), people.personOf(persons[2]));
    EXPECT_NE(people.personOf(persons[0]), people.personOf(persons[3]));
}

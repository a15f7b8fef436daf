#include "cluster_people.h"

#include "string_similarity.h"

#include "harbour/uk_formats.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <numeric>
#include <string>

namespace harbour::analysis {

namespace {

constexpr std::size_t kMaxPairwisePersons = 300;
constexpr double kSameNameSimilarity = 0.94;
/// The Jaro similarity below which Jaro-Winkler cannot reach kSameNameSimilarity.
constexpr double kSameNameJaro = (kSameNameSimilarity - 0.4) / 0.6;

/// How often each letter (and the space) occurs in a folded name.
using LetterCounts = std::array<int, 27>;

LetterCounts letterCounts(std::string_view name)
{
    LetterCounts counts{};
    for (const char c : name) {
        ++counts[c >= 'a' && c <= 'z' ? static_cast<std::size_t>(c - 'a') : 26];
    }
    return counts;
}

/// Characters two names have in common, counted with multiplicity: an upper bound on Jaro's
/// matches (folded names hold only letters and spaces).
int sharedLetters(const LetterCounts &a, const LetterCounts &b)
{
    int shared = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        shared += std::min(a[i], b[i]);
    }
    return shared;
}

/// Lower-case letters and single spaces; empty for placeholders like `Unknown ("Taz")`.
std::string foldedName(const GraphVertex &v)
{
    if (v.label.rfind("Unknown", 0) == 0) {
        return {};
    }
    std::string out;
    // Accents folded first: "Zoë" composed or with a combining mark both become "zoe".
    for (const unsigned char c : foldLetters(v.label)) {
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

/// Partial dates agree with full ones that start with them ("2008" and "2008-11-07").
bool datesConflict(const std::string &a, const std::string &b)
{
    if (a.empty() || b.empty()) {
        return false;
    }
    const std::size_t n = std::min(a.size(), b.size());
    return a.compare(0, n, b, 0, n) != 0;
}

} // namespace

FoldedNames::FoldedNames(const Graph &graph, const std::function<bool(const GraphVertex &)> &wanted)
    : m_begin(graph.vertexCount() + 1, 0)
{
    for (VertexIndex v = 0; v < graph.vertexCount(); ++v) {
        if (wanted(graph.vertex(v))) {
            m_pool += foldedName(graph.vertex(v));
        }
        m_begin[v + 1] = static_cast<std::uint32_t>(m_pool.size());
    }
}

ClusterPeople::ClusterPeople(const Graph &graph, std::vector<VertexIndex> persons, const std::vector<int> &membership,
                             int self)
    : m_persons(std::move(persons)), m_parent(m_persons.size())
{
    std::sort(m_persons.begin(), m_persons.end());
    std::vector<std::string> folded(m_persons.size());
    std::vector<std::string_view> names(m_persons.size());
    for (std::size_t i = 0; i < m_persons.size(); ++i) {
        folded[i] = foldedName(graph.vertex(m_persons[i]));
        names[i] = folded[i];
    }
    group(graph, names, [&membership, self](VertexIndex v) { return membership[v] == self; });
}

ClusterPeople::ClusterPeople(const Graph &graph, std::vector<VertexIndex> persons, const FoldedNames &folded,
                             const std::function<bool(VertexIndex)> &aliasCounts)
    : m_persons(std::move(persons)), m_parent(m_persons.size())
{
    std::sort(m_persons.begin(), m_persons.end());
    std::vector<std::string_view> names(m_persons.size());
    for (std::size_t i = 0; i < m_persons.size(); ++i) {
        names[i] = folded.of(m_persons[i]);
    }
    group(graph, names, aliasCounts);
}

void ClusterPeople::group(const Graph &graph, const std::vector<std::string_view> &names,
                          const std::function<bool(VertexIndex)> &aliasCounts)
{
    // Sorted vectors, not maps: the hotspots group the children of every ranked place, tens of
    // thousands of small sets, where a node allocation per name cost more than the rules.
    std::iota(m_parent.begin(), m_parent.end(), 0);
    const std::size_t n = m_persons.size();
    std::vector<int> named; // entries with a name, by (name, entry)
    for (std::size_t i = 0; i < n; ++i) {
        if (!names[i].empty()) {
            named.push_back(static_cast<int>(i));
        }
    }
    const auto nameOf = [&names](int i) { return names[static_cast<std::size_t>(i)]; };
    std::sort(named.begin(), named.end(), [&](int x, int y) {
        const int order = nameOf(x).compare(nameOf(y));
        return order != 0 ? order < 0 : x < y;
    });
    // Runs of one name in `named`: [begin, end), the first entry being the name's lowest.
    struct Run {
        std::size_t begin;
        std::size_t end;
    };
    std::vector<Run> runs;
    for (std::size_t k = 0; k < named.size(); ++k) {
        if (k == 0 || nameOf(named[k]) != nameOf(named[k - 1])) {
            runs.push_back({k, k + 1});
        } else {
            runs.back().end = k + 1;
        }
    }
    const auto first = [&named](const Run &run) { return named[run.begin]; };
    const auto runName = [&](const Run &run) { return nameOf(first(run)); };

    // (a) the same name.
    for (const Run &run : runs) {
        for (std::size_t k = run.begin + 1; k < run.end; ++k) {
            unite(graph, first(run), named[k]);
        }
    }

    // (b) a forename alone, when exactly one full name in the set starts with it: the full names
    // that start with "amy " lie side by side in name order.
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const std::string_view forename = runName(runs[r]);
        if (forename.find(' ') != std::string_view::npos) {
            continue;
        }
        const std::string prefix = std::string(forename) + ' ';
        const auto from = std::partition_point(runs.begin() + static_cast<std::ptrdiff_t>(r) + 1, runs.end(),
                                               [&](const Run &run) { return runName(run) < prefix; });
        std::size_t fullNames = 0;
        const Run *full = nullptr;
        for (auto it = from; it != runs.end() && runName(*it).starts_with(prefix); ++it) {
            // A second space past the forename is still one full name: "amy lee jones".
            ++fullNames;
            full = &*it;
        }
        if (fullNames == 1) {
            for (std::size_t k = runs[r].begin; k < runs[r].end; ++k) {
                unite(graph, named[k], first(*full));
            }
        }
    }

    // (c) the same alias, one of them nameless.
    std::vector<std::pair<VertexIndex, int>> byAlias; // (alias, entry), sorted
    for (std::size_t i = 0; i < n; ++i) {
        for (const Neighbour &nb : graph.neighbours(m_persons[i])) {
            const GraphEdge &e = graph.edge(nb.edge);
            if ((e.relations & kAliasOf) != 0 && graph.vertex(nb.vertex).type == EntityType::Alias &&
                aliasCounts(nb.vertex)) {
                byAlias.emplace_back(nb.vertex, static_cast<int>(i));
            }
        }
    }
    std::sort(byAlias.begin(), byAlias.end());
    for (std::size_t x = 0; x < byAlias.size(); ++x) {
        for (std::size_t y = x + 1; y < byAlias.size() && byAlias[y].first == byAlias[x].first; ++y) {
            const int a = byAlias[x].second;
            const int b = byAlias[y].second;
            if (a != b && (nameOf(a).empty() || nameOf(b).empty())) {
                unite(graph, a, b);
            }
        }
    }

    // (d) full names nearly alike: a slip of the keyboard ("Sumemr Wilkinson"). Most pairs share
    // too few letters to come near, and a letter count rules them out before Jaro-Winkler is
    // asked: Winkler adds at most 0.4 x (1 - jaro), so 0.94 needs jaro >= 0.9, and jaro is at most
    // (m/|a| + m/|b| + 1) / 3 with m, the matched characters, at most the letters the two share.
    if (runs.size() <= kMaxPairwisePersons) {
        std::vector<std::size_t> fullNames;
        std::vector<LetterCounts> counts;
        for (std::size_t r = 0; r < runs.size(); ++r) {
            if (runName(runs[r]).find(' ') != std::string_view::npos) {
                fullNames.push_back(r);
                counts.push_back(letterCounts(runName(runs[r])));
            }
        }
        for (std::size_t x = 0; x < fullNames.size(); ++x) {
            const std::string_view a = runName(runs[fullNames[x]]);
            for (std::size_t y = x + 1; y < fullNames.size(); ++y) {
                const std::string_view b = runName(runs[fullNames[y]]);
                const double shared = static_cast<double>(sharedLetters(counts[x], counts[y]));
                if (shared / static_cast<double>(a.size()) + shared / static_cast<double>(b.size()) <
                    3.0 * kSameNameJaro - 1.0 - 1e-12) {
                    continue;
                }
                if (jaroWinkler(a, b) >= kSameNameSimilarity) {
                    unite(graph, first(runs[fullNames[x]]), first(runs[fullNames[y]]));
                }
            }
        }
    }
}

int ClusterPeople::find(int i) const
{
    while (m_parent[static_cast<std::size_t>(i)] != i) {
        auto &parent = m_parent[static_cast<std::size_t>(i)];
        parent = m_parent[static_cast<std::size_t>(parent)];
        i = parent;
    }
    return i;
}

void ClusterPeople::unite(const Graph &graph, int i, int j)
{
    const VertexIndex a = m_persons[static_cast<std::size_t>(i)];
    const VertexIndex b = m_persons[static_cast<std::size_t>(j)];
    if (datesConflict(graph.vertex(a).dob, graph.vertex(b).dob)) {
        return;
    }
    // Two people named in one record are two people.
    if (const auto edge = graph.edgeBetween(a, b); edge && (graph.edge(*edge).relations & kCoMentioned) != 0) {
        return;
    }
    const int ri = find(i);
    const int rj = find(j);
    if (ri != rj) {
        m_parent[static_cast<std::size_t>(std::max(ri, rj))] = std::min(ri, rj);
    }
}

long long ClusterPeople::personOf(VertexIndex v) const
{
    const auto it = std::lower_bound(m_persons.begin(), m_persons.end(), v);
    if (it != m_persons.end() && *it == v) {
        return find(static_cast<int>(it - m_persons.begin()));
    }
    return -1 - static_cast<long long>(v);
}

int ClusterPeople::people() const
{
    int roots = 0;
    for (std::size_t i = 0; i < m_parent.size(); ++i) {
        roots += m_parent[i] == static_cast<int>(i) ? 1 : 0;
    }
    return roots;
}

int ClusterPeople::distinct(const std::vector<VertexIndex> &vertices) const
{
    std::vector<long long> people;
    people.reserve(vertices.size());
    for (const VertexIndex v : vertices) {
        people.push_back(personOf(v));
    }
    std::sort(people.begin(), people.end());
    return static_cast<int>(std::unique(people.begin(), people.end()) - people.begin());
}

std::vector<VertexIndex> ClusterPeople::representatives(const std::vector<VertexIndex> &vertices) const
{
    std::map<long long, VertexIndex> lowest;
    for (const VertexIndex v : vertices) {
        const auto [it, inserted] = lowest.emplace(personOf(v), v);
        if (!inserted) {
            it->second = std::min(it->second, v);
        }
    }
    std::vector<VertexIndex> out;
    out.reserve(lowest.size());
    for (const auto &[person, v] : lowest) {
        out.push_back(v);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string probablyChildren(std::size_t entries, int children)
{
    return std::to_string(entries) + " child entries are probably " + std::to_string(children) +
           (children == 1 ? " child" : " children") + " (the same or nearly the same name, no conflicting date of birth)";
}

} // namespace harbour::analysis

#include "cluster_people.h"

#include "string_similarity.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>
#include <string>

namespace harbour::analysis {

namespace {

constexpr std::size_t kMaxPairwisePersons = 300;
constexpr double kSameNameSimilarity = 0.94;

/// Lower-case letters and single spaces; empty for placeholders like `Unknown ("Taz")`.
std::string foldedName(const GraphVertex &v)
{
    if (v.label.rfind("Unknown", 0) == 0) {
        return {};
    }
    std::string out;
    for (const unsigned char c : v.label) {
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

ClusterPeople::ClusterPeople(const Graph &graph, std::vector<VertexIndex> persons, const std::vector<int> &membership,
                             int self)
    : m_persons(std::move(persons)), m_parent(m_persons.size())
{
    std::sort(m_persons.begin(), m_persons.end());
    std::iota(m_parent.begin(), m_parent.end(), 0);
    const std::size_t n = m_persons.size();
    std::vector<std::string> names(n);
    for (std::size_t i = 0; i < n; ++i) {
        names[i] = foldedName(graph.vertex(m_persons[i]));
    }

    // (a) the same name.
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

    // (b) a forename alone, when exactly one full name in the cluster starts with it.
    std::map<std::string, std::set<std::string>> fullNamesByForename;
    for (const auto &[name, entries] : byName) {
        if (const auto space = name.find(' '); space != std::string::npos) {
            fullNamesByForename[name.substr(0, space)].insert(name);
        }
    }
    for (const auto &[name, entries] : byName) {
        if (name.find(' ') != std::string::npos) {
            continue;
        }
        const auto full = fullNamesByForename.find(name);
        if (full != fullNamesByForename.end() && full->second.size() == 1) {
            for (const int entry : entries) {
                unite(graph, entry, byName.at(*full->second.begin()).front());
            }
        }
    }

    // (c) the same alias, one of them nameless.
    std::map<VertexIndex, std::vector<int>> byAlias;
    for (std::size_t i = 0; i < n; ++i) {
        for (const Neighbour &nb : graph.neighbours(m_persons[i])) {
            const GraphEdge &e = graph.edge(nb.edge);
            if ((e.relations & kAliasOf) != 0 && membership[nb.vertex] == self &&
                graph.vertex(nb.vertex).type == EntityType::Alias) {
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

    // (d) full names nearly alike: a slip of the keyboard ("Sumemr Wilkinson").
    if (byName.size() <= kMaxPairwisePersons) {
        for (auto x = byName.begin(); x != byName.end(); ++x) {
            if (x->first.find(' ') == std::string::npos) {
                continue;
            }
            for (auto y = std::next(x); y != byName.end(); ++y) {
                if (y->first.find(' ') != std::string::npos &&
                    jaroWinkler(x->first, y->first) >= kSameNameSimilarity) {
                    unite(graph, x->second.front(), y->second.front());
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

int ClusterPeople::distinct(const std::vector<VertexIndex> &vertices) const
{
    std::set<long long> seen;
    for (const VertexIndex v : vertices) {
        seen.insert(personOf(v));
    }
    return static_cast<int>(seen.size());
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

} // namespace harbour::analysis

#include "harbour/analysis/analysis_policy.h"

#include "harbour/file_kind.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace harbour::analysis {

double RiskWeights::of(RiskLevel level) const
{
    switch (level) {
    case RiskLevel::Significant:
        return significant;
    case RiskLevel::Medium:
        return medium;
    case RiskLevel::Low:
        return low;
    case RiskLevel::None:
        return none;
    }
    return none;
}

const AnalysisPolicy &AnalysisPolicy::defaults()
{
    static const AnalysisPolicy policy;
    return policy;
}

double AnalysisPolicy::gradingWeight(const Grading &g) const
{
    if (g.suspectedFalse()) {
        return 0.0;
    }
    // Out-of-range values cannot come from a valid import; they count as unknown.
    auto scale = [](const std::array<double, 5> &weights, std::optional<int> value) -> std::optional<double> {
        if (value && *value >= 1 && *value <= 5) {
            return weights[static_cast<std::size_t>(*value - 1)];
        }
        return std::nullopt;
    };
    auto fold = [this](std::optional<double> x, std::optional<double> y) {
        if (x && y) {
            return std::min(*x, *y);
        }
        return x ? *x : (y ? *y : grading.unknown);
    };
    std::optional<double> source;
    if (g.source && *g.source >= '1' && *g.source <= '3') {
        source = grading.source[static_cast<std::size_t>(*g.source - '1')];
    }
    std::optional<double> intelligence;
    if (g.intelligence && *g.intelligence >= 'A' && *g.intelligence <= 'E') {
        intelligence = grading.intelligence[static_cast<std::size_t>(*g.intelligence - 'A')];
    }
    return fold(source, scale(grading.reliability, g.sourceReliability)) *
           fold(intelligence, scale(grading.accuracy, g.informationAccuracy));
}

double AnalysisPolicy::decay(double ageDays) const
{
    if (ageDays <= 0.0 || halfLifeDays <= 0.0) {
        return 1.0;
    }
    return std::exp2(-ageDays / halfLifeDays);
}

namespace {

using nlohmann::json;

/// Walks one JSON object, taking the keys it knows and failing on any other.
class Reader {
public:
    Reader(const json &object, std::string path, std::string origin)
        : m_object(object), m_path(std::move(path)), m_origin(std::move(origin))
    {
    }

    std::optional<Error> error() const { return m_error; }

    void number(const char *key, double &out, double min, double max)
    {
        take(key, [&](const json &value, const std::string &field) {
            if (!value.is_number()) {
                return fail(field, "must be a number");
            }
            double x = value.get<double>();
            if (!(x >= min && x <= max)) {
                return fail(field, "must be between " + format(min) + " and " + format(max));
            }
            out = x;
        });
    }

    template <typename Int>
    void integer(const char *key, Int &out, double min, double max)
    {
        take(key, [&](const json &value, const std::string &field) {
            if (!value.is_number_integer()) {
                return fail(field, "must be a whole number");
            }
            auto x = value.get<double>();
            if (!(x >= min && x <= max)) {
                return fail(field, "must be between " + format(min) + " and " + format(max));
            }
            out = static_cast<Int>(value.get<long long>());
        });
    }

    void boolean(const char *key, bool &out)
    {
        take(key, [&](const json &value, const std::string &field) {
            if (!value.is_boolean()) {
                return fail(field, "must be true or false");
            }
            out = value.get<bool>();
        });
    }

    /// A table keyed by grade ("1".."3", "A".."E"): every listed key must be a known grade.
    template <std::size_t N>
    void table(const char *key, std::array<double, N> &out, char first)
    {
        take(key, [&](const json &value, const std::string &field) {
            if (!value.is_object()) {
                return fail(field, "must be an object");
            }
            for (const auto &[grade, weight] : value.items()) {
                std::string sub = field + "." + grade;
                if (grade.size() != 1 || grade[0] < first || grade[0] >= static_cast<char>(first + N)) {
                    return fail(sub, "is not a known grade");
                }
                const double x = weight.is_number() ? weight.template get<double>() : -1.0;
                if (!(x >= 0.0 && x <= 1.0)) {
                    return fail(sub, "must be a number between 0 and 1");
                }
                out[static_cast<std::size_t>(grade[0] - first)] = x;
            }
        });
    }

    void object(const char *key, const std::function<void(Reader &)> &body)
    {
        take(key, [&](const json &value, const std::string &field) {
            if (!value.is_object()) {
                return fail(field, "must be an object");
            }
            Reader inner(value, field, m_origin);
            body(inner);
            inner.finish();
            if (inner.m_error && !m_error) {
                m_error = inner.m_error;
            }
        });
    }

    /// Call after taking every known key: the first unknown key is an error.
    void finish()
    {
        for (const auto &[key, value] : m_object.items()) {
            if (!m_taken.contains(key)) {
                fail(qualify(key), "is not a known setting");
                return;
            }
        }
    }

private:
    void take(const char *key, const std::function<void(const json &, const std::string &)> &body)
    {
        m_taken.insert(key);
        if (m_error) {
            return;
        }
        auto it = m_object.find(key);
        if (it != m_object.end()) {
            body(*it, qualify(key));
        }
    }

    std::string qualify(const std::string &key) const { return m_path.empty() ? key : m_path + "." + key; }

    void fail(const std::string &field, const std::string &message)
    {
        if (!m_error) {
            Error e = makeError(ErrorCode::Policy, message, field);
            e.file = m_origin;
            m_error = e;
        }
    }

    static std::string format(double x)
    {
        std::ostringstream out;
        out << x;
        return out.str();
    }

    const json &m_object;
    std::string m_path;
    std::string m_origin;
    std::set<std::string> m_taken;
    std::optional<Error> m_error;
};

} // namespace

Result<AnalysisPolicy> AnalysisPolicy::fromJson(std::string_view text, const std::string &origin)
{
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
        Error e = makeError(ErrorCode::Parse, "not valid JSON");
        e.file = origin;
        return e;
    }
    if (!doc.is_object()) {
        Error e = makeError(ErrorCode::Policy, "an analysis policy must be a JSON object");
        e.file = origin;
        return e;
    }
    AnalysisPolicy p;
    constexpr double kBig = 1e9;
    Reader r(doc, "", origin);
    r.number("half_life_days", p.halfLifeDays, 1.0, 36500.0);
    r.integer("recent_days", p.recentDays, 1, 3650);
    r.object("grading", [&](Reader &g) {
        g.table("source", p.grading.source, '1');
        g.table("intelligence", p.grading.intelligence, 'A');
        g.table("reliability", p.grading.reliability, '1');
        g.table("accuracy", p.grading.accuracy, '1');
        g.number("unknown", p.grading.unknown, 0.0, 1.0);
    });
    r.object("organised", [&](Reader &o) {
        o.integer("min_children", p.organised.minChildren, 1, kBig);
        o.integer("min_suspects", p.organised.minSuspects, 1, kBig);
        o.integer("min_children_per_hub", p.organised.minChildrenPerHub, 1, kBig);
    });
    r.object("hub_damping", [&](Reader &h) {
        h.boolean("enabled", p.hub.enabled);
        h.integer("free_records", p.hub.freeRecords, 0, kBig);
        h.integer("split_records", p.hub.splitRecords, 0, kBig);
    });
    r.object("networks", [&](Reader &n) {
        n.boolean("enabled", p.network.enabled);
        n.number("chain_share", p.network.chainShare, 0.0, 1.0);
        n.number("chain_min_evidence", p.network.chainMinEvidence, 0.0, 1.0);
    });
    r.object("risk_weights", [&](Reader &w) {
        w.number("significant", p.risk.significant, 0.0, kBig);
        w.number("medium", p.risk.medium, 0.0, kBig);
        w.number("low", p.risk.low, 0.0, kBig);
        w.number("none", p.risk.none, 0.0, kBig);
        w.number("unscreened", p.risk.unscreened, 0.0, kBig);
    });
    r.object("leiden", [&](Reader &l) {
        l.number("resolution", p.leidenResolution, 1e-6, 1e6);
        l.number("beta", p.leidenBeta, 1e-6, 10.0);
        l.integer("runs", p.leidenRuns, 1, 1000);
        l.integer("runs_large_graph", p.leidenRunsLargeGraph, 1, 1000);
        l.integer("iterations_large_graph", p.leidenIterationsLargeGraph, 1, 1000);
        l.integer("large_graph_vertices", p.largeGraphVertices, 0, kBig);
        l.number("reference_weight", p.leidenReferenceWeight, 0.0, kBig);
        l.integer("seed", p.seed, 0, 4294967295.0);
        l.integer("min_cluster_size", p.minClusterSize, 2, kBig);
    });
    r.object("betweenness", [&](Reader &b) {
        b.integer("exact_limit", p.betweennessExactLimit, 2, kBig);
        b.integer("samples", p.betweennessSamples, 1, kBig);
    });
    r.object("scores", [&](Reader &s) {
        s.number("indirect_factor", p.indirectFactor, 0.0, 1.0);
        s.number("found_at_weight", p.foundAtWeight, 0.0, kBig);
        s.number("report_weight", p.reportWeight, 0.0, kBig);
        s.number("betweenness_weight", p.betweennessWeight, 0.0, kBig);
        s.number("broker_bonus", p.brokerBonus, 0.0, kBig);
    });
    r.object("identities", [&](Reader &i) {
        i.number("automatic", p.identityAutomatic, 0.0, 1.0);
        i.number("review", p.identityReview, 0.0, 1.0);
    });
    r.finish();
    if (auto e = r.error()) {
        return *e;
    }
    if (p.identityReview > p.identityAutomatic) {
        Error e = makeError(ErrorCode::Policy, "must not be above identities.automatic", "identities.review");
        e.file = origin;
        return e;
    }
    return p;
}

Result<AnalysisPolicy> AnalysisPolicy::load(const std::filesystem::path &path)
{
    if (auto unreadable = unreadableInputError(path, "analysis policy file")) {
        return *unreadable;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Error e = makeError(ErrorCode::Io, "cannot open the analysis policy file");
        e.file = path.string();
        return e;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return fromJson(text.str(), path.string());
}

} // namespace harbour::analysis

#include "harbour/dense_index.h"
#include "harbour/file_kind.h"
#include "harbour/hash.h"
#include "harbour/store.h"
#include "harbour/unicode.h"
#include "sqlite_schema.h"
#include "sqlite_statement.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <numeric>
#include <span>
#include <string_view>
#include <cctype>
#include <cerrno>
#include <deque>
#include <cstring>
#include <tuple>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

namespace harbour {

namespace {

using detail::Statement;
using nlohmann::json;

std::string nowUtc()
{
    return formatDateTime(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string defaultUser()
{
    for (const char *name : {"HARBOUR_USER", "USER", "LOGNAME"}) {
        if (const char *value = std::getenv(name); value && *value) {
            return value;
        }
    }
    return "unknown";
}

std::optional<std::string> charText(const std::optional<char> &c)
{
    return c ? std::optional<std::string>{std::string(1, *c)} : std::nullopt;
}

std::optional<char> textChar(const std::optional<std::string> &s)
{
    return s && !s->empty() ? std::optional<char>{(*s)[0]} : std::nullopt;
}

json attributesToJson(const std::map<std::string, std::string> &attributes)
{
    json out = json::object();
    for (const auto &[key, value] : attributes) {
        out[key] = value;
    }
    return out;
}

/// The common case of attributesFromText without a JSON document: a flat object of plain
/// strings, as attributesToJson and SQLite's json_patch write it. False (out left partly
/// filled) at the first thing it does not handle: escapes, other value types, odd syntax.
bool flatStringObject(std::string_view text, std::map<std::string, std::string> &out)
{
    std::size_t i = 0;
    const auto skipSpace = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r')) {
            ++i;
        }
    };
    const auto string = [&](std::string_view &value) {
        if (i >= text.size() || text[i] != '"') {
            return false;
        }
        const std::size_t end = text.find_first_of("\"\\", i + 1);
        if (end == std::string_view::npos || text[end] != '"') {
            return false;
        }
        value = text.substr(i + 1, end - i - 1);
        for (const char c : value) {
            if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            }
        }
        i = end + 1;
        return true;
    };
    skipSpace();
    if (i >= text.size() || text[i++] != '{') {
        return false;
    }
    skipSpace();
    if (i < text.size() && text[i] == '}') {
        ++i;
        skipSpace();
        return i == text.size();
    }
    while (true) {
        std::string_view key;
        std::string_view value;
        skipSpace();
        if (!string(key)) {
            return false;
        }
        skipSpace();
        if (i >= text.size() || text[i++] != ':') {
            return false;
        }
        skipSpace();
        if (!string(value)) {
            return false;
        }
        out.insert_or_assign(std::string(key), std::string(value));
        skipSpace();
        if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
        }
        if (i < text.size() && text[i] == '}') {
            ++i;
            skipSpace();
            return i == text.size();
        }
        return false;
    }
}

std::map<std::string, std::string> attributesFromText(std::string_view text)
{
    std::map<std::string, std::string> out;
    // Millions of entities are read per snapshot: skip building a JSON document when the text is plain.
    if (flatStringObject(text, out)) {
        return out;
    }
    out.clear();
    const json parsed = json::parse(text, nullptr, false);
    if (parsed.is_object()) {
        for (const auto &[key, value] : parsed.items()) {
            out[key] = value.is_string() ? value.get<std::string>() : value.dump();
        }
    }
    return out;
}

// The screening inputs the risk engine read, kept beside the verbatim record so that
// history and trends can be shown without re-parsing the original file format.
json screeningToJson(const Screening &s)
{
    json significant = json::object();
    for (const auto &[key, recency] : s.significant) {
        significant[key] = std::string(toString(recency));
    }
    json out = {{"id", s.id},
                {"screened_at", formatDate(s.screenedAt)},
                {"child",
                 {{"name", s.child.name},
                  {"aliases", s.child.aliases},
                  {"dob", s.child.dob ? json(s.child.dob->toString()) : json(nullptr)},
                  {"gender", s.child.gender},
                  {"ethnicity", s.child.ethnicity},
                  {"disability", s.child.disability},
                  {"learning_disability", s.child.learningDisability},
                  {"additional_needs", s.child.additionalNeeds},
                  {"address", s.child.address},
                  {"lives_with", s.child.livesWith},
                  {"in_care", s.child.inCare ? json(*s.child.inCare) : json(nullptr)}}},
                {"referrer", {{"name", s.referrer.name}, {"agency", s.referrer.agency}, {"contact", s.referrer.contact}}},
                {"reason", s.reason},
                {"significant", significant},
                {"risk_indicators", s.riskIndicators},
                {"vulnerabilities", s.vulnerabilities}};
    if (s.professionalJudgement) {
        out["professional_judgement"] = {{"level", std::string(toString(s.professionalJudgement->level))},
                                         {"reason", s.professionalJudgement->reason}};
    }
    return out;
}

Screening screeningFromJson(const json &j)
{
    Screening s;
    s.id = j.value("id", "");
    s.screenedAt = parseDate(j.value("screened_at", "")).value_or(Date{});
    const json &child = j.at("child");
    s.child.name = child.value("name", "");
    s.child.aliases = child.value("aliases", std::vector<std::string>{});
    if (child.contains("dob") && child["dob"].is_string()) {
        s.child.dob = parsePartialDate(child["dob"].get<std::string>());
    }
    s.child.gender = child.value("gender", "");
    s.child.ethnicity = child.value("ethnicity", "");
    s.child.disability = child.value("disability", "");
    s.child.learningDisability = child.value("learning_disability", false);
    s.child.additionalNeeds = child.value("additional_needs", false);
    s.child.address = child.value("address", "");
    s.child.livesWith = child.value("lives_with", "");
    if (child.contains("in_care") && child["in_care"].is_boolean()) {
        s.child.inCare = child["in_care"].get<bool>();
    }
    const json &referrer = j.at("referrer");
    s.referrer.name = referrer.value("name", "");
    s.referrer.agency = referrer.value("agency", "");
    s.referrer.contact = referrer.value("contact", "");
    s.reason = j.value("reason", "");
    for (const auto &[key, value] : j.at("significant").items()) {
        s.significant[key] = value.get<std::string>() == "past" ? Recency::Past : Recency::Current;
    }
    s.riskIndicators = j.value("risk_indicators", std::vector<std::string>{});
    s.vulnerabilities = j.value("vulnerabilities", std::vector<std::string>{});
    if (j.contains("professional_judgement")) {
        const json &pj = j["professional_judgement"];
        s.professionalJudgement =
            ProfessionalJudgement{riskLevelFromString(pj.value("level", "none")).value_or(RiskLevel::None),
                                  pj.value("reason", "")};
    }
    return s;
}

json rulesToJson(const std::vector<RuleFired> &rules)
{
    json out = json::array();
    for (const auto &rule : rules) {
        out.push_back({{"rule", rule.rule}, {"detail", rule.detail}});
    }
    return out;
}

std::vector<RuleFired> rulesFromText(const std::string &text)
{
    std::vector<RuleFired> out;
    const json parsed = json::parse(text, nullptr, false);
    if (parsed.is_array()) {
        for (const auto &rule : parsed) {
            out.push_back({rule.value("rule", ""), rule.value("detail", "")});
        }
    }
    return out;
}

SubjectRole roleFromMention(const std::string &role)
{
    if (role == "victim" || role == "child") {
        return SubjectRole::Victim;
    }
    if (role == "perpetrator") {
        return SubjectRole::Perpetrator;
    }
    if (role == "associate" || role == "found_with") {
        return SubjectRole::Associate;
    }
    return SubjectRole::Unknown;
}

bool isPersonRole(const std::string &role)
{
    return role == "victim" || role == "child" || role == "perpetrator" || role == "associate" ||
           role == "unknown" || role == "found_with";
}

/// A screening row: record, then (from `first`) child, screened_at, computed, final, floor, age,
/// rules, next_review, input. Actions are read apart.
StoredScreening readScreening(const Statement &s, std::string id, const std::unordered_map<EntityId, EntityId> &merged,
                              int first = 2)
{
    StoredScreening row;
    row.record = s.int64(0);
    row.id = std::move(id);
    row.child = s.int64(first);
    if (auto it = merged.find(row.child); it != merged.end()) {
        row.child = it->second;
    }
    row.screenedAt = parseDate(s.view(first + 1)).value_or(Date{});
    row.assessment.computed = riskLevelFromString(s.view(first + 2)).value_or(RiskLevel::None);
    row.assessment.final = riskLevelFromString(s.view(first + 3)).value_or(RiskLevel::None);
    if (!s.isNull(first + 4)) {
        row.assessment.floor = riskLevelFromString(s.view(first + 4));
    }
    row.assessment.ageAtScreening = s.integer(first + 5);
    row.assessment.rules = rulesFromText(s.text(first + 6));
    row.assessment.nextReview = parseDate(s.view(first + 7)).value_or(Date{});
    const json input = json::parse(s.view(first + 8), nullptr, false);
    if (input.is_object()) {
        row.input = screeningFromJson(input);
    }
    return row;
}

/// Children's histories in the one order every reader uses: by child (after merges), then date.
/// Merges interleave two children's histories; on one day the screenings go in the order of
/// the children as stored, then of the records, as the snapshot orders them.
template <typename Row>
void orderByChild(std::vector<Row> &rows, const std::vector<EntityId> &rawChild)
{
    std::vector<std::uint32_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        return std::tie(rows[x].child, rows[x].screenedAt, rawChild[x], rows[x].record) <
               std::tie(rows[y].child, rows[y].screenedAt, rawChild[y], rows[y].record);
    });
    std::vector<Row> sorted;
    sorted.reserve(rows.size());
    for (std::uint32_t at : order) {
        sorted.push_back(std::move(rows[at]));
    }
    rows = std::move(sorted);
}

/// Ids as a JSON array, bound to `IN (SELECT value FROM json_each(?))`: one statement for a list
/// of any length, SQLite having no array binding built in. SQLite walks the list in order,
/// seeking each id through the index.
std::string idListJson(std::span<const std::int64_t> ids)
{
    std::string out = "[";
    out.reserve(ids.size() * 8 + 2);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += std::to_string(ids[i]);
    }
    out += ']';
    return out;
}

/// A screening's levels from a row of record, child, screened_at, computed, final.
ScreeningLevel readLevel(const Statement &s, std::string id, EntityId child)
{
    ScreeningLevel row;
    row.record = s.int64(0);
    row.id = std::move(id);
    row.child = child;
    row.screenedAt = parseDate(s.view(2)).value_or(Date{});
    row.computed = riskLevelFromString(s.view(3)).value_or(RiskLevel::None);
    row.final = riskLevelFromString(s.view(4)).value_or(RiskLevel::None);
    return row;
}

/// An action of a screening from a row of screening, id, text, condition, due, status.
StoredAction readAction(const Statement &s)
{
    StoredAction action;
    action.id = s.int64(1);
    action.action.text = s.text(2);
    action.action.condition = s.text(3);
    if (!s.isNull(4)) {
        action.action.due = parseDate(s.view(4));
    }
    action.status = s.text(5);
    return action;
}

/// Entity ids after the active merges: a merged-away entity stands for the one finally kept.
class Canonical {
public:
    explicit Canonical(const std::unordered_map<EntityId, EntityId> &merged) : m_merged(merged) {}

    EntityId operator()(EntityId id) const
    {
        if (m_merged.empty()) {
            return id;
        }
        const auto it = m_merged.find(id);
        return it == m_merged.end() ? id : it->second;
    }
    bool mergedAway(EntityId id) const { return m_merged.contains(id); }

private:
    const std::unordered_map<EntityId, EntityId> &m_merged;
};

/// One piece of link evidence while the snapshot is read: entity positions (ascending ids), the
/// record, and the relation as an index into the names read so far.
struct PairEvidence {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    RecordRowId record = 0;
    std::uint32_t relation = 0;

    auto key() const { return std::tie(a, b, record, relation); }
};

/// Relations by name; evidence refers to them by position until the links are built.
class RelationNames {
public:
    std::uint32_t indexOf(std::string_view name)
    {
        const auto it = std::find(m_names.begin(), m_names.end(), name);
        if (it != m_names.end()) {
            return static_cast<std::uint32_t>(it - m_names.begin());
        }
        m_names.emplace_back(name);
        return static_cast<std::uint32_t>(m_names.size() - 1);
    }
    const std::string &name(std::uint32_t index) const { return m_names[index]; }

    /// Sorts evidence by pair, then record, then relation name, and drops repeats: the order in
    /// which a link's evidence is shown.
    void sort(std::vector<PairEvidence> &pairs) const
    {
        std::vector<std::uint32_t> byName(m_names.size());
        std::iota(byName.begin(), byName.end(), 0u);
        std::sort(byName.begin(), byName.end(), [&](std::uint32_t x, std::uint32_t y) { return m_names[x] < m_names[y]; });
        std::vector<std::uint32_t> rankOf(m_names.size());
        for (std::uint32_t r = 0; r < byName.size(); ++r) {
            rankOf[byName[r]] = r;
        }
        std::sort(pairs.begin(), pairs.end(), [&](const PairEvidence &x, const PairEvidence &y) {
            return std::tie(x.a, x.b, x.record, rankOf[x.relation]) < std::tie(y.a, y.b, y.record, rankOf[y.relation]);
        });
        pairs.erase(std::unique(pairs.begin(), pairs.end(),
                                [](const PairEvidence &x, const PairEvidence &y) { return x.key() == y.key(); }),
                    pairs.end());
    }

    /// The links that sorted evidence makes, one per pair of entities, in the order of their ends.
    std::vector<LinkInfo> links(const std::vector<PairEvidence> &pairs, const std::vector<EntityInfo> &entities) const
    {
        std::size_t count = 0;
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            count += i == 0 || pairs[i].a != pairs[i - 1].a || pairs[i].b != pairs[i - 1].b ? 1 : 0;
        }
        std::vector<LinkInfo> out;
        out.reserve(count);
        for (std::size_t i = 0; i < pairs.size();) {
            std::size_t end = i + 1;
            while (end < pairs.size() && pairs[end].a == pairs[i].a && pairs[end].b == pairs[i].b) {
                ++end;
            }
            LinkInfo link{entities[pairs[i].a].id, entities[pairs[i].b].id, {}};
            link.evidence.reserve(end - i);
            for (; i < end; ++i) {
                link.evidence.push_back({pairs[i].record, m_names[pairs[i].relation]});
            }
            out.push_back(std::move(link));
        }
        return out;
    }

private:
    std::vector<std::string> m_names{"co_mentioned"};
};

/// Mentions read record after record: every two distinct entities of a record are co-mentioned.
class CoMentions {
public:
    explicit CoMentions(std::vector<PairEvidence> &pairs) : m_pairs(pairs) {}

    void add(RecordRowId record, std::uint32_t entityAt)
    {
        if (record != m_record) {
            flush();
            m_record = record;
        }
        m_group.push_back(entityAt);
    }
    void flush()
    {
        std::sort(m_group.begin(), m_group.end());
        m_group.erase(std::unique(m_group.begin(), m_group.end()), m_group.end());
        for (std::size_t i = 0; i < m_group.size(); ++i) {
            for (std::size_t j = i + 1; j < m_group.size(); ++j) {
                m_pairs.push_back({m_group[i], m_group[j], m_record, 0});
            }
        }
        m_group.clear();
    }

private:
    std::vector<PairEvidence> &m_pairs;
    std::vector<std::uint32_t> m_group;
    RecordRowId m_record = -1;
};

/// `before` (sorted by ends) with `added` (sorted by ends, from later records) merged in: a pair in
/// both gets the added evidence after its own, which keeps it in record order. Each link of
/// `before` is copied once, into its final place.
std::vector<LinkInfo> mergeLinks(const std::vector<LinkInfo> &before, std::vector<LinkInfo> added)
{
    const auto byEnds = [](const LinkInfo &x, const LinkInfo &y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); };
    std::vector<LinkInfo> out;
    out.reserve(before.size() + added.size());
    auto next = before.begin();
    for (LinkInfo &link : added) {
        const auto at = std::lower_bound(next, before.end(), link, byEnds);
        out.insert(out.end(), next, at);
        next = at;
        if (next != before.end() && next->a == link.a && next->b == link.b) {
            LinkInfo &joined = out.emplace_back(*next++);
            joined.evidence.insert(joined.evidence.end(), std::make_move_iterator(link.evidence.begin()),
                                   std::make_move_iterator(link.evidence.end()));
        } else {
            out.push_back(std::move(link));
        }
    }
    out.insert(out.end(), next, before.end());
    return out;
}

/// A screening as the snapshot reads it: only what a child's state needs.
struct ScreeningRow {
    RecordRowId record = 0;
    EntityId child = 0;
    Date screenedAt{};
    RiskLevel computed = RiskLevel::None;
    RiskLevel final = RiskLevel::None;
};

ScreeningRow readScreeningRow(const Statement &s, const Canonical &canonical)
{
    ScreeningRow row;
    row.record = s.int64(0);
    row.child = canonical(s.int64(1));
    row.screenedAt = parseDate(s.view(2)).value_or(Date{});
    row.computed = riskLevelFromString(s.view(3)).value_or(RiskLevel::None);
    row.final = riskLevelFromString(s.view(4)).value_or(RiskLevel::None);
    return row;
}

/// A child's state from its screenings in date order: the latest up to the window's end, and the
/// one before it for the trend. The screening's id and its actions are the caller's to add.
/// nullopt when none is in the window.
std::optional<std::pair<ChildRisk, RecordRowId>> latestScreening(std::span<const ScreeningRow> rows,
                                                                 const TimeWindow &window)
{
    const ScreeningRow *latest = nullptr;
    const ScreeningRow *previous = nullptr;
    int count = 0;
    for (const ScreeningRow &row : rows) {
        if (window.until && row.screenedAt > *window.until) {
            break;
        }
        previous = latest;
        latest = &row;
        ++count;
    }
    if (latest == nullptr) {
        return std::nullopt;
    }
    ChildRisk risk;
    risk.child = latest->child;
    risk.screenedAt = latest->screenedAt;
    risk.computed = latest->computed;
    risk.final = latest->final;
    risk.trend = trendBetween(previous ? std::optional{previous->final} : std::nullopt, risk.final);
    risk.screeningCount = count;
    return std::pair{std::move(risk), latest->record};
}

/// A record row as the snapshot reads it (row_id, ext_id, kind, at, then the grading).
RecordInfo readRecordInfo(const Statement &s)
{
    RecordInfo r;
    r.rowId = s.int64(0);
    r.at = parseDateTime(s.view(3)).value_or(DateTime{});
    r.kind = recordKindFromString(s.view(2)).value_or(RecordKind::InformationReport);
    return r;
}

/// A missing episode row (record, child, went_missing_at, returned_at, found_at, found_with).
MissingInfo readMissingRow(const Statement &s, const Canonical &canonical)
{
    MissingInfo row;
    row.record = s.int64(0);
    row.child = canonical(s.int64(1));
    row.wentMissingAt = parseDateTime(s.view(2)).value_or(DateTime{});
    if (!s.isNull(3)) {
        row.returnedAt = parseDateTime(s.view(3));
    }
    if (!s.isNull(4)) {
        row.foundAt = canonical(s.int64(4));
    }
    if (const std::string_view with = s.view(5); with != "[]") {
        const json ids = json::parse(with, nullptr, false);
        if (ids.is_array()) {
            for (const auto &id : ids) {
                row.foundWith.push_back(canonical(id.get<EntityId>()));
            }
        }
    }
    return row;
}

/// Audit actions that change nothing a snapshot holds except by adding records: an import adds
/// them (an amendment, which retires one, is audited as "amend"), the others record a decision.
bool onlyAddsRecords(std::string_view action)
{
    static constexpr std::array<std::string_view, 8> kActions = {
        "import", "override", "review", "export", "disruption", kAuditMergeRejected, kAuditIdentityConfirmed,
        kAuditIdentitySplit};
    return std::find(kActions.begin(), kActions.end(), action) != kActions.end();
}

class SqliteStore final : public Store {
public:
    SqliteStore(sqlite3 *db, StoreOptions options) : m_db(db), m_options(std::move(options))
    {
        if (m_options.user.empty()) {
            m_options.user = defaultUser();
        }
    }
    ~SqliteStore() override
    {
        m_statements.clear();
        sqlite3_close_v2(m_db);
    }

    Status initialise()
    {
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
                                   "PRAGMA busy_timeout=5000", "PRAGMA temp_store=MEMORY",
                                   "PRAGMA cache_size=-65536"}) {
            // The journal settings are the writer's business; a reader would try to write them.
            if (m_options.readOnly && (std::strstr(pragma, "journal_mode") || std::strstr(pragma, "synchronous"))) {
                continue;
            }
            if (auto status = exec(pragma); !status) {
                return status;
            }
        }
        auto version = queryInt("PRAGMA user_version");
        if (!version) {
            return version.error();
        }
        m_schemaVersion = static_cast<int>(*version);
        if (m_schemaVersion > static_cast<int>(detail::kMigrations.size())) {
            return makeError(ErrorCode::Database, "the database was written by a newer Harbour (schema version " +
                                                      std::to_string(m_schemaVersion) + ")");
        }
        while (m_schemaVersion < static_cast<int>(detail::kMigrations.size())) {
            if (m_options.readOnly) {
                return makeError(ErrorCode::Database, "the database needs a schema upgrade; open it read-write once");
            }
            // Each step and its version bump commit together, so a crash mid-migration
            // leaves the previous version intact.
            const int next = m_schemaVersion + 1;
            std::string sql = "BEGIN IMMEDIATE;\n" + std::string(detail::kMigrations[m_schemaVersion]) +
                              "\nPRAGMA user_version=" + std::to_string(next) + ";\nCOMMIT;";
            if (auto status = exec(sql); !status) {
                static_cast<void>(exec("ROLLBACK")); // the step's own error is the one to report
                return status;
            }
            m_schemaVersion = next;
        }
        return {};
    }

    int schemaVersion() const override { return m_schemaVersion; }
    const std::string &user() const override { return m_options.user; }

    Status begin() override
    {
        if (auto status = exec("BEGIN IMMEDIATE"); !status) {
            return status;
        }
        m_inTransaction = true;
        return {};
    }
    Status commit() override
    {
        auto status = exec("COMMIT");
        if (status) {
            m_inTransaction = false;
            m_createdSinceSavepoint.clear();
            m_savepointOpen = false;
        }
        return status;
    }
    Status rollback() override
    {
        auto status = exec("ROLLBACK");
        m_inTransaction = false;
        // Entities created inside the transaction are gone: forget everything cached.
        m_entityCache.clear();
        m_createdSinceSavepoint.clear();
        m_savepointOpen = false;
        return status;
    }
    // A caller may open a savepoint per record: prepared once, not parsed each time.
    Status savepoint() override
    {
        m_createdSinceSavepoint.clear();
        m_savepointOpen = true;
        return run(statement("SAVEPOINT record"), "opening a savepoint");
    }
    Status releaseSavepoint() override
    {
        m_createdSinceSavepoint.clear();
        m_savepointOpen = false;
        return run(statement("RELEASE record"), "releasing a savepoint");
    }
    Status rollbackToSavepoint() override
    {
        for (const auto &key : m_createdSinceSavepoint) {
            m_entityCache.erase(key);
        }
        m_createdSinceSavepoint.clear();
        m_savepointOpen = false;
        if (auto status = exec("ROLLBACK TO record"); !status) {
            return status;
        }
        return exec("RELEASE record");
    }
    bool inTransaction() const override { return m_inTransaction; }

    Status readTransaction(const std::function<Status()> &reads) override
    {
        if (sqlite3_get_autocommit(m_db) == 0) {
            return reads(); // already inside one
        }
        if (auto status = exec("BEGIN"); !status) {
            return status;
        }
        auto status = reads();
        if (auto ended = exec(status ? "COMMIT" : "ROLLBACK"); !ended && status) {
            return ended;
        }
        return status;
    }
    Status setCacheSize(int mebibytes) override
    {
        std::string sql = "PRAGMA cache_size=-";
        sql += std::to_string(std::max(1, mebibytes) * 1024);
        return exec(sql);
    }

    Result<std::optional<StoredRecordRef>> findRecord(RecordKind kind, const std::string &id) override
    {
        auto &stmt = statement("SELECT row_id, version, content_hash FROM records WHERE kind = ?1 AND ext_id = ?2 "
                               "ORDER BY version DESC LIMIT 1");
        stmt.bind(1, toString(kind)).bind(2, id);
        const int rc = stmt.step();
        std::optional<StoredRecordRef> found;
        if (rc == SQLITE_ROW) {
            found = StoredRecordRef{stmt.int64(0), stmt.integer(1), stmt.text(2)};
        }
        stmt.reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            return dbError("finding record " + id);
        }
        return found;
    }

    Result<RecordRowId> insertRecord(const SourceRecord &record, int version) override
    {
        if (version > 1) {
            auto &retire = statement("UPDATE records SET current = 0 WHERE kind = ?1 AND ext_id = ?2");
            retire.bind(1, toString(record.kind)).bind(2, record.id);
            if (auto status = run(retire, "retiring record ", record.id); !status) {
                return status.error();
            }
        }
        const Grading grading = record.grading();
        auto &stmt = statement(
            "INSERT INTO records (kind, ext_id, version, current, content_hash, json, file, location, at, g_source, "
            "g_intelligence, g_handling, reliability, accuracy, imported_at, imported_by) "
            "VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
        stmt.bind(1, toString(record.kind))
            .bind(2, record.id)
            .bind(3, version)
            .bind(4, record.contentHash)
            .bind(5, record.json)
            .bind(6, record.file)
            .bind(7, record.location)
            .bind(8, formatDateTime(record.effectiveAt()))
            .bind(9, charText(grading.source))
            .bind(10, charText(grading.intelligence))
            .bind(11, charText(grading.handling))
            .bind(12, grading.sourceReliability)
            .bind(13, grading.informationAccuracy)
            .bind(14, batchTime())
            .bind(15, m_options.user);
        if (auto status = run(stmt, "storing record ", record.id); !status) {
            return status.error();
        }
        return sqlite3_last_insert_rowid(m_db);
    }

    Result<StoredRecord> record(RecordRowId rowId) override
    {
        auto &stmt = statement(std::string(kRecordColumns) + " WHERE row_id = ?1");
        stmt.bind(1, rowId);
        std::optional<StoredRecord> found;
        const int rc = stmt.step();
        if (rc == SQLITE_ROW) {
            found = readRecord(stmt);
        }
        stmt.reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            return dbError("reading record");
        }
        if (!found) {
            return makeError(ErrorCode::NotFound, "no record with row id " + std::to_string(rowId));
        }
        return std::move(*found);
    }

    Result<std::vector<StoredRecord>> records(std::optional<RecordKind> kind) override
    {
        auto &stmt = statement(std::string(kRecordColumns) + " WHERE (?1 IS NULL OR kind = ?1) ORDER BY row_id");
        if (kind) {
            stmt.bind(1, toString(*kind));
        } else {
            stmt.bindNull(1);
        }
        std::vector<StoredRecord> out;
        return collect(stmt, out, [&](Statement &s) { out.push_back(readRecord(s)); });
    }

    Result<std::int64_t> recordCount() override { return queryInt("SELECT count(*) FROM records WHERE current = 1"); }

    Status retireRecordContributions(RecordRowId rowId) override
    {
        for (const char *sql : {"DELETE FROM mentions WHERE record = ?1", "DELETE FROM links WHERE record = ?1",
                                "DELETE FROM actions WHERE screening = ?1", "DELETE FROM screenings WHERE record = ?1",
                                "DELETE FROM missing_episodes WHERE record = ?1"}) {
            auto &stmt = statement(sql);
            stmt.bind(1, rowId);
            if (auto status = run(stmt, "retiring an amended record"); !status) {
                return status;
            }
        }
        return {};
    }

    Result<EntityId> resolveEntity(EntityType type, const std::string &key, const std::string &label,
                                   const std::map<std::string, std::string> &attributes) override
    {
        std::string cacheKey(toString(type));
        cacheKey += '\x1f';
        cacheKey += key;
        if (auto it = m_entityCache.find(cacheKey); it != m_entityCache.end()) {
            if (auto status = fillAttributes(it->second, attributes); !status) {
                return status.error();
            }
            return it->second.id;
        }
        // Insert first: in a large import nearly every entity not yet cached is new, and this
        // saves it a lookup. An existing one leaves the insert a no-op and is read back.
        auto &insert = statement("INSERT INTO entities (type, key, label, attrs) VALUES (?1, ?2, ?3, ?4) "
                                 "ON CONFLICT (type, key) DO NOTHING");
        std::map<std::string, std::string> nonEmpty;
        for (const auto &[name, value] : attributes) {
            if (!value.empty()) {
                nonEmpty.emplace(name, value);
            }
        }
        insert.bind(1, toString(type)).bind(2, key).bind(3, label).bind(4, attributesToJson(nonEmpty).dump());
        if (auto status = run(insert, "creating entity ", label); !status) {
            return status.error();
        }
        if (sqlite3_changes(m_db) == 1) {
            CachedEntity cached{sqlite3_last_insert_rowid(m_db), 0, {}};
            for (const auto &[name, value] : nonEmpty) {
                cached.learn(name);
            }
            if (m_savepointOpen) {
                m_createdSinceSavepoint.push_back(cacheKey);
            }
            const EntityId id = cached.id;
            m_entityCache.emplace(std::move(cacheKey), std::move(cached));
            return id;
        }
        auto &find = statement("SELECT id, attrs FROM entities WHERE type = ?1 AND key = ?2");
        find.bind(1, toString(type)).bind(2, key);
        const int rc = find.step();
        if (rc != SQLITE_ROW) {
            find.reset();
            return dbError("finding entity");
        }
        CachedEntity cached{find.int64(0), 0, {}};
        for (const auto &[name, value] : attributesFromText(find.view(1))) {
            if (!value.empty()) {
                cached.learn(name);
            }
        }
        find.reset();
        auto &entry = m_entityCache.emplace(std::move(cacheKey), std::move(cached)).first->second;
        if (auto status = fillAttributes(entry, attributes); !status) {
            return status.error();
        }
        return entry.id;
    }

    Status addMentions(std::span<const Mention> mentions) override
    {
        while (!mentions.empty()) {
            const std::size_t n = std::min(mentions.size(), kRowsPerInsert);
            Statement &stmt = multiRowInsert(m_mentionInserts, n,
                                             "INSERT INTO mentions (record, entity, role, extracted) VALUES ",
                                             "(?, ?, ?, ?)",
                                             " ON CONFLICT (record, entity, role) DO UPDATE "
                                             "SET extracted = min(extracted, excluded.extracted)");
            int column = 1;
            for (const Mention &m : mentions.first(n)) {
                stmt.bind(column, m.record).bind(column + 1, m.entity).bind(column + 2, m.role);
                stmt.bind(column + 3, m.extracted ? 1 : 0);
                column += 4;
            }
            if (auto status = run(stmt, "storing mentions"); !status) {
                return status;
            }
            mentions = mentions.subspan(n);
        }
        return {};
    }

    Status addLink(EntityId a, EntityId b, RecordRowId record, const std::string &relation) override
    {
        if (a == b) {
            return {};
        }
        auto &stmt = statement("INSERT OR IGNORE INTO links (a, b, record, relation) VALUES (?1, ?2, ?3, ?4)");
        stmt.bind(1, std::min(a, b)).bind(2, std::max(a, b)).bind(3, record).bind(4, relation);
        return run(stmt, "storing a link");
    }

    Result<std::vector<EntitySummary>> entities(std::optional<EntityType> type) override
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        auto &stmt = statement(
            "SELECT e.id, e.type, e.key, e.label, e.attrs, "
            "(SELECT count(DISTINCT m.record) FROM mentions m JOIN records r ON r.row_id = m.record "
            " WHERE m.entity = e.id AND r.current = 1) "
            "FROM entities e WHERE (?1 IS NULL OR e.type = ?1) ORDER BY e.id");
        if (type) {
            stmt.bind(1, toString(*type));
        } else {
            stmt.bindNull(1);
        }
        std::vector<EntitySummary> out;
        return collect(stmt, out, [&](Statement &s) {
            EntitySummary e = readEntity(s);
            e.recordCount = s.integer(5);
            if (auto it = merged->find(e.id); it != merged->end()) {
                e.mergedInto = it->second;
            }
            out.push_back(std::move(e));
        });
    }

    Result<EntitySummary> entitySummary(EntityId id) override
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        return summaryOf(id, *merged);
    }

    Result<std::unordered_map<EntityId, std::string>> entityLabels(std::span<const EntityId> ids) override
    {
        std::unordered_map<EntityId, std::string> out;
        out.reserve(ids.size());
        auto &stmt = statement("SELECT id, label FROM entities WHERE id IN (SELECT value FROM json_each(?1))");
        stmt.bind(1, idListJson(ids));
        if (auto status = collectStatus(stmt, [&](Statement &s) { out.emplace(s.int64(0), s.text(1)); }); !status) {
            return status.error();
        }
        return out;
    }

    Result<EntityDetail> entity(EntityId id) override
    {
        // Point reads only: a million-report database holds millions of entities.
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        auto self = summaryOf(id, *merged);
        if (!self) {
            return self.error();
        }
        const auto canonicalOf = [&](EntityId e) {
            auto it = merged->find(e);
            return it == merged->end() ? e : it->second;
        };
        // The entity stands for itself and everything merged into it.
        const EntityId canonicalId = canonicalOf(id);
        std::vector<EntityId> members{canonicalId};
        for (const auto &[from, into] : *merged) {
            if (into == canonicalId) {
                members.push_back(from);
            }
        }
        std::sort(members.begin(), members.end());

        EntityDetail detail;
        // The summary already read, unless a merge folded the id into another.
        auto kept = canonicalId == id ? std::move(self) : summaryOf(canonicalId, *merged);
        if (!kept) {
            return kept.error();
        }
        detail.entity = std::move(kept).value();
        std::map<EntityId, std::vector<LinkEvidence>> evidence;
        for (EntityId member : members) {
            auto &mentionStmt = statement("SELECT m.record, m.role, m.extracted FROM mentions m "
                                          "JOIN records r ON r.row_id = m.record WHERE m.entity = ?1 AND r.current = 1 "
                                          "ORDER BY m.record");
            mentionStmt.bind(1, member);
            if (auto status = collectStatus(mentionStmt, [&](Statement &s) {
                    detail.mentions.push_back({s.int64(0), canonicalId, s.text(1), s.integer(2) != 0});
                });
                !status) {
                return status.error();
            }
            auto &coStmt = statement("SELECT DISTINCT o.entity, o.record FROM mentions m "
                                     "JOIN mentions o ON o.record = m.record AND o.entity <> m.entity "
                                     "JOIN records r ON r.row_id = m.record "
                                     "WHERE m.entity = ?1 AND r.current = 1");
            coStmt.bind(1, member);
            if (auto status = collectStatus(coStmt, [&](Statement &s) {
                    evidence[canonicalOf(s.int64(0))].push_back({s.int64(1), "co_mentioned"});
                });
                !status) {
                return status.error();
            }
            auto &linkStmt = statement("SELECT CASE WHEN l.a = ?1 THEN l.b ELSE l.a END, l.record, l.relation "
                                       "FROM links l JOIN records r ON r.row_id = l.record "
                                       "WHERE (l.a = ?1 OR l.b = ?1) AND r.current = 1");
            linkStmt.bind(1, member);
            if (auto status = collectStatus(linkStmt, [&](Statement &s) {
                    evidence[canonicalOf(s.int64(0))].push_back({s.int64(1), s.text(2)});
                });
                !status) {
                return status.error();
            }
        }
        evidence.erase(canonicalId);
        for (auto &[other, items] : evidence) {
            std::sort(items.begin(), items.end(), [](const LinkEvidence &x, const LinkEvidence &y) {
                return std::tie(x.record, x.relation) < std::tie(y.record, y.relation);
            });
            items.erase(std::unique(items.begin(), items.end(),
                                    [](const LinkEvidence &x, const LinkEvidence &y) {
                                        return x.record == y.record && x.relation == y.relation;
                                    }),
                        items.end());
            EntityLink link;
            auto summary = summaryOf(other, *merged);
            if (!summary) {
                return summary.error();
            }
            link.other = std::move(summary).value();
            link.evidence = items;
            std::vector<RecordRowId> rowIds;
            for (const auto &item : items) {
                rowIds.push_back(item.record);
            }
            rowIds.erase(std::unique(rowIds.begin(), rowIds.end()), rowIds.end());
            for (RecordRowId rowId : rowIds) {
                auto stored = record(rowId);
                if (!stored) {
                    return stored.error();
                }
                link.records.push_back(std::move(*stored));
            }
            detail.links.push_back(std::move(link));
        }
        std::sort(detail.links.begin(), detail.links.end(), [](const EntityLink &x, const EntityLink &y) {
            return x.evidence.size() != y.evidence.size() ? x.evidence.size() > y.evidence.size()
                                                          : x.other.id < y.other.id;
        });
        return detail;
    }

    Status insertScreening(RecordRowId record, EntityId child, const Screening &input, const Assessment &assessment,
                           const ScreeningText &text) override
    {
        auto &stmt = statement("INSERT INTO screenings (record, child, screened_at, computed, final, floor, age, rules, "
                               "next_review, input) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        stmt.bind(1, record)
            .bind(2, child)
            .bind(3, formatDate(input.screenedAt))
            .bind(4, toString(assessment.computed))
            .bind(5, toString(assessment.final))
            .bind(6, assessment.floor ? std::optional<std::string>{std::string(toString(*assessment.floor))}
                                      : std::nullopt)
            .bind(7, assessment.ageAtScreening)
            .bind(8, text.rules)
            .bind(9, formatDate(assessment.nextReview))
            .bind(10, text.input);
        if (auto status = run(stmt, "storing screening ", input.id); !status) {
            return status;
        }
        // A screening sets about ten actions: stored a few statements at a time, not one each.
        std::span<const Action> actions = assessment.actions;
        while (!actions.empty()) {
            const std::size_t n = std::min(actions.size(), kRowsPerInsert);
            Statement &insert = multiRowInsert(m_actionInserts, n,
                                               "INSERT INTO actions (screening, text, condition, due) VALUES ",
                                               "(?, ?, ?, ?)", "");
            int column = 1;
            for (const Action &action : actions.first(n)) {
                insert.bind(column, record).bind(column + 1, action.text).bind(column + 2, action.condition);
                if (action.due) {
                    insert.bind(column + 3, formatDate(*action.due));
                } else {
                    insert.bindNull(column + 3);
                }
                column += 4;
            }
            if (auto status = run(insert, "storing actions"); !status) {
                return status;
            }
            actions = actions.subspan(n);
        }
        return {};
    }

    Result<std::vector<StoredScreening>> screenings(std::optional<EntityId> child) override
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        std::vector<StoredScreening> out;
        std::vector<EntityId> rawChild; ///< as stored, before merges
        if (child) {
            // One child's history: its own screenings and those of everything merged into it,
            // read through the index on child rather than by reading every screening.
            if (merged->contains(*child)) {
                return out;
            }
            std::vector<EntityId> ids{*child};
            for (const auto &[from, into] : *merged) {
                if (into == *child) {
                    ids.push_back(from);
                }
            }
            auto &stmt = statement("SELECT s.record, r.ext_id, s.child, s.screened_at, s.computed, s.final, s.floor, "
                                   "s.age, s.rules, s.next_review, s.input FROM screenings s "
                                   "JOIN records r ON r.row_id = s.record WHERE r.current = 1 AND s.child = ?1 "
                                   "ORDER BY s.screened_at, s.record");
            for (EntityId id : ids) {
                stmt.bind(1, id);
                if (auto status = collectStatus(stmt, [&](Statement &s) {
                        rawChild.push_back(s.int64(2));
                        out.push_back(readScreening(s, s.text(1), *merged));
                    });
                    !status) {
                    return status.error();
                }
            }
        } else if (auto status = scanScreenings(*merged, out, rawChild); !status) {
            return status.error();
        }
        orderByChild(out, rawChild);
        if (auto status = readActions(out); !status) {
            return status.error();
        }
        return out;
    }

    Result<std::vector<ScreeningSummary>> screeningSummaries(std::span<const RecordRowId> records) override
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        const Canonical canonical(*merged);
        // The wanted rows only, sought by row id in ascending order; SQLite picks the two input
        // fields out of the JSON faster than a whole parse here could. CROSS JOIN keeps SQLite
        // from walking every current record (it has no statistics to know better).
        const std::string wanted = idListJson(records);
        std::vector<ScreeningSummary> out;
        out.reserve(records.size());
        auto &stmt = statement("SELECT s.record, r.ext_id, s.child, s.screened_at, s.computed, s.final, s.rules, "
                               "s.next_review, json_extract(s.input, '$.child.name'), "
                               "json_extract(s.input, '$.child.dob') FROM screenings s "
                               "CROSS JOIN records r ON r.row_id = s.record "
                               "WHERE r.current = 1 AND s.record IN (SELECT value FROM json_each(?1)) ORDER BY s.record");
        stmt.bind(1, wanted);
        if (auto status = collectStatus(stmt, [&](Statement &s) {
                ScreeningSummary row;
                row.record = s.int64(0);
                row.id = s.text(1);
                row.child = canonical(s.int64(2));
                row.screenedAt = parseDate(s.view(3)).value_or(Date{});
                row.computed = riskLevelFromString(s.view(4)).value_or(RiskLevel::None);
                row.final = riskLevelFromString(s.view(5)).value_or(RiskLevel::None);
                row.rules = rulesFromText(s.text(6));
                row.nextReview = parseDate(s.view(7)).value_or(Date{});
                row.childName = s.optionalText(8).value_or("");
                if (!s.isNull(9)) {
                    row.dob = parsePartialDate(s.view(9));
                }
                out.push_back(std::move(row));
            });
            !status) {
            return status.error();
        }
        // The actions of those screenings, through the index on screening: by screening, then id.
        auto &actionStmt = statement("SELECT screening, id, text, condition, due, status FROM actions "
                                     "WHERE screening IN (SELECT value FROM json_each(?1)) ORDER BY screening, id");
        actionStmt.bind(1, wanted);
        auto owner = out.begin();
        if (auto status = collectStatus(actionStmt, [&](Statement &s) {
                const RecordRowId screening = s.int64(0);
                while (owner != out.end() && owner->record < screening) {
                    ++owner;
                }
                if (owner != out.end() && owner->record == screening) {
                    owner->actions.push_back(readAction(s));
                }
            });
            !status) {
            return status.error();
        }
        return out;
    }

    Result<std::vector<ScreeningLevel>> screeningLevels() override
    {
        std::vector<ScreeningLevel> out;
        std::vector<EntityId> rawChild;
        bool anyMerged = false;
        const auto onRow = [&](Statement &s, const std::string &id, EntityId raw, EntityId child) {
            out.push_back(readLevel(s, id, child));
            rawChild.push_back(raw);
            anyMerged = anyMerged || raw != child;
        };
        // The covering index screenings_latest keeps this off the pages holding inputs and rules.
        if (auto status = scanCurrentScreenings("SELECT record, child, screened_at, computed, final FROM screenings "
                                                "ORDER BY child, screened_at, record",
                                                onRow);
            !status) {
            return status.error();
        }
        if (anyMerged) {
            orderByChild(out, rawChild);
        }
        return out;
    }

    Result<std::vector<ScreeningLevel>> screeningLevels(std::span<const EntityId> children) override
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        const Canonical canonical(*merged);
        // The children as asked for, and every entity merged into one of them.
        std::vector<EntityId> wanted(children.begin(), children.end());
        std::sort(wanted.begin(), wanted.end());
        std::vector<EntityId> asStored = wanted;
        for (const auto &[from, into] : *merged) {
            if (std::binary_search(wanted.begin(), wanted.end(), into)) {
                asStored.push_back(from);
            }
        }
        std::sort(asStored.begin(), asStored.end());
        std::vector<ScreeningLevel> out;
        std::vector<EntityId> rawChild;
        auto &stmt = statement("SELECT s.record, s.child, s.screened_at, s.computed, s.final, r.ext_id "
                               "FROM screenings s CROSS JOIN records r ON r.row_id = s.record "
                               "WHERE r.current = 1 AND s.child IN (SELECT value FROM json_each(?1)) "
                               "ORDER BY s.child, s.screened_at, s.record");
        stmt.bind(1, idListJson(asStored));
        if (auto status = collectStatus(stmt, [&](Statement &s) {
                const EntityId raw = s.int64(1);
                out.push_back(readLevel(s, s.text(5), canonical(raw)));
                rawChild.push_back(raw);
            });
            !status) {
            return status.error();
        }
        orderByChild(out, rawChild);
        return out;
    }

    Result<std::vector<EntityId>> childrenScreenedAfter(RecordRowId record) override
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        const Canonical canonical(*merged);
        std::vector<EntityId> out;
        auto &stmt = statement("SELECT s.child FROM screenings s JOIN records r ON r.row_id = s.record "
                               "WHERE r.current = 1 AND s.record > ?1");
        stmt.bind(1, record);
        if (auto status = collectStatus(stmt, [&](Statement &s) { out.push_back(canonical(s.int64(0))); }); !status) {
            return status.error();
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    Result<std::unordered_map<EntityId, std::vector<std::string>>> screenedNames() override
    {
        std::unordered_map<EntityId, std::vector<std::string>> out;
        const auto onRow = [&](Statement &s, const std::string &, EntityId, EntityId child) {
            auto &names = out[child];
            if (!s.isNull(2)) {
                names.push_back(s.text(2));
            }
            if (s.isNull(3)) {
                return;
            }
            const json aliases = json::parse(s.view(3), nullptr, false);
            for (const auto &alias : aliases.is_array() ? aliases : json::array()) {
                if (alias.is_string()) {
                    names.push_back(alias.get<std::string>());
                }
            }
        };
        if (auto status = scanCurrentScreenings("SELECT record, child, json_extract(input, '$.child.name'), "
                                                "json_extract(input, '$.child.aliases') FROM screenings",
                                                onRow);
            !status) {
            return status.error();
        }
        return out;
    }

    Status setActionStatus(std::int64_t actionId, const std::string &status) override
    {
        auto &stmt = statement("UPDATE actions SET status = ?2 WHERE id = ?1");
        stmt.bind(1, actionId).bind(2, status);
        if (auto st = run(stmt, "updating an action"); !st) {
            return st;
        }
        if (sqlite3_changes(m_db) == 0) {
            return makeError(ErrorCode::NotFound, "no action with id " + std::to_string(actionId));
        }
        return appendAudit("action_status", "action " + std::to_string(actionId), status);
    }

    Status insertMissingEpisode(RecordRowId record, EntityId child, const MissingEpisode &episode,
                                std::optional<EntityId> foundAt, const std::vector<EntityId> &foundWith) override
    {
        json extra = json::object();
        if (episode.reportedToPolice) {
            extra["reported_to_police"] = *episode.reportedToPolice;
        }
        if (episode.returnInterview) {
            extra["return_interview"] = {
                {"held_at", episode.returnInterview->heldAt ? json(formatDate(*episode.returnInterview->heldAt))
                                                            : json(nullptr)},
                {"summary", episode.returnInterview->summary}};
        }
        auto &stmt = statement("INSERT INTO missing_episodes (record, child, went_missing_at, returned_at, found_at, "
                               "found_with, episode) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        stmt.bind(1, record)
            .bind(2, child)
            .bind(3, formatDateTime(episode.wentMissingAt))
            .bind(4, episode.returnedAt ? std::optional<std::string>{formatDateTime(*episode.returnedAt)}
                                        : std::nullopt)
            .bind(5, foundAt)
            .bind(6, json(foundWith).dump())
            .bind(7, extra.dump());
        return run(stmt, "storing missing episode ", episode.id);
    }

    Result<std::vector<StoredMissingEpisode>> missingEpisodes(RecordRowId after) override
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        const auto canonicalOf = [&](EntityId e) {
            auto it = merged->find(e);
            return it == merged->end() ? e : it->second;
        };
        // The episodes first, each record by its key: joined the other way round, SQLite walked
        // every current record (1.8M at a million reports) to find 195k episodes.
        auto &stmt = statement("SELECT m.record, r.ext_id, m.child, m.went_missing_at, m.returned_at, m.found_at, "
                               "m.found_with, m.episode FROM missing_episodes m "
                               "CROSS JOIN records r ON r.row_id = m.record "
                               "WHERE r.current = 1 AND m.record > ?1 ORDER BY m.went_missing_at, m.record");
        stmt.bind(1, after);
        std::vector<StoredMissingEpisode> out;
        return collect(stmt, out, [&](Statement &s) {
            StoredMissingEpisode row;
            row.record = s.int64(0);
            row.id = s.text(1);
            row.child = canonicalOf(s.int64(2));
            row.episode.id = row.id;
            row.episode.wentMissingAt = parseDateTime(s.text(3)).value_or(DateTime{});
            if (auto returned = s.optionalText(4)) {
                row.episode.returnedAt = parseDateTime(*returned);
            }
            if (!s.isNull(5)) {
                row.foundAt = canonicalOf(s.int64(5));
            }
            const json with = json::parse(s.text(6), nullptr, false);
            if (with.is_array()) {
                for (const auto &id : with) {
                    row.foundWith.push_back(canonicalOf(id.get<EntityId>()));
                }
            }
            const json extra = json::parse(s.text(7), nullptr, false);
            if (extra.is_object() && extra.contains("reported_to_police")) {
                row.episode.reportedToPolice = extra["reported_to_police"].get<bool>();
            }
            out.push_back(std::move(row));
        });
    }

    Result<std::int64_t> merge(EntityId kept, EntityId merged, const std::string &reason) override
    {
        if (isBlank(reason)) {
            return makeError(ErrorCode::Usage, "a merge needs a reason (white space alone says nothing)", "reason");
        }
        auto canonicalKept = canonical(kept);
        if (!canonicalKept) {
            return canonicalKept.error();
        }
        auto canonicalMerged = canonical(merged);
        if (!canonicalMerged) {
            return canonicalMerged.error();
        }
        if (*canonicalKept == *canonicalMerged) {
            return makeError(ErrorCode::Usage, "entities " + std::to_string(kept) + " and " + std::to_string(merged) +
                                                   " are already the same");
        }
        auto types = queryInt("SELECT count(DISTINCT type) FROM entities WHERE id IN (" + std::to_string(kept) + "," +
                              std::to_string(merged) + ")");
        if (!types) {
            return types.error();
        }
        if (*types != 1) {
            return makeError(ErrorCode::Usage, "only entities of the same type can be merged");
        }
        auto &stmt = statement("INSERT INTO merges (kept, merged, reason, user, at) VALUES (?1, ?2, ?3, ?4, ?5)");
        stmt.bind(1, *canonicalKept).bind(2, *canonicalMerged).bind(3, reason).bind(4, m_options.user).bind(5, nowUtc());
        if (auto status = run(stmt, "recording a merge"); !status) {
            return status.error();
        }
        const std::int64_t id = sqlite3_last_insert_rowid(m_db);
        if (auto status = appendAudit("merge", "entity " + std::to_string(*canonicalMerged) + " into " +
                                                   std::to_string(*canonicalKept),
                                      "merge " + std::to_string(id) + ": " + reason);
            !status) {
            return status.error();
        }
        return id;
    }

    Status unmerge(std::int64_t mergeId) override
    {
        auto &stmt = statement("UPDATE merges SET undone_at = ?2 WHERE id = ?1 AND undone_at IS NULL");
        stmt.bind(1, mergeId).bind(2, nowUtc());
        if (auto status = run(stmt, "undoing a merge"); !status) {
            return status;
        }
        if (sqlite3_changes(m_db) == 0) {
            return makeError(ErrorCode::NotFound, "no active merge with id " + std::to_string(mergeId));
        }
        return appendAudit("unmerge", "merge " + std::to_string(mergeId), "");
    }

    Result<std::vector<MergeDecision>> merges() override
    {
        auto &stmt = statement("SELECT id, kept, merged, reason, user, at, undone_at FROM merges ORDER BY id");
        std::vector<MergeDecision> out;
        return collect(stmt, out, [&](Statement &s) {
            out.push_back({s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4), s.text(5), !s.isNull(6)});
        });
    }

    Result<EntityId> canonical(EntityId id) override
    {
        auto exists = queryInt("SELECT count(*) FROM entities WHERE id = " + std::to_string(id));
        if (!exists) {
            return exists.error();
        }
        if (*exists == 0) {
            return makeError(ErrorCode::NotFound, "no entity with id " + std::to_string(id));
        }
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        auto it = merged->find(id);
        return it == merged->end() ? id : it->second;
    }

    Result<std::int64_t> addDisruption(const DisruptionAction &action) override
    {
        auto &stmt = statement("INSERT INTO disruptions (target, tactic, owner, status, due, notes, updated_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        stmt.bind(1, action.target)
            .bind(2, action.tactic)
            .bind(3, action.owner)
            .bind(4, action.status)
            .bind(5, action.due ? std::optional<std::string>{formatDate(*action.due)} : std::nullopt)
            .bind(6, action.notes)
            .bind(7, nowUtc());
        if (auto status = run(stmt, "adding a disruption action"); !status) {
            return status.error();
        }
        const std::int64_t id = sqlite3_last_insert_rowid(m_db);
        if (auto status = appendAudit("disruption", "disruption " + std::to_string(id),
                                      action.tactic + " on entity " + std::to_string(action.target) + ": " +
                                          action.status);
            !status) {
            return status.error();
        }
        return id;
    }

    Status updateDisruption(const DisruptionAction &action) override
    {
        auto &stmt = statement("UPDATE disruptions SET tactic = ?2, owner = ?3, status = ?4, due = ?5, notes = ?6, "
                               "updated_at = ?7 WHERE id = ?1");
        stmt.bind(1, action.id)
            .bind(2, action.tactic)
            .bind(3, action.owner)
            .bind(4, action.status)
            .bind(5, action.due ? std::optional<std::string>{formatDate(*action.due)} : std::nullopt)
            .bind(6, action.notes)
            .bind(7, nowUtc());
        if (auto status = run(stmt, "updating a disruption action"); !status) {
            return status;
        }
        if (sqlite3_changes(m_db) == 0) {
            return makeError(ErrorCode::NotFound, "no disruption action with id " + std::to_string(action.id));
        }
        return appendAudit("disruption", "disruption " + std::to_string(action.id),
                           action.tactic + ": " + action.status);
    }

    Result<std::vector<DisruptionAction>> disruptions() override
    {
        auto &stmt =
            statement("SELECT id, target, tactic, owner, status, due, notes, updated_at FROM disruptions ORDER BY id");
        std::vector<DisruptionAction> out;
        return collect(stmt, out, [&](Statement &s) {
            DisruptionAction a;
            a.id = s.int64(0);
            a.target = s.int64(1);
            a.tactic = s.text(2);
            a.owner = s.text(3);
            a.status = s.text(4);
            if (auto due = s.optionalText(5)) {
                a.due = parseDate(*due);
            }
            a.notes = s.text(6);
            a.updatedAt = s.text(7);
            out.push_back(std::move(a));
        });
    }

    Status appendAudit(const std::string &action, const std::string &object, const std::string &detail) override
    {
        std::string prev;
        auto &last = statement("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1");
        if (last.step() == SQLITE_ROW) {
            prev = last.text(0);
        }
        last.reset();
        AuditEntry entry;
        entry.at = nowUtc();
        entry.user = m_options.user;
        entry.action = action;
        entry.object = object;
        entry.detail = detail;
        entry.prevHash = prev;
        entry.hash = auditHash(entry);
        auto &stmt = statement("INSERT INTO audit (at, user, action, object, detail, prev_hash, hash) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        stmt.bind(1, entry.at)
            .bind(2, entry.user)
            .bind(3, entry.action)
            .bind(4, entry.object)
            .bind(5, entry.detail)
            .bind(6, entry.prevHash)
            .bind(7, entry.hash);
        return run(stmt, "writing the audit log");
    }

    Result<std::vector<AuditEntry>> auditLog() override
    {
        auto &stmt = statement("SELECT seq, at, user, action, object, detail, prev_hash, hash FROM audit ORDER BY seq");
        std::vector<AuditEntry> out;
        return collect(stmt, out, [&](Statement &s) {
            out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7)});
        });
    }

    Result<std::vector<std::string>> fileProblems(bool quick) override
    {
        Statement stmt(m_db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
        std::vector<std::string> problems;
        if (!stmt.valid()) {
            // A file too damaged to read its schema: that is the finding, not a failure of the check.
            problems.push_back(stmt.prepareError());
            return problems;
        }
        int rc = 0;
        while ((rc = stmt.step()) == SQLITE_ROW) {
            if (std::string line = stmt.text(0); line != "ok") {
                problems.push_back(std::move(line));
            }
        }
        if (rc != SQLITE_DONE) {
            problems.push_back(std::string("the check stopped: ") + sqlite3_errmsg(m_db));
        }
        return problems;
    }

    Status forEachRecord(const std::function<void(const StoredRecord &)> &visit) override
    {
        Statement stmt(m_db, std::string(kRecordColumns) + " ORDER BY row_id");
        return collectStatus(stmt, [&](Statement &s) { visit(readRecord(s)); });
    }

    Result<GraphSnapshot> snapshot(const TimeWindow &window, Date asOf) override
    {
        // Several scans: one read transaction keeps an import that commits meanwhile out of all of them.
        Result<GraphSnapshot> snap = GraphSnapshot{};
        if (auto status = readTransaction([&]() -> Status {
                snap = readSnapshot(window, asOf);
                return snap ? Status{} : Status{snap.error()};
            });
            !status) {
            return status.error();
        }
        return snap;
    }

    Result<GraphSnapshot> snapshotAfter(const GraphSnapshot &previous, const TimeWindow &window, Date asOf) override
    {
        // One read transaction: the check that only imports came since, and the reads after it,
        // see the same database.
        Result<GraphSnapshot> snap = GraphSnapshot{};
        if (auto status = readTransaction([&]() -> Status {
                auto extended = extendSnapshot(previous, window, asOf);
                if (!extended) {
                    return extended.error();
                }
                snap = *extended ? std::move(**extended) : readSnapshot(window, asOf);
                return snap ? Status{} : Status{snap.error()};
            });
            !status) {
            return status.error();
        }
        return snap;
    }

private:
    /// What the import knows of an entity it has resolved: its id and which attributes it
    /// already has (a bit per name in kAttributeNames; others, rare, by name). Millions of these
    /// live through a large import, so they are kept small.
    struct CachedEntity {
        EntityId id = 0;
        std::uint32_t knownBits = 0;
        std::vector<std::string> otherKnown;

        bool knows(const std::string &name) const
        {
            const int bit = attributeBit(name);
            return bit >= 0 ? (knownBits >> bit & 1u) != 0
                            : std::find(otherKnown.begin(), otherKnown.end(), name) != otherKnown.end();
        }
        void learn(const std::string &name)
        {
            if (const int bit = attributeBit(name); bit >= 0) {
                knownBits |= 1u << bit;
            } else if (std::find(otherKnown.begin(), otherKnown.end(), name) == otherKnown.end()) {
                otherKnown.push_back(name);
            }
        }
    };
    static constexpr std::array<std::string_view, 16> kAttributeNames = {
        "name",   "gender", "address", "postcode", "description", "dob",     "premises_type", "format",
        "make",   "model",  "colour",  "partial",  "lat",         "lon",     "service",       "handle"};
    static int attributeBit(std::string_view name)
    {
        const auto it = std::find(kAttributeNames.begin(), kAttributeNames.end(), name);
        return it == kAttributeNames.end() ? -1 : static_cast<int>(it - kAttributeNames.begin());
    }

    /// Rows per multi-row INSERT: one statement for a record's mentions or a screening's actions.
    static constexpr std::size_t kRowsPerInsert = 16;
    using MultiRowInserts = std::array<Statement *, kRowsPerInsert + 1>;
    /// The prepared "INSERT ... VALUES (row), (row) ... suffix" for n rows, kept per n.
    Statement &multiRowInsert(MultiRowInserts &cache, std::size_t n, std::string_view head, std::string_view row,
                              std::string_view suffix)
    {
        if (!cache[n]) {
            std::string sql(head);
            for (std::size_t i = 0; i < n; ++i) {
                if (i > 0) {
                    sql += ", ";
                }
                sql.append(row);
            }
            sql += suffix;
            cache[n] = &statement(std::string_view(sql));
        }
        return *cache[n];
    }

    static constexpr std::string_view kRecordColumns =
        "SELECT row_id, kind, ext_id, version, current, content_hash, json, file, location, at, g_source, "
        "g_intelligence, g_handling, reliability, accuracy, imported_at, imported_by FROM records";

    static StoredRecord readRecord(const Statement &s)
    {
        StoredRecord r;
        r.rowId = s.int64(0);
        r.kind = recordKindFromString(s.text(1)).value_or(RecordKind::InformationReport);
        r.id = s.text(2);
        r.version = s.integer(3);
        r.current = s.integer(4) != 0;
        r.contentHash = s.text(5);
        r.json = s.text(6);
        r.file = s.text(7);
        r.location = s.text(8);
        r.at = parseDateTime(s.text(9)).value_or(DateTime{});
        r.grading = readGrading(s, 10);
        r.importedAt = s.text(15);
        r.importedBy = s.text(16);
        return r;
    }

    static Grading readGrading(const Statement &s, int first)
    {
        Grading g;
        g.source = textChar(s.optionalText(first));
        g.intelligence = textChar(s.optionalText(first + 1));
        g.handling = textChar(s.optionalText(first + 2));
        if (!s.isNull(first + 3)) {
            g.sourceReliability = s.integer(first + 3);
        }
        if (!s.isNull(first + 4)) {
            g.informationAccuracy = s.integer(first + 4);
        }
        return g;
    }

    /// Row ids and ids of the current screening records, ascending.
    Result<std::vector<std::pair<RecordRowId, std::string>>> currentScreeningIds()
    {
        std::vector<std::pair<RecordRowId, std::string>> out;
        auto &stmt = statement("SELECT row_id, ext_id FROM records WHERE current = 1 AND kind = 'screening' "
                               "ORDER BY row_id");
        if (auto status = collectStatus(stmt, [&](Statement &s) { out.emplace_back(s.int64(0), s.text(1)); });
            !status) {
            return status.error();
        }
        return out;
    }

    /// Reads every current screening in record order. The two tables are read in their own order
    /// and joined here: joined and sorted in SQL, a million screenings went through a temporary
    /// B-tree with their texts.
    Status scanScreenings(const std::unordered_map<EntityId, EntityId> &merged, std::vector<StoredScreening> &out,
                          std::vector<EntityId> &rawChild)
    {
        auto current = currentScreeningIds();
        if (!current) {
            return current.error();
        }
        out.reserve(current->size());
        auto next = current->begin();
        auto &stmt = statement("SELECT record, child, screened_at, computed, final, floor, age, rules, next_review, "
                               "input FROM screenings ORDER BY record");
        return collectStatus(stmt, [&](Statement &s) {
            const RecordRowId record = s.int64(0);
            while (next != current->end() && next->first < record) {
                ++next;
            }
            if (next == current->end() || next->first != record) {
                return; // an earlier version of an amended screening
            }
            rawChild.push_back(s.int64(1));
            out.push_back(readScreening(s, std::move(next->second), merged, 1));
        });
    }

    /// Fills each screening's actions, in id order. Many screenings: one scan of the actions
    /// table in its own order (a query per screening took most of a million-screening read).
    Status readActions(std::vector<StoredScreening> &screenings)
    {
        const auto onRow = [](StoredScreening &row, Statement &s) {
            StoredAction action = readAction(s);
            row.assessment.actions.push_back(action.action);
            row.actions.push_back(std::move(action));
        };
        if (screenings.size() < 64) {
            auto &stmt = statement("SELECT screening, id, text, condition, due, status FROM actions "
                                   "WHERE screening = ?1 ORDER BY id");
            for (auto &row : screenings) {
                stmt.bind(1, row.record);
                if (auto status = collectStatus(stmt, [&](Statement &s) { onRow(row, s); }); !status) {
                    return status;
                }
            }
            return {};
        }
        std::unordered_map<RecordRowId, std::uint32_t> indexOf;
        indexOf.reserve(screenings.size());
        for (std::size_t i = 0; i < screenings.size(); ++i) {
            indexOf.emplace(screenings[i].record, static_cast<std::uint32_t>(i));
        }
        auto &stmt = statement("SELECT screening, id, text, condition, due, status FROM actions ORDER BY id");
        return collectStatus(stmt, [&](Statement &s) {
            if (const auto it = indexOf.find(s.int64(0)); it != indexOf.end()) {
                onRow(screenings[it->second], s);
            }
        });
    }

    /// One entity as stored, with its current record count and the entity it is merged into.
    Result<EntitySummary> summaryOf(EntityId id, const std::unordered_map<EntityId, EntityId> &merged)
    {
        auto &stmt = statement("SELECT e.id, e.type, e.key, e.label, e.attrs, "
                               "(SELECT count(DISTINCT m.record) FROM mentions m JOIN records r ON r.row_id = m.record "
                               " WHERE m.entity = e.id AND r.current = 1) "
                               "FROM entities e WHERE e.id = ?1");
        stmt.bind(1, id);
        std::optional<EntitySummary> found;
        if (auto status = collectStatus(stmt, [&](Statement &s) {
                found = readEntity(s);
                found->recordCount = s.integer(5);
            });
            !status) {
            return status.error();
        }
        if (!found) {
            return makeError(ErrorCode::NotFound, "no entity with id " + std::to_string(id));
        }
        if (auto it = merged.find(id); it != merged.end()) {
            found->mergedInto = it->second;
        }
        return std::move(*found);
    }

    static EntitySummary readEntity(const Statement &s)
    {
        EntitySummary e;
        e.id = s.int64(0);
        e.type = entityTypeFromString(s.text(1)).value_or(EntityType::Person);
        e.key = s.text(2);
        e.label = s.text(3);
        e.attributes = attributesFromText(s.view(4));
        return e;
    }

    static std::string auditHash(const AuditEntry &e)
    {
        return sha256Hex(e.prevHash + "\n" + e.at + "\n" + e.user + "\n" + e.action + "\n" + e.object + "\n" +
                         e.detail);
    }

    Status fillAttributes(CachedEntity &entity, const std::map<std::string, std::string> &attributes)
    {
        std::map<std::string, std::string> missing;
        for (const auto &[name, value] : attributes) {
            if (!value.empty() && !entity.knows(name)) {
                missing.emplace(name, value);
            }
        }
        if (missing.empty()) {
            return {};
        }
        // json_patch adds the new keys and keeps what was there: first statement of a fact wins.
        auto &stmt = statement("UPDATE entities SET attrs = json_patch(?2, attrs) WHERE id = ?1");
        stmt.bind(1, entity.id).bind(2, attributesToJson(missing).dump());
        if (auto status = run(stmt, "updating entity attributes"); !status) {
            return status;
        }
        for (const auto &[name, value] : missing) {
            entity.learn(name);
        }
        return {};
    }

    Result<GraphSnapshot> readSnapshot(const TimeWindow &window, Date asOf);
    Result<SnapshotMark> readMark(const TimeWindow &window);
    /// `previous` with what was imported since added; nullopt when it cannot be (snapshotAfter).
    Result<std::optional<GraphSnapshot>> extendSnapshot(const GraphSnapshot &previous, const TimeWindow &window,
                                                        Date asOf);
    /// Mention rows (record, entity, role, extracted) in record order into the snapshot: the
    /// mentions, each person's roles, each entity's record count, and the co-mention evidence.
    template <typename Included>
    Status readMentions(Statement &stmt, GraphSnapshot &snap, const DenseIndex &indexOf, const Canonical &canonical,
                        Included included, std::vector<PairEvidence> &pairs);
    /// Stored link rows (a, b, record, relation) as evidence.
    template <typename Included>
    Status readLinks(Statement &stmt, const DenseIndex &indexOf, const Canonical &canonical, Included included,
                     RelationNames &relations, std::vector<PairEvidence> &pairs);

    Result<std::unordered_map<EntityId, EntityId>> activeMergeMap()
    {
        auto &stmt = statement("SELECT kept, merged FROM merges WHERE undone_at IS NULL ORDER BY id");
        std::unordered_map<EntityId, EntityId> direct;
        if (auto status = collectStatus(stmt, [&](Statement &s) { direct[s.int64(1)] = s.int64(0); }); !status) {
            return status.error();
        }
        // Follow chains (A into B, B into C) to the entity finally kept.
        std::unordered_map<EntityId, EntityId> resolved;
        for (const auto &[merged, kept] : direct) {
            EntityId target = kept;
            for (int hops = 0; hops < 1000; ++hops) {
                auto it = direct.find(target);
                if (it == direct.end()) {
                    break;
                }
                target = it->second;
            }
            resolved[merged] = target;
        }
        return resolved;
    }

    // One batch (transaction) shares one import time: it keeps a million inserts from
    // formatting the clock a million times and says which records arrived together.
    const std::string &batchTime()
    {
        if (!m_inTransaction || m_batchTime.empty()) {
            m_batchTime = nowUtc();
        }
        return m_batchTime;
    }

    Statement &statement(std::string_view sql)
    {
        auto it = m_statements.find(std::string(sql));
        if (it == m_statements.end()) {
            it = m_statements.emplace(std::string(sql), Statement(m_db, sql)).first;
        }
        return it->second;
    }
    /// The same for SQL written in the code: found by the literal's address, so that the
    /// millions of statements of a large import do not copy and hash their text each time.
    template <std::size_t N>
    Statement &statement(const char (&sql)[N])
    {
        Statement *&slot = m_literalStatements[sql];
        if (!slot) {
            slot = &statement(std::string_view(sql, N - 1));
        }
        return *slot;
    }

    /// Steps a statement that returns no rows we need. `what` and `detail` make the message of
    /// an error ("storing record IR-1"); nothing is built unless it fails.
    Status run(Statement &stmt, std::string_view what, std::string_view detail = {})
    {
        if (!stmt.valid()) {
            return makeError(ErrorCode::Database, std::string(what) + std::string(detail) + ": " + stmt.prepareError());
        }
        const int rc = stmt.step();
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
            // The message before reset(), which may replace it with a generic one.
            std::string message = std::string(what) + std::string(detail) + ": " + sqlite3_errmsg(m_db);
            stmt.reset();
            return databaseError(std::move(message), rc);
        }
        stmt.reset();
        return {};
    }

    /// Runs `sql`, whose first two columns are a screening's record and child, and calls
    /// onRow(statement, screening id, child as stored, child after merges) for each current
    /// screening: earlier versions of amended screenings are skipped.
    template <typename Fn>
    Status scanCurrentScreenings(const char *sql, Fn &&onRow)
    {
        auto merged = activeMergeMap();
        if (!merged) {
            return merged.error();
        }
        auto current = currentScreeningIds();
        if (!current) {
            return current.error();
        }
        return collectStatus(statement(sql), [&](Statement &s) {
            const RecordRowId record = s.int64(0);
            const auto id = std::lower_bound(current->begin(), current->end(), record,
                                             [](const auto &entry, RecordRowId r) { return entry.first < r; });
            if (id == current->end() || id->first != record) {
                return;
            }
            const EntityId raw = s.int64(1);
            const auto canonical = merged->find(raw);
            onRow(s, id->second, raw, canonical == merged->end() ? raw : canonical->second);
        });
    }

    template <typename Fn>
    Status collectStatus(Statement &stmt, Fn &&onRow)
    {
        if (!stmt.valid()) {
            return makeError(ErrorCode::Database, stmt.prepareError());
        }
        int rc = 0;
        while ((rc = stmt.step()) == SQLITE_ROW) {
            onRow(stmt);
        }
        stmt.reset();
        if (rc != SQLITE_DONE) {
            return databaseError(sqlite3_errmsg(m_db), rc);
        }
        return {};
    }

    template <typename T, typename Fn>
    Result<std::vector<T>> collect(Statement &stmt, std::vector<T> &out, Fn &&onRow)
    {
        if (auto status = collectStatus(stmt, std::forward<Fn>(onRow)); !status) {
            return status.error();
        }
        return std::move(out);
    }

    Result<std::int64_t> queryInt(const std::string &sql)
    {
        Statement stmt(m_db, sql);
        if (!stmt.valid()) {
            return makeError(ErrorCode::Database, stmt.prepareError());
        }
        const int rc = stmt.step();
        if (rc != SQLITE_ROW) {
            return databaseError(sqlite3_errmsg(m_db), rc);
        }
        return stmt.int64(0);
    }

    Status exec(const std::string &sql)
    {
        char *message = nullptr;
        if (const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
            std::string text = message ? message : sqlite3_errmsg(m_db);
            sqlite3_free(message);
            return databaseError(std::move(text), rc);
        }
        return {};
    }

    Error dbError(const std::string &what) const
    {
        return databaseError(what + ": " + sqlite3_errmsg(m_db), sqlite3_extended_errcode(m_db));
    }

    /// A failure of the database file or of the disk under it ("database or disk is full",
    /// "disk I/O error") names the file: the analyst must know which disk to free or check.
    Error databaseError(std::string message, int resultCode) const
    {
        Error error = makeError(ErrorCode::Database, std::move(message));
        const int primary = resultCode & 0xff;
        if (primary == SQLITE_FULL || primary == SQLITE_IOERR) {
            if (const char *file = sqlite3_db_filename(m_db, "main"); file != nullptr && *file != '\0') {
                error.file = file;
            }
        }
        return error;
    }

    sqlite3 *m_db = nullptr;
    StoreOptions m_options;
    int m_schemaVersion = 0;
    bool m_inTransaction = false;
    std::string m_batchTime;
    std::unordered_map<std::string, Statement> m_statements; // node-based: addresses stay valid
    std::unordered_map<const char *, Statement *> m_literalStatements;
    std::unordered_map<std::string, CachedEntity> m_entityCache;
    MultiRowInserts m_mentionInserts{};
    MultiRowInserts m_actionInserts{};
    std::vector<std::string> m_createdSinceSavepoint; ///< only while a savepoint is open
    bool m_savepointOpen = false;
};



Result<SnapshotMark> SqliteStore::readMark(const TimeWindow &window)
{
    SnapshotMark mark;
    mark.fromStore = true;
    mark.window = window;
    // One statement: the last audit entry may be none (a new database), so it is a scalar each.
    auto &stmt = statement("SELECT (SELECT coalesce(max(row_id), 0) FROM records), "
                           "(SELECT coalesce(max(id), 0) FROM entities), "
                           "(SELECT coalesce(max(seq), 0) FROM audit), "
                           "(SELECT hash FROM audit ORDER BY seq DESC LIMIT 1)");
    if (auto status = collectStatus(stmt,
                                    [&](Statement &s) {
                                        mark.lastRecord = s.int64(0);
                                        mark.lastEntity = s.int64(1);
                                        mark.lastAudit = s.int64(2);
                                        mark.lastAuditHash = s.isNull(3) ? std::string() : s.text(3);
                                    });
        !status) {
        return status.error();
    }
    return mark;
}

template <typename Included>
Status SqliteStore::readMentions(Statement &stmt, GraphSnapshot &snap, const DenseIndex &indexOf,
                                 const Canonical &canonical, Included included, std::vector<PairEvidence> &pairs)
{
    std::vector<RecordRowId> lastRecordOf(snap.entities.size(), -1);
    CoMentions coMentions(pairs);
    auto status = collectStatus(stmt, [&](Statement &s) {
        const RecordRowId record = s.int64(0);
        if (!included(record)) {
            return;
        }
        const EntityId entity = canonical(s.int64(1));
        const std::uint32_t at = indexOf.find(entity);
        if (at == DenseIndex::kNone) {
            return;
        }
        std::string role = s.text(2);
        EntityInfo &info = snap.entities[at];
        if (info.type == EntityType::Person && isPersonRole(role)) {
            info.roles.insert(roleFromMention(role));
        }
        if (lastRecordOf[at] != record) {
            lastRecordOf[at] = record;
            ++info.recordCount;
        }
        coMentions.add(record, at);
        snap.mentions.push_back({record, entity, std::move(role), s.integer(3) != 0});
    });
    coMentions.flush();
    return status;
}

template <typename Included>
Status SqliteStore::readLinks(Statement &stmt, const DenseIndex &indexOf, const Canonical &canonical,
                              Included included, RelationNames &relations, std::vector<PairEvidence> &pairs)
{
    return collectStatus(stmt, [&](Statement &s) {
        const RecordRowId record = s.int64(2);
        if (!included(record)) {
            return;
        }
        const std::uint32_t a = indexOf.find(canonical(s.int64(0)));
        const std::uint32_t b = indexOf.find(canonical(s.int64(1)));
        if (a == b || a == DenseIndex::kNone || b == DenseIndex::kNone) {
            return;
        }
        pairs.push_back({std::min(a, b), std::max(a, b), record, relations.indexOf(s.view(3))});
    });
}

Result<std::optional<GraphSnapshot>> SqliteStore::extendSnapshot(const GraphSnapshot &previous,
                                                                 const TimeWindow &window, Date asOf)
{
    // A window would need records outside it, which the previous snapshot did not keep; another
    // day changes which actions are overdue.
    const SnapshotMark &was = previous.mark;
    if (!was.fromStore || !window.unbounded() || !was.window.unbounded() || previous.asOf != asOf) {
        return std::optional<GraphSnapshot>{}; // read afresh
    }
    // The same database: its audit log still holds the entry the snapshot saw last (a snapshot of
    // another database, or of this one before a backup was restored, is read afresh).
    std::string lastHash;
    auto &lastSeen = statement("SELECT hash FROM audit WHERE seq = ?1");
    lastSeen.bind(1, was.lastAudit);
    if (auto status = collectStatus(lastSeen, [&](Statement &s) { lastHash = s.text(0); }); !status) {
        return status.error();
    }
    if (lastHash != was.lastAuditHash) {
        return std::optional<GraphSnapshot>{}; // read afresh
    }
    // Only imports since, says the audit log. A merge, unmerge, amendment or action status change
    // alters what the snapshot holds already, so it is read afresh.
    bool onlyImports = true;
    auto &auditStmt = statement("SELECT action FROM audit WHERE seq > ?1");
    auditStmt.bind(1, was.lastAudit);
    if (auto status = collectStatus(auditStmt, [&](Statement &s) { onlyImports = onlyImports && onlyAddsRecords(s.view(0)); });
        !status) {
        return status.error();
    }
    // And, whatever the audit says, no record retired (an amendment retires one).
    auto &stillCurrent = statement("SELECT count(*) FROM records WHERE current = 1 AND row_id <= ?1");
    stillCurrent.bind(1, was.lastRecord);
    std::int64_t current = -1;
    if (auto status = collectStatus(stillCurrent, [&](Statement &s) { current = s.int64(0); }); !status) {
        return status.error();
    }
    if (!onlyImports || current != was.currentRecords) {
        return std::optional<GraphSnapshot>{}; // read afresh
    }
    auto mark = readMark(window);
    if (!mark) {
        return mark.error();
    }
    auto mergedMap = activeMergeMap();
    if (!mergedMap) {
        return mergedMap.error();
    }
    const Canonical canonical(*mergedMap);
    const RecordRowId after = was.lastRecord;

    // Records, entities and mentions come after the previous ones in id order: copied with room
    // for what is new, so that neither is moved again to grow.
    const auto countAfter = [&](const char *sql, std::int64_t id) -> Result<std::size_t> {
        auto &stmt = statement(sql);
        stmt.bind(1, id);
        std::int64_t count = 0;
        if (auto status = collectStatus(stmt, [&](Statement &s) { count = s.int64(0); }); !status) {
            return status.error();
        }
        return static_cast<std::size_t>(count);
    };
    auto newRecords = countAfter("SELECT count(*) FROM records WHERE current = 1 AND row_id > ?1", after);
    auto newEntities = countAfter("SELECT count(*) FROM entities WHERE id > ?1", was.lastEntity);
    auto newMentions = countAfter("SELECT count(*) FROM mentions WHERE record > ?1", after);
    if (!newRecords || !newEntities || !newMentions) {
        return (!newRecords ? newRecords : !newEntities ? newEntities : newMentions).error();
    }
    GraphSnapshot snap;
    snap.asOf = asOf;
    snap.mark = *mark;
    snap.mark.currentRecords = was.currentRecords + static_cast<std::int64_t>(*newRecords);
    snap.mark.extended = true;
    snap.records.reserve(previous.records.size() + *newRecords);
    snap.records = previous.records;
    snap.entities.reserve(previous.entities.size() + *newEntities);
    snap.entities = previous.entities;
    snap.mentions.reserve(previous.mentions.size() + *newMentions);
    snap.mentions = previous.mentions;
    snap.children = previous.children;
    snap.missing = previous.missing;

    auto &recordStmt = statement("SELECT row_id, ext_id, kind, at, g_source, g_intelligence, g_handling, reliability, "
                                 "accuracy FROM records WHERE current = 1 AND row_id > ?1 ORDER BY row_id");
    recordStmt.bind(1, after);
    if (auto status = collectStatus(recordStmt, [&](Statement &s) {
            RecordInfo r = readRecordInfo(s);
            r.id = s.text(1);
            r.grading = readGrading(s, 4);
            snap.records.push_back(std::move(r));
        });
        !status) {
        return status.error();
    }
    const auto isNew = [&](RecordRowId rowId) { return rowId > after && snap.findRecord(rowId) != nullptr; };

    bool foldedSince = false; // an entity created since and already merged away: read afresh
    auto &entityStmt = statement("SELECT id, type, key, label, attrs FROM entities WHERE id > ?1 ORDER BY id");
    entityStmt.bind(1, was.lastEntity);
    if (auto status = collectStatus(entityStmt, [&](Statement &s) {
            EntitySummary e = readEntity(s);
            foldedSince = foldedSince || canonical.mergedAway(e.id);
            snap.entities.push_back({e.id, e.type, std::move(e.key), std::move(e.label), std::move(e.attributes), {}, {}, 0});
        });
        !status) {
        return status.error();
    }
    if (foldedSince) {
        return std::optional<GraphSnapshot>{}; // read afresh
    }
    const DenseIndex indexOf(snap.entities, [](const EntityInfo &e) { return e.id; });

    std::vector<PairEvidence> pairs;
    RelationNames relations;
    const std::size_t firstNewMention = snap.mentions.size();
    auto &mentionStmt = statement("SELECT record, entity, role, extracted FROM mentions WHERE record > ?1 ORDER BY record");
    mentionStmt.bind(1, after);
    if (auto status = readMentions(mentionStmt, snap, indexOf, canonical, isNew, pairs); !status) {
        return status.error();
    }
    auto &linkStmt = statement("SELECT a, b, record, relation FROM links WHERE record > ?1");
    linkStmt.bind(1, after);
    if (auto status = readLinks(linkStmt, indexOf, canonical, isNew, relations, pairs); !status) {
        return status.error();
    }
    relations.sort(pairs);

    // Entities the new records name may have learnt attributes (the first statement of a fact
    // wins, so an import adds them): read again, with those of the entities folded into them.
    std::vector<EntityId> touched;
    for (std::size_t i = firstNewMention; i < snap.mentions.size(); ++i) {
        touched.push_back(snap.mentions[i].entity);
    }
    for (const PairEvidence &pair : pairs) {
        touched.push_back(snap.entities[pair.a].id);
        touched.push_back(snap.entities[pair.b].id);
    }
    snap.links = mergeLinks(previous.links, relations.links(pairs, snap.entities));
    std::vector<PairEvidence>().swap(pairs);

    std::vector<EntityId> screenedAgain;
    auto &screenedStmt = statement("SELECT record, child FROM screenings WHERE record > ?1");
    screenedStmt.bind(1, after);
    if (auto status = collectStatus(screenedStmt, [&](Statement &s) {
            if (isNew(s.int64(0))) {
                screenedAgain.push_back(canonical(s.int64(1)));
            }
        });
        !status) {
        return status.error();
    }
    std::vector<MissingInfo> missing;
    auto &missingStmt = statement("SELECT record, child, went_missing_at, returned_at, found_at, found_with "
                                  "FROM missing_episodes WHERE record > ?1 ORDER BY went_missing_at, record");
    missingStmt.bind(1, after);
    if (auto status = collectStatus(missingStmt, [&](Statement &s) {
            if (isNew(s.int64(0))) {
                missing.push_back(readMissingRow(s, canonical));
            }
        });
        !status) {
        return status.error();
    }
    for (const MissingInfo &row : missing) {
        touched.push_back(row.child);
        if (row.foundAt) {
            touched.push_back(*row.foundAt);
        }
        touched.insert(touched.end(), row.foundWith.begin(), row.foundWith.end());
    }
    touched.insert(touched.end(), screenedAgain.begin(), screenedAgain.end());
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());

    auto &oneEntity = statement("SELECT id, type, key, label, attrs FROM entities WHERE id = ?1");
    const auto readOne = [&](EntityId id) -> Result<std::optional<EntitySummary>> {
        oneEntity.bind(1, id);
        std::optional<EntitySummary> found;
        if (auto status = collectStatus(oneEntity, [&](Statement &s) { found = readEntity(s); }); !status) {
            return status.error();
        }
        return found;
    };
    for (const EntityId id : touched) {
        const std::uint32_t at = indexOf.find(id);
        if (id > was.lastEntity || at == DenseIndex::kNone) {
            continue; // read whole above, or not in the snapshot
        }
        EntityInfo &info = snap.entities[at];
        auto own = readOne(id);
        if (!own) {
            return own.error();
        }
        if (!*own) {
            return std::optional<GraphSnapshot>{}; // read afresh
        }
        info.key = std::move((*own)->key);
        info.label = std::move((*own)->label);
        info.attributes = std::move((*own)->attributes);
        for (const EntityId from : info.mergedFrom) {
            auto folded = readOne(from);
            if (!folded) {
                return folded.error();
            }
            if (*folded) {
                info.attributes.insert((*folded)->attributes.begin(), (*folded)->attributes.end());
            }
        }
    }

    // A child screened since: its whole history again (merges can join several), as the full
    // read finds it, and the open actions of its latest screening.
    std::sort(screenedAgain.begin(), screenedAgain.end());
    screenedAgain.erase(std::unique(screenedAgain.begin(), screenedAgain.end()), screenedAgain.end());
    auto &historyStmt = statement("SELECT record, child, screened_at, computed, final FROM screenings "
                                  "WHERE child = ?1 ORDER BY screened_at, record");
    auto &actionStmt = statement("SELECT due FROM actions WHERE screening = ?1 AND status = 'open'");
    for (const EntityId child : screenedAgain) {
        const std::uint32_t at = indexOf.find(child);
        if (at == DenseIndex::kNone) {
            continue;
        }
        std::vector<EntityId> stored = snap.entities[at].mergedFrom;
        stored.push_back(child);
        std::sort(stored.begin(), stored.end());
        std::vector<ScreeningRow> history;
        for (const EntityId id : stored) {
            historyStmt.bind(1, id);
            if (auto status = collectStatus(historyStmt, [&](Statement &s) {
                    if (snap.findRecord(s.int64(0)) != nullptr) { // current (the window is whole)
                        history.push_back(readScreeningRow(s, canonical));
                    }
                });
                !status) {
                return status.error();
            }
        }
        std::stable_sort(history.begin(), history.end(),
                         [](const ScreeningRow &x, const ScreeningRow &y) { return x.screenedAt < y.screenedAt; });
        auto latest = latestScreening(history, window);
        if (!latest) {
            continue;
        }
        // Named, not a structured binding: the lambda below uses it, which clang 14 does not allow.
        ChildRisk &risk = latest->first;
        const RecordRowId record = latest->second;
        risk.screeningId = snap.findRecord(record)->id;
        actionStmt.bind(1, record);
        if (auto status = collectStatus(actionStmt, [&](Statement &s) {
                ++risk.openActions;
                if (!s.isNull(0)) {
                    const auto due = parseDate(s.view(0));
                    risk.overdueActions += due && *due < asOf ? 1 : 0;
                }
            });
            !status) {
            return status.error();
        }
        snap.entities[at].roles.insert(SubjectRole::Victim);
        const auto place = std::lower_bound(snap.children.begin(), snap.children.end(), child,
                                            [](const ChildRisk &c, EntityId id) { return c.child < id; });
        if (place != snap.children.end() && place->child == child) {
            *place = std::move(risk);
        } else {
            snap.children.insert(place, std::move(risk));
        }
    }

    addEpisodesInOrder(snap.missing, std::move(missing), [](const MissingInfo &e) -> const DateTime & {
        return e.wentMissingAt;
    });
    return std::optional<GraphSnapshot>(std::move(snap));
}

Result<GraphSnapshot> SqliteStore::readSnapshot(const TimeWindow &window, Date asOf)
{
    GraphSnapshot snap;
    snap.asOf = asOf;
    auto mark = readMark(window);
    if (!mark) {
        return mark.error();
    }
    auto mergedMap = activeMergeMap();
    if (!mergedMap) {
        return mergedMap.error();
    }
    const auto &merged = *mergedMap;
    const Canonical canonical(merged);

    // Records in the window, as a dense bitmap over row ids for the joins below (1 = current and in
    // the window, 2 = current but outside it). The covering index records_current keeps this scan
    // off the pages holding the records' JSON.
    std::vector<char> included;
    std::unordered_map<RecordRowId, std::string> screeningIdsOutside;
    auto &recordStmt = statement("SELECT row_id, ext_id, kind, at, g_source, g_intelligence, g_handling, reliability, "
                                 "accuracy FROM records WHERE current = 1 ORDER BY row_id");
    if (auto status = collectStatus(recordStmt, [&](Statement &s) {
            RecordInfo r = readRecordInfo(s);
            ++mark->currentRecords;
            if (included.size() <= static_cast<std::size_t>(r.rowId)) {
                included.resize(static_cast<std::size_t>(r.rowId) * 2 + 1, 0);
            }
            if (!window.contains(r.at)) {
                included[static_cast<std::size_t>(r.rowId)] = 2;
                if (r.kind == RecordKind::Screening) {
                    screeningIdsOutside.emplace(r.rowId, s.text(1));
                }
                return;
            }
            included[static_cast<std::size_t>(r.rowId)] = 1;
            r.id = s.text(1);
            r.grading = readGrading(s, 4);
            snap.records.push_back(std::move(r));
        });
        !status) {
        return status.error();
    }
    const auto isCurrent = [&](RecordRowId rowId) {
        return rowId >= 0 && static_cast<std::size_t>(rowId) < included.size() &&
               included[static_cast<std::size_t>(rowId)] != 0;
    };
    const auto isIncluded = [&](RecordRowId rowId) {
        return rowId >= 0 && static_cast<std::size_t>(rowId) < included.size() &&
               included[static_cast<std::size_t>(rowId)] == 1;
    };

    // Millions of entities and mentions: reserve once rather than move them all on every doubling.
    if (auto count = queryInt("SELECT count(*) FROM entities"); count) {
        snap.entities.reserve(static_cast<std::size_t>(*count));
    }
    if (auto count = queryInt("SELECT count(*) FROM mentions"); count) {
        snap.mentions.reserve(static_cast<std::size_t>(*count));
    }
    auto &entityStmt = statement("SELECT id, type, key, label, attrs FROM entities ORDER BY id");
    std::vector<std::pair<EntityId, EntitySummary>> foldedAway;
    if (auto status = collectStatus(entityStmt, [&](Statement &s) {
            EntitySummary e = readEntity(s);
            if (merged.contains(e.id)) {
                foldedAway.emplace_back(canonical(e.id), std::move(e));
                return;
            }
            EntityInfo info;
            info.id = e.id;
            info.type = e.type;
            info.key = std::move(e.key);
            info.label = std::move(e.label);
            info.attributes = std::move(e.attributes);
            snap.entities.push_back(std::move(info));
        });
        !status) {
        return status.error();
    }
    const DenseIndex indexOf(snap.entities, [](const EntityInfo &e) { return e.id; });
    for (auto &[kept, e] : foldedAway) {
        const std::uint32_t at = indexOf.find(kept);
        if (at == DenseIndex::kNone) {
            continue;
        }
        EntityInfo &info = snap.entities[at];
        info.mergedFrom.push_back(e.id);
        info.attributes.insert(e.attributes.begin(), e.attributes.end());
    }

    // Mentions grouped by record give both the mention list and the co-mention links.
    std::vector<PairEvidence> pairs;
    RelationNames relations;
    auto &mentionStmt = statement("SELECT record, entity, role, extracted FROM mentions ORDER BY record");
    if (auto status = readMentions(mentionStmt, snap, indexOf, canonical, isIncluded, pairs); !status) {
        return status.error();
    }
    auto &linkStmt = statement("SELECT a, b, record, relation FROM links");
    if (auto status = readLinks(linkStmt, indexOf, canonical, isIncluded, relations, pairs); !status) {
        return status.error();
    }
    relations.sort(pairs);
    snap.links = relations.links(pairs, snap.entities);
    std::vector<PairEvidence>().swap(pairs);

    // Children: each one's latest current screening up to the window's end, and the one before it
    // for the trend. Only what the snapshot needs is read (no inputs, rules or action texts).
    std::vector<ScreeningRow> screenings;
    auto &screeningStmt = statement("SELECT record, child, screened_at, computed, final FROM screenings "
                                    "ORDER BY child, screened_at, record");
    if (auto status = collectStatus(screeningStmt, [&](Statement &s) {
            if (isCurrent(s.int64(0))) {
                screenings.push_back(readScreeningRow(s, canonical));
            }
        });
        !status) {
        return status.error();
    }
    const auto screeningId = [&](RecordRowId rowId) {
        if (const RecordInfo *inside = snap.findRecord(rowId)) {
            return inside->id;
        }
        const auto outside = screeningIdsOutside.find(rowId);
        return outside == screeningIdsOutside.end() ? std::string() : outside->second;
    };
    // Merges can interleave two children's histories: order by child, then date.
    std::stable_sort(screenings.begin(), screenings.end(), [](const ScreeningRow &x, const ScreeningRow &y) {
        return std::tie(x.child, x.screenedAt) < std::tie(y.child, y.screenedAt);
    });
    // Each child's latest screening, then one pass over the open actions for their counts (one
    // scan in table order beats a query per child by far at a million screenings).
    std::vector<std::uint32_t> childOfScreening;
    for (std::size_t i = 0; i < screenings.size();) {
        std::size_t end = i;
        while (end < screenings.size() && screenings[end].child == screenings[i].child) {
            ++end;
        }
        const std::uint32_t at = indexOf.find(screenings[i].child);
        auto latest = latestScreening(std::span(screenings).subspan(i, end - i), window);
        if (latest && at != DenseIndex::kNone) {
            auto &[risk, record] = *latest;
            risk.screeningId = screeningId(record);
            if (childOfScreening.size() <= static_cast<std::size_t>(record)) {
                childOfScreening.resize(std::max(included.size(), static_cast<std::size_t>(record) + 1),
                                        DenseIndex::kNone);
            }
            childOfScreening[static_cast<std::size_t>(record)] = static_cast<std::uint32_t>(snap.children.size());
            snap.entities[at].roles.insert(SubjectRole::Victim);
            snap.children.push_back(std::move(risk));
        }
        i = end;
    }
    if (!snap.children.empty()) {
        auto &actionStmt = statement("SELECT screening, due FROM actions WHERE status = 'open'");
        if (auto status = collectStatus(actionStmt, [&](Statement &s) {
                const RecordRowId screening = s.int64(0);
                if (screening < 0 || static_cast<std::size_t>(screening) >= childOfScreening.size() ||
                    childOfScreening[static_cast<std::size_t>(screening)] == DenseIndex::kNone) {
                    return;
                }
                ChildRisk &risk = snap.children[childOfScreening[static_cast<std::size_t>(screening)]];
                ++risk.openActions;
                if (!s.isNull(1)) {
                    const auto due = parseDate(s.view(1));
                    if (due && *due < asOf) {
                        ++risk.overdueActions;
                    }
                }
            });
            !status) {
            return status.error();
        }
    }

    // By date, then record: the order a later import's episodes are merged in (snapshotAfter).
    auto &missingStmt = statement("SELECT record, child, went_missing_at, returned_at, found_at, found_with "
                                  "FROM missing_episodes ORDER BY went_missing_at, record");
    if (auto status = collectStatus(missingStmt, [&](Statement &s) {
            if (isIncluded(s.int64(0))) {
                snap.missing.push_back(readMissingRow(s, canonical));
            }
        });
        !status) {
        return status.error();
    }

    if (window.since || window.until) {
        // Outside the window an entity that nothing mentions is noise; children with a
        // screening in force stay.
        std::unordered_set<EntityId> screened;
        for (const auto &child : snap.children) {
            screened.insert(child.child);
        }
        std::erase_if(snap.entities,
                      [&](const EntityInfo &e) { return e.recordCount == 0 && !screened.contains(e.id); });
    }
    snap.mark = *mark;
    return snap;
}

} // namespace

ScreeningText screeningText(const Screening &input, const Assessment &assessment)
{
    return {rulesToJson(assessment.rules).dump(), screeningToJson(input).dump()};
}

namespace {

/// A reader that may not write the database or its folder cannot make the -shm file that WAL
/// mode reads through ("attempt to write a readonly database"), nor should it leave one there.
/// Without a -wal file nobody has the database open, so it can be read as an immutable file.
bool readAsImmutable(const std::filesystem::path &path)
{
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    if (::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0) {
        return false;
    }
    struct stat info {};
    return ::stat((path.string() + "-wal").c_str(), &info) != 0;
}

/// An SQLite URI naming `path` read as immutable (every byte that could be read as syntax escaped).
std::string immutableUri(const std::string &path)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += c;
        } else {
            uri += '%';
            uri += kHex[byte >> 4];
            uri += kHex[byte & 0xf];
        }
    }
    return uri + "?immutable=1";
}

} // namespace

Result<std::unique_ptr<Store>> openSqliteStore(const std::filesystem::path &path, const StoreOptions &options)
{
    const std::string name = path.string();
    const bool inMemory = name == ":memory:";
    if (const auto problem = inMemory ? std::nullopt : whyUnreadable(path); problem && !problem->missing) {
        // A pipe, a folder or a link loop: say so, not SQLite's "disk I/O error".
        return Error{ErrorCode::Io, "cannot open the database: " + problem->reason, name, {}, {}};
    }
    if (!inMemory && !options.readOnly) {
        // Create the file ourselves so that it is owner-only from its first byte; SQLite
        // gives the -wal and -shm files the same mode as the database.
        const int fd = ::open(name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
        if (fd < 0) {
            return Error{ErrorCode::Io, "cannot create or open the database: " + std::string(std::strerror(errno)),
                         name, {}, {}};
        }
        ::close(fd);
    }
    // SQLite's memory statistics take a global mutex on every allocation, and a large import
    // makes millions; Harbour never reads them. Must precede SQLite's initialisation, so it is
    // set before the first open (and quietly refused if something initialised SQLite earlier).
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    sqlite3 *db = nullptr;
    const bool immutable = !inMemory && options.readOnly && readAsImmutable(path);
    const int flags = (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX | (immutable ? SQLITE_OPEN_URI : 0);
    const std::string target = immutable ? immutableUri(name) : name;
    if (sqlite3_open_v2(target.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        return Error{ErrorCode::Database, "cannot open the database: " + message, name, {}, {}};
    }
    auto store = std::make_unique<SqliteStore>(db, options);
    if (auto status = store->initialise(); !status) {
        Error error = status.error();
        error.file = name;
        return error;
    }
    return std::unique_ptr<Store>(std::move(store));
}

Status verifyAuditChain(const std::vector<AuditEntry> &entries)
{
    std::string prev;
    std::int64_t lastSeq = 0;
    for (const auto &entry : entries) {
        const std::string expected = sha256Hex(entry.prevHash + "\n" + entry.at + "\n" + entry.user + "\n" +
                                               entry.action + "\n" + entry.object + "\n" + entry.detail);
        std::string problem;
        if (lastSeq != 0 && entry.seq != lastSeq + 1) {
            problem = "entry " + std::to_string(lastSeq + 1) + " is missing";
        } else if (entry.prevHash != prev) {
            problem = "entry " + std::to_string(entry.seq) + " does not follow the entry before it";
        } else if (entry.hash != expected) {
            problem = "entry " + std::to_string(entry.seq) + " was altered after it was written";
        }
        if (!problem.empty()) {
            return makeError(ErrorCode::Integrity, "audit chain broken: " + problem);
        }
        prev = entry.hash;
        lastSeq = entry.seq;
    }
    return {};
}

} // namespace harbour

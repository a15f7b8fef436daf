#pragma once

#include "harbour/analysis/analysis_policy.h"
#include "harbour/children.h"
#include "harbour/report/diagram.h"
#include "harbour/result.h"
#include "harbour/snapshot.h"
#include "harbour/store.h"
#include "harbour/tactics.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

/// The strategy meeting briefing: assembled from the store as plain data (already
/// pseudonymised when asked), then rendered to PDF or self-contained HTML.
namespace harbour::report {

/// The strategy meeting briefing (Cluster, Child, Panel), the problem profile (Profile) and the
/// two MACE packs: child-focused (MaceChild) and contextual (MaceContext, an area or a premises).
enum class BriefingScope { Cluster, Child, Panel, Profile, MaceChild, MaceContext };

/// Who the briefing is marked for. Beyond the police, children are pseudonymised unless the
/// analyst explicitly decides otherwise (pseudonymiseByDefault).
enum class BriefingAudience { Police, Partners };

/// "police" or "partners"; nullopt for anything else.
std::optional<BriefingAudience> parseAudience(std::string_view text);
std::string_view audienceName(BriefingAudience audience);
/// True when the audience is beyond the police: the default callers apply to `pseudonymise`.
constexpr bool pseudonymiseByDefault(BriefingAudience audience) { return audience != BriefingAudience::Police; }

struct BriefingRequest {
    BriefingScope scope = BriefingScope::Panel;
    std::string cluster; ///< BriefingScope::Cluster
    EntityId child = 0;  ///< BriefingScope::Child and MaceChild
    /// Profile and MaceContext: a postcode district ("DY1"); empty for the whole database
    /// (Profile). Its premises and places, the people and vehicles linked to them and the
    /// children who live there.
    std::string area;
    EntityId premises = 0; ///< MaceContext: a premises, place or vehicle (instead of an area)
    int beforeAfterDays = 90; ///< before and after a disruption: the longest window either side
    bool pseudonymise = false;
    BriefingAudience audience = BriefingAudience::Police;
    /// Partners only: quote the text of records under handling code C (conditions apply) too.
    /// Without it a partner briefing keeps that such a record exists, its date and whom to ask,
    /// but not what it says. An explicit decision, recorded in the audit entry.
    bool includeConditional = false;
    TimeWindow window;
    Date asOf{};
    int childSteps = 2;     ///< BriefingScope::Child: entities within this many links
    std::size_t panelNodes = 60; ///< BriefingScope::Panel: the diagram keeps this many entities
    /// BriefingScope::Child: the scope keeps at most this many, the nearest first. Shared
    /// places and phones can put thousands within two links: minutes to lay out.
    std::size_t childNodes = 500;
    /// BriefingScope::Child: the diagram draws at most this many of the scope (the child, the
    /// nearest, then the highest-ranked); the tables still cover all of it. Hundreds of symbols
    /// on an A4 page are a blot no panel can read. 0 draws the whole scope.
    std::size_t childDrawn = 80;
    std::size_t maxRecords = 60; ///< source records listed (most recent first)
};

/// A table as printed: every cell is text the renderer escapes, nothing else.
struct BriefingTable {
    std::vector<std::string> header;
    std::vector<double> widths; ///< relative column widths, one per header cell
    std::vector<std::vector<std::string>> rows;
    /// Columns holding a risk level ("significant", ...) that renderers colour.
    std::vector<std::size_t> riskColumns;
    std::string empty; ///< printed instead of the table when it has no rows
};

struct BriefingSection {
    std::string heading;
    std::vector<std::string> paragraphs; ///< before the table
    BriefingTable table;
    std::vector<std::string> notes; ///< after the table, small print
    enum class Figure { None, Diagram, Timeline } figure = Figure::None;
};

/// Counts per month for the timeline chart.
struct TimelineMonth {
    int year = 0;
    int month = 0;
    int reports = 0;
    int screenings = 0;
    int missing = 0;
};

struct BriefingData {
    std::string marking = "OFFICIAL-SENSITIVE";
    /// Who may read it, printed under the marking: "Police only", "For partner agencies: ...".
    std::string handling;
    std::string title;     ///< "Strategy meeting briefing"
    std::string scopeText; ///< "cluster C1", "Child A (14)", "panel"
    std::string subtitle;  ///< "Cluster C1: 14 entities, 4 children"
    std::vector<std::pair<std::string, std::string>> facts; ///< purpose, date, prepared by, window, ...
    std::vector<std::pair<std::string, std::string>> numbers; ///< the summary in numbers
    std::vector<BriefingSection> sections; ///< in the order a chair reads them
    Diagram diagram;
    std::vector<TimelineMonth> timeline;
    bool pseudonymised = false;
};

/// What the app already holds when it asks for a briefing: one read of the store for the
/// request's window and date, and the analyses of that read made with the same policy. Lent, not
/// copied; each one left null is read (or run) again. At a million reports reading the snapshot
/// and analysing it again takes more than a minute, and a briefing made from a second analysis
/// could disagree with the pages the analyst chose its cluster on.
struct BriefingSources {
    const GraphSnapshot *snapshot = nullptr;
    /// Made from *snapshot; ignored without it.
    const analysis::AnalysisResult *analysis = nullptr;
    const std::vector<ChildRow> *children = nullptr; ///< childRows(store, request.asOf)
    const std::vector<StoredMissingEpisode> *missing = nullptr; ///< store.missingEpisodes()
};

/// Reads the store, runs the analyses and assembles the briefing. With `pseudonymise`, every
/// known name and alias of each child is replaced by "Child A (14)" in every string of the
/// result, diagram labels and narrative excerpts included. `tactics` may be null (no catalogue:
/// the suggested tactics column stays empty). What `loaded` lends is used instead of reading it.
/// Fails with NotFound for an unknown cluster or child, Database for store failures.
Result<BriefingData> assembleBriefing(Store &store, const BriefingRequest &request,
                                      const analysis::AnalysisPolicy &policy, const TacticsCatalogue *tactics,
                                      const BriefingSources &loaded = {});

/// What `harbour brief` and the app's briefing dialog both do: assembles the briefing, writes it
/// to `out` (writeBriefing) and records the export, its audience, whether children are named and,
/// for partners, whether code-C text is included in the store's audit log. Errors as
/// assembleBriefing and writeBriefing.
Result<BriefingData> produceBriefing(Store &store, const BriefingRequest &request,
                                     const analysis::AnalysisPolicy &policy, const TacticsCatalogue *tactics,
                                     const std::filesystem::path &out, const BriefingSources &loaded = {});

/// Self-contained HTML (inline CSS and SVG, no external references), every string escaped.
/// Needs a QGuiApplication for the SVG figures (see ensureGuiApplication()).
std::string renderHtml(const BriefingData &briefing);

/// Writes an A4 PDF with the marking in the header and footer of every page. Io on failure.
Status renderPdf(const BriefingData &briefing, const std::filesystem::path &path);

/// Renders by extension (.pdf or .html/.htm; Usage otherwise) into a file created with
/// owner-only permissions. Creates the QGuiApplication it needs (offscreen when there is no
/// display).
Status writeBriefing(const BriefingData &briefing, const std::filesystem::path &path);

/// Makes sure a QGuiApplication exists, so painting works from the command line: sets
/// QT_QPA_PLATFORM=offscreen when there is no DISPLAY or WAYLAND_DISPLAY and the variable is
/// unset. The application object lives until exit. Call from the main thread.
void ensureGuiApplication();

/// Replaces names in text: every given name or alias, whole words, longest first. Names are
/// matched in any case, except short ones (under 4 characters) and ones written in capitals
/// (initials such as "AS"), which are matched exactly as written. Names and text are compared in
/// NFC (the text comes back in NFC), so a name typed with combining accents is still found.
/// Used for pseudonymisation.
/// A panel briefing at a million reports names hundreds of thousands of children: names are
/// found by hashing the text between word boundaries, so adding is constant time and applying
/// costs the text times the longest name's length, however many names there are.
class Redactor {
public:
    /// The first replacement given for a name keeps it.
    void add(std::string_view name, const std::string &replacement);
    std::string apply(const std::string &text) const;
    bool empty() const { return m_replacements.empty(); }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    using Index = std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>>;

    /// The replacement given first for `text` as written or `low` in any case; nullptr if none.
    const std::string *find(std::string_view text, std::string_view low) const;

    std::vector<std::string> m_replacements; ///< in the order the names were given
    Index m_exact;                           ///< name as written -> its replacement's position
    Index m_anyCase;                         ///< lower-cased name -> its replacement's position
    std::size_t m_longest = 0;
};

} // namespace harbour::report

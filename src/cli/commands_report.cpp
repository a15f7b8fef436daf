#include "cli_common.h"
#include "commands.h"

#include "harbour/analysis/analysis.h"
#include "harbour/tactics.h"

#ifdef HARBOUR_HAVE_EXPORTERS
#include "harbour/exporters/exporter.h"
#include "harbour/report/diagram.h"
#endif
#ifdef HARBOUR_HAVE_REPORT
#include "harbour/report/briefing.h"
#endif

#include <cctype>
#include <iostream>

namespace harbour::cli {

namespace {

struct ReportArgs {
    std::string db;
    std::string out;
    std::string format;
    std::string cluster;
    std::int64_t child = 0;
    bool panel = false;
    bool profile = false;
    std::string mace;  ///< child or context
    std::string area;  ///< postcode district
    std::int64_t premises = 0;
    bool pseudonymise = false;
    bool noPseudonymise = false;
    bool includeConditional = false;
    std::string share = "police";
    AnalysisScope scope;
};

#ifdef HARBOUR_HAVE_EXPORTERS
int runExport(const ReportArgs &args)
{
    require(exporters::exporterNamed(args.format)); // before the analyses: a typo fails at once
    const auto policy = args.scope.loadPolicy();
    auto store = openStore(args.db, true);
    const auto snapshot = identityView(*store, args.scope.snapshot(*store), policy).snapshot;
    const auto result = analysis::analyse(snapshot, policy);
    const auto outcome =
        require(exporters::exportNetwork(*store, snapshot, result, policy, args.format, args.cluster, args.out));
    for (const auto &path : outcome.files) {
        std::cout << "wrote " << path.string() << '\n';
    }
    std::cout << outcome.entities << " entities, " << outcome.links << " links\n";
    return kExitOk;
}
#endif

#ifdef HARBOUR_HAVE_REPORT
FatalError usage(const std::string &message, const std::string &option)
{
    return FatalError{Error{ErrorCode::Usage, message, {}, {}, option}};
}

/// "dy1 " -> "DY1": districts are written in capitals.
std::string districtOf(const std::string &given)
{
    std::string area;
    for (const char c : given) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            area += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return area;
}

/// The problem profile: --profile [--area DY1].
report::BriefingRequest profileRequest(const ReportArgs &args)
{
    if (!args.mace.empty()) {
        throw usage("give --profile or --mace, not both: a profile covers an area, a MACE pack one child or place",
                    "--profile");
    }
    if (!args.cluster.empty() || args.child != 0 || args.panel || args.premises != 0) {
        throw usage("--profile covers everything or one area (--area DY1); --cluster, --child, --panel and "
                    "--premises are for the other briefings",
                    "--profile");
    }
    report::BriefingRequest request;
    request.scope = report::BriefingScope::Profile;
    request.area = districtOf(args.area);
    return request;
}

/// A MACE pack: --mace child --child ID, or --mace context (--area DY1 | --premises ID).
report::BriefingRequest maceRequest(const ReportArgs &args)
{
    if (!args.cluster.empty() || args.panel) {
        throw usage("--mace packs take --child (child) or --area / --premises (context), not --cluster or --panel",
                    "--mace");
    }
    report::BriefingRequest request;
    if (args.mace == "child") {
        if (args.child == 0) {
            throw usage("--mace child needs --child ID (the child's entity id, as `harbour children` lists it)",
                        "--child");
        }
        if (!args.area.empty() || args.premises != 0) {
            throw usage("--mace child takes --child only; --area and --premises are for --mace context", "--mace");
        }
        request.scope = report::BriefingScope::MaceChild;
        request.child = args.child;
        return request;
    }
    if (args.mace == "context") {
        if (args.area.empty() == (args.premises == 0)) {
            throw usage("--mace context needs exactly one of --area DY1 (a postcode district) and --premises ID",
                        "--mace");
        }
        if (args.child != 0) {
            throw usage("--mace context is about places, not one child: use --mace child --child ID", "--child");
        }
        request.scope = report::BriefingScope::MaceContext;
        request.area = districtOf(args.area);
        request.premises = args.premises;
        return request;
    }
    throw usage("unknown MACE pack '" + args.mace + "' (child, context)", "--mace");
}

report::BriefingRequest briefingRequest(const ReportArgs &args)
{
    if (args.profile) {
        return profileRequest(args);
    }
    if (!args.mace.empty()) {
        return maceRequest(args);
    }
    if (!args.area.empty() || args.premises != 0) {
        throw usage("--area and --premises are for --profile and --mace context", args.area.empty() ? "--premises"
                                                                                                   : "--area");
    }
    const int scopes = (args.cluster.empty() ? 0 : 1) + (args.child != 0 ? 1 : 0) + (args.panel ? 1 : 0);
    if (scopes != 1) {
        throw usage("give exactly one of --cluster ID, --child ID, --panel, --profile or --mace child|context", {});
    }
    report::BriefingRequest request;
    if (!args.cluster.empty()) {
        request.scope = report::BriefingScope::Cluster;
        request.cluster = args.cluster;
    } else if (args.child != 0) {
        request.scope = report::BriefingScope::Child;
        request.child = args.child;
    } else {
        request.scope = report::BriefingScope::Panel;
    }
    return request;
}

int runBrief(const ReportArgs &args)
{
    report::BriefingRequest request = briefingRequest(args);
    const auto audience = report::parseAudience(args.share);
    if (!audience) {
        throw FatalError{Error{ErrorCode::Usage, "unknown audience '" + args.share + "' (police, partners)", {}, {},
                               "--share"}};
    }
    if (args.pseudonymise && args.noPseudonymise) {
        throw FatalError{Error{ErrorCode::Usage, "give at most one of --pseudonymise and --no-pseudonymise", {}, {},
                               {}}};
    }
    request.audience = *audience;
    request.pseudonymise =
        args.pseudonymise || (!args.noPseudonymise && report::pseudonymiseByDefault(*audience));
    if (!request.pseudonymise && request.audience != report::BriefingAudience::Police) {
        std::cerr << "warning: children are named in a briefing marked for partner agencies (--no-pseudonymise); "
                     "the decision is in the audit log\n";
    }
    request.includeConditional = args.includeConditional;
    if (request.includeConditional && request.audience == report::BriefingAudience::Police) {
        std::cerr << "note: --include-conditional changes nothing in a police briefing, which quotes every record\n";
    } else if (request.includeConditional) {
        std::cerr << "warning: the text of records under handling code C is quoted in a briefing marked for partner "
                     "agencies (--include-conditional); the decision is in the audit log\n";
    }
    request.window = args.scope.window();
    request.asOf = args.scope.day();
    const auto policy = args.scope.loadPolicy();
    auto tactics = TacticsCatalogue::shipped();

    auto store = openStore(args.db, true);
    const auto briefing =
        require(report::produceBriefing(*store, request, policy, tactics ? &tactics.value() : nullptr, args.out));
    std::cout << "wrote " << args.out << " (" << briefing.marking << ")\n";
    return kExitOk;
}
#endif

} // namespace

void addReportCommands([[maybe_unused]] CLI::App &app, [[maybe_unused]] Commands &commands)
{
    auto args = std::make_shared<ReportArgs>();
#ifdef HARBOUR_HAVE_REPORT
    CLI::App *brief = app.add_subcommand("brief", "Strategy meeting briefing (PDF or HTML) for a cluster, a child or "
                                                  "the panel; a problem profile; a MACE pack");
    brief->add_option("--db", args->db, "SQLite database file")->required();
    brief->add_option("--out", args->out, "Output file: .pdf or .html (created owner-only)")->required();
    brief->add_option("--cluster", args->cluster, "Cluster id, as `harbour analyse` lists them (C1, C2, ...)");
    brief->add_option("--child", args->child, "Entity id of a child");
    brief->add_flag("--panel", args->panel, "Every child at medium or significant risk");
    brief->add_flag("--profile", args->profile,
                    "Problem profile: victims, offenders and locations, sources and data quality (with --area: "
                    "one postcode district)");
    brief->add_option("--mace", args->mace,
                      "MACE panel pack: child (with --child ID) or context (with --area DY1 or --premises ID)");
    brief->add_option("--area", args->area, "Postcode district (DY1) for --profile or --mace context");
    brief->add_option("--premises", args->premises,
                      "Entity id of a premises, place or vehicle for --mace context");
    brief->add_flag("--pseudonymise", args->pseudonymise,
                    "Replace children's names everywhere with labels like \"Child A (14)\" (the default with "
                    "--share partners)");
    brief->add_flag("--no-pseudonymise", args->noPseudonymise,
                    "Name the children even in a briefing for partners (an explicit, audited decision)");
    brief->add_option("--share", args->share,
                      "Who it is marked for: police (default) or partners (beyond the police: pseudonymised "
                      "unless --no-pseudonymise)")
        ->capture_default_str();
    brief->add_flag("--include-conditional", args->includeConditional,
                    "Quote the text of records under handling code C (conditions apply) in a briefing for partners; "
                    "without it they show only that the record exists, its date and whom to ask (audited)");
    args->scope.addTo(*brief);
    commands.push_back({brief, [args] { return runBrief(*args); }});
#endif
#ifdef HARBOUR_HAVE_EXPORTERS
    CLI::App *exportCommand = app.add_subcommand("export", "Network for other tools: GraphML, i2 ANX, GeoJSON or CSV "
                                                           "tables");
    exportCommand->add_option("--db", args->db, "SQLite database file")->required();
    exportCommand->add_option("--format", args->format, "graphml, anx, geojson or csv")->required();
    exportCommand->add_option("--out", args->out, "Output file; for csv a folder receiving one file per table")
        ->required();
    exportCommand->add_option("--cluster", args->cluster, "Only this cluster (C1, C2, ...)");
    args->scope.addTo(*exportCommand);
    commands.push_back({exportCommand, [args] { return runExport(*args); }});
#endif
}

} // namespace harbour::cli

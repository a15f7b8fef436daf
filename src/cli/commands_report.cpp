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
int runBrief(const ReportArgs &args)
{
    const int scopes = (args.cluster.empty() ? 0 : 1) + (args.child != 0 ? 1 : 0) + (args.panel ? 1 : 0);
    if (scopes != 1) {
        throw FatalError{Error{ErrorCode::Usage, "give exactly one of --cluster ID, --child ID or --panel", {}, {}, {}}};
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
                                                  "the panel");
    brief->add_option("--db", args->db, "SQLite database file")->required();
    brief->add_option("--out", args->out, "Output file: .pdf or .html (created owner-only)")->required();
    brief->add_option("--cluster", args->cluster, "Cluster id, as `harbour analyse` lists them (C1, C2, ...)");
    brief->add_option("--child", args->child, "Entity id of a child");
    brief->add_flag("--panel", args->panel, "Every child at medium or significant risk");
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

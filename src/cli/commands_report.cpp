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
    AnalysisScope scope;
};

#ifdef HARBOUR_HAVE_EXPORTERS
int runExport(const ReportArgs &args)
{
    const auto *exporter = exporters::findExporter(args.format);
    if (!exporter) {
        throw FatalError{Error{ErrorCode::Usage, "unknown format '" + args.format + "' (graphml, anx, geojson, csv)",
                               {}, {}, "--format"}};
    }
    const auto policy = args.scope.loadPolicy();
    const Date asOf = args.scope.day();
    auto store = openStore(args.db, true);
    const auto snapshot = require(store->snapshot(args.scope.window(), asOf));
    const auto result = analysis::analyse(snapshot, policy);
    const auto focus =
        args.cluster.empty() ? report::DiagramFocus::everything() : report::DiagramFocus::ofCluster(args.cluster);
    const auto diagram = require(report::buildDiagram(snapshot, result, focus, policy));

    exporters::ExportInput input{snapshot, result, diagram, args.cluster};
    input.policy = &policy;
    const auto written = require(exporter->write(input, args.out));
    require(store->appendAudit("export", args.format + " " + (args.cluster.empty() ? "whole network" : args.cluster),
                               std::to_string(diagram.nodes.size()) + " entities, " +
                                   std::to_string(diagram.edges.size()) + " links to " + args.out));
    for (const auto &path : written) {
        std::cout << "wrote " << path.string() << '\n';
    }
    std::cout << diagram.nodes.size() << " entities, " << diagram.edges.size() << " links\n";
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
    request.pseudonymise = args.pseudonymise;
    request.window = args.scope.window();
    request.asOf = args.scope.day();
    const auto policy = args.scope.loadPolicy();
    auto tactics = TacticsCatalogue::shipped();

    auto store = openStore(args.db, true);
    const auto briefing =
        require(report::assembleBriefing(*store, request, policy, tactics ? &tactics.value() : nullptr));
    require(report::writeBriefing(briefing, args.out));
    require(store->appendAudit("export", "briefing " + briefing.scopeText,
                               std::string(args.pseudonymise ? "pseudonymised " : "") + "to " + args.out));
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
                    "Replace children's names everywhere with labels like \"Child A (14)\"");
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

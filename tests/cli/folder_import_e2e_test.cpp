// `harbour import FOLDER` end to end: every file under the folder is read or reported with its
// reason (upper-case extensions, subfolders, files no importer reads), and a file that cannot be
// read (a named pipe, a symlink loop, no permission, a header the importer refuses) is a rejected
// file: named with its reason, the next file is read, the summary printed and the exit is 1.
// Any other path Harbour reads (a policy, the database) says what it is instead of "not found".

#include "e2e_support.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace {

using namespace harbour::testing;
using namespace harbour::testing::e2e;

std::string report(const std::string &id)
{
    return R"({"kind": "information_report", "id": ")" + id +
           R"(", "reported_at": "2026-03-14T16:20:00Z", "reporter": {"name": "J. Smith", "agency": "Health"}, )"
           R"("source_type": "professional", "narrative": "Seen near the station."})"
           "\n";
}

std::string storedIds(const fs::path &db)
{
    return queryText(db, "SELECT group_concat(ext_id, ',') FROM (SELECT ext_id FROM records WHERE ext_id LIKE 'IR-F-%' ORDER BY ext_id)");
}

std::vector<std::string> importArgs(const fs::path &db, std::vector<std::string> extra)
{
    std::vector<std::string> args{"import", "--db", db.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

/// Runs harbour as an unprivileged user when the tests run as root, for whom every file is
/// readable: permission problems can only be seen without the privilege. `owned` is handed to
/// that user first (the database's folder).
CliRun runHarbourWithoutPrivilege(const TempDir &scratch, const std::vector<std::string> &args, const fs::path &owned)
{
    if (::geteuid() != 0) {
        return runHarbour(scratch, args);
    }
    constexpr uid_t kNobody = 65534;
    for (const auto &entry : fs::recursive_directory_iterator(owned)) {
        static_cast<void>(::lchown(entry.path().c_str(), kNobody, kNobody));
    }
    static_cast<void>(::chown(owned.c_str(), kNobody, kNobody));
    static_cast<void>(::chmod(scratch.path().c_str(), 0777));
    const fs::path outPath = scratch / "harbour.stdout";
    const fs::path errPath = scratch / "harbour.stderr";
    const pid_t child = ::fork();
    if (child == 0) {
        const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0 || ::setgid(kNobody) != 0 ||
            ::setuid(kNobody) != 0) {
            ::_exit(127);
        }
        std::vector<std::string> argv{kHarbour.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char *> pointers;
        for (auto &arg : argv) {
            pointers.push_back(arg.data());
        }
        pointers.push_back(nullptr);
        ::execv(kHarbour.c_str(), pointers.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    CliRun run;
    run.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = readText(outPath);
    run.err = readText(errPath);
    return run;
}

TEST(FolderImportE2e, ReadsUpperCaseExtensionsAndSubfoldersAndReportsEveryFileLeftOut)
{
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in / "sub" / "deeper");
    writeText(in / "A.JSONL", report("IR-F-1"));
    writeText(in / "b.Json", "[" + report("IR-F-2") + "]");
    writeText(in / "sub" / "c.jsonl", report("IR-F-3"));
    writeText(in / "sub" / "deeper" / "d.ndjson", report("IR-F-4"));
    writeText(in / "notes.txt", "not records\n");
    writeText(in / "ground-truth.json", "{}");
    const fs::path db = dir / "h.db";

    const CliRun run = runHarbour(dir, importArgs(db, {"--json", in.string()}));
    EXPECT_EQ(run.exit, 0) << run.err;
    EXPECT_EQ(storedIds(db), "IR-F-1,IR-F-2,IR-F-3,IR-F-4");
    EXPECT_EQ(run.err, "skipped: " + (in / "ground-truth.json").string() +
                           ": the generator's answer key, not records\n"
                           "skipped: " + (in / "notes.txt").string() +
                           ": not a format Harbour imports (.json, .jsonl, .ndjson or .csv)\n");
    const auto summary = run.json();
    EXPECT_EQ(summary["imported"], 4);
    EXPECT_EQ(summary["rejected"], 0);
    EXPECT_EQ(summary["rejected_files"], 0);
    // Name order within each folder, a subfolder read where its name falls.
    EXPECT_EQ(summary["files"], nlohmann::json::array({(in / "A.JSONL").string(), (in / "b.Json").string(),
                                                        (in / "sub" / "c.jsonl").string(),
                                                        (in / "sub" / "deeper" / "d.ndjson").string()}));
    ASSERT_EQ(summary["skipped"].size(), 2U);
    EXPECT_EQ(summary["skipped"][1]["file"], (in / "notes.txt").string());
    EXPECT_EQ(summary["skipped"][1]["reason"], "not a format Harbour imports (.json, .jsonl, .ndjson or .csv)");
}

TEST(FolderImportE2e, LinksToFoldersAreReportedNotFollowed)
{
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in);
    writeText(in / "a.jsonl", report("IR-F-1"));
    fs::create_directory_symlink(in, in / "again");
    const fs::path db = dir / "h.db";

    const CliRun run = runHarbour(dir, importArgs(db, {in.string()}));
    EXPECT_EQ(run.exit, 0) << run.err;
    EXPECT_EQ(run.out, "imported 1, unchanged 0, rejected 0\n");
    EXPECT_EQ(run.err, "skipped: " + (in / "again").string() + ": a link to a folder (links to folders are not followed)\n");
}

TEST(FolderImportE2e, AFileThatCannotBeReadIsRejectedAndTheRunGoesOn)
{
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in);
    writeText(in / "a.jsonl", report("IR-F-1"));
    writeText(in / "b-semicolons.csv", "id;kind;reported_at\nIR-F-9;information_report;2026-03-14\n");
    ASSERT_EQ(::mkfifo((in / "c-pipe.jsonl").c_str(), 0600), 0);
    fs::create_symlink(in / "d-loop.jsonl", in / "d-loop2.jsonl");
    fs::create_symlink(in / "d-loop2.jsonl", in / "d-loop.jsonl");
    writeText(in / "e.jsonl", report("IR-F-5"));
    const fs::path db = dir / "h.db";

    const CliRun run = runHarbour(dir, importArgs(db, {in.string()}));
    EXPECT_EQ(run.exit, 1) << run.err;
    EXPECT_EQ(storedIds(db), "IR-F-1,IR-F-5");
    EXPECT_EQ(run.out, "imported 2, unchanged 0, rejected 4\n");
    EXPECT_NE(run.err.find("rejected: " + (in / "b-semicolons.csv").string() + ": header: "), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("rejected: " + (in / "c-pipe.jsonl").string() + ": a named pipe, not a regular file\n"),
              std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("rejected: " + (in / "d-loop.jsonl").string() + ": a symlink loop\n"), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("rejected: " + (in / "d-loop2.jsonl").string() + ": a symlink loop\n"), std::string::npos)
        << run.err;
    EXPECT_EQ(run.err.find("internal error"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("no such file"), std::string::npos) << run.err;

    const CliRun json = runHarbour(dir, importArgs(db, {"--json", in.string()}));
    EXPECT_EQ(json.exit, 1);
    EXPECT_EQ(json.json()["rejected_files"], 4);
    EXPECT_EQ(json.json()["unchanged"], 2);
}

TEST(FolderImportE2e, AllOrNothingStillMeansEachFileWholeOrAbsent)
{
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in);
    writeText(in / "a.jsonl", report("IR-F-1") + report("IR-F-2"));
    writeText(in / "b.jsonl", report("IR-F-3") + "{\"kind\": \"information_report\"}\n");
    ASSERT_EQ(::mkfifo((in / "c.jsonl").c_str(), 0600), 0);
    writeText(in / "d.jsonl", report("IR-F-4"));
    const fs::path db = dir / "h.db";

    const CliRun run = runHarbour(dir, importArgs(db, {"--all-or-nothing", in.string()}));
    EXPECT_EQ(run.exit, 1) << run.err;
    EXPECT_EQ(storedIds(db), "IR-F-1,IR-F-2,IR-F-4");
    EXPECT_EQ(run.out, "imported 3, unchanged 0, rejected 2 (all-or-nothing: 1 valid records not imported)\n");
}

TEST(FolderImportE2e, PathsNamedDirectlySayWhatTheyAre)
{
    TempDir dir;
    const fs::path db = importSample(dir);
    ASSERT_EQ(::mkfifo((dir / "pipe.jsonl").c_str(), 0600), 0);
    fs::create_symlink(dir / "loop.jsonl", dir / "loop.jsonl");
    fs::create_symlink(dir / "gone.jsonl", dir / "dangling.jsonl");
    writeText(dir / "after.jsonl", report("IR-F-7"));

    const CliRun pipe = runHarbour(dir, importArgs(db, {(dir / "pipe.jsonl").string(), (dir / "after.jsonl").string()}));
    EXPECT_EQ(pipe.exit, 1);
    EXPECT_EQ(pipe.err, "rejected: " + (dir / "pipe.jsonl").string() + ": a named pipe, not a regular file\n");
    EXPECT_EQ(queryText(db, "SELECT count(*) FROM records WHERE ext_id = 'IR-F-7'"), "1");

    const CliRun loop = runHarbour(dir, importArgs(db, {(dir / "loop.jsonl").string()}));
    EXPECT_EQ(loop.exit, 1);
    EXPECT_EQ(loop.err, "rejected: " + (dir / "loop.jsonl").string() + ": a symlink loop\n");

    // Nothing there at all is most likely a mistyped name: fatal, as before, and the reason given.
    const CliRun dangling = runHarbour(dir, importArgs(db, {(dir / "dangling.jsonl").string()}));
    EXPECT_EQ(dangling.exit, 2);
    EXPECT_EQ(dangling.err,
              "harbour: " + (dir / "dangling.jsonl").string() + ": a symbolic link to a file that does not exist\n");

    const CliRun policy = runHarbour(dir, importArgs(db, {"--policy", "/dev/null", (dir / "after.jsonl").string()}));
    EXPECT_EQ(policy.exit, 2);
    EXPECT_EQ(policy.err, "harbour: /dev/null: cannot read the policy file: a device, not a regular file\n");
}

TEST(FolderImportE2e, ADatabasePathThatIsNotAFileSaysWhatItIs)
{
    TempDir dir;
    ASSERT_EQ(::mkfifo((dir / "pipe.db").c_str(), 0600), 0);
    fs::create_symlink(dir / "loop.db", dir / "loop.db");
    writeText(dir / "a.jsonl", report("IR-F-1"));
    for (const std::string command : {"entities", "import"}) {
        std::vector<std::string> pipeArgs{command, "--db", (dir / "pipe.db").string()};
        std::vector<std::string> loopArgs{command, "--db", (dir / "loop.db").string()};
        if (command == "import") {
            pipeArgs.push_back((dir / "a.jsonl").string());
            loopArgs.push_back((dir / "a.jsonl").string());
        }
        const CliRun pipe = runHarbour(dir, pipeArgs);
        EXPECT_EQ(pipe.exit, 2) << command;
        EXPECT_EQ(pipe.err, "harbour: " + (dir / "pipe.db").string() +
                                ": cannot open the database: a named pipe, not a regular file\n");
        const CliRun loop = runHarbour(dir, loopArgs);
        EXPECT_EQ(loop.exit, 2) << command;
        EXPECT_EQ(loop.err, "harbour: " + (dir / "loop.db").string() + ": cannot open the database: a symlink loop\n");
    }
    const CliRun folder = runHarbour(dir, {"entities", "--db", dir.path().string()});
    EXPECT_EQ(folder.err, "harbour: " + dir.path().string() + ": cannot open the database: a folder, not a file\n");
}

TEST(FolderImportE2e, AnUnreadableFileOrFolderIsRejectedWithItsReason)
{
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in / "locked");
    writeText(in / "a.jsonl", report("IR-F-1"));
    writeText(in / "b-secret.jsonl", report("IR-F-2"));
    writeText(in / "locked" / "hidden.jsonl", report("IR-F-3"));
    writeText(in / "z.jsonl", report("IR-F-4"));
    const fs::path work = dir / "work";
    fs::create_directories(work);
    const fs::path db = work / "h.db";
    ASSERT_EQ(runHarbourWithoutPrivilege(dir, importArgs(db, {(in / "a.jsonl").string()}), work).exit, 0);
    ASSERT_EQ(::chmod((in / "b-secret.jsonl").c_str(), 0), 0);
    ASSERT_EQ(::chmod((in / "locked").c_str(), 0), 0);

    const CliRun run = runHarbourWithoutPrivilege(dir, importArgs(db, {in.string()}), work);
    ::chmod((in / "locked").c_str(), 0755); // so that the folder can be removed
    EXPECT_EQ(run.exit, 1) << run.err;
    EXPECT_EQ(run.out, "imported 1, unchanged 1, rejected 2\n");
    EXPECT_EQ(run.err, "rejected: " + (in / "locked").string() +
                           ": cannot list the folder: permission denied\n"
                           "rejected: " + (in / "b-secret.jsonl").string() + ": not readable: permission denied\n");
    EXPECT_EQ(storedIds(db), "IR-F-1,IR-F-4");
}

} // namespace

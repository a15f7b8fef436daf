// Hostile paths: a folder holding everything that is not a readable file (a named pipe, a symlink
// loop, a link to nothing, a socket, a semicolon CSV the importer refuses whole) between two good
// files. Nothing may hang (a pipe opened for reading waits for a writer forever) or stop the run:
// each is a rejected file with its reason, the good files are imported, the summary printed, the
// exit is 1 and the stored data and audit chain are sound.

#include "trust_support.h"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cstring>
#include <string>
#include <vector>

namespace harbour::testing::trust {
namespace {

constexpr auto kDeadline = std::chrono::seconds(60);

std::string report(const std::string &id)
{
    return R"({"kind": "information_report", "id": ")" + id +
           R"(", "reported_at": "2026-03-14T16:20:00Z", "reporter": {"name": "J. Smith", "agency": "Health"}, )"
           R"("source_type": "professional", "narrative": "Seen near the station."})"
           "\n";
}

/// A bound Unix socket at `path`, closed on scope exit (the file stays).
class Socket {
public:
    explicit Socket(const fs::path &path) : m_fd(::socket(AF_UNIX, SOCK_STREAM, 0))
    {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        m_bound = m_fd >= 0 && path.string().size() < sizeof address.sun_path &&
                  ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    }
    ~Socket() { ::close(m_fd); }
    Socket(const Socket &) = delete;
    Socket &operator=(const Socket &) = delete;
    bool bound() const { return m_bound; }

private:
    int m_fd;
    bool m_bound = false;
};

TEST(HostilePaths, AFolderOfThingsThatAreNotFilesNeitherHangsNorStopsTheRun)
{
    TempDir scratch;
    const fs::path in = scratch / "in";
    fs::create_directories(in);
    writeFile(in / "a.jsonl", report("IR-P-1"));
    writeFile(in / "b-semicolons.csv", "id;kind;reported_at\nIR-P-9;information_report;2026-03-14\n");
    ASSERT_EQ(::mkfifo((in / "c-pipe.jsonl").c_str(), 0600), 0);
    fs::create_symlink(in / "d-loop.jsonl", in / "d-loop.jsonl");
    fs::create_symlink(in / "gone.jsonl", in / "e-dangling.jsonl");
    const Socket socket(in / "f-socket.jsonl");
    ASSERT_TRUE(socket.bound());
    writeFile(in / "z.jsonl", report("IR-P-2"));
    const fs::path db = scratch / "h.db";

    const auto run = runProcess(kHarbour, {"import", "--db", db.string(), in.string()}, scratch.path(), kDeadline);
    ASSERT_FALSE(run.killed) << "hung: killed after " << run.elapsed.count() << " ms";
    ASSERT_EQ(run.signal, 0) << run.err;
    EXPECT_EQ(run.exit, 1) << run.err;
    EXPECT_EQ(run.out, "imported 2, unchanged 0, rejected 5\n");
    const std::string err = replaceAll(run.err, in.string() + "/", "");
    for (const std::string line :
         {"rejected: b-semicolons.csv: header: cannot tell the record kind", "rejected: c-pipe.jsonl: a named pipe",
          "rejected: d-loop.jsonl: a symlink loop",
          "rejected: e-dangling.jsonl: a symbolic link to a file that does not exist",
          "rejected: f-socket.jsonl: a socket"}) {
        EXPECT_NE(err.find(line), std::string::npos) << "stderr lacks: " << line << "\nstderr was:\n" << err;
    }
    EXPECT_EQ(err.find("internal error"), std::string::npos) << err;

    Database after(db);
    EXPECT_EQ(after.one("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(after.one("SELECT group_concat(ext_id) FROM (SELECT ext_id FROM records ORDER BY ext_id)"),
              "IR-P-1,IR-P-2");
    EXPECT_EQ(runProcess(kHarbour, {"audit", "verify", "--db", db.string()}, scratch.path(), kDeadline).exit, 0);
}

TEST(HostilePaths, AMistypedPathStopsTheImportBeforeAnythingIsStored)
{
    TempDir scratch;
    writeFile(scratch / "a.jsonl", report("IR-P-1"));
    const fs::path db = scratch / "h.db";
    const auto run = runProcess(
        kHarbour, {"import", "--db", db.string(), (scratch / "a.jsonl").string(), (scratch / "typo.jsonl").string()},
        scratch.path(), kDeadline);
    EXPECT_EQ(run.exit, 2);
    EXPECT_EQ(run.err, "harbour: " + (scratch / "typo.jsonl").string() + ": no such file\n");
    EXPECT_FALSE(fs::exists(db)) << "the database was created for an import that could not start";
}

} // namespace
} // namespace harbour::testing::trust

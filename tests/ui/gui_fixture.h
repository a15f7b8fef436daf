#pragma once

#include "support/temp_dir.h"

#include "harbour/importers/import_job.h"
#include "harbour/risk.h"
#include "harbour/store.h"

#include <QApplication>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace harbour::testing {

/// One QApplication for the whole test binary (the runner sets QT_QPA_PLATFORM=offscreen).
inline QApplication &app()
{
    static int argc = 1;
    static char name[] = "harbour_ui_tests";
    static char *argv[] = {name, nullptr};
    static QApplication *instance = [] {
        qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
        return new QApplication(argc, argv);
    }();
    return *instance;
}

/// A small, known world: two screened children (Amy twice), two suspects, a car, a takeaway,
/// one link graded suspected false, one low-graded link, and a misspelt Amy for the who-is-who review.
inline constexpr const char *kReports = R"(
{"kind":"information_report","id":"IR-1","reported_at":"2026-03-01T10:00:00Z","reporter":{"name":"J. Smith","post":"Nurse","agency":"Health","contact":"x"},"source_type":"professional","grading":{"source":"1","intelligence":"A","handling":"P"},"licensed_premises":[{"trading_name":"Kingz Pizza","type":"takeaway","address":"14 High Street, Dudley DY1 1AA"}],"subjects":[{"role":"victim","name":"Amy Jones","dob":"2011-02-03"},{"role":"perpetrator","name":"Mo Khan","dob":"1990-01-01"}],"vehicles":[{"vrm":"AB12 CDE","make":"Vauxhall"}],"narrative":"Amy was seen getting into a silver Astra."}
{"kind":"information_report","id":"IR-2","reported_at":"2026-03-05T10:00:00Z","reporter":{"name":"J. Smith","post":"Nurse","agency":"Health","contact":"x"},"source_type":"professional","grading":{"source":"1","intelligence":"B","handling":"P"},"subjects":[{"role":"victim","name":"Beth Smith","dob":"2010-05-05"},{"role":"perpetrator","name":"Mo Khan","dob":"1990-01-01"}],"vehicles":[{"vrm":"AB12CDE"}],"narrative":"Beth collected by the same car."}
{"kind":"information_report","id":"IR-3","reported_at":"2026-03-09T10:00:00Z","reporter":{"name":"J. Smith","post":"Nurse","agency":"Health","contact":"x"},"source_type":"professional","grading":{"source":"1","intelligence":"A","handling":"P"},"licensed_premises":[{"trading_name":"Kingz Pizza","type":"takeaway","address":"14 High Street, Dudley DY1 1AA"}],"subjects":[{"role":"victim","name":"Amy Jones","dob":"2011-02-03"},{"role":"perpetrator","name":"Sam Ali","dob":"1992-02-02"}],"narrative":"Amy at Kingz Pizza with Sam."}
{"kind":"information_report","id":"IR-4","reported_at":"2026-03-10T10:00:00Z","reporter":{"name":"A. Person","post":"Neighbour","agency":"Public","contact":"x"},"source_type":"member_of_public","grading":{"source":"3","intelligence":"E","handling":"P"},"subjects":[{"role":"victim","name":"Beth Smith","dob":"2010-05-05"}],"vehicles":[{"vrm":"XY51 ABC"}],"narrative":"Rumour that Beth uses this car."}
{"kind":"information_report","id":"IR-5","reported_at":"2026-03-11T10:00:00Z","reporter":{"name":"A. Person","post":"Neighbour","agency":"Public","contact":"x"},"source_type":"member_of_public","grading":{"source":"3","intelligence":"D","handling":"P"},"subjects":[{"role":"perpetrator","name":"Sam Ali","dob":"1992-02-02"}],"phones":["07700 900123"],"narrative":"Sam said to use this phone."}
{"kind":"information_report","id":"IR-6","reported_at":"2026-03-12T10:00:00Z","reporter":{"name":"B. Clerk","post":"Clerk","agency":"Council","contact":"x"},"source_type":"professional","grading":{"source":"2","intelligence":"B","handling":"P"},"subjects":[{"role":"associate","name":"Amy Jonse","dob":"2011-02-03"}],"narrative":"Spelling as written by the council."}
)";

inline std::string screeningJson(const std::string &id, const std::string &date, const std::string &name,
                                 const std::string &dob, const std::string &significant, const std::string &risks)
{
    return R"({"kind":"screening","id":")" + id + R"(","screened_at":")" + date + R"(","child":{"name":")" + name +
           R"(","dob":")" + dob + R"(","gender":"female"},"referrer":{"name":"J. Smith","agency":"Health"},)" +
           R"("reason":"concern","significant":{)" + significant + R"(},"risk_indicators":[)" + risks +
           R"(],"vulnerabilities":[]})";
}

/// Writes the fixture files and imports them into a fresh database under `dir`.
inline std::filesystem::path buildFixtureDb(const TempDir &dir)
{
    {
        std::ofstream out(dir / "reports.jsonl");
        out << kReports;
    }
    {
        std::ofstream out(dir / "screenings.jsonl");
        out << screeningJson("SCR-1", "2026-02-01", "Amy Jones", "2011-02-03", "", R"("school_absence")") << '\n';
        out << screeningJson("SCR-2", "2026-03-12", "Amy Jones", "2011-02-03", R"("missing_episodes":"current")",
                             R"("school_absence","alcohol_misuse")")
            << '\n';
        out << screeningJson("SCR-3", "2026-03-12", "Beth Smith", "2010-05-05", "",
                             R"("school_absence","alcohol_misuse","phone_concern")")
            << '\n';
    }
    const auto db = dir / "fixture.harbour";
    auto store = openSqliteStore(db);
    EXPECT_TRUE(store.ok()) << (store ? "" : store.error().toString());
    const auto summary = importers::importFiles(**store, RiskPolicy::defaults(),
                                                {dir / "reports.jsonl", dir / "screenings.jsonl"}, {});
    EXPECT_TRUE(summary.ok()) << (summary ? "" : summary.error().toString());
    EXPECT_EQ(summary->rejected, 0) << (summary->errors.empty() ? "" : summary->errors.front().toString());
    EXPECT_EQ(summary->imported, 9);
    return db;
}

} // namespace harbour::testing

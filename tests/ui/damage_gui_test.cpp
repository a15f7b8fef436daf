// The app checks a database for damage: SQLite's quick check when it opens one (a warning in the
// banner), and the full check (store_check.h) from File > Check database….

#include "gui_fixture.h"
#include "database_session.h"
#include "main_window.h"

#include <QAction>
#include <QMenuBar>
#include <QMessageBox>

#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace harbour::ui {
namespace {

using harbour::testing::TempDir;

void execute(const std::filesystem::path &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

long long queryNumber(const std::filesystem::path &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    sqlite3_stmt *stmt = nullptr;
    long long value = 0;
    if (sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        value = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

/// Gives the empty disruptions table's page five cells that are not there: damage to the file's structure.
void damageStructure(const std::filesystem::path &path)
{
    const long long page = queryNumber(path, "SELECT rootpage FROM sqlite_master WHERE name = 'disruptions'");
    const long long pageSize = queryNumber(path, "PRAGMA page_size");
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto header = static_cast<std::size_t>((page - 1) * pageSize);
    ASSERT_LT(header + 8, bytes.size());
    bytes[header + 3] = 0;
    bytes[header + 4] = 5;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

class DamageGui : public ::testing::Test {
protected:
    void SetUp() override
    {
        harbour::testing::app();
        m_db = harbour::testing::buildFixtureDb(m_dir);
    }

    std::unique_ptr<MainWindow> open()
    {
        auto window = std::make_unique<MainWindow>();
        EXPECT_TRUE(window->openDatabase(QString::fromStdString(m_db.string()))) << window->lastError().toStdString();
        window->waitUntilIdle();
        return window;
    }

    TempDir m_dir;
    std::filesystem::path m_db;
};

TEST_F(DamageGui, TheFileMenuChecksTheDatabase)
{
    auto window = open();
    EXPECT_TRUE(window->damageWarning().isEmpty());
    bool inMenu = false;
    for (QAction *action : window->menuBar()->findChildren<QAction *>()) {
        inMenu = inMenu || action->text().contains(QStringLiteral("Check database"));
    }
    EXPECT_TRUE(inMenu);

    QMessageBox *sound = window->checkDatabase();
    ASSERT_NE(sound, nullptr);
    EXPECT_EQ(sound->icon(), QMessageBox::Information);
    EXPECT_TRUE(sound->text().startsWith(QStringLiteral("intact: 9 records"))) << sound->text().toStdString();
    sound->close();

    execute(m_db, "UPDATE records SET json = replace(json, 'silver', 'golden') WHERE ext_id = 'IR-1'");
    QMessageBox *damaged = window->checkDatabase();
    ASSERT_NE(damaged, nullptr);
    EXPECT_EQ(damaged->icon(), QMessageBox::Critical);
    EXPECT_TRUE(damaged->text().startsWith(QStringLiteral("damaged: 1 damaged record")))
        << damaged->text().toStdString();
    EXPECT_TRUE(damaged->informativeText().contains(QStringLiteral("information_report IR-1 (version 1)")))
        << damaged->informativeText().toStdString();
    damaged->close();
}

TEST_F(DamageGui, OpeningADamagedFileWarnsInTheBanner)
{
    damageStructure(m_db);
    auto window = open();
    const QString warning = window->damageWarning();
    EXPECT_TRUE(warning.contains(QString::fromStdString(m_db.string()) + QStringLiteral(" is damaged")))
        << warning.toStdString();
    EXPECT_TRUE(warning.contains(QStringLiteral("Check database"))) << warning.toStdString();
    EXPECT_FALSE(window->session()->damageFoundOnOpen().empty());
}

} // namespace
} // namespace harbour::ui

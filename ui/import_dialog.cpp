#include "import_dialog.h"

#include "ui_common.h"

#include "harbour/risk.h"
#include "harbour/store.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMetaObject>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>

namespace harbour::ui {

ImportDialog::ImportDialog(std::filesystem::path database, QWidget *parent)
    : QDialog(parent), m_database(std::move(database))
{
    setWindowTitle(tr("Import files"));
    resize(860, 560);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Information reports, screenings and missing episodes (JSON, JSON Lines, CSV) "
                                    "into <b>%1</b>")
                                     .arg(QString::fromStdString(m_database.filename().string()).toHtmlEscaped())));
    m_fileList = new QListWidget;
    m_fileList->setMaximumHeight(110);
    layout->addWidget(m_fileList);

    auto *options = new QHBoxLayout;
    m_addButton = new QPushButton(tr("Add files…"));
    m_allOrNothing = new QCheckBox(tr("All or nothing per file"));
    m_allOrNothing->setToolTip(tr("Any rejected record keeps the whole file out"));
    m_amend = new QCheckBox(tr("Amend: new content for a known id becomes a new version"));
    options->addWidget(m_addButton);
    options->addWidget(m_allOrNothing);
    options->addWidget(m_amend);
    options->addStretch();
    layout->addLayout(options);

    m_status = new QLabel(tr("Choose files, then Import."));
    m_status->setWordWrap(true);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);

    m_results = new QTableWidget;
    setupTable(m_results, {tr("File"), tr("Record"), tr("Field"), tr("Outcome"), tr("Reason")});
    m_results->setSortingEnabled(false);
    layout->addWidget(m_results, 1);

    m_buttons = new QDialogButtonBox;
    m_startButton = m_buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_cancelButton = m_buttons->addButton(tr("Cancel import"), QDialogButtonBox::ActionRole);
    m_cancelButton->setEnabled(false);
    m_buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(m_buttons);

    connect(m_addButton, &QPushButton::clicked, this, &ImportDialog::addFiles);
    connect(m_startButton, &QPushButton::clicked, this, &ImportDialog::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &ImportDialog::cancel);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);
    connect(this, &ImportDialog::progressed, this, &ImportDialog::showProgress, Qt::QueuedConnection);
    connect(&m_job, &QFutureWatcherBase::finished, this, &ImportDialog::importEnded);
}

ImportDialog::~ImportDialog()
{
    cancel();
    m_job.waitForFinished();
}

void ImportDialog::setFiles(const QStringList &files)
{
    m_fileList->clear();
    m_fileList->addItems(files);
}

QStringList ImportDialog::files() const
{
    QStringList out;
    for (int i = 0; i < m_fileList->count(); ++i) {
        out << m_fileList->item(i)->text();
    }
    return out;
}

void ImportDialog::addFiles()
{
    const QStringList chosen = QFileDialog::getOpenFileNames(
        this, tr("Files to import"), QString(), tr("Harbour records (*.json *.jsonl *.ndjson *.csv);;All files (*)"));
    m_fileList->addItems(chosen);
}

void ImportDialog::start()
{
    if (m_job.busy() || m_fileList->count() == 0) {
        return;
    }
    std::vector<std::filesystem::path> paths;
    for (const QString &file : files()) {
        paths.emplace_back(file.toStdString());
    }
    importers::ImportOptions options;
    options.allOrNothing = m_allOrNothing->isChecked();
    options.amend = m_amend->isChecked();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_summary.reset();
    m_results->setRowCount(0);
    m_progress->setValue(0);
    m_status->setText(tr("Importing…"));
    m_startButton->setEnabled(false);
    m_addButton->setEnabled(false);
    m_cancelButton->setEnabled(true);

    // Progress is reported at most every 50 ms: a signal per record would flood the UI thread.
    m_job.start(QtConcurrent::run([this, database = m_database, paths, options,
                                   cancel = m_cancel]() -> Result<importers::ImportSummary> {
        auto store = openSqliteStore(database);
        if (!store) {
            return store.error();
        }
        auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        importers::ImportObserver observer;
        observer.progress = [this, &last](const std::filesystem::path &file, std::uint64_t done, std::uint64_t total) {
            const auto now = std::chrono::steady_clock::now();
            if (done < total && now - last < std::chrono::milliseconds(50)) {
                return;
            }
            last = now;
            emit progressed(QString::fromStdString(file.filename().string()), done, total);
        };
        observer.cancelRequested = [cancel] { return cancel->load(); };
        return importers::importFiles(**store, RiskPolicy::defaults(), paths, options, observer);
    }));
}

void ImportDialog::cancel()
{
    if (m_cancel) {
        m_cancel->store(true);
    }
    if (m_job.busy()) {
        m_status->setText(tr("Cancelling after the current record…"));
    }
}

void ImportDialog::reject()
{
    if (m_job.busy()) {
        cancel();
        return; // close once the worker has stopped; the database stays consistent
    }
    QDialog::reject();
}

void ImportDialog::showProgress(const QString &file, qulonglong done, qulonglong total)
{
    m_progress->setValue(total == 0 ? 0 : static_cast<int>(done * 1000 / total));
    m_status->setText(tr("Importing %1: %2 of %3 bytes").arg(file).arg(done).arg(total));
}

void ImportDialog::importEnded()
{
    if (!m_job.takeFinished()) {
        return;
    }
    m_startButton->setEnabled(true);
    m_addButton->setEnabled(true);
    m_cancelButton->setEnabled(false);
    auto result = m_job.result();
    if (!result) {
        m_status->setText(tr("Import stopped: %1").arg(qs(result.error().toString())));
        m_results->setRowCount(1);
        m_results->setItem(0, 0, textItem(qs(result.error().file)));
        m_results->setItem(0, 1, textItem(qs(result.error().record)));
        m_results->setItem(0, 2, textItem(qs(result.error().field)));
        m_results->setItem(0, 3, textItem(tr("fatal")));
        m_results->setItem(0, 4, textItem(qs(result.error().message)));
        emit dataChanged(); // what was committed before the failure stays
        emit finished(false);
        return;
    }
    m_summary = std::move(result).value();
    const auto &s = *m_summary;
    m_progress->setValue(1000);
    m_status->setText(tr("%1%2 imported, %3 amended, %4 unchanged, %5 rejected%6")
                          .arg(s.cancelled ? tr("Cancelled. ") : QString())
                          .arg(s.imported)
                          .arg(s.amended)
                          .arg(s.unchanged)
                          .arg(s.rejected)
                          .arg(s.rolledBack > 0 ? tr(", %1 left out (all or nothing)").arg(s.rolledBack) : QString()));

    const auto addRow = [this](const Error &error, const QString &outcome, const QColor &tint) {
        const int row = m_results->rowCount();
        m_results->insertRow(row);
        m_results->setItem(row, 0, textItem(QFileInfo(qs(error.file)).fileName()));
        m_results->setItem(row, 1, textItem(qs(error.record)));
        m_results->setItem(row, 2, textItem(qs(error.field)));
        m_results->setItem(row, 3, textItem(outcome));
        m_results->setItem(row, 4, textItem(qs(error.message)));
        for (int c = 0; c < m_results->columnCount(); ++c) {
            m_results->item(row, c)->setBackground(tint);
        }
    };
    // The counts first, so the table answers "what happened" before "what went wrong".
    for (const auto &[count, outcome] : {std::pair{s.imported, tr("imported")}, std::pair{s.amended, tr("amended")},
                                         std::pair{s.unchanged, tr("unchanged")}}) {
        addRow(Error{ErrorCode::Validation, tr("%n record(s)", nullptr, static_cast<int>(count)).toStdString(),
                     tr("all files").toStdString(), {}, {}},
               outcome, QColor(Qt::white));
    }
    for (const auto &error : s.errors) {
        addRow(error, tr("rejected"), palette::kOverdue);
    }
    for (const auto &warning : s.warnings) {
        addRow(warning, tr("warning"), QColor(0xFF, 0xF8, 0xE1));
    }
    fitColumns(m_results);
    if (s.imported + s.amended > 0) {
        emit dataChanged();
    }
    emit finished(true);
}

} // namespace harbour::ui

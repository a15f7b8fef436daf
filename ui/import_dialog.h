#pragma once

#include "background_job.h"

#include "harbour/importers/import_job.h"
#include "harbour/result.h"

#include <QDialog>
#include <QStringList>

#include <atomic>
#include <filesystem>
#include <memory>

class QDialogButtonBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QCheckBox;

namespace harbour::ui {

/// Imports files into a database in a worker thread with its own store connection: shows
/// progress per file, can be cancelled between records, and ends with the counts and a table
/// of every rejected record (file, record, field, reason).
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(std::filesystem::path database, QWidget *parent = nullptr);
    ~ImportDialog() override;

    void setFiles(const QStringList &files);
    QStringList files() const;
    /// Starts the import; returns at once. finished() is emitted when it ends.
    void start();
    void cancel();
    bool isRunning() const { return m_job.busy(); }
    /// The last summary, or nullptr before the first import ends.
    const importers::ImportSummary *summary() const { return m_summary ? &*m_summary : nullptr; }
    QTableWidget *resultTable() const { return m_results; }
    QProgressBar *progressBar() const { return m_progress; }

signals:
    void progressed(const QString &file, qulonglong done, qulonglong total);
    void finished(bool ok);
    /// Something was imported: the views should reload.
    void dataChanged();

protected:
    void reject() override;

private:
    void addFiles();
    void showProgress(const QString &file, qulonglong done, qulonglong total);
    void importEnded();

    std::filesystem::path m_database;
    QListWidget *m_fileList = nullptr;
    QCheckBox *m_allOrNothing = nullptr;
    QCheckBox *m_amend = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QTableWidget *m_results = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
    std::optional<importers::ImportSummary> m_summary;
    BackgroundJob<Result<importers::ImportSummary>> m_job;
};

} // namespace harbour::ui

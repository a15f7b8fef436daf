#pragma once

#include "background_job.h"
#include "dataset.h"

#include "harbour/result.h"

#include <QDialog>
#include <QString>

#include <filesystem>
#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace harbour::ui {

/// What a briefing or export run reports back to the UI thread.
struct ShareOutcome {
    QString summary;   ///< "Wrote briefing.pdf (OFFICIAL-SENSITIVE, Police only)"
    QStringList files; ///< what was written
};

/// The base of both dialogs: an output path with a Browse button, a Create button that runs the
/// work in a worker thread on its own store connection (so the window never freezes and SQLite
/// connections never cross threads), and a status line. Every run is audited by the library.
class ShareDialog : public QDialog {
    Q_OBJECT
public:
    ~ShareDialog() override;

    QLineEdit *outputEdit() const { return m_output; }
    /// Starts the work; returns at once. finished() follows.
    void start();
    bool isRunning() const { return m_job.busy(); }
    /// Blocks, processing events, until the work is done (tests).
    void waitForFinished();
    QString statusText() const;

signals:
    void finished(bool ok, const QString &message);

protected:
    ShareDialog(std::filesystem::path database, std::shared_ptr<const Dataset> dataset, const QString &title,
                QWidget *parent);
    /// Lays out the subclass's form rows above the output row.
    void addRow(const QString &label, QWidget *field);
    /// The work, run in a worker thread with the database path; must not touch widgets.
    virtual std::function<Result<ShareOutcome>(const std::filesystem::path &)> job() const = 0;
    virtual QString fileFilter() const = 0;
    virtual QString suggestedName() const = 0;

    std::filesystem::path m_database;
    std::shared_ptr<const Dataset> m_dataset;

private:
    void browse();
    void ended();

    QFormLayout *m_form = nullptr;
    QLineEdit *m_output = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_create = nullptr;
    BackgroundJob<Result<ShareOutcome>> m_job;
};

/// File > Briefing: the strategy meeting briefing of the panel, a cluster or a child, as PDF or
/// HTML. Marked for the police or for partner agencies; for partners the children are
/// pseudonymised unless the analyst unticks it and confirms.
class BriefingDialog : public ShareDialog {
    Q_OBJECT
public:
    BriefingDialog(std::filesystem::path database, std::shared_ptr<const Dataset> dataset,
                   QWidget *parent = nullptr);

    QComboBox *scopeBox() const { return m_scope; }
    QComboBox *audienceBox() const { return m_audience; }
    QCheckBox *pseudonymiseBox() const { return m_pseudonymise; }
    QCheckBox *includeConditionalBox() const { return m_includeConditional; }
    /// Chooses the scope entry for a cluster ("C1") or a child; false when absent.
    bool selectCluster(const QString &id);
    bool selectChild(EntityId child);

protected:
    std::function<Result<ShareOutcome>(const std::filesystem::path &)> job() const override;
    QString fileFilter() const override;
    QString suggestedName() const override;

private:
    void audienceChanged();
    void pseudonymiseClicked(bool checked);

    QComboBox *m_scope = nullptr;
    QComboBox *m_audience = nullptr;
    QCheckBox *m_pseudonymise = nullptr;
    QCheckBox *m_includeConditional = nullptr; ///< partners only: quote code-C records' text
};

/// File > Export network: GraphML, i2 ANX, GeoJSON or CSV tables of the whole network or one
/// cluster, from the data on screen.
class ExportDialog : public ShareDialog {
    Q_OBJECT
public:
    ExportDialog(std::filesystem::path database, std::shared_ptr<const Dataset> dataset, QWidget *parent = nullptr);

    QComboBox *formatBox() const { return m_format; }
    QComboBox *clusterBox() const { return m_cluster; }

protected:
    std::function<Result<ShareOutcome>(const std::filesystem::path &)> job() const override;
    QString fileFilter() const override;
    QString suggestedName() const override;

private:
    QComboBox *m_format = nullptr;
    QComboBox *m_cluster = nullptr;
};

} // namespace harbour::ui

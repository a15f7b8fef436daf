#include "share_dialogs.h"

#include "ui_common.h"

#include "harbour/analysis/analysis_policy.h"
#include "harbour/exporters/exporter.h"
#include "harbour/report/briefing.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace harbour::ui {

namespace {

QString fileNames(const std::vector<std::filesystem::path> &files)
{
    QStringList names;
    for (const auto &file : files) {
        names << qs(file.filename().string());
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

ShareDialog::ShareDialog(std::filesystem::path database, std::shared_ptr<const Dataset> dataset,
                         const QString &title, QWidget *parent)
    : QDialog(parent), m_database(std::move(database)), m_dataset(std::move(dataset))
{
    setWindowTitle(title);
    setMinimumWidth(560);
    auto *layout = new QVBoxLayout(this);
    m_form = new QFormLayout;
    layout->addLayout(m_form);

    auto *outputRow = new QHBoxLayout;
    m_output = new QLineEdit;
    auto *browse = new QPushButton(tr("Browse…"));
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(browse);
    m_form->addRow(tr("Save as"), outputRow);

    m_status = new QLabel(tr("Files are created readable by you only; every export is recorded in the audit log."));
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("color:#607D8B"));
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    layout->addWidget(buttons);

    connect(browse, &QPushButton::clicked, this, &ShareDialog::browse);
    connect(m_create, &QPushButton::clicked, this, &ShareDialog::start);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_job, &QFutureWatcherBase::finished, this, &ShareDialog::ended);
}

ShareDialog::~ShareDialog()
{
    m_job.waitForFinished();
}

void ShareDialog::addRow(const QString &label, QWidget *field)
{
    m_form->insertRow(m_form->rowCount() - 1, label, field);
}

void ShareDialog::browse()
{
    const QString start =
        m_output->text().isEmpty() ? QDir::home().filePath(suggestedName()) : m_output->text();
    const QString filter = fileFilter();
    const QString path = filter.isEmpty() ? QFileDialog::getExistingDirectory(this, windowTitle(), start)
                                          : QFileDialog::getSaveFileName(this, windowTitle(), start, filter);
    if (!path.isEmpty()) {
        m_output->setText(path);
    }
}

void ShareDialog::start()
{
    if (m_job.busy()) {
        return;
    }
    if (m_output->text().trimmed().isEmpty()) {
        m_status->setText(tr("Choose where to save it first."));
        return;
    }
    m_create->setEnabled(false);
    m_status->setStyleSheet(QStringLiteral("color:#607D8B"));
    m_status->setText(tr("Working…"));
    m_job.start(QtConcurrent::run(
        [work = job(), database = m_database] { return work(database); }));
}

void ShareDialog::waitForFinished()
{
    m_job.waitUntilHandled();
}

QString ShareDialog::statusText() const
{
    return m_status->text();
}

void ShareDialog::ended()
{
    if (!m_job.takeFinished()) {
        return;
    }
    m_create->setEnabled(true);
    const auto result = m_job.result();
    if (!result) {
        const QString message = qs(result.error().toString());
        m_status->setStyleSheet(QStringLiteral("color:#B71C1C"));
        m_status->setText(tr("Not written: %1").arg(message));
        emit finished(false, message);
        return;
    }
    m_status->setStyleSheet(QStringLiteral("color:%1").arg(palette::kLow.name()));
    m_status->setText(result.value().summary);
    emit finished(true, result.value().summary);
}

// ---------------------------------------------------------------------------------------------

BriefingDialog::BriefingDialog(std::filesystem::path database, std::shared_ptr<const Dataset> dataset,
                               QWidget *parent)
    : ShareDialog(std::move(database), std::move(dataset), tr("Strategy meeting briefing"), parent)
{
    m_scope = new QComboBox;
    m_scope->addItem(tr("Panel: every child at medium or significant risk"), QStringLiteral("panel"));
    for (const auto &cluster : m_dataset->analysis.clusters) {
        m_scope->addItem(tr("Network %1%2: %3 children, %4 suspects")
                             .arg(qs(cluster.id), cluster.organised ? tr(" (suggests organised abuse)") : QString())
                             .arg(cluster.children)
                             .arg(cluster.suspects),
                         QStringLiteral("cluster:") + qs(cluster.id));
    }
    for (const auto &child : m_dataset->children) {
        m_scope->addItem(tr("Child: %1 (%2)").arg(shown(child.name), riskText(child.final)),
                         QStringLiteral("child:%1").arg(child.id));
    }
    m_audience = new QComboBox;
    m_audience->addItem(tr("Police only"), QStringLiteral("police"));
    m_audience->addItem(tr("Partner agencies (beyond the police)"), QStringLiteral("partners"));
    m_pseudonymise = new QCheckBox(tr("Replace children's names with labels such as \"Child A (14)\""));
    addRow(tr("About"), m_scope);
    addRow(tr("Marked for"), m_audience);
    m_includeConditional = new QCheckBox(tr("Quote records under handling code C (conditions apply)"));
    m_includeConditional->setToolTip(tr("Without it, a partner briefing says that such a record exists, its date "
                                        "and whom to ask, but not what it says. The decision is recorded in the "
                                        "audit log."));
    m_includeConditional->setEnabled(false);
    addRow(tr("Pseudonymise"), m_pseudonymise);
    addRow(tr("Code C text"), m_includeConditional);
    outputEdit()->setText(QDir::home().filePath(suggestedName()));

    connect(m_audience, &QComboBox::currentIndexChanged, this, &BriefingDialog::audienceChanged);
    // clicked, not toggled: only the analyst's own click asks for confirmation.
    connect(m_pseudonymise, &QCheckBox::clicked, this, &BriefingDialog::pseudonymiseClicked);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] {
        const QString current = QFileInfo(outputEdit()->text()).dir().filePath(suggestedName());
        outputEdit()->setText(current);
    });
}

bool BriefingDialog::selectCluster(const QString &id)
{
    const int index = m_scope->findData(QStringLiteral("cluster:") + id);
    if (index >= 0) {
        m_scope->setCurrentIndex(index);
    }
    return index >= 0;
}

bool BriefingDialog::selectChild(EntityId child)
{
    const int index = m_scope->findData(QStringLiteral("child:%1").arg(child));
    if (index >= 0) {
        m_scope->setCurrentIndex(index);
    }
    return index >= 0;
}

void BriefingDialog::audienceChanged()
{
    const auto audience = report::parseAudience(ss(m_audience->currentData().toString()));
    m_pseudonymise->setChecked(audience && report::pseudonymiseByDefault(*audience));
    // Police briefings quote everything anyway; for partners it starts withheld each time.
    const bool partners = audience && *audience != report::BriefingAudience::Police;
    m_includeConditional->setEnabled(partners);
    m_includeConditional->setChecked(false);
}

void BriefingDialog::pseudonymiseClicked(bool checked)
{
    if (checked || m_audience->currentData().toString() == QStringLiteral("police")) {
        return;
    }
    const auto answer = QMessageBox::warning(
        this, windowTitle(),
        tr("This briefing is marked for partner agencies. Name the children in it anyway?\n\nThe decision is "
           "recorded in the audit log."),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        m_pseudonymise->setChecked(true);
    }
}

QString BriefingDialog::fileFilter() const
{
    return tr("PDF (*.pdf);;Web page, self-contained (*.html)");
}

QString BriefingDialog::suggestedName() const
{
    QString scope = m_scope->currentData().toString();
    scope.replace(QLatin1Char(':'), QLatin1Char('-'));
    return QStringLiteral("briefing-%1-%2.pdf").arg(scope, dateText(m_dataset->asOf));
}

std::function<Result<ShareOutcome>(const std::filesystem::path &)> BriefingDialog::job() const
{
    report::BriefingRequest request;
    const QString scope = m_scope->currentData().toString();
    if (scope.startsWith(QStringLiteral("cluster:"))) {
        request.scope = report::BriefingScope::Cluster;
        request.cluster = ss(scope.mid(8));
    } else if (scope.startsWith(QStringLiteral("child:"))) {
        request.scope = report::BriefingScope::Child;
        request.child = scope.mid(6).toLongLong();
    } else {
        request.scope = report::BriefingScope::Panel;
    }
    request.audience =
        report::parseAudience(ss(m_audience->currentData().toString())).value_or(report::BriefingAudience::Police);
    request.pseudonymise = m_pseudonymise->isChecked();
    request.includeConditional = m_includeConditional->isEnabled() && m_includeConditional->isChecked();
    request.window = m_dataset->window;
    request.asOf = m_dataset->asOf;
    const std::filesystem::path out = outputEdit()->text().trimmed().toStdString();
    // Briefs on what is on screen: the dataset's snapshot, analysis, children and tactics (kept
    // alive by the shared pointer), so the chosen cluster is the one the pages showed and nothing
    // is analysed twice. The store gives the records' text and the disruption plan as they are now.
    return [request, out, dataset = m_dataset](const std::filesystem::path &database) -> Result<ShareOutcome> {
        auto store = openSqliteStore(database);
        if (!store) {
            return store.error();
        }
        const report::BriefingSources loaded{&dataset->snapshot, &dataset->analysis, &dataset->children,
                                              &dataset->missing};
        const auto briefing = report::produceBriefing(*store.value(), request, analysis::AnalysisPolicy::defaults(),
                                                      &dataset->tactics, out, loaded);
        if (!briefing) {
            return briefing.error();
        }
        return ShareOutcome{QCoreApplication::translate("BriefingDialog", "Wrote %1 (%2, %3)")
                                .arg(qs(out.filename().string()), qs(briefing.value().marking),
                                     qs(briefing.value().handling)),
                            {qs(out.string())}};
    };
}

// ---------------------------------------------------------------------------------------------

ExportDialog::ExportDialog(std::filesystem::path database, std::shared_ptr<const Dataset> dataset,
                           QWidget *parent)
    : ShareDialog(std::move(database), std::move(dataset), tr("Export the network"), parent)
{
    m_format = new QComboBox;
    m_format->addItem(tr("GraphML (Gephi, Cytoscape, yEd)"), QStringLiteral("graphml"));
    m_format->addItem(tr("i2 Analyst's Notebook chart (ANX)"), QStringLiteral("anx"));
    m_format->addItem(tr("GeoJSON of places and premises (QGIS)"), QStringLiteral("geojson"));
    m_format->addItem(tr("CSV, one file per analysis table (a folder)"), QStringLiteral("csv"));
    m_cluster = new QComboBox;
    m_cluster->addItem(tr("The whole network"), QString());
    for (const auto &cluster : m_dataset->analysis.clusters) {
        m_cluster->addItem(tr("Network %1: %2 children, %3 suspects").arg(qs(cluster.id)).arg(cluster.children)
                               .arg(cluster.suspects),
                           qs(cluster.id));
    }
    addRow(tr("Format"), m_format);
    addRow(tr("Of"), m_cluster);
    outputEdit()->setText(QDir::home().filePath(suggestedName()));
    const auto rename = [this] {
        outputEdit()->setText(QFileInfo(outputEdit()->text()).dir().filePath(suggestedName()));
    };
    connect(m_format, &QComboBox::currentIndexChanged, this, rename);
    connect(m_cluster, &QComboBox::currentIndexChanged, this, rename);
}

QString ExportDialog::fileFilter() const
{
    const QString format = m_format->currentData().toString();
    if (format == QStringLiteral("csv")) {
        return {};
    }
    return tr("%1 (*.%2)").arg(m_format->currentText(), format);
}

QString ExportDialog::suggestedName() const
{
    const QString format = m_format->currentData().toString();
    const QString cluster = m_cluster->currentData().toString();
    const QString stem = QStringLiteral("harbour-%1").arg(cluster.isEmpty() ? QStringLiteral("network") : cluster);
    return format == QStringLiteral("csv") ? stem + QStringLiteral("-tables") : stem + QLatin1Char('.') + format;
}

std::function<Result<ShareOutcome>(const std::filesystem::path &)> ExportDialog::job() const
{
    const std::string format = ss(m_format->currentData().toString());
    const std::string cluster = ss(m_cluster->currentData().toString());
    const std::filesystem::path out = outputEdit()->text().trimmed().toStdString();
    // Exports what is on screen: the dataset's snapshot and analysis, read only, shared safely.
    return [format, cluster, out, dataset = m_dataset](const std::filesystem::path &database) -> Result<ShareOutcome> {
        auto store = openSqliteStore(database);
        if (!store) {
            return store.error();
        }
        const auto outcome = exporters::exportNetwork(*store.value(), dataset->snapshot, dataset->analysis,
                                                      analysis::AnalysisPolicy::defaults(), format, cluster, out);
        if (!outcome) {
            return outcome.error();
        }
        QStringList files;
        for (const auto &file : outcome.value().files) {
            files << qs(file.string());
        }
        return ShareOutcome{QCoreApplication::translate("ExportDialog", "Wrote %1: %2 entities, %3 links")
                                .arg(fileNames(outcome.value().files))
                                .arg(outcome.value().entities)
                                .arg(outcome.value().links),
                            files};
    };
}

} // namespace harbour::ui

#include "children_page.h"

#include "lazy_models.h"
#include "ui_common.h"

#include "harbour/indicator_words.h"

#include <QChart>
#include <QChartView>
#include <QCategoryAxis>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QTimeZone>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <set>

namespace harbour::ui {

namespace {

QString trendText(Trend trend)
{
    switch (trend) {
    case Trend::Up:
        return QStringLiteral("▲ rising");
    case Trend::Down:
        return QStringLiteral("▼ falling");
    case Trend::Same:
        return QStringLiteral("= same");
    case Trend::New:
        break;
    }
    return QStringLiteral("new");
}

std::set<std::string> indicatorsOf(const Screening &screening)
{
    std::set<std::string> out;
    for (const auto &[key, recency] : screening.significant) {
        out.insert(indicatorInWords(key, toString(recency)));
    }
    // The panel reads the form's wording, not the keys (indicator_words.h).
    for (const auto *keys : {&screening.riskIndicators, &screening.vulnerabilities}) {
        for (const auto &key : *keys) {
            out.insert(indicatorInWords(key));
        }
    }
    return out;
}

} // namespace

QStringList screeningChanges(const StoredScreening &before, const StoredScreening &after)
{
    QStringList out;
    if (before.assessment.final != after.assessment.final) {
        out << QStringLiteral("final level %1 → %2")
                   .arg(qs(toString(before.assessment.final)), qs(toString(after.assessment.final)));
    }
    const auto was = indicatorsOf(before.input);
    const auto now = indicatorsOf(after.input);
    for (const auto &key : now) {
        if (!was.contains(key)) {
            out << QStringLiteral("+ %1").arg(qs(key));
        }
    }
    for (const auto &key : was) {
        if (!now.contains(key)) {
            out << QStringLiteral("− %1").arg(qs(key));
        }
    }
    return out;
}

namespace {

/// One cell of the children table: the texts, colours and tool tips the panel reads at a glance
/// (risk colours on the levels, overdue rows shaded, what is overdue in red).
QVariant childCell(const ChildRow &row, int column, int role)
{
    const bool overdue = row.overdueCount() > 0 || row.reviewOverdue;
    if (role == Qt::UserRole) {
        return column == 0 ? QVariant::fromValue<qlonglong>(row.id) : QVariant();
    }
    if (role == Qt::BackgroundRole) {
        if (column == 1) {
            return QBrush(riskColour(row.final));
        }
        return overdue ? QVariant(QBrush(palette::kOverdue)) : QVariant();
    }
    if (role == Qt::ForegroundRole) {
        switch (column) {
        case 1:
            return QBrush(Qt::white);
        case 2:
            return QBrush(riskColour(row.computed).darker(130));
        case 6:
            return row.reviewOverdue ? QVariant(QBrush(palette::kSignificant)) : QVariant();
        case 7:
            return overdue ? QVariant(QBrush(palette::kSignificant)) : QVariant();
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && column == 3 && row.age) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && !(role == Qt::ToolTipRole && column == 7)) {
        return {};
    }
    switch (column) {
    case 0:
        return shown(row.name);
    case 1:
        return qs(toString(row.final));
    case 2:
        return qs(toString(row.computed));
    case 3:
        return row.age ? QString::number(*row.age) : QStringLiteral("?");
    case 4:
        return trendText(row.trend);
    case 5:
        return dateText(row.lastScreening);
    case 6:
        return dateText(row.nextReview) + (row.reviewOverdue ? ChildrenPage::tr("  overdue") : QString());
    default: {
        QStringList due;
        int open = 0;
        for (const auto &action : row.actions) {
            if (action.stored.status != "open") {
                continue;
            }
            ++open;
            if (action.overdue) {
                due << ChildrenPage::tr("OVERDUE: %1 (%2)")
                           .arg(qs(action.stored.action.text),
                                action.stored.action.due ? dateText(*action.stored.action.due) : QString());
            }
        }
        if (role == Qt::ToolTipRole) {
            return due.join(QStringLiteral("\n"));
        }
        return due.isEmpty() ? ChildrenPage::tr("%n open", nullptr, open) : due.join(QStringLiteral("; "));
    }
    }
}

} // namespace

ChildrenPage::ChildrenPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Vertical);
    m_table = new QTableView;
    m_model = new LazyTableModel({tr("Child"), tr("Final"), tr("Computed"), tr("Age"), tr("Trend"),
                                  tr("Last screening"), tr("Next review"), tr("Actions due")},
                                 this);
    m_table->setModel(m_model);
    setupTableView(m_table);
    splitter->addWidget(m_table);

    auto *detail = new QWidget;
    auto *detailLayout = new QHBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto *left = new QVBoxLayout;
    m_title = new QLabel;
    m_title->setTextFormat(Qt::PlainText); // a child's name is never markup
    m_title->setStyleSheet(QStringLiteral("font-size:13pt;font-weight:600;color:#263238"));
    auto *network = new QPushButton(tr("Show this child's network"));
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(network);
    left->addLayout(titleRow);
    m_chart = new QChartView;
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);
    left->addWidget(m_chart, 1);
    detailLayout->addLayout(left, 3);
    m_changes = new QTextBrowser;
    detailLayout->addWidget(m_changes, 2);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectChild(current.row()); });
    connect(network, &QPushButton::clicked, this, [this] {
        if (const auto child = currentChild()) {
            emit showNetwork(*child);
        }
    });
}

void ChildrenPage::setDataset(std::shared_ptr<const Dataset> dataset)
{
    m_data = std::move(dataset);
    // Cells are made as they are shown: 345,000 children at a million reports took the UI
    // thread 7.5 s as table items. `data` keeps the rows alive as long as the model reads them.
    m_model->reset(static_cast<int>(m_data->children.size()), [data = m_data](int row, int column, int role) {
        return childCell(data->children[static_cast<std::size_t>(row)], column, role);
    });
    fitColumns(m_table);
    if (!m_data->children.empty()) {
        m_table->setCurrentIndex(m_model->index(0, 0));
        selectChild(0);
    } else {
        m_title->setText(tr("No screened children in this database yet"));
    }
}

std::optional<EntityId> ChildrenPage::currentChild() const
{
    const int row = m_table->currentIndex().row();
    if (!m_data || row < 0 || static_cast<std::size_t>(row) >= m_data->children.size()) {
        return std::nullopt;
    }
    return m_data->children[static_cast<std::size_t>(row)].id;
}

void ChildrenPage::selectChild(int row)
{
    if (!m_data || row < 0 || static_cast<std::size_t>(row) >= m_data->children.size()) {
        return;
    }
    showChild(m_data->children[static_cast<std::size_t>(row)]);
}

void ChildrenPage::showChild(const ChildRow &row)
{
    m_title->setText(tr("%1: %n screening(s)", nullptr, row.screeningCount).arg(shown(row.name)));
    auto *chart = new QChart;
    chart->setTitle(tr("Final level over time"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *finalLine = new QLineSeries;
    finalLine->setName(tr("final"));
    auto *computedLine = new QLineSeries;
    computedLine->setName(tr("computed"));
    auto *points = new QScatterSeries;
    points->setName(tr("screening"));
    points->setMarkerSize(11);
    QPen finalPen(palette::kInk, 3);
    finalLine->setPen(finalPen);
    QPen computedPen(palette::kMuted, 1.5, Qt::DashLine);
    computedLine->setPen(computedPen);
    points->setColor(palette::kAccent);
    qint64 first = 0;
    qint64 last = 0;
    for (const auto &screening : row.history) {
        const qint64 ms = QDateTime(toQDate(screening.screenedAt), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
        first = first == 0 ? ms : std::min(first, ms);
        last = std::max(last, ms);
        finalLine->append(static_cast<double>(ms), static_cast<int>(screening.final));
        computedLine->append(static_cast<double>(ms), static_cast<int>(screening.computed));
        points->append(static_cast<double>(ms), static_cast<int>(screening.final));
    }
    chart->addSeries(computedLine);
    chart->addSeries(finalLine);
    chart->addSeries(points);
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("yyyy-MM-dd"));
    const qint64 pad = 15LL * 24 * 3600 * 1000;
    x->setRange(QDateTime::fromMSecsSinceEpoch(first - pad, Qt::UTC),
                QDateTime::fromMSecsSinceEpoch(last + pad, Qt::UTC));
    x->setTickCount(std::clamp(static_cast<int>(row.history.size()) + 1, 2, 7));
    auto *y = new QCategoryAxis;
    y->setRange(-0.3, 3.3);
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    y->append(tr("none"), 0);
    y->append(tr("low"), 1);
    y->append(tr("medium"), 2);
    y->append(tr("significant"), 3);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto *series : chart->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    QChart *old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;

    QString html = tr("<h3>Why %1</h3>").arg(qs(toString(row.final)));
    for (const auto &rule : row.rules) {
        html += QStringLiteral("<p>• %1</p>").arg(shownHtml(ruleInWords(rule)));
    }
    html += tr("<h3>Changes between screenings</h3>");
    if (row.history.size() < 2) {
        html += tr("<p>Only one screening so far.</p>");
    } else {
        html += changesHtml(row.id);
    }
    m_changes->setHtml(html);
}

QString ChildrenPage::changesHtml(EntityId child) const
{
    // The dataset holds each child's levels only; the screenings themselves are read for the
    // child on show (through the index on child: milliseconds at a million screenings).
    if (!m_historySource) {
        return tr("<p>The screenings are not available here.</p>");
    }
    const auto history = m_historySource(child);
    if (!history) {
        return tr("<p>The screenings could not be read: %1</p>").arg(shownHtml(history.error().toString()));
    }
    QString html;
    for (std::size_t i = history->size(); i-- > 1;) {
        const StoredScreening &before = (*history)[i - 1];
        const StoredScreening &after = (*history)[i];
        QStringList changes = screeningChanges(before, after);
        for (QString &change : changes) {
            change = change.toHtmlEscaped();
        }
        html += QStringLiteral("<p><b>%1 → %2</b><br>%3</p>")
                    .arg(dateText(before.screenedAt), dateText(after.screenedAt),
                         changes.isEmpty() ? tr("no indicator changed") : changes.join(QStringLiteral("<br>")));
    }
    return html;
}

} // namespace harbour::ui

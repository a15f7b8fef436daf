#include "overview_page.h"

#include "ui_common.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QDateTime>
#include <QTimeZone>

#include <cmath>
#include <set>

namespace harbour::ui {

namespace {

void replaceChart(QChartView *view, QChart *chart)
{
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
}

/// A count axis with whole-number ticks at 1, 2 or 5 x 10^k, a little headroom above `top`.
QValueAxis *countAxis(int top)
{
    const double raw = std::max(1.0, top / 5.0);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw) {
            step = factor * magnitude;
            break;
        }
    }
    auto *axis = new QValueAxis;
    axis->setRange(0, std::ceil(std::max(1.0, top * 1.1) / step) * step);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(QStringLiteral("%d"));
    return axis;
}

std::pair<int, unsigned> monthOf(Date day)
{
    return {static_cast<int>(day.year()), static_cast<unsigned>(day.month())};
}

} // namespace

MonthlyCounts monthlyCounts(const GraphSnapshot &snapshot)
{
    MonthlyCounts counts;
    for (const auto &record : snapshot.records) {
        if (record.kind == RecordKind::InformationReport) {
            ++counts.reports[monthOf(toDate(record.at))];
        }
    }
    for (const auto &missing : snapshot.missing) {
        ++counts.missing[monthOf(toDate(missing.wentMissingAt))];
    }
    return counts;
}

OverviewPage::OverviewPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_cards = new QGridLayout;
    m_cards->setHorizontalSpacing(12);
    layout->addLayout(m_cards);
    auto *charts = new QGridLayout;
    m_risk = new QChartView;
    m_time = new QChartView;
    m_actions = new QChartView;
    for (QChartView *view : {m_risk, m_time, m_actions}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(260);
    }
    charts->addWidget(m_risk, 0, 0);
    charts->addWidget(m_actions, 0, 1);
    charts->addWidget(m_time, 1, 0, 1, 2);
    charts->setRowStretch(0, 1);
    charts->setRowStretch(1, 1);
    layout->addLayout(charts, 1);
}

QString OverviewPage::card(const QString &key) const
{
    const auto it = m_cardValues.find(key);
    return it == m_cardValues.end() ? QString() : it->second->text();
}

void OverviewPage::setCard(int column, const QString &key, const QString &value, const QString &caption,
                           const QColor &colour)
{
    auto it = m_cardValues.find(key);
    if (it == m_cardValues.end()) {
        auto *frame = new QFrame;
        frame->setStyleSheet(QStringLiteral("QFrame{background:white;border:1px solid #CFD8DC;border-radius:6px}"
                                            "QLabel{border:none}"));
        auto *box = new QVBoxLayout(frame);
        auto *number = new QLabel;
        auto *text = new QLabel(caption);
        text->setStyleSheet(QStringLiteral("color:#607D8B;font-size:10pt"));
        box->addWidget(number);
        box->addWidget(text);
        m_cards->addWidget(frame, 0, column);
        it = m_cardValues.emplace(key, number).first;
    }
    it->second->setText(value);
    it->second->setStyleSheet(QStringLiteral("font-size:24pt;font-weight:600;color:%1").arg(colour.name()));
}

void OverviewPage::setDataset(std::shared_ptr<const Dataset> dataset)
{
    std::array<int, 4> levels{};
    int overdueActions = 0;
    int reviewsOverdue = 0;
    for (const auto &child : dataset->children) {
        ++levels[static_cast<std::size_t>(child.final)];
        reviewsOverdue += child.reviewOverdue ? 1 : 0;
        for (const auto &action : child.actions) {
            overdueActions += action.stored.status == "open" && action.overdue ? 1 : 0;
        }
    }
    int organised = 0;
    for (const auto &cluster : dataset->analysis.clusters) {
        organised += cluster.organised ? 1 : 0;
    }
    int planOpen = 0;
    int planOverdue = 0;
    for (const auto &action : dataset->disruptions) {
        if (action.status == "done" || action.status == "dropped") {
            continue;
        }
        ++planOpen;
        planOverdue += action.due && *action.due < dataset->asOf ? 1 : 0;
    }

    setCard(0, QStringLiteral("children"), QString::number(dataset->children.size()), tr("children screened"),
            palette::kInk);
    setCard(1, QStringLiteral("significant"), QString::number(levels[3]), tr("at significant risk"),
            palette::kSignificant);
    setCard(2, QStringLiteral("medium"), QString::number(levels[2]), tr("at medium risk"), palette::kMedium);
    setCard(3, QStringLiteral("overdue"), QString::number(overdueActions),
            tr("overdue actions (%1 reviews overdue)").arg(reviewsOverdue),
            overdueActions > 0 ? palette::kSignificant : palette::kLow);
    setCard(4, QStringLiteral("organised"), QString::number(organised),
            tr("clusters suggesting organised abuse (of %1)").arg(dataset->analysis.clusters.size()), palette::kInk);
    setCard(5, QStringLiteral("disruption"), QString::number(planOpen),
            tr("disruption actions open (%1 overdue)").arg(planOverdue), palette::kAccent);

    // Risk distribution: a donut in the panel's risk colours.
    auto *riskChart = new QChart;
    riskChart->setTitle(tr("Children by final risk level"));
    auto *pie = new QPieSeries;
    pie->setHoleSize(0.45);
    for (RiskLevel level : {RiskLevel::Significant, RiskLevel::Medium, RiskLevel::Low, RiskLevel::None}) {
        const int count = levels[static_cast<std::size_t>(level)];
        auto *slice = pie->append(QStringLiteral("%1: %2").arg(qs(toString(level))).arg(count), count);
        slice->setColor(riskColour(level));
        slice->setBorderColor(Qt::white);
        slice->setLabelVisible(count > 0);
    }
    riskChart->addSeries(pie);
    riskChart->legend()->setAlignment(Qt::AlignRight);
    replaceChart(m_risk, riskChart);

    // Screening actions still owed, by the child's final level: where the overdue work sits.
    std::array<int, 4> openByLevel{};
    std::array<int, 4> overdueByLevel{};
    for (const auto &child : dataset->children) {
        for (const auto &action : child.actions) {
            if (action.stored.status == "open") {
                ++openByLevel[static_cast<std::size_t>(child.final)];
                overdueByLevel[static_cast<std::size_t>(child.final)] += action.overdue ? 1 : 0;
            }
        }
    }
    auto *actionChart = new QChart;
    actionChart->setTitle(tr("Open and overdue screening actions, by the child's level"));
    auto *open = new QBarSet(tr("open"));
    auto *overdue = new QBarSet(tr("overdue"));
    open->setColor(palette::kAccent);
    overdue->setColor(palette::kSignificant);
    int top = 1;
    for (RiskLevel level : {RiskLevel::Significant, RiskLevel::Medium, RiskLevel::Low, RiskLevel::None}) {
        *open << openByLevel[static_cast<std::size_t>(level)];
        *overdue << overdueByLevel[static_cast<std::size_t>(level)];
        top = std::max(top, openByLevel[static_cast<std::size_t>(level)]);
    }
    auto *bars = new QBarSeries;
    bars->append(open);
    bars->append(overdue);
    bars->setLabelsVisible(true);
    bars->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    actionChart->addSeries(bars);
    auto *categories = new QBarCategoryAxis;
    categories->append({tr("significant"), tr("medium"), tr("low"), tr("none")});
    auto *count = countAxis(top);
    actionChart->addAxis(categories, Qt::AlignBottom);
    actionChart->addAxis(count, Qt::AlignLeft);
    bars->attachAxis(categories);
    bars->attachAxis(count);
    actionChart->legend()->setAlignment(Qt::AlignBottom);
    replaceChart(m_actions, actionChart);

    // Reports and missing episodes per month.
    const auto monthly = monthlyCounts(dataset->snapshot);
    auto *timeChart = new QChart;
    timeChart->setTitle(tr("Information reports and missing episodes per month"));
    auto *reports = new QLineSeries;
    reports->setName(tr("information reports"));
    reports->setPen(QPen(palette::kAccent, 2.5));
    auto *missing = new QLineSeries;
    missing->setName(tr("missing episodes"));
    missing->setPen(QPen(palette::kMedium, 2.5));
    int peak = 1;
    std::set<std::pair<int, unsigned>> months;
    for (const auto &[month, n] : monthly.reports) {
        months.insert(month);
    }
    for (const auto &[month, n] : monthly.missing) {
        months.insert(month);
    }
    qint64 first = 0;
    qint64 last = 0;
    for (const auto &month : months) {
        const qint64 ms = QDateTime(QDate(month.first, static_cast<int>(month.second), 15), QTime(0, 0), Qt::UTC)
                              .toMSecsSinceEpoch();
        first = first == 0 ? ms : first;
        last = ms;
        const int r = monthly.reports.contains(month) ? monthly.reports.at(month) : 0;
        const int m = monthly.missing.contains(month) ? monthly.missing.at(month) : 0;
        reports->append(static_cast<double>(ms), r);
        missing->append(static_cast<double>(ms), m);
        peak = std::max({peak, r, m});
    }
    timeChart->addSeries(reports);
    timeChart->addSeries(missing);
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("MMM yyyy"));
    x->setTickCount(std::clamp(static_cast<int>(months.size()), 2, 10));
    if (months.empty()) {
        timeChart->setTitle(tr("Information reports and missing episodes per month (none yet)"));
        const QDate now = QDate::currentDate();
        x->setRange(QDateTime(QDate(now.year(), 1, 1), QTime(0, 0), Qt::UTC),
                    QDateTime(QDate(now.year(), 12, 31), QTime(0, 0), Qt::UTC));
    } else {
        x->setRange(QDateTime::fromMSecsSinceEpoch(first, Qt::UTC),
                    QDateTime::fromMSecsSinceEpoch(std::max(last, first + 1), Qt::UTC));
    }
    auto *y = countAxis(peak);
    timeChart->addAxis(x, Qt::AlignBottom);
    timeChart->addAxis(y, Qt::AlignLeft);
    for (auto *series : timeChart->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    timeChart->legend()->setAlignment(Qt::AlignBottom);
    replaceChart(m_time, timeChart);
}

} // namespace harbour::ui

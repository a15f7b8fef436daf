#include "waterfall_chart.h"

#include "ui_common.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <map>

namespace harbour::ui {

namespace {

QColor colourOf(WaterfallStep::Kind kind)
{
    switch (kind) {
    case WaterfallStep::Kind::Prior:
        return palette::kMuted;
    case WaterfallStep::Kind::For:
        return palette::kLow;
    case WaterfallStep::Kind::Against:
        return palette::kSignificant;
    case WaterfallStep::Kind::Total:
        break;
    }
    return palette::kAccent;
}

QString signedNumber(double value)
{
    return (value < 0 ? QStringLiteral("−") : QStringLiteral("+")) + QString::number(std::abs(value), 'f', 2);
}

/// "name similarity  +0.41": the axis names each bar and says what it weighs, so the numbers
/// need no labels on the bars. Categories must be unique, so a kind met again is numbered.
QStringList categoriesOf(const std::vector<WaterfallStep> &steps)
{
    QStringList categories;
    std::map<std::string, int> seen;
    for (const auto &step : steps) {
        QString name = qs(step.label);
        if (const int times = ++seen[step.label]; times > 1) {
            name += QStringLiteral(" (%1)").arg(times);
        }
        const double value = step.kind == WaterfallStep::Kind::Total ? step.to : step.to - step.from;
        categories << name + QStringLiteral("  ") +
                          (step.kind == WaterfallStep::Kind::Total ? QStringLiteral("= ") + QString::number(value, 'f', 2)
                                                                    : signedNumber(value));
    }
    return categories;
}

/// A horizontal stacked bar series floats each bar: an invisible base from zero to the bar's
/// near end, then the bar itself in its colour. Stacks grow away from zero on each side, so a
/// bar that crosses zero is drawn as two pieces, one on each side, with no base.
QHorizontalStackedBarSeries *floatingBars(const std::vector<WaterfallStep> &steps)
{
    constexpr std::size_t kinds = 4;
    const std::size_t n = steps.size();
    std::vector<double> base(n, 0.0);
    std::array<std::vector<double>, kinds> up;
    std::array<std::vector<double>, kinds> down;
    up.fill(std::vector<double>(n, 0.0));
    down.fill(std::vector<double>(n, 0.0));
    // Horizontal bars list bottom-up: the first step goes last so that it is drawn on top.
    for (std::size_t i = 0; i < n; ++i) {
        const auto &step = steps[i];
        const std::size_t at = n - 1 - i;
        const auto k = static_cast<std::size_t>(step.kind);
        const double lo = std::min(step.from, step.to);
        const double hi = std::max(step.from, step.to);
        if (lo >= 0) {
            base[at] = lo;
            up[k][at] = hi - lo;
        } else if (hi <= 0) {
            base[at] = hi;
            down[k][at] = lo - hi;
        } else {
            up[k][at] = hi;
            down[k][at] = lo;
        }
    }
    auto *series = new QHorizontalStackedBarSeries;
    series->setBarWidth(0.6);
    const auto addSet = [series](const QString &name, const std::vector<double> &values, const QColor &colour) {
        auto *set = new QBarSet(name);
        for (const double value : values) {
            *set << value;
        }
        set->setColor(colour);
        set->setBorderColor(colour);
        series->append(set);
    };
    addSet(QStringLiteral("base"), base, Qt::transparent);
    for (std::size_t k = 0; k < kinds; ++k) {
        const QColor colour = colourOf(static_cast<WaterfallStep::Kind>(k));
        addSet(QStringLiteral("up %1").arg(k), up[k], colour);
        addSet(QStringLiteral("down %1").arg(k), down[k], colour);
    }
    return series;
}

QChart *waterfall(const std::vector<WaterfallStep> &steps, const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    if (steps.empty()) {
        return chart;
    }
    auto *series = floatingBars(steps);
    chart->addSeries(series);
    auto *names = new QBarCategoryAxis;
    QStringList categories = categoriesOf(steps);
    std::reverse(categories.begin(), categories.end());
    names->append(categories);
    double low = 0.0;
    double high = 0.0;
    for (const auto &step : steps) {
        low = std::min({low, step.from, step.to});
        high = std::max({high, step.from, step.to});
    }
    const double pad = std::max(0.05, (high - low) * 0.08);
    auto *weights = new QValueAxis;
    weights->setRange(low < 0 ? low - pad : 0.0, high + pad);
    weights->applyNiceNumbers();
    weights->setTitleText(QObject::tr("Evidence weight, running total (starts at 0)"));
    weights->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(names, Qt::AlignLeft);
    chart->addAxis(weights, Qt::AlignBottom);
    series->attachAxis(names);
    series->attachAxis(weights);
    return chart;
}

} // namespace

std::vector<WaterfallStep> waterfallSteps(const std::vector<analysis::SuggestionEvidence> &evidence)
{
    std::vector<WaterfallStep> steps;
    double total = 0.0;
    for (const auto &item : evidence) {
        WaterfallStep step;
        step.label = std::string(analysis::toString(item.kind));
        std::replace(step.label.begin(), step.label.end(), '_', ' ');
        // The match model's prior is where its weights start, neither for nor against the pair.
        step.kind = step.label == "prior"            ? WaterfallStep::Kind::Prior
                    : item.contribution < 0          ? WaterfallStep::Kind::Against
                                                     : WaterfallStep::Kind::For;
        step.from = total;
        total += item.contribution;
        step.to = total;
        steps.push_back(std::move(step));
    }
    steps.push_back({WaterfallStep::Kind::Total, "total", 0.0, total});
    return steps;
}

WaterfallChart::WaterfallChart(QWidget *parent) : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    showPair(nullptr);
}

void WaterfallChart::showPair(const analysis::MergeSuggestion *pair, const QString &why)
{
    m_steps = pair != nullptr ? waterfallSteps(pair->evidence) : std::vector<WaterfallStep>{};
    const QString title = pair != nullptr ? tr("Why this pair scores %1: each piece of evidence, then the total")
                                                .arg(pair->score, 0, 'f', 2)
                                          : why;
    QChart *old = chart();
    setChart(waterfall(m_steps, title.toHtmlEscaped()));
    delete old;
}

} // namespace harbour::ui

#pragma once

#include "dataset.h"

#include <QWidget>

#include <map>
#include <memory>

class QChartView;
class QGridLayout;
class QLabel;

namespace harbour::ui {

/// Counts per month, for the reports and missing episodes chart.
struct MonthlyCounts {
    std::map<std::pair<int, unsigned>, int> reports; ///< (year, month) -> information reports
    std::map<std::pair<int, unsigned>, int> missing; ///< (year, month) -> missing episodes begun
};
MonthlyCounts monthlyCounts(const GraphSnapshot &snapshot);

/// The headline numbers and charts: risk-level distribution, reports and missing episodes over
/// time, open and overdue actions.
class OverviewPage : public QWidget {
    Q_OBJECT
public:
    explicit OverviewPage(QWidget *parent = nullptr);
    void setDataset(std::shared_ptr<const Dataset> dataset);

    /// The figure under a headline card ("children", "significant", "overdue", ...); empty if none.
    QString card(const QString &key) const;
    QChartView *riskChart() const { return m_risk; }
    QChartView *timeChart() const { return m_time; }
    QChartView *actionChart() const { return m_actions; }

private:
    void setCard(int column, const QString &key, const QString &value, const QString &caption, const QColor &colour);

    QGridLayout *m_cards = nullptr;
    std::map<QString, QLabel *> m_cardValues;
    QChartView *m_risk = nullptr;
    QChartView *m_time = nullptr;
    QChartView *m_actions = nullptr;
};

} // namespace harbour::ui

#pragma once

#include "dataset.h"

#include <QWidget>

#include <functional>
#include <memory>

class QChartView;
class QLabel;
class QTableView;
class QTextBrowser;

namespace harbour::ui {

class LazyTableModel;

/// Every screened child: final and computed level, age, last screening, next review, actions
/// due (overdue highlighted), trend; one child's levels over time and what changed between screenings.
class ChildrenPage : public QWidget {
    Q_OBJECT
public:
    /// Reads one child's screenings whole, for what changed between them.
    using HistorySource = std::function<Result<std::vector<StoredScreening>>(EntityId child)>;

    explicit ChildrenPage(QWidget *parent = nullptr);
    void setDataset(std::shared_ptr<const Dataset> dataset);
    void setHistorySource(HistorySource source) { m_historySource = std::move(source); }
    void selectChild(int row);
    /// The child on the selected row, if any.
    std::optional<EntityId> currentChild() const;

    /// Every screened child, highest risk first (Qt::UserRole on the name: the child's id).
    QTableView *table() const { return m_table; }
    QChartView *chart() const { return m_chart; }
    QTextBrowser *changes() const { return m_changes; }

signals:
    void showNetwork(harbour::EntityId child);

private:
    void showChild(const ChildRow &row);
    QString changesHtml(EntityId child) const;

    std::shared_ptr<const Dataset> m_data;
    HistorySource m_historySource;
    QTableView *m_table = nullptr;
    LazyTableModel *m_model = nullptr;
    QChartView *m_chart = nullptr;
    QTextBrowser *m_changes = nullptr;
    QLabel *m_title = nullptr;
};

/// What changed between two screenings, in words: indicators added or removed, a level moved.
QStringList screeningChanges(const StoredScreening &before, const StoredScreening &after);

} // namespace harbour::ui

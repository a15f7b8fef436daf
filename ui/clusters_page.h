#pragma once

#include "dataset.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QTableView;

namespace harbour::ui {

class LazyTableModel;

class NetworkView;

/// The clusters the analysis found, with their flags, scores and reasons; choosing one draws it.
class ClustersPage : public QWidget {
    Q_OBJECT
public:
    explicit ClustersPage(QWidget *parent = nullptr);
    void setDataset(std::shared_ptr<const Dataset> dataset);
    void selectCluster(int row);
    /// Index into the analysis' clusters of the selected row, if any.
    std::optional<std::size_t> currentIndex() const;

    /// Clusters, best first (Qt::UserRole on the first cell: the cluster's index in the analysis).
    QTableView *table() const { return m_table; }
    NetworkView *view() const { return m_view; }

signals:
    void openInNetwork(std::size_t clusterIndex);

private:
    /// The cluster's index in the analysis for a row as shown, if the row holds one.
    std::optional<std::size_t> clusterAt(int row) const;

    std::shared_ptr<const Dataset> m_data;
    QTableView *m_table = nullptr;
    LazyTableModel *m_model = nullptr;
    NetworkView *m_view = nullptr;
    QLabel *m_reasons = nullptr;
};

} // namespace harbour::ui

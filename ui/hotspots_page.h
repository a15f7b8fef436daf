#pragma once

#include "dataset.h"

#include <QWidget>

#include <memory>

class QTabWidget;
class QTableView;
class QChartView;
class QLabel;

namespace harbour::ui {

class LazyTableModel;

/// Premises, vehicles, places and postcode areas ranked by the children linked to them: a table
/// and a bar chart of the top ten each, and a density map where coordinates exist.
class HotspotsPage : public QWidget {
    Q_OBJECT
public:
    explicit HotspotsPage(QWidget *parent = nullptr);
    void setDataset(std::shared_ptr<const Dataset> dataset);

    /// One kind's ranked table (premises, vehicles, places, areas); Qt::UserRole on the name: the id.
    QTableView *table(int kind) const { return m_tables[static_cast<std::size_t>(kind)]; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    std::shared_ptr<const Dataset> m_data;
    QTabWidget *m_tabs = nullptr;
    std::array<QTableView *, 4> m_tables{};
    std::array<LazyTableModel *, 4> m_models{};
    std::array<QChartView *, 4> m_charts{};
    QLabel *m_density = nullptr;
    QLabel *m_densityCaption = nullptr;
};

/// The density grid as a heat-map image, one pixel block per cell, north up.
QImage densityImage(const analysis::DensityGrid &grid, int cellPixels);

} // namespace harbour::ui

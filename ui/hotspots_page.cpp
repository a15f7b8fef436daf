#include "hotspots_page.h"

#include "lazy_models.h"
#include "ui_common.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QValueAxis>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace harbour::ui {

namespace {

const std::array<QString, 4> kKinds{QStringLiteral("Premises"), QStringLiteral("Vehicles"), QStringLiteral("Places"),
                                    QStringLiteral("Areas")};

QChart *topTenChart(const std::vector<analysis::HotspotRow> &rows, const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    auto *set = new QBarSet(QStringLiteral("score"));
    set->setColor(palette::kAccent);
    QStringList labels;
    // Horizontal bars list bottom-up: add the tenth first so the first is on top.
    const std::size_t n = std::min<std::size_t>(rows.size(), 10);
    double top = 0.0;
    for (std::size_t i = n; i-- > 0;) {
        *set << std::round(rows[i].score * 100.0) / 100.0;
        QString label = shown(rows[i].label.empty() ? rows[i].key : rows[i].label);
        if (label.size() > 26) {
            label = label.left(25) + QStringLiteral("…");
        }
        // Categories must be unique (two branches of one chain share a name): the rank makes them so.
        labels << QStringLiteral("%1. %2").arg(rows[i].rank).arg(label);
        top = std::max(top, rows[i].score);
    }
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(3);
    chart->addSeries(series);
    auto *y = new QBarCategoryAxis;
    y->append(labels);
    auto *x = new QValueAxis;
    x->setRange(0, top > 0 ? top * 1.15 : 1.0);
    x->applyNiceNumbers();
    x->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(y, Qt::AlignLeft);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(y);
    series->attachAxis(x);
    return chart;
}

} // namespace

QImage densityImage(const analysis::DensityGrid &grid, int cellPixels)
{
    QImage image(grid.cols * cellPixels, grid.rows * cellPixels, QImage::Format_RGB32);
    image.fill(Qt::white);
    double peak = 0.0;
    for (double v : grid.values) {
        peak = std::max(peak, v);
    }
    if (peak <= 0.0) {
        return image;
    }
    for (int r = 0; r < grid.rows; ++r) {
        for (int c = 0; c < grid.cols; ++c) {
            const double t = std::sqrt(grid.at(r, c) / peak); // square root: faint areas stay visible
            const QColor colour = QColor::fromRgbF(static_cast<float>(1.0), static_cast<float>(1.0 - 0.75 * t),
                                                   static_cast<float>(1.0 - 0.95 * t));
            const int top = (grid.rows - 1 - r) * cellPixels; // row 0 is south
            for (int y = 0; y < cellPixels; ++y) {
                auto *line = reinterpret_cast<QRgb *>(image.scanLine(top + y));
                for (int x = 0; x < cellPixels; ++x) {
                    line[c * cellPixels + x] = colour.rgb();
                }
            }
        }
    }
    return image;
}

namespace {

/// `snapshot` gives premises and places their postcode beside the name (two branches of one
/// firm would read the same).
QVariant hotspotCell(const analysis::HotspotRow &row, int column, int role, const GraphSnapshot &snapshot)
{
    const std::array<double, 8> numbers{static_cast<double>(row.rank), 0.0, row.score,
                                        static_cast<double>(row.distinctChildren),
                                        static_cast<double>(row.directChildren), static_cast<double>(row.foundAt),
                                        static_cast<double>(row.recentRecords), 0.0};
    const bool numeric = column != 1 && column != 7;
    switch (role) {
    case Qt::UserRole:
        return column == 1 ? QVariant::fromValue<qlonglong>(row.id) : QVariant();
    case Qt::TextAlignmentRole:
        return numeric ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
    case Qt::DisplayRole:
    case kSortRole: {
        if (numeric) {
            const double value = numbers[static_cast<std::size_t>(column)];
            if (role == kSortRole) {
                return value;
            }
            return role == Qt::DisplayRole ? QString::number(value, 'f', column == 2 ? 2 : 0) : QVariant();
        }
        if (column == 1) {
            if (role == Qt::ToolTipRole) {
                return {};
            }
            const EntityInfo *entity = row.id != 0 ? snapshot.findEntity(row.id) : nullptr;
            return shown(entity ? entity->labelWithPostcode() : row.label.empty() ? row.key : row.label);
        }
        QStringList reasons;
        for (const auto &reason : row.reasons) {
            reasons << qs(reason);
        }
        return reasons.join(role == Qt::ToolTipRole ? QStringLiteral("\n") : QStringLiteral("; "));
    }
    default:
        return {};
    }
}

} // namespace

HotspotsPage::HotspotsPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget;
    for (std::size_t k = 0; k < 4; ++k) {
        auto *splitter = new QSplitter;
        m_models[k] = new LazyTableModel({tr("Rank"), tr("Name"), tr("Score"), tr("Children"), tr("Direct"),
                                          tr("Found at"), tr("Recent"), tr("Why")},
                                         this);
        m_tables[k] = sortableTableView(m_models[k]);
        m_charts[k] = new QChartView;
        m_charts[k]->setRenderHint(QPainter::Antialiasing);
        splitter->addWidget(m_tables[k]);
        splitter->addWidget(m_charts[k]);
        splitter->setSizes({800, 600});
        m_tabs->addTab(splitter, kKinds[k]);
    }
    auto *densityPage = new QWidget;
    auto *densityLayout = new QVBoxLayout(densityPage);
    m_densityCaption = new QLabel;
    m_densityCaption->setWordWrap(true);
    densityLayout->addWidget(m_densityCaption);
    auto *scroll = new QScrollArea;
    m_density = new QLabel;
    m_density->setAlignment(Qt::AlignCenter);
    scroll->setWidget(m_density);
    scroll->setWidgetResizable(true);
    densityLayout->addWidget(scroll, 1);
    m_tabs->addTab(densityPage, tr("Density map"));
    layout->addWidget(m_tabs);
}

void HotspotsPage::setDataset(std::shared_ptr<const Dataset> dataset)
{
    m_data = std::move(dataset);
    const auto &h = m_data->analysis.hotspots;
    const std::array<const std::vector<analysis::HotspotRow> *, 4> lists{&h.premises, &h.vehicles, &h.places, &h.areas};
    for (std::size_t k = 0; k < 4; ++k) {
        const auto &rows = *lists[k];
        // Cells are made as they are shown: a million hotspots cost the UI thread nothing here.
        // `data` keeps the dataset, and so the list, alive as long as the model reads it.
        m_models[k]->reset(static_cast<int>(rows.size()), [data = m_data, list = lists[k]](int r, int column, int role) {
            return hotspotCell((*list)[static_cast<std::size_t>(r)], column, role, data->snapshot);
        });
        fitColumns(m_tables[k]);
        QChart *old = m_charts[k]->chart();
        m_charts[k]->setChart(topTenChart(rows, tr("Top %1 by score").arg(kKinds[k].toLower())));
        delete old;
        m_tabs->setTabText(static_cast<int>(k), QStringLiteral("%1 (%2)").arg(kKinds[k]).arg(rows.size()));
    }
    if (m_data->density) {
        const auto &grid = *m_data->density;
        const int pixels = std::clamp(760 / std::max(1, std::max(grid.rows, grid.cols)), 2, 32);
        QImage image = densityImage(grid, pixels);
        // The top-ranked premises and places with coordinates, so the heat has names on it.
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        QFont font = painter.font();
        font.setPointSizeF(9.0);
        painter.setFont(font);
        int marked = 0;
        for (const auto *rows : {&h.premises, &h.places}) {
            for (std::size_t i = 0; i < rows->size() && i < 6; ++i) {
                const EntityInfo *entity = m_data->entity((*rows)[i].id);
                bool okLat = false;
                bool okLon = false;
                const double lat = entity ? qs(entity->attribute("lat")).toDouble(&okLat) : 0.0;
                const double lon = entity ? qs(entity->attribute("lon")).toDouble(&okLon) : 0.0;
                if (!okLat || !okLon) {
                    continue;
                }
                const double x = (lon - grid.west) * grid.metresPerDegreeLon / grid.cellMetres * pixels;
                const double y = image.height() - (lat - grid.south) * grid.metresPerDegreeLat / grid.cellMetres * pixels;
                painter.setPen(QPen(Qt::white, 1.5));
                painter.setBrush(palette::kInk);
                painter.drawEllipse(QPointF(x, y), 5, 5);
                const QString label = shown((*rows)[i].label);
                const QRectF box(x + 8, y - 9, painter.fontMetrics().horizontalAdvance(label) + 8, 18);
                painter.setPen(Qt::NoPen);
                painter.setBrush(QColor(255, 255, 255, 210));
                painter.drawRoundedRect(box, 3, 3);
                painter.setPen(palette::kInk);
                painter.drawText(box, Qt::AlignCenter, label);
                ++marked;
            }
        }
        painter.end();
        m_density->setPixmap(QPixmap::fromImage(image));
        m_densityCaption->setText(tr("Where premises and places named in records cluster (weighted by records, "
                                     "%1 m cells, north up, darker = more). %2 top-ranked locations marked.")
                                      .arg(grid.cellMetres)
                                      .arg(marked));
        m_density->setToolTip(tr("%1 points, %2 m cells, darker = more records per km²")
                                  .arg(grid.points)
                                  .arg(grid.cellMetres));
    } else {
        m_density->setPixmap({});
        m_density->setText(tr("No premises or places with coordinates."));
        m_densityCaption->clear();
    }
}

} // namespace harbour::ui

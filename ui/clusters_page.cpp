#include "clusters_page.h"

#include "lazy_models.h"
#include "network_view.h"
#include "ui_common.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace harbour::ui {

namespace {

QVariant clusterCell(const analysis::Cluster &c, std::size_t index, int column, int role)
{
    switch (role) {
    case Qt::UserRole:
        return column == 0 ? QVariant::fromValue<qulonglong>(index) : QVariant();
    case Qt::ForegroundRole:
        return column == 1 && c.organised ? QVariant(QBrush(palette::kSignificant)) : QVariant();
    case Qt::FontRole:
        if (column == 1 && c.organised) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        return column >= 2 ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
    case kSortRole:
        break;
    default:
        return {};
    }
    if (column == 0) {
        return qs(c.id);
    }
    if (column == 1) {
        return c.organised ? ClustersPage::tr("organised") : QString();
    }
    const std::array<double, 6> numbers{c.score,
                                        static_cast<double>(c.children),
                                        static_cast<double>(c.suspects),
                                        static_cast<double>(c.members.size()),
                                        static_cast<double>(c.records),
                                        static_cast<double>(c.recentRecords)};
    const double value = numbers[static_cast<std::size_t>(std::clamp(column - 2, 0, 5))];
    if (role == kSortRole) {
        return value;
    }
    return QString::number(value, 'f', column == 2 ? 2 : 0);
}

} // namespace

ClustersPage::ClustersPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    auto *splitter = new QSplitter;
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_model = new LazyTableModel({tr("Cluster"), tr("Flag"), tr("Score"), tr("Children"), tr("Suspects"),
                                  tr("Members"), tr("Records"), tr("Recent")},
                                 this);
    m_table = sortableTableView(m_model);
    leftLayout->addWidget(m_table, 3);
    m_reasons = new QLabel;
    m_reasons->setWordWrap(true);
    m_reasons->setTextFormat(Qt::RichText);
    m_reasons->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_reasons->setStyleSheet(QStringLiteral("background:white;padding:8px;font-size:10.5pt"));
    leftLayout->addWidget(m_reasons, 2);
    auto *open = new QPushButton(tr("Open in the network view"));
    leftLayout->addWidget(open);
    splitter->addWidget(left);
    m_view = new NetworkView;
    splitter->addWidget(m_view);
    splitter->setSizes({640, 900});
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectCluster(current.row()); });
    connect(open, &QPushButton::clicked, this, [this] {
        if (const auto index = currentIndex()) {
            emit openInNetwork(*index);
        }
    });
}

void ClustersPage::setDataset(std::shared_ptr<const Dataset> dataset)
{
    m_data = std::move(dataset);
    const auto &clusters = m_data->analysis.clusters;
    // Cells are made as they are shown (230,000 clusters at a million reports); `data` keeps
    // the clusters alive as long as the model reads them.
    m_model->reset(static_cast<int>(clusters.size()), [data = m_data](int row, int column, int role) {
        return clusterCell(data->analysis.clusters[static_cast<std::size_t>(row)], static_cast<std::size_t>(row),
                           column, role);
    });
    fitColumns(m_table);
    if (!clusters.empty()) {
        m_table->setCurrentIndex(m_table->model()->index(0, 0));
        selectCluster(0);
    } else {
        m_reasons->setText(tr("No clusters: too few linked records yet."));
        m_view->showDiagram({});
    }
}

std::optional<std::size_t> ClustersPage::clusterAt(int row) const
{
    if (!m_data || row < 0 || row >= m_table->model()->rowCount()) {
        return std::nullopt;
    }
    // The row as shown (perhaps sorted by a column); its first cell knows the cluster's index.
    const auto index = static_cast<std::size_t>(m_table->model()->index(row, 0).data(Qt::UserRole).toULongLong());
    return index < m_data->analysis.clusters.size() ? std::optional(index) : std::nullopt;
}

std::optional<std::size_t> ClustersPage::currentIndex() const
{
    return clusterAt(m_table->currentIndex().row());
}

void ClustersPage::selectCluster(int row)
{
    const auto index = clusterAt(row);
    if (!index) {
        return;
    }
    const auto &cluster = m_data->analysis.clusters[*index];
    QString html = tr("<b style='font-size:12pt'>%1</b>%2<br>").arg(qs(cluster.id),
        cluster.organised ? tr(" <span style='color:%1'>suggests organised abuse</span>").arg(palette::kSignificant.name()) : QString());
    for (const auto &reason : cluster.reasons) {
        html += QStringLiteral("• %1<br>").arg(shownHtml(reason));
    }
    m_reasons->setText(html);
    std::vector<EntityId> ids;
    for (const auto &member : cluster.members) {
        ids.push_back(member.id);
    }
    m_view->showDiagram(buildDiagram(*m_data, ids));
}

} // namespace harbour::ui

#include "clusters_page.h"

#include "network_view.h"
#include "ui_common.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace harbour::ui {

ClustersPage::ClustersPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    auto *splitter = new QSplitter;
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget;
    setupTable(m_table, {tr("Cluster"), tr("Flag"), tr("Score"), tr("Children"), tr("Suspects"), tr("Members"),
                         tr("Records"), tr("Recent")});
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

    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { selectCluster(row); });
    connect(open, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0) {
            emit openInNetwork(m_table->item(m_table->currentRow(), 0)->data(Qt::UserRole).toULongLong());
        }
    });
}

void ClustersPage::setDataset(std::shared_ptr<const Dataset> dataset)
{
    m_data = std::move(dataset);
    const auto &clusters = m_data->analysis.clusters;
    m_table->setSortingEnabled(false);
    m_table->setRowCount(static_cast<int>(clusters.size()));
    for (int i = 0; i < static_cast<int>(clusters.size()); ++i) {
        const auto &c = clusters[static_cast<std::size_t>(i)];
        auto *id = textItem(qs(c.id));
        id->setData(Qt::UserRole, QVariant::fromValue<qulonglong>(static_cast<qulonglong>(i)));
        m_table->setItem(i, 0, id);
        auto *flag = textItem(c.organised ? tr("organised") : QString());
        if (c.organised) {
            flag->setForeground(palette::kSignificant);
            QFont bold = flag->font();
            bold.setBold(true);
            flag->setFont(bold);
        }
        m_table->setItem(i, 1, flag);
        m_table->setItem(i, 2, numberItem(c.score, 2));
        m_table->setItem(i, 3, numberItem(c.children));
        m_table->setItem(i, 4, numberItem(c.suspects));
        m_table->setItem(i, 5, numberItem(static_cast<double>(c.members.size())));
        m_table->setItem(i, 6, numberItem(c.records));
        m_table->setItem(i, 7, numberItem(c.recentRecords));
    }
    fitColumns(m_table);
    m_table->setSortingEnabled(true);
    if (!clusters.empty()) {
        m_table->setCurrentCell(0, 0);
        selectCluster(0);
    } else {
        m_reasons->setText(tr("No clusters: too few linked records yet."));
        m_view->showDiagram({});
    }
}

std::optional<std::size_t> ClustersPage::currentIndex() const
{
    const int row = m_table->currentRow();
    if (row < 0 || m_table->item(row, 0) == nullptr) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(m_table->item(row, 0)->data(Qt::UserRole).toULongLong());
}

void ClustersPage::selectCluster(int row)
{
    if (!m_data || row < 0 || row >= m_table->rowCount() || m_table->item(row, 0) == nullptr) {
        return;
    }
    const auto index = static_cast<std::size_t>(m_table->item(row, 0)->data(Qt::UserRole).toULongLong());
    const auto &cluster = m_data->analysis.clusters[index];
    QString html = tr("<b style='font-size:12pt'>%1</b>%2<br>").arg(qs(cluster.id),
        cluster.organised ? tr(" <span style='color:#C62828'>suggests organised abuse</span>") : QString());
    for (const auto &reason : cluster.reasons) {
        html += QStringLiteral("• %1<br>").arg(qs(reason).toHtmlEscaped());
    }
    m_reasons->setText(html);
    std::vector<EntityId> ids;
    for (const auto &member : cluster.members) {
        ids.push_back(member.id);
    }
    m_view->showDiagram(buildDiagram(*m_data, ids));
}

} // namespace harbour::ui

#include "network_page.h"

#include "database_session.h"
#include "lazy_models.h"
#include "network_view.h"
#include "provenance_panel.h"
#include "ui_common.h"

#include "harbour/analysis/path.h"
#include "harbour/report/diagram_painter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>
#include <tuple>

namespace harbour::ui {

namespace {

// A whole network larger than this opens on its top cluster (see setDataset).
constexpr std::size_t kOpenOnTopClusterAbove = 3000;
// Beyond these a diagram is both unreadable and slow to lay out (DrL took minutes on the 16,000
// entities within two links of one child at 100k reports): the highest-ranked or the nearest.
constexpr std::size_t kWholeNetworkShown = 5000;
constexpr std::size_t kNeighbourhoodShown = 500;

constexpr std::array kTypes{EntityType::Person, EntityType::Alias,   EntityType::Vehicle, EntityType::Premises,
                            EntityType::Place,  EntityType::Phone,   EntityType::Account};

} // namespace

// ---- LegendWidget ----

LegendWidget::LegendWidget(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(sizeHint().height());
}

QSize LegendWidget::sizeHint() const
{
    return {900, 96};
}

void LegendWidget::paintEvent(QPaintEvent *)
{
    // The briefing's legend, at screen scale: the app and the paper explain one picture.
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    report::paintLegend(painter, QRectF(8, 4, width() - 16, height() - 8), 1.3);
}

namespace {

/// How an entity reads in the focus boxes; NetworkPage::entityRow reads the id back out of it.
QString entityText(const EntityInfo &entity)
{
    return QStringLiteral("%1 (%2 %3)").arg(shown(entity.label), typeText(entity.type).toLower()).arg(entity.id);
}

/// Gives a combo box a lazily made list: no work per item, and no sizing to the longest of
/// millions of rows (the default policy measures every item on first show).
void listLazily(QComboBox *box, LazyTableModel *model)
{
    box->setModel(model);
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    if (auto *list = qobject_cast<QListView *>(box->view())) {
        list->setUniformItemSizes(true);
    }
    if (QCompleter *completer = box->completer()) {
        completer->setFilterMode(Qt::MatchContains);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setCompletionMode(QCompleter::PopupCompletion);
    }
}

/// A combo box row: its text (shown, and matched by the completer) and its Qt::UserRole data.
template <typename Text>
QVariant boxItem(int role, qlonglong data, Text text)
{
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        return text();
    }
    return role == Qt::UserRole ? QVariant(data) : QVariant();
}

} // namespace

// ---- NetworkPage ----

NetworkPage::NetworkPage(DatabaseSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_wholeNetworkShown(kWholeNetworkShown),
      m_neighbourhoodShown(kNeighbourhoodShown)
{
    auto *layout = new QVBoxLayout(this);

    auto *row1 = new QHBoxLayout;
    m_focus = new QComboBox;
    m_focus->addItems({tr("Whole network"), tr("Cluster"), tr("Network of one entity"), tr("Path between two")});
    m_focus->setObjectName(QStringLiteral("focus"));
    m_clusterModel = new LazyTableModel({tr("Cluster")}, this);
    m_entityModel = new LazyTableModel({tr("Entity")}, this);
    m_cluster = new QComboBox;
    m_cluster->setMinimumContentsLength(28);
    m_cluster->setObjectName(QStringLiteral("focusCluster"));
    listLazily(m_cluster, m_clusterModel);
    m_entity = new QComboBox;
    m_entity->setEditable(true);
    m_entity->setInsertPolicy(QComboBox::NoInsert);
    m_entity->setMinimumContentsLength(22);
    m_entity->lineEdit()->setPlaceholderText(tr("entity…"));
    m_entity->setObjectName(QStringLiteral("focusEntity"));
    listLazily(m_entity, m_entityModel);
    m_steps = new QSpinBox;
    m_steps->setRange(1, 6);
    m_steps->setValue(2);
    m_steps->setSuffix(tr(" steps"));
    m_pathTo = new QComboBox;
    m_pathTo->setEditable(true);
    m_pathTo->setInsertPolicy(QComboBox::NoInsert);
    m_pathTo->setMinimumContentsLength(22);
    m_pathTo->lineEdit()->setPlaceholderText(tr("to…"));
    m_pathTo->setObjectName(QStringLiteral("focusPathTo"));
    listLazily(m_pathTo, m_entityModel);
    auto *show = new QPushButton(tr("Show"));
    show->setObjectName(QStringLiteral("showFocus"));
    row1->addWidget(new QLabel(tr("Focus")));
    row1->addWidget(m_focus);
    row1->addWidget(m_cluster);
    row1->addWidget(m_entity);
    row1->addWidget(m_steps);
    row1->addWidget(m_pathTo);
    row1->addWidget(show);
    row1->addStretch();
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search the diagram…"));
    m_search->setClearButtonEnabled(true);
    row1->addWidget(m_search);
    layout->addLayout(row1);

    auto *row2 = new QHBoxLayout;
    row2->addWidget(new QLabel(tr("Show")));
    for (EntityType type : kTypes) {
        auto *box = new QCheckBox(typeText(type));
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, [this, type](bool on) { m_view->setTypeVisible(type, on); });
        row2->addWidget(box);
        m_typeBoxes.push_back(box);
    }
    row2->addSpacing(20);
    m_useSince = new QCheckBox(tr("Since"));
    m_since = new QDateEdit;
    m_since->setCalendarPopup(true);
    m_since->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_useUntil = new QCheckBox(tr("Until"));
    m_until = new QDateEdit;
    m_until->setCalendarPopup(true);
    m_until->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_since->setDate(QDate::currentDate().addYears(-1));
    m_until->setDate(QDate::currentDate());
    auto *applyWindowButton = new QPushButton(tr("Apply dates"));
    row2->addWidget(m_useSince);
    row2->addWidget(m_since);
    row2->addWidget(m_useUntil);
    row2->addWidget(m_until);
    row2->addWidget(applyWindowButton);
    row2->addStretch();
    auto *fit = new QPushButton(tr("Fit"));
    auto *zoomIn = new QPushButton(QStringLiteral("+"));
    auto *zoomOut = new QPushButton(QStringLiteral("−"));
    for (QPushButton *button : {zoomIn, zoomOut}) {
        button->setFixedWidth(32);
    }
    row2->addWidget(zoomOut);
    row2->addWidget(zoomIn);
    row2->addWidget(fit);
    layout->addLayout(row2);

    auto *splitter = new QSplitter;
    m_view = new NetworkView;
    m_panel = new ProvenancePanel;
    splitter->addWidget(m_view);
    splitter->addWidget(m_panel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({900, 380});
    layout->addWidget(splitter, 1);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(new LegendWidget, 1);
    layout->addLayout(bottom);
    m_status = new QLabel;
    m_status->setStyleSheet(QStringLiteral("color:#607D8B"));
    layout->addWidget(m_status);

    const auto updateControls = [this] {
        const int mode = m_focus->currentIndex();
        m_cluster->setVisible(mode == 1);
        m_entity->setVisible(mode == 2 || mode == 3);
        m_steps->setVisible(mode == 2);
        m_pathTo->setVisible(mode == 3);
    };
    updateControls();
    connect(m_focus, &QComboBox::currentIndexChanged, this, updateControls);
    connect(show, &QPushButton::clicked, this, &NetworkPage::applyFocus);
    connect(m_cluster, &QComboBox::activated, this, &NetworkPage::applyFocus);
    connect(applyWindowButton, &QPushButton::clicked, this, &NetworkPage::applyWindow);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
    connect(fit, &QPushButton::clicked, m_view, &NetworkView::fitAll);
    connect(zoomIn, &QPushButton::clicked, this, [this] { m_view->zoomBy(1.25); });
    connect(zoomOut, &QPushButton::clicked, this, [this] { m_view->zoomBy(0.8); });
    connect(m_view, &NetworkView::nodeSelected, m_panel, &ProvenancePanel::showEntity);
    connect(m_view, &NetworkView::edgeSelected, m_panel, &ProvenancePanel::showLink);
    connect(m_view, &NetworkView::layoutStarted, this,
            [this](int nodes) { m_status->setText(m_leftOut + tr("Laying out %n node(s)…", nullptr, nodes)); });
    connect(m_view, &NetworkView::layoutFinished, this, [this](int nodes, double ms) {
        m_status->setText(m_leftOut + tr("%n node(s), %1 line(s) for %2 link(s), %3 report(s) drawn as events; "
                                         "layout %4 ms. Wheel to zoom, right-drag to pan, drag a box to select, "
                                         "click a line to see its records.",
                                         nullptr, nodes)
                                          .arg(m_view->diagram().lines.size())
                                          .arg(m_view->diagram().edges.size())
                                          .arg(m_view->diagram().events.size())
                                          .arg(ms, 0, 'f', 0));
    });
}

QString NetworkPage::status() const
{
    return m_status->text();
}

int NetworkPage::entityRow(const QString &text) const
{
    // "label (type id)": the id finds the row by binary search instead of comparing the text
    // with millions of rows; the text must then be the row's own.
    static const QRegularExpression trailingId(QStringLiteral(" (\\d+)\\)$"));
    const auto match = trailingId.match(text);
    if (!m_data || !match.hasMatch()) {
        return -1;
    }
    const EntityInfo *entity = m_data->entity(match.captured(1).toLongLong());
    if (entity == nullptr || entityText(*entity) != text) {
        return -1;
    }
    return static_cast<int>(entity - m_data->snapshot.entities.data());
}

std::optional<EntityId> NetworkPage::pickedEntity(QComboBox *box) const
{
    const int row = entityRow(box->currentText());
    return row < 0 ? std::nullopt : std::optional{m_data->snapshot.entities[static_cast<std::size_t>(row)].id};
}

void NetworkPage::setDataset(std::shared_ptr<const Dataset> dataset)
{
    const int cluster = m_cluster->currentIndex();
    const QString entity = m_entity->currentText();
    const QString pathTo = m_pathTo->currentText();
    m_data = std::move(dataset);
    m_panel->setSource(m_session != nullptr ? m_session->store() : nullptr, m_data);
    // The lists read the dataset they were given, which lives as long as the lambdas hold it.
    m_clusterModel->reset(static_cast<int>(m_data->analysis.clusters.size()),
                          [data = m_data](int row, int, int role) -> QVariant {
                              const auto &c = data->analysis.clusters[static_cast<std::size_t>(row)];
                              return boxItem(role, static_cast<qlonglong>(row), [&] {
                                  return tr("%1%2: %3 children, %4 suspects, score %5")
                                      .arg(qs(c.id), c.organised ? tr(" (organised)") : QString())
                                      .arg(c.children)
                                      .arg(c.suspects)
                                      .arg(c.score, 0, 'f', 1);
                              });
                          });
    m_entityModel->reset(static_cast<int>(m_data->snapshot.entities.size()),
                         [data = m_data](int row, int, int role) -> QVariant {
                             const EntityInfo &shown = data->snapshot.entities[static_cast<std::size_t>(row)];
                             return boxItem(role, shown.id, [&] { return entityText(shown); });
                         });
    m_cluster->setCurrentIndex(std::max(0, std::min(cluster, m_cluster->count() - 1)));
    m_entity->setCurrentIndex(entityRow(entity));
    m_pathTo->setCurrentIndex(entityRow(pathTo));
    // Thousands of nodes at once tell the panel nothing: a large database opens on its top cluster.
    if (m_focus->currentIndex() == 0 && m_data->analysis.graph.vertexCount() > kOpenOnTopClusterAbove &&
        !m_data->analysis.clusters.empty()) {
        m_focus->setCurrentIndex(1);
        m_cluster->setCurrentIndex(0);
    }
    applyFocus();
}

void NetworkPage::applyFocus()
{
    if (!m_data) {
        return;
    }
    switch (m_focus->currentIndex()) {
    case 1:
        showCluster(static_cast<std::size_t>(std::max(0, m_cluster->currentIndex())));
        return;
    case 2:
        if (const auto id = pickedEntity(m_entity)) {
            showNeighbourhood(*id, m_steps->value());
            return;
        }
        break;
    case 3: {
        const auto from = pickedEntity(m_entity);
        const auto to = pickedEntity(m_pathTo);
        if (from && to) {
            showPath(*from, *to);
            return;
        }
        break;
    }
    default:
        break;
    }
    showAll();
}

void NetworkPage::applyWindow()
{
    if (m_session == nullptr) {
        return;
    }
    TimeWindow window;
    if (m_useSince->isChecked()) {
        window.since = fromQDate(m_since->date());
    }
    if (m_useUntil->isChecked()) {
        window.until = fromQDate(m_until->date());
    }
    if (window.reversed()) {
        // Nothing can fall in such a window: an empty diagram would look like an empty database.
        m_status->setText(tr("“Since” %1 is after “Until” %2: no dates applied.")
                              .arg(m_since->date().toString(Qt::ISODate), m_until->date().toString(Qt::ISODate)));
        return;
    }
    m_session->setWindow(window);
}

void NetworkPage::setDiagramLimits(std::size_t wholeNetwork, std::size_t neighbourhood)
{
    m_wholeNetworkShown = wholeNetwork;
    m_neighbourhoodShown = neighbourhood;
}

void NetworkPage::showAll()
{
    if (!m_data) {
        return;
    }
    m_leftOut.clear();
    const auto &graph = m_data->analysis.graph;
    if (graph.vertexCount() <= m_wholeNetworkShown) {
        m_view->showDiagram(buildDiagram(*m_data, {}));
        return;
    }
    // The highest priority or hotspot scores first, then children and suspects.
    std::vector<analysis::VertexIndex> order(graph.vertexCount());
    std::iota(order.begin(), order.end(), analysis::VertexIndex{0});
    std::vector<double> score(graph.vertexCount());
    for (const auto v : order) {
        score[v] = m_data->priorityOf(graph.vertex(v).entity);
    }
    const auto rank = [&](analysis::VertexIndex v) {
        const auto &vertex = graph.vertex(v);
        return std::tuple(-score[v], !vertex.child, !vertex.suspect, vertex.entity);
    };
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(m_wholeNetworkShown), order.end(),
                     [&](analysis::VertexIndex a, analysis::VertexIndex b) { return rank(a) < rank(b); });
    std::vector<EntityId> ids;
    ids.reserve(m_wholeNetworkShown);
    for (std::size_t i = 0; i < m_wholeNetworkShown; ++i) {
        ids.push_back(graph.vertex(order[i]).entity);
    }
    m_leftOut = tr("The %1 highest-ranked of %2 entities; a cluster or an entity's links show the rest. ")
                    .arg(m_wholeNetworkShown)
                    .arg(order.size());
    m_view->showDiagram(buildDiagram(*m_data, ids));
}

bool NetworkPage::showCluster(std::size_t index)
{
    if (!m_data || index >= m_data->analysis.clusters.size()) {
        return false;
    }
    std::vector<EntityId> ids;
    for (const auto &member : m_data->analysis.clusters[index].members) {
        ids.push_back(member.id);
    }
    m_focus->setCurrentIndex(1);
    m_cluster->setCurrentIndex(static_cast<int>(index));
    m_leftOut.clear();
    m_view->showDiagram(buildDiagram(*m_data, ids));
    return true;
}

bool NetworkPage::showNeighbourhood(EntityId centre, int steps)
{
    if (!m_data) {
        return false;
    }
    auto ids = neighbourhood(*m_data, centre, steps);
    if (ids.empty()) {
        return false;
    }
    m_leftOut.clear();
    if (ids.size() > m_neighbourhoodShown) {
        // Nearest first: the list comes breadth first from the centre.
        m_leftOut = steps == 1 ? tr("The %1 nearest of %2 entities within 1 link. ")
                                     .arg(m_neighbourhoodShown)
                                     .arg(ids.size())
                               : tr("The %1 nearest of %2 entities within %3 links. ")
                                     .arg(m_neighbourhoodShown)
                                     .arg(ids.size())
                                     .arg(steps);
        ids.resize(m_neighbourhoodShown);
    }
    m_view->showDiagram(buildDiagram(*m_data, ids));
    return true;
}

bool NetworkPage::showPath(EntityId from, EntityId to)
{
    if (!m_data) {
        return false;
    }
    const auto chain = analysis::shortestChain(m_data->analysis.graph, m_data->snapshot, from, to);
    if (!chain) {
        m_status->setText(qs(chain.error().message));
        return false;
    }
    std::vector<EntityId> ids{from};
    for (const auto &hop : chain->hops) {
        ids.push_back(hop.to);
    }
    m_leftOut.clear();
    m_view->showDiagram(buildDiagram(*m_data, ids));
    return true;
}

bool NetworkPage::search(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        return false;
    }
    for (const auto &node : m_view->diagram().nodes) {
        if (qs(node.label).contains(text.trimmed(), Qt::CaseInsensitive) && m_view->focusNode(node.entity)) {
            return true;
        }
    }
    m_status->setText(tr("Nothing in this diagram matches “%1”.").arg(text));
    return false;
}

} // namespace harbour::ui

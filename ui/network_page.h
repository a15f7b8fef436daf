#pragma once

#include "dataset.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace harbour::ui {

class DatabaseSession;
class LazyTableModel;
class NetworkView;
class ProvenancePanel;

/// Draws the shapes, risk colours and line styles of the diagram.
class LegendWidget : public QWidget {
    Q_OBJECT
public:
    explicit LegendWidget(QWidget *parent = nullptr);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
};

/// The network diagram with its controls: focus (whole network, a cluster, one entity's
/// neighbourhood, a path), entity types, time window, search, legend and provenance panel.
class NetworkPage : public QWidget {
    Q_OBJECT
public:
    explicit NetworkPage(DatabaseSession *session, QWidget *parent = nullptr);

    void setDataset(std::shared_ptr<const Dataset> dataset);
    void showAll();
    /// Shows one cluster by its index in the analysis; false when out of range.
    bool showCluster(std::size_t index);
    /// Shows an entity and what lies within `steps` links of it.
    bool showNeighbourhood(EntityId centre, int steps);
    /// Shows the shortest chain between two entities; false (with the reason shown) when none.
    bool showPath(EntityId from, EntityId to);
    /// Selects the first node whose label contains `text` (case-insensitive).
    bool search(const QString &text);
    /// The most entities the whole network (the highest-ranked) and a neighbourhood (the
    /// nearest) may draw; the status line says when some were left out.
    void setDiagramLimits(std::size_t wholeNetwork, std::size_t neighbourhood);

    NetworkView *view() const { return m_view; }
    ProvenancePanel *panel() const { return m_panel; }
    QString status() const;

private:
    void applyFocus();
    void applyWindow();
    std::optional<EntityId> pickedEntity(QComboBox *box) const;
    /// The row in the entity boxes' list whose text is `text`, or -1.
    int entityRow(const QString &text) const;

    DatabaseSession *m_session;
    std::shared_ptr<const Dataset> m_data;
    NetworkView *m_view = nullptr;
    ProvenancePanel *m_panel = nullptr;
    QComboBox *m_focus = nullptr;
    QComboBox *m_cluster = nullptr;
    QComboBox *m_entity = nullptr;
    QComboBox *m_pathTo = nullptr;
    LazyTableModel *m_clusterModel = nullptr;
    LazyTableModel *m_entityModel = nullptr; ///< shared by m_entity and m_pathTo
    QSpinBox *m_steps = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_useSince = nullptr;
    QCheckBox *m_useUntil = nullptr;
    QDateEdit *m_since = nullptr;
    QDateEdit *m_until = nullptr;
    QLabel *m_status = nullptr;
    QString m_leftOut; ///< what the shown diagram leaves out, said before the layout's status
    std::size_t m_wholeNetworkShown;
    std::size_t m_neighbourhoodShown;
    std::vector<QCheckBox *> m_typeBoxes;
};

} // namespace harbour::ui

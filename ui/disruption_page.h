#pragma once

#include "dataset.h"

#include "harbour/store.h"

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QDateEdit;
class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTableWidget;
class QTextBrowser;

namespace harbour::ui {

class LazyTableModel;

/// Disruption planning: ranked premises, vehicles and suspects as targets, the tactics that fit
/// each, and the plan itself (owner, status, due date, notes), stored and audited via the Store.
class DisruptionPage : public QWidget {
    Q_OBJECT
public:
    explicit DisruptionPage(QWidget *parent = nullptr);
    /// The store must outlive the page's use of it (the session owns it).
    void setSource(Store *store, std::shared_ptr<const Dataset> dataset);

    /// Adds an action for the selected target; returns its id, or an error shown to the analyst.
    Result<std::int64_t> addAction(EntityId target, const std::string &tactic, const std::string &owner,
                                   std::optional<Date> due, const std::string &notes);
    Status setStatus(std::int64_t id, const std::string &status);
    /// Re-reads the plan from the store.
    void refreshPlan();

    /// Premises, vehicles and suspects, highest score first (Qt::UserRole: the entity id).
    QTableView *targets() const { return m_targets; }
    QTableWidget *plan() const { return m_plan; }
    QComboBox *tacticBox() const { return m_tactic; }
    void selectTarget(int row);
    /// The entity the form plans an action against (0 before one is chosen).
    EntityId currentTarget() const { return m_target; }

signals:
    void planChanged();

private:
    void addFromForm();

    Store *m_store = nullptr;
    std::shared_ptr<const Dataset> m_data;
    struct Target {
        EntityId id = 0;
        double score = 0.0;
        int children = 0;
        EntityType entityType = EntityType::Person;
        QString type;
    };
    std::shared_ptr<const std::vector<Target>> m_targetRows;
    QTableView *m_targets = nullptr;
    LazyTableModel *m_targetModel = nullptr;
    QTableWidget *m_plan = nullptr;
    QTextBrowser *m_tacticText = nullptr;
    QComboBox *m_tactic = nullptr;
    QLineEdit *m_owner = nullptr;
    QCheckBox *m_hasDue = nullptr;
    QDateEdit *m_due = nullptr;
    QLineEdit *m_notes = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_targetLabel = nullptr;
    EntityId m_target = 0;
};

/// The plan's statuses in workflow order.
const QStringList &disruptionStatuses();

} // namespace harbour::ui

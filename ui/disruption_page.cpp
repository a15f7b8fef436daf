#include "disruption_page.h"

#include "lazy_models.h"
#include "ui_common.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <map>

namespace harbour::ui {

const QStringList &disruptionStatuses()
{
    static const QStringList kStatuses{QStringLiteral("proposed"), QStringLiteral("agreed"),
                                       QStringLiteral("in_progress"), QStringLiteral("done"),
                                       QStringLiteral("dropped")};
    return kStatuses;
}

DisruptionPage::DisruptionPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Vertical);

    auto *top = new QSplitter;
    auto *targetsBox = new QGroupBox(tr("Targets, highest priority first"));
    auto *targetsLayout = new QVBoxLayout(targetsBox);
    m_targets = new QTableView;
    m_targetModel = new LazyTableModel(
        {tr("Target"), tr("Type"), tr("Score"), tr("Children"), tr("Suggested tactics")}, this);
    m_targets->setModel(m_targetModel);
    setupTableView(m_targets);
    targetsLayout->addWidget(m_targets);
    top->addWidget(targetsBox);

    auto *formBox = new QGroupBox(tr("Plan an action"));
    auto *formLayout = new QVBoxLayout(formBox);
    m_targetLabel = new QLabel(tr("Choose a target"));
    m_targetLabel->setTextFormat(Qt::PlainText);
    m_targetLabel->setStyleSheet(QStringLiteral("font-weight:600;font-size:11pt"));
    formLayout->addWidget(m_targetLabel);
    auto *form = new QFormLayout;
    m_tactic = new QComboBox;
    m_owner = new QLineEdit;
    m_owner->setPlaceholderText(tr("who leads it"));
    auto *dueRow = new QHBoxLayout;
    m_hasDue = new QCheckBox;
    m_due = new QDateEdit(QDate::currentDate().addDays(14));
    m_due->setCalendarPopup(true);
    m_due->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    dueRow->addWidget(m_hasDue);
    dueRow->addWidget(m_due, 1);
    m_notes = new QLineEdit;
    form->addRow(tr("Tactic"), m_tactic);
    form->addRow(tr("Owner"), m_owner);
    form->addRow(tr("Due"), dueRow);
    form->addRow(tr("Notes"), m_notes);
    formLayout->addLayout(form);
    m_tacticText = new QTextBrowser;
    formLayout->addWidget(m_tacticText, 1);
    auto *add = new QPushButton(tr("Add to the plan"));
    formLayout->addWidget(add);
    m_message = new QLabel;
    m_message->setWordWrap(true);
    formLayout->addWidget(m_message);
    top->addWidget(formBox);
    top->setSizes({900, 500});
    splitter->addWidget(top);

    auto *planBox = new QGroupBox(tr("Disruption plan (status can be changed in the table)"));
    auto *planLayout = new QVBoxLayout(planBox);
    m_plan = new QTableWidget;
    setupTable(m_plan, {tr("#"), tr("Target"), tr("Tactic"), tr("Owner"), tr("Status"), tr("Due"), tr("Notes"),
                        tr("Updated")});
    planLayout->addWidget(m_plan);
    splitter->addWidget(planBox);
    layout->addWidget(splitter);

    connect(m_targets->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectTarget(current.row()); });
    connect(add, &QPushButton::clicked, this, &DisruptionPage::addFromForm);
    connect(m_tactic, &QComboBox::currentIndexChanged, this, [this] {
        const Tactic *tactic = m_data ? m_data->tactics.find(ss(m_tactic->currentData().toString())) : nullptr;
        m_tacticText->setHtml(tactic == nullptr ? QString()
                                                : QStringLiteral("<b>%1</b><br><i>%2</i><p>%3</p>")
                                                      .arg(shownHtml(tactic->title),
                                                           shownHtml(tactic->legalBasis),
                                                           shownHtml(tactic->description)));
    });
}

void DisruptionPage::setSource(Store *store, std::shared_ptr<const Dataset> dataset)
{
    m_store = store;
    m_data = std::move(dataset);
    std::vector<Target> targets;
    for (const auto &row : m_data->analysis.hotspots.premises) {
        targets.push_back({row.id, row.score, row.distinctChildren, EntityType::Premises, tr("premises")});
    }
    for (const auto &row : m_data->analysis.hotspots.vehicles) {
        targets.push_back({row.id, row.score, row.distinctChildren, EntityType::Vehicle, tr("vehicle")});
    }
    for (const auto &row : m_data->analysis.priorities.suspects) {
        targets.push_back({row.id, row.score, row.children, row.type, tr("suspect")});
    }
    std::stable_sort(targets.begin(), targets.end(), [](const Target &a, const Target &b) { return a.score > b.score; });
    // The tactics that apply depend on the type alone: listed once per type, not per target.
    std::map<EntityType, QStringList> tacticTitles;
    for (const auto &t : targets) {
        if (auto [at, added] = tacticTitles.try_emplace(t.entityType); added) {
            for (const Tactic *tactic : m_data->tactics.forType(t.entityType)) {
                at->second << qs(tactic->title);
            }
        }
    }
    // Cells are made as they are shown: a million targets cost the UI thread nothing here. The
    // model's function holds what it reads, so a later dataset cannot change it underneath.
    m_targetRows = std::make_shared<const std::vector<Target>>(std::move(targets));
    m_targetModel->reset(static_cast<int>(m_targetRows->size()),
                         [rows = m_targetRows, data = m_data,
                          titles = std::move(tacticTitles)](int row, int column, int role) -> QVariant {
                             const Target &t = (*rows)[static_cast<std::size_t>(row)];
                             if (role == Qt::UserRole) {
                                 return QVariant::fromValue<qlonglong>(t.id);
                             }
                             if (role == Qt::TextAlignmentRole && (column == 2 || column == 3)) {
                                 return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
                             }
                             const auto tactics = titles.find(t.entityType);
                             if (role == Qt::ToolTipRole && column == 4 && tactics != titles.end()) {
                                 return tactics->second.join(QStringLiteral("\n"));
                             }
                             if (role != Qt::DisplayRole) {
                                 return {};
                             }
                             switch (column) {
                             case 0:
                                 return shown(data->labelOf(t.id));
                             case 1:
                                 return t.type;
                             case 2:
                                 return QString::number(t.score, 'f', 2);
                             case 3:
                                 return QString::number(t.children);
                             default:
                                 return tactics == titles.end() ? QString() : tactics->second.join(QStringLiteral("; "));
                             }
                         });
    fitColumns(m_targets);
    m_targets->setColumnWidth(0, std::min(m_targets->columnWidth(0), 260));
    if (!m_data->tacticsError.empty()) {
        m_message->setText(tr("Tactics catalogue not found: %1").arg(qs(m_data->tacticsError)));
    }
    if (!m_targetRows->empty()) {
        m_targets->setCurrentIndex(m_targetModel->index(0, 0));
        selectTarget(0);
    }
    refreshPlan();
}

void DisruptionPage::selectTarget(int row)
{
    if (!m_data || !m_targetRows || row < 0 || static_cast<std::size_t>(row) >= m_targetRows->size()) {
        return;
    }
    m_target = (*m_targetRows)[static_cast<std::size_t>(row)].id;
    const EntityInfo *entity = m_data->entity(m_target);
    m_targetLabel->setText(tr("Target: %1").arg(shown(m_data->labelOf(m_target))));
    m_tactic->clear();
    if (entity != nullptr) {
        for (const Tactic *tactic : m_data->tactics.forType(entity->type)) {
            m_tactic->addItem(qs(tactic->title), qs(tactic->key));
        }
    }
}

Result<std::int64_t> DisruptionPage::addAction(EntityId target, const std::string &tactic, const std::string &owner,
                                               std::optional<Date> due, const std::string &notes)
{
    if (m_store == nullptr || !m_data) {
        return Error{ErrorCode::Usage, "no database is open", {}, {}, {}};
    }
    const Tactic *known = m_data->tactics.find(tactic);
    const EntityInfo *entity = m_data->entity(target);
    if (known == nullptr) {
        return Error{ErrorCode::Usage, "unknown tactic '" + tactic + "'", {}, {}, "tactic"};
    }
    if (entity == nullptr || !known->appliesToType(entity->type)) {
        return Error{ErrorCode::Usage, "tactic '" + tactic + "' does not apply to this target", {}, {}, "tactic"};
    }
    DisruptionAction action;
    action.target = target;
    action.tactic = tactic;
    action.owner = owner;
    action.due = due;
    action.notes = notes;
    auto id = m_store->addDisruption(action);
    if (id) {
        refreshPlan();
        emit planChanged();
    }
    return id;
}

Status DisruptionPage::setStatus(std::int64_t id, const std::string &status)
{
    if (m_store == nullptr) {
        return Error{ErrorCode::Usage, "no database is open", {}, {}, {}};
    }
    if (!disruptionStatuses().contains(qs(status))) {
        return Error{ErrorCode::Usage, "unknown status '" + status + "'", {}, {}, "status"};
    }
    auto actions = m_store->disruptions();
    if (!actions) {
        return actions.error();
    }
    for (auto action : *actions) {
        if (action.id == id) {
            action.status = status;
            auto updated = m_store->updateDisruption(action);
            if (updated) {
                refreshPlan();
                emit planChanged();
            }
            return updated;
        }
    }
    return Error{ErrorCode::NotFound, "no disruption action " + std::to_string(id), {}, {}, {}};
}

void DisruptionPage::addFromForm()
{
    if (m_target == 0 || m_tactic->currentIndex() < 0) {
        m_message->setText(tr("Choose a target and a tactic first."));
        return;
    }
    auto id = addAction(m_target, ss(m_tactic->currentData().toString()), ss(m_owner->text().trimmed()),
                        m_hasDue->isChecked() ? std::optional(fromQDate(m_due->date())) : std::nullopt,
                        ss(m_notes->text().trimmed()));
    m_message->setText(id ? tr("Added action %1.").arg(*id) : qs(id.error().toString()));
    if (id) {
        m_notes->clear();
    }
}

void DisruptionPage::refreshPlan()
{
    if (m_store == nullptr || !m_data) {
        return;
    }
    auto actions = m_store->disruptions();
    if (!actions) {
        m_message->setText(qs(actions.error().toString()));
        return;
    }
    m_plan->setSortingEnabled(false);
    m_plan->setRowCount(static_cast<int>(actions->size()));
    const Date now = m_data->asOf;
    for (int i = 0; i < static_cast<int>(actions->size()); ++i) {
        const auto &action = (*actions)[static_cast<std::size_t>(i)];
        const Tactic *tactic = m_data->tactics.find(action.tactic);
        m_plan->setItem(i, 0, numberItem(static_cast<double>(action.id)));
        m_plan->setItem(i, 1, textItem(shown(m_data->labelOf(action.target))));
        m_plan->setItem(i, 2, textItem(tactic != nullptr ? qs(tactic->title) : qs(action.tactic)));
        m_plan->setItem(i, 3, textItem(qs(action.owner)));
        m_plan->setItem(i, 4, textItem(qs(action.status)));
        const bool open = action.status != "done" && action.status != "dropped";
        auto *due = textItem(action.due ? dateText(*action.due) : QString());
        if (open && action.due && *action.due < now) {
            due->setText(due->text() + tr("  overdue"));
            due->setBackground(palette::kOverdue);
            due->setForeground(palette::kSignificant);
        }
        m_plan->setItem(i, 5, due);
        m_plan->setItem(i, 6, textItem(qs(action.notes)));
        m_plan->setItem(i, 7, textItem(qs(action.updatedAt)));
        auto *status = new QComboBox;
        status->addItems(disruptionStatuses());
        status->setCurrentText(qs(action.status));
        const std::int64_t id = action.id;
        connect(status, &QComboBox::textActivated, this, [this, id](const QString &text) {
            const auto done = setStatus(id, ss(text));
            m_message->setText(done ? tr("Action %1 is now %2.").arg(id).arg(text) : qs(done.error().toString()));
        }, Qt::QueuedConnection); // queued: refreshing the plan replaces this combo box
        m_plan->setCellWidget(i, 4, status);
    }
    fitColumns(m_plan);
    m_plan->setColumnWidth(4, 130);
}

} // namespace harbour::ui

#include "suggestions_page.h"

#include "lazy_models.h"
#include "ui_common.h"
#include "waterfall_chart.h"
#include "harbour/unicode.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace harbour::ui {

namespace {

enum GroupColumn { kScore, kType, kHow, kEntries };
constexpr int kHowWidth = 150; ///< "review, 12 pairs": the entries get the rest of the row

/// A tool tip names at most this many entries: a long list is read in the entries table.
constexpr std::size_t kTipEntries = 40;

QString evidenceLine(const analysis::SuggestionEvidence &evidence)
{
    // Coloured as its bar: a match model's prior is where the weights start, not evidence against.
    const bool prior = analysis::toString(evidence.kind) == "prior";
    const QColor colour = prior ? palette::kMuted : evidence.contribution < 0 ? palette::kSignificant : palette::kLow;
    return QStringLiteral("<span style='color:%1'><b>%2%3</b></span> %4")
        .arg(colour.name(),
             evidence.contribution < 0 ? QStringLiteral("−") : QStringLiteral("+"),
             QString::number(std::abs(evidence.contribution), 'f', 2), shownHtml(evidence.detail));
}

QString kindsOf(const analysis::MergeSuggestion &pair)
{
    QStringList kinds;
    for (const auto &evidence : pair.evidence) {
        kinds << qs(analysis::toString(evidence.kind)).replace(QLatin1Char('_'), QLatin1Char(' '));
    }
    kinds.removeDuplicates(); // make and colour are two pieces of "vehicle details": named once
    return kinds.join(QStringLiteral(", "));
}

QPushButton *keyButton(const QString &text, const QString &key)
{
    // The key is part of the label: a shortcut an analyst cannot see is one they never learn.
    return new QPushButton(QStringLiteral("%1   [%2]").arg(text, key));
}

} // namespace

SuggestionsPage::SuggestionsPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Who is who: each row is a group of entries that may be one person, premises or vehicle. "
           "Groups to review come first (pairs the model was unsure of), then identities it joined by "
           "itself, weakest first, then identities an analyst confirmed. Confirm or reject a whole "
           "group with one reason; every decision goes in the audit log and can be reversed."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(buildGroupList());
    split->addWidget(buildDetails());
    // The entries are the list's point: it gets close to half the page.
    split->setSizes({700, 900});
    layout->addWidget(split, 1);
    layout->addWidget(buildDecisionBar());
    addShortcuts();
}

QWidget *SuggestionsPage::buildGroupList()
{
    m_groupModel = new LazyTableModel({tr("Score"), tr("Type"), tr("How"), tr("Entries")}, this);
    m_groupTable = new QTableView;
    m_groupTable->setModel(m_groupModel);
    setupTableView(m_groupTable);
    // Rows stay in review order: next and previous walk the queue, not a column sort.
    m_groupTable->setSortingEnabled(false);
    connect(m_groupTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { showGroup(); });
    return m_groupTable;
}

QWidget *SuggestionsPage::buildDetails()
{
    auto *pane = new QWidget;
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    m_heading = new QLabel;
    m_heading->setTextFormat(Qt::PlainText); // names are data, never markup
    m_heading->setWordWrap(true);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    layout->addWidget(m_heading);
    m_entries = new QTableWidget;
    setupTable(m_entries, {tr("Entry"), tr("Name"), tr("Born"), tr("Gender"), tr("Postcode"), tr("Records"), tr("Identity")});
    m_entries->setSortingEnabled(false);
    layout->addWidget(m_entries, 3);
    // An identity on its own has no pairs to weigh: the section goes and its reasons take the room.
    m_pairSection = new QWidget;
    auto *pairLayout = new QVBoxLayout(m_pairSection);
    pairLayout->setContentsMargins(0, 0, 0, 0);
    pairLayout->addWidget(new QLabel(tr("Pairs in the review band (choose one to see why it scored as it did):")));
    m_pairs = new QTableWidget;
    setupTable(m_pairs, {tr("Score"), tr("Entry"), tr("Entry"), tr("Evidence")});
    m_pairs->setSortingEnabled(false);
    m_pairs->setMinimumHeight(100);
    pairLayout->addWidget(m_pairs, 1);
    layout->addWidget(m_pairSection, 3);
    auto *pairRow = new QHBoxLayout;
    m_mergePair = new QPushButton(tr("Merge this pair's entries"));
    m_mergePair->setToolTip(tr("Makes one entry of the two in the store (harbour unmerge undoes it)"));
    m_rejectPair = new QPushButton(tr("Not this pair"));
    m_rejectPair->setToolTip(tr("Only these two entries are not the same; the rest of the group stays to review"));
    pairRow->addStretch(1);
    pairRow->addWidget(m_mergePair);
    pairRow->addWidget(m_rejectPair);
    pairLayout->addLayout(pairRow);
    auto *why = new QHBoxLayout;
    m_waterfall = new WaterfallChart;
    why->addWidget(m_waterfall, 3);
    m_evidence = new QLabel;
    m_evidence->setWordWrap(true);
    m_evidence->setTextFormat(Qt::RichText);
    m_evidence->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_evidence->setStyleSheet(QStringLiteral("background:white;padding:8px"));
    m_evidence->setMinimumWidth(240);
    why->addWidget(m_evidence, 2);
    layout->addLayout(why, 4);
    connect(m_pairs, &QTableWidget::currentCellChanged, this, [this] { showPair(); });
    connect(m_mergePair, &QPushButton::clicked, this, [this] { actOnPair(Action::Confirm); });
    connect(m_rejectPair, &QPushButton::clicked, this, [this] { actOnPair(Action::Reject); });
    return pane;
}

QWidget *SuggestionsPage::buildDecisionBar()
{
    auto *bar = new QWidget;
    auto *layout = new QVBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_reason = new QLineEdit;
    m_reason->setPlaceholderText(tr("Reason (required, kept for the next group), e.g. same DOB and phone, "
                                    "confirmed by social worker   [R]"));
    m_confirm = keyButton(tr("Confirm as one"), QStringLiteral("C"));
    m_reject = keyButton(tr("Not the same"), QStringLiteral("X"));
    auto *previous = keyButton(tr("Previous"), QStringLiteral("K"));
    auto *next = keyButton(tr("Next"), QStringLiteral("J"));
    row->addWidget(m_reason, 1);
    row->addWidget(m_confirm);
    row->addWidget(m_reject);
    row->addSpacing(16);
    row->addWidget(previous);
    row->addWidget(next);
    layout->addLayout(row);
    auto *keys = new QLabel(tr("Keys: J / K next and previous group · C confirm as one · X not the same (split) · "
                               "R type the reason, Enter back to the list · Ctrl+Enter confirm from anywhere on the page. "
                               "The reason stays for the next group."));
    keys->setStyleSheet(QStringLiteral("color:%1").arg(palette::kMuted.name()));
    keys->setWordWrap(true);
    layout->addWidget(keys);
    m_message = new QLabel;
    m_message->setTextFormat(Qt::PlainText);
    layout->addWidget(m_message);
    connect(m_confirm, &QPushButton::clicked, this, [this] { act(Action::Confirm); });
    connect(m_reject, &QPushButton::clicked, this, [this] { act(Action::Reject); });
    connect(previous, &QPushButton::clicked, this, [this] { moveBy(-1); });
    connect(next, &QPushButton::clicked, this, [this] { moveBy(1); });
    // The reason typed, Enter hands the keys back to the list: C or X then decide.
    connect(m_reason, &QLineEdit::returnPressed, this, [this] { m_groupTable->setFocus(); });
    return bar;
}

void SuggestionsPage::addShortcuts()
{
    // Page-wide, but a letter typed in the reason field is text: the line edit claims printable
    // keys before any shortcut sees them, so J, K, C, X and R act only outside it.
    const auto bind = [this](const QKeySequence &keys, auto slot) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    bind(QKeySequence(Qt::Key_J), [this] { moveBy(1); });
    bind(QKeySequence(Qt::Key_K), [this] { moveBy(-1); });
    bind(QKeySequence(Qt::Key_C), [this] { act(Action::Confirm); });
    bind(QKeySequence(Qt::Key_X), [this] { act(Action::Reject); });
    bind(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { act(Action::Confirm); });
    bind(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { act(Action::Confirm); });
    bind(QKeySequence(Qt::Key_R), [this] {
        m_reason->setFocus();
        m_reason->selectAll();
    });
}

void SuggestionsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Arriving from the tab bar, the keys go to the list: J, K, C and X work at once.
    if (!isAncestorOf(QApplication::focusWidget())) {
        m_groupTable->setFocus();
    }
}

void SuggestionsPage::setSource(Store *store, std::shared_ptr<const Dataset> dataset)
{
    m_store = store;
    m_data = std::move(dataset);
    fill();
}

QString SuggestionsPage::entryText(EntityId id) const
{
    const EntityInfo *entry = m_data ? m_data->snapshot.findEntry(id) : nullptr;
    return QStringLiteral("%1 #%2").arg(entry != nullptr ? shown(entry->label) : QStringLiteral("?")).arg(id);
}

void SuggestionsPage::fill()
{
    // Stay with the group chosen (after a decision, the next one) across the reload: found again
    // by its first entry, or else the same place in the queue.
    const auto chosen = currentGroup();
    const std::optional<EntityId> follow =
        chosen && *chosen < m_groups.size() ? std::optional(m_groups[*chosen].entities.front()) : std::nullopt;
    const int row = m_groupTable->currentIndex().row();
    m_groups = m_data ? reviewGroups(m_data->identities, m_data->suggestions) : std::vector<ReviewGroup>{};
    m_decided.clear();
    m_groupModel->reset(static_cast<int>(m_groups.size()), [this](int r, int column, int role) -> QVariant {
        const auto &group = m_groups[static_cast<std::size_t>(r)];
        const bool done = m_decided.contains(static_cast<std::size_t>(r));
        if (role == Qt::ForegroundRole) {
            return done ? QVariant(QBrush(palette::kNone)) : QVariant();
        }
        if (role == Qt::UserRole) {
            return QVariant::fromValue<qulonglong>(static_cast<qulonglong>(r));
        }
        if (role == Qt::ToolTipRole && column == kScore) {
            return group.kind == ReviewGroup::Kind::Candidate ? tr("The best pair's score")
                                                              : tr("The weakest automatic join's score (1 when confirmed)");
        }
        if (role == Qt::ToolTipRole && column == kEntries) {
            QStringList lines;
            for (std::size_t i = 0; i < group.entities.size() && i < kTipEntries; ++i) {
                lines << entryText(group.entities[i]);
            }
            return lines.join(QLatin1Char('\n'));
        }
        if (role != Qt::DisplayRole) {
            return {};
        }
        switch (column) {
        case kScore:
            return QString::number(group.score, 'f', 2);
        case kType:
            return typeText(group.type);
        case kHow:
            if (done) {
                return tr("decided: refreshing");
            }
            switch (group.kind) {
            case ReviewGroup::Kind::Candidate:
                return group.pairs.size() == 1 ? tr("review, 1 pair") : tr("review, %1 pairs").arg(group.pairs.size());
            case ReviewGroup::Kind::Automatic:
                return tr("joined automatically");
            case ReviewGroup::Kind::Confirmed:
                return tr("confirmed");
            }
            return {};
        default:
            break;
        }
        QStringList names;
        for (const EntityId id : group.entities) {
            names << entryText(id);
        }
        return names.join(QStringLiteral(" · "));
    });
    fitColumns(m_groupTable);
    m_groupTable->setColumnWidth(kHow, std::max(m_groupTable->columnWidth(kHow), kHowWidth));
    if (m_groups.empty()) {
        showGroup();
        return;
    }
    std::size_t target = static_cast<std::size_t>(std::clamp(row, 0, static_cast<int>(m_groups.size()) - 1));
    if (follow) {
        for (std::size_t g = 0; g < m_groups.size(); ++g) {
            if (std::binary_search(m_groups[g].entities.begin(), m_groups[g].entities.end(), *follow)) {
                target = g;
                break;
            }
        }
    }
    selectGroup(target);
}

std::optional<std::size_t> SuggestionsPage::currentGroup() const
{
    const int row = m_groupTable->currentIndex().row();
    if (row < 0 || static_cast<std::size_t>(row) >= m_groups.size()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(row);
}

void SuggestionsPage::selectGroup(std::size_t group)
{
    if (group < m_groups.size()) {
        m_groupTable->setCurrentIndex(m_groupModel->index(static_cast<int>(group), kScore));
    }
}

std::optional<std::size_t> SuggestionsPage::currentPair() const
{
    const int row = m_pairs->currentRow();
    if (row < 0 || m_pairs->item(row, 0) == nullptr) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(m_pairs->item(row, 0)->data(Qt::UserRole).toULongLong());
}

void SuggestionsPage::moveBy(int rows)
{
    if (m_groups.empty()) {
        return;
    }
    const int row = m_groupTable->currentIndex().row();
    const int to = std::clamp(row < 0 ? 0 : row + rows, 0, static_cast<int>(m_groups.size()) - 1);
    selectGroup(static_cast<std::size_t>(to));
}

void SuggestionsPage::showGroup()
{
    m_entries->setRowCount(0);
    m_pairs->setRowCount(0);
    const auto chosen = currentGroup();
    if (!chosen || !m_data) {
        m_heading->setText(m_groups.empty() ? tr("Nothing to review: no pair in the review band, no identity of more "
                                                 "than one entry.")
                                            : tr("Choose a group."));
        m_waterfall->showPair(nullptr);
        m_evidence->clear();
        return;
    }
    const auto &group = m_groups[*chosen];
    const auto &identities = m_data->identities;
    const bool single = group.kind != ReviewGroup::Kind::Candidate;
    const auto &first = identities.identities[group.identities.front()];
    m_heading->setText(single ? tr("%1 %2: %3 entries held to be one").arg(qs(first.id), shown(first.label)).arg(group.entities.size())
                              : tr("%1: %2 entries in %3 identities that may be one")
                                    .arg(shown(first.label))
                                    .arg(group.entities.size())
                                    .arg(group.identities.size()));
    m_confirm->setEnabled(group.kind != ReviewGroup::Kind::Confirmed);
    m_reject->setText(single ? tr("Split   [X]") : tr("Not the same   [X]"));
    m_reject->setToolTip(single ? tr("Takes the identity apart: each entry its own, never joined again unless confirmed")
                                : tr("Every entry listed becomes its own identity, never joined again unless confirmed"));
    for (const EntityId id : group.entities) {
        const EntityInfo *entry = m_data->snapshot.findEntry(id);
        const auto *identity = identities.of(id);
        QString how = identity != nullptr ? qs(identity->id) : QString();
        if (identity != nullptr && identity->entities.size() > 1) {
            how += identity->automatic ? tr(" · joined automatically (%1)").arg(identity->probability, 0, 'f', 2)
                                       : tr(" · confirmed");
        }
        const int row = m_entries->rowCount();
        m_entries->insertRow(row);
        const auto attribute = [entry](const char *name) {
            return entry != nullptr ? shown(entry->attribute(name)) : QString();
        };
        m_entries->setItem(row, 0, textItem(QStringLiteral("#%1").arg(id)));
        m_entries->setItem(row, 1, textItem(entry != nullptr ? shown(entry->label) : QStringLiteral("?")));
        m_entries->setItem(row, 2, textItem(attribute("dob")));
        m_entries->setItem(row, 3, textItem(attribute("gender")));
        m_entries->setItem(row, 4, textItem(attribute("postcode")));
        m_entries->setItem(row, 5, numberItem(entry != nullptr ? entry->recordCount : 0));
        m_entries->setItem(row, 6, textItem(how));
    }
    fitColumns(m_entries);
    for (const std::size_t p : group.pairs) {
        const auto &pair = m_data->suggestions[p];
        const int row = m_pairs->rowCount();
        m_pairs->insertRow(row);
        auto *score = numberItem(pair.score, 2);
        score->setData(Qt::UserRole, QVariant::fromValue<qulonglong>(p));
        m_pairs->setItem(row, 0, score);
        m_pairs->setItem(row, 1, textItem(entryText(pair.a)));
        m_pairs->setItem(row, 2, textItem(entryText(pair.b)));
        m_pairs->setItem(row, 3, textItem(kindsOf(pair)));
    }
    fitColumns(m_pairs);
    m_pairSection->setVisible(!group.pairs.empty());
    m_waterfall->setVisible(!group.pairs.empty());
    if (!group.pairs.empty()) {
        m_pairs->setCurrentCell(0, 0);
    }
    showPair();
}

void SuggestionsPage::showPair()
{
    const auto chosen = currentGroup();
    const auto pair = currentPair();
    if (!chosen || !m_data) {
        return;
    }
    if (pair) {
        const auto &suggestion = m_data->suggestions[*pair];
        m_waterfall->showPair(&suggestion);
        QString html = QStringLiteral("<b>%1</b> and <b>%2</b>, score %3<br><br>")
                           .arg(entryText(suggestion.a).toHtmlEscaped(), entryText(suggestion.b).toHtmlEscaped())
                           .arg(suggestion.score, 0, 'f', 2);
        for (const auto &evidence : suggestion.evidence) {
            html += evidenceLine(evidence) + QStringLiteral("<br>");
        }
        m_evidence->setText(html);
        return;
    }
    // An identity on its own: no review pair to weigh, but the model and the analysts said why.
    const auto &identity = m_data->identities.identities[m_groups[*chosen].identities.front()];
    m_waterfall->showPair(nullptr, identity.automatic ? tr("Joined automatically: the reasons are beside")
                                                      : tr("Confirmed by an analyst: the reasons are beside"));
    QString html = tr("<b>Why %1 (%2) is one identity</b><br><br>").arg(shownHtml(identity.label), qs(identity.id).toHtmlEscaped());
    for (const auto &reason : identity.reasons) {
        html += QStringLiteral("• %1<br>").arg(shownHtml(reason));
    }
    m_evidence->setText(html);
}

Status SuggestionsPage::validDecision(std::size_t group, const std::string &reason) const
{
    if (m_store == nullptr || !m_data || group >= m_groups.size()) {
        return Error{ErrorCode::Usage, "no such group", {}, {}, {}};
    }
    if (isBlank(reason)) {
        return Error{ErrorCode::Usage, "a decision needs a reason (white space alone says nothing)", {}, {}, "reason"};
    }
    if (m_decided.contains(group)) {
        return Error{ErrorCode::Usage, "already decided: the views are being refreshed", {}, {}, {}};
    }
    return {};
}

Status SuggestionsPage::confirmGroup(std::size_t group, const std::string &reason)
{
    if (auto valid = validDecision(group, reason); !valid) {
        return valid;
    }
    if (m_groups[group].kind == ReviewGroup::Kind::Confirmed) {
        return Error{ErrorCode::Usage, "already confirmed as one by an analyst", {}, {}, {}};
    }
    const auto object = analysis::identityDecisionObject(m_groups[group].entities);
    if (auto logged = m_store->appendAudit(kAuditIdentityConfirmed, object, reason); !logged) {
        return logged;
    }
    decided(group);
    return {};
}

Status SuggestionsPage::rejectGroup(std::size_t group, const std::string &reason)
{
    if (auto valid = validDecision(group, reason); !valid) {
        return valid;
    }
    const auto object = analysis::identityDecisionObject(m_groups[group].entities);
    if (auto logged = m_store->appendAudit(kAuditIdentitySplit, object, reason); !logged) {
        return logged;
    }
    decided(group);
    return {};
}

void SuggestionsPage::decided(std::size_t group)
{
    m_decided.insert(group);
    const auto row = static_cast<int>(group);
    emit m_groupModel->dataChanged(m_groupModel->index(row, 0), m_groupModel->index(row, kEntries));
    if (currentGroup() == group) {
        moveBy(1);
    }
    emit mergesChanged();
}

void SuggestionsPage::act(Action action)
{
    const auto group = currentGroup();
    if (!group) {
        m_message->setText(tr("Choose a group first."));
        return;
    }
    const std::string reason = ss(m_reason->text().trimmed());
    if (isBlank(reason)) {
        m_message->setText(tr("Type a reason first: it goes in the audit log, and stays for the next group."));
        m_reason->setFocus();
        return;
    }
    const std::size_t entries = m_groups[*group].entities.size();
    const bool single = m_groups[*group].kind != ReviewGroup::Kind::Candidate;
    const Status done = action == Action::Confirm ? confirmGroup(*group, reason) : rejectGroup(*group, reason);
    if (!done) {
        m_message->setText(qs(done.error().toString()));
        return;
    }
    m_message->setText(action == Action::Confirm
                           ? tr("Confirmed %1 entries as one. The views are being refreshed; next group chosen.").arg(entries)
                           : (single ? tr("Split into %1 entries. The views are being refreshed; next group chosen.")
                                     : tr("%1 entries kept apart. The views are being refreshed; next group chosen."))
                                 .arg(entries));
    // The same reason often serves the next group: the keys go back to the list, the text stays.
    m_groupTable->setFocus();
}

void SuggestionsPage::actOnPair(Action action)
{
    const auto pair = currentPair();
    if (!pair) {
        m_message->setText(tr("Choose a pair first."));
        return;
    }
    const std::string reason = ss(m_reason->text().trimmed());
    const Status done = action == Action::Confirm ? mergePair(*pair, reason) : rejectPair(*pair, reason);
    m_message->setText(done ? (action == Action::Confirm ? tr("Merged. The views are being refreshed.")
                                                         : tr("Pair kept apart. The views are being refreshed."))
                            : qs(done.error().toString()));
}

Status SuggestionsPage::mergePair(std::size_t pair, const std::string &reason)
{
    if (m_store == nullptr || !m_data || pair >= m_data->suggestions.size()) {
        return Error{ErrorCode::Usage, "no such pair", {}, {}, {}};
    }
    const auto &s = m_data->suggestions[pair];
    if (auto merged = m_store->merge(s.a, s.b, reason); !merged) {
        return merged.error();
    }
    emit mergesChanged();
    return {};
}

Status SuggestionsPage::rejectPair(std::size_t pair, const std::string &reason)
{
    if (m_store == nullptr || !m_data || pair >= m_data->suggestions.size()) {
        return Error{ErrorCode::Usage, "no such pair", {}, {}, {}};
    }
    if (isBlank(reason)) {
        // The store refuses a blank merge reason; a rejection goes to the audit log as well.
        return Error{ErrorCode::Usage, "a rejection needs a reason (white space alone says nothing)", {}, {}, "reason"};
    }
    const auto &s = m_data->suggestions[pair];
    if (auto logged = m_store->appendAudit(kAuditMergeRejected, analysis::identityDecisionObject({s.a, s.b}), reason);
        !logged) {
        return logged;
    }
    emit mergesChanged();
    return {};
}

} // namespace harbour::ui

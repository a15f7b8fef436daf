#include "suggestions_page.h"

#include "ui_common.h"
#include "harbour/unicode.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <sstream>

namespace harbour::ui {

namespace {

std::string pairObject(EntityId a, EntityId b)
{
    return "entities " + std::to_string(a) + " " + std::to_string(b);
}

} // namespace

SuggestionsPage::SuggestionsPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Possible duplicates found by name, date of birth and shared links. "
                                "Nothing is merged until an analyst confirms it; every merge can be undone."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table = new QTableWidget;
    setupTable(m_table, {tr("Score"), tr("Type"), tr("Keep"), tr("Merge into it"), tr("Evidence")});
    layout->addWidget(m_table, 1);
    m_evidence = new QLabel;
    m_evidence->setWordWrap(true);
    m_evidence->setTextFormat(Qt::RichText);
    m_evidence->setStyleSheet(QStringLiteral("background:white;padding:8px"));
    layout->addWidget(m_evidence);
    auto *row = new QHBoxLayout;
    m_reason = new QLineEdit;
    m_reason->setPlaceholderText(tr("Reason (required), e.g. same DOB and phone confirmed by social worker"));
    auto *confirmButton = new QPushButton(tr("Confirm merge"));
    auto *rejectButton = new QPushButton(tr("Not the same"));
    row->addWidget(m_reason, 1);
    row->addWidget(confirmButton);
    row->addWidget(rejectButton);
    layout->addLayout(row);
    m_message = new QLabel;
    layout->addWidget(m_message);

    connect(m_table, &QTableWidget::currentCellChanged, this, [this] {
        const auto index = currentIndex();
        if (!index || !m_data) {
            m_evidence->clear();
            return;
        }
        QString html;
        for (const auto &evidence : m_data->suggestions[*index].evidence) {
            html += QStringLiteral("<span style='color:%1'>%2 %3</span>: %4<br>")
                        .arg(evidence.contribution < 0 ? palette::kSignificant.name() : palette::kLow.name())
                        .arg(evidence.contribution < 0 ? QStringLiteral("−") : QStringLiteral("+"))
                        .arg(std::abs(evidence.contribution), 0, 'f', 2)
                        .arg(shownHtml(evidence.detail));
        }
        m_evidence->setText(html);
    });
    const auto act = [this](bool merge) {
        const auto index = currentIndex();
        if (!index) {
            m_message->setText(tr("Choose a suggestion first."));
            return;
        }
        const std::string reason = ss(m_reason->text().trimmed());
        if (isBlank(reason)) {
            m_message->setText(tr("Give a reason: it goes in the audit log."));
            return;
        }
        const auto done = merge ? confirm(*index, reason) : reject(*index, reason);
        m_message->setText(done ? (merge ? tr("Merged. The views are being refreshed.") : tr("Rejected."))
                                : qs(done.error().toString()));
        if (done) {
            m_reason->clear();
        }
    };
    connect(confirmButton, &QPushButton::clicked, this, [act] { act(true); });
    connect(rejectButton, &QPushButton::clicked, this, [act] { act(false); });
}

void SuggestionsPage::setSource(Store *store, std::shared_ptr<const Dataset> dataset)
{
    m_store = store;
    m_data = std::move(dataset);
    m_rejected.clear();
    if (m_store != nullptr) {
        if (auto log = m_store->auditLog()) {
            for (const auto &entry : *log) {
                if (entry.action != kAuditMergeRejected) {
                    continue;
                }
                std::istringstream in(entry.object);
                std::string word;
                EntityId a = 0;
                EntityId b = 0;
                if (in >> word >> a >> b) {
                    m_rejected.emplace(a, b);
                }
            }
        }
    }
    fill();
}

std::optional<std::size_t> SuggestionsPage::currentIndex() const
{
    const int row = m_table->currentRow();
    if (row < 0 || m_table->item(row, 0) == nullptr) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(m_table->item(row, 0)->data(Qt::UserRole).toULongLong());
}

void SuggestionsPage::fill()
{
    m_table->setSortingEnabled(false);
    m_table->setRowCount(0);
    if (!m_data) {
        return;
    }
    for (std::size_t i = 0; i < m_data->suggestions.size(); ++i) {
        const auto &s = m_data->suggestions[i];
        if (m_rejected.contains({s.a, s.b})) {
            continue;
        }
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *score = numberItem(s.score, 2);
        score->setData(Qt::UserRole, QVariant::fromValue<qulonglong>(i));
        m_table->setItem(row, 0, score);
        m_table->setItem(row, 1, textItem(typeText(s.type)));
        m_table->setItem(row, 2, textItem(QStringLiteral("%1 (#%2)").arg(shown(m_data->labelOf(s.a))).arg(s.a)));
        m_table->setItem(row, 3, textItem(QStringLiteral("%1 (#%2)").arg(shown(m_data->labelOf(s.b))).arg(s.b)));
        QStringList kinds;
        for (const auto &evidence : s.evidence) {
            kinds << qs(analysis::toString(evidence.kind)).replace(QLatin1Char('_'), QLatin1Char(' '));
        }
        kinds.removeDuplicates(); // make and colour are two pieces of "vehicle details": named once
        m_table->setItem(row, 4, textItem(kinds.join(QStringLiteral(", "))));
    }
    fitColumns(m_table);
    if (m_table->rowCount() > 0) {
        m_table->setCurrentCell(0, 0);
    }
}

Status SuggestionsPage::confirm(std::size_t index, const std::string &reason)
{
    if (m_store == nullptr || !m_data || index >= m_data->suggestions.size()) {
        return Error{ErrorCode::Usage, "no such suggestion", {}, {}, {}};
    }
    const auto &s = m_data->suggestions[index];
    auto merged = m_store->merge(s.a, s.b, reason);
    if (!merged) {
        return merged.error();
    }
    emit mergesChanged();
    return {};
}

Status SuggestionsPage::reject(std::size_t index, const std::string &reason)
{
    if (m_store == nullptr || !m_data || index >= m_data->suggestions.size()) {
        return Error{ErrorCode::Usage, "no such suggestion", {}, {}, {}};
    }
    if (isBlank(reason)) {
        // The store refuses a blank merge reason; a rejection goes to the audit log as well.
        return Error{ErrorCode::Usage, "a rejection needs a reason (white space alone says nothing)", {}, {}, "reason"};
    }
    const auto &s = m_data->suggestions[index];
    if (auto logged = m_store->appendAudit(kAuditMergeRejected, pairObject(s.a, s.b), reason); !logged) {
        return logged;
    }
    m_rejected.emplace(s.a, s.b);
    fill();
    return {};
}

} // namespace harbour::ui

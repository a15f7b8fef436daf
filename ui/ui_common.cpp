#include "ui_common.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableWidget>

namespace harbour::ui {

namespace {

/// Sorts by a number stored in Qt::UserRole rather than by its text.
class NumberItem : public QTableWidgetItem {
public:
    explicit NumberItem(double value, int decimals)
        : QTableWidgetItem(QString::number(value, 'f', decimals)), m_value(value)
    {
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setFlags(flags() & ~Qt::ItemIsEditable);
    }
    bool operator<(const QTableWidgetItem &other) const override
    {
        if (const auto *number = dynamic_cast<const NumberItem *>(&other)) {
            return m_value < number->m_value;
        }
        return QTableWidgetItem::operator<(other);
    }

private:
    double m_value;
};

} // namespace

QColor riskColour(std::optional<RiskLevel> level)
{
    return palette::fromRgb(diagram::riskColour(level));
}

QColor entityColour(EntityType type)
{
    return palette::fromRgb(diagram::entityColour(type));
}

QString riskText(std::optional<RiskLevel> level)
{
    if (!level) {
        return QStringLiteral("not screened");
    }
    return qs(toString(*level));
}

QString typeText(EntityType type)
{
    QString text = qs(toString(type));
    if (!text.isEmpty()) {
        text[0] = text[0].toUpper();
    }
    return text;
}

QString dateText(Date date)
{
    return date.ok() ? qs(formatDate(date)) : QString();
}

QDate toQDate(Date date)
{
    return QDate(static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
                 static_cast<int>(static_cast<unsigned>(date.day())));
}

Date fromQDate(const QDate &date)
{
    return Date{std::chrono::year(date.year()), std::chrono::month(static_cast<unsigned>(date.month())),
                std::chrono::day(static_cast<unsigned>(date.day()))};
}

QTableWidgetItem *textItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

QTableWidgetItem *numberItem(double value, int decimals)
{
    return new NumberItem(value, decimals);
}

void setupTable(QTableWidget *table, const QStringList &headers)
{
    table->setColumnCount(static_cast<int>(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    setupTableView(table);
}

void setupTableView(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->setWordWrap(false);
}

QTableView *sortableTableView(QAbstractItemModel *model)
{
    auto *view = new QTableView;
    auto *sorted = new QSortFilterProxyModel(view);
    sorted->setSourceModel(model);
    sorted->setSortRole(kSortRole);
    view->setModel(sorted);
    setupTableView(view);
    // Rows come ranked; sorted only when the analyst clicks a column (-1: no sort at first).
    view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    view->setSortingEnabled(true);
    return view;
}

void fitColumns(QTableView *table)
{
    table->resizeColumnsToContents();
    for (int c = 0; c < table->horizontalHeader()->count(); ++c) {
        table->setColumnWidth(c, std::min(table->columnWidth(c) + 12, 420));
    }
    table->horizontalHeader()->setStretchLastSection(true);
}

} // namespace harbour::ui

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
    if (!level) {
        return palette::kNone;
    }
    switch (*level) {
    case RiskLevel::Significant:
        return palette::kSignificant;
    case RiskLevel::Medium:
        return palette::kMedium;
    case RiskLevel::Low:
        return palette::kLow;
    case RiskLevel::None:
        break;
    }
    return palette::kNone;
}

QColor entityColour(EntityType type)
{
    switch (type) {
    case EntityType::Person:
        return QColor(0x45, 0x5A, 0x64);
    case EntityType::Alias:
        return QColor(0x78, 0x90, 0x9C);
    case EntityType::Vehicle:
        return QColor(0x15, 0x65, 0xC0);
    case EntityType::Premises:
        return QColor(0x6A, 0x1B, 0x9A);
    case EntityType::Place:
        return QColor(0x00, 0x83, 0x8F);
    case EntityType::Phone:
        return QColor(0x5D, 0x40, 0x37);
    case EntityType::Account:
        return QColor(0xAD, 0x14, 0x57);
    }
    return palette::kMuted;
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

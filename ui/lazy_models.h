#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <functional>
#include <utility>

namespace harbour::ui {

/// A read-only table whose cells are made from the rows' data only when a view asks for them
/// (the display text, alignment, tool tip, Qt::UserRole data). A QTableWidget makes every cell
/// up front, about a microsecond each: twelve seconds of the UI thread for a million targets;
/// a combo box filled item by item with 2.8 million entities took fourteen. With one column it
/// is a combo box's list.
class LazyTableModel : public QAbstractTableModel {
public:
    using CellOf = std::function<QVariant(int row, int column, int role)>;

    explicit LazyTableModel(QStringList headers, QObject *parent = nullptr)
        : QAbstractTableModel(parent), m_headers(std::move(headers))
    {
    }

    void reset(int rows, CellOf cell)
    {
        beginResetModel();
        m_rows = rows;
        m_cell = std::move(cell);
        endResetModel();
    }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_rows; }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_headers.size());
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() < 0 || index.row() >= m_rows || !m_cell) {
            return {};
        }
        return m_cell(index.row(), index.column(), role);
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_headers.size()) {
            return m_headers[section];
        }
        return QAbstractTableModel::headerData(section, orientation, role);
    }

private:
    QStringList m_headers;
    int m_rows = 0;
    CellOf m_cell;
};

} // namespace harbour::ui

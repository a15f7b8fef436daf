#pragma once

#include <QAbstractListModel>
#include <QAbstractTableModel>
#include <QStringList>

#include <functional>
#include <utility>

namespace harbour::ui {

/// A read-only list whose rows are made only when a view asks for them. A combo box over the
/// entities of a million reports (2.8 million) filled item by item took the UI thread most of
/// a minute; over this model it takes no time, and the popup draws only the rows it shows.
class LazyListModel : public QAbstractListModel {
public:
    using TextOf = std::function<QString(int row)>;
    using IdOf = std::function<qlonglong(int row)>;

    explicit LazyListModel(QObject *parent = nullptr) : QAbstractListModel(parent) {}

    /// `text` gives a row's display text; `id` its Qt::UserRole value (QComboBox::itemData).
    void reset(int rows, TextOf text, IdOf id)
    {
        beginResetModel();
        m_rows = rows;
        m_text = std::move(text);
        m_id = std::move(id);
        endResetModel();
    }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_rows; }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() < 0 || index.row() >= m_rows) {
            return {};
        }
        if (role == Qt::DisplayRole || role == Qt::EditRole) {
            return m_text(index.row());
        }
        if (role == Qt::UserRole) {
            return m_id(index.row());
        }
        return {};
    }

private:
    int m_rows = 0;
    TextOf m_text;
    IdOf m_id;
};

/// The same for tables: a cell is made from the row's data when a view asks for it (the
/// display text, alignment, tool tip, Qt::UserRole data). A QTableWidget makes every cell up
/// front, about a microsecond each: twelve seconds of the UI thread for a million targets.
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

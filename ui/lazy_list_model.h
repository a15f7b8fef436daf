#pragma once

#include <QAbstractListModel>

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

} // namespace harbour::ui

#pragma once

#include "dataset.h"

#include "harbour/store.h"

#include <QWidget>

#include <memory>
#include <set>
#include <utility>

class QLabel;
class QLineEdit;
class QTableWidget;

namespace harbour::ui {

/// Merge suggestions for the analyst to review: confirm (Store::merge with a reason) or reject
/// (kept in the audit log so the pair does not come back). Nothing merges by itself.
class SuggestionsPage : public QWidget {
    Q_OBJECT
public:
    explicit SuggestionsPage(QWidget *parent = nullptr);
    /// The store must outlive the page's use of it (the session owns it).
    void setSource(Store *store, std::shared_ptr<const Dataset> dataset);

    /// Merges b into a. The views reload afterwards (mergesChanged).
    Status confirm(std::size_t index, const std::string &reason);
    Status reject(std::size_t index, const std::string &reason);

    QTableWidget *table() const { return m_table; }

signals:
    void mergesChanged();

private:
    void fill();
    std::optional<std::size_t> currentIndex() const;

    Store *m_store = nullptr;
    std::shared_ptr<const Dataset> m_data;
    std::set<std::pair<EntityId, EntityId>> m_rejected;
    QTableWidget *m_table = nullptr;
    QLineEdit *m_reason = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_evidence = nullptr;
};

} // namespace harbour::ui

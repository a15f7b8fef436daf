#pragma once

#include "dataset.h"

#include "harbour/store.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace harbour::ui {

/// The side panel of the diagram: what a node or a line stands for and the records behind it,
/// with dates and grading; choosing a record shows its narrative and its full text.
class ProvenancePanel : public QWidget {
    Q_OBJECT
public:
    explicit ProvenancePanel(QWidget *parent = nullptr);

    /// The store must outlive the panel's use of it (the session owns it).
    void setSource(Store *store, std::shared_ptr<const Dataset> dataset);
    void showEntity(EntityId id);
    void showLink(EntityId a, EntityId b);
    void clear();

    QTableWidget *recordTable() const { return m_records; }
    QTextBrowser *recordText() const { return m_text; }
    QString headline() const;

private:
    void setRecords(const std::vector<RecordRowId> &rows);
    void showRecord(int row);

    Store *m_store = nullptr;
    std::shared_ptr<const Dataset> m_data;
    QLabel *m_title = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_records = nullptr;
    QTextBrowser *m_text = nullptr;
    std::vector<StoredRecord> m_loaded;
};

/// The record's narrative (reports) or reason (screenings) first, then its JSON pretty-printed.
QString recordHtml(const StoredRecord &record);

} // namespace harbour::ui

#pragma once

#include "dataset.h"
#include "review_groups.h"

#include "harbour/store.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <set>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTableWidget;

namespace harbour::ui {

class LazyTableModel;
class WaterfallChart;

/// Who is who: one row per group of entries an analyst may decide on at once (review groups:
/// identities the review-band pairs would join, identities joined automatically, identities
/// confirmed), its entries and pairs beside it, and the chosen pair's evidence as a waterfall.
/// Every decision takes a reason and goes in the audit log as the CLI's do (identity_confirm,
/// identity_split, merge_rejected; a pair can still be merged with Store::merge); the views then
/// reload (mergesChanged). Nothing is joined but by the model's threshold or an analyst.
///
/// From the keyboard: J / K next and previous group, C confirm, X not the same (split), R the
/// reason field (Enter there goes back to the list, so one reason serves group after group),
/// Ctrl+Enter confirm from anywhere on the page. After a decision the next group is chosen.
class SuggestionsPage : public QWidget {
    Q_OBJECT
public:
    explicit SuggestionsPage(QWidget *parent = nullptr);
    /// The store must outlive the page's use of it (the session owns it).
    void setSource(Store *store, std::shared_ptr<const Dataset> dataset);

    const std::vector<ReviewGroup> &groups() const { return m_groups; }
    /// The group chosen in the list, if any.
    std::optional<std::size_t> currentGroup() const;
    void selectGroup(std::size_t group);
    /// The review pair chosen in the group's pairs (an index into Dataset::suggestions), if any.
    std::optional<std::size_t> currentPair() const;

    /// One identity_confirm naming every entry of the group: they are one, whatever the model says.
    Status confirmGroup(std::size_t group, const std::string &reason);
    /// One identity_split naming every entry of the group: each its own identity, never joined
    /// again unless confirmed. For a single identity this splits it.
    Status rejectGroup(std::size_t group, const std::string &reason);
    /// Merges the pair's second entry into its first (Store::merge, undone by `harbour unmerge`).
    Status mergePair(std::size_t pair, const std::string &reason);
    /// Records that the pair's two entries are not the same (merge_rejected).
    Status rejectPair(std::size_t pair, const std::string &reason);

    QTableView *groupTable() const { return m_groupTable; }
    QTableWidget *entryTable() const { return m_entries; }
    QTableWidget *pairTable() const { return m_pairs; }
    WaterfallChart *waterfall() const { return m_waterfall; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QLabel *message() const { return m_message; }
    QLabel *evidenceText() const { return m_evidence; }

signals:
    void mergesChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    enum class Action { Confirm, Reject };
    QWidget *buildGroupList();
    QWidget *buildDetails();
    QWidget *buildDecisionBar();
    void addShortcuts();
    void fill();
    void showGroup();
    void showPair();
    void act(Action action);
    void actOnPair(Action action);
    void moveBy(int rows);
    /// Marks the group decided and moves on to the next one; the views reload.
    void decided(std::size_t group);
    Status validDecision(std::size_t group, const std::string &reason) const;
    QString entryText(EntityId id) const;

    Store *m_store = nullptr;
    std::shared_ptr<const Dataset> m_data;
    std::vector<ReviewGroup> m_groups;
    std::set<std::size_t> m_decided; ///< groups decided since the last load: shown greyed
    QTableView *m_groupTable = nullptr;
    LazyTableModel *m_groupModel = nullptr;
    QLabel *m_heading = nullptr;
    QTableWidget *m_entries = nullptr;
    QWidget *m_pairSection = nullptr;
    QTableWidget *m_pairs = nullptr;
    QPushButton *m_mergePair = nullptr;
    QPushButton *m_rejectPair = nullptr;
    WaterfallChart *m_waterfall = nullptr;
    QLabel *m_evidence = nullptr;
    QLineEdit *m_reason = nullptr;
    QPushButton *m_confirm = nullptr;
    QPushButton *m_reject = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace harbour::ui

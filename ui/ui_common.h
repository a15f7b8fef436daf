#pragma once

#include "harbour/diagram/palette.h"
#include "harbour/model.h"
#include "harbour/dates.h"
#include "harbour/safe_text.h"

#include <QColor>
#include <QDate>
#include <QString>

#include <optional>
#include <string>
#include <string_view>

class QAbstractItemModel;
class QTableView;
class QTableWidget;
class QTableWidgetItem;

namespace harbour::ui {

/// The panel's palette: calm, readable on a projector, risk colours that mean the same everywhere.
/// The risk colours, ink and accent come from the one palette (harbour/diagram/palette.h).
namespace palette {
inline QColor fromRgb(diagram::Rgb rgb)
{
    return QColor(rgb.r, rgb.g, rgb.b);
}
inline const QColor kSignificant = fromRgb(diagram::riskColour(RiskLevel::Significant));
inline const QColor kMedium = fromRgb(diagram::riskColour(RiskLevel::Medium));
inline const QColor kLow = fromRgb(diagram::riskColour(RiskLevel::Low));
inline const QColor kNone = fromRgb(diagram::riskColour(RiskLevel::None));
inline const QColor kInk = fromRgb(diagram::inkColour());
inline const QColor kMuted{0x60, 0x7D, 0x8B};
inline const QColor kAccent = fromRgb(diagram::accentColour());
inline const QColor kOverdue{0xFF, 0xEB, 0xEE};
inline const QColor kBackground{0xFA, 0xFA, 0xFA};
} // namespace palette

/// Risk colour: red significant, amber medium, green low, grey none / not screened.
QColor riskColour(std::optional<RiskLevel> level);
/// Fill colour of an entity that is not a screened child.
QColor entityColour(EntityType type);
QString riskText(std::optional<RiskLevel> level);
QString typeText(EntityType type); ///< "Person", "Premises", ...

inline QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
/// Text from the data as a person sees it in the app: controls and invisible format characters
/// shown visibly (safe::label), so a right-to-left override cannot disguise a name.
inline QString shown(std::string_view text)
{
    return qs(safe::label(text));
}
/// The same, escaped for a rich-text widget: every piece of data in the app's HTML goes through here.
inline QString shownHtml(std::string_view text)
{
    return shown(text).toHtmlEscaped();
}
inline std::string ss(const QString &text)
{
    return text.toStdString();
}
QString dateText(Date date);
QDate toQDate(Date date);
Date fromQDate(const QDate &date);

/// A read-only table item that sorts numerically when given a number.
QTableWidgetItem *textItem(const QString &text);
QTableWidgetItem *numberItem(double value, int decimals = 0);
/// Common look of the app's tables: row selection, alternating rows, no editing, sortable.
void setupTable(QTableWidget *table, const QStringList &headers);
/// The same look and behaviour for a view over a model (which brings its own headers).
void setupTableView(QTableView *table);
/// What a sort proxy compares: a cell's number as a number ("10" after "9"), or its text.
inline constexpr int kSortRole = Qt::UserRole + 1;
/// A set-up table view over `model` through a proxy sorted by kSortRole when a column header is
/// clicked; until then the rows keep the model's order.
QTableView *sortableTableView(QAbstractItemModel *model);
/// Fits columns to their contents, the last one stretching.
void fitColumns(QTableView *table);

} // namespace harbour::ui

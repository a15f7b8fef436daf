#pragma once

#include "harbour/analysis/suggestions.h"

#include <QChartView>

#include <string>
#include <vector>

namespace harbour::ui {

/// One bar of a waterfall: a piece of evidence floating from the running total before it to the
/// total after it, or the final total standing on zero.
struct WaterfallStep {
    enum class Kind {
        Prior,   ///< the model's starting weight ("prior" evidence), standing on zero
        For,     ///< evidence counting for the pair: green
        Against, ///< evidence counting against it: red
        Total,   ///< the sum of them all
    };
    Kind kind = Kind::For;
    std::string label; ///< the evidence kind in words ("name similarity"), or "total"
    double from = 0.0; ///< the running total before the bar
    double to = 0.0;   ///< and after it
};

/// The pair's evidence as waterfall steps, in its order, then the total: the running total starts
/// at 0 (so a "prior" piece of evidence, when the model gives one, is the first bar and the
/// others float from it). Reads only each item's kind and contribution, so it draws the
/// hand-weighted score points and the match model's weights alike.
std::vector<WaterfallStep> waterfallSteps(const std::vector<analysis::SuggestionEvidence> &evidence);

/// The match weights of one pair drawn as a horizontal waterfall (Qt Charts): one bar per piece
/// of evidence, top to bottom, green for, red against, then the total.
class WaterfallChart : public QChartView {
    Q_OBJECT
public:
    explicit WaterfallChart(QWidget *parent = nullptr);
    /// Draws `pair`'s evidence; nullptr leaves an empty chart saying why (`why`).
    void showPair(const analysis::MergeSuggestion *pair, const QString &why = {});
    const std::vector<WaterfallStep> &steps() const { return m_steps; }

private:
    std::vector<WaterfallStep> m_steps;
};

} // namespace harbour::ui

#include "harbour/report/briefing.h"
#include "harbour/report/diagram_painter.h"

#include "harbour/exporters/exporter.h"

#include <QBuffer>
#include <QFont>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>

namespace harbour::report {
namespace {

constexpr int kResolution = 600;
constexpr double kPageWidth = 595.0; // A4 in points
constexpr double kPageHeight = 842.0;
constexpr double kMarginX = 40.0;
constexpr double kTop = 58.0;
constexpr double kBottom = kPageHeight - 52.0;

const QColor kInk(0x21, 0x21, 0x21);
const QColor kMuted(0x55, 0x55, 0x55);
const QColor kRule(0xcf, 0xd8, 0xdc);
const QColor kHeaderFill(0xec, 0xef, 0xf1);

QFont font(double points, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

QColor riskTint(const std::string &level)
{
    const auto parsed = level == "significant" ? std::optional(RiskLevel::Significant)
                        : level == "medium"    ? std::optional(RiskLevel::Medium)
                        : level == "low"       ? std::optional(RiskLevel::Low)
                                               : std::nullopt;
    return toQColor(diagram::riskTint(parsed));
}

/// A page-by-page writer in points: a cursor that moves down and starts a new page, with the
/// protective marking in header and footer, whenever the next block does not fit.
class PdfComposer {
public:
    PdfComposer(QPdfWriter &writer, const BriefingData &briefing) : m_writer(writer), m_briefing(briefing)
    {
        m_painter.begin(&m_writer);
        m_k = static_cast<double>(kResolution) / 72.0;
        startPage();
    }
    ~PdfComposer() { m_painter.end(); }
    PdfComposer(const PdfComposer &) = delete;
    PdfComposer &operator=(const PdfComposer &) = delete;

    bool ok() const { return m_painter.isActive(); }

    void title()
    {
        m_painter.setFont(font(18, true));
        m_painter.setPen(kInk);
        text(shown(m_briefing.title), 18, true, 24);
        text(shown(m_briefing.subtitle), 12, false, 18);
        m_y += 6;
    }

    void facts()
    {
        const double keyWidth = 105;
        for (const auto &[key, value] : m_briefing.facts) {
            const QString v = shown(value);
            const double h = std::max(measure(v, 8.5, false, width() - keyWidth), 11.0);
            ensure(h + 3);
            draw(QRectF(kMarginX, m_y, keyWidth, h), shown(key), 8.5, true, kMuted);
            draw(QRectF(kMarginX + keyWidth, m_y, width() - keyWidth, h), v, 8.5, false, kInk);
            m_y += h + 3;
        }
        m_y += 6;
    }

    void numbers()
    {
        heading("Summary in numbers");
        const auto &numbers = m_briefing.numbers;
        const int perRow = 5;
        const double gap = 6;
        const double boxWidth = (width() - gap * (perRow - 1)) / perRow;
        const double boxHeight = 38;
        for (std::size_t i = 0; i < numbers.size(); i += perRow) {
            ensure(boxHeight + gap);
            for (std::size_t j = i; j < std::min(numbers.size(), i + perRow); ++j) {
                const QRectF box(kMarginX + static_cast<double>(j - i) * (boxWidth + gap), m_y, boxWidth, boxHeight);
                m_painter.setPen(QPen(kRule, 0.8 * m_k));
                m_painter.setBrush(Qt::NoBrush);
                m_painter.drawRect(scaled(box));
                draw(box.adjusted(6, 3, -6, -16), shown(numbers[j].second), 15, true, kInk);
                draw(box.adjusted(6, 24, -6, -2), shown(numbers[j].first), 7, false, kMuted);
            }
            m_y += boxHeight + gap;
        }
        m_y += 4;
    }

    void section(const BriefingSection &section)
    {
        const bool figure = section.figure != BriefingSection::Figure::None;
        // Keep a heading with what follows it: the diagram needs most of a page.
        ensure(section.figure == BriefingSection::Figure::Diagram ? 450 : figure ? 230 : 60);
        heading(section.heading);
        for (const auto &p : section.paragraphs) {
            paragraph(p, 8.5, kInk);
        }
        switch (section.figure) {
        case BriefingSection::Figure::Diagram: diagram(); break;
        case BriefingSection::Figure::Timeline: timeline(); break;
        case BriefingSection::Figure::None: table(section.table); break;
        }
        for (const auto &note : section.notes) {
            paragraph(note, 7, kMuted);
        }
        m_y += 8;
    }

private:
    double width() const { return kPageWidth - 2 * kMarginX; }
    QRectF scaled(const QRectF &r) const { return QRectF(r.x() * m_k, r.y() * m_k, r.width() * m_k, r.height() * m_k); }

    void startPage()
    {
        ++m_page;
        m_y = kTop;
        const QString marking = shown(m_briefing.marking);
        m_painter.setPen(kInk);
        draw(QRectF(kMarginX, 18, width(), 14), marking, 10, true, kInk, Qt::AlignHCenter | Qt::AlignVCenter);
        draw(QRectF(kMarginX, 34, width(), 10),
             shown(m_briefing.title + ": " + m_briefing.scopeText), 6.5, false, kMuted,
             Qt::AlignLeft | Qt::AlignVCenter);
        draw(QRectF(kMarginX, 34, width(), 10), shown(m_briefing.handling), 6.5, true, kInk,
             Qt::AlignRight | Qt::AlignVCenter);
        m_painter.setPen(QPen(kRule, 0.6 * m_k));
        m_painter.drawLine(QPointF(kMarginX * m_k, 46 * m_k), QPointF((kPageWidth - kMarginX) * m_k, 46 * m_k));
        m_painter.drawLine(QPointF(kMarginX * m_k, (kBottom + 8) * m_k),
                           QPointF((kPageWidth - kMarginX) * m_k, (kBottom + 8) * m_k));
        draw(QRectF(kMarginX, kBottom + 12, width(), 14), marking, 10, true, kInk, Qt::AlignHCenter | Qt::AlignVCenter);
        draw(QRectF(kMarginX, kBottom + 12, width(), 14), QStringLiteral("Page %1").arg(m_page), 7, false, kMuted,
             Qt::AlignRight | Qt::AlignVCenter);
    }

    void newPage()
    {
        m_writer.newPage();
        startPage();
    }

    void ensure(double height)
    {
        if (m_y + height > kBottom && m_y > kTop + 1) {
            newPage();
        }
    }

    double measure(const QString &text, double points, bool bold, double w)
    {
        const QFontMetricsF metrics(font(points, bold), &m_writer);
        const QRectF r = metrics.boundingRect(QRectF(0, 0, w * m_k, 1e7), Qt::TextWordWrap, text);
        return r.height() / m_k;
    }

    void draw(const QRectF &r, const QString &text, double points, bool bold, const QColor &colour,
              int flags = Qt::AlignLeft | Qt::AlignTop)
    {
        m_painter.setFont(font(points, bold));
        m_painter.setPen(colour);
        m_painter.drawText(scaled(r), flags | Qt::TextWordWrap, text);
    }

    void text(const QString &t, double points, bool bold, double lineHeight)
    {
        const double h = std::max(measure(t, points, bold, width()), lineHeight);
        ensure(h);
        draw(QRectF(kMarginX, m_y, width(), h), t, points, bold, kInk);
        m_y += h;
    }

    void heading(const std::string &t)
    {
        ensure(40);
        m_y += 4;
        draw(QRectF(kMarginX, m_y, width(), 16), shown(t), 12, true, kInk);
        m_y += 17;
        m_painter.setPen(QPen(kRule, 0.8 * m_k));
        m_painter.drawLine(QPointF(kMarginX * m_k, m_y * m_k), QPointF((kPageWidth - kMarginX) * m_k, m_y * m_k));
        m_y += 5;
    }

    void paragraph(const std::string &t, double points, const QColor &colour)
    {
        const QString q = shown(t);
        const double h = measure(q, points, false, width());
        ensure(h + 3);
        draw(QRectF(kMarginX, m_y, width(), h), q, points, false, colour);
        m_y += h + 4;
    }

    void table(const BriefingTable &table)
    {
        if (table.rows.empty()) {
            if (!table.empty.empty()) { // a section of paragraphs only has nothing to say here
                paragraph(table.empty, 8, kMuted);
            }
            return;
        }
        double total = 0;
        for (std::size_t i = 0; i < table.header.size(); ++i) {
            total += i < table.widths.size() ? table.widths[i] : 1.0;
        }
        std::vector<double> columns;
        for (std::size_t i = 0; i < table.header.size(); ++i) {
            columns.push_back(width() * (i < table.widths.size() ? table.widths[i] : 1.0) / total);
        }
        const double pad = 2.5;
        const double size = 7;
        auto rowHeight = [&](const std::vector<std::string> &cells, bool bold) {
            double h = 0;
            for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
                h = std::max(h, measure(shown(cells[i]), size, bold, columns[i] - 2 * pad));
            }
            return h + 2 * pad;
        };
        auto drawRow = [&](const std::vector<std::string> &cells, bool header, double h) {
            double x = kMarginX;
            if (header) {
                m_painter.fillRect(scaled(QRectF(kMarginX, m_y, width(), h)), kHeaderFill);
            }
            for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
                const bool risk = !header && std::find(table.riskColumns.begin(), table.riskColumns.end(), i) !=
                                                 table.riskColumns.end();
                if (risk) {
                    m_painter.fillRect(scaled(QRectF(x, m_y, columns[i], h)), riskTint(cells[i]));
                }
                draw(QRectF(x + pad, m_y + pad, columns[i] - 2 * pad, h - 2 * pad), shown(cells[i]),
                     size, header || risk, kInk);
                x += columns[i];
            }
            m_painter.setPen(QPen(kRule, 0.5 * m_k));
            m_painter.drawLine(QPointF(kMarginX * m_k, (m_y + h) * m_k),
                               QPointF((kPageWidth - kMarginX) * m_k, (m_y + h) * m_k));
            m_y += h;
        };
        const double headerHeight = rowHeight(table.header, true);
        ensure(headerHeight + 45); // a header alone at the foot of a page helps nobody
        drawRow(table.header, true, headerHeight);
        for (const auto &row : table.rows) {
            const double h = std::min(rowHeight(row, false), kBottom - kTop - headerHeight - 4);
            if (m_y + h > kBottom) {
                newPage();
                drawRow(table.header, true, headerHeight); // the header again on every page of a table
            }
            drawRow(row, false, h);
        }
        m_y += 4;
    }

    void diagram()
    {
        const double legendHeight = 60;
        const double available = kBottom - m_y - legendHeight - 20;
        if (available < 330) {
            newPage();
        }
        const double h = std::min(kBottom - m_y - legendHeight - 20, 520.0);
        const QRectF area(kMarginX, m_y, width(), h);
        m_painter.setPen(QPen(kRule, 0.6 * m_k));
        m_painter.setBrush(Qt::NoBrush);
        m_painter.drawRect(scaled(area));
        paintDiagram(m_painter, m_briefing.diagram, scaled(area), m_k);
        m_y += h + 6;
        paintLegend(m_painter, scaled(QRectF(kMarginX, m_y, width(), legendHeight)), m_k, &m_briefing.diagram);
        m_y += legendHeight;
    }

    void timeline()
    {
        const double h = 170;
        ensure(h + 10);
        paintTimeline(m_painter, m_briefing.timeline, scaled(QRectF(kMarginX, m_y, width(), h)), m_k);
        m_y += h + 6;
    }

    QPdfWriter &m_writer;
    const BriefingData &m_briefing;
    QPainter m_painter;
    double m_k = 1.0;
    double m_y = kTop;
    int m_page = 0;
};

} // namespace

Status renderPdf(const BriefingData &briefing, const std::filesystem::path &path)
{
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter writer(&buffer);
        writer.setResolution(kResolution);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        writer.setTitle(shown(briefing.marking + " " + briefing.title + ": " + briefing.scopeText));
        writer.setCreator(QStringLiteral("Harbour"));
        PdfComposer composer(writer, briefing);
        if (!composer.ok()) {
            return makeError(ErrorCode::Internal, "cannot paint the PDF");
        }
        composer.title();
        composer.facts();
        composer.numbers();
        for (const auto &section : briefing.sections) {
            composer.section(section);
        }
    }
    return exporters::writePrivateFile(path, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

} // namespace harbour::report

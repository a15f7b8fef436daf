#include "provenance_panel.h"

#include "ui_common.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace harbour::ui {

namespace {


} // namespace

QString recordHtml(const StoredRecord &record)
{
    QString html = QStringLiteral("<h3 style='margin:0'>%1</h3><p style='color:#607D8B'>%2 · %3 · graded %4<br>%5, %6</p>")
                       .arg(shownHtml(record.id), qs(toString(record.kind)), qs(formatDateTime(record.at)),
                            shownHtml(record.grading.toString()), shownHtml(record.file), shownHtml(record.location));
    if (record.grading.suspectedFalse()) {
        html += QStringLiteral("<p style='color:%1'><b>Graded as suspected false: kept, weighs nothing.</b></p>")
                    .arg(palette::kSignificant.name());
    }
    if (record.grading.conditionsApply()) {
        html += QStringLiteral("<p style='color:#E65100'><b>Handling code C: conditions apply. Check them before "
                               "sharing anything this record says.</b></p>");
    }
    const auto json = nlohmann::json::parse(record.json, nullptr, false);
    if (!json.is_discarded() && json.is_object()) {
        for (const char *field : {"narrative", "reason"}) {
            if (const auto it = json.find(field); it != json.end() && it->is_string() && !it->get<std::string>().empty()) {
                html += QStringLiteral("<p style='font-size:11pt;background:#FFF8E1;padding:6px'>%1</p>")
                            .arg(shownHtml(it->get<std::string>()));
            }
        }
        if (const auto it = json.find("incidents"); it != json.end() && it->is_array()) {
            for (const auto &incident : *it) {
                if (incident.is_object() && incident.contains("description") && incident["description"].is_string()) {
                    html += QStringLiteral("<p>• %1 %2</p>")
                                .arg(shownHtml(incident.value("at", std::string{})),
                                     shownHtml(incident["description"].get<std::string>()));
                }
            }
        }
        html += QStringLiteral("<pre style='font-size:9pt'>%1</pre>").arg(shownHtml(json.dump(2)));
    } else {
        html += QStringLiteral("<pre>%1</pre>").arg(shownHtml(record.json));
    }
    return html;
}

ProvenancePanel::ProvenancePanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    m_title = new QLabel(tr("Select a node or a line"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setStyleSheet(QStringLiteral("font-size:13pt;font-weight:600;color:#263238"));
    m_title->setWordWrap(true);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_records = new QTableWidget;
    setupTable(m_records, {tr("Record"), tr("Date"), tr("Grading"), tr("Kind")});
    m_records->setSortingEnabled(false);
    m_text = new QTextBrowser;
    m_text->setOpenExternalLinks(false);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(tr("Records behind it")));
    layout->addWidget(m_records, 2);
    layout->addWidget(m_text, 3);
    connect(m_records, &QTableWidget::currentCellChanged, this, [this](int row) { showRecord(row); });
}

void ProvenancePanel::setSource(Store *store, std::shared_ptr<const Dataset> dataset)
{
    m_store = store;
    m_data = std::move(dataset);
    clear();
}

void ProvenancePanel::clear()
{
    m_title->setText(tr("Select a node or a line"));
    m_summary->setText(tr("The records behind it, their dates and grading appear here."));
    m_records->setRowCount(0);
    m_text->clear();
    m_loaded.clear();
}

QString ProvenancePanel::headline() const
{
    return m_title->text();
}

void ProvenancePanel::showEntity(EntityId id)
{
    if (!m_data) {
        return;
    }
    const EntityInfo *entity = m_data->entity(id);
    if (entity == nullptr) {
        clear();
        return;
    }
    m_title->setText(QStringLiteral("%1 (%2 %3)").arg(shown(entity->label), typeText(entity->type)).arg(id));
    QStringList lines;
    if (entity->isChild()) {
        lines << tr("Child, final level <b style='color:%1'>%2</b>")
                     .arg(riskColour(m_data->levelOf(id)).name(), riskText(m_data->levelOf(id)));
    }
    if (entity->isSuspect()) {
        lines << tr("Named as a suspect");
    }
    if (const auto *cluster = m_data->clusterOf(id)) {
        lines << tr("Cluster %1%2").arg(qs(cluster->id), cluster->organised ? tr(" (organised)") : QString());
    }
    if (const double p = m_data->priorityOf(id); p > 0.0) {
        lines << tr("Priority score %1").arg(p, 0, 'f', 2);
    }
    for (const auto &[name, value] : entity->attributes) {
        lines << QStringLiteral("%1: %2").arg(shownHtml(name), shownHtml(value));
    }
    if (!entity->mergedFrom.empty()) {
        lines << tr("Merged from %n entit(ies)", nullptr, static_cast<int>(entity->mergedFrom.size()));
    }
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    std::set<RecordRowId> rows;
    for (const auto &mention : m_data->snapshot.mentions) {
        if (mention.entity == id) {
            rows.insert(mention.record);
        }
    }
    setRecords({rows.begin(), rows.end()});
}

void ProvenancePanel::showLink(EntityId a, EntityId b)
{
    if (!m_data) {
        return;
    }
    const auto &graph = m_data->analysis.graph;
    const auto va = graph.find(a);
    const auto vb = graph.find(b);
    const auto e = va && vb ? graph.edgeBetween(*va, *vb) : std::nullopt;
    if (!e) {
        clear();
        return;
    }
    const auto &edge = graph.edge(*e);
    m_title->setText(QStringLiteral("%1 — %2").arg(shown(m_data->labelOf(a)), shown(m_data->labelOf(b))));
    QStringList relations;
    for (const auto &[bit, word] : {std::pair{analysis::kCoMentioned, "named together"},
                                    std::pair{analysis::kAliasOf, "alias of"}, std::pair{analysis::kFoundAt, "found at"},
                                    std::pair{analysis::kFoundWith, "found with"}}) {
        if (edge.relations & bit) {
            relations << QString::fromLatin1(word);
        }
    }
    m_summary->setText(tr("%1<br>Weight %2 (evidence %3, hub damping %4)<br>First %5, last %6")
                           .arg(relations.join(QStringLiteral(", ")))
                           .arg(edge.weight, 0, 'f', 2)
                           .arg(edge.evidence, 0, 'f', 2)
                           .arg(edge.damping, 0, 'f', 2)
                           .arg(qs(formatDate(toDate(edge.first))), qs(formatDate(toDate(edge.last)))));
    const auto records = graph.records(edge);
    setRecords({records.begin(), records.end()});
}

void ProvenancePanel::setRecords(const std::vector<RecordRowId> &rows)
{
    m_loaded.clear();
    m_records->setRowCount(0);
    m_text->clear();
    if (m_store == nullptr) {
        return;
    }
    for (RecordRowId row : rows) {
        auto record = m_store->record(row);
        if (record) {
            m_loaded.push_back(std::move(record).value());
        }
    }
    std::sort(m_loaded.begin(), m_loaded.end(), [](const StoredRecord &x, const StoredRecord &y) { return x.at < y.at; });
    m_records->setRowCount(static_cast<int>(m_loaded.size()));
    for (int i = 0; i < static_cast<int>(m_loaded.size()); ++i) {
        const auto &record = m_loaded[static_cast<std::size_t>(i)];
        m_records->setItem(i, 0, textItem(qs(record.id)));
        m_records->setItem(i, 1, textItem(qs(formatDate(toDate(record.at)))));
        m_records->setItem(i, 2, textItem(qs(record.grading.toString())));
        if (record.grading.conditionsApply()) {
            m_records->item(i, 2)->setToolTip(tr("Handling code C: conditions apply to sharing this record"));
        }
        m_records->setItem(i, 3, textItem(qs(toString(record.kind))));
        if (record.grading.suspectedFalse()) {
            for (int c = 0; c < 4; ++c) {
                m_records->item(i, c)->setForeground(palette::kNone);
            }
        }
    }
    fitColumns(m_records);
    if (!m_loaded.empty()) {
        m_records->setCurrentCell(0, 0);
        showRecord(0);
    }
}

void ProvenancePanel::showRecord(int row)
{
    if (row < 0 || row >= static_cast<int>(m_loaded.size())) {
        return;
    }
    m_text->setHtml(recordHtml(m_loaded[static_cast<std::size_t>(row)]));
}

} // namespace harbour::ui

// Handling code C must be visible wherever a record is shown: the provenance panel's record text.

#include "provenance_panel.h"

#include <gtest/gtest.h>

using namespace harbour;

TEST(ProvenancePanel, RecordTextMarksHandlingCodeC)
{
    StoredRecord record;
    record.id = "IR-C-1";
    record.json = R"({"narrative": "seen at the hotel"})";
    record.grading.source = '2';
    record.grading.intelligence = 'B';
    record.grading.handling = 'P';
    EXPECT_FALSE(ui::recordHtml(record).contains("Handling code C"));

    record.grading.handling = 'C';
    const QString html = ui::recordHtml(record);
    EXPECT_TRUE(html.contains("graded 2/B/C")) << html.toStdString();
    EXPECT_TRUE(html.contains("Handling code C: conditions apply")) << html.toStdString();
}

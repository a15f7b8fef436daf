#include "harbour/analysis/before_after.h"

#include "analysis/snapshot_builder.h"

#include <gtest/gtest.h>

using namespace harbour;
using namespace harbour::analysis;
using namespace harbour::analysis::testing;

namespace {

ScreeningLevel level(EntityId child, Date date, RiskLevel final)
{
    ScreeningLevel s;
    s.child = child;
    s.id = "SCR-" + formatDate(date);
    s.screenedAt = date;
    s.final = final;
    s.computed = final;
    return s;
}

} // namespace

TEST(BeforeAfter, CountsEqualWindowsEitherSideOfTheDayDone)
{
    SnapshotBuilder b(day(2026, 6, 30));
    const auto amy = b.child("Amy");
    const auto zoe = b.child("Zoe");
    const auto kingz = b.entity(EntityType::Premises, "Kingz Pizza");
    const auto elsewhere = b.child("Mia"); // not linked to the premises: never counted
    b.record({amy, kingz}, day(2026, 1, 5));     // outside both windows (more than 30 days before)
    b.record({amy, zoe, kingz}, day(2026, 2, 20)); // before: one report naming both, counted once
    b.record({zoe}, day(2026, 2, 28));            // before
    b.record({amy}, day(2026, 3, 1));             // the day itself: in neither window
    b.record({amy}, day(2026, 3, 10));            // after
    b.record({elsewhere}, day(2026, 3, 10));
    b.foundAt(amy, kingz, day(2026, 2, 10));      // before (also links Amy to Kingz)
    b.foundAt(zoe, kingz, day(2026, 2, 25));      // before
    b.foundAt(amy, kingz, day(2026, 3, 20));      // after
    const auto snapshot = b.build();
    const std::vector<ScreeningLevel> levels{level(amy, day(2026, 1, 10), RiskLevel::Significant),
                                             level(amy, day(2026, 3, 15), RiskLevel::Medium),
                                             level(zoe, day(2026, 2, 1), RiskLevel::Medium)};

    const auto c = beforeAfter(snapshot, levels, kingz, day(2026, 3, 1), day(2026, 6, 30), 30);
    EXPECT_EQ(c.children, (std::vector<EntityId>{amy, zoe}));
    EXPECT_EQ(c.days, 30);
    EXPECT_EQ(c.before.from, day(2026, 1, 30));
    EXPECT_EQ(c.before.to, day(2026, 2, 28));
    EXPECT_EQ(c.after.from, day(2026, 3, 2));
    EXPECT_EQ(c.after.to, day(2026, 3, 31));
    EXPECT_EQ(c.before.missing, 2);
    EXPECT_EQ(c.after.missing, 1);
    // Reports only, not missing-episode records: Feb 20 (once for both children) and Feb 28; Mar 10.
    EXPECT_EQ(c.before.sightings, 2);
    EXPECT_EQ(c.after.sightings, 1);
    EXPECT_EQ(c.before.levels[static_cast<int>(RiskLevel::Significant)], 1);
    EXPECT_EQ(c.before.levels[static_cast<int>(RiskLevel::Medium)], 1);
    EXPECT_EQ(c.after.levels[static_cast<int>(RiskLevel::Medium)], 2);
    EXPECT_EQ(c.fell, 1);
    EXPECT_EQ(c.same, 1);
    EXPECT_EQ(c.rose, 0);
    const auto words = beforeAfterInWords(c);
    EXPECT_NE(words.find("missing episodes 2 before, 1 after"), std::string::npos) << words;
    EXPECT_NE(words.find("association, not proof"), std::string::npos) << words;
}

TEST(BeforeAfter, WindowsShrinkToWhatHasPassedSinceAndAreEqual)
{
    SnapshotBuilder b(day(2026, 3, 11));
    const auto amy = b.child("Amy");
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    b.record({amy, car}, day(2026, 2, 1));
    const auto snapshot = b.build();
    const auto c = beforeAfter(snapshot, {}, car, day(2026, 3, 1), day(2026, 3, 11), 90);
    EXPECT_EQ(c.days, 10);
    EXPECT_EQ(c.before.from, day(2026, 2, 19));
    EXPECT_EQ(c.after.to, day(2026, 3, 11));
    EXPECT_EQ(c.before.unscreened, 1);

    const auto today = beforeAfter(snapshot, {}, car, day(2026, 3, 11), day(2026, 3, 11), 90);
    EXPECT_EQ(today.days, 0);
    EXPECT_NE(beforeAfterInWords(today).find("too recent"), std::string::npos);
}

TEST(BeforeAfter, NoLinkedChildSaysSo)
{
    SnapshotBuilder b;
    const auto car = b.entity(EntityType::Vehicle, "AB12CDE");
    const auto c = beforeAfter(b.build(), {}, car, day(2026, 3, 1), day(2026, 3, 31));
    EXPECT_TRUE(c.children.empty());
    EXPECT_NE(beforeAfterInWords(c).find("No child is linked"), std::string::npos);
}

#include "harbour/report/label_grid.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace harbour::report {
namespace {

TEST(LabelGrid, RefusesARectangleThatOverlapsOnePlacedAndTakesOneThatDoesNot)
{
    LabelGrid grid(10.0);
    EXPECT_TRUE(grid.place(QRectF(0, 0, 30, 8)));
    EXPECT_FALSE(grid.place(QRectF(25, 5, 30, 8)));  // across a cell boundary
    EXPECT_TRUE(grid.place(QRectF(31, 0, 30, 8)));   // beside it
    EXPECT_TRUE(grid.place(QRectF(-40, -20, 30, 8))); // negative coordinates have cells too
    EXPECT_FALSE(grid.overlaps(QRectF(-100, 100, 5, 5)));
    EXPECT_TRUE(grid.overlaps(QRectF(-35, -18, 2, 2)));
}

TEST(LabelGrid, AgreesWithCheckingEveryPair)
{
    std::mt19937 random(11);
    std::uniform_real_distribution<double> where(-300.0, 300.0);
    std::uniform_real_distribution<double> size(2.0, 90.0);
    LabelGrid grid(32.0);
    std::vector<QRectF> placed;
    for (int i = 0; i < 2000; ++i) {
        const QRectF rect(where(random), where(random), size(random), size(random) / 4);
        bool free = true;
        for (const QRectF &other : placed) {
            free = free && !other.intersects(rect);
        }
        ASSERT_EQ(grid.place(rect), free) << "rectangle " << i;
        if (free) {
            placed.push_back(rect);
        }
    }
    EXPECT_GT(placed.size(), 20U);
}

} // namespace
} // namespace harbour::report

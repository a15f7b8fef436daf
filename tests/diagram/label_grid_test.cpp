#include "harbour/diagram/labels.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace harbour::diagram {
namespace {

TEST(LabelGrid, RefusesARectangleThatOverlapsOnePlacedAndTakesOneThatDoesNot)
{
    LabelGrid grid(10.0);
    EXPECT_TRUE(grid.place(Box{0, 0, 30, 8}));
    EXPECT_FALSE(grid.place(Box{25, 5, 30, 8}));  // across a cell boundary
    EXPECT_TRUE(grid.place(Box{31, 0, 30, 8}));   // beside it
    EXPECT_TRUE(grid.place(Box{-40, -20, 30, 8})); // negative coordinates have cells too
    EXPECT_FALSE(grid.overlaps(Box{-100, 100, 5, 5}));
    EXPECT_TRUE(grid.overlaps(Box{-35, -18, 2, 2}));
}

TEST(LabelGrid, AgreesWithCheckingEveryPair)
{
    std::mt19937 random(11);
    std::uniform_real_distribution<double> where(-300.0, 300.0);
    std::uniform_real_distribution<double> size(2.0, 90.0);
    LabelGrid grid(32.0);
    std::vector<Box> placed;
    for (int i = 0; i < 2000; ++i) {
        const Box rect{where(random), where(random), size(random), size(random) / 4};
        bool free = true;
        for (const Box &other : placed) {
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
} // namespace harbour::diagram

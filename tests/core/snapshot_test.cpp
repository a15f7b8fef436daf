#include "harbour/snapshot.h"

#include <gtest/gtest.h>

using namespace harbour;

namespace {

EntityInfo entity(EntityType type, std::string label, std::string postcode)
{
    EntityInfo e;
    e.type = type;
    e.label = std::move(label);
    if (!postcode.empty()) {
        e.attributes["postcode"] = std::move(postcode);
    }
    return e;
}

} // namespace

TEST(EntityInfo, PremisesAndPlacesAreLabelledWithTheirPostcode)
{
    EXPECT_EQ(entity(EntityType::Premises, "Central Private Hire", "DY1 1AA").labelWithPostcode(),
              "Central Private Hire, DY1 1AA");
    EXPECT_EQ(entity(EntityType::Place, "Bus station", "DY1 1AB").labelWithPostcode(), "Bus station, DY1 1AB");
    // Nothing to add: no postcode, another type, or the label says it already.
    EXPECT_EQ(entity(EntityType::Premises, "Kingz Pizza", "").labelWithPostcode(), "Kingz Pizza");
    EXPECT_EQ(entity(EntityType::Person, "Amy Jones", "DY2 7XX").labelWithPostcode(), "Amy Jones");
    EXPECT_EQ(entity(EntityType::Vehicle, "AB12CDE", "DY2 7XX").labelWithPostcode(), "AB12CDE");
    EXPECT_EQ(entity(EntityType::Place, "DY1 1AA", "DY1 1AA").labelWithPostcode(), "DY1 1AA");
}

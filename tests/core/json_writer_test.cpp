#include "harbour/json_writer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace harbour::json {
namespace {

std::string written(const Writer &writer)
{
    std::ostringstream out;
    writer(out, 0);
    return out.str();
}

nlohmann::json child(std::size_t i)
{
    return {{"id", i},
            {"name", i == 1 ? std::string("bad \xff byte") : "Child " + std::to_string(i)},
            {"rules", nlohmann::json::array()},
            {"history", {{{"level", "high"}, {"at", "2026-01-0" + std::to_string(i + 1)}}}},
            {"empty", nlohmann::json::object()}};
}

TEST(JsonWriter, WritesTheBytesDumpWouldWriteForTheWholeDocument)
{
    nlohmann::json children = nlohmann::json::array();
    for (std::size_t i = 0; i < 3; ++i) {
        children.push_back(child(i));
    }
    const nlohmann::json whole{{"zeta", {{"b", 1}, {"a", nullptr}}}, {"as_of", "2026-11-29"}, {"children", children}};

    const Writer streamed = objectWriter({{"zeta", objectWriter({{"b", valueWriter(1)}, {"a", valueWriter(nullptr)}})},
                                          {"children", arrayWriter(3, child)},
                                          {"as_of", valueWriter("2026-11-29")}});

    EXPECT_EQ(written(streamed), dumped(whole));
    EXPECT_NE(dumped(whole).find("bad \xEF\xBF\xBD byte"), std::string::npos) << "invalid UTF-8 is replaced";
}

TEST(JsonWriter, EmptyArraysAndObjectsMatchDump)
{
    EXPECT_EQ(written(arrayWriter(0, child)), dumped(nlohmann::json::array()));
    EXPECT_EQ(written(objectWriter({})), dumped(nlohmann::json::object()));
    EXPECT_EQ(written(objectWriter({{"list", arrayWriter(0, child)}})), dumped({{"list", nlohmann::json::array()}}));
}

TEST(JsonWriter, MakesEachElementOnlyWhenItIsWritten)
{
    std::size_t made = 0;
    const Writer writer = arrayWriter(4, [&made](std::size_t i) {
        ++made;
        return nlohmann::json(i);
    });
    EXPECT_EQ(made, 0U);
    EXPECT_EQ(written(writer), "[\n  0,\n  1,\n  2,\n  3\n]");
    EXPECT_EQ(made, 4U);
}

} // namespace
} // namespace harbour::json

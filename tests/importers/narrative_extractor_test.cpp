#include "harbour/importers/narrative_extractor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

using harbour::importers::extractFromNarrative;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NarrativeExtractor, FindsMarksWithOrWithoutSpaceInAnyCase)
{
    const auto found = extractFromNarrative("Seen in AB12CDE, later in ab12 cde and in XY51-ABC.");
    EXPECT_THAT(found.vrms, ElementsAre("AB12CDE", "XY51ABC"));
}

TEST(NarrativeExtractor, FindsOlderFormatsWrittenAsMarks)
{
    const auto found = extractFromNarrative("A123 BCD, then ABC 123D, then the Irish plate ABZ 1234.");
    EXPECT_THAT(found.vrms, ElementsAre("A123BCD", "ABC123D", "ABZ1234"));
}

TEST(NarrativeExtractor, TakesDatelessMarksOnlyInCapitalsOrNextToVehicleWords)
{
    EXPECT_THAT(extractFromNarrative("a private plate K 1 was seen").vrms, ElementsAre("K1"));
    EXPECT_THAT(extractFromNarrative("registration abc 123 on the car").vrms, ElementsAre("ABC123"));
    EXPECT_THAT(extractFromNarrative("the man said abc 123 twice").vrms, IsEmpty());
}

TEST(NarrativeExtractor, IgnoresOrdinaryWordsRoadsAndTimes)
{
    const auto found = extractFromNarrative(
        "She took the M6 and the A38 at 10PM on the 3RD, with an MP3 player, aged 14 in year 9. We went 2 ways.");
    EXPECT_THAT(found.vrms, IsEmpty());
    EXPECT_THAT(found.postcodes, IsEmpty());
    EXPECT_THAT(found.phones, IsEmpty());
}

TEST(NarrativeExtractor, IsWaryOfTextWrittenInCapitals)
{
    const auto found = extractFromNarrative(
        "AMY GOT INTO A SILVER ASTRA REG AB12 CDE AT 2200HRS ON 12/03/2026 ON THE M6 AND THE A38. "
        "A VAN R123 ABC WAS PARKED THERE.");
    EXPECT_THAT(found.vrms, ElementsAre("AB12CDE", "R123ABC"));
}

TEST(NarrativeExtractor, DoesNotTakeRoadsAfterDrivingWords)
{
    EXPECT_THAT(extractFromNarrative("He drove down the A38 to the M5 in 2 hours.").vrms, IsEmpty());
    EXPECT_THAT(extractFromNarrative("He drives a car, plate A 1.").vrms, ElementsAre("A1"));
}

TEST(NarrativeExtractor, FindsPostcodesAndDoesNotReadThemAsMarks)
{
    const auto found = extractFromNarrative("Flat near B12 9QT and later at dy11aa, again B12 9QT.");
    EXPECT_THAT(found.postcodes, ElementsAre("B12 9QT", "DY1 1AA"));
    EXPECT_THAT(found.vrms, IsEmpty());
}

TEST(NarrativeExtractor, FindsUkPhonesInTheirUsualForms)
{
    const auto found = extractFromNarrative(
        "Rang 07700 900123, then +44 7700 900124, then 0121 496 0000 and (0121) 496-0001; "
        "also +44 (0)20 7946 0123. Again 07700900123. Not 12345 or 2026-03-12.");
    EXPECT_THAT(found.phones,
                ElementsAre("07700900123", "07700900124", "01214960000", "01214960001", "02079460123"));
    EXPECT_THAT(found.vrms, IsEmpty());
}

TEST(NarrativeExtractor, FindsANumberAfterAStrayDigit)
{
    EXPECT_THAT(extractFromNarrative("called 3 07700 900123 times").phones, ElementsAre("07700900123"));
}

TEST(NarrativeExtractor, FindsNicknames)
{
    const auto found = extractFromNarrative(
        "A man known as Taz drove. His friend is called \"Little Mo\", aka 'Shiv'. "
        "Another calls himself \xE2\x80\x9C" "Big K\xE2\x80\x9D; his nickname is 'Dee'. Known as Big Sam.");
    EXPECT_THAT(found.nicknames, ElementsAre("Taz", "Little Mo", "Shiv", "Big K", "Dee", "Big Sam"));
}

TEST(NarrativeExtractor, DoesNotTakeOrdinaryWordsAsNicknames)
{
    const auto found = extractFromNarrative("She called her mum. He is known as a dealer. It's called off.");
    EXPECT_THAT(found.nicknames, IsEmpty());
}

TEST(NarrativeExtractor, DeduplicatesInOrderOfFirstAppearance)
{
    const auto found = extractFromNarrative("KX08 YTR, then AB12 CDE, then kx08ytr again; known as Taz, aka Taz.");
    EXPECT_THAT(found.vrms, ElementsAre("KX08YTR", "AB12CDE"));
    EXPECT_THAT(found.nicknames, ElementsAre("Taz"));
}

TEST(NarrativeExtractor, HandlesEmptyAndOddInput)
{
    EXPECT_THAT(extractFromNarrative("").vrms, IsEmpty());
    const auto found = extractFromNarrative("\"\"\" known as \" aka ' +44 ( 07700");
    EXPECT_THAT(found.nicknames, IsEmpty());
    EXPECT_THAT(found.phones, IsEmpty());
}

TEST(NarrativeExtractor, IsLinearOnLongText)
{
    std::string text;
    for (int i = 0; i < 20000; ++i) {
        text += "Amy was seen in AB12 CDE near DY1 1AA, rang 07700 900123, known as \"Taz\". ";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto found = extractFromNarrative(text);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_THAT(found.vrms, ElementsAre("AB12CDE"));
    EXPECT_THAT(found.postcodes, ElementsAre("DY1 1AA"));
    EXPECT_THAT(found.phones, ElementsAre("07700900123"));
    EXPECT_THAT(found.nicknames, ElementsAre("Taz"));
    EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 3000);
}

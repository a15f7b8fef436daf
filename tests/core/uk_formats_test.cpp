#include "harbour/uk_formats.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace harbour;

TEST(UkFormats, NormalizesVrm)
{
    EXPECT_EQ(normalizeVrm("ab12 cde"), "AB12CDE");
    EXPECT_EQ(normalizeVrm(" AB12-CDE "), "AB12CDE");
    EXPECT_EQ(normalizeVrm("ab1?"), "AB1?");
    EXPECT_EQ(normalizeVrm("ab*cde"), "AB*CDE");
}

TEST(UkFormats, ClassifiesEveryVrmFormat)
{
    EXPECT_EQ(classifyVrm("AB12 CDE"), VrmFormat::Current);
    EXPECT_EQ(classifyVrm("ab12cde"), VrmFormat::Current);
    EXPECT_EQ(classifyVrm("A123 BCD"), VrmFormat::Prefix);
    EXPECT_EQ(classifyVrm("P1 ABC"), VrmFormat::Prefix);
    EXPECT_EQ(classifyVrm("ABC 123D"), VrmFormat::Suffix);
    EXPECT_EQ(classifyVrm("ABC 1 D"), VrmFormat::Suffix);
    EXPECT_EQ(classifyVrm("ABZ 1234"), VrmFormat::NorthernIreland);
    EXPECT_EQ(classifyVrm("IA 12"), VrmFormat::NorthernIreland);
    EXPECT_EQ(classifyVrm("ABC 123"), VrmFormat::Dateless);
    EXPECT_EQ(classifyVrm("1 ABC"), VrmFormat::Dateless);
    EXPECT_EQ(classifyVrm("A 1"), VrmFormat::Dateless);
    EXPECT_EQ(classifyVrm("AB1?"), VrmFormat::Partial);
    EXPECT_EQ(classifyVrm("AB*CDE"), VrmFormat::Partial);
}

TEST(UkFormats, TriesSpecificVrmFormatsBeforeDateless)
{
    // "ABZ 123" fits dateless too; the Northern Ireland pattern is more specific and wins.
    EXPECT_EQ(classifyVrm("ABZ123"), VrmFormat::NorthernIreland);
    EXPECT_EQ(classifyVrm("AB12CDE"), VrmFormat::Current);
}

TEST(UkFormats, RejectsMarksOutsideEveryFormat)
{
    EXPECT_EQ(classifyVrm(""), VrmFormat::Unknown);
    EXPECT_EQ(classifyVrm("HELLO"), VrmFormat::Unknown);
    EXPECT_EQ(classifyVrm("12345"), VrmFormat::Unknown);
    EXPECT_EQ(classifyVrm("QB12CDE"), VrmFormat::Unknown); // Q never starts a current mark ...
    EXPECT_EQ(classifyVrm("AB12CDI"), VrmFormat::Unknown); // ... and I never ends one
    EXPECT_EQ(classifyVrm("I123ABC"), VrmFormat::Unknown); // I is not a prefix letter
    EXPECT_EQ(classifyVrm("AB12CDEF"), VrmFormat::Unknown);
    EXPECT_EQ(classifyVrm("AB.12"), VrmFormat::Unknown);
    EXPECT_EQ(classifyVrm("??"), VrmFormat::Unknown);
}

TEST(UkFormats, MatchesPartialMarks)
{
    EXPECT_TRUE(vrmMatches("AB1?", "AB1C"));
    EXPECT_FALSE(vrmMatches("AB1?", "AB12CDE"));
    EXPECT_TRUE(vrmMatches("AB1*", "AB12CDE"));
    EXPECT_TRUE(vrmMatches("ab*cde", "AB12 CDE"));
    EXPECT_TRUE(vrmMatches("AB?2 C?E", "AB12CDE"));
    EXPECT_FALSE(vrmMatches("AB*CDF", "AB12CDE"));
    EXPECT_TRUE(vrmMatches("*CDE", "AB12CDE"));
    EXPECT_TRUE(vrmMatches("AB12CDE", "ab12 cde"));
    EXPECT_FALSE(vrmMatches("", "AB12CDE"));
}

TEST(UkFormats, NormalizesPostcodes)
{
    EXPECT_EQ(normalizePostcode("dy11aa"), "DY1 1AA");
    EXPECT_EQ(normalizePostcode("DY1 1AA"), "DY1 1AA");
    EXPECT_EQ(normalizePostcode("  b12  9qt "), "B12 9QT");
    EXPECT_EQ(normalizePostcode("EC1A 1BB"), "EC1A 1BB");
    EXPECT_EQ(normalizePostcode("W1A 0AX"), "W1A 0AX");
    EXPECT_EQ(normalizePostcode("M1 1AE"), "M1 1AE");
    EXPECT_EQ(normalizePostcode("CR2 6XH"), "CR2 6XH");
    EXPECT_EQ(normalizePostcode("GIR 0AA"), "GIR 0AA");
}

TEST(UkFormats, RejectsBadPostcodes)
{
    EXPECT_EQ(normalizePostcode("DY1 1AAX"), std::nullopt); // trailing junk
    EXPECT_EQ(normalizePostcode("DY1 1AA X"), std::nullopt);
    EXPECT_EQ(normalizePostcode("XDY1 1AA"), std::nullopt);
    EXPECT_EQ(normalizePostcode("QY1 1AA"), std::nullopt); // Q never starts a postcode
    EXPECT_EQ(normalizePostcode("DY1 1CA"), std::nullopt); // C is not an inward letter
    EXPECT_EQ(normalizePostcode("D Y1 1AA"), std::nullopt);
    EXPECT_EQ(normalizePostcode(""), std::nullopt);
    EXPECT_EQ(normalizePostcode("1AA"), std::nullopt);
}

TEST(UkFormats, FindsTheLastPostcodeInAnAddress)
{
    EXPECT_EQ(postcodeInAddress("14 High Street, Dudley DY1 1AA"), "DY1 1AA");
    EXPECT_EQ(postcodeInAddress("Flat 2, B12 9QT, then moved to dy2 7xx"), "DY2 7XX");
    EXPECT_EQ(postcodeInAddress("Unit 4, Dudley DY11AA."), "DY1 1AA");
    EXPECT_EQ(postcodeInAddress("3 Elm Road, Dudley"), std::nullopt);
    EXPECT_EQ(postcodeInAddress(""), std::nullopt);
}

TEST(UkFormats, SplitsDistrictAndSector)
{
    EXPECT_EQ(postcodeDistrict("DY1 1AA"), "DY1");
    EXPECT_EQ(postcodeSector("DY1 1AA"), "DY1 1");
    EXPECT_EQ(postcodeDistrict("ec1a1bb"), "EC1A");
    EXPECT_EQ(postcodeSector("ec1a1bb"), "EC1A 1");
    EXPECT_EQ(postcodeDistrict("nonsense"), "");
}

TEST(UkFormats, NormalizesUkPhones)
{
    EXPECT_EQ(normalizeUkPhone("07700 900123"), "07700900123");
    EXPECT_EQ(normalizeUkPhone("+44 7700 900123"), "07700900123");
    EXPECT_EQ(normalizeUkPhone("0044 7700-900-123"), "07700900123");
    EXPECT_EQ(normalizeUkPhone("+44 (0)121 496 0000"), "01214960000");
    EXPECT_EQ(normalizeUkPhone("(0121) 496 0000"), "01214960000");
    EXPECT_EQ(normalizeUkPhone("020 7946 0123"), "02079460123");
    EXPECT_EQ(normalizeUkPhone("01632 960123"), "01632960123");
    EXPECT_EQ(normalizeUkPhone("0800 123456"), "0800123456");
}

TEST(UkFormats, RejectsNonUkPhones)
{
    EXPECT_EQ(normalizeUkPhone("07700 90012"), std::nullopt);   // too short
    EXPECT_EQ(normalizeUkPhone("07700 9001234"), std::nullopt); // too long
    EXPECT_EQ(normalizeUkPhone("+1 212 555 0100"), std::nullopt);
    EXPECT_EQ(normalizeUkPhone("0600 123456"), std::nullopt);
    EXPECT_EQ(normalizeUkPhone("07700.900123"), std::nullopt);
    EXPECT_EQ(normalizeUkPhone(""), std::nullopt);
    EXPECT_EQ(normalizePhoneLoose("+1 (212) 555-0100"), "+12125550100");
    EXPECT_EQ(normalizePhoneLoose("no digits"), "");
}

TEST(UkFormats, NormalizesText)
{
    EXPECT_EQ(normalizeText("  Amy   JONES "), "amy jones");
    EXPECT_EQ(normalizeText("O'Brien-Smith"), "o brien smith");
    EXPECT_EQ(normalizeText("Zoë Ćwikła"), "zoe cwikla");
    EXPECT_EQ(normalizeText("Straße, Æsir"), "strasse aesir");
    EXPECT_EQ(normalizeText("\xE2\x80\x9CTaz\xE2\x80\x9D"), "taz");
    EXPECT_EQ(normalizeText(""), "");
}

TEST(UkFormats, NormalizesNamesAndAddresses)
{
    EXPECT_EQ(normalizeName("Mr. John SMITH"), "john smith");
    EXPECT_EQ(normalizeName("Dr Amy Jones"), "amy jones");
    EXPECT_EQ(normalizeAddress("3 Elm Rd, Dudley"), "3 elm road dudley");
    EXPECT_EQ(normalizeAddress("14 High St."), "14 high street");
    EXPECT_EQ(normalizeAddress("2 Park Ave"), "2 park avenue");
}

TEST(UkFormats, ClassifiesManyMarksQuickly)
{
    // A guard against falling back to std::regex: a million classifications well under a second.
    const auto start = std::chrono::steady_clock::now();
    int current = 0;
    for (int i = 0; i < 200000; ++i) {
        current += classifyVrm("AB12 CDE") == VrmFormat::Current;
        current += normalizePostcode("dy11aa").has_value();
        current += normalizeUkPhone("+44 7700 900123").has_value();
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(current, 600000);
    EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 3000);
}

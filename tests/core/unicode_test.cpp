#include "harbour/unicode.h"
#include "harbour/uk_formats.h"

#include <gtest/gtest.h>

#include <string>

namespace harbour {
namespace {

const std::string kComposed = "Zo\u00EB";    // ë as one code point
const std::string kDecomposed = "Zoe\u0308"; // e and a combining diaeresis

TEST(Unicode, NfcComposesAndKeepsComposedTextAsItIs)
{
    EXPECT_NE(kComposed, kDecomposed);
    EXPECT_EQ(toNfc(kDecomposed), kComposed);
    EXPECT_EQ(toNfc(kComposed), kComposed);
    EXPECT_EQ(toNfc("Amy Jones"), "Amy Jones");
    EXPECT_EQ(toNfc(""), "");
}

TEST(Unicode, InvalidBytesAreKeptAndTheRestIsStillNormalised)
{
    // A Latin-1 byte from a CSV cell, then a decomposed name.
    const std::string text = "caf\xE9 " + kDecomposed;
    EXPECT_EQ(toNfc(text), "caf\xE9 " + kComposed);
}

TEST(Unicode, FoldCaseComparesCapitalsAndSmallLetters)
{
    EXPECT_EQ(foldCase("ZO\u00CB"), "zo\u00EB");
    EXPECT_EQ(foldCase(kDecomposed), "zo\u00EB");
    EXPECT_EQ(foldCase("Stra\u00DFe"), "strasse");
    EXPECT_EQ(foldCase("\u0418\u0412\u0410\u041D"), "\u0438\u0432\u0430\u043D"); // ИВАН -> иван
}

TEST(Unicode, BlankMeansNothingVisible)
{
    EXPECT_TRUE(isBlank(""));
    EXPECT_TRUE(isBlank("   "));
    EXPECT_TRUE(isBlank(" \t\r\n"));
    EXPECT_TRUE(isBlank("\u00A0\u2003\u3000"));  // no-break, em and ideographic spaces
    EXPECT_TRUE(isBlank("\u200B\u200D\uFEFF ")); // zero-width space and joiner, byte order mark
    EXPECT_FALSE(isBlank(" same DOB "));
    EXPECT_FALSE(isBlank("\u00EB"));
    EXPECT_FALSE(isBlank("\xFF")); // not UTF-8: something is there
}

TEST(Unicode, KeysOfANameTypedTwoWaysAreOne)
{
    EXPECT_EQ(normalizeName(kComposed + " Smith"), "zoe smith");
    EXPECT_EQ(normalizeName(kDecomposed + " Smith"), "zoe smith");
    EXPECT_EQ(normalizeName("ZO\u00CB SMITH"), "zoe smith");
    EXPECT_EQ(normalizeText("\u0418\u0432\u0430\u043D"), normalizeText("\u0418\u0412\u0410\u041D"));
    // Outside the Latin letters folded to ASCII, composition still makes the keys equal.
    EXPECT_EQ(normalizeText("\u1E63"), normalizeText("s\u0323")); // ṣ
}

TEST(Unicode, FoldLettersFoldsAccentsAndKeepsPunctuation)
{
    EXPECT_EQ(foldLetters(kDecomposed + " O'Brien"), "zoe o'brien");
    EXPECT_EQ(foldLetters("\u0141ukasz"), "lukasz");
    EXPECT_EQ(foldLetters("Amy-Jones 2"), "amy-jones 2");
}

} // namespace
} // namespace harbour

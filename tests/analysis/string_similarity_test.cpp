#include "../../analysis/string_similarity.h"

#include <gtest/gtest.h>

using harbour::analysis::jaro;
using harbour::analysis::jaroWinkler;
using harbour::analysis::nysiis;

TEST(JaroWinkler, MatchesPublishedValues)
{
    // Winkler (1990) and the usual textbook pairs.
    EXPECT_NEAR(jaroWinkler("MARTHA", "MARHTA"), 0.961, 0.0005);
    EXPECT_NEAR(jaroWinkler("DWAYNE", "DUANE"), 0.840, 0.0005);
    EXPECT_NEAR(jaroWinkler("DIXON", "DICKSONX"), 0.813, 0.0005);
    EXPECT_NEAR(jaro("MARTHA", "MARHTA"), 0.944, 0.0005);
    EXPECT_NEAR(jaro("DWAYNE", "DUANE"), 0.822, 0.0005);
    EXPECT_NEAR(jaro("DIXON", "DICKSONX"), 0.767, 0.0005);
}

TEST(JaroWinkler, IsSymmetric)
{
    EXPECT_DOUBLE_EQ(jaroWinkler("jones", "jnoes"), jaroWinkler("jnoes", "jones"));
    EXPECT_DOUBLE_EQ(jaroWinkler("DIXON", "DICKSONX"), jaroWinkler("DICKSONX", "DIXON"));
}

TEST(JaroWinkler, HandlesEmptyAndEqualStrings)
{
    EXPECT_DOUBLE_EQ(jaroWinkler("", ""), 1.0);
    EXPECT_DOUBLE_EQ(jaroWinkler("amy", ""), 0.0);
    EXPECT_DOUBLE_EQ(jaroWinkler("", "amy"), 0.0);
    EXPECT_DOUBLE_EQ(jaroWinkler("amy jones", "amy jones"), 1.0);
    EXPECT_DOUBLE_EQ(jaroWinkler("abc", "xyz"), 0.0);
}

TEST(JaroWinkler, SkipsThePrefixBoostForUnalikeStrings)
{
    // Jaro of amy/ann is 0.556, below Winkler's 0.7 threshold, so the shared "a" adds nothing.
    EXPECT_DOUBLE_EQ(jaroWinkler("amy", "ann"), jaro("amy", "ann"));
    EXPECT_NEAR(jaro("amy", "ann"), 5.0 / 9.0, 1e-12);
}

TEST(JaroWinkler, HandlesStringsLongerThanTheStackBuffer)
{
    const std::string longA(100, 'a');
    std::string longB = longA;
    longB[99] = 'b';
    // 99 of 100 characters match in order: Jaro 0.9933, boosted by the full 4-character prefix.
    EXPECT_NEAR(jaroWinkler(longA, longB), 0.996, 0.0005);
    EXPECT_DOUBLE_EQ(jaroWinkler(longA, longA + "x"), jaroWinkler(longA + "x", longA));
}

TEST(Nysiis, GroupsSpellingsThatSoundAlike)
{
    EXPECT_EQ(nysiis("Brian"), "BRAN");
    EXPECT_EQ(nysiis("Brown"), "BRAN");
    EXPECT_EQ(nysiis("Brun"), "BRAN");
    EXPECT_EQ(nysiis("Capp"), "CAP");
    EXPECT_EQ(nysiis("Cope"), "CAP");
    EXPECT_EQ(nysiis("Kipp"), "CAP");
    EXPECT_EQ(nysiis("Dane"), "DAN");
    EXPECT_EQ(nysiis("Dean"), "DAN");
    EXPECT_EQ(nysiis("Dionne"), "DAN");
    EXPECT_EQ(nysiis("Smith"), "SNAT");
    EXPECT_EQ(nysiis("Schmit"), "SNAT");
    EXPECT_EQ(nysiis("Schmidt"), "SNAD");
    EXPECT_EQ(nysiis("Trueman"), "TRANAN");
    EXPECT_EQ(nysiis("Truman"), "TRANAN");
    EXPECT_EQ(nysiis("Amy"), "ANY");
    EXPECT_EQ(nysiis("Aimee"), "ANY");
    EXPECT_EQ(nysiis("Kings"), "CANG");
    EXPECT_EQ(nysiis("Kingz"), "CANG");
}

TEST(Nysiis, AppliesPrefixRules)
{
    EXPECT_EQ(nysiis("Knight"), "NAGT");
    EXPECT_EQ(nysiis("Macintosh"), "MCANT");
    EXPECT_EQ(nysiis("Phillips"), "FALAP");
    EXPECT_EQ(nysiis("Jones"), "JAN");
    EXPECT_EQ(nysiis("Jnoes"), "JN");
}

TEST(Nysiis, IgnoresCaseAndNonLetters)
{
    EXPECT_EQ(nysiis("o'brien"), "OBRAN");
    EXPECT_EQ(nysiis("O BRIEN"), nysiis("obrien"));
    EXPECT_EQ(nysiis(""), "");
    EXPECT_EQ(nysiis("123 -"), "");
    EXPECT_EQ(nysiis("A"), "A");
    EXPECT_EQ(nysiis("S"), "S");
}

TEST(Nysiis, TruncatesOnlyWhenAsked)
{
    EXPECT_EQ(nysiis("Wolfeschlegelstein"), "WALFAS");
    EXPECT_EQ(nysiis("Wolfeschlegelstein", 0), "WALFASLAGALSTAN");
}

#include "harbour/safe_text.h"

#include "support/markup_check.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace harbour;

namespace {

const std::string kRightToLeftOverride = "\xE2\x80\xAE"; // U+202E
const std::string kZeroWidthSpace = "\xE2\x80\x8B";      // U+200B
const std::string kNonCharacter = "\xEF\xBF\xBE";        // U+FFFE
const std::string kC1Csi = "\xC2\x9B";                   // U+009B, a terminal's "ESC ["

} // namespace

TEST(SafeText, XmlEscapesMarkupAndDropsWhatXmlForbids)
{
    EXPECT_EQ(safe::xml("a<b>&\"'\x01\tc"), "a&lt;b&gt;&amp;&quot;&#39;\tc");
    EXPECT_EQ(safe::xml("Zo\xC3\xAB " + kNonCharacter + "\xEF\xBF\xBF!"), "Zo\xC3\xAB !");
    EXPECT_EQ(safe::xml("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
    // Data for other programs keeps every legal character, invisible ones included.
    EXPECT_EQ(safe::xml("Amy" + kRightToLeftOverride), "Amy" + kRightToLeftOverride);
}

TEST(SafeText, HtmlShowsInvisibleAndControlCharactersInsteadOfActingOnThem)
{
    EXPECT_EQ(safe::html("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
    EXPECT_EQ(safe::html("Amy" + kRightToLeftOverride + "senoJ"), "Amy\\u202EsenoJ");
    EXPECT_EQ(safe::html("A" + kZeroWidthSpace + "my"), "A\\u200Bmy");
    EXPECT_EQ(safe::html("bell\x07"), "bell\\u0007");
    EXPECT_EQ(safe::html(kNonCharacter), "\\uFFFE");
    EXPECT_EQ(safe::html("line\nbreak"), "line\nbreak");
}

TEST(SafeText, TerminalNeutralisesEscapeSequencesAndLineBreaksInAField)
{
    EXPECT_EQ(safe::terminal("\x1B]0;pwned\x07x"), "\\u001B]0;pwned\\u0007x");
    EXPECT_EQ(safe::terminal("\x1B[2J" + kC1Csi + "31m"), "\\u001B[2J\\u009B31m");
    EXPECT_EQ(safe::terminal("two\nlines\r\tend"), "two\\nlines\\r\\tend");
    EXPECT_EQ(safe::terminal("caf\xC3\xA9 \xF0\x9F\x98\x80"), "caf\xC3\xA9 \xF0\x9F\x98\x80");
    EXPECT_EQ(safe::terminal("\x7F"), "\\u007F");
    // Overlong and surrogate encodings are not UTF-8: each bad byte becomes U+FFFD.
    EXPECT_EQ(safe::terminal("\xC0\x9B"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(safe::terminal("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(SafeText, TerminalLinesKeepsTheLayoutButNotACarriageReturn)
{
    EXPECT_EQ(safe::terminalLines("a\tb\nc\rd\x1B"), "a\tb\nc\\rd\\u001B");
}

TEST(SafeText, LabelKeepsLineBreaksAndShowsTheRest)
{
    EXPECT_EQ(safe::label("Ruby\n" + kRightToLeftOverride + "\x1B"), "Ruby\n\\u202E\\u001B");
}

TEST(SafeText, WholeUtf8PrefixStopsBeforeASequenceCutShort)
{
    EXPECT_EQ(safe::wholeUtf8Prefix("abc"), 3u);
    EXPECT_EQ(safe::wholeUtf8Prefix("ab\xE2\x80"), 2u);
    EXPECT_EQ(safe::wholeUtf8Prefix("ab\xE2\x80\xAE"), 5u);
    EXPECT_EQ(safe::wholeUtf8Prefix("\xF0\x9F\x98"), 0u);
    EXPECT_EQ(safe::wholeUtf8Prefix(""), 0u);
}

/// Random bytes, weighted to markup, controls and the UTF-8 of invisible characters: whatever
/// goes in, the markup writers give well-formed, script-free text and the terminal writer no
/// control character at all.
TEST(SafeText, NothingThatGoesInComesOutActive)
{
    const std::vector<std::string> pieces{"<", ">", "&", "\"", "'", "\x1B", "\x07", "\x00", "\n", "\r", "\xFF",
                                          "\xC2\x9B", "\xE2\x80\xAE", "\xEF\xBF\xBF", "\xE2", "script", "on",
                                          "=", "a", "\xC3\xAB", "&amp;", "&#", "javascript:"};
    std::mt19937 random(7);
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const int length = static_cast<int>(random() % 24);
        for (int i = 0; i < length; ++i) {
            const auto &piece = pieces[random() % pieces.size()];
            text += piece.empty() ? std::string(1, '\0') : piece;
        }
        const std::string xml = "<r a=\"" + safe::xml(text) + "\">" + safe::xml(text) + "</r>";
        EXPECT_EQ(harbour::testing::xmlProblem(xml), std::nullopt) << xml;
        const std::string html = "<p title=\"" + safe::html(text) + "\">" + safe::html(text) + "</p>";
        EXPECT_EQ(harbour::testing::scriptProblem(html), std::nullopt) << html;
        const std::string shown = safe::terminal(text);
        for (const char c : shown) {
            EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7F) << shown;
        }
        EXPECT_EQ(shown.find("\xC2\x9B"), std::string::npos);
        EXPECT_EQ(shown.find("\xE2\x80\xAE"), std::string::npos);
    }
}

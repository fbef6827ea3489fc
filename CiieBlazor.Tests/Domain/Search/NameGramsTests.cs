using System.Globalization;
using CiieBlazor.Domain.Search;

namespace CiieBlazor.Tests.Domain.Search;

/// <summary>The fuzzy name index's rule: fold, then cut into two-character grams (never inside a character).</summary>
public sealed class NameGramsTests
{
    [Theory]
    [InlineData("ZHANG Wei", "zhangwei")]
    [InlineData("John Smith", "johnsmith")]
    [InlineData("ＡＢＣ", "abc")]                 // full-width letters
    [InlineData("ａｂｃ１２３", "abc123")]         // full-width lower case and digits
    [InlineData("Ｓｍｉｔｈ　Ｊａｎｅ", "smithjane")] // full-width letters and the ideographic space
    [InlineData("买买提·艾力", "买买提艾力")]       // U+00B7 middle dot
    [InlineData("买买提・艾力", "买买提艾力")]      // U+30FB katakana middle dot
    [InlineData("买买提‧艾力", "买买提艾力")]      // U+2027 hyphenation point
    [InlineData("  张 伟\t华\n", "张伟华")]         // spaces and control characters
    [InlineData("张　伟华", "张伟华")]             // U+3000 ideographic space
    [InlineData("O'Brien-Smith", "obriensmith")]  // apostrophe and hyphen
    [InlineData("张+伟=华★", "张伟华")]            // math and other symbols
    [InlineData("（张伟华）", "张伟华")]           // full-width brackets
    [InlineData("JOSE\u0301", "jos\u00e9")]       // a combining accent is composed (NFKC), then lower-cased
    [InlineData("ﬁona", "fiona")]                 // compatibility ligature
    [InlineData("Ⅻ", "xii")]                      // compatibility numeral folds to letters
    public void FoldLowersWidthFoldsAndDropsSpacesAndPunctuation(string text, string expected) =>
        Assert.Equal(expected, NameGrams.Fold(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" · ")]
    [InlineData("%_")] // LIKE wildcards are punctuation: a query of them has nothing to search
    public void FoldOfNothingSearchableIsEmpty(string? text) => Assert.Equal("", NameGrams.Fold(text));

    [Fact]
    public void FoldIsIdempotentAndIgnoresCaseAndWidth()
    {
        var once = NameGrams.Fold("Ｍａｒｙ-Ann O'NEIL");
        Assert.Equal("maryannoneil", once);
        Assert.Equal(once, NameGrams.Fold(once));
        Assert.Equal(NameGrams.Fold("mary ann o neil"), once);
    }

    [Fact]
    public void ChineseNamesGiveOverlappingPairs()
    {
        Assert.Equal(["张伟", "伟华"], NameGrams.Of("张伟华"));
        Assert.Equal(["欧阳", "阳娜", "娜娜"], NameGrams.Of("欧阳娜娜"));
        Assert.Equal(["张伟"], NameGrams.Of("张伟"));
    }

    [Fact]
    public void PunctuationInsideANameDoesNotBreakTheGrams()
    {
        // 买买提·艾力: the dot is dropped, so 提艾 spans it (a query typed without the dot still matches).
        Assert.Equal(["买买", "买提", "提艾", "艾力"], NameGrams.Of("买买提·艾力"));
        Assert.Equal(NameGrams.Of("买买提·艾力"), NameGrams.Of("买买提艾力"));
    }

    [Fact]
    public void LatinNamesAreFoldedBeforeCutting()
    {
        Assert.Equal(["jo", "oh", "hn", "ns", "sm", "mi", "it", "th"], NameGrams.Of("John Smith"));
        Assert.Equal(NameGrams.Of("John Smith"), NameGrams.Of("ＪＯＨＮ　ＳＭＩＴＨ"));
        Assert.All(NameGrams.Of("Smithson Lee"), g => Assert.Equal(g.ToLowerInvariant(), g));
    }

    [Fact]
    public void GramsAreDistinctInOrderOfFirstAppearance()
    {
        Assert.Equal(["哈哈"], NameGrams.Of("哈哈哈哈"));
        Assert.Equal(["ab", "ba"], NameGrams.Of("ABAB"));
        Assert.Equal(["买买", "买提"], NameGrams.Of("买买提"));
    }

    [Theory]
    [InlineData("张", "张")]
    [InlineData("Z", "z")]
    [InlineData(" Ｚ ", "z")]
    [InlineData("·李·", "李")]
    public void AOneCharacterNameIsItsOwnGram(string name, string gram) => Assert.Equal([gram], NameGrams.Of(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("·・ ")]
    public void ANameWithNothingSearchableHasNoGrams(string? name) => Assert.Empty(NameGrams.Of(name));

    [Theory]
    [InlineData("张")]
    [InlineData("z")]
    [InlineData("Ｚ")]
    [InlineData(" 张 ")]
    [InlineData("张·")]
    [InlineData("𠮷")] // one character written as a surrogate pair: still one character
    [InlineData("")]
    [InlineData("  ")]
    public void AOneCharacterQueryNeedsNoGram(string query) => Assert.Empty(NameGrams.ForQuery(query));

    [Fact]
    public void ALongerQueryNeedsTheGramsOfItsFoldedText()
    {
        Assert.Equal(["伟华"], NameGrams.ForQuery("伟华"));
        Assert.Equal(["sm", "mi"], NameGrams.ForQuery("SMI"));
        Assert.Equal(["sm", "mi", "it", "th"], NameGrams.ForQuery("Ｓｍｉｔｈ"));
        Assert.Equal(["提艾"], NameGrams.ForQuery("提·艾"));
        // Every gram of a query that is part of a name is one of the name's grams: the index can only narrow.
        var name = NameGrams.Of("买买提·艾力");
        Assert.All(NameGrams.ForQuery("买提 艾"), g => Assert.Contains(g, name));
        Assert.All(NameGrams.ForQuery("john sm"), g => Assert.Contains(g, NameGrams.Of("John Smith")));
    }

    [Fact]
    public void SurrogatePairCharactersAreNeverSplit()
    {
        // 𠮷 (U+20BB7) and 𡈼 (U+2123C) are rare name characters outside the BMP: two UTF-16 units each.
        Assert.Equal(["𠮷野", "野家"], NameGrams.Of("𠮷野家"));
        Assert.Equal(["王𡈼", "𡈼明"], NameGrams.Of("王𡈼明"));
        Assert.Equal(["𠮷"], NameGrams.Of("𠮷"));
        Assert.Equal(["𠮷𡈼"], NameGrams.Of("𠮷𡈼"));
        Assert.Equal(["𠮷野"], NameGrams.ForQuery("𠮷野"));
        foreach (var name in new[] { "𠮷野家", "王𡈼明", "𠮷𡈼" })
        {
            Assert.All(NameGrams.Of(name), g => Assert.Equal(2, TextElements(g)));
        }
    }

    [Theory]
    [InlineData("王😀明")]
    [InlineData("😀😁")]
    [InlineData("Anna👍🏽Lee")] // emoji with a skin-tone modifier: one text element of four UTF-16 units
    [InlineData("🇨🇳张伟")]      // a flag: two regional indicators forming one text element
    [InlineData("😀")]
    public void EmojiAreNeverCutInHalf(string name)
    {
        var grams = NameGrams.Of(name);
        Assert.All(grams, g =>
        {
            Assert.True(WellFormed(g), $"gram '{g}' holds a lone surrogate");
            Assert.InRange(TextElements(g), 1, 2);
        });
        Assert.True(WellFormed(NameGrams.Fold(name)));
        Assert.All(NameGrams.ForQuery(name), g => Assert.True(WellFormed(g)));
    }

    [Fact]
    public void EmojiFoldTheSameWayInANameAndInAQuery()
    {
        // Whatever folding does with an emoji, a query typed the same way must be contained in the folded name.
        Assert.Contains(NameGrams.Fold("😀明"), NameGrams.Fold("王😀明"));
        Assert.All(NameGrams.ForQuery("😀明"), g => Assert.Contains(g, NameGrams.Of("王😀明")));
    }

    /// <summary>
    /// Fold documents "without … symbols": a BMP symbol (★, U+2605, So) is dropped, so an emoji (😀, U+1F600, also So)
    /// should be dropped too — it is outside the BMP, which must not change how it is classified.
    /// </summary>
    [Fact]
    public void SymbolsOutsideTheBmpAreDroppedLikeOtherSymbols()
    {
        Assert.Equal("王明", NameGrams.Fold("王★明"));
        Assert.Equal(NameGrams.Fold("王★明"), NameGrams.Fold("王😀明"));
    }

    private static int TextElements(string s) => new StringInfo(s).LengthInTextElements;

    private static bool WellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(s[i])) return false;
        }
        return true;
    }
}

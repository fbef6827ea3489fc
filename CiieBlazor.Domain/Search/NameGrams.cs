using System.Globalization;
using System.Text;

namespace CiieBlazor.Domain.Search;

/// <summary>
/// The fuzzy name index's one rule: a name is folded (case, width, spaces and punctuation dropped) and cut into
/// overlapping two-character grams ("张伟华" → 张伟, 伟华; "John Smith" → jo, oh, hn, ns, sm, …). A name matches a
/// query when it holds every gram of the query — then the folded name is checked to contain the folded query, so
/// the gram index only narrows and never decides. One-character queries have no gram and match by name prefix
/// (the surname), through the ordinary name index.
/// </summary>
public static class NameGrams
{
    public const int GramLength = 2;

    /// <summary>Lower-case, full-width folded to half-width, without spaces, punctuation and symbols.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var normalised = text.Normalize(NormalizationForm.FormKC);
        var folded = new StringBuilder(normalised.Length);
        foreach (var rune in normalised.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.SpaceSeparator or UnicodeCategory.Control or UnicodeCategory.Format
                || char.IsPunctuation(rune.ToString(), 0) || char.IsSymbol(rune.ToString(), 0) || Rune.IsWhiteSpace(rune)) continue;
            folded.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return folded.ToString();
    }

    /// <summary>The distinct grams of a name, in order of first appearance. A one-character name is its own gram.</summary>
    public static IReadOnlyList<string> Of(string? name)
    {
        var folded = Fold(name);
        var elements = TextElements(folded);
        if (elements.Count == 0) return [];
        if (elements.Count == 1) return [elements[0]];
        var grams = new List<string>(elements.Count - 1);
        for (var i = 0; i + 1 < elements.Count; i++)
        {
            var gram = elements[i] + elements[i + 1];
            if (!grams.Contains(gram)) grams.Add(gram);
        }
        return grams;
    }

    /// <summary>Grams a query needs, or empty when the query is a single character (matched by prefix instead).</summary>
    public static IReadOnlyList<string> ForQuery(string? query) => TextElements(Fold(query)).Count < 2 ? [] : Of(query);

    private static List<string> TextElements(string folded)
    {
        var list = new List<string>(folded.Length);
        var e = StringInfo.GetTextElementEnumerator(folded);
        while (e.MoveNext()) list.Add((string)e.Current);
        return list;
    }
}

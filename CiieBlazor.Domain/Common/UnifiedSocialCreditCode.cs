namespace CiieBlazor.Domain.Common;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-character set without I, O, S, V, Z;
/// position 18 is a MOD 31 check character. Positions 3–8 hold the registering authority's area code,
/// which is not all digits for every authority, so only the character set is required there.
/// </summary>
public readonly record struct UnifiedSocialCreditCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private UnifiedSocialCreditCode(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>Normalises (trim, upper case) and validates; returns null and a reason when invalid.</summary>
    public static bool TryParse(string? input, out UnifiedSocialCreditCode code, out string? error)
    {
        code = default;
        var text = (input ?? string.Empty).Trim().ToUpperInvariant();
        error = Check(text);
        if (error is not null)
        {
            return false;
        }
        code = new UnifiedSocialCreditCode(text);
        return true;
    }

    public static UnifiedSocialCreditCode Parse(string input) =>
        TryParse(input, out var code, out var error) ? code : throw new FormatException(error);

    public static bool IsValid(string? input) => TryParse(input, out _, out _);

    /// <summary>The check character for the first 17 characters (which must be in the alphabet).</summary>
    public static char CheckCharacter(string first17)
    {
        if (first17.Length != 17 || first17.Any(c => Alphabet.IndexOf(c) < 0))
        {
            throw new ArgumentException("17 characters from the code alphabet are required.", nameof(first17));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        }
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }

    private static string? Check(string text)
    {
        if (text.Length == 0)
        {
            return "请填写统一社会信用代码 (Unified Social Credit Code is required)";
        }
        if (text.Length != 18)
        {
            return $"统一社会信用代码应为18位，当前为{text.Length}位 (the code has 18 characters, this one has {text.Length})";
        }
        var badAt = text.AsSpan().IndexOfAnyExcept(Alphabet);
        if (badAt >= 0)
        {
            var bad = text[badAt] < ' ' ? '?' : text[badAt];
            return $"统一社会信用代码含有无效字符“{bad}” (invalid character '{bad}'; I, O, S, V, Z are never used)";
        }
        if (CheckCharacter(text[..17]) != text[17])
        {
            return "统一社会信用代码校验位不正确，请核对 (the check character does not match; please check the code)";
        }
        return null;
    }
}

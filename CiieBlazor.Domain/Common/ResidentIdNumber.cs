namespace CiieBlazor.Domain.Common;

/// <summary>
/// 居民身份证号码 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence, MOD 11-2 check (0–9 or X).
/// </summary>
public readonly record struct ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    private ResidentIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    public string Value { get; }
    public DateOnly BirthDate { get; }

    public override string ToString() => Value;

    public static char CheckCharacter(string first17)
    {
        if (first17.Length != 17 || !first17.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("17 digits are required.", nameof(first17));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    /// <param name="today">Birth dates after this day are refused; pass null to skip that check.</param>
    public static bool TryParse(string? input, DateOnly? today, out ResidentIdNumber id, out string? error)
    {
        id = default;
        var text = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (text.Length == 0)
        {
            error = "请填写身份证号码 (ID number is required)";
            return false;
        }
        if (text.Length != 18 || !text[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(text[17]) || text[17] == 'X'))
        {
            error = "身份证号码应为18位，前17位为数字，最后一位为数字或X (18 characters: 17 digits and a digit or X)";
            return false;
        }
        if (!DateOnly.TryParseExact(text.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var birth) || birth.Year < 1900 || (today is { } t && birth > t))
        {
            error = "身份证号码中的出生日期无效 (the birth date in the ID number is not a real date)";
            return false;
        }
        if (CheckCharacter(text[..17]) != text[17])
        {
            error = "身份证号码校验位不正确，请核对 (the check digit does not match; please check the number)";
            return false;
        }
        error = null;
        id = new ResidentIdNumber(text, birth);
        return true;
    }

    public static bool IsValid(string? input) => TryParse(input, null, out _, out _);
}

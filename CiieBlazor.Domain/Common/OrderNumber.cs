using System.Globalization;

namespace CiieBlazor.Domain.Common;

/// <summary>
/// 订单号: "V" + yyyyMMddHHmmss (China Standard Time) + a 9-digit sequence, e.g. V20200512230313594063001.
/// Uniqueness comes from the sequence, which the persistence layer hands out once per number.
/// </summary>
public readonly record struct OrderNumber
{
    public const int Length = 1 + 14 + 9;
    public const long MaxSequence = 999_999_999;
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private OrderNumber(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static OrderNumber Create(DateTimeOffset at, long sequence)
    {
        if (sequence is < 0 or > MaxSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "The order sequence has 9 digits.");
        }
        var local = at.ToOffset(ChinaOffset);
        return new OrderNumber("V" + local.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + sequence.ToString("D9", CultureInfo.InvariantCulture));
    }

    public static bool TryParse(string? input, out OrderNumber number)
    {
        number = default;
        var text = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (text.Length != Length || text[0] != 'V' || !text[1..].All(char.IsAsciiDigit))
        {
            return false;
        }
        if (!DateTime.TryParseExact(text.Substring(1, 14), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }
        number = new OrderNumber(text);
        return true;
    }

    public DateTimeOffset Timestamp =>
        new(DateTime.ParseExact(Value.Substring(1, 14), "yyyyMMddHHmmss", CultureInfo.InvariantCulture), ChinaOffset);

    public long Sequence => long.Parse(Value[15..], CultureInfo.InvariantCulture);
}

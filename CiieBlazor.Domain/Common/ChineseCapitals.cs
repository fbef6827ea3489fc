using System.Text;

namespace CiieBlazor.Domain.Common;

/// <summary>
/// 大写金额 as printed on Chinese invoices and cheques: 200.00 → 贰佰元整, 1,010.50 → 壹仟零壹拾元伍角,
/// 10.07 → 壹拾元零柒分, 100,000,000 → 壹亿元整. One 零 stands for any run of zeros between digits (also across 万/亿
/// sections); 整 ends an amount with no 角 and no 分; a negative amount (red credit note) starts with 负.
/// </summary>
public static class ChineseCapitals
{
    /// <summary>The largest amount written: 9,999,999,999,999.99 (below 10 万亿).</summary>
    public const decimal Max = 9_999_999_999_999.99m;

    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] PlaceUnits = ["", "拾", "佰", "仟"];
    private static readonly string[] SectionUnits = ["", "万", "亿", "万亿"];

    public static string Of(decimal amount)
    {
        if (decimal.Round(amount, 2) != amount)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount in CNY has at most two decimals (分).");
        if (Math.Abs(amount) > Max)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"Amounts up to {Max} are written in capitals.");
        var negative = amount < 0;
        var value = Math.Abs(amount);
        var yuan = (long)decimal.Truncate(value);
        var cents = (int)((value - yuan) * 100);
        var (jiao, fen) = (cents / 10, cents % 10);

        if (yuan == 0 && cents == 0) return "零元整";
        var text = new StringBuilder(negative ? "负" : "");
        if (yuan > 0) text.Append(Integer(yuan)).Append('元');
        if (cents == 0) return text.Append('整').ToString();
        if (jiao > 0) text.Append(Digits[jiao]).Append('角');
        else if (yuan > 0) text.Append('零');
        if (fen > 0) text.Append(Digits[fen]).Append('分');
        return text.ToString();
    }

    /// <summary>A whole number in capitals, sections of four digits from the highest (亿, 万, ones).</summary>
    private static string Integer(long value)
    {
        var sections = new List<int>();
        for (var v = value; v > 0; v /= 10_000) sections.Add((int)(v % 10_000));
        var text = new StringBuilder();
        var zeroPending = false;
        for (var i = sections.Count - 1; i >= 0; i--)
        {
            var section = sections[i];
            if (section == 0)
            {
                zeroPending = text.Length > 0;
                continue;
            }
            // Zeros before this section (an empty section, or leading zeros of this one) read as one 零.
            if (text.Length > 0 && (zeroPending || section < 1000)) text.Append('零');
            text.Append(Section(section)).Append(SectionUnits[i]);
            zeroPending = false;
        }
        return text.ToString();
    }

    private static string Section(int section)
    {
        var text = new StringBuilder();
        var zero = false;
        for (var place = 3; place >= 0; place--)
        {
            var digit = section / (int)Math.Pow(10, place) % 10;
            if (digit == 0)
            {
                zero = text.Length > 0;
                continue;
            }
            if (zero) text.Append('零');
            text.Append(Digits[digit]).Append(PlaceUnits[place]);
            zero = false;
        }
        return text.ToString();
    }
}

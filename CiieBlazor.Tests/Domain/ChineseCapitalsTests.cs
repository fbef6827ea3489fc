using CiieBlazor.Domain.Common;

namespace CiieBlazor.Tests.Domain;

public class ChineseCapitalsTests
{
    [Theory]
    [InlineData("0", "零元整")]
    [InlineData("0.05", "伍分")]
    [InlineData("0.50", "伍角")]
    [InlineData("0.55", "伍角伍分")]
    [InlineData("1", "壹元整")]
    [InlineData("10", "壹拾元整")]
    [InlineData("10.07", "壹拾元零柒分")]
    [InlineData("10.70", "壹拾元柒角")]
    [InlineData("101", "壹佰零壹元整")]
    [InlineData("110", "壹佰壹拾元整")]
    [InlineData("150", "壹佰伍拾元整")]
    [InlineData("200", "贰佰元整")]
    [InlineData("200.00", "贰佰元整")]
    [InlineData("1001", "壹仟零壹元整")]
    [InlineData("1010.50", "壹仟零壹拾元伍角")]
    [InlineData("1100", "壹仟壹佰元整")]
    [InlineData("10000", "壹万元整")]
    [InlineData("10001", "壹万零壹元整")]
    [InlineData("10010", "壹万零壹拾元整")]
    [InlineData("10100", "壹万零壹佰元整")]
    [InlineData("11000", "壹万壹仟元整")]
    [InlineData("100010", "壹拾万零壹拾元整")]
    [InlineData("1000000", "壹佰万元整")]
    [InlineData("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分")]
    [InlineData("100000000", "壹亿元整")]
    [InlineData("100000001", "壹亿零壹元整")]
    [InlineData("110000000", "壹亿壹仟万元整")]
    [InlineData("100100000", "壹亿零壹拾万元整")]
    [InlineData("1000000001", "壹拾亿零壹元整")]
    [InlineData("1000010000", "壹拾亿零壹万元整")]
    [InlineData("9999999999999.99", "玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分")]
    [InlineData("-200", "负贰佰元整")]
    [InlineData("-0.05", "负伍分")]
    public void Amounts_read_as_on_an_invoice(string amount, string expected) =>
        Assert.Equal(expected, ChineseCapitals.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>More shapes of zeros across sections (a second, independent list of expected readings).</summary>
    [Theory]
    [InlineData("200.00", "贰佰元整")]
    [InlineData("1010.50", "壹仟零壹拾元伍角")]
    [InlineData("0.05", "伍分")]
    [InlineData("100000000.00", "壹亿元整")]
    [InlineData("10.07", "壹拾元零柒分")]
    [InlineData("0", "零元整")]
    [InlineData("0.00", "零元整")]
    [InlineData("0.01", "壹分")]
    [InlineData("0.10", "壹角")]
    [InlineData("0.50", "伍角")]
    [InlineData("0.15", "壹角伍分")]
    [InlineData("0.99", "玖角玖分")]
    [InlineData("1", "壹元整")]
    [InlineData("9", "玖元整")]
    [InlineData("10", "壹拾元整")]
    [InlineData("11", "壹拾壹元整")]
    [InlineData("19", "壹拾玖元整")]
    [InlineData("20", "贰拾元整")]
    [InlineData("100", "壹佰元整")]
    [InlineData("101", "壹佰零壹元整")]
    [InlineData("110", "壹佰壹拾元整")]
    [InlineData("111", "壹佰壹拾壹元整")]
    [InlineData("1000", "壹仟元整")]
    [InlineData("1001", "壹仟零壹元整")]
    [InlineData("1010", "壹仟零壹拾元整")]
    [InlineData("1011", "壹仟零壹拾壹元整")]
    [InlineData("1100", "壹仟壹佰元整")]
    [InlineData("1101", "壹仟壹佰零壹元整")]
    [InlineData("1110", "壹仟壹佰壹拾元整")]
    [InlineData("9999", "玖仟玖佰玖拾玖元整")]
    [InlineData("1234567890", "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元整")]
    [InlineData("987654321.98", "玖亿捌仟柒佰陆拾伍万肆仟叁佰贰拾壹元玖角捌分")]
    [InlineData("10000", "壹万元整")]
    [InlineData("10001", "壹万零壹元整")]
    [InlineData("10010", "壹万零壹拾元整")]
    [InlineData("10100", "壹万零壹佰元整")]
    [InlineData("11000", "壹万壹仟元整")]
    [InlineData("100000", "壹拾万元整")]
    [InlineData("100001", "壹拾万零壹元整")]
    [InlineData("101000", "壹拾万壹仟元整")]
    [InlineData("100100", "壹拾万零壹佰元整")]
    [InlineData("1000000", "壹佰万元整")]
    [InlineData("1000100", "壹佰万零壹佰元整")]
    [InlineData("1001000", "壹佰万壹仟元整")]
    [InlineData("1010000", "壹佰零壹万元整")]
    [InlineData("10000000", "壹仟万元整")]
    [InlineData("10010000", "壹仟零壹万元整")]
    [InlineData("10001000", "壹仟万壹仟元整")]
    [InlineData("10000001", "壹仟万零壹元整")]
    [InlineData("99999999", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整")]
    [InlineData("100000001", "壹亿零壹元整")]
    [InlineData("100001000", "壹亿零壹仟元整")]
    [InlineData("100010000", "壹亿零壹万元整")]
    [InlineData("100100000", "壹亿零壹拾万元整")]
    [InlineData("101000000", "壹亿零壹佰万元整")]
    [InlineData("110000000", "壹亿壹仟万元整")]
    [InlineData("110000001", "壹亿壹仟万零壹元整")]
    [InlineData("1000000000", "壹拾亿元整")]
    [InlineData("1000000010", "壹拾亿零壹拾元整")]
    [InlineData("10000000000", "壹佰亿元整")]
    [InlineData("100000000000", "壹仟亿元整")]
    [InlineData("100010001000", "壹仟亿壹仟万壹仟元整")]
    [InlineData("100001000010", "壹仟亿零壹佰万零壹拾元整")]
    [InlineData("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分")]
    [InlineData("1.01", "壹元零壹分")]
    [InlineData("1.10", "壹元壹角")]
    [InlineData("1.11", "壹元壹角壹分")]
    [InlineData("10.50", "壹拾元伍角")]
    [InlineData("1680.32", "壹仟陆佰捌拾元叁角贰分")]
    [InlineData("1000.05", "壹仟元零伍分")]
    [InlineData("107000.53", "壹拾万柒仟元伍角叁分")]
    [InlineData("1409.50", "壹仟肆佰零玖元伍角")]
    [InlineData("6007.14", "陆仟零柒元壹角肆分")]
    [InlineData("325.04", "叁佰贰拾伍元零肆分")]
    [InlineData("100000000.01", "壹亿元零壹分")]
    [InlineData("188.68", "壹佰捌拾捌元陆角捌分")]
    [InlineData("11.32", "壹拾壹元叁角贰分")]
    [InlineData("2400.00", "贰仟肆佰元整")]
    [InlineData("200.000", "贰佰元整")] // a trailing zero is not a third decimal
    [InlineData("-200.00", "负贰佰元整")]
    [InlineData("-0.05", "负伍分")]
    [InlineData("-1010.50", "负壹仟零壹拾元伍角")]
    [InlineData("-100000001", "负壹亿零壹元整")]
    [InlineData("-0.00", "零元整")]
    public void More_amounts_read_as_on_an_invoice(string amount, string expected) =>
        Assert.Equal(expected, ChineseCapitals.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Never_writes_two_zeros_in_a_row_nor_ends_on_a_zero()
    {
        // Every combination of 0/1 digits across twelve places, with or without 角/分.
        for (var mask = 1L; mask < 1 << 12; mask++)
        {
            var yuan = long.Parse(Convert.ToString(mask, 2), System.Globalization.CultureInfo.InvariantCulture);
            foreach (var cents in new[] { 0m, 0.01m, 0.10m, 0.11m })
            {
                var text = ChineseCapitals.Of(yuan + cents);
                Assert.DoesNotContain("零零", text);
                Assert.DoesNotContain("零元", text);
                Assert.DoesNotContain("零万", text);
                Assert.DoesNotContain("零亿", text);
                Assert.DoesNotContain("亿万", text);
                Assert.False(text.EndsWith('零'), text);
                Assert.Equal(cents == 0, text.EndsWith("元整", StringComparison.Ordinal));
                var ones = System.Numerics.BitOperations.PopCount((ulong)mask) + (int)(cents * 100 % 10) + (int)(cents * 10 % 10);
                Assert.Equal(ones, text.Count(c => c == '壹'));
            }
        }
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("10000000000000")]
    [InlineData("-10000000000000")]
    public void Fractions_of_a_fen_and_absurd_amounts_are_refused(string amount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseCapitals.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}

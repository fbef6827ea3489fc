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

    [Theory]
    [InlineData("0.001")]
    [InlineData("10000000000000")]
    [InlineData("-10000000000000")]
    public void Fractions_of_a_fen_and_absurd_amounts_are_refused(string amount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseCapitals.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}

using System.Text.RegularExpressions;
using CiieBlazor.Domain.Catalogue;

namespace CiieBlazor.Tests.Catalogue;

public class CountriesTests
{
    [Fact]
    public void Full_ISO_list_with_unique_codes()
    {
        Assert.InRange(Countries.All.Count, 245, 252);
        Assert.Equal(249, Countries.All.Count);
        Assert.Equal(Countries.All.Count, Countries.All.Select(c => c.Code).Distinct().Count());
        Assert.All(Countries.All, c => Assert.Matches(new Regex("^[A-Z]{2}$"), c.Code));
        Assert.All(Countries.All, c => Assert.False(string.IsNullOrWhiteSpace(c.NameZh)));
        Assert.All(Countries.All, c => Assert.False(string.IsNullOrWhiteSpace(c.NameEn)));
        Assert.Equal(Countries.All.Count, Countries.All.Select(c => c.NameZh).Distinct().Count());
        Assert.Equal(Countries.All.Select(c => c.Code).Order(StringComparer.Ordinal), Countries.All.Select(c => c.Code));
    }

    [Theory]
    [InlineData("US", "美国")]
    [InlineData("us", "美国")]
    [InlineData(" JP ", "日本")]
    [InlineData("KR", "韩国")]
    [InlineData("CN", "中国")]
    [InlineData("GB", "英国")]
    [InlineData("DE", "德国")]
    public void Find_by_code(string code, string nameZh)
    {
        Assert.Equal(nameZh, Countries.Find(code)?.NameZh);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("XX")]
    [InlineData("USA")]
    [InlineData("U")]
    public void Find_unknown_is_null(string? code)
    {
        Assert.Null(Countries.Find(code));
    }

    [Theory]
    [InlineData("CN", false, "中国")]
    [InlineData("cn", true, "China")]
    [InlineData("HK", false, "中国香港")]
    [InlineData("XX", false, "XX")]
    [InlineData(null, false, "")]
    [InlineData(" ", true, "")]
    public void NameOf_shows_the_name_for_a_stored_code(string? code, bool english, string shown)
    {
        Assert.Equal(shown, Countries.NameOf(code, english));
    }

    [Theory]
    [InlineData("HK", "中国香港", "Hong Kong, China")]
    [InlineData("MO", "中国澳门", "Macao, China")]
    [InlineData("TW", "中国台湾", "Taiwan, China")]
    public void Hong_Kong_Macao_Taiwan_are_regions_of_China(string code, string zh, string en)
    {
        var region = Countries.Find(code);
        Assert.NotNull(region);
        Assert.Equal(zh, region.NameZh);
        Assert.Equal(en, region.NameEn);
        Assert.Equal(CountryKind.ChineseRegion, region.Kind);
        Assert.True(region.IsChineseRegion);
        Assert.Equal(3, Countries.All.Count(c => c.IsChineseRegion));
    }

    [Fact]
    public void Guide_rows_resolve()
    {
        // 国家地区 rows of the guide: 美国 / 日本 / 韩国, each 需求预测.
        foreach (var name in new[] { "美国", "日本", "韩国" })
        {
            Assert.Equal(name, Countries.Match(name)[0].NameZh);
        }
        // The delegation screen writes 香港特别行政区 / 澳门特别行政区.
        Assert.Equal("HK", Countries.Match("香港特别行政区")[0].Code);
        Assert.Equal("MO", Countries.Match("澳门特别行政区")[0].Code);
        Assert.Equal("TW", Countries.Match("台湾")[0].Code);
    }

    [Fact]
    public void Match_chinese_prefix()
    {
        var matches = Countries.Match("日");
        Assert.Contains(matches, c => c.NameZh == "日本");
        Assert.Equal("日本", matches[0].NameZh);
    }

    [Theory]
    [InlineData("korea")]
    [InlineData("KOREA")]
    [InlineData(" Korea ")]
    [InlineData("south korea")]
    public void Match_english_case_insensitive(string text)
    {
        Assert.Contains(Countries.Match(text), c => c.NameZh == "韩国");
    }

    [Fact]
    public void Match_ranks_exact_then_prefix_then_contains()
    {
        Assert.Equal("US", Countries.Match("us")[0].Code); // exact code
        Assert.Equal("US", Countries.Match("USA")[0].Code); // exact alias
        Assert.Equal("US", Countries.Match("united states")[0].Code);
        var guinea = Countries.Match("guinea");
        Assert.Equal("GN", guinea[0].Code);
        Assert.Contains(guinea, c => c.Code == "GQ"); // Equatorial Guinea (contains)
        Assert.Contains(guinea, c => c.Code == "PG"); // Papua New Guinea (contains)
        Assert.Equal("CN", Countries.Match("中国")[0].Code);
        Assert.Contains(Countries.Match("中国"), c => c.Code == "HK");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\uD800")]
    public void Match_nothing_for_empty_or_junk(string? text)
    {
        Assert.Empty(Countries.Match(text));
    }

    [Fact]
    public void Match_limits()
    {
        Assert.Empty(Countries.Match(new string('a', 101)));
        Assert.Empty(Countries.Match("a", 0));
        Assert.Equal(20, Countries.Match("a").Count);
        Assert.Equal(5, Countries.Match("a", 5).Count);
    }
}

public class ProcurementStageTests
{
    [Fact]
    public void Labels()
    {
        Assert.Equal("需求预测", ProcurementStage.DemandForecast.ChineseLabel());
        Assert.Equal("Demand forecast", ProcurementStage.DemandForecast.EnglishLabel());
        Assert.Equal("需求预测 (Demand forecast)", ProcurementStage.DemandForecast.Label());
        Assert.Equal(
            ["需求预测", "供应商寻源", "询价比价", "商务谈判", "签约采购", "已有采购"],
            ProcurementStages.All.Select(s => s.ChineseLabel()));
        Assert.Equal(Enum.GetValues<ProcurementStage>(), ProcurementStages.All);
        Assert.Equal(6, ProcurementStages.All.Select(s => s.EnglishLabel()).Distinct().Count());
        Assert.Equal("99", ((ProcurementStage)99).ChineseLabel());
    }

    [Theory]
    [InlineData("需求预测", ProcurementStage.DemandForecast)]
    [InlineData(" 已有采购 ", ProcurementStage.ExistingPurchase)]
    [InlineData("supplier sourcing", ProcurementStage.SupplierSourcing)]
    [InlineData("Negotiation", ProcurementStage.Negotiation)]
    public void From_label(string text, ProcurementStage stage)
    {
        Assert.Equal(stage, ProcurementStages.FromLabel(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("需求")]
    public void From_label_unknown(string? text)
    {
        Assert.Null(ProcurementStages.FromLabel(text));
    }
}

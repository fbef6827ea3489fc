using System.Text.RegularExpressions;
using CiieBlazor.Domain.Catalogue;

namespace CiieBlazor.Tests.Addresses;

/// <summary>行政区划: the embedded province → city → district list and its lookups.</summary>
public sealed class AdministrativeDivisionsLookup
{
    [Fact]
    public void AllMainlandProvincesAreListedInCodeOrder()
    {
        var provinces = AdministrativeDivisions.Provinces;

        Assert.True(provinces.Count >= 31, $"only {provinces.Count} provinces");
        Assert.Contains(provinces, p => p is { Code: "11", Name: "北京市" });
        Assert.Contains(provinces, p => p is { Code: "44", Name: "广东省" });
        Assert.Contains(provinces, p => p is { Code: "65", Name: "新疆维吾尔自治区" });
        Assert.Equal(provinces.Select(p => p.Code).Order(StringComparer.Ordinal), provinces.Select(p => p.Code));
        Assert.All(provinces, p => Assert.NotEmpty(p.Cities));
    }

    [Fact]
    public void EveryCodeSitsUnderItsParentsCodeAndEveryCityHasDistricts()
    {
        foreach (var p in AdministrativeDivisions.Provinces)
        {
            Assert.Matches(new Regex("^[0-9]{2}$"), p.Code);
            foreach (var c in p.Cities)
            {
                Assert.Matches(new Regex($"^{p.Code}[0-9]{{2}}$"), c.Code);
                Assert.NotEmpty(c.Districts);
                Assert.All(c.Districts, d => Assert.Matches(new Regex($"^{c.Code}[0-9]{{2}}$"), d.Code));
                Assert.All(c.Districts, d => Assert.False(string.IsNullOrWhiteSpace(d.Name)));
            }
        }
    }

    [Fact]
    public void GuangzhouTianheIsAValidPathWithItsNames()
    {
        Assert.True(AdministrativeDivisions.IsValidPath("44", "4401", "440106"));
        Assert.Equal(("广东省", "广州市", "天河区"), AdministrativeDivisions.Names("44", "4401", "440106"));
        Assert.Contains(AdministrativeDivisions.Cities("44"), c => c is { Code: "4401", Name: "广州市" });
        Assert.Contains(AdministrativeDivisions.Districts("4401"), d => d is { Code: "440106", Name: "天河区" });
    }

    [Fact]
    public void MunicipalitiesKeepTheirCityLevel()
    {
        var city = Assert.Single(AdministrativeDivisions.Cities("11"));
        Assert.Equal(("1101", "市辖区"), (city.Code, city.Name));
        Assert.Equal(("北京市", "市辖区", "朝阳区"), AdministrativeDivisions.Names("11", "1101", "110105"));
    }

    [Theory]
    [InlineData("44", "4403", "440106")] // 天河区 is in 广州市, not 深圳市
    [InlineData("31", "4401", "440106")] // 广州市 is not in 上海市
    [InlineData("44", "440106", "4401")] // levels swapped
    [InlineData("44", "4401", "4401")]   // a city is not a district
    [InlineData("44", "4401", null)]
    [InlineData(null, "4401", "440106")]
    [InlineData("44", "4401", "449999")]
    public void ADistrictUnderTheWrongCityOrProvinceIsNotAValidPath(string? province, string? city, string? district)
    {
        Assert.False(AdministrativeDivisions.IsValidPath(province, city, district));
        Assert.Null(AdministrativeDivisions.Names(province, city, district));
    }

    [Fact]
    public void NamesAreUniqueWithinTheirParentSoSavedNamesMapBackToCodes()
    {
        Assert.Equal(("44", "4401", "440106"), AdministrativeDivisions.Codes("广东省", "广州市", "天河区"));
        Assert.Equal(("11", "1101", "110105"), AdministrativeDivisions.Codes("北京市", "市辖区", "朝阳区"));
        Assert.Null(AdministrativeDivisions.Codes("广东省", "深圳市", "天河区"));
        Assert.Null(AdministrativeDivisions.Codes(null, null, null));
        foreach (var p in AdministrativeDivisions.Provinces)
        {
            foreach (var c in p.Cities)
            {
                Assert.All(c.Districts, d => Assert.Equal((p.Code, c.Code, d.Code), AdministrativeDivisions.Codes(p.Name, c.Name, d.Name)));
            }
        }
    }

    [Theory]
    [InlineData("44", "广东省", DivisionLevel.Province, null)]
    [InlineData("4401", "广州市", DivisionLevel.City, "44")]
    [InlineData("440106", "天河区", DivisionLevel.District, "4401")]
    [InlineData(" 650102 ", "天山区", DivisionLevel.District, "6501")]
    public void FindReturnsAnyLevel(string code, string name, DivisionLevel level, string? parent)
    {
        var found = AdministrativeDivisions.Find(code);

        Assert.NotNull(found);
        Assert.Equal((name, level, parent), (found.Name, found.Level, found.ParentCode));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("99")]
    [InlineData("9901")]
    [InlineData("000000")]
    [InlineData("44010")]
    [InlineData("广东省")]
    public void UnknownCodesFindNothing(string? code)
    {
        Assert.Null(AdministrativeDivisions.Find(code));
        Assert.Empty(AdministrativeDivisions.Cities(code));
        Assert.Empty(AdministrativeDivisions.Districts(code));
    }
}

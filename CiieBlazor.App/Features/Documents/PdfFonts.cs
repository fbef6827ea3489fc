using PdfSharp.Fonts;

namespace CiieBlazor.App.Features.Documents;

/// <summary>
/// The one font of our PDFs: WenQuanYi Micro Hei (Chinese and Latin), shipped inside the assembly so that invoices and
/// badges render the same on any machine. PDFsharp takes one resolver for the whole process; <see cref="Ensure"/> sets it
/// once, whichever thread renders first. Bold is simulated by PDFsharp.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "WenQuanYi Micro Hei";
    private const string Face = "wqy-microhei";
    private static readonly Lazy<byte[]> Bytes = new(Load);
    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>Registers the resolver if no one has (safe to call before every rendering).</summary>
    public static void Ensure()
    {
        if (Volatile.Read(ref _registered)) return;
        lock (Gate)
        {
            if (_registered) return;
            if (GlobalFontSettings.FontResolver is not PdfFonts) GlobalFontSettings.FontResolver = new PdfFonts();
            Volatile.Write(ref _registered, true);
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(Face, isBold, isItalic);

    public byte[]? GetFont(string faceName) => faceName == Face ? Bytes.Value : null;

    private static byte[] Load()
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream("CiieBlazor.App.Fonts.wqy-microhei.ttf")
            ?? throw new InvalidOperationException("The embedded font CiieBlazor.App.Fonts.wqy-microhei.ttf is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

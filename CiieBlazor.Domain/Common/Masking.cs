namespace CiieBlazor.Domain.Common;

/// <summary>
/// How personal data is shown outside the owner's and the background reviewer's detail views: enough to recognise
/// one's own, not enough to use someone else's.
/// </summary>
public static class Masking
{
    /// <summary>A phone number: its first 3 and last 4 characters, e.g. 139****5678; a short one is all stars. Empty stays empty.</summary>
    public static string Phone(string? number)
    {
        var text = (number ?? "").Trim();
        if (text.Length == 0) return "";
        return text.Length >= 8 ? text[..3] + "****" + text[^4..] : "****";
    }
}

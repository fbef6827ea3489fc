using System.Security.Cryptography;
using System.Text;

namespace CiieBlazor.Domain.Badges;

/// <summary>What a badge's QR code says: the badge number and its serial, signed so that nobody can make one up.</summary>
public readonly record struct BadgeTokenClaims(string BadgeNumber, int Serial);

public enum TokenProblem
{
    None,
    /// <summary>Not a CiieBlazor badge code at all (wrong shape).</summary>
    Malformed,
    /// <summary>The right shape, but the signature does not match: forged or altered.</summary>
    BadSignature,
}

/// <summary>
/// The badge QR token: <c>CB1.{badge number}.{serial}.{signature}</c>, the signature an HMAC-SHA256 over the first three
/// parts (truncated to 16 bytes, base64url). Short enough for a small QR code, checked in microseconds at the gate.
/// A reissued badge has the next serial, so the lost one's code stops working.
/// </summary>
public static class BadgeToken
{
    public const string Prefix = "CB1";
    private const int SignatureBytes = 16;
    private const int MaxLength = 120;

    public static string Create(BadgeTokenClaims claims, ReadOnlySpan<byte> key)
    {
        if (string.IsNullOrWhiteSpace(claims.BadgeNumber) || claims.BadgeNumber.Contains('.') || claims.Serial < 1)
            throw new ArgumentException("A badge token needs a badge number without dots and a serial of at least 1.", nameof(claims));
        var body = $"{Prefix}.{claims.BadgeNumber}.{claims.Serial}";
        return $"{body}.{Sign(body, key)}";
    }

    public static TokenProblem TryRead(string? token, ReadOnlySpan<byte> key, out BadgeTokenClaims claims)
    {
        claims = default;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength) return TokenProblem.Malformed;
        token = token.Trim();
        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0) return TokenProblem.Malformed;
        var body = token[..lastDot];
        var parts = body.Split('.');
        if (parts.Length != 3 || parts[0] != Prefix || parts[1].Length == 0
            || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var serial) || serial < 1)
            return TokenProblem.Malformed;
        Span<byte> given = stackalloc byte[SignatureBytes];
        if (!TryDecode(token.AsSpan(lastDot + 1), given)) return TokenProblem.Malformed;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body), expected);
        if (!CryptographicOperations.FixedTimeEquals(given, expected[..SignatureBytes])) return TokenProblem.BadSignature;
        claims = new BadgeTokenClaims(parts[1], serial);
        return TokenProblem.None;
    }

    private static string Sign(string body, ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body), mac);
        return Convert.ToBase64String(mac[..SignatureBytes]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> into)
    {
        if (text.Length != 22) return false; // 16 bytes, base64url without padding
        Span<char> padded = stackalloc char[24];
        for (var i = 0; i < 22; i++)
        {
            var c = text[i];
            padded[i] = c switch { '-' => '+', '_' => '/', _ when char.IsAsciiLetterOrDigit(c) => c, _ => '\0' };
            if (padded[i] == '\0') return false;
        }
        padded[22] = '=';
        padded[23] = '=';
        return Convert.TryFromBase64Chars(padded, into, out var written) && written == SignatureBytes;
    }
}

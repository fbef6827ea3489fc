namespace CiieBlazor.App.Features.Files;

/// <summary>Pixel size of a PNG or JPEG read from its header (no imaging library needed).</summary>
public static class ImageInfo
{
    public static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> data, string contentType) => contentType switch
    {
        FileSignatures.Png => Png(data),
        FileSignatures.Jpeg => Jpeg(data),
        _ => null,
    };

    private static (int, int)? Png(ReadOnlySpan<byte> d)
    {
        // Signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4).
        if (d.Length < 24 || d[12] != (byte)'I' || d[13] != (byte)'H' || d[14] != (byte)'D' || d[15] != (byte)'R') return null;
        return (BigEndian(d[16..20]), BigEndian(d[20..24]));
    }

    private static (int, int)? Jpeg(ReadOnlySpan<byte> d)
    {
        var i = 2;
        while (i + 9 < d.Length)
        {
            if (d[i] != 0xFF) { i++; continue; }
            var marker = d[i + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF) { i += marker == 0xFF ? 1 : 2; continue; }
            var length = (d[i + 2] << 8) | d[i + 3];
            // Start-of-frame markers carry the size: C0–CF except C4 (DHT), C8 (JPG), CC (DAC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var height = (d[i + 5] << 8) | d[i + 6];
                var width = (d[i + 7] << 8) | d[i + 8];
                return (width, height);
            }
            if (length < 2) return null;
            i += 2 + length;
        }
        return null;
    }

    private static int BigEndian(ReadOnlySpan<byte> b) => (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
}

using QRCoder;

namespace CiieBlazor.App.Features.Payments;

/// <summary>A real, scannable QR code as PNG bytes (QRCoder's PNG writer: no System.Drawing, so it runs on any server).</summary>
public static class QrImage
{
    /// <summary>Medium error correction keeps the code small enough for a phone at 8 px per module.</summary>
    public static byte[] Png(string text, int pixelsPerModule = 8) =>
        PngByteQRCodeHelper.GetQRCode(text, QRCodeGenerator.ECCLevel.M, pixelsPerModule);

    public static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}

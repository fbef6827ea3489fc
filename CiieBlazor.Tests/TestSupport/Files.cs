using System.Text;

namespace CiieBlazor.Tests.TestSupport;

/// <summary>Real file contents for upload tests: what a browser would send, not just a name.</summary>
public static class TestFiles
{
    /// <summary>A minimal one-page PDF with a correct cross-reference table.</summary>
    public static byte[] Pdf()
    {
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            "<< /Length 0 >>\nstream\n\nendstream",
        ];
        var text = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(text.ToString()));
            text.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(text.ToString());
        text.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) text.Append($"{offset:D10} 00000 n \n");
        text.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>A real PNG (the demo portrait generator).</summary>
    public static byte[] Png(int width = 60, int height = 80) => App.Data.DemoPhoto.Png(width, height);

    /// <summary>JPEG/JFIF: SOI, APP0 "JFIF", a comment, EOI.</summary>
    public static byte[] Jpeg()
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        bytes.AddRange([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
        var comment = Encoding.ASCII.GetBytes("ciie test");
        bytes.AddRange([0xFF, 0xFE, 0x00, (byte)(comment.Length + 2)]);
        bytes.AddRange(comment);
        bytes.AddRange([0xFF, 0xD9]);
        return [.. bytes];
    }

    /// <summary>The head of a Windows executable: "MZ" DOS header pointing at a "PE\0\0" header.</summary>
    public static byte[] WindowsExe()
    {
        var bytes = new byte[512];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        var stub = Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.");
        stub.CopyTo(bytes, 0x4E);
        BitConverter.GetBytes(0x80).CopyTo(bytes, 0x3C); // e_lfanew
        "PE\0\0"u8.ToArray().CopyTo(bytes, 0x80);
        bytes[0x84] = 0x4C; bytes[0x85] = 0x01; // i386
        return bytes;
    }

    /// <summary>A PDF padded with a comment to exactly <paramref name="size"/> bytes.</summary>
    public static byte[] PdfOfSize(long size)
    {
        var pdf = Pdf();
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)' ');
        pdf.CopyTo(bytes, 0);
        return bytes;
    }
}

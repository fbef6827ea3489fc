using CiieBlazor.Domain.Persons;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace CiieBlazor.App.Features.Documents;

/// <summary>What one badge face shows.</summary>
public sealed record BadgeFace(
    string BadgeNumber, string Token, string Name, string Organisation, string Delegation, PersonTag Tag, DateOnly? EntryFrom, DateOnly? EntryTo,
    string EditionName, string EditionNameEn, byte[]? Photo);

/// <summary>A line of a hand-over list.</summary>
public sealed record HandoverLine(string BadgeNumber, string Name, string Organisation, PersonTag Tag);

/// <summary>
/// 证件 as printable PDF: one badge per page at card size (100 × 140 mm), or an A4 sheet with four badges and cut
/// marks for batch printing; and the hand-over list (交接单) a delegation signs when it receives a batch.
/// The QR code is drawn as vector squares from the signed badge token, so it prints sharp at any size.
/// </summary>
public static class BadgePdf
{
    public const double CardWidthMm = 100, CardHeightMm = 140;

    public static byte[] Cards(IReadOnlyList<BadgeFace> faces) => Render($"证件 {faces.Count}", faces, perPage: 1);

    public static byte[] Sheets(IReadOnlyList<BadgeFace> faces) => Render($"证件批量打印 {faces.Count}", faces, perPage: 4);

    /// <summary>The colour band of a tag: VIP red, staff blue, professional visitor green.</summary>
    public static XColor TagColour(PersonTag tag) => tag switch
    {
        PersonTag.Vip => XColor.FromArgb(0xB7, 0x1C, 0x1C),
        PersonTag.Staff => XColor.FromArgb(0x15, 0x65, 0xC0),
        _ => XColor.FromArgb(0x2E, 0x7D, 0x32),
    };

    public static string TagTitle(PersonTag tag) => tag switch
    {
        PersonTag.Vip => "贵宾 VIP",
        PersonTag.Staff => "工作人员 STAFF",
        _ => "专业观众 PROFESSIONAL VISITOR",
    };

    private static byte[] Render(string title, IReadOnlyList<BadgeFace> faces, int perPage)
    {
        if (faces.Count == 0) throw new ArgumentException("No badge to print.", nameof(faces));
        PdfFonts.Ensure();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = "CiieBlazor";
        for (var i = 0; i < faces.Count; i += perPage)
        {
            var page = document.AddPage();
            if (perPage == 1)
            {
                page.Width = XUnit.FromMillimeter(CardWidthMm);
                page.Height = XUnit.FromMillimeter(CardHeightMm);
                using var g = XGraphics.FromPdfPage(page);
                DrawCard(g, faces[i], 0, 0);
            }
            else
            {
                page.Width = XUnit.FromMillimeter(210);
                page.Height = XUnit.FromMillimeter(297);
                using var g = XGraphics.FromPdfPage(page);
                const double left = 4, top = 7, gap = 2;
                for (var k = 0; k < perPage && i + k < faces.Count; k++)
                {
                    double x = left + (k % 2) * (CardWidthMm + gap), y = top + (k / 2) * (CardHeightMm + gap);
                    DrawCard(g, faces[i + k], x, y);
                    CutMarks(g, x, y);
                }
            }
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void DrawCard(XGraphics g, BadgeFace f, double xMm, double yMm)
    {
        XRect R(double x, double y, double w, double h) => new(Mm(xMm + x), Mm(yMm + y), Mm(w), Mm(h));
        var colour = TagColour(f.Tag);
        var band = new XSolidBrush(colour);
        g.DrawRectangle(new XPen(XColors.Gray, 0.3), R(0, 0, CardWidthMm, CardHeightMm));
        g.DrawRectangle(band, R(0, 0, CardWidthMm, 24));
        g.DrawString(f.EditionName, new XFont(PdfFonts.Family, 11, XFontStyleEx.Bold), XBrushes.White, R(0, 4, CardWidthMm, 7), XStringFormats.TopCenter);
        g.DrawString(f.EditionNameEn, new XFont(PdfFonts.Family, 7), XBrushes.White, R(0, 11, CardWidthMm, 5), XStringFormats.TopCenter);
        g.DrawString(TagTitle(f.Tag), new XFont(PdfFonts.Family, 9, XFontStyleEx.Bold), XBrushes.White, R(0, 16.5, CardWidthMm, 6), XStringFormats.TopCenter);

        // Photo 30 × 40 mm (the ID photo's 295 × 413 proportion).
        var photo = R(35, 28, 30, 40);
        if (f.Photo is { Length: > 0 } bytes)
        {
            using var image = XImage.FromStream(new MemoryStream(bytes, writable: false));
            g.DrawImage(image, photo);
        }
        else g.DrawString("（无照片）", new XFont(PdfFonts.Family, 8), XBrushes.Gray, photo, XStringFormats.Center);
        g.DrawRectangle(new XPen(colour, 0.6), photo);

        g.DrawString(f.Name, new XFont(PdfFonts.Family, 18, XFontStyleEx.Bold), XBrushes.Black, R(4, 71, CardWidthMm - 8, 9), XStringFormats.TopCenter);
        var normal = new XFont(PdfFonts.Family, 8.5);
        DrawFitted(g, f.Organisation, normal, R(5, 81, CardWidthMm - 10, 5));
        DrawFitted(g, f.Delegation, normal, R(5, 86.5, CardWidthMm - 10, 5));

        var dates = f.EntryFrom is { } a && f.EntryTo is { } b ? $"{a:M月d日} – {b:M月d日}" : "—";
        g.DrawString("入馆日期 Entry", new XFont(PdfFonts.Family, 7), XBrushes.Gray, R(6, 98, 50, 4), XStringFormats.TopLeft);
        g.DrawString(dates, new XFont(PdfFonts.Family, 11, XFontStyleEx.Bold), XBrushes.Black, R(6, 102.5, 56, 6), XStringFormats.TopLeft);
        g.DrawString("证件号 Badge No.", new XFont(PdfFonts.Family, 7), XBrushes.Gray, R(6, 112, 50, 4), XStringFormats.TopLeft);
        g.DrawString(f.BadgeNumber, new XFont(PdfFonts.Family, 9, XFontStyleEx.Bold), XBrushes.Black, R(6, 116.5, 56, 5), XStringFormats.TopLeft);

        DrawQr(g, f.Token, Mm(xMm + 64), Mm(yMm + 96), Mm(32));
        g.DrawRectangle(band, R(0, CardHeightMm - 6, CardWidthMm, 6));
    }

    /// <summary>Shrinks the font until the text fits the box (long organisation names).</summary>
    private static void DrawFitted(XGraphics g, string text, XFont font, XRect box)
    {
        var size = font.Size;
        var f = font;
        while (size > 5 && g.MeasureString(text, f).Width > box.Width)
        {
            size -= 0.5;
            f = new XFont(PdfFonts.Family, size);
        }
        g.DrawString(text, f, XBrushes.Black, box, XStringFormats.TopCenter);
    }

    private static void DrawQr(XGraphics g, string text, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        for (var col = 0; col < matrix[row].Length; col++)
        {
            if (matrix[row][col]) g.DrawRectangle(XBrushes.Black, x + col * module, y + row * module, module + 0.05, module + 0.05);
        }
    }

    private static void CutMarks(XGraphics g, double xMm, double yMm)
    {
        var pen = new XPen(XColors.Gray, 0.25);
        foreach (var (cx, cy) in new[] { (xMm, yMm), (xMm + CardWidthMm, yMm), (xMm, yMm + CardHeightMm), (xMm + CardWidthMm, yMm + CardHeightMm) })
        {
            g.DrawLine(pen, Mm(cx - 2), Mm(cy), Mm(cx + 2), Mm(cy));
            g.DrawLine(pen, Mm(cx), Mm(cy - 2), Mm(cx), Mm(cy + 2));
        }
    }

    /// <summary>交接单: a numbered list of the batch with signature lines for the one who hands over and the one who receives.</summary>
    public static byte[] HandoverList(string shipmentNumber, string delegation, string editionName, DateTimeOffset at, string handedBy, IReadOnlyList<HandoverLine> lines)
    {
        PdfFonts.Ensure();
        using var document = new PdfDocument();
        document.Info.Title = $"证件交接单 {shipmentNumber}";
        const int rowsPerPage = 32;
        var pages = Math.Max(1, (lines.Count + rowsPerPage - 1) / rowsPerPage);
        var normal = new XFont(PdfFonts.Family, 9);
        var bold = new XFont(PdfFonts.Family, 9, XFontStyleEx.Bold);
        double[] cols = [15, 27, 67, 97, 170, 195];
        string[] heads = ["序号", "证件号 Badge No.", "姓名 Name", "单位 Organisation", "标签 Tag"];
        for (var p = 0; p < pages; p++)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(210);
            page.Height = XUnit.FromMillimeter(297);
            using var g = XGraphics.FromPdfPage(page);
            g.DrawString($"{editionName} 证件交接单", new XFont(PdfFonts.Family, 15, XFontStyleEx.Bold), XBrushes.Black, new XRect(0, Mm(14), Mm(210), Mm(8)), XStringFormats.TopCenter);
            g.DrawString("Badge hand-over list", new XFont(PdfFonts.Family, 9), XBrushes.Gray, new XRect(0, Mm(22), Mm(210), Mm(5)), XStringFormats.TopCenter);
            g.DrawString($"交接单号 No.：{shipmentNumber}    接收交易团 Delegation：{delegation}", normal, XBrushes.Black, new XRect(Mm(15), Mm(31), Mm(180), Mm(5)), XStringFormats.TopLeft);
            g.DrawString($"证件数量 Badges：{lines.Count}    日期 Date：{at.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}    第{p + 1}/{pages}页",
                normal, XBrushes.Black, new XRect(Mm(15), Mm(37), Mm(180), Mm(5)), XStringFormats.TopLeft);
            var y = 45.0;
            for (var c = 0; c < heads.Length; c++) g.DrawString(heads[c], bold, XBrushes.Black, new XRect(Mm(cols[c]), Mm(y), Mm(cols[c + 1] - cols[c]), Mm(5)), XStringFormats.TopLeft);
            g.DrawLine(new XPen(XColors.Black, 0.5), Mm(15), Mm(y + 6), Mm(195), Mm(y + 6));
            y += 7.5;
            var chunk = lines.Skip(p * rowsPerPage).Take(rowsPerPage).ToList();
            for (var i = 0; i < chunk.Count; i++)
            {
                var l = chunk[i];
                string[] cells = [(p * rowsPerPage + i + 1).ToString(), l.BadgeNumber, l.Name, l.Organisation, TagTitle(l.Tag).Split(' ')[0]];
                for (var c = 0; c < cells.Length; c++)
                {
                    var text = cells[c];
                    var width = Mm(cols[c + 1] - cols[c] - 1);
                    while (text.Length > 1 && g.MeasureString(text, normal).Width > width) text = text[..^2] + "…";
                    g.DrawString(text, normal, XBrushes.Black, new XRect(Mm(cols[c]), Mm(y), width, Mm(5)), XStringFormats.TopLeft);
                }
                g.DrawLine(new XPen(XColors.LightGray, 0.3), Mm(15), Mm(y + 6), Mm(195), Mm(y + 6));
                y += 6.5;
            }
            if (p == pages - 1)
            {
                y = Math.Max(y + 12, 250);
                g.DrawString($"交接人（签字）Handed over by：________________  （{handedBy}）", normal, XBrushes.Black, new XRect(Mm(15), Mm(y), Mm(180), Mm(6)), XStringFormats.TopLeft);
                g.DrawString("接收人（签字）Received by：________________    日期 Date：____________", normal, XBrushes.Black, new XRect(Mm(15), Mm(y + 12), Mm(180), Mm(6)), XStringFormats.TopLeft);
            }
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static double Mm(double mm) => XUnit.FromMillimeter(mm).Point;
}

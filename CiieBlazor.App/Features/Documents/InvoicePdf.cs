using System.Globalization;
using CiieBlazor.Domain.Common;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CiieBlazor.App.Features.Documents;

/// <summary>A party of an invoice: name, tax number (or credit code), address and phone, bank and account.</summary>
public sealed record InvoiceParty(string Name, string? TaxNumber, string? AddressPhone, string? BankAccount);

/// <summary>One item row; prices and amounts include VAT.</summary>
public sealed record InvoiceItem(string Name, string Unit, int Quantity, decimal UnitPrice, decimal TaxRate)
{
    public decimal Amount => UnitPrice * Quantity;
}

/// <summary>What an e-invoice (or its red credit note) shows.</summary>
public sealed record InvoicePdfModel(
    string Number, DateOnly IssuedOn, bool IsCreditNote, string? OriginalNumber, InvoiceParty Buyer, InvoiceParty Seller, IReadOnlyList<InvoiceItem> Items,
    string? Remarks, string Drawer);

/// <summary>
/// 电子发票（普通发票）as a one-page PDF laid out like the fully digitalised e-invoice: title, number and date, buyer and
/// seller, items with amount excluding tax, rate and tax, 价税合计 in capitals (大写) and figures, remarks, drawer. A red
/// credit note (红字发票) prints every amount negative and names the invoice it cancels.
/// Rounding, stated once: prices include VAT; per row, amount excluding tax = round(price total ÷ (1 + rate), 2, half away
/// from zero) and tax = price total − that amount, so the row's parts always add up to what was paid.
/// </summary>
public static class InvoicePdf
{
    private static readonly XColor Ink = XColor.FromArgb(0x8B, 0x45, 0x13);
    private static readonly XPen Frame = new(Ink, 0.8);
    private static readonly XBrush InkBrush = new XSolidBrush(Ink);

    public static (decimal Net, decimal Tax) Split(decimal gross, decimal rate)
    {
        var net = decimal.Round(gross / (1 + rate), 2, MidpointRounding.AwayFromZero);
        return (net, gross - net);
    }

    public static byte[] Render(InvoicePdfModel m)
    {
        PdfFonts.Ensure();
        using var document = new PdfDocument();
        document.Info.Title = $"{(m.IsCreditNote ? "红字发票" : "电子发票")} {m.Number}";
        document.Info.Author = m.Seller.Name;
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(240);
        page.Height = XUnit.FromMillimeter(132);
        using (var g = XGraphics.FromPdfPage(page))
        {
            Draw(g, m);
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void Draw(XGraphics g, InvoicePdfModel m)
    {
        var title = new XFont(PdfFonts.Family, 16, XFontStyleEx.Bold);
        var normal = new XFont(PdfFonts.Family, 8.5);
        var small = new XFont(PdfFonts.Family, 7.5);
        var strong = new XFont(PdfFonts.Family, 9, XFontStyleEx.Bold);
        double Mm(double v) => XUnit.FromMillimeter(v).Point;
        var sign = m.IsCreditNote ? "-" : "";

        // Title and number block.
        g.DrawString("电子发票（普通发票）", title, InkBrush, new XRect(0, Mm(8), Mm(240), Mm(10)), XStringFormats.TopCenter);
        g.DrawLine(Frame, Mm(85), Mm(19), Mm(155), Mm(19));
        g.DrawLine(Frame, Mm(85), Mm(20), Mm(155), Mm(20));
        if (m.IsCreditNote)
            g.DrawString("销项负数", strong, XBrushes.Red, new XRect(Mm(12), Mm(10), Mm(40), Mm(6)), XStringFormats.TopLeft);
        g.DrawString($"发票号码：{m.Number}", normal, XBrushes.Black, new XRect(Mm(160), Mm(9), Mm(75), Mm(5)), XStringFormats.TopLeft);
        g.DrawString($"开票日期：{m.IssuedOn:yyyy年MM月dd日}", normal, XBrushes.Black, new XRect(Mm(160), Mm(15), Mm(75), Mm(5)), XStringFormats.TopLeft);

        // Buyer | seller.
        var top = Mm(25);
        g.DrawRectangle(Frame, Mm(8), top, Mm(224), Mm(22));
        g.DrawLine(Frame, Mm(120), top, Mm(120), top + Mm(22));
        Party(g, "购买方信息", m.Buyer, Mm(8), top, normal, small);
        Party(g, "销售方信息", m.Seller, Mm(120), top, normal, small);

        // Items.
        var y = top + Mm(22);
        double[] columns = [8, 70, 92, 104, 118, 140, 170, 190, 232];
        string[] headers = ["项目名称", "规格型号", "单位", "数量", "单价", "金额", "税率/征收率", "税额"];
        var rows = Math.Max(m.Items.Count, 3);
        var height = Mm(6) * (rows + 2);
        g.DrawRectangle(Frame, Mm(8), y, Mm(224), height);
        for (var c = 0; c < headers.Length; c++)
            g.DrawString(headers[c], normal, InkBrush, new XRect(Mm(columns[c]), y + Mm(1), Mm(columns[c + 1] - columns[c]), Mm(5)), XStringFormats.TopCenter);
        decimal totalNet = 0, totalTax = 0;
        for (var i = 0; i < m.Items.Count; i++)
        {
            var item = m.Items[i];
            var (net, tax) = Split(item.Amount, item.TaxRate);
            totalNet += net;
            totalTax += tax;
            var rowY = y + Mm(6) * (i + 1) + Mm(1);
            string[] cells =
            [
                item.Name, "", item.Unit, $"{sign}{item.Quantity}", Money(decimal.Round(item.UnitPrice / (1 + item.TaxRate), 6, MidpointRounding.AwayFromZero)),
                sign + Money(net), item.TaxRate.ToString("0%", CultureInfo.InvariantCulture), sign + Money(tax),
            ];
            for (var c = 0; c < cells.Length; c++)
            {
                var format = c == 0 ? XStringFormats.TopLeft : c >= 3 ? XStringFormats.TopRight : XStringFormats.TopCenter;
                g.DrawString(cells[c], small, XBrushes.Black, new XRect(Mm(columns[c] + 1), rowY, Mm(columns[c + 1] - columns[c] - 2), Mm(5)), format);
            }
        }
        var sumY = y + height - Mm(6);
        g.DrawString("合　　计", normal, InkBrush, new XRect(Mm(8), sumY + Mm(1), Mm(62), Mm(5)), XStringFormats.TopCenter);
        g.DrawString($"{sign}¥{Money(totalNet)}", normal, XBrushes.Black, new XRect(Mm(columns[5]), sumY + Mm(1), Mm(columns[6] - columns[5] - 1), Mm(5)), XStringFormats.TopRight);
        g.DrawString($"{sign}¥{Money(totalTax)}", normal, XBrushes.Black, new XRect(Mm(columns[7]), sumY + Mm(1), Mm(columns[8] - columns[7] - 1), Mm(5)), XStringFormats.TopRight);

        // 价税合计.
        var total = totalNet + totalTax;
        y += height;
        g.DrawRectangle(Frame, Mm(8), y, Mm(224), Mm(8));
        g.DrawString("价税合计（大写）", normal, InkBrush, new XRect(Mm(10), y + Mm(2), Mm(30), Mm(5)), XStringFormats.TopLeft);
        g.DrawString(ChineseCapitals.Of(m.IsCreditNote ? -total : total), strong, XBrushes.Black, new XRect(Mm(42), y + Mm(2), Mm(110), Mm(5)), XStringFormats.TopLeft);
        g.DrawString($"（小写）{sign}¥{Money(total)}", strong, XBrushes.Black, new XRect(Mm(160), y + Mm(2), Mm(70), Mm(5)), XStringFormats.TopLeft);

        // 备注.
        y += Mm(8);
        g.DrawRectangle(Frame, Mm(8), y, Mm(224), Mm(16));
        g.DrawString("备注", normal, InkBrush, new XRect(Mm(10), y + Mm(2), Mm(10), Mm(5)), XStringFormats.TopLeft);
        var remarks = m.IsCreditNote && m.OriginalNumber is not null
            ? $"被红冲蓝字数电发票号码：{m.OriginalNumber}　红字发票信息确认单：退票。{m.Remarks}"
            : m.Remarks ?? "";
        DrawWrapped(g, remarks, small, new XRect(Mm(22), y + Mm(2), Mm(206), Mm(13)));

        g.DrawString($"开票人：{m.Drawer}", normal, XBrushes.Black, new XRect(Mm(10), y + Mm(18), Mm(60), Mm(5)), XStringFormats.TopLeft);
    }

    private static void Party(XGraphics g, string label, InvoiceParty p, double x, double y, XFont normal, XFont small)
    {
        double Mm(double v) => XUnit.FromMillimeter(v).Point;
        g.DrawString(label, normal, InkBrush, new XRect(x + Mm(2), y + Mm(1.5), Mm(40), Mm(5)), XStringFormats.TopLeft);
        g.DrawString($"名称：{p.Name}", normal, XBrushes.Black, new XRect(x + Mm(2), y + Mm(6.5), Mm(108), Mm(5)), XStringFormats.TopLeft);
        g.DrawString($"统一社会信用代码/纳税人识别号：{p.TaxNumber ?? ""}", small, XBrushes.Black, new XRect(x + Mm(2), y + Mm(11.5), Mm(108), Mm(5)), XStringFormats.TopLeft);
        var extra = string.Join("　", new[] { p.AddressPhone, p.BankAccount }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (extra.Length > 0)
            g.DrawString(extra, small, XBrushes.Black, new XRect(x + Mm(2), y + Mm(16), Mm(108), Mm(5)), XStringFormats.TopLeft);
    }

    /// <summary>Draws text in lines that fit the box width (Chinese breaks anywhere).</summary>
    private static void DrawWrapped(XGraphics g, string text, XFont font, XRect box)
    {
        var lineHeight = font.GetHeight();
        var line = "";
        var y = box.Top;
        foreach (var ch in text)
        {
            if (g.MeasureString(line + ch, font).Width > box.Width)
            {
                g.DrawString(line, font, XBrushes.Black, new XRect(box.Left, y, box.Width, lineHeight), XStringFormats.TopLeft);
                y += lineHeight;
                line = "";
                if (y + lineHeight > box.Bottom) return;
            }
            line += ch;
        }
        if (line.Length > 0) g.DrawString(line, font, XBrushes.Black, new XRect(box.Left, y, box.Width, lineHeight), XStringFormats.TopLeft);
    }

    private static string Money(decimal v) => v.ToString("#,0.00", CultureInfo.InvariantCulture);
}

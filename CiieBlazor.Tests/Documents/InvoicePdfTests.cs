using CiieBlazor.App.Features.Documents;
using UglyToad.PdfPig;

namespace CiieBlazor.Tests.Documents;

/// <summary>The e-invoice PDF is a real PDF whose text (extracted as a reader would) carries buyer, amounts and capitals.</summary>
public class InvoicePdfTests
{
    private static readonly InvoiceParty Buyer = new("上海进博演示贸易有限公司", "91310115MA1K4DEM05", "上海市青浦区崧泽大道333号 021-12345678", "中国银行上海分行 4563510000000000");
    private static readonly InvoiceParty Seller = new("中国国际进口博览局", "12100000MB0A12345X", null, null);

    private static InvoicePdfModel Model(bool credit = false) => new("26310000000000000001", new DateOnly(2027, 10, 8), credit, credit ? "26310000000000000000" : null,
        Buyer, Seller, [new("*会展服务*证件注册费", "人", 2, 200m, 0.06m), new("*会展服务*证件注册费（证件复用）", "人", 1, 150m, 0.06m)], "订单号：V2027100810300000000001", "进博局财务处");

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().Select(p => p.Text));
    }

    [Fact]
    public void An_invoice_shows_buyer_seller_amounts_tax_and_capitals()
    {
        var pdf = InvoicePdf.Render(Model());
        File.WriteAllBytes(Path.Combine(TestSupport.Paths.Artefacts, "invoice-sample.pdf"), pdf);

        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var text = Text(pdf);
        Assert.Contains("电子发票（普通发票）", text);
        Assert.Contains("26310000000000000001", text);
        Assert.Contains("上海进博演示贸易有限公司", text);
        Assert.Contains("91310115MA1K4DEM05", text);
        Assert.Contains("中国国际进口博览局", text);
        Assert.Contains("伍佰伍拾元整", text);
        Assert.Contains("¥550.00", text);
        // 400 → 377.36 + 22.64; 150 → 141.51 + 8.49: net 518.87, tax 31.13.
        Assert.Contains("¥518.87", text);
        Assert.Contains("¥31.13", text);
        Assert.Contains("V2027100810300000000001", text);
        Assert.DoesNotContain("销项负数", text);
    }

    [Fact]
    public void A_red_note_is_negative_and_names_the_invoice_it_cancels()
    {
        var pdf = InvoicePdf.Render(Model(credit: true));
        File.WriteAllBytes(Path.Combine(TestSupport.Paths.Artefacts, "credit-note-sample.pdf"), pdf);
        var text = Text(pdf);

        Assert.Contains("销项负数", text);
        Assert.Contains("负伍佰伍拾元整", text);
        Assert.Contains("-¥550.00", text);
        Assert.Contains("26310000000000000000", text);
    }

    [Theory]
    [InlineData(200, 188.68, 11.32)]
    [InlineData(150, 141.51, 8.49)]
    [InlineData(0.01, 0.01, 0)]
    public void Tax_is_split_from_the_price_so_the_parts_add_up(decimal gross, decimal net, decimal tax) =>
        Assert.Equal((net, tax), InvoicePdf.Split(gross, 0.06m));

    [Fact]
    public async Task Invoices_render_at_the_same_time_on_many_threads()
    {
        var pdfs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => InvoicePdf.Render(Model()))));
        Assert.All(pdfs, pdf => Assert.Contains("伍佰伍拾元整", Text(pdf)));
    }
}

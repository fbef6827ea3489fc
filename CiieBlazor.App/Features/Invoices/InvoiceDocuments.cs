using CiieBlazor.App.Features.Documents;
using CiieBlazor.Domain.Invoices;
using CiieBlazor.Domain.Orders;
using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Features.Invoices;

/// <summary>Configuration "Invoices": the seller printed on every invoice, the item, the VAT rate and the return address.</summary>
public sealed class InvoiceOptions
{
    public const string Section = "Invoices";

    public string SellerName { get; set; } = "中国国际进口博览局";
    public string SellerTaxNumber { get; set; } = "";
    public string? SellerAddressPhone { get; set; }
    public string? SellerBankAccount { get; set; }
    /// <summary>项目名称 with its tax classification, as the tax system prints it.</summary>
    public string ItemName { get; set; } = "*会展服务*证件注册费";
    public decimal TaxRate { get; set; } = 0.06m;
    public string Drawer { get; set; } = "财务处";
}

/// <summary>Turns an issued invoice document of an order into its PDF (items from the order's paid, unrefunded persons).</summary>
public sealed class InvoiceDocuments(IOptions<InvoiceOptions> options)
{
    public byte[] Render(InvoiceDocument document, string orderNumber, IReadOnlyList<OrderLine> lines)
    {
        var o = options.Value;
        var items = lines.GroupBy(l => (l.Fee.Amount, l.IsReuse)).OrderByDescending(g => g.Key.Amount)
            .Select(g => new InvoiceItem(g.Key.IsReuse ? $"{o.ItemName}（证件复用）" : o.ItemName, "人", g.Count(), g.Key.Amount, o.TaxRate)).ToList();
        // The document's amount is what was invoiced; should the persons no longer add up to it, one row says it all.
        if (items.Sum(i => i.Amount) != document.Amount.Amount)
            items = [new InvoiceItem(o.ItemName, "项", 1, document.Amount.Amount, o.TaxRate)];
        var b = document.Buyer;
        var buyer = new InvoiceParty(b.Title, b.TaxNumber, Join(b.Address, b.Phone), Join(b.Bank, b.Account));
        var seller = new InvoiceParty(o.SellerName, o.SellerTaxNumber, o.SellerAddressPhone, o.SellerBankAccount);
        var remarks = $"订单号：{orderNumber}{(string.IsNullOrWhiteSpace(b.Remarks) ? "" : "　" + b.Remarks)}";
        var issuedOn = DateOnly.FromDateTime(document.IssuedAt.ToOffset(Domain.Common.OrderNumber.ChinaOffset).DateTime);
        return InvoicePdf.Render(new InvoicePdfModel(document.Number, issuedOn, document.Kind == InvoiceDocumentKind.CreditNote, document.OriginalNumber,
            buyer, seller, items, remarks, o.Drawer));
    }

    private static string? Join(string? a, string? b) =>
        string.Join(" ", new[] { a, b }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } s ? s : null;
}

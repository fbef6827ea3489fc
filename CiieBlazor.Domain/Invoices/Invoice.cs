using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Invoices;

public enum InvoiceStatus
{
    /// <summary>未开票</summary>
    NotInvoiced,
    /// <summary>开票中</summary>
    Requested,
    /// <summary>已开票</summary>
    Issued,
    /// <summary>退票中</summary>
    ReturnRequested,
    /// <summary>已退票</summary>
    Returned,
}

public enum InvoiceTrigger
{
    RequestElectronic,
    RequestPaper,
    Issue,
    Reject,
    ReturnElectronic,
    ReturnPaper,
    ConfirmReturn,
}

public enum InvoiceKind
{
    /// <summary>增值税普通发票（电子发票）</summary>
    Electronic,
    /// <summary>增值税专用发票（纸质发票）</summary>
    Paper,
}

public enum BuyerType
{
    /// <summary>单位</summary>
    Organisation,
    /// <summary>个人</summary>
    Individual,
}

public sealed record InvoiceBuyer(BuyerType Type, string Title, string? TaxNumber, string? Mobile, string? Email,
    string? Address, string? Phone, string? Bank, string? Account, string? Remarks);

public sealed record InvoiceContext
{
    public bool OrderPaid { get; init; }
    /// <summary>No refund of the order is being processed (退款中): the amount to invoice is known.</summary>
    public bool NoRefundInProgress { get; init; }
    public bool BuyerTaxDataComplete { get; init; }
    public bool CourierGiven { get; init; }
    public string? Reason { get; init; }
    public InvoiceKind? IssuedKind { get; init; }
}

public static class InvoiceMachine
{
    public static readonly Guard<InvoiceContext> OrderPaid = new(nameof(OrderPaid), c => c.OrderPaid,
        "订单支付后才能开票 (the order must be paid first)");

    public static readonly Guard<InvoiceContext> NoRefundInProgress = new(nameof(NoRefundInProgress), c => c.NoRefundInProgress,
        "订单有退款正在处理，退款完成后可重新申请开具发票 (a refund of this order is in progress: invoice once it is done)");

    public static readonly Guard<InvoiceContext> BuyerTaxDataComplete = new(nameof(BuyerTaxDataComplete), c => c.BuyerTaxDataComplete,
        "专用发票须填写发票抬头、税号、地址、电话、开户行和银行账户 (a special VAT invoice needs title, tax number, address, phone, bank and account)");

    public static readonly Guard<InvoiceContext> CourierGiven = new(nameof(CourierGiven), c => c.CourierGiven,
        "请填写快递公司和快递单号 (courier company and tracking number are required)");

    public static readonly Guard<InvoiceContext> ReasonGiven = new(nameof(ReasonGiven), c => !string.IsNullOrWhiteSpace(c.Reason),
        "请填写原因 (a reason is required)");

    public static readonly Guard<InvoiceContext> IsElectronic = new(nameof(IsElectronic), c => c.IssuedKind == InvoiceKind.Electronic,
        "纸质发票须寄回退票 (a paper invoice is returned by post)");

    public static readonly Guard<InvoiceContext> IsPaper = new(nameof(IsPaper), c => c.IssuedKind == InvoiceKind.Paper,
        "电子发票可在线退票 (an e-invoice is returned online)");

    public static StateMachine<InvoiceStatus, InvoiceTrigger, InvoiceContext> Table { get; } =
        new StateMachine<InvoiceStatus, InvoiceTrigger, InvoiceContext>("Invoice")
            .Permit(InvoiceStatus.NotInvoiced, InvoiceTrigger.RequestElectronic, InvoiceStatus.Issued, OrderPaid, NoRefundInProgress)
            .Permit(InvoiceStatus.NotInvoiced, InvoiceTrigger.RequestPaper, InvoiceStatus.Requested, OrderPaid, NoRefundInProgress, BuyerTaxDataComplete)
            .Permit(InvoiceStatus.Requested, InvoiceTrigger.Issue, InvoiceStatus.Issued, CourierGiven)
            .Permit(InvoiceStatus.Requested, InvoiceTrigger.Reject, InvoiceStatus.NotInvoiced, ReasonGiven)
            .Permit(InvoiceStatus.Issued, InvoiceTrigger.ReturnElectronic, InvoiceStatus.Returned, IsElectronic)
            .Permit(InvoiceStatus.Issued, InvoiceTrigger.ReturnPaper, InvoiceStatus.ReturnRequested, IsPaper, ReasonGiven, CourierGiven)
            .Permit(InvoiceStatus.ReturnRequested, InvoiceTrigger.ConfirmReturn, InvoiceStatus.Returned)
            .Permit(InvoiceStatus.Returned, InvoiceTrigger.RequestElectronic, InvoiceStatus.Issued, OrderPaid, NoRefundInProgress)
            .Permit(InvoiceStatus.Returned, InvoiceTrigger.RequestPaper, InvoiceStatus.Requested, OrderPaid, NoRefundInProgress, BuyerTaxDataComplete);
}

public enum InvoiceDocumentKind
{
    /// <summary>蓝字发票</summary>
    Invoice,
    /// <summary>红字发票 (credit note of a returned e-invoice; negative amount)</summary>
    CreditNote,
}

/// <summary>
/// One issued document: the e-invoice or paper invoice, or the red credit note that cancels a returned e-invoice. Issued
/// documents are never changed; <see cref="FileId"/> is the stored PDF (none for paper invoices, printed by finance).
/// </summary>
public sealed class InvoiceDocument
{
    private InvoiceDocument() { }

    internal InvoiceDocument(InvoiceDocumentKind kind, string number, Money amount, InvoiceBuyer buyer, DateTimeOffset issuedAt, string? originalNumber)
    {
        Kind = kind;
        Number = number;
        Amount = amount;
        // A copy of its own: a document keeps the buyer as printed, whatever later happens to the invoice's buyer.
        Buyer = buyer with { };
        IssuedAt = issuedAt;
        OriginalNumber = originalNumber;
    }

    public Guid Id { get; private set; } = SequentialGuid.Next();
    public InvoiceDocumentKind Kind { get; private set; }
    public string Number { get; private set; } = "";
    /// <summary>Tax-inclusive total; on a credit note the amount it cancels (printed negative, Money is never negative).</summary>
    public Money Amount { get; private set; }
    public InvoiceBuyer Buyer { get; private set; } = default!;
    public DateTimeOffset IssuedAt { get; private set; }
    /// <summary>The invoice a credit note cancels.</summary>
    public string? OriginalNumber { get; private set; }
    public Guid? FileId { get; private set; }

    /// <summary>The rendered PDF, stored once after the document is issued.</summary>
    public void AttachFile(Guid fileId)
    {
        if (FileId is not null) throw new InvalidOperationException("An issued document's file is never replaced.");
        FileId = fileId;
    }
}

/// <summary>The one live invoice of an order.</summary>
public sealed class Invoice : AggregateRoot
{
    private readonly List<InvoiceDocument> _documents = new();

    private Invoice() { }

    public Invoice(Guid orderId) => OrderId = orderId;

    public Guid OrderId { get; private set; }
    public InvoiceStatus Status { get; private set; } = InvoiceStatus.NotInvoiced;
    public InvoiceKind? Kind { get; private set; }
    public InvoiceBuyer? Buyer { get; private set; }
    public string? InvoiceNumber { get; private set; }
    public string? CourierCompany { get; private set; }
    public string? TrackingNumber { get; private set; }
    public string? StatusReason { get; private set; }
    public DateTimeOffset? IssuedAt { get; private set; }
    /// <summary>Credit (red) notes recorded for returned e-invoices.</summary>
    public int CreditNotes { get; private set; }
    /// <summary>Tax-inclusive amount of the current invoice (the order's paid, unrefunded fees when it was requested).</summary>
    public Money Amount { get; private set; }
    /// <summary>Every document issued for this order, oldest first (invoices and credit notes).</summary>
    public IReadOnlyList<InvoiceDocument> Documents => _documents;
    /// <summary>The document now in force (issued and not returned), if any.</summary>
    public InvoiceDocument? Current => Status is InvoiceStatus.Issued or InvoiceStatus.ReturnRequested
        ? _documents.LastOrDefault(d => d.Kind == InvoiceDocumentKind.Invoice) : null;

    public static bool TaxDataComplete(InvoiceBuyer b) =>
        b.Type == BuyerType.Organisation && new[] { b.Title, b.TaxNumber, b.Address, b.Phone, b.Bank, b.Account }.All(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>普通发票（电子发票）: issued at once; returns the document for the caller to render and attach its PDF.</summary>
    /// <param name="amount">The order's paid, unrefunded fees; an order with nothing left to invoice counts as not paid.</param>
    public InvoiceDocument RequestElectronic(InvoiceBuyer buyer, bool orderPaid, Money amount, bool refundInProgress, string invoiceNumber, Actor actor,
        DateTimeOffset now)
    {
        Fire(InvoiceTrigger.RequestElectronic, new InvoiceContext { OrderPaid = orderPaid && amount > Money.Zero, NoRefundInProgress = !refundInProgress },
            actor, now);
        Kind = InvoiceKind.Electronic;
        Buyer = buyer;
        Amount = amount;
        InvoiceNumber = invoiceNumber;
        IssuedAt = now;
        CourierCompany = TrackingNumber = StatusReason = null;
        var document = new InvoiceDocument(InvoiceDocumentKind.Invoice, invoiceNumber, amount, buyer, now, null);
        _documents.Add(document);
        return document;
    }

    /// <summary>专用发票（纸质发票）: goes to the finance queue.</summary>
    public void RequestPaper(InvoiceBuyer buyer, bool orderPaid, Money amount, bool refundInProgress, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.RequestPaper, new InvoiceContext
        {
            OrderPaid = orderPaid && amount > Money.Zero,
            NoRefundInProgress = !refundInProgress,
            BuyerTaxDataComplete = TaxDataComplete(buyer),
        }, actor, now);
        Kind = InvoiceKind.Paper;
        Buyer = buyer;
        Amount = amount;
        InvoiceNumber = null;
        IssuedAt = null;
        CourierCompany = TrackingNumber = StatusReason = null;
    }

    /// <summary>Finance issues the paper invoice and posts it.</summary>
    public void Issue(string invoiceNumber, string courierCompany, string trackingNumber, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.Issue, new InvoiceContext { CourierGiven = Given(courierCompany, trackingNumber) }, actor, now);
        InvoiceNumber = invoiceNumber.Trim();
        CourierCompany = courierCompany.Trim();
        TrackingNumber = trackingNumber.Trim();
        IssuedAt = now;
        _documents.Add(new InvoiceDocument(InvoiceDocumentKind.Invoice, InvoiceNumber, Amount, Buyer!, now, null));
    }

    public void Reject(string reason, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.Reject, new InvoiceContext { Reason = reason }, actor, now, reason);
        StatusReason = reason.Trim();
    }

    /// <summary>退票 of an e-invoice: returned online; the red credit note cancelling it is returned for rendering.</summary>
    public InvoiceDocument ReturnElectronic(string creditNoteNumber, Actor actor, DateTimeOffset now)
    {
        var original = Current;
        Fire(InvoiceTrigger.ReturnElectronic, new InvoiceContext { IssuedKind = Kind }, actor, now);
        CreditNotes++;
        var credit = new InvoiceDocument(InvoiceDocumentKind.CreditNote, creditNoteNumber, original!.Amount, original.Buyer, now, original.Number);
        _documents.Add(credit);
        return credit;
    }

    public void ReturnPaper(string reason, string courierCompany, string trackingNumber, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.ReturnPaper, new InvoiceContext { IssuedKind = Kind, Reason = reason, CourierGiven = Given(courierCompany, trackingNumber) }, actor, now, reason);
        StatusReason = reason.Trim();
        CourierCompany = courierCompany.Trim();
        TrackingNumber = trackingNumber.Trim();
    }

    public void ConfirmReturn(Actor actor, DateTimeOffset now) => Fire(InvoiceTrigger.ConfirmReturn, new InvoiceContext(), actor, now);

    public IReadOnlyList<InvoiceTrigger> PermittedTriggers(InvoiceContext context) => InvoiceMachine.Table.PermittedTriggers(Status, context);

    /// <summary>
    /// What the order's owner may do with its invoice now (开票, 退票), as buttons offer it: the form's own checks
    /// (buyer data, courier, reason) are assumed met; finance's triggers are left out.
    /// </summary>
    public IReadOnlyList<InvoiceTrigger> OwnerActions(bool orderPaid, Money invoiceable, bool refundInProgress) =>
        PermittedTriggers(new InvoiceContext
        {
            OrderPaid = orderPaid && invoiceable > Money.Zero,
            NoRefundInProgress = !refundInProgress,
            BuyerTaxDataComplete = true,
            CourierGiven = true,
            Reason = "-",
            IssuedKind = Kind,
        }).Where(t => t is not (InvoiceTrigger.Issue or InvoiceTrigger.Reject or InvoiceTrigger.ConfirmReturn)).ToList();

    /// <summary>A refund needs no live invoice: never invoiced, or returned.</summary>
    public bool AllowsRefund => Status is InvoiceStatus.NotInvoiced or InvoiceStatus.Returned;

    private static bool Given(string? a, string? b) => !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b);

    private void Fire(InvoiceTrigger trigger, InvoiceContext context, Actor actor, DateTimeOffset now, string? reason = null)
    {
        var from = Status;
        Status = InvoiceMachine.Table.Fire(Status, trigger, context);
        Record(InvoiceMachine.Table.Name, from, Status, trigger.ToString(), actor, now, reason);
    }
}

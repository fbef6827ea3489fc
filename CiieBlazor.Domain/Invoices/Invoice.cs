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
    public bool BuyerTaxDataComplete { get; init; }
    public bool CourierGiven { get; init; }
    public string? Reason { get; init; }
    public InvoiceKind? IssuedKind { get; init; }
}

public static class InvoiceMachine
{
    public static readonly Guard<InvoiceContext> OrderPaid = new(nameof(OrderPaid), c => c.OrderPaid,
        "订单支付后才能开票 (the order must be paid first)");

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
            .Permit(InvoiceStatus.NotInvoiced, InvoiceTrigger.RequestElectronic, InvoiceStatus.Issued, OrderPaid)
            .Permit(InvoiceStatus.NotInvoiced, InvoiceTrigger.RequestPaper, InvoiceStatus.Requested, OrderPaid, BuyerTaxDataComplete)
            .Permit(InvoiceStatus.Requested, InvoiceTrigger.Issue, InvoiceStatus.Issued, CourierGiven)
            .Permit(InvoiceStatus.Requested, InvoiceTrigger.Reject, InvoiceStatus.NotInvoiced, ReasonGiven)
            .Permit(InvoiceStatus.Issued, InvoiceTrigger.ReturnElectronic, InvoiceStatus.Returned, IsElectronic)
            .Permit(InvoiceStatus.Issued, InvoiceTrigger.ReturnPaper, InvoiceStatus.ReturnRequested, IsPaper, ReasonGiven, CourierGiven)
            .Permit(InvoiceStatus.ReturnRequested, InvoiceTrigger.ConfirmReturn, InvoiceStatus.Returned)
            .Permit(InvoiceStatus.Returned, InvoiceTrigger.RequestElectronic, InvoiceStatus.Issued, OrderPaid)
            .Permit(InvoiceStatus.Returned, InvoiceTrigger.RequestPaper, InvoiceStatus.Requested, OrderPaid, BuyerTaxDataComplete);
}

/// <summary>The one live invoice of an order.</summary>
public sealed class Invoice : AggregateRoot
{
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

    public static bool TaxDataComplete(InvoiceBuyer b) =>
        b.Type == BuyerType.Organisation && new[] { b.Title, b.TaxNumber, b.Address, b.Phone, b.Bank, b.Account }.All(v => !string.IsNullOrWhiteSpace(v));

    public void RequestElectronic(InvoiceBuyer buyer, bool orderPaid, string invoiceNumber, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.RequestElectronic, new InvoiceContext { OrderPaid = orderPaid }, actor, now);
        Kind = InvoiceKind.Electronic;
        Buyer = buyer;
        InvoiceNumber = invoiceNumber;
        IssuedAt = now;
        CourierCompany = TrackingNumber = StatusReason = null;
    }

    public void RequestPaper(InvoiceBuyer buyer, bool orderPaid, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.RequestPaper, new InvoiceContext { OrderPaid = orderPaid, BuyerTaxDataComplete = TaxDataComplete(buyer) }, actor, now);
        Kind = InvoiceKind.Paper;
        Buyer = buyer;
        InvoiceNumber = null;
        CourierCompany = TrackingNumber = StatusReason = null;
    }

    public void Issue(string invoiceNumber, string courierCompany, string trackingNumber, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.Issue, new InvoiceContext { CourierGiven = Given(courierCompany, trackingNumber) }, actor, now);
        InvoiceNumber = invoiceNumber;
        CourierCompany = courierCompany.Trim();
        TrackingNumber = trackingNumber.Trim();
        IssuedAt = now;
    }

    public void Reject(string reason, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.Reject, new InvoiceContext { Reason = reason }, actor, now, reason);
        StatusReason = reason.Trim();
    }

    public void ReturnElectronic(Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.ReturnElectronic, new InvoiceContext { IssuedKind = Kind }, actor, now);
        CreditNotes++;
    }

    public void ReturnPaper(string reason, string courierCompany, string trackingNumber, Actor actor, DateTimeOffset now)
    {
        Fire(InvoiceTrigger.ReturnPaper, new InvoiceContext { IssuedKind = Kind, Reason = reason, CourierGiven = Given(courierCompany, trackingNumber) }, actor, now, reason);
        StatusReason = reason.Trim();
        CourierCompany = courierCompany.Trim();
        TrackingNumber = trackingNumber.Trim();
    }

    public void ConfirmReturn(Actor actor, DateTimeOffset now) => Fire(InvoiceTrigger.ConfirmReturn, new InvoiceContext(), actor, now);

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

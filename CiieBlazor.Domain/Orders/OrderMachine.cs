using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Orders;

public enum OrderStatus
{
    /// <summary>未支付</summary>
    Unpaid,
    /// <summary>待确认 (bank transfer voucher waits for finance)</summary>
    AwaitingTransferCheck,
    /// <summary>已支付</summary>
    Paid,
    /// <summary>部分退款</summary>
    PartiallyRefunded,
    /// <summary>已退款</summary>
    Refunded,
    /// <summary>已取消</summary>
    Cancelled,
}

public enum OrderTrigger
{
    Cancel,
    PaymentSucceeded,
    SubmitTransfer,
    ConfirmTransfer,
    RejectTransfer,
    LineRefunded,
    /// <summary>A person leaves an unpaid order (cancelled, 注销); the last one leaving cancels the order.</summary>
    RemoveLine,
}

public enum PaymentMethod
{
    /// <summary>扫码支付</summary>
    QrCode,
    /// <summary>B2B网上支付</summary>
    B2B,
    /// <summary>转账支付</summary>
    BankTransfer,
}

public sealed record OrderContext
{
    public bool SignatureValid { get; init; }
    public bool AmountMatches { get; init; }
    /// <summary>The amount paid is what we asked the provider to collect when the payment started (the order changed since).</summary>
    public bool AmountWasAsked { get; init; }
    public bool VoucherGiven { get; init; }
    public bool TransferDetailsGiven { get; init; }
    public string? Reason { get; init; }
    public bool AllLinesRefunded { get; init; }
    public bool LastLine { get; init; }
}

public static class OrderMachine
{
    /// <summary>An order in these statuses holds its persons (no other order, no entry-date change).</summary>
    public static readonly OrderStatus[] OpenStatuses = [OrderStatus.Unpaid, OrderStatus.AwaitingTransferCheck];

    public static readonly Guard<OrderContext> SignatureValid = new(nameof(SignatureValid), c => c.SignatureValid,
        "支付通知签名无效 (the payment notification's signature is invalid)");

    public static readonly Guard<OrderContext> AmountMatches = new(nameof(AmountMatches), c => c.AmountMatches,
        "支付金额与订单金额不一致 (the amount paid differs from the order amount)");

    /// <summary>
    /// For a provider's payment on an unpaid order: the amount is the order's, or the one we asked for when the payment
    /// started — a person cancelled meanwhile lowers the total, but the money collected for the old total is real.
    /// </summary>
    public static readonly Guard<OrderContext> AmountMatchesOrWasAsked = new(nameof(AmountMatches), c => c.AmountMatches || c.AmountWasAsked,
        AmountMatches.Message);

    public static readonly Guard<OrderContext> VoucherGiven = new(nameof(VoucherGiven), c => c.VoucherGiven,
        "请上传汇款凭证 (upload the remittance voucher)");

    public static readonly Guard<OrderContext> TransferDetailsGiven = new(nameof(TransferDetailsGiven), c => c.TransferDetailsGiven,
        "请填写汇款单位或个人、汇款金额和汇款日期 (remitter, amount and date are required)");

    public static readonly Guard<OrderContext> ReasonGiven = new(nameof(ReasonGiven), c => !string.IsNullOrWhiteSpace(c.Reason),
        "请填写原因 (a reason is required)");

    private static OrderStatus AfterRefund(OrderContext c) => c.AllLinesRefunded ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;

    public static StateMachine<OrderStatus, OrderTrigger, OrderContext> Table { get; } =
        new StateMachine<OrderStatus, OrderTrigger, OrderContext>("Order")
            .Permit(OrderStatus.Unpaid, OrderTrigger.Cancel, OrderStatus.Cancelled)
            // Money asked for an older total (a person left the order after the QR was shown) does not pay the order: it is
            // recorded, unapplied, with a refund opened, and the order waits for the right amount.
            .PermitDynamic(OrderStatus.Unpaid, OrderTrigger.PaymentSucceeded, c => c.AmountMatches ? OrderStatus.Paid : OrderStatus.Unpaid,
                SignatureValid, AmountMatchesOrWasAsked)
            .Permit(OrderStatus.Unpaid, OrderTrigger.SubmitTransfer, OrderStatus.AwaitingTransferCheck, VoucherGiven, TransferDetailsGiven)
            .Permit(OrderStatus.AwaitingTransferCheck, OrderTrigger.ConfirmTransfer, OrderStatus.Paid, AmountMatches)
            .Permit(OrderStatus.AwaitingTransferCheck, OrderTrigger.RejectTransfer, OrderStatus.Unpaid, ReasonGiven)
            .PermitDynamic(OrderStatus.Paid, OrderTrigger.LineRefunded, AfterRefund)
            .PermitDynamic(OrderStatus.PartiallyRefunded, OrderTrigger.LineRefunded, AfterRefund)
            .PermitDynamic(OrderStatus.Unpaid, OrderTrigger.RemoveLine, c => c.LastLine ? OrderStatus.Cancelled : OrderStatus.Unpaid)
            // Money that arrives when the order is no longer waiting for it (cancelled, already paid, or paid by
            // transfer meanwhile) is not lost: it is recorded, unapplied, and a refund is opened.
            .Permit(OrderStatus.Cancelled, OrderTrigger.PaymentSucceeded, OrderStatus.Cancelled, SignatureValid)
            .Permit(OrderStatus.AwaitingTransferCheck, OrderTrigger.PaymentSucceeded, OrderStatus.AwaitingTransferCheck, SignatureValid)
            .Permit(OrderStatus.Paid, OrderTrigger.PaymentSucceeded, OrderStatus.Paid, SignatureValid)
            .Permit(OrderStatus.PartiallyRefunded, OrderTrigger.PaymentSucceeded, OrderStatus.PartiallyRefunded, SignatureValid)
            .Permit(OrderStatus.Refunded, OrderTrigger.PaymentSucceeded, OrderStatus.Refunded, SignatureValid);
}

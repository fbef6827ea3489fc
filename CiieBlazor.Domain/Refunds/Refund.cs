using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;

namespace CiieBlazor.Domain.Refunds;

public enum RefundStatus
{
    /// <summary>未退款</summary>
    NotRefunded,
    /// <summary>退款中</summary>
    Refunding,
    /// <summary>已退款</summary>
    Refunded,
}

public enum RefundTrigger
{
    Request,
    Approve,
    Decline,
}

public enum RefundMethod
{
    /// <summary>原路返回</summary>
    OriginalRoute,
    /// <summary>非原路返回</summary>
    OtherAccount,
}

/// <summary>非原路返回: the account a transfer is refunded to.</summary>
public sealed record PayeeAccount(string PayeeName, string Account, string Bank, string? BankCode)
{
    /// <summary>What is wrong with each field (key = field name), empty when the account can be paid to.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(PayeeName)) problems[nameof(PayeeName)] = "请填写收款人名称 (payee name is required)";
        else if (PayeeName.Trim().Length > 100) problems[nameof(PayeeName)] = "收款人名称不超过100字 (at most 100 characters)";
        var digits = (Account ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length == 0) problems[nameof(Account)] = "请填写收款人账号 (account number is required)";
        else if (digits.Length is < 8 or > 32 || !digits.All(char.IsAsciiDigit)) problems[nameof(Account)] = "收款人账号应为8至32位数字 (8 to 32 digits)";
        if (string.IsNullOrWhiteSpace(Bank)) problems[nameof(Bank)] = "请填写收款人开户银行 (bank is required)";
        else if (Bank.Trim().Length > 100) problems[nameof(Bank)] = "开户银行不超过100字 (at most 100 characters)";
        var code = BankCode?.Trim() ?? "";
        if (code.Length == 0) problems[nameof(BankCode)] = "请填写收款人开户银行行号 (bank code is required)";
        else if (code.Length != 12 || !code.All(char.IsAsciiDigit)) problems[nameof(BankCode)] = "开户银行行号应为12位数字 (the CNAPS bank code has 12 digits)";
        return problems;
    }
}

public sealed record RefundContext
{
    public bool PersonRejectedOrCancelled { get; init; }
    public bool OrderPaid { get; init; }
    public bool InvoiceAllowsRefund { get; init; }
    public bool MethodAllowed { get; init; }
    public string? Reason { get; init; }
    /// <summary>Money that paid nothing (arrived for a cancelled or already-paid order): it goes back whatever the persons and invoice.</summary>
    public bool UnappliedPayment { get; init; }
}

public static class RefundMachine
{
    public static readonly Guard<RefundContext> PersonRejectedOrCancelled = new(nameof(PersonRejectedOrCancelled), c => c.PersonRejectedOrCancelled || c.UnappliedPayment,
        "仅“审核不通过”或“注销”的人员可申请退款 (only rejected or cancelled persons can be refunded)");

    public static readonly Guard<RefundContext> OrderPaid = new(nameof(OrderPaid), c => c.OrderPaid || c.UnappliedPayment,
        "订单未支付 (the order is not paid)");

    public static readonly Guard<RefundContext> InvoiceAllowsRefund = new(nameof(InvoiceAllowsRefund), c => c.InvoiceAllowsRefund || c.UnappliedPayment,
        "如已开票，须先完成退票再申请退款 (return the invoice before asking for a refund)");

    public static readonly Guard<RefundContext> MethodAllowed = new(nameof(MethodAllowed), c => c.MethodAllowed,
        "扫码支付和B2B网上支付只能原路返回；非原路返回须填写收款人名称、账号、开户银行和行号 (QR and B2B refunds go back the original route; another account needs payee, account, bank and bank code)");

    public static readonly Guard<RefundContext> ReasonGiven = new(nameof(ReasonGiven), c => !string.IsNullOrWhiteSpace(c.Reason),
        "请填写原因 (a reason is required)");

    public static StateMachine<RefundStatus, RefundTrigger, RefundContext> Table { get; } =
        new StateMachine<RefundStatus, RefundTrigger, RefundContext>("Refund")
            .Permit(RefundStatus.NotRefunded, RefundTrigger.Request, RefundStatus.Refunding, PersonRejectedOrCancelled, OrderPaid, InvoiceAllowsRefund, MethodAllowed)
            .Permit(RefundStatus.Refunding, RefundTrigger.Approve, RefundStatus.Refunded)
            .Permit(RefundStatus.Refunding, RefundTrigger.Decline, RefundStatus.NotRefunded, ReasonGiven);

    /// <summary>QR and B2B payments go back the original route; transfers either way (another account needs full payee data).</summary>
    public static bool IsMethodAllowed(PaymentMethod paidBy, RefundMethod method, PayeeAccount? payee) => method switch
    {
        RefundMethod.OriginalRoute => true,
        RefundMethod.OtherAccount => paidBy == PaymentMethod.BankTransfer && payee is not null && payee.Problems().Count == 0,
        _ => false,
    };
}

/// <summary>One refund per refunded person (or per payment that arrived for a cancelled order).</summary>
public sealed class Refund : AggregateRoot
{
    private Refund() { }

    /// <param name="transactionId">The receipt the money came in by (the provider's transaction id), refunded the original route.</param>
    public Refund(Guid orderId, Guid? personId, Money amount, string? transactionId = null, PaymentMethod? paidBy = null)
    {
        OrderId = orderId;
        PersonId = personId;
        Amount = amount;
        TransactionId = transactionId;
        PaidBy = paidBy;
    }

    /// <summary>
    /// Money that arrived for an order no longer waiting for it: the refund opens at once (退款中), the original route,
    /// for finance to send back.
    /// </summary>
    public static Refund ForUnappliedPayment(Guid orderId, string transactionId, PaymentMethod paidBy, Money amount, Actor actor, DateTimeOffset now)
    {
        var refund = new Refund(orderId, null, amount, transactionId, paidBy);
        refund.Fire(RefundTrigger.Request, new RefundContext { UnappliedPayment = true, MethodAllowed = true }, actor, now,
            "款项未用于订单，原路退回 (money that paid nothing goes back)");
        refund.Method = RefundMethod.OriginalRoute;
        refund.RequestedAt = now;
        return refund;
    }

    public Guid OrderId { get; private set; }
    /// <summary>Null for a refund of money that arrived for a cancelled order.</summary>
    public Guid? PersonId { get; private set; }
    public Money Amount { get; private set; }
    public RefundStatus Status { get; private set; } = RefundStatus.NotRefunded;
    public RefundMethod? Method { get; private set; }
    public PayeeAccount? Payee { get; private set; }
    public string? StatusReason { get; private set; }
    public DateTimeOffset? RequestedAt { get; private set; }
    public DateTimeOffset? RefundedAt { get; private set; }
    public string? TransactionId { get; private set; }
    public PaymentMethod? PaidBy { get; private set; }
    /// <summary>The provider's id of the refund (QR, B2B), or the bank's reference finance noted for a transfer.</summary>
    public string? RefundReference { get; private set; }
    /// <summary>Whether this refund returns money that paid nothing (no person).</summary>
    public bool IsUnappliedPayment => PersonId is null;

    public void Request(RefundMethod method, PayeeAccount? payee, PaymentMethod paidBy, bool personRejectedOrCancelled, bool orderPaid,
        bool invoiceAllowsRefund, Actor actor, DateTimeOffset now)
    {
        Fire(RefundTrigger.Request, new RefundContext
        {
            PersonRejectedOrCancelled = personRejectedOrCancelled,
            OrderPaid = orderPaid,
            InvoiceAllowsRefund = invoiceAllowsRefund,
            MethodAllowed = RefundMachine.IsMethodAllowed(paidBy, method, payee),
        }, actor, now);
        Method = method;
        Payee = method == RefundMethod.OtherAccount ? payee : null;
        RequestedAt = now;
        StatusReason = null;
    }

    public void Approve(string? reference, Actor actor, DateTimeOffset now)
    {
        Fire(RefundTrigger.Approve, new RefundContext(), actor, now, reference);
        RefundedAt = now;
        RefundReference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
    }

    public void Decline(string reason, Actor actor, DateTimeOffset now)
    {
        Fire(RefundTrigger.Decline, new RefundContext { Reason = reason }, actor, now, reason);
        StatusReason = reason.Trim();
    }

    private void Fire(RefundTrigger trigger, RefundContext context, Actor actor, DateTimeOffset now, string? reason = null)
    {
        var from = Status;
        Status = RefundMachine.Table.Fire(Status, trigger, context);
        Record(RefundMachine.Table.Name, from, Status, trigger.ToString(), actor, now, reason);
    }
}

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

public sealed record PayeeAccount(string PayeeName, string Account, string Bank, string? BankCode);

public sealed record RefundContext
{
    public bool PersonRejectedOrCancelled { get; init; }
    public bool OrderPaid { get; init; }
    public bool InvoiceAllowsRefund { get; init; }
    public bool MethodAllowed { get; init; }
    public string? Reason { get; init; }
}

public static class RefundMachine
{
    public static readonly Guard<RefundContext> PersonRejectedOrCancelled = new(nameof(PersonRejectedOrCancelled), c => c.PersonRejectedOrCancelled,
        "仅“审核不通过”或“注销”的人员可申请退款 (only rejected or cancelled persons can be refunded)");

    public static readonly Guard<RefundContext> OrderPaid = new(nameof(OrderPaid), c => c.OrderPaid,
        "订单未支付 (the order is not paid)");

    public static readonly Guard<RefundContext> InvoiceAllowsRefund = new(nameof(InvoiceAllowsRefund), c => c.InvoiceAllowsRefund,
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
        RefundMethod.OtherAccount => paidBy == PaymentMethod.BankTransfer && payee is not null
            && !string.IsNullOrWhiteSpace(payee.PayeeName) && !string.IsNullOrWhiteSpace(payee.Account) && !string.IsNullOrWhiteSpace(payee.Bank)
            && !string.IsNullOrWhiteSpace(payee.BankCode),
        _ => false,
    };
}

/// <summary>One refund per refunded person (or per payment that arrived for a cancelled order).</summary>
public sealed class Refund : AggregateRoot
{
    private Refund() { }

    public Refund(Guid orderId, Guid? personId, Money amount)
    {
        OrderId = orderId;
        PersonId = personId;
        Amount = amount;
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

    public void Approve(Actor actor, DateTimeOffset now)
    {
        Fire(RefundTrigger.Approve, new RefundContext(), actor, now);
        RefundedAt = now;
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

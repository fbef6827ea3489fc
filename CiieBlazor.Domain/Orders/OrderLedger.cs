using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Refunds;

namespace CiieBlazor.Domain.Orders;

public enum LedgerEntryKind
{
    /// <summary>收款: money that paid the order.</summary>
    Payment,
    /// <summary>未入账收款: money that arrived when the order no longer waited for it.</summary>
    UnappliedPayment,
    /// <summary>退款 (approved: money went out).</summary>
    Refund,
}

/// <summary>One movement of money on an order; <see cref="In"/> or <see cref="Out"/> is zero.</summary>
public sealed record LedgerEntry(DateTimeOffset At, LedgerEntryKind Kind, string Reference, PaymentMethod? Method, Money In, Money Out, Guid? PersonId);

/// <summary>
/// 资金台账 of one order: money in (receipts), money out (approved refunds), and what the order should hold now. Money never
/// disappears: <see cref="Balance"/> (in − out) always equals <see cref="Expected"/> (fees of persons paid for and not refunded,
/// plus money that paid nothing and is not yet returned) — <see cref="IsBalanced"/>; tests check it after every flow.
/// </summary>
public sealed record OrderLedger(IReadOnlyList<LedgerEntry> Entries, Money Charged, Money Refunded, Money RefundPending, decimal Balance, decimal Expected)
{
    public bool IsBalanced => Balance == Expected;

    public static OrderLedger For(Order order, IEnumerable<Refund> refunds)
    {
        var ofOrder = refunds.Where(r => r.OrderId == order.Id).ToList();
        var entries = new List<LedgerEntry>();
        foreach (var r in order.Receipts)
            entries.Add(new(r.ReceivedAt, r.Applied ? LedgerEntryKind.Payment : LedgerEntryKind.UnappliedPayment, r.TransactionId, r.Method, r.Amount, Money.Zero, null));
        foreach (var r in ofOrder.Where(r => r.Status == RefundStatus.Refunded))
            entries.Add(new(r.RefundedAt!.Value, LedgerEntryKind.Refund, r.RefundReference ?? r.TransactionId ?? "", r.PaidBy, Money.Zero, r.Amount, r.PersonId));
        entries.Sort((a, b) => a.At.CompareTo(b.At));

        var charged = Money.Sum(entries.Select(e => e.In));
        var refunded = Money.Sum(entries.Select(e => e.Out));
        var pending = Money.Sum(ofOrder.Where(r => r.Status == RefundStatus.Refunding).Select(r => r.Amount));
        var paidFees = order.Receipts.Any(r => r.Applied) ? Money.Sum(order.Lines.Where(l => !l.Refunded).Select(l => l.Fee)) : Money.Zero;
        var unappliedIn = Money.Sum(order.Receipts.Where(r => !r.Applied).Select(r => r.Amount));
        var unappliedOut = Money.Sum(ofOrder.Where(r => r.IsUnappliedPayment && r.Status == RefundStatus.Refunded).Select(r => r.Amount));
        // Plain decimals: a ledger that went wrong (more out than in) must show it, not throw.
        var balance = charged.Amount - refunded.Amount;
        var expected = paidFees.Amount + unappliedIn.Amount - unappliedOut.Amount;
        return new OrderLedger(entries, charged, refunded, pending, balance, expected);
    }
}

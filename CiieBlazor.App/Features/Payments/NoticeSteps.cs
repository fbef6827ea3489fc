using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Orders;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Refunds;

namespace CiieBlazor.App.Features.Payments;

/// <summary>
/// The checks and domain steps of applying one verified notice, shared by the per-notice path
/// (<see cref="PaymentService.ApplyNotificationAsync"/>) and the batched one (<see cref="PaymentApplier"/>), so both decide
/// the same way; and the log lines both write.
/// </summary>
internal static partial class NoticeSteps
{
    /// <summary>What can be refused without the database: currency, and a method/channel pair that does not exist.</summary>
    public static string? CheckNotice(ProviderNotice notice) =>
        notice.Currency != Money.Currency ? $"币种不符：{notice.Currency}，应为 {Money.Currency} (currency {notice.Currency} is not {Money.Currency})"
        : PaymentChannels.Resolve(notice.Method, notice.Channel) != notice.Channel ? $"支付方式与渠道不符 ({notice.Method} cannot come through {notice.Channel})"
        : null;

    /// <summary>The notice against our attempt and its order: known, same method, same amount.</summary>
    public static string? CheckAgainst(ProviderNotice notice, PaymentAttempt? payment, Order? order) =>
        payment is null || order is null ? $"未知订单：没有支付记录 {notice.AttemptId:N} (unknown order: no payment attempt {notice.AttemptId:N})"
        : notice.Method != payment.Method ? $"支付方式不符：{notice.Method}，应为 {payment.Method} (method {notice.Method} is not the attempt's {payment.Method})"
        : notice.Amount != payment.Amount.Amount ? $"金额不符：¥{notice.Amount:0.00}，应为 ¥{payment.Amount.Amount:0.00} (amount ¥{notice.Amount:0.00} is not the ¥{payment.Amount.Amount:0.00} asked)"
        : null;

    /// <summary>
    /// Records the payment on the order (the caller has checked it is not a duplicate), marks the attempt paid, and adds
    /// the paid order's effects or the refund of money that paid nothing — all to <paramref name="db"/>, unsaved.
    /// <paramref name="persons"/> holds the order's persons (tracked) when the order awaits payment.
    /// </summary>
    /// <exception cref="DomainException">The order or a person cannot take the payment as read (a racing change).</exception>
    public static PaymentOutcome Apply(AppDbContext db, ProviderNotice notice, PaymentAttempt payment, Order order, IReadOnlyDictionary<Guid, Person> persons,
        OrganisationContact? contact, Actor actor, DateTimeOffset now, ILogger logger)
    {
        var outcome = order.RecordPayment(new PaymentNotice(notice.TransactionId, notice.Method, Money.Cny(notice.Amount), SignatureValid: true, payment.Amount), actor, now);
        if (payment.Status is PaymentAttemptStatus.Pending or PaymentAttemptStatus.Expired) payment.Succeed(notice.TransactionId, actor, now);
        else if (payment.ProviderTransactionId != notice.TransactionId) PaidAgain(logger, payment.Id, payment.Status, notice.TransactionId);
        if (outcome == PaymentOutcome.Applied) OrderPaidEffects.Apply(db, order, persons, contact, actor, now);
        if (outcome == PaymentOutcome.RecordedForRefund) db.Refunds.Add(Refund.ForUnappliedPayment(order.Id, notice.TransactionId, notice.Method, Money.Cny(notice.Amount), actor, now));
        return outcome;
    }

    /// <summary>Logs what a committed outcome was (the same lines whichever path applied it).</summary>
    public static void LogOutcome(ILogger logger, ProviderNotice notice, Order order, PaymentOutcome outcome)
    {
        if (outcome == PaymentOutcome.Applied) Paid(logger, order.Number, order.Total, notice.Method, notice.Channel, notice.TransactionId);
        else RecordedForRefund(logger, notice.TransactionId, notice.Amount, order.Number, order.Status);
    }

    public static NotificationResult Refuse(ILogger logger, ProviderNotice notice, string reason)
    {
        Refused(logger, notice.NotificationId, notice.Provider, notice.AttemptId, notice.TransactionId, notice.Amount, notice.Currency, reason);
        return new NotificationResult(NotificationOutcome.Refused, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment notification for transaction {Transaction} (order {Order}) is a duplicate; acknowledged.")]
    public static partial void Duplicate(ILogger logger, string transaction, string order);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {Order} paid: {Amount} by {Method}/{Channel}, transaction {Transaction}.")]
    private static partial void Paid(ILogger logger, string order, Money amount, PaymentMethod method, PaymentChannel channel, string transaction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {Transaction} of ¥{Amount:0.00} arrived for order {Order} in status {Status}: recorded, refund opened.")]
    private static partial void RecordedForRefund(ILogger logger, string transaction, decimal amount, string order, OrderStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} ({Status}) was paid again by transaction {Transaction}.")]
    private static partial void PaidAgain(ILogger logger, Guid attempt, PaymentAttemptStatus status, string transaction);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Payment notification {NotificationId} from {Provider} for attempt {Attempt} (transaction {Transaction}, ¥{Amount} {Currency}) refused: {Reason}")]
    private static partial void Refused(ILogger logger, string notificationId, string provider, Guid attempt, string transaction, decimal amount, string currency, string reason);
}

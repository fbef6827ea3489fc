using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Orders;

public enum PaymentAttemptStatus
{
    Pending,
    Succeeded,
    Expired,
    Failed,
}

public enum PaymentAttemptTrigger
{
    Succeed,
    Expire,
    Fail,
}

public sealed record PaymentAttemptContext(bool ExpiryReached);

public static class PaymentAttemptMachine
{
    public static readonly Guard<PaymentAttemptContext> ExpiryReached = new(nameof(ExpiryReached), c => c.ExpiryReached,
        "二维码尚未过期 (the QR code has not expired yet)");

    public static StateMachine<PaymentAttemptStatus, PaymentAttemptTrigger, PaymentAttemptContext> Table { get; } =
        new StateMachine<PaymentAttemptStatus, PaymentAttemptTrigger, PaymentAttemptContext>("PaymentAttempt")
            .Permit(PaymentAttemptStatus.Pending, PaymentAttemptTrigger.Succeed, PaymentAttemptStatus.Succeeded)
            .Permit(PaymentAttemptStatus.Pending, PaymentAttemptTrigger.Expire, PaymentAttemptStatus.Expired, ExpiryReached)
            .Permit(PaymentAttemptStatus.Pending, PaymentAttemptTrigger.Fail, PaymentAttemptStatus.Failed)
            // A notification may arrive after the QR code expired: the money was taken, so it counts.
            .Permit(PaymentAttemptStatus.Expired, PaymentAttemptTrigger.Succeed, PaymentAttemptStatus.Succeeded);
}

/// <summary>One try to pay an order online (QR or B2B). A QR attempt is Pending for 10 minutes.</summary>
public sealed class PaymentAttempt : AggregateRoot
{
    public static readonly TimeSpan QrValidity = TimeSpan.FromMinutes(10);

    private PaymentAttempt() { }

    public PaymentAttempt(Guid orderId, PaymentMethod method, Money amount, DateTimeOffset now)
    {
        if (method == PaymentMethod.BankTransfer) throw new ArgumentException("A bank transfer is not an online payment attempt.", nameof(method));
        OrderId = orderId;
        Method = method;
        Amount = amount;
        CreatedAt = now;
        ExpiresAt = now + QrValidity;
        Status = PaymentAttemptStatus.Pending;
    }

    public Guid OrderId { get; private set; }
    public PaymentMethod Method { get; private set; }
    public Money Amount { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public PaymentAttemptStatus Status { get; private set; }
    public string? ProviderTransactionId { get; private set; }

    public bool IsLive(DateTimeOffset now) => Status == PaymentAttemptStatus.Pending && now < ExpiresAt;

    public void Succeed(string transactionId, Actor actor, DateTimeOffset now)
    {
        Fire(PaymentAttemptTrigger.Succeed, now, actor);
        ProviderTransactionId = transactionId;
    }

    public void Expire(Actor actor, DateTimeOffset now) => Fire(PaymentAttemptTrigger.Expire, now, actor);

    public void Fail(Actor actor, DateTimeOffset now) => Fire(PaymentAttemptTrigger.Fail, now, actor);

    private void Fire(PaymentAttemptTrigger trigger, DateTimeOffset now, Actor actor)
    {
        var from = Status;
        Status = PaymentAttemptMachine.Table.Fire(Status, trigger, new PaymentAttemptContext(now >= ExpiresAt));
        Record(PaymentAttemptMachine.Table.Name, from, Status, trigger.ToString(), actor, now);
    }
}

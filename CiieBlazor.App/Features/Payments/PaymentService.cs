using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Orders;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Refunds;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Payments;

/// <summary>What the visitor sees after starting an online payment: a QR code to scan, or a bank page to go to.</summary>
public sealed record PaymentStart(Guid AttemptId, Guid OrderId, PaymentMethod Method, PaymentChannel Channel, CheckoutKind Kind, Uri PayUrl, byte[]? QrPng,
    DateTimeOffset ExpiresAt)
{
    public string? QrDataUrl => QrPng is null ? null : QrImage.DataUrl(QrPng);
}

/// <summary>An attempt as the order page shows it (status and countdown).</summary>
public sealed record PaymentAttemptView(Guid AttemptId, Guid OrderId, PaymentMethod Method, PaymentAttemptStatus Status, DateTimeOffset ExpiresAt, bool IsLive,
    TimeSpan Remaining);

public enum NotificationOutcome
{
    Applied,
    /// <summary>Seen before (same transaction id): nothing changes, and the provider is told "success" so it stops.</summary>
    Duplicate,
    /// <summary>Money for an order no longer waiting for it: kept unapplied with a refund opened.</summary>
    RecordedForRefund,
    Refused,
}

public sealed record NotificationResult(NotificationOutcome Outcome, string? Reason = null)
{
    /// <summary>Whether the provider gets its acknowledgement (anything taken, including a duplicate).</summary>
    public bool Acknowledge => Outcome != NotificationOutcome.Refused;
}

/// <summary>
/// 扫码支付 and B2B网上支付: starts payment attempts at the provider, and applies what providers confirm exactly once.
/// Exactly once rests on the database, not on timing: the order's concurrency token (renewed on every save) and the
/// unique index on the receipt's transaction id make every racing copy of a notification but one fail to save; the
/// losers read the order again, find the receipt and answer "duplicate" — which the provider must hear as success.
/// </summary>
public sealed class PaymentService(
    IDbContextFactory<AppDbContext> dbs,
    IPaymentProvider provider,
    AccessGuard access,
    ChangeNotifier notifier,
    OutboxDispatcher outbox,
    TimeProvider clock,
    ILogger<PaymentService> logger)
{
    private const int MaxAttempts = 12;

    /// <summary>Whether QR and B2B payments can be started here (a provider is switched on); bank transfer always can.</summary>
    public bool OnlineEnabled => provider.Enabled;

    /// <summary>
    /// Opens a new attempt (10 minutes) for an unpaid order of the visitor's organisation and returns the pay URL — as a
    /// QR PNG for the wallets, a redirect for B2B. An older attempt stays payable until it expires; paying both is not
    /// lost (the second payment is recorded for refund).
    /// </summary>
    /// <param name="siteBaseUri">This site as the visitor reached it (NavigationManager.BaseUri).</param>
    public async Task<PaymentStart> StartAsync(Actor actor, Guid orderId, PaymentMethod method, PaymentChannel? channel, Uri siteBaseUri, CancellationToken ct = default)
    {
        if (actor.Role != ActorRole.Visitor || actor.OrganisationId is not { } organisationId)
            throw new AccessDeniedException("仅专业观众单位可支付订单 (visitor organisations only)");
        if (!siteBaseUri.IsAbsoluteUri || (siteBaseUri.Scheme != Uri.UriSchemeHttp && siteBaseUri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("The site's base URI must be absolute http(s).", nameof(siteBaseUri));
        if (!provider.Enabled)
            throw DomainException.Rule(nameof(PaymentAttempt), "Start", "ProviderAvailable", "线上支付暂未开通，请使用转账支付 (online payment is not available; pay by bank transfer)");
        var resolved = PaymentChannels.Resolve(method, channel) ?? throw DomainException.Rule(nameof(PaymentAttempt), "Start", "ChannelChosen", method switch
        {
            PaymentMethod.QrCode => "请选择支付宝、微信支付或云闪付 (choose Alipay, WeChat Pay or UnionPay)",
            PaymentMethod.BankTransfer => "转账支付请填写汇款信息并上传凭证 (a bank transfer is reported with the remittance form)",
            _ => "B2B网上支付通过企业网银完成 (B2B is paid through online banking)",
        });

        await using var db = await dbs.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || order.OrganisationId != organisationId)
        {
            await access.DenyAsync(db, actor, orderId, "order payment", ct);
            throw new AccessDeniedException("订单不存在或不属于本单位 (no such order of your organisation)");
        }
        if (order.Status != OrderStatus.Unpaid)
            throw DomainException.Rule(nameof(PaymentAttempt), "Start", "OrderUnpaid", "只有未支付的订单可以支付 (only an unpaid order can be paid)");

        var attempt = new PaymentAttempt(order.Id, method, order.Total, clock.GetUtcNow());
        db.PaymentAttempts.Add(attempt);
        await db.SaveChangesAsync(ct);

        Checkout checkout;
        try
        {
            checkout = await provider.StartAsync(new CheckoutRequest(attempt.Id, order.Number, $"进博会证件费 订单{order.Number} (CIIE badge fees)", order.Total, method,
                resolved, attempt.ExpiresAt, siteBaseUri, new Uri(siteBaseUri, $"portal/orders/{order.Id}")), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Provider {Provider} could not open attempt {Attempt} for order {Order}.", provider.Name, attempt.Id, order.Number);
            attempt.Fail(actor, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw DomainException.Rule(nameof(PaymentAttempt), "Start", "ProviderAvailable",
                "支付渠道暂时不可用，请稍后再试或选择其他支付方式 (the payment channel is unavailable; try again later or pay another way)");
        }
        logger.LogInformation("Payment attempt {Attempt} for order {Order}: {Method}/{Channel} {Amount}, valid until {ExpiresAt:u}.",
            attempt.Id, order.Number, method, resolved, order.Total, attempt.ExpiresAt);
        var qr = checkout.Kind == CheckoutKind.QrCode ? QrImage.Png(checkout.PayUrl.AbsoluteUri) : null;
        return new PaymentStart(attempt.Id, order.Id, method, resolved, checkout.Kind, checkout.PayUrl, qr, checkout.ExpiresAt);
    }

    /// <summary>The attempt's status and time left, for the visitor whose order it is.</summary>
    public async Task<PaymentAttemptView> AttemptAsync(Actor actor, Guid attemptId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var attempt = await db.PaymentAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId, ct);
        var owner = attempt is null ? null
            : await db.Orders.AsNoTracking().Where(o => o.Id == attempt.OrderId).Select(o => (Guid?)o.OrganisationId).SingleOrDefaultAsync(ct);
        if (attempt is null || owner is null || actor.Role != ActorRole.Visitor || actor.OrganisationId != owner)
        {
            await access.DenyAsync(db, actor, attemptId, "payment attempt", ct);
            throw new AccessDeniedException("支付记录不存在 (no such payment)");
        }
        var now = clock.GetUtcNow();
        var remaining = attempt.ExpiresAt - now;
        return new PaymentAttemptView(attempt.Id, attempt.OrderId, attempt.Method, attempt.Status, attempt.ExpiresAt, attempt.IsLive(now),
            remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
    }

    /// <summary>
    /// Applies a verified notice (from a notification or a status query). Checks it belongs to a known attempt with the
    /// same method, amount and currency; records the payment on the order exactly once (keyed by the provider's
    /// transaction id); when that pays the order, its persons move on and SMS + email go out in the same save. Money for an
    /// order that no longer waits for it (cancelled, already paid) is recorded unapplied and a refund is opened.
    /// </summary>
    public async Task<NotificationResult> ApplyNotificationAsync(ProviderNotice notice, CancellationToken ct = default)
    {
        if (NoticeSteps.CheckNotice(notice) is { } refusal) return NoticeSteps.Refuse(logger, notice, refusal);
        var actor = Actor.PaymentProvider(notice.Provider);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var payment = await db.PaymentAttempts.SingleOrDefaultAsync(a => a.Id == notice.AttemptId, ct);
            var order = payment is null ? null : await db.Orders.SingleOrDefaultAsync(o => o.Id == payment.OrderId, ct);
            if (NoticeSteps.CheckAgainst(notice, payment, order) is { } mismatch) return NoticeSteps.Refuse(logger, notice, mismatch);
            if (order!.Receipts.Any(r => r.TransactionId == notice.TransactionId))
            {
                NoticeSteps.Duplicate(logger, notice.TransactionId, order.Number);
                return new NotificationResult(NotificationOutcome.Duplicate);
            }

            var loadedVersion = order.Version;
            var now = clock.GetUtcNow();
            PaymentOutcome outcome;
            try
            {
                var ids = order.AwaitsPayment ? order.Lines.Select(l => l.PersonId).ToList() : [];
                var persons = ids.Count == 0 ? [] : await db.Persons.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
                var contact = order.AwaitsPayment ? await OrganisationMessages.ContactAsync(db, order.OrganisationId, order.EditionId, ct) : null;
                outcome = NoticeSteps.Apply(db, notice, payment!, order, persons, contact, actor, now, logger);
            }
            catch (DomainException ex)
            {
                if (attempt < MaxAttempts && await ChangedSinceAsync(db, order.Id, loadedVersion, ct))
                {
                    // The order was read before a racing save and its persons after it (separate queries): start again on fresh data.
                    logger.LogDebug("Applying transaction {Transaction} met a change mid-read (try {Try}): {Code}", notice.TransactionId, attempt, ex.Code);
                    continue;
                }
                logger.LogError("Money received for order {Order} by transaction {Transaction} cannot be applied ({Code}); the provider will retry: {Message}",
                    order.Number, notice.TransactionId, ex.Code, ex.Message);
                return NoticeSteps.Refuse(logger, notice, ex.Message);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts)
            {
                // Another copy of this notification, a cancel or a transfer check saved first (order token, receipt index,
                // person tokens): read everything again; the domain decides on fresh data.
                logger.LogDebug("Applying transaction {Transaction} lost a race (try {Try}): {Error}", notice.TransactionId, attempt, ex.InnerException?.Message ?? ex.Message);
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
                continue;
            }

            if (outcome == PaymentOutcome.Applied) outbox.Wake();
            NoticeSteps.LogOutcome(logger, notice, order, outcome);
            notifier.Publish(Topics.Organisation(order.OrganisationId), Topics.Operations);
            return new NotificationResult(outcome == PaymentOutcome.Applied ? NotificationOutcome.Applied : NotificationOutcome.RecordedForRefund);
        }
    }

    /// <summary>An attempt whose time is up and that the provider says was not paid becomes Expired (reconciliation).</summary>
    public async Task<bool> ExpireAsync(Guid attemptId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var attempt = await db.PaymentAttempts.SingleOrDefaultAsync(a => a.Id == attemptId, ct);
        var now = clock.GetUtcNow();
        if (attempt is null || attempt.Status != PaymentAttemptStatus.Pending || now < attempt.ExpiresAt) return false;
        attempt.Expire(Actor.System, now);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // a notification got there first
        }
    }

    private static async Task<bool> ChangedSinceAsync(AppDbContext db, Guid orderId, Guid loadedVersion, CancellationToken ct) =>
        await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.Version).SingleAsync(ct) != loadedVersion;
}

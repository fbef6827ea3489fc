using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Refunds;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Refunds;

/// <summary>A refund in the finance queue.</summary>
public sealed record RefundQueueRow(Guid RefundId, Guid OrderId, string OrderNumber, string Organisation, Guid? PersonId, string? PersonName, string? MaskedDocumentNumber,
    PersonStatus? PersonStatus, decimal Amount, PaymentMethod? PaidBy, RefundMethod? Method, PayeeAccount? Payee, string? TransactionId,
    DateTimeOffset? RequestedAt, bool UnappliedPayment, Guid Version);

/// <summary>The person-level refund request refused for one person; the whole batch was refused with it.</summary>
public sealed class RefundRefusedException(string personName, DomainException inner)
    : Exception($"{personName}：{inner.Message}", inner)
{
    public string PersonName { get; } = personName;
    public string Code => inner.Code;
}

/// <summary>
/// 退款: a visitor asks for the fees of persons whose review failed (审核不通过) or who were cancelled (注销) — one person or
/// a batch (批量退款), all or nothing; finance approves (the original route goes back through the payment provider, a
/// transfer is paid by finance) or declines with a reason. Refused while the order has a live invoice: the domain's
/// InvoiceAllowsRefund guard says to return it first. The order follows its lines (部分退款 / 已退款).
/// </summary>
public sealed class RefundService(
    IDbContextFactory<AppDbContext> dbs,
    IPaymentProvider provider,
    AccessGuard access,
    ChangeNotifier notifier,
    OutboxDispatcher outbox,
    TimeProvider clock,
    ILogger<RefundService> logger)
{
    public const int MaxBatch = 500;

    /// <summary>申请退款 / 批量退款 for persons of one order of the visitor's organisation.</summary>
    public async Task RequestAsync(Actor actor, Guid orderId, IReadOnlyCollection<Guid> personIds, RefundMethod method, PayeeAccount? payee,
        CancellationToken ct = default)
    {
        if (personIds.Count == 0)
            throw DomainException.Rule(nameof(Refund), nameof(RefundTrigger.Request), "PersonsChosen", "请选择需要退款的人员 (choose the persons to refund)");
        if (personIds.Count > MaxBatch)
            throw DomainException.Rule(nameof(Refund), nameof(RefundTrigger.Request), "BatchSize", $"一次最多{MaxBatch}人 (at most {MaxBatch} persons at once)");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || actor.Role != ActorRole.Visitor || order.OrganisationId != actor.OrganisationId)
        {
            await access.DenyAsync(db, actor, orderId, "order refund", ct);
            throw new AccessDeniedException("订单不存在或不属于本单位 (no such order of your organisation)");
        }
        var ids = personIds.Distinct().ToList();
        var missing = ids.FirstOrDefault(id => order.Lines.All(l => l.PersonId != id));
        if (missing != Guid.Empty)
            throw DomainException.Rule(nameof(Refund), nameof(RefundTrigger.Request), "LineInOrder", "所选人员不在此订单中 (a chosen person is not in this order)");

        var persons = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var existing = await db.Refunds.Where(r => r.PersonId != null && ids.Contains(r.PersonId.Value)).ToDictionaryAsync(r => r.PersonId!.Value, ct);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.OrderId == order.Id, ct);
        var now = clock.GetUtcNow();
        var receipt = order.AppliedReceipt;
        foreach (var line in order.Lines.Where(l => ids.Contains(l.PersonId)))
        {
            var person = persons[line.PersonId];
            var refund = existing.GetValueOrDefault(line.PersonId);
            if (refund is not null && refund.Status != RefundStatus.NotRefunded)
            {
                throw new RefundRefusedException(line.PersonName, DomainException.Rule(nameof(Refund), nameof(RefundTrigger.Request), "NotYetRequested",
                    refund.Status == RefundStatus.Refunding ? "退款已在处理中 (a refund is already in progress)" : "已退款 (already refunded)"));
            }
            if (refund is null)
            {
                refund = new Refund(order.Id, line.PersonId, line.Fee, receipt?.TransactionId, order.PaidBy);
                db.Refunds.Add(refund);
            }
            try
            {
                refund.Request(method, payee, order.PaidBy ?? PaymentMethod.QrCode, person.Status is PersonStatus.Rejected or PersonStatus.Cancelled, order.IsPaid,
                    invoice?.AllowsRefund ?? true, actor, now);
            }
            catch (DomainException ex)
            {
                // All or nothing: nothing of the batch is saved.
                throw new RefundRefusedException(line.PersonName, ex);
            }
        }
        await SaveAsync(db, ct);
        logger.LogInformation("Refund of {Count} person(s) of order {Order} requested ({Method}).", ids.Count, order.Number, method);
        notifier.Publish(Topics.Organisation(order.OrganisationId), Topics.Operations);
    }

    /// <summary>Refunds waiting for finance (退款中), oldest first.</summary>
    public async Task<IReadOnlyList<RefundQueueRow>> QueueAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.Status == RefundStatus.Refunding).ToListAsync(ct);
        var orderIds = refunds.Select(r => r.OrderId).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Number, o.OrganisationId }).ToDictionaryAsync(o => o.Id, ct);
        var orgIds = orders.Values.Select(o => o.OrganisationId).Distinct().ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var personIds = refunds.Where(r => r.PersonId != null).Select(r => r.PersonId!.Value).ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return refunds.OrderBy(r => r.RequestedAt).Select(r =>
        {
            var order = orders[r.OrderId];
            var person = r.PersonId is { } pid ? persons.GetValueOrDefault(pid) : null;
            return new RefundQueueRow(r.Id, r.OrderId, order.Number, names.GetValueOrDefault(order.OrganisationId, ""), r.PersonId, person?.Name, person?.MaskedDocumentNumber,
                person?.Status, r.Amount.Amount, r.PaidBy, r.Method, r.Payee, r.TransactionId, r.RequestedAt, r.IsUnappliedPayment, r.Version);
        }).ToList();
    }

    /// <summary>
    /// 同意退款: QR and B2B go back through the provider (with the refund's id as the request id, so a retry never
    /// refunds twice); a transfer is paid by finance, who may note the bank's reference. The order's line is marked
    /// refunded and the organisation is told by SMS + email.
    /// </summary>
    public async Task ApproveAsync(Actor actor, Guid refundId, Guid expectedVersion, string? bankReference = null, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var refund = await CheckedAsync(db, refundId, expectedVersion, nameof(RefundTrigger.Approve), ct);
        if (refund.Status != RefundStatus.Refunding)
            throw DomainException.Rule(nameof(Refund), nameof(RefundTrigger.Approve), "Refunding", "该退款不在退款中 (this refund is not waiting for approval)");
        var order = await db.Orders.SingleAsync(o => o.Id == refund.OrderId, ct);
        var reference = bankReference;
        var throughProvider = refund.Method == RefundMethod.OriginalRoute && refund.PaidBy is PaymentMethod.QrCode or PaymentMethod.B2B;
        if (throughProvider)
        {
            if (refund.TransactionId is null)
                throw DomainException.Rule(nameof(Refund), nameof(RefundTrigger.Approve), "TransactionKnown", "找不到原支付交易 (the original payment is unknown)");
            var answer = await provider.RefundAsync(refund.TransactionId, refund.Id.ToString("N"), refund.Amount,
                $"进博会证件费退款 订单{order.Number} (CIIE badge fee refund)", ct);
            if (!answer.Accepted)
            {
                logger.LogWarning("Provider refused refund {Refund} of {Amount} on {Transaction}: {Reason}", refund.Id, refund.Amount, refund.TransactionId, answer.Refusal);
                throw DomainException.Rule(nameof(Refund), nameof(RefundTrigger.Approve), "ProviderAccepted",
                    $"支付渠道未受理退款：{answer.Refusal} (the payment provider refused the refund)");
            }
            reference = answer.RefundId;
        }
        var now = clock.GetUtcNow();
        refund.Approve(reference, actor, now);
        if (refund.PersonId is { } personId) order.MarkLineRefunded(personId, actor, now);
        var who = refund.PersonId is { } p ? order.Lines.Single(l => l.PersonId == p).PersonName : null;
        var text = who is null
            ? $"【进博会】订单{order.Number}多收的款项¥{refund.Amount.Amount:0.00}已原路退回。 CIIE: CNY {refund.Amount.Amount:0.00} received for order {order.Number} that paid nothing has been refunded."
            : $"【进博会】订单{order.Number}中{who}的证件费¥{refund.Amount.Amount:0.00}已退款。 CIIE: the badge fee of {who} (CNY {refund.Amount.Amount:0.00}) in order {order.Number} has been refunded.";
        await OrganisationMessages.AddAsync(db, order.OrganisationId, order.EditionId, "退款完成 / CIIE refund completed", text, "RefundCompleted", now, ct);
        await SaveAsync(db, ct);
        outbox.Wake();
        logger.LogInformation("Refund {Refund} of {Amount} for order {Order} approved by {ActorId} ({Reference}).", refund.Id, refund.Amount, order.Number, actor.UserId, reference);
        notifier.Publish(Topics.Organisation(order.OrganisationId), Topics.Operations);
    }

    /// <summary>拒绝退款 with a reason: back to 未退款; the visitor may ask again (e.g. with a corrected account).</summary>
    public async Task DeclineAsync(Actor actor, Guid refundId, Guid expectedVersion, string reason, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var refund = await CheckedAsync(db, refundId, expectedVersion, nameof(RefundTrigger.Decline), ct);
        if (refund.IsUnappliedPayment)
            throw DomainException.Rule(nameof(Refund), nameof(RefundTrigger.Decline), "PersonRefund",
                "未入账的款项必须退回，不能拒绝 (money that paid nothing must go back; it cannot be declined)");
        var now = clock.GetUtcNow();
        refund.Decline(reason ?? "", actor, now);
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == refund.OrderId, ct);
        var who = order.Lines.Single(l => l.PersonId == refund.PersonId).PersonName;
        await OrganisationMessages.AddAsync(db, order.OrganisationId, order.EditionId, "退款申请未通过 / CIIE refund declined",
            $"【进博会】订单{order.Number}中{who}的退款申请未通过：{refund.StatusReason}。 CIIE: the refund for {who} in order {order.Number} was declined: {refund.StatusReason}.",
            "RefundDeclined", now, ct);
        await SaveAsync(db, ct);
        outbox.Wake();
        notifier.Publish(Topics.Organisation(order.OrganisationId), Topics.Operations);
    }

    private static async Task<Refund> CheckedAsync(AppDbContext db, Guid refundId, Guid expectedVersion, string trigger, CancellationToken ct)
    {
        var refund = await db.Refunds.SingleOrDefaultAsync(r => r.Id == refundId, ct)
            ?? throw DomainException.Rule(nameof(Refund), trigger, "RefundExists", "退款记录不存在 (no such refund)");
        if (refund.Version != expectedVersion) throw Stale(trigger);
        return refund;
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request for the same person (unique index) or another decision on the same refund/order won.
            throw Stale(nameof(RefundTrigger.Request));
        }
    }

    private static DomainException Stale(string trigger) =>
        DomainException.Rule(nameof(Refund), trigger, "Fresh", "退款记录已被他人处理或已变化，请刷新 (the refund changed meanwhile; reload)");
}

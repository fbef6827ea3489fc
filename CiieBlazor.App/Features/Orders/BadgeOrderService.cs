using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Orders;

/// <summary>A person the organisation may put in a badge order (人员证件申办).</summary>
public sealed record PayablePerson(
    Guid Id, string Name, string MaskedDocumentNumber, PersonTag? Tag, bool IsReuse, PickupMethod Pickup, DateOnly? EntryFrom, DateOnly? EntryTo,
    decimal Fee, string? HeldByOrderNumber, Guid? HeldByOrderId, bool EntryDatesEditable);

public sealed record BadgeApplication(IReadOnlyList<PayablePerson> Persons, DateOnly FirstDay, DateOnly LastDay, decimal NewBadgeFee, decimal ReuseFee, decimal ReusePercent);

/// <summary>确认订单: what the order will hold, computed by the domain exactly as the order will be created.</summary>
public sealed record OrderPreview(IReadOnlyList<OrderPreviewLine> Lines, int PersonCount, decimal Total);

public sealed record OrderPreviewLine(Guid PersonId, string Name, string MaskedDocumentNumber, PersonTag Tag, bool IsReuse, PickupMethod Pickup,
    DateOnly? EntryFrom, DateOnly? EntryTo, decimal Fee);

public sealed record OrderSummary(Guid Id, string Number, OrderStatus Status, decimal Total, int PersonCount, DateTimeOffset CreatedAt, PaymentMethod? PaidBy);

public sealed record OrderDetails(Guid Id, string Number, OrderStatus Status, decimal Total, DateTimeOffset CreatedAt, PaymentMethod? PaidBy,
    DateTimeOffset? PaidAt, string? StatusReason, IReadOnlyList<OrderPreviewLine> Lines, IReadOnlyList<OrderTrigger> Allowed, Guid Version)
{
    public bool AwaitsPayment { get; init; }
}

/// <summary>
/// 人员证件申办 → 确认订单 → 提交订单, and cancelling an unpaid order. Fees come from the edition (new badge, reuse at the
/// edition's percentage, VIP and staff free and never in an order); the domain creates the order and refuses what it
/// must (no person, a person not awaiting payment or already held by another open order). The persons are written in
/// the same save as the order, so two orders racing for one person cannot both win: the loser meets a changed person
/// (concurrency token), tries again on fresh data and is refused by the domain.
/// </summary>
public sealed class BadgeOrderService(
    IDbContextFactory<AppDbContext> dbs,
    AccessGuard access,
    ChangeNotifier notifier,
    TimeProvider clock,
    ILogger<BadgeOrderService> logger)
{
    private const int MaxAttempts = 5;
    public const int MaxPersonsPerOrder = 500;

    public async Task<BadgeApplication> ApplicationAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (organisationId, edition) = await CurrentAsync(db, actor, ct);
        var persons = await db.Persons.AsNoTracking()
            .Where(p => p.OrganisationId == organisationId && p.EditionId == edition.Id && p.Status == PersonStatus.AwaitingPayment)
            .OrderBy(p => p.Name).ToListAsync(ct);
        var held = await HeldAsync(db, persons.Select(p => p.Id).ToList(), ct);
        var rows = persons
            .Where(p => p.Fee(edition) > Money.Zero)
            .Select(p =>
            {
                var isHeld = held.TryGetValue(p.Id, out var order);
                var editable = p.PermittedTriggers(new PersonContext { HeldByUnpaidOrder = isHeld }).Contains(PersonTrigger.ChangeEntryDates);
                return new PayablePerson(p.Id, p.Name, p.MaskedDocumentNumber, p.Tag, p.IsReuse, p.PickupMethod, p.EntryFrom, p.EntryTo, p.Fee(edition).Amount,
                    isHeld ? order.Number : null, isHeld ? order.Id : null, editable);
            }).ToList();
        return new BadgeApplication(rows, edition.FirstDay, edition.LastDay, edition.ProfessionalVisitorFee.Amount, edition.ReuseFee.Amount, edition.ReuseFeePercent);
    }

    /// <summary>确认订单: the lines and total the order would have; refused as creating it would be.</summary>
    public async Task<OrderPreview> PreviewAsync(Actor actor, IReadOnlyCollection<Guid> personIds, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (order, persons) = await BuildAsync(db, actor, personIds, OrderNumber.Create(clock.GetUtcNow(), 0), ct);
        return Preview(order, persons);
    }

    /// <summary>
    /// 提交订单. <paramref name="confirmedTotal"/> is the total the visitor saw on the confirm page: if fees or persons
    /// changed meanwhile (or the posted form was tampered with) the order is not created and the visitor is told.
    /// </summary>
    public async Task<Guid> CreateAsync(Actor actor, IReadOnlyCollection<Guid> personIds, decimal confirmedTotal, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var number = OrderNumber.Create(now, await Sequences.NextAsync(db, "order", ct));
            var (order, persons) = await BuildAsync(db, actor, personIds, number, ct, tracked: true);
            if (order.Total.Amount != confirmedTotal)
            {
                throw DomainException.Rule("Order", "Create", "TotalConfirmed",
                    $"订单金额已变化（应付 ¥{order.Total.Amount:0.00}），请重新确认订单 (the total changed to ¥{order.Total.Amount:0.00}; confirm the order again)");
            }
            db.Orders.Add(order);
            // Touch every person: their concurrency tokens make a second order for the same person fail to save.
            foreach (var person in persons) db.Entry(person).State = EntityState.Modified;
            try
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Order {Number} created for organisation {OrganisationId}: {Count} persons, {Total}.", order.Number, order.OrganisationId, persons.Count, order.Total);
                notifier.Publish(Topics.Organisation(order.OrganisationId), Topics.Operations);
                return order.Id;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another order, or another number, won the race: build again on fresh data (the domain refuses held persons).
            }
        }
    }

    public async Task CancelAsync(Actor actor, Guid orderId, Guid? expectedVersion = null, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var order = await OwnOrderAsync(db, actor, orderId, ct, tracked: true);
        if (expectedVersion is { } v && order.Version != v)
            throw DomainException.Rule("Order", nameof(OrderTrigger.Cancel), "Fresh", "订单状态已变化，请刷新后再操作 (the order changed; reload it)");
        order.Cancel(actor, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Rule("Order", nameof(OrderTrigger.Cancel), "Fresh", "订单状态已变化（可能刚刚支付成功），请刷新后再操作 (the order changed, perhaps just paid; reload it)");
        }
        notifier.Publish(Topics.Organisation(order.OrganisationId), Topics.Operations);
    }

    /// <summary>Entry dates of a person awaiting payment, while no unpaid order holds the person.</summary>
    public async Task ChangeEntryDatesAsync(Actor actor, Guid personId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (organisationId, edition) = await CurrentAsync(db, actor, ct);
        var person = await db.Persons.SingleOrDefaultAsync(p => p.Id == personId && p.OrganisationId == organisationId && p.EditionId == edition.Id, ct);
        if (person is null)
        {
            await access.DenyAsync(db, actor, personId, "person entry dates", ct);
            throw new AccessDeniedException("无权修改该人员 (not your person)");
        }
        var held = (await HeldAsync(db, [personId], ct)).ContainsKey(personId);
        person.ChangeEntryDates(from, to, edition.FirstDay, edition.LastDay, held, actor, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        notifier.Publish(Topics.Organisation(organisationId));
    }

    public async Task<IReadOnlyList<OrderSummary>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (organisationId, edition) = await CurrentAsync(db, actor, ct);
        var orders = await db.Orders.AsNoTracking().Where(o => o.OrganisationId == organisationId && o.EditionId == edition.Id).ToListAsync(ct);
        return orders.OrderByDescending(o => o.CreatedAt)
            .Select(o => new OrderSummary(o.Id, o.Number, o.Status, o.Total.Amount, o.Lines.Count, o.CreatedAt, o.PaidBy)).ToList();
    }

    public async Task<OrderDetails> GetAsync(Actor actor, Guid orderId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var order = await OwnOrderAsync(db, actor, orderId, ct);
        var lineIds = order.Lines.Select(l => l.PersonId).ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => lineIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var lines = order.Lines.Select(l =>
        {
            var p = persons.GetValueOrDefault(l.PersonId);
            return new OrderPreviewLine(l.PersonId, l.PersonName, p?.MaskedDocumentNumber ?? "", l.Tag, l.IsReuse, p?.PickupMethod ?? PickupMethod.DelegationCollects,
                p?.EntryFrom, p?.EntryTo, l.Fee.Amount);
        }).ToList();
        // What the visitor may do now, as the domain says (payment itself is checked again by the provider's notice).
        var allowed = order.PermittedTriggers(new OrderContext { SignatureValid = true, AmountMatches = true, VoucherGiven = true, TransferDetailsGiven = true });
        return new OrderDetails(order.Id, order.Number, order.Status, order.Total.Amount, order.CreatedAt, order.PaidBy, order.PaidAt, order.StatusReason,
            lines, allowed, order.Version) { AwaitsPayment = order.AwaitsPayment };
    }

    private async Task<(Order Order, List<Person> Persons)> BuildAsync(AppDbContext db, Actor actor, IReadOnlyCollection<Guid> personIds, OrderNumber number,
        CancellationToken ct, bool tracked = false)
    {
        var (organisationId, edition) = await CurrentAsync(db, actor, ct);
        if (personIds.Count > MaxPersonsPerOrder)
            throw DomainException.Rule("Order", "Create", "OrderSize", $"一个订单最多{MaxPersonsPerOrder}人 (at most {MaxPersonsPerOrder} persons per order)");
        var ids = personIds.Distinct().ToList();
        var query = tracked ? db.Persons : db.Persons.AsNoTracking();
        var persons = await query.Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var foreign = ids.Except(persons.Where(p => p.OrganisationId == organisationId).Select(p => p.Id)).FirstOrDefault();
        if (foreign != Guid.Empty)
        {
            await access.DenyAsync(db, actor, foreign, "order person", ct);
            throw new AccessDeniedException("订单中有不属于本单位的人员 (a person of another organisation)");
        }
        var free = persons.FirstOrDefault(p => p.Fee(edition) == Money.Zero);
        if (free is not null)
            throw DomainException.Rule("Order", "Create", "FeePayable", $"{free.Name} 无需缴费，不能加入订单 ({free.Name} pays no fee: VIP and staff never enter an order)");
        var held = await HeldAsync(db, ids, ct);
        var order = Order.Create(number, organisationId, edition, persons, held.Keys.ToHashSet(), actor, clock.GetUtcNow());
        return (order, persons);
    }

    private static OrderPreview Preview(Order order, List<Person> persons)
    {
        var byId = persons.ToDictionary(p => p.Id);
        var lines = order.Lines.Select(l =>
        {
            var p = byId[l.PersonId];
            return new OrderPreviewLine(l.PersonId, l.PersonName, p.MaskedDocumentNumber, l.Tag, l.IsReuse, p.PickupMethod, p.EntryFrom, p.EntryTo, l.Fee.Amount);
        }).ToList();
        return new OrderPreview(lines, lines.Count, order.Total.Amount);
    }

    /// <summary>The open order (unpaid or awaiting the transfer check) holding each of these persons.</summary>
    private static async Task<Dictionary<Guid, (Guid Id, string Number)>> HeldAsync(AppDbContext db, List<Guid> personIds, CancellationToken ct)
    {
        var open = OrderMachine.OpenStatuses;
        var rows = await db.Orders.AsNoTracking().Where(o => open.Contains(o.Status))
            .SelectMany(o => o.Lines, (o, l) => new { l.PersonId, o.Id, o.Number })
            .Where(x => personIds.Contains(x.PersonId))
            .ToListAsync(ct);
        return rows.GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => (g.First().Id, g.First().Number));
    }

    private async Task<Order> OwnOrderAsync(AppDbContext db, Actor actor, Guid orderId, CancellationToken ct, bool tracked = false)
    {
        var (organisationId, _) = await CurrentAsync(db, actor, ct);
        var query = tracked ? db.Orders : db.Orders.AsNoTracking();
        var order = await query.SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || order.OrganisationId != organisationId)
        {
            await access.DenyAsync(db, actor, orderId, "order", ct);
            throw new AccessDeniedException("订单不存在或不属于本单位 (no such order of your organisation)");
        }
        return order;
    }

    private static async Task<(Guid OrganisationId, Edition Edition)> CurrentAsync(AppDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.Role != ActorRole.Visitor || actor.OrganisationId is not { } orgId)
            throw new AccessDeniedException("仅专业观众单位可申办证件 (visitor organisations only)");
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent, ct);
        return (orgId, edition);
    }
}

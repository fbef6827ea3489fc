using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Documents;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Addresses;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Badges;

public sealed record BadgeFilter
{
    public BadgeStatus Status { get; init; } = BadgeStatus.Queued;
    public PickupMethod? Pickup { get; init; }
    public Guid? DelegationId { get; init; }
    /// <summary>Person name, organisation name or badge number (contains).</summary>
    public string? Keyword { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

public sealed record BadgeRow(
    Guid BadgeId, Guid PersonId, string? BadgeNumber, int Serial, BadgeStatus Status, string Name, string Organisation, Guid DelegationId, string Delegation,
    PersonTag? Tag, PickupMethod Pickup, Guid? AddressId, string? Address, DateOnly? EntryFrom, DateOnly? EntryTo, string? ShipmentNumber, string? CourierCompany,
    string? TrackingNumber, DateTimeOffset? DispatchedAt, string? RevokedReason, IReadOnlyList<BadgeTrigger> Allowed);

public sealed record BadgePage(IReadOnlyList<BadgeRow> Rows, int Total);

/// <summary>A visitor's view of one person's badge (where it is).</summary>
public sealed record VisitorBadge(Guid PersonId, string Name, string MaskedDocumentNumber, BadgeStatus Status, string? BadgeNumber, DispatchMethod? Method,
    string? CourierCompany, string? TrackingNumber, string? Address, DateTimeOffset? DispatchedAt, PickupMethod Pickup)
{
    public BadgeWhereabouts Whereabouts => BadgeMachine.Whereabouts(Status, Method);
}

public sealed record ShipmentView(Guid Id, string Number, DispatchMethod Method, string? Delegation, string? CourierCompany, string? TrackingNumber, string? Address,
    int BadgeCount, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>
/// 证件制作 and 证件发放 for operators: produce queued badges (a number per edition and delegation, serial 1), print them
/// (one per card or four per A4 sheet) with a signed QR code; send them by courier (one address, at most ten per parcel,
/// courier company and tracking number) or hand a batch to the delegation with a hand-over list; revoke a lost badge and
/// reissue it (the old QR code stops working). Visitors see where each of their badges is.
/// </summary>
public sealed class BadgeService(
    IDbContextFactory<AppDbContext> dbs,
    AccessGuard access,
    ChangeNotifier notifier,
    OutboxDispatcher outbox,
    BadgeTokenKey tokenKey,
    FileStore files,
    TimeProvider clock,
    ILogger<BadgeService> logger)
{
    public const int MaxBatch = 500;
    private const int MaxAttempts = 10;

    public async Task<BadgePage> PageAsync(Actor actor, BadgeFilter filter, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var edition = await CurrentEditionIdAsync(db, ct);
        var q = Rows(db).Where(r => r.Badge.EditionId == edition && r.Badge.Status == filter.Status);
        if (filter.Pickup is { } pickup) q = q.Where(r => r.Person.PickupMethod == pickup);
        if (filter.DelegationId is { } d) q = q.Where(r => r.Person.DelegationId == d || r.DelegationParentId == d);
        if (!string.IsNullOrWhiteSpace(filter.Keyword))
        {
            var k = filter.Keyword.Trim();
            q = q.Where(r => r.Person.Name.Contains(k) || r.Organisation.Contains(k) || (r.Badge.BadgeNumber != null && r.Badge.BadgeNumber.Contains(k)));
        }
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(filter.PageSize, 1, 200);
        var rows = await q.OrderBy(r => r.Delegation).ThenBy(r => r.Organisation).ThenBy(r => r.Person.Name).ThenBy(r => r.Badge.Id)
            .Skip(Math.Max(0, filter.Page) * size).Take(size).ToListAsync(ct);
        return new BadgePage(rows.Select(ToRow).ToList(), total);
    }

    /// <summary>证件制作: numbers the queued badges (a reissued badge keeps its number, next serial) and marks them produced.</summary>
    public Task ProduceAsync(Actor actor, IReadOnlyCollection<Guid> badgeIds, CancellationToken ct = default) =>
        RunAsync(actor, badgeIds, nameof(BadgeTrigger.Produce), async (db, badges, now) =>
        {
            var personIds = badges.Select(b => b.PersonId).ToList();
            var codes = await (from p in db.Persons join d in db.Delegations on p.DelegationId equals d.Id
                               where personIds.Contains(p.Id) select new { p.Id, d.Code }).ToDictionaryAsync(x => x.Id, x => x.Code, ct);
            var editionIds = badges.Select(b => b.EditionId).Distinct().ToList();
            var editions = await db.Editions.AsNoTracking().Where(e => editionIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Number, ct);
            foreach (var badge in badges.OrderBy(b => codes[b.PersonId]).ThenBy(b => b.Id))
            {
                // A reissued badge keeps its number; the domain refuses a badge that is not queued (nothing is saved then).
                var number = badge.BadgeNumber
                    ?? $"CIIE{editions[badge.EditionId]}-{codes[badge.PersonId].Replace('.', '-')}-{await Sequences.NextAsync(db, $"badge:{editions[badge.EditionId]}", ct):D6}";
                badge.Produce(number, actor, now);
            }
        }, ct);

    /// <summary>挂失/作废: the badge's QR code is refused at the gate from now on.</summary>
    public Task RevokeAsync(Actor actor, Guid badgeId, string reason, CancellationToken ct = default) =>
        RunAsync(actor, [badgeId], nameof(BadgeTrigger.Revoke), (_, badges, now) =>
        {
            badges[0].Revoke(reason ?? "", actor, now);
            return Task.CompletedTask;
        }, ct);

    /// <summary>补办: a revoked badge goes back to production (same number, next serial) while its person is still approved.</summary>
    public Task ReissueAsync(Actor actor, Guid badgeId, CancellationToken ct = default) =>
        RunAsync(actor, [badgeId], nameof(BadgeTrigger.Reissue), async (db, badges, now) =>
        {
            var status = await db.Persons.AsNoTracking().Where(p => p.Id == badges[0].PersonId).Select(p => p.Status).SingleAsync(ct);
            badges[0].Reissue(status == PersonStatus.Approved, actor, now);
        }, ct);

    /// <summary>快递发放: one parcel to one courier address, at most ten badges, with courier company and tracking number.</summary>
    public async Task<ShipmentView> SendByCourierAsync(Actor actor, IReadOnlyCollection<Guid> badgeIds, string courierCompany, string trackingNumber, CancellationToken ct = default)
    {
        BadgeShipment? shipment = null;
        await RunAsync(actor, badgeIds, nameof(BadgeTrigger.Dispatch), async (db, badges, now) =>
        {
            var personIds = badges.Select(b => b.PersonId).ToList();
            var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToListAsync(ct);
            if (persons.Any(p => p.PickupMethod != PickupMethod.Courier))
                throw DomainException.Rule("BadgeShipment", "Parcel", "PickupByCourier", "所选人员中有交易团领取的证件，请使用“交由交易团” (some chosen badges are collected by the delegation)");
            var addressIds = persons.Select(p => p.CourierAddressId).Distinct().ToList();
            if (addressIds.Count != 1 || addressIds[0] is not { } addressId)
                throw DomainException.Rule("BadgeShipment", "Parcel", "OneAddress", "同一包裹的证件须寄往同一地址 (badges of one parcel go to one address)");
            var address = await db.CourierAddresses.AsNoTracking().SingleOrDefaultAsync(a => a.Id == addressId, ct)
                ?? throw DomainException.Rule("BadgeShipment", "Parcel", "OneAddress", "收件地址已不存在 (the courier address no longer exists)");
            var number = await ShipmentNumberAsync(db, badges[0].EditionId, "KD", ct);
            shipment = BadgeShipment.Parcel(badges[0].EditionId, number, courierCompany, trackingNumber, address.Recipient, address.Mobile, address.OneLine, badges, actor, now);
            db.BadgeShipments.Add(shipment);
            foreach (var org in persons.GroupBy(p => (p.OrganisationId, p.EditionId)))
            {
                var names = string.Join("、", org.Select(p => p.Name).Take(10));
                await OrganisationMessages.AddAsync(db, org.Key.OrganisationId, org.Key.EditionId, "证件已寄出 / CIIE badges sent",
                    $"【进博会】贵单位人员{names}的证件已由{shipment.CourierCompany}寄出，快递单号{shipment.TrackingNumber}。 CIIE: badges of {names} were sent by {shipment.CourierCompany}, tracking {shipment.TrackingNumber}.",
                    "BadgeDispatched", now, ct);
            }
        }, ct);
        return View(shipment!, null);
    }

    /// <summary>交由交易团: a batch of one delegation's badges handed over against a signed hand-over list.</summary>
    public async Task<ShipmentView> HandOverAsync(Actor actor, IReadOnlyCollection<Guid> badgeIds, CancellationToken ct = default)
    {
        BadgeShipment? shipment = null;
        string? delegationName = null;
        await RunAsync(actor, badgeIds, nameof(BadgeTrigger.Dispatch), async (db, badges, now) =>
        {
            var personIds = badges.Select(b => b.PersonId).ToList();
            var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToListAsync(ct);
            if (persons.Any(p => p.PickupMethod != PickupMethod.DelegationCollects))
                throw DomainException.Rule("BadgeShipment", "Handover", "PickupByDelegation", "所选人员中有快递寄送的证件，请使用“快递发放” (some chosen badges go by courier)");
            var delegations = persons.Select(p => p.DelegationId).Distinct().ToList();
            if (delegations.Count != 1)
                throw DomainException.Rule("BadgeShipment", "Handover", "OneDelegation", "一次交接只能交给一个交易团（分团） (one hand-over goes to one delegation)");
            delegationName = await db.Delegations.AsNoTracking().Where(d => d.Id == delegations[0]).Select(d => d.NameZh).SingleAsync(ct);
            var number = await ShipmentNumberAsync(db, badges[0].EditionId, "JJ", ct);
            shipment = BadgeShipment.Handover(badges[0].EditionId, number, delegations[0], badges, actor, now);
            db.BadgeShipments.Add(shipment);
            foreach (var org in persons.GroupBy(p => (p.OrganisationId, p.EditionId)))
            {
                var names = string.Join("、", org.Select(p => p.Name).Take(10));
                await OrganisationMessages.AddAsync(db, org.Key.OrganisationId, org.Key.EditionId, "证件已交交易团 / CIIE badges at your delegation",
                    $"【进博会】贵单位人员{names}的证件已交由{delegationName}，请向交易团领取。 CIIE: badges of {names} were handed to {delegationName}; collect them there.",
                    "BadgeDispatched", now, ct);
            }
        }, ct);
        return View(shipment!, delegationName);
    }

    public async Task<IReadOnlyList<ShipmentView>> ShipmentsAsync(Actor actor, int take = 50, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await (from s in db.BadgeShipments.AsNoTracking()
                          join d in db.Delegations.AsNoTracking() on s.DelegationId equals d.Id into ds
                          from d in ds.DefaultIfEmpty()
                          orderby s.CreatedAt descending
                          select new { s, Delegation = d == null ? null : d.NameZh }).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return list.Select(x => View(x.s, x.Delegation)).ToList();
    }

    /// <summary>Badge faces as PDF: one card per page, or four per A4 sheet. Only produced, dispatched or reused badges print.</summary>
    public async Task<byte[]> PrintAsync(Actor actor, IReadOnlyCollection<Guid> badgeIds, bool sheets, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        if (badgeIds.Count == 0) throw DomainException.Rule("Badge", "Print", "BadgesChosen", "请选择证件 (choose badges)");
        if (badgeIds.Count > MaxBatch) throw DomainException.Rule("Badge", "Print", "BatchSize", $"一次最多打印{MaxBatch}张 (at most {MaxBatch} at a time)");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var ids = badgeIds.Distinct().ToList();
        var rows = await (from r in Rows(db) where ids.Contains(r.Badge.Id) select new { r, r.Person.PhotoFileId }).ToListAsync(ct);
        if (rows.Count != ids.Count) await access.DenyAsync(db, actor, ids.First(id => rows.All(x => x.r.Badge.Id != id)), "Badge", ct);
        var unprintable = rows.FirstOrDefault(x => !BadgeMachine.CanOpenGate(x.r.Badge.Status));
        if (unprintable is not null)
            throw DomainException.Rule("Badge", "Print", "Produced", $"{unprintable.r.Person.Name}的证件尚未制作或已作废 (the badge of {unprintable.r.Person.Name} is not produced or was revoked)");
        var editionIds = rows.Select(x => x.r.Badge.EditionId).Distinct().ToList();
        var editions = await db.Editions.AsNoTracking().Where(e => editionIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var photoIds = rows.Select(x => x.PhotoFileId).OfType<Guid>().ToList();
        var photos = await db.Files.AsNoTracking().Where(f => photoIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        var faces = new List<BadgeFace>(rows.Count);
        foreach (var x in rows.OrderBy(x => x.r.Badge.BadgeNumber))
        {
            var b = x.r.Badge;
            byte[]? photo = null;
            if (x.PhotoFileId is { } pid && photos.TryGetValue(pid, out var file))
            {
                await using var stream = files.OpenRead(file);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, ct);
                photo = copy.ToArray();
            }
            var edition = editions[b.EditionId];
            faces.Add(new BadgeFace(b.BadgeNumber!, TokenFor(b.BadgeNumber!, b.Serial), x.r.Person.Name, x.r.Organisation, x.r.Delegation,
                x.r.Person.Tag ?? PersonTag.ProfessionalVisitor, x.r.Person.EntryFrom, x.r.Person.EntryTo, edition.NameZh, edition.NameEn, photo));
        }
        logger.LogInformation("{ActorId} printed {Count} badges ({Layout}).", actor.UserId, faces.Count, sheets ? "A4 sheets" : "cards");
        return sheets ? BadgePdf.Sheets(faces) : BadgePdf.Cards(faces);
    }

    /// <summary>交接单 of a hand-over batch.</summary>
    public async Task<(byte[] Pdf, string Number)> HandoverListAsync(Actor actor, Guid shipmentId, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var shipment = await db.BadgeShipments.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shipmentId && s.Method == DispatchMethod.HandedToDelegation, ct);
        if (shipment is null) await access.DenyAsync(db, actor, shipmentId, "BadgeShipment", ct);
        var delegation = await db.Delegations.AsNoTracking().Where(d => d.Id == shipment!.DelegationId).Select(d => d.NameZh).SingleAsync(ct);
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.Id == shipment!.EditionId, ct);
        var lines = await Rows(db).Where(r => r.Badge.ShipmentId == shipmentId).OrderBy(r => r.Organisation).ThenBy(r => r.Person.Name)
            .Select(r => new HandoverLine(r.Badge.BadgeNumber!, r.Person.Name, r.Organisation, r.Person.Tag ?? PersonTag.ProfessionalVisitor)).ToListAsync(ct);
        return (BadgePdf.HandoverList(shipment!.Number, delegation, edition.NameZh, shipment.CreatedAt, shipment.CreatedBy, lines), shipment.Number);
    }

    /// <summary>Where each badge of the visitor's organisation is (current edition).</summary>
    public async Task<IReadOnlyList<VisitorBadge>> ForOrganisationAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.Role != ActorRole.Visitor || actor.OrganisationId is not { } org) throw new AccessDeniedException("仅专业观众单位可查看 (visitor organisations only)");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var edition = await CurrentEditionIdAsync(db, ct);
        var list = await (from p in db.Persons.AsNoTracking()
                          where p.OrganisationId == org && p.EditionId == edition && p.Status == PersonStatus.Approved
                          join b in db.Badges.AsNoTracking() on p.Id equals b.PersonId
                          join s in db.BadgeShipments.AsNoTracking() on b.ShipmentId equals s.Id into ss
                          from s in ss.DefaultIfEmpty()
                          orderby p.Name
                          select new { p, b, Address = s == null ? null : s.Address }).ToListAsync(ct);
        return list.Select(x => new VisitorBadge(x.p.Id, x.p.Name, x.p.MaskedDocumentNumber, x.b.Status, x.b.BadgeNumber, x.b.DispatchMethod, x.b.CourierCompany,
            x.b.TrackingNumber, x.Address, x.b.DispatchedAt, x.p.PickupMethod)).ToList();
    }

    public string TokenFor(string badgeNumber, int serial) => BadgeToken.Create(new BadgeTokenClaims(badgeNumber, serial), tokenKey.Key);

    private static async Task<string> ShipmentNumberAsync(AppDbContext db, Guid editionId, string prefix, CancellationToken ct)
    {
        var edition = await db.Editions.AsNoTracking().Where(e => e.Id == editionId).Select(e => e.Number).SingleAsync(ct);
        var seq = await Sequences.NextAsync(db, $"shipment:{edition}", ct);
        return $"{prefix}{edition}-{seq:D6}";
    }

    private async Task RunAsync(Actor actor, IReadOnlyCollection<Guid> badgeIds, string trigger, Func<AppDbContext, List<Badge>, DateTimeOffset, Task> act, CancellationToken ct)
    {
        EnsureOperator(actor);
        if (badgeIds.Count == 0) throw DomainException.Rule("Badge", trigger, "BadgesChosen", "请选择证件 (choose badges)");
        if (badgeIds.Count > MaxBatch) throw DomainException.Rule("Badge", trigger, "BatchSize", $"一次最多处理{MaxBatch}张 (at most {MaxBatch} at a time)");
        var ids = badgeIds.Distinct().ToList();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var badges = await db.Badges.Where(b => ids.Contains(b.Id)).ToListAsync(ct);
            if (badges.Count != ids.Count) await access.DenyAsync(db, actor, ids.First(id => badges.All(b => b.Id != id)), "Badge", ct);
            badges = ids.Select(id => badges.Single(b => b.Id == id)).ToList();
            // Any refusal throws before the save: the batch is all or nothing.
            await act(db, badges, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct); // a colleague or a sequence taker saved first: decide again on fresh data
                continue;
            }
            outbox.Wake();
            logger.LogInformation("{ActorId}: {Trigger} of {Count} badges.", actor.UserId, trigger, badges.Count);
            var orgs = await db.Persons.AsNoTracking().Where(p => badges.Select(b => b.PersonId).Contains(p.Id)).Select(p => p.OrganisationId).Distinct().ToListAsync(ct);
            notifier.Publish(orgs.Select(Topics.Organisation).Append(Topics.Operations).Append(Topics.Badges));
            return;
        }
    }

    private void EnsureOperator(Actor actor) => access.EnsureRole(actor, ActorRole.Operator, ActorRole.Admin);

    private static Task<Guid> CurrentEditionIdAsync(AppDbContext db, CancellationToken ct) =>
        db.Editions.AsNoTracking().Where(e => e.IsCurrent).Select(e => e.Id).SingleAsync(ct);

    /// <summary>One badge with what the desks show of it (member-initialised so that queries compose on it).</summary>
    private sealed class Joined
    {
        public Badge Badge { get; init; } = default!;
        public Person Person { get; init; } = default!;
        public string Organisation { get; init; } = "";
        public string Delegation { get; init; } = "";
        public Guid? DelegationParentId { get; init; }
        public CourierAddress? Courier { get; init; }
        public string? ShipmentNumber { get; init; }
    }

    private static IQueryable<Joined> Rows(AppDbContext db) =>
        from b in db.Badges.AsNoTracking()
        join p in db.Persons.AsNoTracking() on b.PersonId equals p.Id
        join o in db.Organisations.AsNoTracking() on p.OrganisationId equals o.Id
        join d in db.Delegations.AsNoTracking() on p.DelegationId equals d.Id
        join a in db.CourierAddresses.AsNoTracking() on p.CourierAddressId equals a.Id into aa
        from a in aa.DefaultIfEmpty()
        join s in db.BadgeShipments.AsNoTracking() on b.ShipmentId equals s.Id into ss
        from s in ss.DefaultIfEmpty()
        select new Joined
        {
            Badge = b, Person = p, Organisation = o.Name, Delegation = d.NameZh, DelegationParentId = d.ParentId,
            Courier = a,
            ShipmentNumber = s == null ? null : s.Number,
        };

    private static BadgeRow ToRow(Joined r) => new(r.Badge.Id, r.Person.Id, r.Badge.BadgeNumber, r.Badge.Serial, r.Badge.Status, r.Person.Name, r.Organisation,
        r.Person.DelegationId, r.Delegation, r.Person.Tag, r.Person.PickupMethod, r.Person.CourierAddressId,
        // The desk's list shows the phone masked; the parcel itself carries it whole (BadgeShipment.RecipientPhone).
        r.Courier is { } a ? $"{a.OneLine} {a.Recipient} {Masking.Phone(a.Mobile)}" : null, r.Person.EntryFrom, r.Person.EntryTo,
        r.ShipmentNumber, r.Badge.CourierCompany, r.Badge.TrackingNumber, r.Badge.DispatchedAt, r.Badge.RevokedReason,
        Enum.GetValues<BadgeTrigger>().Where(t => BadgeMachine.Table.IsDefined(r.Badge.Status, t)).ToArray());

    private static ShipmentView View(BadgeShipment s, string? delegation) =>
        new(s.Id, s.Number, s.Method, delegation, s.CourierCompany, s.TrackingNumber, s.Address, s.BadgeCount, s.CreatedAt, s.CreatedBy);
}

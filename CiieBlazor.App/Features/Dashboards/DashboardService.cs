using System.Diagnostics;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Progress;
using CiieBlazor.Domain.Refunds;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Dashboards;

public sealed record DelegationProgress(Guid Id, string Name, StepTally Tally, int VipUsed, int VipQuota, int StaffUsed, int StaffQuota);

public sealed record DayMoney(DateOnly Day, decimal Paid, int Payments, decimal Refunded, int Refunds);

public sealed record OperationsDashboard(string Edition, StepTally Total, IReadOnlyList<DelegationProgress> Delegations, IReadOnlyList<DayMoney> Days,
    DateTimeOffset At, double QueryMs);

/// <summary>
/// 运营看板: counts by step and by delegation, quota use, and money in and out per day. Persons are counted from the
/// maintained counters (<see cref="PersonCount"/>, kept by database triggers) and organisations from the covering index
/// on registrations, so a refresh costs the same at a million persons as at a thousand; money per day reads only the
/// days shown, through their indexes.
/// </summary>
public sealed class DashboardService(IDbContextFactory<AppDbContext> dbs, AccessGuard access, TimeProvider clock)
{
    public const int Days = 14;
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public async Task<OperationsDashboard> GetAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Operator, ActorRole.Finance, ActorRole.Admin);
        var watch = Stopwatch.StartNew();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent, ct);
        var cells = await db.PersonCounts.AsNoTracking().Where(c => c.EditionId == edition.Id && c.Count != 0)
            .GroupBy(c => new { c.DelegationId, c.Status, c.Tag, c.BadgeStatus })
            .Select(g => new { g.Key.DelegationId, g.Key.Status, g.Key.Tag, g.Key.BadgeStatus, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
        var registrations = await db.Registrations.AsNoTracking().Where(r => r.EditionId == edition.Id)
            .GroupBy(r => new { r.DelegationId, r.Status }).Select(g => new { g.Key.DelegationId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var delegations = await db.Delegations.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new { d.Id, d.ParentId, d.NameZh }).ToListAsync(ct);
        var quotas = await db.DelegationQuotas.AsNoTracking().Where(q => q.EditionId == edition.Id).ToDictionaryAsync(q => q.DelegationId, ct);

        // Sub-delegations count towards their delegation (交易团).
        var top = delegations.ToDictionary(d => d.Id, d => d.ParentId ?? d.Id);
        var rows = delegations.Where(d => d.ParentId is null).Select(d =>
        {
            var mine = delegations.Where(x => top[x.Id] == d.Id).Select(x => x.Id).ToHashSet();
            var tally = EditionTally.Count(
                cells.Where(c => mine.Contains(c.DelegationId)).Select(c => new PersonCell(c.Status, ParseTag(c.Tag), c.BadgeStatus, c.Count)),
                registrations.Where(r => mine.Contains(r.DelegationId)).Select(r => (r.Status, r.Count)));
            var q = quotas.GetValueOrDefault(d.Id);
            return new DelegationProgress(d.Id, d.NameZh, tally, q?.VipUsed ?? 0, q?.VipQuota ?? 0, q?.StaffUsed ?? 0, q?.StaffQuota ?? 0);
        }).ToList();
        var total = rows.Aggregate(new StepTally(), (sum, r) => sum + r.Tally);

        // Money per day (Shanghai days), the last <see cref="Days"/> days. Stored times are UTC text: compare in UTC.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(China).DateTime);
        var since = new DateTimeOffset(today.AddDays(-(Days - 1)).ToDateTime(TimeOnly.MinValue), China).ToUniversalTime();
        var receipts = await db.Orders.AsNoTracking().SelectMany(o => o.Receipts).Where(r => r.ReceivedAt >= since && r.Applied)
            .Select(r => new { r.ReceivedAt, r.Amount }).ToListAsync(ct);
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.Status == RefundStatus.Refunded && r.RefundedAt >= since)
            .Select(r => new { At = r.RefundedAt!.Value, r.Amount }).ToListAsync(ct);
        var days = Enumerable.Range(0, Days).Select(i => today.AddDays(i - (Days - 1))).Select(day =>
        {
            var paid = receipts.Where(r => Day(r.ReceivedAt) == day).ToList();
            var back = refunds.Where(r => Day(r.At) == day).ToList();
            return new DayMoney(day, paid.Sum(r => r.Amount.Amount), paid.Count, back.Sum(r => r.Amount.Amount), back.Count);
        }).ToList();

        return new OperationsDashboard(edition.NameZh, total, rows, days, clock.GetUtcNow(), watch.Elapsed.TotalMilliseconds);
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(China).DateTime);

    private static PersonTag? ParseTag(string tag) => Enum.TryParse<PersonTag>(tag, out var t) ? t : null;
}

using System.Globalization;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Admin;

public sealed record EditionRow(Guid Id, int Number, string Name, DateOnly FirstDay, DateOnly LastDay, decimal Fee, decimal ReusePercent, decimal ReuseFee, bool IsCurrent);

public sealed record QuotaRow(Guid DelegationId, string Code, string Name, Guid? ParentId, int VipQuota, int VipUsed, int StaffQuota, int StaffUsed);

public sealed record AuditFilter
{
    public string? Machine { get; init; }
    public string? Actor { get; init; }
    public string? Trigger { get; init; }
    public Guid? EntityId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

public sealed record AuditRow(long Id, DateTimeOffset At, string Machine, Guid EntityId, string From, string To, string Trigger, string ActorName, string? Reason);

/// <summary>
/// 系统配置 for administrators: an edition's days, fee and reuse share; delegations, sub-delegations and their VIP / staff
/// quotas; and the audit trail of every transition (who, when, from, to, why). Every change is itself audited.
/// </summary>
public sealed class AdminService(IDbContextFactory<AppDbContext> dbs, AccessGuard access, ChangeNotifier notifier, TimeProvider clock, ILogger<AdminService> logger)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public async Task<IReadOnlyList<EditionRow>> EditionsAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var editions = await db.Editions.AsNoTracking().OrderByDescending(e => e.Number).ToListAsync(ct);
        return editions.Select(e => new EditionRow(e.Id, e.Number, e.NameZh, e.FirstDay, e.LastDay, e.ProfessionalVisitorFee.Amount, e.ReuseFeePercent,
            e.ReuseFee.Amount, e.IsCurrent)).ToList();
    }

    /// <summary>展期与收费. New fees apply to orders created from now on; existing orders keep what they were created with.</summary>
    public async Task ConfigureEditionAsync(Actor actor, Guid editionId, DateOnly firstDay, DateOnly lastDay, decimal fee, decimal reusePercent, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var edition = await db.Editions.SingleOrDefaultAsync(e => e.Id == editionId, ct);
        if (edition is null) await access.DenyAsync(db, actor, editionId, "Edition", ct);
        var before = Describe(edition!.FirstDay, edition.LastDay, edition.ProfessionalVisitorFee.Amount, edition.ReuseFeePercent);
        edition.Configure(firstDay, lastDay, fee, reusePercent);
        var after = Describe(firstDay, lastDay, fee, reusePercent);
        if (before == after) return;
        Audit(db, actor, "Edition", edition.Id, "Configure", $"{before} → {after}");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("{ActorId} configured edition {Edition}: {Before} → {After}.", actor.UserId, edition.Number, before, after);
        notifier.Publish(Topics.Operations);
    }

    public async Task<IReadOnlyList<QuotaRow>> QuotasAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var edition = await CurrentAsync(db, ct);
        var rows = await (from d in db.Delegations.AsNoTracking()
                          join q in db.DelegationQuotas.AsNoTracking().Where(q => q.EditionId == edition) on d.Id equals q.DelegationId into qs
                          from q in qs.DefaultIfEmpty()
                          select new { d.Id, d.Code, d.NameZh, d.ParentId, d.SortOrder, Quota = q }).ToListAsync(ct);
        // Each delegation followed by its sub-delegations.
        var order = rows.Where(r => r.ParentId is null).OrderBy(r => r.SortOrder).ThenBy(r => r.Code)
            .SelectMany(p => rows.Where(r => r.ParentId == p.Id).OrderBy(r => r.SortOrder).ThenBy(r => r.Code).Prepend(p)).ToList();
        return order.Select(r => new QuotaRow(r.Id, r.Code, r.NameZh, r.ParentId, r.Quota?.VipQuota ?? 0, r.Quota?.VipUsed ?? 0, r.Quota?.StaffQuota ?? 0,
            r.Quota?.StaffUsed ?? 0)).ToList();
    }

    /// <summary>名额配置: never below the places already taken (checked on the row under its concurrency token).</summary>
    public async Task SetQuotaAsync(Actor actor, Guid delegationId, int vipQuota, int staffQuota, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        if (vipQuota is < 0 or > 100_000 || staffQuota is < 0 or > 100_000)
            throw DomainException.Rule("DelegationQuota", "SetQuotas", "InRange", "名额应在0至100000之间 (a quota is 0–100,000)");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var edition = await CurrentAsync(db, ct);
        if (!await db.Delegations.AnyAsync(d => d.Id == delegationId, ct)) await access.DenyAsync(db, actor, delegationId, "Delegation", ct);
        var quota = await db.DelegationQuotas.SingleOrDefaultAsync(q => q.DelegationId == delegationId && q.EditionId == edition, ct);
        var before = quota is null ? "—" : $"VIP {quota.VipQuota}, 工作人员 {quota.StaffQuota}";
        if (quota is null) db.DelegationQuotas.Add(quota = new DelegationQuota(delegationId, edition, vipQuota, staffQuota));
        else quota.SetQuotas(vipQuota, staffQuota);
        Audit(db, actor, "DelegationQuota", delegationId, "SetQuotas", $"{before} → VIP {vipQuota}, 工作人员 {staffQuota}");
        await db.SaveChangesAsync(ct); // a reviewer tagging meanwhile makes this fail on the token: the admin tries again on fresh numbers
        notifier.Publish(Topics.Operations, Topics.Delegation(delegationId));
    }

    /// <summary>新增交易团 / 分团, with its quotas for the current edition.</summary>
    public async Task<Guid> AddDelegationAsync(Actor actor, string code, string nameZh, string nameEn, Guid? parentId, int vipQuota, int staffQuota, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        code = (code ?? "").Trim().ToUpperInvariant();
        if (code.Length is < 2 or > 20 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw DomainException.Rule("Delegation", "Add", "Code", "代码为2–20位字母、数字或“-” (a code is 2–20 letters, digits or '-')");
        if (string.IsNullOrWhiteSpace(nameZh) || nameZh.Trim().Length > 100 || string.IsNullOrWhiteSpace(nameEn) || nameEn.Trim().Length > 200)
            throw DomainException.Rule("Delegation", "Add", "Names", "请填写中英文名称 (both names are required)");
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Delegations.AnyAsync(d => d.Code == code, ct))
            throw DomainException.Rule("Delegation", "Add", "UniqueCode", $"代码 {code} 已被使用 (the code {code} is taken)");
        if (parentId is { } p && !await db.Delegations.AnyAsync(d => d.Id == p && d.ParentId == null, ct))
            throw DomainException.Rule("Delegation", "Add", "Parent", "分团只能属于一个交易团 (a sub-delegation belongs to a delegation)");
        var edition = await CurrentAsync(db, ct);
        var delegation = new Delegation(code, nameZh.Trim(), nameEn.Trim(), parentId, sortOrder: 1000);
        db.Delegations.Add(delegation);
        db.DelegationQuotas.Add(new DelegationQuota(delegation.Id, edition, Math.Max(0, vipQuota), Math.Max(0, staffQuota)));
        Audit(db, actor, "Delegation", delegation.Id, "Add", $"{code} {nameZh.Trim()} (VIP {vipQuota}, 工作人员 {staffQuota})");
        await db.SaveChangesAsync(ct);
        notifier.Publish(Topics.Operations);
        return delegation.Id;
    }

    /// <summary>审计日志, newest first, filtered.</summary>
    public async Task<(IReadOnlyList<AuditRow> Rows, int Total)> AuditAsync(Actor actor, AuditFilter filter, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.AuditRecords.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Machine)) q = q.Where(a => a.Machine == filter.Machine.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Trigger)) q = q.Where(a => a.Trigger == filter.Trigger.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Actor)) q = q.Where(a => a.ActorName.Contains(filter.Actor.Trim()));
        if (filter.EntityId is { } id) q = q.Where(a => a.EntityId == id);
        // Stored times are UTC text: compare in UTC.
        if (filter.From is { } from) { var f = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), China).ToUniversalTime(); q = q.Where(a => a.At >= f); }
        if (filter.To is { } to) { var t = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), China).ToUniversalTime(); q = q.Where(a => a.At < t); }
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(filter.PageSize, 1, 200);
        var rows = await q.OrderByDescending(a => a.Id).Skip(Math.Max(0, filter.Page) * size).Take(size)
            .Select(a => new AuditRow(a.Id, a.At, a.Machine, a.EntityId, a.From, a.To, a.Trigger, a.ActorName, a.Reason)).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>The machines that have written audit entries (for the filter).</summary>
    public async Task<IReadOnlyList<string>> AuditMachinesAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.AuditRecords.AsNoTracking().Select(a => a.Machine).Distinct().OrderBy(m => m).ToListAsync(ct);
    }

    private void Audit(AppDbContext db, Actor actor, string machine, Guid id, string trigger, string change) =>
        db.AuditRecords.Add(new AuditRecord
        {
            Machine = machine, EntityId = id, From = "", To = "", Trigger = trigger, ActorId = actor.UserId, ActorName = actor.Name, At = clock.GetUtcNow(),
            Reason = change.Length > 1000 ? change[..1000] : change,
        });

    private static string Describe(DateOnly first, DateOnly last, decimal fee, decimal reuse) =>
        string.Create(CultureInfo.InvariantCulture, $"{first:yyyy-MM-dd}–{last:yyyy-MM-dd}, ¥{fee:0.00}, 复用 {reuse:0.##}%");

    private static Task<Guid> CurrentAsync(AppDbContext db, CancellationToken ct) => db.Editions.Where(e => e.IsCurrent).Select(e => e.Id).SingleAsync(ct);
}

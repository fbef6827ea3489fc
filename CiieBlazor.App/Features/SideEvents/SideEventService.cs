using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.SideEvents;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.SideEvents;

/// <summary>The search form of both lists (活动名称, 举办日期, 主办单位); operators may also filter by status. Page is 0-based.</summary>
public sealed record SideEventQuery(string? Name = null, DateOnly? Date = null, string? Host = null, SideEventStatus? Status = null, int Page = 0, int PageSize = 20);

/// <summary>One side event as a list shows it, with what an operator may do with it now.</summary>
public sealed record SideEventRow(
    Guid Id, string Name, DateOnly Date, TimeOnly Start, TimeOnly End, string Location, string Host, string ContactPerson, string ContactDetails,
    bool OpenToVisitors, string? Description, SideEventStatus Status, bool CanPublish, bool CanUnpublish, Guid Version)
{
    public SideEventInput ToInput() => new()
    {
        Name = Name, Date = Date, Start = Start, End = End, Location = Location, Host = Host, ContactPerson = ContactPerson,
        ContactDetails = ContactDetails, OpenToVisitors = OpenToVisitors, Description = Description,
    };
}

public sealed record SideEventPage(IReadOnlyList<SideEventRow> Rows, int Total);

/// <summary>The record was changed by someone else since it was opened.</summary>
public sealed class SideEventConflictException() : Exception("该活动已被其他人修改，请关闭后重新打开再编辑 (changed by someone else; reopen it before editing)");

/// <summary>
/// 配套活动信息: operators (operator, admin) create, edit, publish and unpublish the current edition's side events;
/// visitor organisations list and search the published ones open to professional visitors. Searching, sorting and
/// paging happen in SQL. Every change is audited in the same save and announced on <see cref="Topics.SideEvents"/>.
/// </summary>
public sealed class SideEventService(IDbContextFactory<AppDbContext> dbs, AccessGuard access, ChangeNotifier notifier, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    /// <summary>What visitors see: published, open to professional visitors, of the current edition.</summary>
    public async Task<SideEventPage> SearchPublishedAsync(Actor actor, SideEventQuery query, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Visitor, ActorRole.Operator, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var events = (await CurrentEditionAsync(db, ct))
            .Where(e => e.Status == SideEventStatus.Published && e.OpenToVisitors);
        return await PageAsync(Filter(events, query with { Status = null }), query, ct);
    }

    /// <summary>The operations page: every event of the current edition, in any status.</summary>
    public async Task<SideEventPage> SearchAllAsync(Actor actor, SideEventQuery query, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await PageAsync(Filter(await CurrentEditionAsync(db, ct), query), query, ct);
    }

    /// <summary>新增活动: saved as a draft of the current edition.</summary>
    public async Task<SideEventRow> CreateAsync(Actor actor, SideEventInput input, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        var details = await CheckAsync(input, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var editionId = await db.Editions.Where(e => e.IsCurrent).Select(e => e.Id).SingleAsync(ct);
        var sideEvent = SideEvent.Create(editionId, details, actor, clock.GetUtcNow());
        db.SideEvents.Add(sideEvent);
        await db.SaveChangesAsync(ct);
        notifier.Publish(Topics.SideEvents);
        return ToRow(sideEvent);
    }

    /// <summary>编辑: refused when someone else saved the event after <paramref name="version"/> was read.</summary>
    public Task<SideEventRow> UpdateAsync(Actor actor, Guid id, Guid version, SideEventInput input, CancellationToken ct = default) =>
        ChangeAsync(actor, id, version, async e => e.Change(await CheckAsync(input, ct), actor, clock.GetUtcNow()), ct);

    /// <summary>发布: visitors see it (when it is open to them) at once.</summary>
    public Task<SideEventRow> PublishAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        ChangeAsync(actor, id, null, e => { e.Publish(actor, clock.GetUtcNow()); return Task.CompletedTask; }, ct);

    /// <summary>撤回: taken off the visitors' list at once; it can be published again.</summary>
    public Task<SideEventRow> UnpublishAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        ChangeAsync(actor, id, null, e => { e.Unpublish(actor, clock.GetUtcNow()); return Task.CompletedTask; }, ct);

    private async Task<SideEventRow> ChangeAsync(Actor actor, Guid id, Guid? version, Func<SideEvent, Task> change, CancellationToken ct)
    {
        EnsureOperator(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var sideEvent = await db.SideEvents.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (sideEvent is null)
        {
            await access.DenyAsync(db, actor, id, nameof(SideEvent), ct);
        }
        if (version is { } expected && sideEvent!.Version != expected) throw new SideEventConflictException();
        await change(sideEvent!);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new SideEventConflictException();
        }
        notifier.Publish(Topics.SideEvents);
        return ToRow(sideEvent!);
    }

    private void EnsureOperator(Actor actor) => access.EnsureRole(actor, ActorRole.Operator, ActorRole.Admin);

    private static async Task<SideEventDetails> CheckAsync(SideEventInput input, CancellationToken ct)
    {
        var result = await new SideEventInputValidator().ValidateAsync(input, ct);
        if (!result.IsValid) throw new ValidationException(result.Errors);
        return input.ToDetails();
    }

    private static async Task<IQueryable<SideEvent>> CurrentEditionAsync(AppDbContext db, CancellationToken ct)
    {
        var editionId = await db.Editions.Where(e => e.IsCurrent).Select(e => (Guid?)e.Id).SingleOrDefaultAsync(ct);
        return db.SideEvents.AsNoTracking().Where(e => e.EditionId == editionId);
    }

    private static IQueryable<SideEvent> Filter(IQueryable<SideEvent> events, SideEventQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            var name = query.Name.Trim();
            events = events.Where(e => e.Name.Contains(name));
        }
        if (!string.IsNullOrWhiteSpace(query.Host))
        {
            var host = query.Host.Trim();
            events = events.Where(e => e.Host.Contains(host));
        }
        if (query.Date is { } date) events = events.Where(e => e.Date == date);
        if (query.Status is { } status) events = events.Where(e => e.Status == status);
        return events;
    }

    private static async Task<SideEventPage> PageAsync(IQueryable<SideEvent> events, SideEventQuery query, CancellationToken ct)
    {
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var total = await events.CountAsync(ct);
        var page = await events.OrderBy(e => e.Date).ThenBy(e => e.Start).ThenBy(e => e.Name).ThenBy(e => e.Id)
            .Skip(Math.Max(query.Page, 0) * size).Take(size).ToListAsync(ct);
        return new SideEventPage(page.Select(ToRow).ToList(), total);
    }

    private static SideEventRow ToRow(SideEvent e) =>
        new(e.Id, e.Name, e.Date, e.Start, e.End, e.Location, e.Host, e.ContactPerson, e.ContactDetails, e.OpenToVisitors, e.Description,
            e.Status, e.CanPublish, e.CanUnpublish, e.Version);
}

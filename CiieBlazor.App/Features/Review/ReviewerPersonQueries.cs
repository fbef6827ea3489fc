using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Review;

public enum ReviewSort
{
    Newest,
    OrganisationName,
    PersonName,
    Status,
}

/// <summary>The guide's filters of 交易团(分团)审核.</summary>
public sealed record ReviewerPersonFilter
{
    public string? Organisation { get; init; }
    public string? PersonName { get; init; }
    public PersonType? Type { get; init; }
    public IReadOnlyCollection<PersonTag> Tags { get; init; } = [];
    public PersonStatus? Status { get; init; }
    public DateOnly? EntryDate { get; init; }
    public PickupMethod? Pickup { get; init; }
    public BadgeStatus? Badge { get; init; }
    public bool? Reuse { get; init; }
    public ReviewSort Sort { get; init; } = ReviewSort.Newest;
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

public sealed record ReviewerPersonRow(
    Guid Id, Guid OrganisationId, string OrganisationName, RegistrationStatus RegistrationStatus, string Name, string Nationality, string MaskedDocumentNumber,
    string Position, PersonTag? Tag, PersonStatus Status, DateOnly? EntryFrom, DateOnly? EntryTo, decimal Fee, PickupMethod Pickup,
    BadgeStatus Badge, bool IsReuse, IReadOnlyList<PersonTrigger> Allowed, IReadOnlyList<PersonTag> UpgradeTo);

public sealed record QuotaBar(int VipUsed, int VipQuota, int StaffUsed, int StaffQuota, int ProfessionalVisitorsTagged);

public sealed record ReviewerPage(IReadOnlyList<ReviewerPersonRow> Rows, int Total, QuotaBar Quota);

/// <summary>The reviewer grid: one row per person with its organisation, filtered, sorted and paged in SQL, scoped to the delegation.</summary>
public sealed class ReviewerPersonQueries(IDbContextFactory<AppDbContext> dbs, AccessGuard access)
{
    public async Task<ReviewerPage> PageAsync(Actor actor, ReviewerPersonFilter filter, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Reviewer, ActorRole.Operator, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent, ct);
        var scope = await ScopeAsync(db, actor, ct);
        var submitted = PersonMachine.SubmittedStatuses;

        var persons = db.Persons.AsNoTracking().Where(p => p.EditionId == edition.Id && submitted.Contains(p.Status));
        if (scope is not null) persons = persons.Where(p => scope.Contains(p.DelegationId));
        if (filter.Status is { } status) persons = persons.Where(p => p.Status == status);
        if (filter.Type is { } type) persons = persons.Where(p => p.PersonType == type);
        if (filter.Tags.Count > 0)
        {
            var tags = filter.Tags.Select(t => (PersonTag?)t).ToList();
            persons = persons.Where(p => tags.Contains(p.Tag));
        }
        if (filter.EntryDate is { } day) persons = persons.Where(p => p.EntryFrom <= day && p.EntryTo >= day);
        if (filter.Pickup is { } pickup) persons = persons.Where(p => p.PickupMethod == pickup);
        if (filter.Reuse is { } reuse) persons = persons.Where(p => p.IsReuse == reuse);
        if (!string.IsNullOrWhiteSpace(filter.PersonName))
        {
            var name = filter.PersonName.Trim();
            persons = persons.Where(p => p.Name.Contains(name));
        }
        if (filter.Badge is { } badge)
        {
            persons = badge == BadgeStatus.None
                ? persons.Where(p => !db.Badges.Any(b => b.PersonId == p.Id))
                : persons.Where(p => db.Badges.Any(b => b.PersonId == p.Id && b.Status == badge));
        }

        var rows = from p in persons
                   join o in db.Organisations.AsNoTracking() on p.OrganisationId equals o.Id
                   join r in db.Registrations.AsNoTracking() on p.RegistrationId equals r.Id
                   select new { p, OrgName = o.Name, OrgCode = o.Code, RegStatus = r.Status };
        if (!string.IsNullOrWhiteSpace(filter.Organisation))
        {
            var text = filter.Organisation.Trim();
            var code = text.ToUpperInvariant();
            rows = rows.Where(x => x.OrgName.Contains(text) || x.OrgCode == code);
        }
        var total = await rows.CountAsync(ct);
        rows = filter.Sort switch
        {
            ReviewSort.OrganisationName => rows.OrderBy(x => x.OrgName).ThenBy(x => x.p.Name),
            ReviewSort.PersonName => rows.OrderBy(x => x.p.Name).ThenBy(x => x.p.Id),
            ReviewSort.Status => rows.OrderBy(x => x.p.Status).ThenBy(x => x.p.Id),
            _ => rows.OrderByDescending(x => x.p.Id),
        };
        var size = Math.Clamp(filter.PageSize, 10, 200);
        var page = await rows.Skip(Math.Max(0, filter.Page) * size).Take(size).ToListAsync(ct);
        var ids = page.Select(x => x.p.Id).ToList();
        var badges = await db.Badges.AsNoTracking().Where(b => ids.Contains(b.PersonId)).ToDictionaryAsync(b => b.PersonId, b => b.Status, ct);

        var result = page.Select(x =>
        {
            var context = new PersonContext
            {
                OrganisationApproved = x.RegStatus == RegistrationStatus.Approved, QuotaAvailable = true, Tag = PersonTag.ProfessionalVisitor,
                CurrentTag = x.p.Tag, PreviousTag = x.p.PreviousTag, Reason = "r",
            };
            return new ReviewerPersonRow(x.p.Id, x.p.OrganisationId, x.OrgName, x.RegStatus, x.p.Name, x.p.Nationality, x.p.MaskedDocumentNumber, x.p.Position,
                x.p.Tag, x.p.Status, x.p.EntryFrom, x.p.EntryTo, x.p.Fee(edition).Amount, x.p.PickupMethod, badges.GetValueOrDefault(x.p.Id, BadgeStatus.None),
                x.p.IsReuse, x.p.PermittedTriggers(context),
                // The domain says which upgrades this person may get (never for a former VIP).
                new[] { PersonTag.Staff, PersonTag.Vip }.Where(t => x.p.PermittedTriggers(context with { Tag = t }).Contains(PersonTrigger.Upgrade)).ToList());
        }).ToList();
        return new ReviewerPage(result, total, await QuotaAsync(db, actor, edition.Id, scope, ct));
    }

    /// <summary>当前配置数: VIP n/quota, 工作人员 n/quota, 专业观众 n 已标记 (the reviewer's own delegation).</summary>
    private static async Task<QuotaBar> QuotaAsync(AppDbContext db, Actor actor, Guid editionId, List<Guid>? scope, CancellationToken ct)
    {
        var quotas = db.DelegationQuotas.AsNoTracking().Where(q => q.EditionId == editionId);
        if (actor.DelegationId is { } mine) quotas = quotas.Where(q => q.DelegationId == mine);
        var sums = await quotas.GroupBy(_ => 1).Select(g => new
        {
            VipUsed = g.Sum(q => q.VipUsed), VipQuota = g.Sum(q => q.VipQuota), StaffUsed = g.Sum(q => q.StaffUsed), StaffQuota = g.Sum(q => q.StaffQuota),
        }).SingleOrDefaultAsync(ct);
        var pv = db.Persons.AsNoTracking().Where(p => p.EditionId == editionId && p.Tag == PersonTag.ProfessionalVisitor && p.Status != PersonStatus.Cancelled);
        if (scope is not null) pv = pv.Where(p => scope.Contains(p.DelegationId));
        return new QuotaBar(sums?.VipUsed ?? 0, sums?.VipQuota ?? 0, sums?.StaffUsed ?? 0, sums?.StaffQuota ?? 0, await pv.CountAsync(ct));
    }

    private static async Task<List<Guid>?> ScopeAsync(AppDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.Role != ActorRole.Reviewer) return null;
        if (actor.DelegationId is not { } mine) return [];
        var children = await db.Delegations.AsNoTracking().Where(d => d.ParentId == mine).Select(d => d.Id).ToListAsync(ct);
        return [mine, .. children];
    }
}

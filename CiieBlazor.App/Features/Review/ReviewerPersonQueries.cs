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
    BadgeStatus Badge, bool IsReuse, IReadOnlyList<PersonTrigger> Allowed, IReadOnlyList<PersonTag> UpgradeTo)
{
    /// <summary>Tagging or locking waits for the organisation's approval (the domain's OrganisationApproved guard).</summary>
    public bool BlockedByOrganisationReview { get; init; }
}

public sealed record QuotaBar(int VipUsed, int VipQuota, int StaffUsed, int StaffQuota, int ProfessionalVisitorsTagged);

public sealed record ReviewerPage(IReadOnlyList<ReviewerPersonRow> Rows, int Total, QuotaBar Quota);

/// <summary>The reviewer grid: one row per person with its organisation, filtered, sorted and paged in SQL, scoped to the delegation.</summary>
public sealed class ReviewerPersonQueries(IDbContextFactory<AppDbContext> dbs, AccessGuard access)
{
    public async Task<ReviewerPage> PageAsync(Actor actor, ReviewerPersonFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (edition, scope, rows) = await FilteredAsync(db, actor, filter, ct);
        var total = await rows.CountAsync(ct);
        var size = Math.Clamp(filter.PageSize, 10, 200);
        var page = await Sorted(rows, filter.Sort).Skip(Math.Max(0, filter.Page) * size).Take(size).ToListAsync(ct);
        var ids = page.Select(x => x.Person.Id).ToList();
        var badges = await db.Badges.AsNoTracking().Where(b => ids.Contains(b.PersonId)).ToDictionaryAsync(b => b.PersonId, b => b.Status, ct);

        var result = page.Select(x =>
        {
            var p = x.Person;
            var context = new PersonContext
            {
                OrganisationApproved = x.RegistrationStatus == RegistrationStatus.Approved, QuotaAvailable = true, Tag = PersonTag.ProfessionalVisitor,
                CurrentTag = p.Tag, PreviousTag = p.PreviousTag, Reason = "r",
            };
            return new ReviewerPersonRow(p.Id, p.OrganisationId, x.OrganisationName, x.RegistrationStatus, p.Name, p.Nationality, p.MaskedDocumentNumber, p.Position,
                p.Tag, p.Status, p.EntryFrom, p.EntryTo, p.Fee(edition).Amount, p.PickupMethod, badges.GetValueOrDefault(p.Id, BadgeStatus.None),
                p.IsReuse, p.PermittedTriggers(context),
                // The domain says which upgrades this person may get (never for a former VIP).
                new[] { PersonTag.Staff, PersonTag.Vip }.Where(t => p.PermittedTriggers(context with { Tag = t }).Contains(PersonTrigger.Upgrade)).ToList())
            {
                BlockedByOrganisationReview = PersonMachine.Table.FailingGuard(p.Status, PersonTrigger.Tag, context) == PersonMachine.OrganisationApproved
                    || PersonMachine.Table.FailingGuard(p.Status, PersonTrigger.Lock, context) == PersonMachine.OrganisationApproved,
            };
        }).ToList();
        return new ReviewerPage(result, total, await QuotaAsync(db, actor, edition.Id, scope, ct));
    }

    public const int MaxExportRows = 100_000;

    /// <summary>导出: the current filter as CSV (UTF-8 with BOM so Excel reads Chinese), document numbers masked.</summary>
    public async Task<byte[]> ExportCsvAsync(Actor actor, ReviewerPersonFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (edition, _, rows) = await FilteredAsync(db, actor, filter, ct);
        var text = new System.Text.StringBuilder();
        text.AppendLine("姓名,单位名称,统一社会信用代码,国籍/地区,证件号码,职务,人员标签,人员状态,入场日期,金额,领取方式,证件复用");
        await foreach (var x in Sorted(rows, filter.Sort).Take(MaxExportRows).AsAsyncEnumerable().WithCancellation(ct))
        {
            var p = x.Person;
            string[] cells =
            [
                p.Name, x.OrganisationName, x.OrganisationCode, p.Nationality, p.MaskedDocumentNumber, p.Position, p.Tag?.ToString() ?? "", p.Status.ToString(),
                $"{p.EntryFrom:yyyy-MM-dd}~{p.EntryTo:yyyy-MM-dd}", p.Fee(edition).Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                p.PickupMethod.ToString(), p.IsReuse ? "是" : "否",
            ];
            text.AppendLine(string.Join(',', cells.Select(Csv)));
        }
        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>群发邮件 recipients: the contact of every organisation with a person in the current filter.</summary>
    public async Task<IReadOnlyList<(Guid OrganisationId, string Organisation, string Email)>> RecipientsAsync(Actor actor, ReviewerPersonFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (_, _, rows) = await FilteredAsync(db, actor, filter, ct);
        var list = await rows.Where(x => x.ContactEmail != null)
            .Select(x => new { x.Person.OrganisationId, x.OrganisationName, x.ContactEmail }).Distinct().Take(10_000).ToListAsync(ct);
        return list.Select(x => (x.OrganisationId, x.OrganisationName, x.ContactEmail!)).OrderBy(x => x.OrganisationName).ToList();
    }

    /// <summary>One filtered row: the person with its organisation and registration.</summary>
    private sealed class Joined
    {
        public Person Person { get; init; } = default!;
        public string OrganisationName { get; init; } = "";
        public string OrganisationCode { get; init; } = "";
        public RegistrationStatus RegistrationStatus { get; init; }
        public string? ContactEmail { get; init; }
    }

    private async Task<(Domain.Editions.Edition Edition, List<Guid>? Scope, IQueryable<Joined> Rows)> FilteredAsync(
        AppDbContext db, Actor actor, ReviewerPersonFilter filter, CancellationToken ct)
    {
        access.EnsureRole(actor, ActorRole.Reviewer, ActorRole.Operator, ActorRole.Admin);
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent, ct);
        var scope = await AccessGuard.ReviewScopeAsync(db, actor, ct);
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
                   select new Joined { Person = p, OrganisationName = o.Name, OrganisationCode = o.Code, RegistrationStatus = r.Status, ContactEmail = r.ContactEmail };
        if (!string.IsNullOrWhiteSpace(filter.Organisation))
        {
            var text = filter.Organisation.Trim();
            var code = text.ToUpperInvariant();
            rows = rows.Where(x => x.OrganisationName.Contains(text) || x.OrganisationCode == code);
        }
        return (edition, scope, rows);
    }

    private static IQueryable<Joined> Sorted(IQueryable<Joined> rows, ReviewSort sort) => sort switch
    {
        ReviewSort.OrganisationName => rows.OrderBy(x => x.OrganisationName).ThenBy(x => x.Person.Name),
        ReviewSort.PersonName => rows.OrderBy(x => x.Person.Name).ThenBy(x => x.Person.Id),
        ReviewSort.Status => rows.OrderBy(x => x.Person.Status).ThenBy(x => x.Person.Id),
        _ => rows.OrderByDescending(x => x.Person.Id),
    };

    /// <summary>CSV cell: quoted when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.</summary>
    private static string Csv(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@') v = "'" + v;
        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
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
}

using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using System.Linq.Expressions;
using CiieBlazor.Domain.Search;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Review;

public enum ReviewSort
{
    Newest,
    PersonName,
}

/// <summary>The guide's filters of 交易团(分团)审核, plus the quick keyword box and the paging position.</summary>
public sealed record ReviewerPersonFilter
{
    /// <summary>快速搜索: person name (fuzzy), organisation name or credit code, or an exact document number.</summary>
    public string? Keyword { get; init; }
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
    /// <summary>Seek paging (newest first): the page starts after this person — the last row of the page before.</summary>
    public Guid? After { get; init; }
    /// <summary>Seek paging backwards: the page ends before this person — the first row of the page after.</summary>
    public Guid? Before { get; init; }

    /// <summary>True when every filter is one the maintained counters answer exactly (no text, date or badge filter).</summary>
    public bool CountableFromCounters =>
        string.IsNullOrWhiteSpace(Keyword) && string.IsNullOrWhiteSpace(Organisation) && string.IsNullOrWhiteSpace(PersonName) && EntryDate is null;
}

public sealed record ReviewerPersonRow(
    Guid Id, Guid OrganisationId, string OrganisationName, RegistrationStatus RegistrationStatus, string Name, string Nationality, string MaskedDocumentNumber,
    string Position, PersonTag? Tag, PersonStatus Status, DateOnly? EntryFrom, DateOnly? EntryTo, decimal Fee, PickupMethod Pickup,
    BadgeStatus Badge, bool IsReuse, IReadOnlyList<PersonTrigger> Allowed, IReadOnlyList<PersonTag> UpgradeTo)
{
    /// <summary>Tagging or locking waits for the organisation's approval (the domain's OrganisationApproved guard).</summary>
    public bool BlockedByOrganisationReview { get; init; }

    /// <summary>The person's and its registration's concurrency tokens: a live reload highlights rows whose stamp changed.</summary>
    public string Stamp { get; init; } = "";
}

public sealed record QuotaBar(int VipUsed, int VipQuota, int StaffUsed, int StaffQuota, int ProfessionalVisitorsTagged);

/// <param name="TotalIsLowerBound">True when the filter matched more than <see cref="ReviewerPersonQueries.CountCap"/> rows and counting stopped there.</param>
public sealed record ReviewerPage(IReadOnlyList<ReviewerPersonRow> Rows, int Total, QuotaBar Quota, bool TotalIsLowerBound = false);

/// <summary>
/// The reviewer grid: one row per person with its organisation, filtered, sorted and paged in SQL, scoped to the
/// delegation. Built for a million persons: totals and the quota bar come from trigger-maintained counters
/// (<see cref="PersonCount"/>), names are found through the gram index (<see cref="PersonNameGram"/>), pages after
/// the first are sought by key (newest first) instead of skipped, and a count over free-text filters stops at
/// <see cref="CountCap"/>. Figures: docs/PERFORMANCE.md.
/// </summary>
public sealed class ReviewerPersonQueries(IDbContextFactory<AppDbContext> dbs, AccessGuard access)
{
    public const int CountCap = 1_000;

    public async Task<ReviewerPage> PageAsync(Actor actor, ReviewerPersonFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (edition, scope, persons, few) = await FilteredAsync(db, actor, filter, ct);
        var size = Math.Clamp(filter.PageSize, 10, 200);
        var parts = Parts(persons, scope);

        int total;
        bool capped;
        List<Guid> ids;
        if (few)
        {
            // A text filter left at most a couple of thousand persons: fetch them by key, order and page them here.
            var keys = KeyOrder.For(db);
            var all = await persons.Select(p => new { p.Id, Name = EF.Property<string>(p, AppDbContext.SearchName) }).ToListAsync(ct);
            var ordered = filter.Sort == ReviewSort.PersonName
                ? all.OrderBy(x => x.Name, StringComparer.Ordinal).ThenByDescending(x => x.Id, keys).Select(x => x.Id)
                : all.Select(x => x.Id).OrderDescending(keys);
            (total, capped) = (all.Count, false);
            // Seek from the neighbouring page's edge row as the main path does, so rows arriving meanwhile never repeat.
            ids = filter.Sort == ReviewSort.Newest && filter.After is { } after ? ordered.Where(id => keys.Compare(id, after) < 0).Take(size).ToList()
                : filter.Sort == ReviewSort.Newest && filter.Before is { } before ? ordered.Where(id => keys.Compare(id, before) > 0).TakeLast(size).ToList()
                : ordered.Skip(Math.Max(0, filter.Page) * size).Take(size).ToList();
        }
        else
        {
            (total, capped) = filter.CountableFromCounters
                ? (await CountersFor(db, edition.Id, scope, filter).SumAsync(c => c.Count, ct), false)
                : await CappedCountAsync(parts, ct);
            ids = await PageIdsAsync(db, parts, filter, size, capped ? null : total, ct);
        }
        var page = await Joined(db, db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id))).ToListAsync(ct);
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        page.Sort((a, b) => order[a.Person.Id].CompareTo(order[b.Person.Id]));
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
                Stamp = $"{p.Version:N}{x.RegistrationVersion:N}{badges.GetValueOrDefault(p.Id)}",
            };
        }).ToList();
        return new ReviewerPage(result, total, await QuotaAsync(db, actor, edition.Id, scope, ct), capped);
    }

    /// <summary>当前配置数 alone (the bar above the grid).</summary>
    public async Task<QuotaBar> QuotaBarAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Reviewer, ActorRole.Operator, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var editionId = await db.Editions.AsNoTracking().Where(e => e.IsCurrent).Select(e => e.Id).SingleAsync(ct);
        return await QuotaAsync(db, actor, editionId, await AccessGuard.ReviewScopeAsync(db, actor, ct), ct);
    }

    /// <summary>
    /// The filtered persons split by delegation of the scope (one part for an operator). Each part is one equality on
    /// the delegation, so the database walks one index in key order and stops after a page; the parts are merged here.
    /// </summary>
    private static List<IQueryable<Person>> Parts(IQueryable<Person> persons, List<Guid>? scope) =>
        scope is null ? [persons] : scope.Select(d => persons.Where(p => p.DelegationId == d)).ToList();

    /// <summary>
    /// The ids of one page. Newest first: sought from the neighbouring page's edge row when the grid gives one (so
    /// page 5,000 costs what page 2 costs), else skipped to. Each part yields at most skip + size keys; the merge uses
    /// the database's own key order so both agree.
    /// </summary>
    private static async Task<List<Guid>> PageIdsAsync(AppDbContext db, List<IQueryable<Person>> parts, ReviewerPersonFilter filter, int size, int? total, CancellationToken ct)
    {
        var keys = KeyOrder.For(db);
        if (filter.Sort == ReviewSort.Newest && (filter.After ?? filter.Before) is { } edge)
        {
            var forward = filter.After is not null;
            var found = new List<Guid>();
            foreach (var part in parts)
            {
                found.AddRange(forward
                    ? await part.Where(p => p.Id.CompareTo(edge) < 0).OrderByDescending(p => p.Id).Select(p => p.Id).Take(size).ToListAsync(ct)
                    : await part.Where(p => p.Id.CompareTo(edge) > 0).OrderBy(p => p.Id).Select(p => p.Id).Take(size).ToListAsync(ct));
            }
            var page = forward ? found.OrderDescending(keys).Take(size) : found.Order(keys).Take(size).Reverse();
            return page.ToList();
        }

        var skip = Math.Max(0, filter.Page) * size;
        if (filter.Sort == ReviewSort.PersonName)
        {
            var named = new List<(string Name, Guid Id)>();
            foreach (var part in parts)
            {
                var rows = await part.OrderBy(p => EF.Property<string>(p, AppDbContext.SearchName)).ThenByDescending(p => p.Id)
                    .Select(p => new { Name = EF.Property<string>(p, AppDbContext.SearchName), p.Id }).Take(skip + size).ToListAsync(ct);
                named.AddRange(rows.Select(r => (r.Name, r.Id)));
            }
            return named.OrderBy(x => x.Name, StringComparer.Ordinal).ThenByDescending(x => x.Id, keys).Skip(skip).Take(size).Select(x => x.Id).ToList();
        }
        if (total is { } known && skip > known / 2)
        {
            // Past the middle (the pager's "last page"): count from the oldest end instead, so fewer rows are skipped.
            var fromEnd = Math.Max(0, known - skip - size);
            var take = Math.Min(size, known - skip);
            if (take <= 0) return [];
            var oldest = new List<Guid>();
            foreach (var part in parts)
            {
                oldest.AddRange(await part.OrderBy(p => p.Id).Select(p => p.Id).Skip(parts.Count == 1 ? fromEnd : 0).Take(parts.Count == 1 ? take : fromEnd + take).ToListAsync(ct));
            }
            var slice = parts.Count == 1 ? oldest : oldest.Order(keys).Skip(fromEnd).Take(take).ToList();
            slice.Reverse();
            return slice;
        }
        var newest = new List<Guid>();
        foreach (var part in parts)
        {
            newest.AddRange(await part.OrderByDescending(p => p.Id).Select(p => p.Id).Skip(parts.Count == 1 ? skip : 0).Take(parts.Count == 1 ? size : skip + size).ToListAsync(ct));
        }
        return parts.Count == 1 ? newest : newest.OrderDescending(keys).Skip(skip).Take(size).ToList();
    }

    private static async Task<(int Total, bool Capped)> CappedCountAsync(List<IQueryable<Person>> parts, CancellationToken ct)
    {
        var n = 0;
        foreach (var part in parts)
        {
            if (n > CountCap) break;
            n += await part.Select(p => p.Id).Take(CountCap + 1 - n).CountAsync(ct);
        }
        return n > CountCap ? (CountCap, true) : (n, false);
    }

    public const int MaxExportRows = 100_000;

    private static readonly string[] ExportHeader = ["姓名", "单位名称", "统一社会信用代码", "国籍/地区", "证件号码", "职务", "人员标签", "人员状态", "入场日期", "金额", "领取方式", "证件复用"];

    /// <summary>导出: the current filter as CSV (UTF-8 with BOM so Excel reads Chinese), document numbers masked.</summary>
    public async Task<byte[]> ExportCsvAsync(Actor actor, ReviewerPersonFilter filter, CancellationToken ct = default)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Join(',', ExportHeader));
        await foreach (var cells in ExportRowsAsync(actor, filter, ct))
        {
            text.AppendLine(string.Join(',', cells.Select(Csv)));
        }
        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>导出 Excel: the same rows as an .xlsx workbook (text cells, so numbers and formulas are never interpreted).</summary>
    public async Task<byte[]> ExportExcelAsync(Actor actor, ReviewerPersonFilter filter, CancellationToken ct = default)
    {
        // The header is written as the first row itself, so it is there even when the filter matches no one.
        var rows = new List<Dictionary<string, object?>> { Row(ExportHeader) };
        await foreach (var cells in ExportRowsAsync(actor, filter, ct))
        {
            rows.Add(Row(cells));
        }
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, printHeader: false, sheetName: "人员", cancellationToken: ct);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(string[] cells)
    {
        var row = new Dictionary<string, object?>(cells.Length);
        for (var i = 0; i < cells.Length; i++) row[$"c{i}"] = cells[i];
        return row;
    }

    private async IAsyncEnumerable<string[]> ExportRowsAsync(Actor actor, ReviewerPersonFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (edition, _, persons, _) = await FilteredAsync(db, actor, filter, ct);
        await foreach (var x in SortedJoined(Joined(db, persons), filter.Sort).Take(MaxExportRows).AsAsyncEnumerable().WithCancellation(ct))
        {
            var p = x.Person;
            yield return
            [
                p.Name, x.OrganisationName, x.OrganisationCode, p.Nationality, p.MaskedDocumentNumber, p.Position, p.Tag?.ToString() ?? "", p.Status.ToString(),
                $"{p.EntryFrom:yyyy-MM-dd}~{p.EntryTo:yyyy-MM-dd}", p.Fee(edition).Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                p.PickupMethod.ToString(), p.IsReuse ? "是" : "否",
            ];
        }
    }

    /// <summary>群发邮件 recipients: the contact of every organisation with a person in the current filter.</summary>
    public async Task<IReadOnlyList<(Guid OrganisationId, string Organisation, string Email)>> RecipientsAsync(Actor actor, ReviewerPersonFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (_, _, persons, _) = await FilteredAsync(db, actor, filter, ct);
        var list = await Joined(db, persons).Where(x => x.ContactEmail != null)
            .Select(x => new { x.Person.OrganisationId, x.OrganisationName, x.ContactEmail }).Distinct().Take(10_000).ToListAsync(ct);
        return list.Select(x => (x.OrganisationId, x.OrganisationName, x.ContactEmail!)).OrderBy(x => x.OrganisationName).ToList();
    }

    /// <summary>One row: the person with its organisation and registration.</summary>
    private sealed class JoinedRow
    {
        public Person Person { get; init; } = default!;
        public string OrganisationName { get; init; } = "";
        public string OrganisationCode { get; init; } = "";
        public RegistrationStatus RegistrationStatus { get; init; }
        public Guid RegistrationVersion { get; init; }
        public string? ContactEmail { get; init; }
    }

    private static IQueryable<JoinedRow> Joined(AppDbContext db, IQueryable<Person> persons) =>
        from p in persons
        join o in db.Organisations.AsNoTracking() on p.OrganisationId equals o.Id
        join r in db.Registrations.AsNoTracking() on p.RegistrationId equals r.Id
        select new JoinedRow
        {
            Person = p, OrganisationName = o.Name, OrganisationCode = o.Code, RegistrationStatus = r.Status, RegistrationVersion = r.Version, ContactEmail = r.ContactEmail,
        };

    /// <summary>The persons the actor may see in the current edition (submitted ones only), with every filter applied.</summary>
    private async Task<(Domain.Editions.Edition Edition, List<Guid>? Scope, IQueryable<Person> Persons, bool FewCandidates)> FilteredAsync(
        AppDbContext db, Actor actor, ReviewerPersonFilter filter, CancellationToken ct)
    {
        access.EnsureRole(actor, ActorRole.Reviewer, ActorRole.Operator, ActorRole.Admin);
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent, ct);
        var scope = await AccessGuard.ReviewScopeAsync(db, actor, ct);
        var notSubmitted = PersonMachine.NotSubmittedStatuses;

        var persons = db.Persons.AsNoTracking().Where(p => p.EditionId == edition.Id && !notSubmitted.Contains(p.Status));
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
        var few = false;
        // A text filter matching few persons is resolved to their ids first (index lookups from the gram or organisation
        // side), and the page query then starts from that list — never from a walk over the whole delegation.
        // Alternatives (快速搜索) are resolved one by one and their ids joined here: an OR of them in one query would keep
        // PostgreSQL from starting at any one index (it walks the edition instead, ~200 ms at a million persons).
        async Task<Expression<Func<Person, bool>>> ResolveAsync(params TextMatch[] alternatives)
        {
            var walk = alternatives.Select(m => m.Walk).Aggregate(Or);
            if (alternatives.Any(m => !m.Few)) return walk;
            var ids = new HashSet<Guid>();
            foreach (var match in alternatives)
            {
                ids.UnionWith(await db.Persons.AsNoTracking().Where(p => p.EditionId == edition.Id).Where(match.Drive)
                    .Select(p => p.Id).Take(CandidateLimit + 1).ToListAsync(ct));
                if (ids.Count > CandidateLimit) return walk;
            }
            few = true;
            var list = ids.ToList();
            return p => EF.Parameter(list).Contains(p.Id);
        }
        if (await NameMatchAsync(db, edition.Id, filter.PersonName, ct) is { } byName) persons = persons.Where(await ResolveAsync(byName));
        if (await OrganisationMatchAsync(db, filter.Organisation, ct) is { } byOrganisation) persons = persons.Where(await ResolveAsync(byOrganisation));
        if (!string.IsNullOrWhiteSpace(filter.Keyword))
        {
            // 快速搜索: any of name, organisation (name or code) and document number.
            // The number is encrypted at rest: it is found through its blind index.
            var document = db.DocumentIndexOf(filter.Keyword);
            Expression<Func<Person, bool>> byDocument = p => EF.Property<string>(p, AppDbContext.DocumentIndex) == document;
            var matches = new[]
            {
                await NameMatchAsync(db, edition.Id, filter.Keyword, ct), await OrganisationMatchAsync(db, filter.Keyword, ct),
                new TextMatch(1, byDocument, byDocument),
            }.OfType<TextMatch>().ToArray();
            persons = persons.Where(await ResolveAsync(matches));
        }
        if (filter.Badge is { } badge) persons = persons.Where(p => EF.Property<BadgeStatus>(p, AppDbContext.PersonBadgeStatus) == badge);
        return (edition, scope, persons, few);
    }

    /// <summary>Text filters are resolved first: up to this many matching persons are then fetched by key, more are checked while walking.</summary>
    private const int CandidateLimit = 5_000;

    /// <summary>
    /// A text filter's result. <paramref name="Count"/> matching persons in the edition (counted up to the limit);
    /// when there are few, <paramref name="Drive"/> lets the database start from them (an index lookup, then a handful
    /// of rows to order); when there are many, <paramref name="Walk"/> is checked while walking the key-order index.
    /// </summary>
    private sealed record TextMatch(int Count, Expression<Func<Person, bool>> Drive, Expression<Func<Person, bool>> Walk)
    {
        public bool Few => Count <= CandidateLimit;
    }

    /// <summary>
    /// Fuzzy name match through the gram index: persons holding the query's rarest gram whose folded name contains
    /// the folded query. A one-character query is a surname: the folded name starts with it, checked while walking (a
    /// common surname matches a tenth of everyone).
    /// </summary>
    private static async Task<TextMatch?> NameMatchAsync(AppDbContext db, Guid editionId, string? query, CancellationToken ct)
    {
        var folded = NameGrams.Fold(query);
        if (folded.Length == 0) return null;
        var grams = NameGrams.ForQuery(query);
        if (grams.Count == 0)
        {
            // Folding removed every LIKE wildcard (they are punctuation), so the pattern is literal.
            var prefix = folded + "%";
            Expression<Func<Person, bool>> surname = p => EF.Functions.Like(EF.Property<string>(p, AppDbContext.SearchName), prefix);
            return new TextMatch(int.MaxValue, surname, surname);
        }
        // The rarest gram narrows most: each is counted only up to the limit, a few index steps.
        var gram = grams[0];
        var fewest = int.MaxValue;
        foreach (var g in grams)
        {
            var n = await db.PersonNameGrams.Where(x => x.EditionId == editionId && x.Gram == g).Select(x => x.PersonId).Take(CandidateLimit + 1).CountAsync(ct);
            if (n < fewest) (gram, fewest) = (g, n);
        }
        var candidates = db.PersonNameGrams.Where(g => g.EditionId == editionId && g.Gram == gram).Select(g => g.PersonId);
        Expression<Func<Person, bool>> drive = p => candidates.Contains(p.Id) && EF.Property<string>(p, AppDbContext.SearchName).Contains(folded);
        // The rarest gram's count bounds the matches. Many: the folded name is in the key-order index, so the walk
        // checks it without touching rows.
        return new TextMatch(fewest, drive, p => EF.Property<string>(p, AppDbContext.SearchName).Contains(folded));
    }

    /// <summary>Organisations listed by key when a text matches at most this many of them (else checked by subquery).</summary>
    private const int OrganisationLimit = 500;

    /// <summary>Organisation name contains the text, or the credit code equals it. The organisations are looked up once.</summary>
    private static async Task<TextMatch?> OrganisationMatchAsync(AppDbContext db, string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var name = text.Trim();
        var code = name.ToUpperInvariant();
        var organisations = db.Organisations.Where(o => o.Name.Contains(name) || o.Code == code).Select(o => o.Id);
        var found = await organisations.Take(OrganisationLimit + 1).ToListAsync(ct);
        if (found.Count > OrganisationLimit)
        {
            Expression<Func<Person, bool>> any = p => organisations.Contains(p.OrganisationId);
            return new TextMatch(int.MaxValue, any, any);
        }
        // A few hundred organisations: their persons are listed by the organisation index (counted when resolved).
        Expression<Func<Person, bool>> listed = p => found.Contains(p.OrganisationId);
        return new TextMatch(found.Count, listed, listed);
    }

    private static Expression<Func<Person, bool>> Or(Expression<Func<Person, bool>> left, Expression<Func<Person, bool>> right)
    {
        var parameter = left.Parameters[0];
        var body = new ReplaceParameter(right.Parameters[0], parameter).Visit(right.Body);
        return Expression.Lambda<Func<Person, bool>>(Expression.OrElse(left.Body, body), parameter);
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private static IQueryable<JoinedRow> SortedJoined(IQueryable<JoinedRow> rows, ReviewSort sort) => sort switch
    {
        ReviewSort.PersonName => rows.OrderBy(x => EF.Property<string>(x.Person, AppDbContext.SearchName)).ThenByDescending(x => x.Person.Id),
        _ => rows.OrderByDescending(x => x.Person.Id),
    };

    /// <summary>CSV cell: quoted when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.</summary>
    private static string Csv(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@') v = "'" + v;
        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
    }

    /// <summary>The maintained counters matching the scope and the categorical filters (the submitted statuses only).</summary>
    private static IQueryable<PersonCount> CountersFor(AppDbContext db, Guid editionId, List<Guid>? scope, ReviewerPersonFilter filter)
    {
        var submitted = PersonMachine.SubmittedStatuses;
        var counts = db.PersonCounts.AsNoTracking().Where(c => c.EditionId == editionId && submitted.Contains(c.Status));
        if (scope is not null) counts = counts.Where(c => scope.Contains(c.DelegationId));
        if (filter.Status is { } status) counts = counts.Where(c => c.Status == status);
        if (filter.Type is { } type) counts = counts.Where(c => c.PersonType == type);
        if (filter.Tags.Count > 0)
        {
            var tags = filter.Tags.Select(t => PersonCount.TagKey(t)).ToList();
            counts = counts.Where(c => tags.Contains(c.Tag));
        }
        if (filter.Pickup is { } pickup) counts = counts.Where(c => c.PickupMethod == pickup);
        if (filter.Reuse is { } reuse) counts = counts.Where(c => c.IsReuse == reuse);
        if (filter.Badge is { } badge) counts = counts.Where(c => c.BadgeStatus == badge);
        return counts;
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
        var pvTag = PersonCount.TagKey(PersonTag.ProfessionalVisitor);
        var holding = PersonMachine.HoldingTagStatuses;
        var pv = db.PersonCounts.AsNoTracking().Where(c => c.EditionId == editionId && c.Tag == pvTag && holding.Contains(c.Status));
        if (scope is not null) pv = pv.Where(c => scope.Contains(c.DelegationId));
        return new QuotaBar(sums?.VipUsed ?? 0, sums?.VipQuota ?? 0, sums?.StaffUsed ?? 0, sums?.StaffQuota ?? 0, await pv.SumAsync(c => c.Count, ct));
    }
}

using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Progress;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Progress;

public sealed record ProgressView(
    Guid OrganisationId,
    string OrganisationName,
    int EditionNumber,
    RegistrationStatus? RegistrationStatus,
    string? ReturnReason,
    IReadOnlyList<ProgressStep> Steps);

/// <summary>Reads what the 8-step flowchart shows for one organisation in the current edition.</summary>
public sealed class ProgressService(IDbContextFactory<AppDbContext> dbs, AccessGuard access)
{
    public async Task<ProgressView> GetAsync(Actor actor, Guid organisationId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await access.EnsureCanSeeOrganisationAsync(db, actor, organisationId, ct);

        var org = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => new { o.Name }).SingleOrDefaultAsync(ct)
            ?? throw new AccessDeniedException("单位不存在 (no such organisation)");
        var edition = await db.Editions.AsNoTracking().Where(e => e.IsCurrent).Select(e => new { e.Id, e.Number }).SingleAsync(ct);
        var registration = await db.Registrations.AsNoTracking()
            .Where(r => r.OrganisationId == organisationId && r.EditionId == edition.Id)
            .Select(r => new { r.Status, r.ReturnReason })
            .SingleOrDefaultAsync(ct);
        var persons = await (
            from p in db.Persons.AsNoTracking()
            where p.OrganisationId == organisationId && p.EditionId == edition.Id
            join b in db.Badges.AsNoTracking() on p.Id equals b.PersonId into badges
            from b in badges.DefaultIfEmpty()
            select new { p.Status, p.Tag, p.IsReuse, Badge = b == null ? BadgeStatus.None : b.Status })
            .ToListAsync(ct);

        var steps = ProgressFlowchart.Compute(registration?.Status,
            persons.Select(p => new PersonProgress(p.Status, p.Tag, p.IsReuse, p.Badge)).ToArray());
        return new ProgressView(organisationId, org.Name, edition.Number, registration?.Status, registration?.ReturnReason, steps);
    }
}

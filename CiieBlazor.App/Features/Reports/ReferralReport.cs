using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Reports;

public sealed record ReferralRow(string ReferralCode, int Registrations, int Submitted, int Approved, IReadOnlyList<string> Organisations);

/// <summary>推荐码统计: registrations of the current edition per partner referral code.</summary>
public sealed class ReferralReport(IDbContextFactory<AppDbContext> dbs, AccessGuard access)
{
    public async Task<IReadOnlyList<ReferralRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Operator, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await (
            from r in db.Registrations.AsNoTracking()
            join o in db.Organisations.AsNoTracking() on r.OrganisationId equals o.Id
            where r.ReferralCode != null && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent)
            select new { r.ReferralCode, r.Status, o.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.ReferralCode!.ToUpperInvariant())
            .Select(g => new ReferralRow(g.Key, g.Count(),
                g.Count(r => r.Status != RegistrationStatus.Draft),
                g.Count(r => r.Status == RegistrationStatus.Approved),
                g.Select(r => r.Name).OrderBy(n => n).ToList()))
            .OrderByDescending(r => r.Registrations).ThenBy(r => r.ReferralCode).ToList();
    }
}

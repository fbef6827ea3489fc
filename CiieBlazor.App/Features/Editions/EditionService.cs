using CiieBlazor.App.Data;
using CiieBlazor.Domain.Editions;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Editions;

public sealed class EditionService(IDbContextFactory<AppDbContext> dbs)
{
    /// <summary>The edition now open for registration.</summary>
    public async Task<Edition> GetCurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Editions.AsNoTracking().SingleOrDefaultAsync(e => e.IsCurrent, ct)
            ?? throw new InvalidOperationException("No current edition is configured (an operator must open one).");
    }
}

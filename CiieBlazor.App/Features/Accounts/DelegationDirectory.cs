using CiieBlazor.App.Data;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Accounts;

public sealed record DelegationOption(Guid Id, string NameZh, string NameEn, IReadOnlyList<DelegationOption> Children);

/// <summary>Delegations and their sub-delegations for the cascading choice (交易团 → 分团).</summary>
public sealed class DelegationDirectory(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<IReadOnlyList<DelegationOption>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var all = await db.Delegations.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code).ToListAsync(ct);
        return all.Where(d => d.ParentId is null)
            .Select(d => new DelegationOption(d.Id, d.NameZh, d.NameEn,
                all.Where(c => c.ParentId == d.Id).Select(c => new DelegationOption(c.Id, c.NameZh, c.NameEn, [])).ToList()))
            .ToList();
    }
}

using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Review;

/// <summary>Batches of nothing or of too many persons are refused with a clear message, and nothing is touched.</summary>
public sealed class BatchLimits : IDisposable
{
    private readonly TestApp _app = new();

    public static TheoryData<string> Commands => ["tag", "lock", "upgrade", "cancel"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task AnEmptyBatchAndATenThousandBatchAreRefusedAndChangeNothing(string command)
    {
        var tagging = _app.Get<TaggingService>();
        var reviewer = await _app.ActorAsync("sh.reviewer");
        await using var before = _app.Db();
        var demo = await before.Persons.AsNoTracking().Where(p => p.Name == "张伟华" && before.Editions.Any(e => e.Id == p.EditionId && e.IsCurrent)).Select(p => p.Id).FirstAsync();
        var snapshot = await before.Persons.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Status, p.Tag, p.Version }).ToListAsync();
        var outbox = await before.Outbox.CountAsync();

        Task Run(IReadOnlyCollection<Guid> ids) => command switch
        {
            "tag" => tagging.TagAsync(reviewer, ids, PersonTag.ProfessionalVisitor),
            "lock" => tagging.LockAsync(reviewer, ids),
            "upgrade" => tagging.UpgradeAsync(reviewer, ids, PersonTag.Vip),
            _ => tagging.CancelAsync(reviewer, ids, "重复报名"),
        };

        var none = await Assert.ThrowsAsync<DomainException>(() => Run([]));
        Assert.Contains("请选择人员", none.Message);

        // 10,000 ids, the real person among them: over the limit, refused before anything is read or written.
        var many = Enumerable.Range(0, 9_999).Select(_ => Guid.NewGuid()).Append(demo).ToList();
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => Run(many));
        Assert.Contains($"一次最多处理{TaggingService.MaxBatch}人", tooMany.Message);

        await using var after = _app.Db();
        Assert.Equal(snapshot.Select(x => (x.Id, x.Status, x.Tag, x.Version)),
            (await after.Persons.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Status, p.Tag, p.Version }).ToListAsync()).Select(x => (x.Id, x.Status, x.Tag, x.Version)));
        Assert.Equal(outbox, await after.Outbox.CountAsync());
    }

    public void Dispose() => _app.Dispose();
}

using System.Collections.Concurrent;
using System.Diagnostics;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Badges;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Gate;

/// <summary>What the gate answers for one scan.</summary>
public sealed record ScanResult(bool Admit, GateRefusal Refusal, string Message, string? BadgeNumber, string? Name, string? Organisation, PersonTag? Tag,
    Guid? PhotoFileId, DateTimeOffset At, double ServerMs);

/// <summary>
/// 入馆核验: reads a badge QR token, checks its signature, looks the badge and its holder up (one indexed read), and
/// decides with the domain's <see cref="GateCheck"/>: admit, or refuse with the reason. Who is inside is kept in memory
/// (anti-passback, one decision at a time per badge) and rebuilt from the day's scan log on start; every scan is logged
/// through <see cref="GateScanLog"/>.
/// </summary>
public sealed class GateService(
    IDbContextFactory<AppDbContext> dbs,
    BadgeTokenKey tokenKey,
    GateScanLog log,
    TimeProvider clock,
    ILogger<GateService> logger)
{
    public const int MaxGateNameLength = 40;
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private readonly object[] _stripes = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile State? _state;

    private sealed record State(Guid EditionId, DateOnly Day, ConcurrentDictionary<string, bool> Inside, DateTimeOffset EditionCheckedAt);

    private sealed class Row
    {
        public string BadgeNumber { get; init; } = "";
        public int Serial { get; init; }
        public BadgeStatus Status { get; init; }
        public PersonStatus PersonStatus { get; init; }
        public DateOnly? EntryFrom { get; init; }
        public DateOnly? EntryTo { get; init; }
        public string Name { get; init; } = "";
        public string Organisation { get; init; } = "";
        public PersonTag? Tag { get; init; }
        public Guid? PhotoFileId { get; init; }
    }

    private static readonly Func<AppDbContext, Guid, string, Task<Row?>> Lookup = EF.CompileAsyncQuery((AppDbContext db, Guid edition, string number) =>
        (from b in db.Badges
         where b.EditionId == edition && b.BadgeNumber == number
         join p in db.Persons on b.PersonId equals p.Id
         join o in db.Organisations on p.OrganisationId equals o.Id
         select new Row
         {
             BadgeNumber = b.BadgeNumber!, Serial = b.Serial, Status = b.Status, PersonStatus = p.Status, EntryFrom = p.EntryFrom, EntryTo = p.EntryTo,
             Name = p.Name, Organisation = o.Name, Tag = p.Tag, PhotoFileId = p.PhotoFileId,
         }).FirstOrDefault());

    public async Task<ScanResult> ScanAsync(string? scanned, string gate, GateDirection direction, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var state = await StateAsync(now, ct);
        var problem = BadgeToken.TryRead(scanned, tokenKey.Key, out var claims);
        Row? row = null;
        if (problem == TokenProblem.None)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            row = await Lookup(db, state.EditionId, claims.BadgeNumber);
        }
        var badge = row is null ? null : new GateBadge(row.BadgeNumber, row.Serial, row.Status, row.PersonStatus, row.EntryFrom, row.EntryTo);
        GateDecision decision;
        lock (_stripes[(uint)(claims.BadgeNumber?.GetHashCode() ?? 0) % _stripes.Length])
        {
            var inside = claims.BadgeNumber is { } n && state.Inside.TryGetValue(n, out var i) && i;
            decision = GateCheck.Decide(problem, claims.Serial, badge, state.Day, direction, inside);
            if (decision.Admit) state.Inside[claims.BadgeNumber!] = direction == GateDirection.In;
        }
        log.Add(new GateScan
        {
            At = now, EditionId = state.EditionId, Gate = Clip(gate, MaxGateNameLength), Direction = direction, BadgeNumber = problem == TokenProblem.None ? claims.BadgeNumber : null,
            Serial = claims.Serial, Admitted = decision.Admit, Refusal = decision.Refusal, Scanned = Clip(scanned, 64),
        });
        if (!decision.Admit && decision.Refusal is GateRefusal.Forged or GateRefusal.Revoked or GateRefusal.PersonCancelled or GateRefusal.AlreadyInside)
            logger.LogWarning("Gate {Gate}: {Direction} refused ({Refusal}) for badge {Badge}.", gate, direction, decision.Refusal, claims.BadgeNumber);
        var shown = row is not null && problem == TokenProblem.None;
        return new ScanResult(decision.Admit, decision.Refusal, GateCheck.Describe(decision.Refusal), shown ? row!.BadgeNumber : null, shown ? row!.Name : null,
            shown ? row!.Organisation : null, shown ? row!.Tag : null, shown ? row!.PhotoFileId : null, now, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The current edition and who is inside today, rebuilt from the day's scans when the day changes or on first use.</summary>
    private async ValueTask<State> StateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime);
        var state = _state;
        if (state is not null && state.Day == day && now - state.EditionCheckedAt < TimeSpan.FromMinutes(1)) return state;
        await _loading.WaitAsync(ct);
        try
        {
            state = _state;
            if (state is not null && state.Day == day && now - state.EditionCheckedAt < TimeSpan.FromMinutes(1)) return state;
            await using var db = await dbs.CreateDbContextAsync(ct);
            var edition = await db.Editions.AsNoTracking().Where(e => e.IsCurrent).Select(e => e.Id).SingleAsync(ct);
            if (state is not null && state.Day == day && state.EditionId == edition)
            {
                _state = state with { EditionCheckedAt = now };
                return _state;
            }
            await log.FlushAsync(ct);
            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaOffset);
            var last = await db.GateScans.AsNoTracking().Where(s => s.EditionId == edition && s.At >= dayStart && s.Admitted && s.BadgeNumber != null)
                .GroupBy(s => s.BadgeNumber!).Select(g => g.OrderByDescending(s => s.Id).Select(s => new { s.BadgeNumber, s.Direction }).First()).ToListAsync(ct);
            var inside = new ConcurrentDictionary<string, bool>(last.Select(x => KeyValuePair.Create(x.BadgeNumber!, x.Direction == GateDirection.In)));
            _state = new State(edition, day, inside, now);
            logger.LogInformation("Gate state for {Day}: {Inside} inside.", day, inside.Count(kv => kv.Value));
            return _state;
        }
        finally
        {
            _loading.Release();
        }
    }

    private static string Clip(string? text, int max)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var clean = new string(text.Where(c => !char.IsControl(c)).Take(max).ToArray());
        return clean;
    }
}

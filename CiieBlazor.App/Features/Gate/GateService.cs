using System.Collections.Concurrent;
using System.Diagnostics;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Badges;
using CiieBlazor.App.Realtime;
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
/// through <see cref="GateScanLog"/>. The edition's badges are held in memory as a snapshot, loaded in the background at
/// first use and again whenever anything changes persons or badges (every such save publishes
/// <see cref="Topics.Operations"/>): from that moment until the new snapshot is complete every scan reads its badge from
/// the database, so a cancelled holder or a revoked badge is refused from the next scan on.
/// </summary>
public sealed class GateService
{
    private readonly IDbContextFactory<AppDbContext> dbs;
    private readonly BadgeTokenKey tokenKey;
    private readonly GateScanLog log;
    private readonly TimeProvider clock;
    private readonly ILogger<GateService> logger;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile Snapshot _snapshot = new(new ConcurrentDictionary<string, Row>(), Complete: false, Generation: 0, EditionId: Guid.Empty);
    private long _generation;
    private int _reloadRequested;

    /// <summary>Badges by number; when <c>Complete</c>, a number that is not here is not a badge of the edition.</summary>
    private sealed record Snapshot(ConcurrentDictionary<string, Row> Rows, bool Complete, long Generation, Guid EditionId);

    /// <summary>Whether the in-memory snapshot of the edition's badges is complete (tests and the benchmark wait for it).</summary>
    public bool SnapshotComplete => _snapshot.Complete;

    public GateService(IDbContextFactory<AppDbContext> dbs, BadgeTokenKey tokenKey, GateScanLog log, TimeProvider clock, ILogger<GateService> logger,
        ChangeNotifier? notifier = null)
    {
        this.dbs = dbs;
        this.tokenKey = tokenKey;
        this.log = log;
        this.clock = clock;
        this.logger = logger;
        notifier?.Subscribe(Topics.Operations, Forget);
        notifier?.Subscribe(Topics.Badges, Forget);
    }

    /// <summary>A person or badge changed somewhere: the snapshot is dropped at once and rebuilt in the background.</summary>
    public Task Forget()
    {
        var generation = Interlocked.Increment(ref _generation);
        _snapshot = new Snapshot(new ConcurrentDictionary<string, Row>(), Complete: false, generation, _snapshot.EditionId);
        RequestReload();
        return Task.CompletedTask;
    }

    private void RequestReload()
    {
        if (_snapshot.EditionId == Guid.Empty) return; // not in use yet: the first scan loads it
        Interlocked.Exchange(ref _reloadRequested, 1);
        _ = Task.Run(ReloadAsync);
    }

    /// <summary>Loads every badge of the edition (one query) unless a change came in meanwhile; runs one at a time.</summary>
    private async Task ReloadAsync()
    {
        if (!await _reloading.WaitAsync(0)) return; // the running reload will see the request
        try
        {
            while (Interlocked.Exchange(ref _reloadRequested, 0) == 1)
            {
                await Task.Delay(200); // let a burst of changes settle
                var generation = Interlocked.Read(ref _generation);
                var edition = _snapshot.EditionId;
                await using var db = await dbs.CreateDbContextAsync();
                var rows = new ConcurrentDictionary<string, Row>(StringComparer.Ordinal);
                var organisations = new Dictionary<string, string>(StringComparer.Ordinal);
                await foreach (var row in All(db, edition))
                {
                    // One string per organisation name, not one per person.
                    var shared = organisations.TryGetValue(row.Organisation, out var known) ? known : organisations[row.Organisation] = row.Organisation;
                    rows.TryAdd(row.BadgeNumber, new Row
                    {
                        BadgeNumber = row.BadgeNumber, Serial = row.Serial, Status = row.Status, PersonStatus = row.PersonStatus, EntryFrom = row.EntryFrom,
                        EntryTo = row.EntryTo, Name = row.Name, Organisation = shared, Tag = row.Tag, PhotoFileId = row.PhotoFileId,
                    });
                }
                if (Interlocked.Read(ref _generation) == generation && _snapshot.EditionId == edition)
                {
                    _snapshot = new Snapshot(rows, Complete: true, generation, edition);
                    logger.LogInformation("Gate snapshot: {Count} badges of the edition in memory.", rows.Count);
                }
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The gate snapshot could not be loaded; scans read the database meanwhile.");
        }
        finally
        {
            _reloading.Release();
        }
        if (Volatile.Read(ref _reloadRequested) == 1) _ = Task.Run(ReloadAsync);
    }

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

    private static readonly Func<AppDbContext, Guid, IAsyncEnumerable<Row>> All = EF.CompileAsyncQuery((AppDbContext db, Guid edition) =>
        from b in db.Badges
        where b.EditionId == edition && b.BadgeNumber != null
        join p in db.Persons on b.PersonId equals p.Id
        join o in db.Organisations on p.OrganisationId equals o.Id
        select new Row
        {
            BadgeNumber = b.BadgeNumber!, Serial = b.Serial, Status = b.Status, PersonStatus = p.Status, EntryFrom = p.EntryFrom, EntryTo = p.EntryTo,
            Name = p.Name, Organisation = o.Name, Tag = p.Tag, PhotoFileId = p.PhotoFileId,
        });

    public async Task<ScanResult> ScanAsync(string? scanned, string gate, GateDirection direction, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var state = await StateAsync(now, ct);
        var problem = BadgeToken.TryRead(scanned, tokenKey.Key, out var claims);
        Row? row = null;
        var snapshot = _snapshot;
        if (problem == TokenProblem.None && !snapshot.Rows.TryGetValue(claims.BadgeNumber, out row) && !(snapshot.Complete && snapshot.EditionId == state.EditionId))
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            row = await Lookup(db, state.EditionId, claims.BadgeNumber);
            // Kept only if nothing changed while it was read (otherwise the next scan reads again).
            if (row is not null && Interlocked.Read(ref _generation) == snapshot.Generation) snapshot.Rows.TryAdd(claims.BadgeNumber, row);
        }
        var badge = row is null ? null : new GateBadge(row.BadgeNumber, row.Serial, row.Status, row.PersonStatus, row.EntryFrom, row.EntryTo);
        GateDecision decision;
        lock (_stripes[(uint)(claims.BadgeNumber?.GetHashCode() ?? 0) % _stripes.Length])
        {
            var inside = claims.BadgeNumber is { } n && state.Inside.TryGetValue(n, out var i) && i;
            decision = GateCheck.Decide(problem, claims.Serial, badge, state.Day, direction, inside);
            if (decision.Admit) state.Inside[claims.BadgeNumber!] = direction == GateDirection.In;
        }
        await log.AddAsync(new GateScan
        {
            At = now, EditionId = state.EditionId, Gate = Clip(gate, MaxGateNameLength), Direction = direction, BadgeNumber = problem == TokenProblem.None ? claims.BadgeNumber : null,
            Serial = claims.Serial, Admitted = decision.Admit, Refusal = decision.Refusal, Scanned = Clip(scanned, 64),
        }, ct);
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
            if (_snapshot.EditionId != edition)
            {
                _snapshot = new Snapshot(new ConcurrentDictionary<string, Row>(), Complete: false, Interlocked.Increment(ref _generation), edition);
                RequestReload();
            }
            // Stored times are UTC (+00:00) text in SQLite: compare with UTC so that the text order is the time order.
            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaOffset).ToUniversalTime();
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

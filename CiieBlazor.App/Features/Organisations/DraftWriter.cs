using System.Diagnostics;
using System.Diagnostics.Metrics;
using CiieBlazor.App.Data;
using CiieBlazor.App.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Organisations;

/// <summary>One autosave of a form's draft: what to store, and the version of the draft the window last saw.</summary>
/// <param name="ExpectedVersion">The stored draft's version this window saw; null when it saw none.</param>
/// <param name="Overwrite">The user chose to keep their own text over another window's.</param>
/// <param name="Owner">
/// The visitor organisation saving: the registration must be theirs and still editable (checked in the batch's own
/// read, so that an autosave costs no query of its own); null for a caller that checked for itself.
/// </param>
public sealed record DraftWrite(Guid RegistrationId, string Form, string Json, string SavedBy, Guid? ExpectedVersion, bool Overwrite = false, Guid? Owner = null);

/// <summary>What became of a <see cref="DraftWrite"/>.</summary>
public abstract record DraftWriteResult
{
    /// <summary>Stored (or already stored exactly so: <paramref name="Written"/> false, nothing was written).</summary>
    public sealed record Saved(Guid Version, DateTimeOffset SavedAt, bool Written) : DraftWriteResult;

    /// <summary>Another window saved since this one looked: nothing written; theirs is returned.</summary>
    public sealed record Conflict(string Json, DateTimeOffset SavedAt, Guid Version) : DraftWriteResult;

    /// <summary>The draft this window saw is gone (the form was submitted meanwhile): nothing written.</summary>
    public sealed record Gone : DraftWriteResult;

    /// <summary>The registration is not the <see cref="DraftWrite.Owner"/>'s (or does not exist): nothing written.</summary>
    public sealed record NotOwner : DraftWriteResult;

    /// <summary>The registration was submitted (or is under review): its form cannot be changed, nothing written.</summary>
    public sealed record NotEditable : DraftWriteResult;
}

/// <summary>
/// The autosave write path: every open form saves its draft every 5 seconds, tens of thousands at once before a deadline.
/// Saves queue in a bounded channel; one loop takes whatever is queued (up to <see cref="MaxBatchSize"/>), reads those drafts
/// with one query, decides each save in arrival order (version check, unchanged text skipped) and commits them in one
/// transaction (<see cref="PreparedSave"/>; SQLite in WAL with <c>synchronous=FULL</c>, see <see cref="SqliteTuning"/>).
/// Each caller gets its answer after that commit, so "已保存" means on disk.
/// <para>
/// When the disk is slow the queue fills and callers wait to enqueue (back-pressure): an autosave takes longer, it does
/// not fail. A batch whose save meets another writer (another instance saved one of these drafts) goes again one save
/// at a time, each deciding on fresh data, so the outcome never depends on batching.
/// </para>
/// </summary>
public sealed class DraftWriter : BatchingService<DraftWrite, DraftWriteResult>
{
    public const string MeterName = "CiieBlazor.Autosave";
    public const int MaxBatchSize = 1024;
    public const int DefaultCapacity = 8 * MaxBatchSize;

    private readonly IDbContextFactory<AppDbContext> _dbs;
    private readonly TimeProvider _clock;
    private readonly ILogger<DraftWriter> _logger;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commit;
    private readonly Counter<long> _written;
    private long _rowsWritten;

    public DraftWriter(IDbContextFactory<AppDbContext> dbs, TimeProvider clock, IMeterFactory meters, ILogger<DraftWriter> logger)
        : this(dbs, clock, meters, logger, DefaultCapacity)
    {
    }

    /// <param name="capacity">Saves that may wait in the queue before callers wait to enqueue.</param>
    internal DraftWriter(IDbContextFactory<AppDbContext> dbs, TimeProvider clock, IMeterFactory meters, ILogger<DraftWriter> logger, int capacity)
        : base(capacity, MaxBatchSize)
    {
        _dbs = dbs;
        _clock = clock;
        _logger = logger;
        var meter = meters.Create(MeterName);
        _batchSize = meter.CreateHistogram<int>("ciie.autosave.batch.size", "{draft}", "Draft saves per transaction");
        _commit = meter.CreateHistogram<double>("ciie.autosave.batch.duration", "ms", "Time to read, decide and commit one batch");
        _written = meter.CreateCounter<long>("ciie.autosave.rows", "{row}", "Draft rows written (unchanged drafts are not)");
    }

    /// <summary>Draft rows written since the start (the <c>ciie.autosave.rows</c> counter's total, for <c>/metrics</c>).</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    private void CountWritten(int rows)
    {
        _written.Add(rows);
        Interlocked.Add(ref _rowsWritten, rows);
    }

    /// <summary>Queues the save (waiting for room when the queue is full) and answers after its batch committed.</summary>
    public Task<DraftWriteResult> WriteAsync(DraftWrite write, CancellationToken ct = default) => EnqueueAsync(write, ct);

    protected override void BatchFailed(Exception error, int count) =>
        _logger.LogError(error, "Saving a batch of {Count} drafts failed; each form keeps its text and tries again on its next tick.", count);

    protected override async Task ProcessAsync(List<Pending> batch, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        _batchSize.Record(batch.Count);
        var now = _clock.GetUtcNow();
        await using var db = await _dbs.CreateDbContextAsync(ct);
        var ids = batch.Select(p => p.Item.RegistrationId).Distinct().ToList();
        var drafts = (await db.FormDrafts.Where(d => EF.Parameter(ids).Contains(d.RegistrationId)).ToListAsync(ct))
            .ToDictionary(d => (d.RegistrationId, d.Form));
        var checkedIds = batch.Where(p => p.Item.Owner is not null).Select(p => p.Item.RegistrationId).Distinct().ToList();
        var registrations = checkedIds.Count == 0
            ? []
            : await db.Registrations.AsNoTracking().Where(r => EF.Parameter(checkedIds).Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var results = batch.Select(p => Refusal(registrations, p.Item) ?? Decide(db, drafts, p.Item, now)).ToArray();
        var written = results.Count(r => r is DraftWriteResult.Saved { Written: true });
        if (written > 0)
        {
            try
            {
                await PreparedSave.SaveAsync(db, "drafts", ct);
            }
            catch (DbUpdateException ex)
            {
                _logger.LogDebug("A batch of {Count} drafts met another writer ({Error}); saving them one by one.", batch.Count, ex.InnerException?.Message ?? ex.Message);
                foreach (var p in batch) await OneAsync(p, ct);
                _commit.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return;
            }
        }
        CountWritten(written);
        _commit.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
    }

    /// <summary>One save on its own: fresh read, decide, EF's save; a writer in between makes it a conflict.</summary>
    private async Task OneAsync(Pending p, CancellationToken ct)
    {
        try
        {
            await using var db = await _dbs.CreateDbContextAsync(ct);
            var w = p.Item;
            var drafts = await db.FormDrafts.Where(d => d.RegistrationId == w.RegistrationId && d.Form == w.Form).ToDictionaryAsync(d => (d.RegistrationId, d.Form), ct);
            var registrations = w.Owner is null
                ? []
                : await db.Registrations.AsNoTracking().Where(r => r.Id == w.RegistrationId).ToDictionaryAsync(r => r.Id, ct);
            var result = Refusal(registrations, w) ?? Decide(db, drafts, w, _clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
                if (result is DraftWriteResult.Saved { Written: true }) CountWritten(1);
            }
            catch (DbUpdateException) when (!w.Overwrite)
            {
                await using var check = await _dbs.CreateDbContextAsync(ct);
                var theirs = await check.FormDrafts.AsNoTracking().SingleAsync(d => d.RegistrationId == w.RegistrationId && d.Form == w.Form, ct);
                result = new DraftWriteResult.Conflict(theirs.Json, theirs.SavedAt, theirs.Version);
            }
            p.Done.TrySetResult(result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            p.Done.TrySetException(ex);
        }
    }

    /// <summary>A save for a registration that is not the owner's, or no longer editable (the domain says which); else null.</summary>
    private static DraftWriteResult? Refusal(Dictionary<Guid, CiieBlazor.Domain.Organisations.OrganisationRegistration> registrations, DraftWrite w)
    {
        if (w.Owner is not { } owner) return null;
        if (!registrations.TryGetValue(w.RegistrationId, out var registration) || registration.OrganisationId != owner) return new DraftWriteResult.NotOwner();
        return registration.IsEditable ? null : new DraftWriteResult.NotEditable();
    }

    /// <summary>
    /// The save against the draft as stored (or as an earlier save of this batch left it): a version this window did not
    /// see is a conflict; the same text is not written again; otherwise the draft takes the text and a new version.
    /// </summary>
    private static DraftWriteResult Decide(AppDbContext db, Dictionary<(Guid, string), FormDraft> drafts, DraftWrite w, DateTimeOffset now)
    {
        if (!drafts.TryGetValue((w.RegistrationId, w.Form), out var draft))
        {
            if (w.ExpectedVersion is { } seen && seen != Guid.Empty && !w.Overwrite) return new DraftWriteResult.Gone();
            draft = new FormDraft { RegistrationId = w.RegistrationId, Form = w.Form };
            db.FormDrafts.Add(draft);
            drafts[(w.RegistrationId, w.Form)] = draft;
        }
        else if (draft.Version != w.ExpectedVersion && !w.Overwrite)
        {
            return new DraftWriteResult.Conflict(draft.Json, draft.SavedAt, draft.Version);
        }
        else if (draft.Json == w.Json && db.Entry(draft).State == EntityState.Unchanged)
        {
            return new DraftWriteResult.Saved(draft.Version, draft.SavedAt, Written: false);
        }
        draft.Json = w.Json;
        draft.SavedAt = now;
        draft.SavedBy = w.SavedBy;
        draft.Version = Guid.NewGuid();
        return new DraftWriteResult.Saved(draft.Version, now, Written: true);
    }
}

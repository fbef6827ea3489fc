using System.Diagnostics;
using System.Diagnostics.Metrics;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Hosting;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Payments;

/// <summary>
/// Applies verified provider notices in batches: whatever is queued (up to <see cref="MaxBatchSize"/>) is read with a few set
/// queries in one context, decided by the domain notice by notice in arrival order, and written in one save (one
/// transaction). Each caller gets its notice's outcome only after that commit, so an acknowledgement to the provider
/// always means "durably applied".
/// <para>
/// Exactly once rests on the same things as the per-notice path: a second copy inside the batch finds the receipt the
/// first one added to the same tracked order; a copy in another batch or process finds it in the database; and the
/// order's concurrency token and the unique receipt index make a save that raced another writer (a cancel, a transfer
/// check, another copy) fail as a whole. Then every notice of the batch goes through
/// <see cref="PaymentService.ApplyNotificationAsync"/> (fresh reads, its retries), so the outcome never depends on batching.
/// </para>
/// </summary>
public sealed class PaymentApplier(
    IDbContextFactory<AppDbContext> dbs,
    PaymentService payments,
    ChangeNotifier notifier,
    OutboxDispatcher outbox,
    TimeProvider clock,
    IMeterFactory meters,
    ILogger<PaymentApplier> logger) : BatchingService<ProviderNotice, NotificationResult>(QueueCapacity, MaxBatchSize)
{
    /// <summary>The meter of batch sizes and phase times (dotnet-counters, the benchmark).</summary>
    public const string MeterName = "CiieBlazor.Payments";

    /// <summary>At most this many notices per save.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>Notices waiting beyond this make callers wait before queueing (back-pressure on the endpoint).</summary>
    public const int QueueCapacity = 4 * MaxBatchSize;

    private readonly Histogram<int> _batchSize = meters.Create(MeterName)
        .CreateHistogram<int>("ciie.payments.batch.size", "{notification}", "Notifications applied per save");
    private readonly Histogram<double> _phase = meters.Create(MeterName)
        .CreateHistogram<double>("ciie.payments.batch.duration", "ms", "Time of one phase of a batch (tag phase: read, decide, save, fallback)");

    // The pipeline's state, used by one step at a time (_turn): the write in flight (never throws), the orders and persons
    // it writes, and the notices held back for the next batch.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private Task _writing = Task.CompletedTask;
    private HashSet<Guid> _writingKeys = [];
    private readonly List<Pending> _heldBack = [];

    /// <summary>Applies a verified notice with the next batch and answers after that batch committed.</summary>
    public Task<NotificationResult> ApplyAsync(ProviderNotice notice, CancellationToken ct = default)
    {
        if (NoticeSteps.CheckNotice(notice) is { } refusal) return Task.FromResult(NoticeSteps.Refuse(logger, notice, refusal));
        // A caller that gives up (the provider hung up) leaves its notice queued: it is applied all the same, and the
        // provider's retry finds it a duplicate.
        return EnqueueAsync(notice, ct);
    }

    /// <summary>Applies these notices as one batch, whatever is queued (the loop batches what callers queued).</summary>
    internal async Task<NotificationResult[]> ApplyBatchAsync(IReadOnlyList<ProviderNotice> notices, CancellationToken ct = default)
    {
        var batch = notices.Select(n => new Pending(n)).ToList();
        await InTurnAsync(async () =>
        {
            await ReadDecideAndWriteAsync(batch, ct);
            await ApplyHeldBackAsync(ct);
            await _writing;
        }, ct);
        return await Task.WhenAll(batch.Select(p => p.Done.Task));
    }

    /// <summary>
    /// Applies these batches one after another as the loop does under load — each read and decided while the one before
    /// it is still being written — then what was held back; answers once all is written.
    /// </summary>
    internal async Task<NotificationResult[][]> ApplyInStepsAsync(IReadOnlyList<IReadOnlyList<ProviderNotice>> batches, CancellationToken ct = default)
    {
        var steps = batches.Select(b => b.Select(n => new Pending(n)).ToList()).ToList();
        await InTurnAsync(async () =>
        {
            foreach (var step in steps) await ReadDecideAndWriteAsync(step, ct);
            await ApplyHeldBackAsync(ct);
            await _writing;
        }, ct);
        return await Task.WhenAll(steps.Select(step => Task.WhenAll(step.Select(p => p.Done.Task))));
    }

    protected override void BatchFailed(Exception error, int count) =>
        logger.LogError(error, "Applying a batch of {Count} payment notifications failed; each caller is told so and the provider will retry.", count);

    protected override Task ProcessAsync(List<Pending> batch, CancellationToken ct) => InTurnAsync(() => ReadDecideAndWriteAsync(batch, ct), ct);

    /// <summary>Nothing queued: the notices held back go now (the last write goes on: its callers are answered by it).</summary>
    protected override Task IdleAsync(CancellationToken ct) => _heldBack.Count == 0 ? Task.CompletedTask : InTurnAsync(() => ApplyHeldBackAsync(ct), ct);

    /// <summary>Runs a step of the pipeline while no other step runs (the loop's, or a test's).</summary>
    private async Task InTurnAsync(Func<Task> step, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            await step();
        }
        finally
        {
            _turn.Release();
        }
    }

    protected override async Task StoppedAsync()
    {
        await _writing;
        foreach (var p in _heldBack) p.Done.TrySetCanceled();
        _heldBack.Clear();
    }

    /// <summary>Applies the notices held back, until none is left (each step reads after the write it waited for).</summary>
    private async Task ApplyHeldBackAsync(CancellationToken ct)
    {
        while (_heldBack.Count > 0)
        {
            var batch = new List<Pending>();
            try
            {
                await ReadDecideAndWriteAsync(batch, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                BatchFailed(ex, batch.Count);
                foreach (var p in batch) p.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>
    /// One step of the pipeline: reads and decides this batch (with the notices held back before it first) while the
    /// previous batch is still being written, then waits for that write, starts this batch's write and returns — so the
    /// loop reads the next batch while this one is written. A notice whose order or persons the previous batch is
    /// writing is held back to the next batch, which reads them after that write.
    /// </summary>
    private async Task ReadDecideAndWriteAsync(List<Pending> batch, CancellationToken ct)
    {
        if (_heldBack.Count > 0)
        {
            // Held-back notices arrived first: they go first (batch is also the list whose callers a failure is told).
            batch.InsertRange(0, _heldBack);
            _heldBack.Clear();
        }
        var started = Stopwatch.GetTimestamp();
        var db = await dbs.CreateDbContextAsync(ct);
        try
        {
            _batchSize.Record(batch.Count);
            var (attempts, orders, persons, contacts) = await ReadAsync(db, batch, ct);
            var now = clock.GetUtcNow();
            started = Record("read", started);

            // What the write in flight touches was read here as it was before that write: those notices wait for the next batch.
            var writingNow = _writingKeys;
            var keys = new HashSet<Guid>();
            var decided = new Decision[batch.Count];
            var receiptOwner = new Dictionary<string, Guid>(StringComparer.Ordinal); // transaction → order, for receipts added in this batch
            for (var i = 0; i < batch.Count; i++)
            {
                var notice = batch[i].Item;
                var payment = attempts.GetValueOrDefault(notice.AttemptId);
                var order = payment is null ? null : orders.GetValueOrDefault(payment.OrderId);
                if (order is not null && (writingNow.Contains(order.Id) || order.Lines.Any(l => writingNow.Contains(l.PersonId))))
                {
                    decided[i] = new Decision(Kind.HeldBack, order, null);
                    continue;
                }
                if ((NoticeSteps.CheckNotice(notice) ?? NoticeSteps.CheckAgainst(notice, payment, order)) is { } mismatch)
                {
                    decided[i] = new Decision(Kind.Refused, order, mismatch);
                    continue;
                }
                keys.Add(order!.Id);
                foreach (var line in order.Lines) keys.Add(line.PersonId);
                if (receiptOwner.TryGetValue(notice.TransactionId, out var owner) && owner != order.Id)
                {
                    // One transaction id for two orders in one batch: the unique receipt index would fail the whole save.
                    // This notice goes alone after the batch, as it would have without batching.
                    decided[i] = new Decision(Kind.Alone, order, null);
                    continue;
                }
                if (order.Receipts.Any(r => r.TransactionId == notice.TransactionId))
                {
                    decided[i] = new Decision(Kind.Duplicate, order, null);
                    continue;
                }
                try
                {
                    var outcome = NoticeSteps.Apply(db, notice, payment!, order, persons, contacts.GetValueOrDefault((order.OrganisationId, order.EditionId)),
                        Actor.PaymentProvider(notice.Provider), now, logger);
                    decided[i] = new Decision(outcome == PaymentOutcome.Applied ? Kind.Applied : Kind.RecordedForRefund, order, null);
                    receiptOwner[notice.TransactionId] = order.Id;
                }
                catch (DomainException ex)
                {
                    // Something read is not what the domain expects (a racing change between the set queries): the tracked
                    // objects may be half changed, so nothing of this batch is saved; each notice goes the per-notice way,
                    // after the write in flight.
                    logger.LogDebug("A batch of {Count} payment notifications met a change mid-read ({Code}); applying them one by one.", batch.Count, ex.Code);
                    await db.DisposeAsync();
                    await _writing;
                    _writingKeys = [];
                    await OneByOneAsync(batch, ct);
                    Record("fallback", started);
                    return;
                }
            }
            var save = PreparedSave.Prepare(db, "payments");
            started = Record("decide", started);

            var batchNow = batch.ToArray(); // the loop reuses its list
            for (var i = 0; i < batchNow.Length; i++)
            {
                if (decided[i].Kind == Kind.HeldBack) _heldBack.Add(batchNow[i]);
            }
            // One write at a time, in batch order.
            await _writing;
            _writingKeys = keys;
            _writing = WriteAndAnswerAsync(db, save, batchNow, decided, ct);
            db = null; // the write owns it now
        }
        finally
        {
            if (db is not null) await db.DisposeAsync();
        }
    }

    /// <summary>
    /// Writes a decided batch and answers its callers: never throws (a save that lost a race falls back to the per-notice
    /// path; anything else fails the callers of this batch).
    /// </summary>
    private async Task WriteAndAnswerAsync(AppDbContext db, PreparedSave.Planned save, Pending[] batch, Decision[] decided, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using (db)
            {
                try
                {
                    await save.WriteAsync(ct);
                }
                catch (DbUpdateException ex)
                {
                    // Another writer changed one of these orders, persons or attempts since they were read: the transaction rolled
                    // back; the per-notice path reads again and decides on fresh data (with its retries).
                    logger.LogDebug("A batch of {Count} payment notifications lost a race ({Error}); applying them one by one.", batch.Length,
                        ex.InnerException?.Message ?? ex.Message);
                    await OneByOneAsync(batch.Where((_, i) => decided[i].Kind != Kind.HeldBack), ct);
                    Record("fallback", started);
                    return;
                }
            }
            Record("save", started);
            Answer(batch, decided);
            await OneByOneAsync(batch.Where((_, i) => decided[i].Kind == Kind.Alone), ct);
        }
        catch (Exception ex)
        {
            if (ex is not OperationCanceledException) BatchFailed(ex, batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                if (decided[i].Kind != Kind.HeldBack) batch[i].Done.TrySetException(ex);
            }
        }
    }

    /// <summary>Committed: logs, tells the pages and the outbox once per batch, then answers each caller.</summary>
    private void Answer(Pending[] batch, Decision[] decided)
    {
        var anyPaid = false;
        var organisations = new HashSet<Guid>();
        for (var i = 0; i < batch.Length; i++)
        {
            var (kind, order, reason) = decided[i];
            var notice = batch[i].Item;
            switch (kind)
            {
                case Kind.Refused:
                    batch[i].Done.TrySetResult(NoticeSteps.Refuse(logger, notice, reason!));
                    break;
                case Kind.Duplicate:
                    NoticeSteps.Duplicate(logger, notice.TransactionId, order!.Number);
                    batch[i].Done.TrySetResult(new NotificationResult(NotificationOutcome.Duplicate));
                    break;
                case Kind.Applied or Kind.RecordedForRefund:
                    NoticeSteps.LogOutcome(logger, notice, order!, kind == Kind.Applied ? PaymentOutcome.Applied : PaymentOutcome.RecordedForRefund);
                    anyPaid |= kind == Kind.Applied;
                    organisations.Add(order!.OrganisationId);
                    break;
            }
        }
        if (anyPaid) outbox.Wake();
        if (organisations.Count > 0) notifier.Publish([.. organisations.Select(Topics.Organisation), Topics.Operations]);
        for (var i = 0; i < batch.Length; i++)
        {
            if (decided[i].Kind is Kind.Applied or Kind.RecordedForRefund)
                batch[i].Done.TrySetResult(new NotificationResult(decided[i].Kind == Kind.Applied ? NotificationOutcome.Applied : NotificationOutcome.RecordedForRefund));
        }
    }

    private long Record(string phase, long since)
    {
        _phase.Record(Stopwatch.GetElapsedTime(since).TotalMilliseconds, new KeyValuePair<string, object?>("phase", phase));
        return Stopwatch.GetTimestamp();
    }

    /// <summary>The per-notice path, in arrival order; each caller gets its own outcome or error.</summary>
    private async Task OneByOneAsync(IEnumerable<Pending> notices, CancellationToken ct)
    {
        foreach (var p in notices)
        {
            try
            {
                p.Done.TrySetResult(await payments.ApplyNotificationAsync(p.Item, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Applying payment notification {NotificationId} (transaction {Transaction}) failed; the provider will retry.",
                    p.Item.NotificationId, p.Item.TransactionId);
                p.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>What the batch's notices need, with a few set queries in one context: attempts, their orders, and for each order
    /// awaiting payment its persons and its organisation's contact.</summary>
    private static async Task<(Dictionary<Guid, PaymentAttempt> Attempts, Dictionary<Guid, Order> Orders, Dictionary<Guid, Person> Persons,
        Dictionary<(Guid OrganisationId, Guid EditionId), OrganisationContact> Contacts)> ReadAsync(AppDbContext db, List<Pending> batch, CancellationToken ct)
    {
        var attemptIds = batch.Select(p => p.Item.AttemptId).Distinct().ToList();
        // Each id list goes as one JSON parameter (EF.Parameter): one SQL text whatever the batch size, so EF builds each
        // query's SQL once instead of once per new list length (separate parameters, EF's default).
        var attempts = await db.PaymentAttempts.Where(a => EF.Parameter(attemptIds).Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var orderIds = attempts.Values.Select(a => a.OrderId).Distinct().ToList();
        var orders = await db.Orders.Where(o => EF.Parameter(orderIds).Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        // Only an order awaiting payment can become paid: its persons and its organisation's contact are needed.
        var awaiting = orders.Values.Where(o => o.AwaitsPayment).ToList();
        var personIds = awaiting.SelectMany(o => o.Lines.Select(l => l.PersonId)).Distinct().ToList();
        var persons = personIds.Count == 0 ? new Dictionary<Guid, Person>()
            : await db.Persons.Where(p => EF.Parameter(personIds).Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var contacts = await OrganisationMessages.ContactsAsync(db, awaiting.Select(o => (o.OrganisationId, o.EditionId)), ct);
        return (attempts, orders, persons, contacts);
    }

    private enum Kind
    {
        Refused,
        Duplicate,
        Applied,
        RecordedForRefund,
        /// <summary>Applied on its own after the batch (the per-notice path).</summary>
        Alone,
        /// <summary>Its order or persons were being written when read: goes with the next batch.</summary>
        HeldBack,
    }

    private readonly record struct Decision(Kind Kind, Order? Order, string? Reason);
}

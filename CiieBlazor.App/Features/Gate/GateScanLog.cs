using System.Threading.Channels;
using CiieBlazor.App.Data;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Gate;

/// <summary>
/// Every gate scan is logged, without making the turnstile wait for the disk: scans queue in a bounded channel and one
/// writer saves them in batches (one transaction per batch). When the queue is full the scanner waits (back-pressure)
/// rather than dropping a record. On shutdown the queue is drained.
/// </summary>
public sealed class GateScanLog(IDbContextFactory<AppDbContext> dbs, ILogger<GateScanLog> logger) : BackgroundService
{
    private const int BatchSize = 2_000;
    private readonly Channel<GateScan> _queue = Channel.CreateBounded<GateScan>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly SemaphoreSlim _writing = new(1, 1);
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues the scan; when the queue is full the caller waits for room (back-pressure), no scan is dropped.</summary>
    public ValueTask AddAsync(GateScan scan, CancellationToken ct = default) =>
        _queue.Writer.TryWrite(scan) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(scan, ct);

    /// <summary>Writes whatever is queued now (tests, and the gate before it rebuilds its state).</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        try
        {
            while (await WriteBatchAsync(ct) > 0) { }
        }
        finally
        {
            _writing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await _writing.WaitAsync(stoppingToken);
                try
                {
                    await WriteBatchAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Gate scans could not be written; retrying.");
                    await Task.Delay(500, stoppingToken);
                }
                finally
                {
                    _writing.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await FlushAsync(CancellationToken.None); // drain on shutdown
    }

    private async Task<int> WriteBatchAsync(CancellationToken ct)
    {
        var batch = new List<GateScan>(Math.Min(BatchSize, _queue.Reader.Count + 1));
        while (batch.Count < BatchSize && _queue.Reader.TryRead(out var scan)) batch.Add(scan);
        if (batch.Count == 0) return 0;
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.GateScans.AddRange(batch);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            foreach (var s in batch) { s.Id = 0; _queue.Writer.TryWrite(s); } // keep them for the next try
            throw;
        }
        Interlocked.Add(ref _written, batch.Count);
        return batch.Count;
    }
}

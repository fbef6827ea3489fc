using System.Threading.Channels;

namespace CiieBlazor.App.Hosting;

/// <summary>
/// A background loop that serves callers in batches: each caller queues an item (waiting for room when the bounded queue
/// is full — back-pressure, not an error) and awaits its own result; the loop takes whatever is queued, up to
/// <see cref="MaxBatch"/>, and hands it to <see cref="ProcessAsync"/>, which completes every item's
/// <see cref="Pending.Done"/>. A batch that throws fails each of its callers with that error; on stopping, what is
/// still queued is cancelled (its callers get no answer, so they try again).
/// </summary>
public abstract class BatchingService<TItem, TResult> : BackgroundService
{
    private readonly Channel<Pending> _queue;

    protected BatchingService(int capacity, int maxBatch)
    {
        MaxBatch = maxBatch;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>At most this many items per batch.</summary>
    public int MaxBatch { get; }

    /// <summary>Items waiting for the loop.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Queues the item (waiting for room) and answers with its result once its batch is done.</summary>
    protected async Task<TResult> EnqueueAsync(TItem item, CancellationToken ct)
    {
        var pending = new Pending(item);
        await _queue.Writer.WriteAsync(pending, ct);
        // A caller that gives up leaves its item queued: it is processed all the same.
        return await pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>Processes one batch; must complete every item's <see cref="Pending.Done"/> (or throw: each caller gets the error).</summary>
    protected abstract Task ProcessAsync(List<Pending> batch, CancellationToken ct);

    /// <summary>Logs a batch that threw (its callers are told).</summary>
    protected abstract void BatchFailed(Exception error, int count);

    /// <summary>
    /// Called when nothing is queued, before the loop waits for the next item: a service that keeps work of its own
    /// between batches (items held back for the next batch) finishes it here.
    /// </summary>
    protected virtual Task IdleAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Called once when the loop stops: a service that keeps work of its own between batches ends it here.</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (true)
            {
                if (_queue.Reader.Count == 0)
                {
                    try
                    {
                        await IdleAsync(stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        BatchFailed(ex, 0);
                    }
                }
                if (!await _queue.Reader.WaitToReadAsync(stoppingToken)) break;
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
                try
                {
                    await ProcessAsync(batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    BatchFailed(ex, batch.Count);
                    foreach (var p in batch) p.Done.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            await StoppedAsync();
            foreach (var p in batch) p.Done.TrySetCanceled(stoppingToken);
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled(stoppingToken);
        }
    }

    /// <summary>A queued item and its caller's answer.</summary>
    protected internal sealed class Pending(TItem item)
    {
        public TItem Item { get; } = item;
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

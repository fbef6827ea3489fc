using System.Collections.Concurrent;

namespace CiieBlazor.Load;

/// <summary>What one side of the run (the headless circuits, or the Chromium pages) saw: counters and latencies.</summary>
public sealed class LoadStats
{
    private readonly object _gate = new();
    private List<double> _window = [];
    private readonly List<double> _all = [];
    private long _eventsSent, _rendered, _withoutRender, _autosaves, _errors, _batches, _batchBytes;
    private readonly ConcurrentDictionary<string, int> _errorKinds = new();

    public bool Recording { get; set; }

    public long EventsSent => Interlocked.Read(ref _eventsSent);
    public long Rendered => Interlocked.Read(ref _rendered);
    public long WithoutRender => Interlocked.Read(ref _withoutRender);
    public long Autosaves => Interlocked.Read(ref _autosaves);
    public long Errors => Interlocked.Read(ref _errors);
    public long Batches => Interlocked.Read(ref _batches);
    public long BatchBytes => Interlocked.Read(ref _batchBytes);
    public IReadOnlyDictionary<string, int> ErrorKinds => _errorKinds;

    public void EventSent() => Interlocked.Increment(ref _eventsSent);

    public void EventRendered(double milliseconds)
    {
        Interlocked.Increment(ref _rendered);
        lock (_gate)
        {
            _window.Add(milliseconds);
            if (Recording) _all.Add(milliseconds);
        }
    }

    public void EventWithoutRender() => Interlocked.Increment(ref _withoutRender);

    public void AutosaveSeen() => Interlocked.Increment(ref _autosaves);

    public void BatchReceived(int bytes)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchBytes, bytes);
    }

    public void Error(string message)
    {
        Interlocked.Increment(ref _errors);
        // Group by the message's first words so that ids and numbers do not make every error its own kind.
        var kind = message.Length > 90 ? message[..90] : message;
        _errorKinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }

    /// <summary>The latencies since the last call (for the periodic line).</summary>
    public double[] TakeWindow()
    {
        lock (_gate)
        {
            var window = _window;
            _window = [];
            return [.. window];
        }
    }

    /// <summary>The latencies recorded while <see cref="Recording"/> was on (the steady part of the run).</summary>
    public double[] Recorded()
    {
        lock (_gate) return [.. _all];
    }

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

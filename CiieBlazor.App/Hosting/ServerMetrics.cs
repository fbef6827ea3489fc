using System.Diagnostics;
using System.Net;
using CiieBlazor.App.Features.Organisations;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CiieBlazor.App.Hosting;

/// <summary>Counts the Blazor circuits this instance holds: open (created, not yet disposed) and connected.</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private long _open;
    private long _connected;
    private long _opened;

    public long Open => Interlocked.Read(ref _open);
    public long Connected => Interlocked.Read(ref _connected);
    /// <summary>Circuits opened since the start.</summary>
    public long Opened => Interlocked.Read(ref _opened);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        Interlocked.Increment(ref _opened);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _open);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connected);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _connected);
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>GET /metrics</c>: the instance's circuits, memory, GC, CPU and autosave totals as JSON, for the load driver
/// (CiieBlazor.Load) and operators on the host. Answers loopback callers only (403 otherwise): the figures say how busy
/// the instance is, which is nobody else's business. <c>?collect=true</c> runs a full blocking GC first, so that the
/// heap figure is what the circuits keep alive rather than garbage not yet collected.
/// </summary>
public static class ServerMetrics
{
    public static void MapServerMetrics(this WebApplication app)
    {
        app.MapGet("/metrics", (HttpContext http, bool? collect, CircuitCounter circuits, DraftWriter drafts) =>
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is null || !IPAddress.IsLoopback(remote)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            if (collect == true)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
            using var process = Process.GetCurrentProcess();
            var gc = GC.GetGCMemoryInfo();
            return Results.Json(new
            {
                circuits = new { open = circuits.Open, connected = circuits.Connected, opened = circuits.Opened },
                memory = new
                {
                    workingSetBytes = process.WorkingSet64,
                    privateBytes = process.PrivateMemorySize64,
                    gcHeapBytes = gc.HeapSizeBytes,
                    gcCommittedBytes = gc.TotalCommittedBytes,
                    gcAllocatedBytes = GC.GetTotalAllocatedBytes(),
                },
                gc = new { gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2), server = System.Runtime.GCSettings.IsServerGC },
                cpuSeconds = process.TotalProcessorTime.TotalSeconds,
                threads = process.Threads.Count,
                autosave = new { rowsWritten = drafts.RowsWritten, queued = drafts.Queued },
            });
        });
    }
}

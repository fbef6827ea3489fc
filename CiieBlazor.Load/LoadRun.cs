using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CiieBlazor.App.Data;

namespace CiieBlazor.Load;

/// <summary>
/// <c>run</c>: signs in N load organisations, opens one headless circuit each on 单位信息 (the organisation form) and types
/// into its address field, one keystroke per circuit every few seconds, so that the page's autosave writes every 5 s.
/// Prints a line every 5 s while ramping and measuring, then the figures of the steady part: connected circuits,
/// events/s, event→render p50/p95/p99, autosaves/s (seen by the circuits and written by the server), errors, and the
/// server's memory per circuit from its <c>/metrics</c> (full GC before each reading). With <c>--chromium P</c>, P real
/// Chromium pages type beside the circuits and their own figures are printed for comparison.
/// </summary>
public static class LoadRun
{
    public const string FormPath = "/portal/organisation";
    public const string Field = "address";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = Math.Max(8, options.RampParallel * 2),
        })
        { Timeout = TimeSpan.FromMinutes(2) };
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var ct = stop.Token;

        var before = await MetricsAsync(http, options.Url, collect: true, ct);
        Console.WriteLine($"server before: {Describe(before)}");
        Console.WriteLine($"opening {options.Circuits:N0} circuits on {options.Url}{options.Path} (organisations {options.First}…{options.First + options.Circuits - 1}), " +
                          $"{options.RampParallel} sign-ins at a time; one keystroke per circuit every {options.KeystrokeSeconds:0.##} s");

        var stats = new LoadStats();
        var circuits = new List<HeadlessCircuit>();
        var typing = new List<Task>();
        var ramp = new SemaphoreSlim(options.RampParallel);
        var up = 0;
        var described = 0;
        var watch = Stopwatch.StartNew();
        using var reporter = new Reporter(stats, http, options.Url, () => Volatile.Read(ref up), watch);

        // The Chromium pages open first, one after the other: fifty browser pages starting beside the ramp's sign-ins
        // would starve two cores and measure the start-up rather than the steady state.
        await using var chromium = options.Chromium > 0 ? new ChromiumPages(options) : null;
        if (chromium is not null)
        {
            await chromium.StartAsync(options.First + options.Circuits, ct);
            Console.WriteLine($"{chromium.Pages} Chromium pages typing after {watch.Elapsed.TotalSeconds:0}s");
        }

        var opening = Enumerable.Range(options.First, options.Circuits).Select(async organisation =>
        {
            await ramp.WaitAsync(ct);
            HeadlessCircuit? circuit = null;
            try
            {
                var session = new WebSession(http, options.Url);
                await session.SignInAsync(LoadSeeder.Code(organisation), DemoSeeder.Password, ct);
                circuit = new HeadlessCircuit(session, options.Path, stats);
                await circuit.StartAsync(ct);
                if (options.Path != FormPath)
                {
                    lock (circuits) circuits.Add(circuit);
                    Interlocked.Increment(ref up);
                    return;
                }
                var input = await circuit.WaitForAsync(Field, "input", TimeSpan.FromSeconds(60), ct);
                if (Interlocked.Exchange(ref described, 1) == 0)
                {
                    Console.WriteLine($"<input data-testid=\"{Field}\"> listens to: {string.Join(", ", input.Handlers.Keys)}; a keystroke sends {string.Join(", ", HeadlessCircuit.KeystrokeEvents.Where(input.Handlers.ContainsKey))}");
                }
                lock (circuits) circuits.Add(circuit);
                Interlocked.Increment(ref up);
                lock (typing) typing.Add(TypeAsync(circuit, input, organisation, options.KeystrokeSeconds, stats, ct));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                stats.Error($"opening: {ex.Message}");
                if (circuit is not null) await circuit.DisposeAsync();
            }
            finally
            {
                ramp.Release();
            }
        }).ToList();
        await Task.WhenAll(opening);
        var rampSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"ramp done in {rampSeconds:0}s: {up:N0} circuits up{(chromium is null ? "" : $", {chromium.Pages} Chromium pages")}; settling 10 s");
        await Task.Delay(TimeSpan.FromSeconds(10), ct);

        var ramped = await MetricsAsync(http, options.Url, collect: true, ct);
        // The full GC just taken stops the server for a moment: let the events it held up finish before measuring.
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var start = (Events: stats.EventsSent, Rendered: stats.Rendered, Autosaves: stats.Autosaves, Errors: stats.Errors, Metrics: await MetricsAsync(http, options.Url, false, ct),
            At: Stopwatch.GetTimestamp(), Wall: DateTimeOffset.UtcNow, DriverCpu: Process.GetCurrentProcess().TotalProcessorTime);
        stats.Recording = true;
        chromium?.Record(true);
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds), ct);
        stats.Recording = false;
        chromium?.Record(false);
        var seconds = Stopwatch.GetElapsedTime(start.At).TotalSeconds;
        var end = await MetricsAsync(http, options.Url, false, ct);
        var alive = circuits.Count(c => c.Alive);
        var latencies = stats.Recorded();

        var rows = end.GetProperty("autosave").GetProperty("rowsWritten").GetInt64() - start.Metrics.GetProperty("autosave").GetProperty("rowsWritten").GetInt64();
        var cpu = end.GetProperty("cpuSeconds").GetDouble() - start.Metrics.GetProperty("cpuSeconds").GetDouble();
        var heapPerCircuit = (Heap(ramped) - Heap(before)) / Math.Max(1, up);
        var wsPerCircuit = (WorkingSet(ramped) - WorkingSet(before)) / Math.Max(1, up);
        Console.WriteLine();
        Console.WriteLine($"== steady {seconds:0} s, {start.Wall:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores ==");
        Console.WriteLine($"circuits          {up:N0} opened, {alive:N0} alive at the end, server open {end.GetProperty("circuits").GetProperty("open").GetInt64():N0}");
        Console.WriteLine($"events            {(stats.EventsSent - start.Events) / seconds:N0}/s sent, {(stats.Rendered - start.Rendered) / seconds:N0}/s rendered, {stats.WithoutRender:N0} without a render");
        Console.WriteLine($"event→render ms   p50 {LoadStats.Percentile(latencies, 0.50):0.0}  p95 {LoadStats.Percentile(latencies, 0.95):0.0}  p99 {LoadStats.Percentile(latencies, 0.99):0.0}  max {LoadStats.Percentile(latencies, 1):0.0}  ({latencies.Length:N0} events)");
        Console.WriteLine($"autosaves         {(stats.Autosaves - start.Autosaves) / seconds:N1}/s seen by the circuits, {rows / seconds:N1}/s rows written by the server " +
                          $"({(stats.Autosaves - start.Autosaves) / seconds / Math.Max(1, alive) * 60:0.0} per circuit per minute)");
        Console.WriteLine($"errors            {stats.Errors:N0} ({stats.Errors - start.Errors:N0} while steady)");
        foreach (var (kind, count) in stats.ErrorKinds.OrderByDescending(k => k.Value).Take(10)) Console.WriteLine($"    {count,6:N0} × {kind}");
        Console.WriteLine($"components        {(circuits.Count == 0 ? 0 : circuits.Average(c => c.Components)):0} per circuit (as its render batches built them)");
        Console.WriteLine($"server memory     {heapPerCircuit / 1024.0:N0} KiB GC heap per circuit, {wsPerCircuit / 1024.0:N0} KiB working set per circuit " +
                          $"(after full GC; {Describe(ramped)})");
        Console.WriteLine($"CPU               server {cpu / seconds:0.00} cores, this driver {(Process.GetCurrentProcess().TotalProcessorTime - start.DriverCpu).TotalSeconds / seconds:0.00} cores while steady; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"interop calls     {string.Join(", ", HeadlessCircuit.InteropCalls.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ×{c.Value}"))}");
        if (chromium is not null) await chromium.ReportAsync(latencies);

        await stop.CancelAsync();
        try { await Task.WhenAll(typing); } catch (OperationCanceledException) { }
        foreach (var circuit in circuits) await circuit.DisposeAsync();
        return stats.Errors == 0 ? 0 : 1;
    }

    /// <summary>A visitor typing into the address: one key every interval, starting at a random moment of the first.</summary>
    private static async Task TypeAsync(HeadlessCircuit circuit, ElementNode input, int organisation, double keystrokeSeconds, LoadStats stats, CancellationToken ct)
    {
        var random = new Random(organisation);
        var interval = TimeSpan.FromSeconds(keystrokeSeconds);
        const string start = "上海市闵行区申长路100号";
        var value = start;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * keystrokeSeconds), ct);
            using var timer = new PeriodicTimer(interval);
            do
            {
                if (!circuit.Alive) return;
                var key = (char)('a' + random.Next(26));
                var next = value.Length >= 60 ? start : value + key;
                await circuit.TypeAsync(input, value, next, key, ct);
                value = next;
            } while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) { }
        catch (Exception ex)
        {
            stats.Error($"typing: {ex.Message}");
        }
    }

    public static async Task<JsonElement> MetricsAsync(HttpClient http, string url, bool collect, CancellationToken ct) =>
        await http.GetFromJsonAsync<JsonElement>($"{url}/metrics{(collect ? "?collect=true" : "")}", ct);

    private static double Heap(JsonElement m) => m.GetProperty("memory").GetProperty("gcHeapBytes").GetInt64();
    private static double WorkingSet(JsonElement m) => m.GetProperty("memory").GetProperty("workingSetBytes").GetInt64();

    public static string Describe(JsonElement m) =>
        $"{m.GetProperty("circuits").GetProperty("open").GetInt64():N0} circuits, GC heap {Heap(m) / 1048576:N0} MiB, working set {WorkingSet(m) / 1048576:N0} MiB";

    /// <summary>Every 5 s: circuits up, events and latencies of the last 5 s, autosaves, errors, server circuits and memory.</summary>
    private sealed class Reporter : IDisposable
    {
        private readonly Timer _timer;
        private long _events, _autosaves;

        public Reporter(LoadStats stats, HttpClient http, string url, Func<int> up, Stopwatch watch)
        {
            _timer = new Timer(async _ =>
            {
                try
                {
                    var window = stats.TakeWindow();
                    var events = stats.EventsSent;
                    var autosaves = stats.Autosaves;
                    var m = await MetricsAsync(http, url, false, CancellationToken.None);
                    Console.WriteLine($"{watch.Elapsed.TotalSeconds,5:0}s up {up(),6:N0}  events {(events - _events) / 5.0,6:N0}/s  p50 {LoadStats.Percentile(window, 0.5),6:0.0}  p95 {LoadStats.Percentile(window, 0.95),6:0.0}  p99 {LoadStats.Percentile(window, 0.99),6:0.0} ms  " +
                                      $"autosaves {(autosaves - _autosaves) / 5.0,5:N0}/s  errors {stats.Errors,4:N0}  server: {Describe(m)}, cpu {m.GetProperty("cpuSeconds").GetDouble():0}s");
                    _events = events;
                    _autosaves = autosaves;
                }
                catch (Exception ex)
                {
                    Console.WriteLine($"{watch.Elapsed.TotalSeconds,5:0}s (metrics unavailable: {ex.Message})");
                }
            }, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        }

        public void Dispose() => _timer.Dispose();
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Bench;

/// <summary>
/// The autosave write path at peak (issue 9): N open organisation forms, each changing its text and autosaving every 5
/// seconds (starts spread over the first 5 s), through the app's own <see cref="DraftWriter"/> — bounded queue, batches,
/// one transaction each, SQLite WAL with synchronous=FULL — on a fresh database file. Reports draft rows written per
/// second, save latency (queue + commit, what the user's indicator waits for), batch (read + decide + commit) times,
/// and errors; then checks that every form's last acknowledged text is what the database holds.
/// </summary>
public static class AutosaveBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var forms = int.Parse(BenchArgs.Value(args, "forms", "50000"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(BenchArgs.Value(args, "seconds", "30"), CultureInfo.InvariantCulture);
        var database = Path.GetFullPath(BenchArgs.Value(args, "db", Path.Combine(Path.GetTempPath(), "ciie-bench-autosave.db")));
        var work = Path.Combine(Path.GetDirectoryName(database)!, "ciie-bench-autosave-work");
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
        Directory.CreateDirectory(work);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = work, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={database}",
            ["Demo:Seed"] = "false",
            ["Privacy:PolicyVersion"] = "bench", // required by the app (consents are recorded against it); nobody consents here
            // Personal data is encrypted with keys kept beside the bench's database (made on its first run).
            ["PersonalData:KeyFile"] = CiieBlazor.App.Features.Security.PersonalDataOptions.EnsureKeyFile(System.IO.Path.Combine(work, "personal-data-keys.json")),
            ["Storage:Root"] = Path.Combine(work, "uploads"),
            ["Storage:Keys"] = Path.Combine(work, "keys"),
            ["Payments:Reconciliation:Enabled"] = "false",
            ["Payments:Sandbox:Secret"] = "bench-only-sandbox-secret-0123456789-abcdefghijklmn",
        });
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCiieBlazor();
        await using var app = builder.Build();
        await app.InitialiseDatabaseAsync();
        await app.StartAsync();
        var writer = app.Services.GetRequiredService<DraftWriter>();
        await using (var db = app.Services.GetRequiredService<AppDbContextFactory>().CreateDbContext())
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode; PRAGMA synchronous;";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var journal = reader.GetString(0);
            await reader.NextResultAsync();
            await reader.ReadAsync();
            Console.WriteLine($"database: {database} (fresh); journal_mode={journal}, synchronous={reader.GetInt64(0)} (2 = FULL)");
        }

        // A realistic draft: the organisation form as JSON, about 1.5 KB.
        var template = JsonSerializer.Serialize(new
        {
            contactName = "张伟华", contactMobile = "13800138000", contactEmail = "zhang.weihua@example.com", contactPhone = "021-12345678",
            purchasingIntent = new { budget = "100-500", countries = new[] { "DE", "FR", "JP", "US" }, stage = "Negotiating", products = Enumerable.Range(0, 30).Select(i => $"P{i:D3}").ToArray() },
            remarks = new string('备', 200),
        });

        using var meter = new BatchTimes();
        var latencies = new List<double>[Environment.ProcessorCount * 4];
        for (var i = 0; i < latencies.Length; i++) latencies[i] = [];
        long saves = 0, errors = 0, conflicts = 0, steady = 0;
        var last = new (string Json, Guid Version)[forms];
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * Stopwatch.Frequency);
        var maxQueued = 0;
        using var sampler = new Timer(_ => { var q = writer.Queued; if (q > maxQueued) maxQueued = q; }, null, 0, 50);

        async Task Form(int f)
        {
            var registration = Guid.CreateVersion7();
            Guid? version = null;
            var interval = TimeSpan.FromSeconds(5);
            await Task.Delay(TimeSpan.FromMilliseconds(5000.0 * f / forms));
            var tick = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                var json = template.Replace("\"remarks\":\"", $"\"remarks\":\"{tick++}:", StringComparison.Ordinal);
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    var saved = await writer.WriteAsync(new DraftWrite(registration, OrganisationInfoService.FormName, json, "bench", version));
                    switch (saved)
                    {
                        case DraftWriteResult.Saved stored:
                            version = stored.Version;
                            last[f] = (json, stored.Version);
                            break;
                        default:
                            Interlocked.Increment(ref conflicts);
                            break;
                    }
                    var list = latencies[f % latencies.Length];
                    lock (list) list.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    Interlocked.Increment(ref saves);
                    // Steady state: every form has started (after 5 s) and none has stopped yet.
                    var at = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    if (at >= 5 && at < seconds && saved is DraftWriteResult.Saved { Written: true }) Interlocked.Increment(ref steady);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
                var wait = interval - Stopwatch.GetElapsedTime(t0);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, forms).Select(Form));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        await app.StopAsync();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var batches = meter.Durations.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{forms:N0} forms, each saving every 5 s for {seconds} s; {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"draft rows written: {meter.Rows:N0}; sustained (from 5 s, when every form has started, to {seconds} s): {steady / (seconds - 5.0):N0} rows/s; saves answered {saves:N0}; errors {errors}; conflicts {conflicts}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"save latency ms (queue + batch, what the indicator waits for): p50 {P(all, 0.5):0.0}  p95 {P(all, 0.95):0.0}  p99 {P(all, 0.99):0.0}  max {(all.Length > 0 ? all[^1] : 0):0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batches: {batches.Length:N0}, {meter.Sizes.DefaultIfEmpty().Average():0} saves each on average; batch (read + decide + commit) ms p50 {P(batches, 0.5):0.0}  p99 {P(batches, 0.99):0.0}  max {(batches.Length > 0 ? batches[^1] : 0):0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"queue: at most {maxQueued:N0} waiting (capacity {DraftWriter.DefaultCapacity:N0}); process CPU {cpuUsed:0.0} s = {cpuUsed / elapsed:0.00} cores"));

        // The check: the database holds every form's last acknowledged text and version — encrypted (never the text in
        // clear), and that text once decrypted with the app's keys.
        var cipher = app.Services.GetRequiredService<CiieBlazor.App.Features.Security.PersonalDataCipher>();
        var clear = 0;
        await using var check = new SqliteConnection($"Data Source={database}");
        await check.OpenAsync();
        await using var count = new SqliteCommand("SELECT COUNT(*) FROM FormDrafts", check);
        var stored = (long)(await count.ExecuteScalarAsync())!;
        var wrong = 0;
        await using var read = new SqliteCommand("SELECT Json, Version FROM FormDrafts", check);
        var byVersion = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var rows = await read.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                var text = rows.GetString(0);
                if (!text.StartsWith(CiieBlazor.App.Features.Security.PersonalDataCipher.Prefix, StringComparison.Ordinal)) clear++;
                byVersion[rows.GetString(1)] = cipher.Unprotect(text);
            }
        }
        foreach (var (json, version) in last.Where(l => l.Json is not null))
        {
            if (!byVersion.TryGetValue(version.ToString(), out var held) || held != json) wrong++;
        }
        var ok = errors == 0 && conflicts == 0 && wrong == 0 && clear == 0 && stored == last.Count(l => l.Json is not null);
        Console.WriteLine(ok ? $"CHECK: PASS ({stored:N0} drafts, each the form's last acknowledged text)"
            : $"CHECK: FAIL (errors {errors}, conflicts {conflicts}, {wrong} drafts not as acknowledged, {clear} in clear, {stored} stored)");
        return ok ? 0 : 1;
    }

    private static double P(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Listens to the writer's meter: batch sizes and times, rows written.</summary>
    private sealed class BatchTimes : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _rows;

        public BatchTimes()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DraftWriter.MeterName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) => { lock (Sizes) Sizes.Add(value); });
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) => { lock (Durations) Durations.Add(value); });
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _rows, value));
            _listener.Start();
        }

        public List<int> Sizes { get; } = [];
        public List<double> Durations { get; } = [];
        public long Rows => Interlocked.Read(ref _rows);

        public void Dispose() => _listener.Dispose();
    }
}

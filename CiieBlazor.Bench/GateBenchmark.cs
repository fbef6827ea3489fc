using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CiieBlazor.App.Data;
using CiieBlazor.App.Hosting;
using CiieBlazor.Domain.Badges;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Bench;

/// <summary>
/// Gate check-in over loopback HTTP (issue 8): the real app runs as its own process (Release build, production settings,
/// scans logged), the load comes from this process with pre-built request bodies. Each worker walks its own badges,
/// scanning in and out in turn (so admissions are known), and mixes in forged codes, unknown badges, replayed entries,
/// revoked badges and cancelled holders. After the run every scan must be in the log and every answer as expected.
/// </summary>
public static class GateBenchmark
{
    private const string DeviceKey = "bench-gate-device-key-0123456789";

    private enum Kind { Admit, Forged, Unknown, Replay, Revoked, Cancelled }

    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var badges = int.Parse(Value("badges", "100000"));
        var concurrency = int.Parse(Value("concurrency", "64"));
        var seconds = int.Parse(Value("seconds", "20"));
        var client = Value("client", "dotnet");
        if (client is not ("dotnet" or "wrk")) throw new ArgumentException("--client is dotnet or wrk");
        if (client == "wrk" && !Wrk.Available()) throw new InvalidOperationException("wrk not found: apt-get install wrk");
        var file = Path.GetFullPath(Value("db", Path.Combine(Path.GetTempPath(), $"ciie-bench-gate-{badges}.db")));
        // --postgres "server": the badges live in a database ciie_bench_gate_{badges} on that server, kept between runs like the file.
        var database = Value("postgres", "") is { Length: > 0 } server
            ? new Database("PostgreSql", new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = $"ciie_bench_gate_{badges}" }.ToString())
            : new Database("Sqlite", $"Data Source={file}");
        var work = Path.Combine(Path.GetDirectoryName(file)!, "ciie-bench-gate-work");
        Directory.CreateDirectory(work);
        var tokenKey = RandomNumberGenerator.GetBytes(32);

        Console.WriteLine($"database: {(database.Provider == "Sqlite" ? file : $"PostgreSQL {new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database}")}");
        await PrepareAsync(database, work, badges);

        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var app = StartApp(database, work, url, tokenKey);
        try
        {
            await WaitForAsync(url, app);
            if (client == "wrk") return await WrkAsync(url, tokenKey, badges, concurrency, seconds, work, database);
            var result = await LoadAsync(url, tokenKey, badges, concurrency, TimeSpan.FromSeconds(seconds));
            var logged = await LoggedScansAsync(database, result.Sent);
            Report(result, badges, concurrency, seconds, logged);
            var ok = result.Wrong == 0 && result.Errors == 0 && logged == result.Sent;
            Console.WriteLine(ok ? "CHECK: PASS (every answer as expected, every scan logged)" : $"CHECK: FAIL (wrong answers {result.Wrong}, errors {result.Errors}, logged {logged}/{result.Sent})");
            return ok ? 0 : 1;
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
        }
    }

    private static async Task<int> WrkAsync(string url, byte[] tokenKey, int badges, int connections, int seconds, string work, Database database)
    {
        // 3 s of warm-up (JIT, connection set-up, the badge snapshot), then the measured run; the log is counted from between them.
        var warm = await GateWrk.RunAsync(url, DeviceKey, tokenKey, badges, connections, 3, work);
        var before = await LoggedScansAsync(database, warm.Completed);
        var r = await GateWrk.RunAsync(url, DeviceKey, tokenKey, badges, connections, seconds, work);
        var logged = await LoggedScansAsync(database, before + r.Completed) - before;
        Console.WriteLine(r.RawSummary);
        Console.WriteLine($"badges {badges:N0}, {connections} connections, {seconds} s measured after 3 s warm-up, {Environment.ProcessorCount} cores, load generator wrk");
        Console.WriteLine($"scans/s: {r.PerSecond:N0}  ({r.Completed:N0} answered, {r.NonOk} not 200, {r.Errors} socket errors, {logged:N0} logged)");
        Console.WriteLine($"latency ms (wrk, loopback HTTP): p50 {r.P50Ms:0.00}  p99 {r.P99Ms:0.00}  max {r.MaxMs:0.00}");
        Console.WriteLine("answers: " + string.Join(", ", r.Reasons.Where(x => x.Value > 0).Select(x => $"{x.Key} {x.Value:N0}")));
        var ok = r.NonOk == 0 && r.Errors == 0 && r.Reasons.GetValueOrDefault("other") == 0 && logged >= r.Completed && logged <= r.Completed + 2 * connections;
        Console.WriteLine(ok ? "CHECK: PASS (every answer 200 with a gate reason, every answered scan logged)"
            : $"CHECK: FAIL (not 200 {r.NonOk}, socket errors {r.Errors}, unknown answers {r.Reasons.GetValueOrDefault("other")}, logged {logged} for {r.Completed} answered)");
        return ok ? 0 : 1;
    }

    private static async Task PrepareAsync(Database database, string work, int badges)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = work, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Demo:Seed"] = "true",
            ["Storage:Root"] = Path.Combine(work, "uploads"),
            ["Storage:Keys"] = Path.Combine(work, "keys"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddCiieBlazor();
        await using var app = builder.Build();
        await app.InitialiseDatabaseAsync();
        await GateSeeder.SeedAsync(app.Services.GetRequiredService<AppDbContextFactory>(), badges);
        // Scans of earlier runs would make today's badges "inside": start every run with an empty log.
        await using var connection = await database.OpenAsync();
        await SqlRows.Exec(connection, "DELETE FROM \"GateScans\"");
    }

    private static Process StartApp(Database database, string work, string url, byte[] tokenKey)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "CiieBlazor.sln"))) root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("CiieBlazor.sln not found");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(root, "CiieBlazor.App", "bin", configuration, "net10.0", "CiieBlazor.App.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.Combine(root, "CiieBlazor.App"), UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in new[]
        {
            "--urls", url, "--Database:Provider", database.Provider, "--Database:ConnectionString", database.ConnectionString, "--Demo:Seed", "false",
            "--Storage:Root", Path.Combine(work, "uploads"), "--Storage:Keys", Path.Combine(work, "keys"),
            "--PersonalData:KeyFile", CiieBlazor.App.Features.Security.PersonalDataOptions.EnsureKeyFile(Path.Combine(work, "personal-data-keys.json")),
            "--Badges:TokenKey", Convert.ToBase64String(tokenKey), "--Gate:DeviceKeys:bench", DeviceKey,
            "--Payments:Reconciliation:Enabled", "false", "--Logging:LogLevel:Default", "Warning",
        }) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Console.WriteLine($"app: {dll} ({configuration}) on {url}");
        return process;
    }

    private static async Task WaitForAsync(string url, Process app)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (app.HasExited) throw new InvalidOperationException($"the app exited with {app.ExitCode}");
            try
            {
                if ((await http.GetAsync(url + "/healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("the app did not start within 90 s");
    }

    private sealed record LoadResult(long Sent, long Wrong, long Errors, TimeSpan Elapsed, Dictionary<Kind, List<double>> Latency, List<double> ServerMs);

    /// <summary>Worker w owns badges w+1, w+1+C, …: In, Out, In, … so every valid scan's answer is known in advance.</summary>
    private static async Task<LoadResult> LoadAsync(string url, byte[] key, int badges, int concurrency, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DeviceKey);
        var kinds = Enum.GetValues<Kind>();
        var latency = kinds.ToDictionary(k => k, _ => new List<double>());
        var serverMs = new List<double>();
        long sent = 0, wrong = 0, errors = 0;
        var body = (string code, string direction) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { code, direction }));
        var forged = body(BadgeToken.Create(new(GateSeeder.Number(1), 1), RandomNumberGenerator.GetBytes(32)), "In");
        var unknown = body(BadgeToken.Create(new("CIIE10-NOPE-0000001", 1), key), "In");

        var warmUp = TimeSpan.FromSeconds(3);
        var start = Stopwatch.GetTimestamp();
        var measuredFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measuredFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task Worker(int w)
        {
            var local = kinds.ToDictionary(k => k, _ => new List<double>());
            var localServer = new List<double>();
            var rng = new Random(w);
            var inside = new Dictionary<int, bool>(); // every own badge the worker has moved, and where it is
            var recent = new Queue<int>();            // badges recently scanned in: candidates for a replayed entry
            var next = w + 1;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                // 90% walk one's own badges in and out; 10% the refusals.
                var roll = rng.Next(100);
                Kind kind;
                byte[] payload;
                int badge;
                if (roll < 3) { kind = Kind.Forged; payload = forged; }
                else if (roll < 5) { kind = Kind.Unknown; payload = unknown; }
                else if (roll < 8 && recent.Count > 0)
                {
                    badge = recent.Peek(); // scanned in again without going out — unless it went out since
                    kind = inside[badge] ? Kind.Replay : Kind.Admit;
                    payload = body(BadgeToken.Create(new(GateSeeder.Number(badge), 1), key), "In");
                    inside[badge] = true;
                }
                else
                {
                    badge = next;
                    next += concurrency;
                    if (next > badges) next = w + 1;
                    var isIn = !inside.GetValueOrDefault(badge);
                    kind = GateSeeder.Cancelled(badge) ? Kind.Cancelled : GateSeeder.Revoked(badge) ? Kind.Revoked : Kind.Admit;
                    payload = body(BadgeToken.Create(new(GateSeeder.Number(badge), 1), key), isIn ? "In" : "Out");
                    if (kind == Kind.Admit)
                    {
                        inside[badge] = isIn;
                        if (isIn) recent.Enqueue(badge);
                        if (recent.Count > 64) recent.Dequeue();
                    }
                }
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(payload);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("/api/gate/scans", content);
                    var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                    var elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    Interlocked.Increment(ref sent);
                    var admit = answer.GetProperty("admit").GetBoolean();
                    var reason = answer.GetProperty("reason").GetString();
                    var expected = kind switch
                    {
                        Kind.Admit => "None", Kind.Forged => "Forged", Kind.Unknown => "Unknown", Kind.Replay => "AlreadyInside",
                        Kind.Revoked => "Revoked", _ => "PersonCancelled",
                    };
                    if (reason != expected || admit != (kind == Kind.Admit)) Interlocked.Increment(ref wrong);
                    if (t0 >= measuredFrom)
                    {
                        local[kind].Add(elapsed);
                        localServer.Add(answer.GetProperty("serverMs").GetDouble());
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.Increment(ref sent);
                }
            }
            lock (latency)
            {
                foreach (var (k, list) in local) latency[k].AddRange(list);
                serverMs.AddRange(localServer);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(() => Worker(w))));
        return new LoadResult(sent, wrong, errors, duration, latency, serverMs);
    }

    private static async Task<long> LoggedScansAsync(Database database, long sent)
    {
        await using var connection = await database.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM \"GateScans\"";
        long logged = 0;
        for (var i = 0; i < 100 && logged < sent; i++)
        {
            logged = Convert.ToInt64(await count.ExecuteScalarAsync());
            if (logged < sent) await Task.Delay(100);
        }
        return logged;
    }

    private static void Report(LoadResult r, int badges, int concurrency, int seconds, long logged)
    {
        var all = r.Latency.Values.SelectMany(x => x).Order().ToArray();
        Console.WriteLine($"badges {badges:N0}, concurrency {concurrency}, {seconds} s measured after 3 s warm-up, {Environment.ProcessorCount} cores");
        Console.WriteLine($"scans/s: {all.Length / (double)seconds:N0}  (all {r.Sent:N0} scans, {r.Errors} errors, {r.Wrong} unexpected answers, {logged:N0} logged)");
        Console.WriteLine($"latency ms (client, loopback HTTP): p50 {P(all, 0.5):0.00}  p95 {P(all, 0.95):0.00}  p99 {P(all, 0.99):0.00}  max {(all.Length > 0 ? all[^1] : 0):0.00}");
        var server = r.ServerMs.Order().ToArray();
        Console.WriteLine($"server ms (decision incl. lookup): p50 {P(server, 0.5):0.000}  p99 {P(server, 0.99):0.000}");
        foreach (var (kind, list) in r.Latency.Where(x => x.Value.Count > 0))
        {
            var sorted = list.Order().ToArray();
            Console.WriteLine($"  {kind,-10} {sorted.Length,9:N0}  p50 {P(sorted, 0.5):0.00}  p99 {P(sorted, 0.99):0.00}");
        }
    }

    /// <summary>The database the app under test uses: its provider name (Database:Provider) and connection string.</summary>
    private sealed record Database(string Provider, string ConnectionString)
    {
        public async Task<System.Data.Common.DbConnection> OpenAsync()
        {
            System.Data.Common.DbConnection connection = Provider == "Sqlite" ? new SqliteConnection(ConnectionString) : new Npgsql.NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            return connection;
        }
    }

    private static double P(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

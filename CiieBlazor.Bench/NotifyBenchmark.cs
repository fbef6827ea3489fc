using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Hosting;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Bench;

/// <summary>
/// Payment notifications per second (issue 6): the real app — production settings (appsettings.json), hosting code,
/// pipeline and background services — on loopback Kestrel with a freshly seeded SQLite file, fed by C concurrent
/// connections with a mix of valid notifications, duplicates of them (some concurrent with their original, some later),
/// forged ones, wrong amounts and unknown orders. Every body is signed before the clock starts. Afterwards the database
/// is checked: every order paid exactly once by its transaction, nothing else changed.
/// </summary>
public static class NotifyBenchmark
{
    private const string Secret = "bench-only-sandbox-secret-0123456789-abcdefghijklmn";
    private const string Path = "/payments/notify/sandbox";

    public enum Kind
    {
        Valid,
        DuplicateConcurrent,
        DuplicateLater,
        Forged,
        WrongAmount,
        UnknownOrder,
    }

    /// <summary>Per valid notification: how many of each other kind are sent (the mix).</summary>
    private static readonly (Kind Kind, double PerValid)[] Mix =
    [
        (Kind.DuplicateConcurrent, 0.10), (Kind.DuplicateLater, 0.10), (Kind.Forged, 0.05), (Kind.WrongAmount, 0.05), (Kind.UnknownOrder, 0.05),
    ];

    private sealed record Shot(Kind Kind, int Order, string Transaction, byte[] Body, Dictionary<string, string> Headers, double Key);

    public static async Task<int> RunAsync(NotifyOptions options)
    {
        var work = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(options.Database)!, "ciie-bench-notify-work");
        foreach (var file in new[] { options.Database, options.Database + "-wal", options.Database + "-shm" }) File.Delete(file);
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);

        // The app's own name: its static-asset manifest and Razor components are found as in production.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = work, EnvironmentName = "Production", ApplicationName = typeof(CiieBlazor.App.Components.App).Assembly.GetName().Name,
        });
        builder.Configuration.UseSolutionSettings(builder.Environment);
        var database = options.PostgreSql is { } server ? await FreshPostgreSqlAsync(server, "ciie_bench_notify") : $"Data Source={options.Database}";
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = options.PostgreSql is null ? "Sqlite" : "PostgreSql",
            ["Database:ConnectionString"] = database,
            ["Demo:Seed"] = "false",
            // Personal data is encrypted with keys kept beside the bench's database (made on its first run).
            ["PersonalData:KeyFile"] = CiieBlazor.App.Features.Security.PersonalDataOptions.EnsureKeyFile(System.IO.Path.Combine(work, "personal-data-keys.json")),
            ["Storage:Root"] = System.IO.Path.Combine(work, "uploads"),
            ["Storage:Keys"] = System.IO.Path.Combine(work, "keys"),
            ["Payments:Sandbox:Enabled"] = "true",
            ["Payments:Sandbox:Secret"] = Secret,
        });
        // Diagnostics: BENCH_SQL=1 writes every SQL command EF runs to the app log.
        if (Environment.GetEnvironmentVariable("BENCH_SQL") is not null)
            builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        // BENCH_QUERY=1: every LINQ query EF compiles (a query compiled again and again shows here).
        if (Environment.GetEnvironmentVariable("BENCH_QUERY") is not null)
            builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Query"] = "Debug";
        var log = new FileLog(System.IO.Path.Combine(work, "app.log"));
        builder.Logging.ClearProviders().AddProvider(log);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddCiieBlazor();
        // The outbox dispatcher runs as in production; only its senders are a gateway that accepts at once (the demo's
        // RecordingSender writes a row per message into this database, which a real SMS or mail gateway does not).
        builder.Services.AddSingleton<ISmsSender, InstantGateway>();
        builder.Services.AddSingleton<IEmailSender, InstantGateway>();
        await using var app = builder.Build();
        Console.WriteLine($"database: {(options.PostgreSql is null ? options.Database : "PostgreSQL ciie_bench_notify")} (fresh); app log: {log.Path} (levels from appsettings.json: Default={app.Configuration["Logging:LogLevel:Default"]})");
        await app.InitialiseDatabaseAsync();
        var factory = app.Services.GetRequiredService<AppDbContextFactory>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var orders = await NotifySeeder.SeedAsync(factory, options.Warmup + options.Orders, now);
        await using (var db = factory.CreateDbContext())
        {
            Console.WriteLine(options.PostgreSql is null
                ? $"sqlite: journal_mode={await Pragma(db, "journal_mode")}, synchronous={await Pragma(db, "synchronous")} (0 OFF, 1 NORMAL, 2 FULL: the app leaves SQLite's default)"
                : $"postgresql: {await Setting(db, "server_version")}, fsync={await Setting(db, "fsync")}, synchronous_commit={await Setting(db, "synchronous_commit")}, "
                    + $"wal_sync_method={await Setting(db, "wal_sync_method")}, shared_buffers={await Setting(db, "shared_buffers")}");
            // Diagnostics: what an index costs the write path (the bench's database only; the app's model still has it).
            foreach (var index in options.DropIndexes)
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(index, "^[A-Za-z0-9_]+$")) throw new ArgumentException($"--drop-index {index}: not an index name");
                var drop = "DROP INDEX \"" + index + "\""; // a checked name: identifiers cannot be SQL parameters
                await db.Database.ExecuteSqlRawAsync(drop);
                Console.WriteLine($"diagnostics: index {index} dropped after seeding (what the write path pays for it)");
            }
        }
        app.UseCiieBlazor();
        await app.StartAsync();
        var site = new Uri(app.Urls.First());

        // The first Warmup orders are paid before the clock starts; the measured run pays the others.
        var warmShots = Shots(orders, 0, options.Warmup, now);
        var shots = Shots(orders, options.Warmup, options.Orders, now);
        Console.WriteLine($"mix: {shots.Count:N0} requests — {string.Join(", ", shots.GroupBy(s => s.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}"))}; "
            + $"{options.Concurrency} connections to {site}");

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, UseCookies = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = site, Timeout = TimeSpan.FromMinutes(2) };
        // Warm-up: the endpoint compiled and its connections open (refused requests only; they change nothing).
        var provider = app.Services.GetRequiredService<SandboxPaymentProvider>();
        var applier = app.Services.GetRequiredService<PaymentApplier>();
        var payments = app.Services.GetRequiredService<PaymentService>();
        Func<ProviderNotice, Task<NotificationResult>> apply = options.PerNotice ? n => payments.ApplyNotificationAsync(n) : n => applier.ApplyAsync(n);
        Func<Shot, Task<(int, string)>> send = options.Direct ? shot => ApplyDirectAsync(provider, apply, shot) : shot => SendAsync(client, shot);
        if (options.Direct)
            Console.WriteLine($"diagnostics: no HTTP (the endpoint's verify and apply calls in process), {(options.PerNotice ? "each notice on its own (PaymentService)" : "batched (PaymentApplier)")}");
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => send(Unknown(now))));

        if (options.Wrk) return await RunWrkAsync(app, factory, orders, warmShots, shots, site, options, log, work);

        async Task<(int[] Status, string[] Answers, double[] Latency)> SendAll(List<Shot> list)
        {
            var status = new int[list.Count];
            var answers = new string[list.Count];
            var latency = new double[list.Count];
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < list.Count)
                {
                    var started = Stopwatch.GetTimestamp();
                    (status[i], answers[i]) = await send(list[i]);
                    latency[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            })));
            return (status, answers, latency);
        }
        var failures = new List<string>();
        if (warmShots.Count > 0)
        {
            var warmWatch = Stopwatch.StartNew();
            var warm = await SendAll(warmShots);
            CheckAnswers(warmShots, warm.Status, warm.Answers, failures);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up: {options.Warmup:N0} orders ({warmShots.Count:N0} requests, same mix) in {warmWatch.Elapsed.TotalSeconds:0.0} s, not measured"));
        }

        using var batches = new BatchMeter();
        var loadBefore = LoadAverage();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var gc = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        var (status, answers, latency) = await SendAll(shots);
        var elapsed = watch.Elapsed.TotalSeconds;
        var loadAfter = LoadAverage();
        var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var gen0 = GC.CollectionCount(0) - gc;

        var valid = shots.Count(s => s.Kind == Kind.Valid);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{valid:N0} valid notifications applied in {elapsed:0.00} s: {valid / elapsed:N0} valid/s; {shots.Count / elapsed:N0} requests/s in all"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"process CPU (server and load generator together): {cpuUsed:0.0} s = {cpuUsed / elapsed:0.00} of {Environment.ProcessorCount} cores, {cpuUsed * 1000 / valid:0.00} ms per valid notification; "
            + $"{gen0} gen-0 GCs; {log.Count:N0} log lines; machine load average {loadBefore} before, {loadAfter} after (the machine is shared)"));
        Console.WriteLine(batches.Summary());
        Console.WriteLine();
        Console.WriteLine("| kind | requests | answered | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var group in Enumerable.Range(0, shots.Count).GroupBy(i => shots[i].Kind).OrderBy(g => g.Key))
        {
            var times = group.Select(i => latency[i]).Order().ToArray();
            var answered = string.Join(", ", group.GroupBy(i => Answer(status[i], answers[i])).Select(a => $"{a.Key} ×{a.Count():N0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {times.Length:N0} | {answered} | {P(times, 0.50):0.0} | {P(times, 0.95):0.0} | {P(times, 0.99):0.0} | {times[^1]:0.0} |"));
        }
        var all = latency.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| all | {all.Length:N0} | | {P(all, 0.50):0.0} | {P(all, 0.95):0.0} | {P(all, 0.99):0.0} | {all[^1]:0.0} |"));

        await app.StopAsync();
        CheckAnswers(shots, status, answers, failures);
        await CheckDatabaseAsync(factory, orders, [.. warmShots, .. shots], failures);
        Console.WriteLine();
        foreach (var f in failures.Take(20)) Console.WriteLine($"FAIL: {f}");
        Console.WriteLine(failures.Count == 0 ? "PASS: every order paid exactly once by its transaction; duplicates, forged, wrong-amount and unknown notifications changed nothing"
            : $"FAIL ({failures.Count} problems)");
        log.Dispose();
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The run with wrk as the load generator: answers checked in sum, the database as with the .NET client.</summary>
    private static async Task<int> RunWrkAsync(WebApplication app, AppDbContextFactory factory, List<SeededOrder> orders, List<Shot> warmShots, List<Shot> shots, Uri site,
        NotifyOptions options, FileLog log, string work)
    {
        string[] refusals = ["签名验证失败", "金额不符", "未知订单"];
        var failures = new List<string>();
        void Expect(string what, long expected, long actual)
        {
            Console.WriteLine($"check: answers {what} = {actual:N0} (expected {expected:N0})");
            if (actual != expected) failures.Add($"answers {what}: {actual}, expected {expected}");
        }
        void ExpectAnswers(string run, List<Shot> sent, NotifyWrk.Result r)
        {
            Expect($"{run} 200 success", sent.Count(s => s.Kind is Kind.Valid or Kind.DuplicateConcurrent or Kind.DuplicateLater), r.Success);
            Expect($"{run} 400 签名验证失败", sent.Count(s => s.Kind == Kind.Forged), r.Refused[refusals[0]]);
            Expect($"{run} 400 金额不符", sent.Count(s => s.Kind == Kind.WrongAmount), r.Refused[refusals[1]]);
            Expect($"{run} 400 未知订单", sent.Count(s => s.Kind == Kind.UnknownOrder), r.Refused[refusals[2]]);
            Expect($"{run} anything else", 0, r.Other);
            Expect($"{run} socket errors", 0, r.SocketErrors);
        }
        NotifyWrk.Result? warm = null;
        if (warmShots.Count > 0)
        {
            warm = await NotifyWrk.RunAsync(site, Path, warmShots.Select(s => (s.Body, s.Headers)).ToList(), options.Concurrency, refusals, work);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up: {options.Warmup:N0} orders ({warmShots.Count:N0} requests, same mix, wrk) in {warm.Seconds:0.0} s, not measured"));
            await JitSettledAsync();
        }
        using var batches = new BatchMeter();
        var loadBefore = LoadAverage();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (jitted, jitTime, gcs, gcPause) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime(), GC.CollectionCount(0), GC.GetTotalPauseDuration());
        var r = await NotifyWrk.RunAsync(site, Path, shots.Select(s => (s.Body, s.Headers)).ToList(), options.Concurrency, refusals, work);
        var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        // Is the process warm? Methods still being compiled (tier-up) and collections during the measured window.
        var runtime = string.Create(CultureInfo.InvariantCulture,
            $"runtime during the window: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted:N0} methods compiled ({(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:N0} ms), "
            + $"{GC.CollectionCount(0) - gcs:N0} GCs, {(GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds:N0} ms paused; {ThreadPool.ThreadCount} thread-pool threads at the end");
        var valid = shots.Count(s => s.Kind == Kind.Valid);
        Console.WriteLine(r.RawSummary);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{valid:N0} valid notifications applied in {r.Seconds:0.00} s: {valid / r.Seconds:N0} valid/s; {shots.Count / r.Seconds:N0} requests/s in all"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"app process CPU (the load generator is wrk, outside it): {cpuUsed:0.0} s = {cpuUsed / r.Seconds:0.00} of {Environment.ProcessorCount} cores, "
            + $"{cpuUsed * 1000 / valid:0.00} ms per valid notification; {log.Count:N0} log lines; machine load average {loadBefore} before, {LoadAverage()} after"));
        Console.WriteLine(runtime);
        Console.WriteLine(batches.Summary());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency ms (wrk, all requests): p50 {r.P50Ms:0.0}  p99 {r.P99Ms:0.0}  max {r.MaxMs:0.0}"));

        await app.StopAsync();
        if (warm is not null) ExpectAnswers("warm-up", warmShots, warm);
        ExpectAnswers("measured", shots, r);
        await CheckDatabaseAsync(factory, orders, [.. warmShots, .. shots], failures);
        Console.WriteLine();
        foreach (var f in failures.Take(20)) Console.WriteLine($"FAIL: {f}");
        Console.WriteLine(failures.Count == 0 ? "PASS: every order paid exactly once by its transaction; duplicates, forged, wrong-amount and unknown notifications changed nothing"
            : $"FAIL ({failures.Count} problems)");
        log.Dispose();
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Every request of the run, signed now, in sending order (see <see cref="Mix"/>).</summary>
    private static List<Shot> Shots(List<SeededOrder> orders, int from, int n, DateTimeOffset now)
    {
        var random = new Random(20261129 + from);
        var shots = new List<Shot>();
        // Valid notifications for orders[from..from+n) in a shuffled order; the key is the sending position.
        var sequence = Enumerable.Range(from, n).OrderBy(_ => random.Next()).ToArray();
        for (var k = 0; k < n; k++)
        {
            var i = sequence[k];
            shots.Add(Valid(orders[i], i, Kind.Valid, now, k));
        }
        foreach (var (kind, perValid) in Mix)
        {
            for (var c = 0; c < (int)(n * perValid); c++)
            {
                var k = random.Next(n);
                var i = sequence[k];
                var o = orders[i];
                shots.Add(kind switch
                {
                    // Right behind its original: with C connections the two are in flight together.
                    Kind.DuplicateConcurrent => Valid(o, i, kind, now, k + 0.5),
                    // Somewhere after its original (other duplicates and notifications in between, so out of order).
                    Kind.DuplicateLater => Valid(o, i, kind, now, k + 1 + random.NextDouble() * (n - k)),
                    Kind.Forged => Signed(kind, i, $"FORGED{c:D8}", o.AttemptId, o.Method, o.Channel, o.Amount, now, random.Next(n),
                        secret: "an-attacker-guessing-the-secret-0123456789"),
                    Kind.WrongAmount => Signed(kind, i, $"WRONG{c:D8}", o.AttemptId, o.Method, o.Channel, o.Amount + 0.01m, now, random.Next(n)),
                    _ => Signed(kind, -1, $"UNKNOWN{c:D8}", Guid.NewGuid(), o.Method, o.Channel, o.Amount, now, random.Next(n)),
                });
            }
        }
        return shots.OrderBy(s => s.Key).ToList();
    }

    private static string TransactionOf(int order) => $"SBXBENCH{order:D9}";

    private static Shot Valid(SeededOrder o, int i, Kind kind, DateTimeOffset now, double key) =>
        Signed(kind, i, TransactionOf(i), o.AttemptId, o.Method, o.Channel, o.Amount, now, key, notifyId: $"{o.AttemptId:N}-{TransactionOf(i)}");

    private static Shot Unknown(DateTimeOffset now) =>
        Signed(Kind.UnknownOrder, -1, "WARMUP", Guid.NewGuid(), PaymentMethod.QrCode, PaymentChannel.Alipay, 200m, now, 0);

    private static Shot Signed(Kind kind, int order, string transaction, Guid attemptId, PaymentMethod method, PaymentChannel channel, decimal amount,
        DateTimeOffset now, double key, string? secret = null, string? notifyId = null)
    {
        var body = SandboxNotification.Serialize(SandboxNotification.For(attemptId, transaction, method, channel, amount, "CNY", now, notifyId));
        return new Shot(kind, order, transaction, body, SandboxNotification.Sign(body, secret ?? Secret, now), key);
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, Shot shot)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(shot.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in shot.Headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What the endpoint does with a request, called in process: verify the signature, then apply.</summary>
    private static async Task<(int Status, string Body)> ApplyDirectAsync(SandboxPaymentProvider provider, Func<ProviderNotice, Task<NotificationResult>> apply, Shot shot)
    {
        var check = provider.VerifyNotification(shot.Body, shot.Headers);
        if (check.Notice is not { } notice) return (400, $"fail: {check.Refusal}");
        var result = await apply(notice);
        return result.Acknowledge ? (200, provider.Acknowledgement) : (400, $"fail: {result.Reason}");
    }

    /// <summary>The answer without its particulars (amounts, ids): "400 fail: 金额不符".</summary>
    private static string Answer(int status, string body) =>
        $"{status} {body[..(body.IndexOfAny(['：', '(']) is var cut and >= 0 ? cut : body.Length)].Trim()}";

    private static void CheckAnswers(List<Shot> shots, int[] status, string[] answers, List<string> failures)
    {
        for (var i = 0; i < shots.Count; i++)
        {
            var (expectedStatus, expected) = shots[i].Kind switch
            {
                Kind.Valid or Kind.DuplicateConcurrent or Kind.DuplicateLater => (200, "success"),
                Kind.Forged => (400, "签名验证失败"),
                Kind.WrongAmount => (400, "金额不符"),
                _ => (400, "未知订单"),
            };
            if (status[i] != expectedStatus || !answers[i].Contains(expected, StringComparison.Ordinal))
                failures.Add($"{shots[i].Kind} {shots[i].Transaction}: answered {status[i]} {answers[i]}, expected {expectedStatus} {expected}");
        }
    }

    private static async Task CheckDatabaseAsync(AppDbContextFactory factory, List<SeededOrder> orders, List<Shot> shots, List<string> failures)
    {
        await using var db = factory.CreateDbContext();
        var stored = await db.Orders.AsNoTracking().ToDictionaryAsync(o => o.Id);
        for (var i = 0; i < orders.Count; i++)
        {
            var order = stored[orders[i].OrderId];
            if (order.Status != OrderStatus.Paid || order.Receipts.Count != 1 || order.Receipts[0].TransactionId != TransactionOf(i) || !order.Receipts[0].Applied)
                failures.Add($"order {order.Number}: {order.Status} with receipts [{string.Join(", ", order.Receipts.Select(r => $"{r.TransactionId} applied={r.Applied}"))}]");
        }
        var attempts = await db.PaymentAttempts.AsNoTracking().ToDictionaryAsync(a => a.Id);
        for (var i = 0; i < orders.Count; i++)
        {
            var attempt = attempts[orders[i].AttemptId];
            if (attempt.Status != PaymentAttemptStatus.Succeeded || attempt.ProviderTransactionId != TransactionOf(i))
                failures.Add($"attempt {attempt.Id:N}: {attempt.Status} {attempt.ProviderTransactionId}");
        }
        var persons = orders.Sum(o => o.Persons);
        async Task Expect(string what, int expected, Task<int> actual)
        {
            var value = await actual;
            Console.WriteLine($"check: {what} = {value:N0} (expected {expected:N0})");
            if (value != expected) failures.Add($"{what}: {value}, expected {expected}");
        }
        await Expect("payment receipts", orders.Count, db.Set<Order>().SelectMany(o => o.Receipts).CountAsync());
        await Expect("receipts of forged, wrong-amount or unknown transactions", 0,
            db.Set<Order>().SelectMany(o => o.Receipts).CountAsync(r => !r.TransactionId.StartsWith("SBXBENCH")));
        await Expect("refunds opened", 0, db.Refunds.CountAsync());
        await Expect("persons 待审核 (AwaitingReview)", persons, db.Persons.CountAsync(p => p.Status == PersonStatus.AwaitingReview));
        await Expect("order audit PaymentSucceeded", orders.Count, db.AuditRecords.CountAsync(a => a.Trigger == nameof(OrderTrigger.PaymentSucceeded)));
        await Expect("attempt audit Succeed", orders.Count, db.AuditRecords.CountAsync(a => a.Trigger == nameof(PaymentAttemptTrigger.Succeed)));
        await Expect("person audit OrderPaid", persons, db.AuditRecords.CountAsync(a => a.Trigger == nameof(PersonTrigger.OrderPaid)));
        await Expect("outbox OrderPaid messages (SMS + email per order)", 2 * orders.Count, db.Outbox.CountAsync(m => m.Kind == "OrderPaid"));
        Console.WriteLine($"check: {shots.Count(s => s.Kind is Kind.DuplicateConcurrent or Kind.DuplicateLater):N0} duplicates acknowledged without a second receipt, audit entry or message");
    }

    private static async Task<string> Pragma(AppDbContext db, string name)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }

    private static async Task<string> Setting(AppDbContext db, string name) =>
        await db.Database.SqlQuery<string>($"SELECT current_setting({name}) AS \"Value\"").SingleAsync();

    /// <summary>A connection string to a new, empty database of that name on the server (dropped first if it exists).</summary>
    internal static async Task<string> FreshPostgreSqlAsync(string server, string name)
    {
        await using (var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ToString()))
        {
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    /// <summary>The 1-minute load average (Linux), or "?" elsewhere.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static double P(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>
    /// Waits until the runtime has finished promoting what the warm-up made hot (no method compiled for 3 s, at most 60 s):
    /// a server that has run for minutes has, and the window should not pay for the tier-up backlog of seeding and warm-up
    /// (2,000 methods, 2 s of a 17 s window before this wait).
    /// </summary>
    private static async Task JitSettledAsync()
    {
        var watch = Stopwatch.StartNew();
        var start = System.Runtime.JitInfo.GetCompiledMethodCount();
        var last = start;
        var quietSince = watch.Elapsed;
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != last) (last, quietSince) = (now, watch.Elapsed);
            else if (watch.Elapsed - quietSince >= TimeSpan.FromSeconds(3)) break;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"settle: {last - start:N0} methods compiled after the warm-up, quiet after {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>An SMS/mail gateway that takes every message at once and keeps nothing.</summary>
    private sealed class InstantGateway : ISmsSender, IEmailSender
    {
        public Task SendAsync(OutgoingMessage message, CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>Listens to <see cref="PaymentApplier.MeterName"/>: how many batches, how large, and where their time went.</summary>
    private sealed class BatchMeter : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private readonly Dictionary<string, (long Count, double Sum)> _totals = new();
        private readonly Dictionary<string, double> _max = new();

        public BatchMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name is PaymentApplier.MeterName or PreparedSave.MeterName or SqliteCheckpointer.MeterName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument.Name, value));
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument.Name, value));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
                Add(tags.Length switch { 0 => instrument.Name, 1 => $"{tags[0].Value}", _ => $"{tags[1].Value} {tags[0].Value}" }, value));
            _listener.Start();
        }

        private void Add(string name, double value)
        {
            lock (_totals)
            {
                var (count, sum) = _totals.GetValueOrDefault(name);
                _totals[name] = (count + 1, sum + value);
                _max[name] = Math.Max(_max.GetValueOrDefault(name), value);
            }
        }

        public string Summary()
        {
            lock (_totals)
            {
                var size = _totals.GetValueOrDefault("ciie.payments.batch.size");
                var phases = string.Join(", ", new[] { "read", "decide", "save", "fallback", "payments prepare", "payments write", "payments commit", "outbox prepare", "outbox write", "outbox commit" }.Where(_totals.ContainsKey)
                    .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p} {_totals[p].Sum / _totals[p].Count:0.0} ms (max {_max[p]:0}, total {_totals[p].Sum / 1000:0.0} s{(p.Contains(' ') ? $" in {_totals[p].Count:N0}" : "")})")));
                var checkpoints = _totals.GetValueOrDefault("ciie.sqlite.checkpoint.duration");
                var pages = _totals.GetValueOrDefault("ciie.sqlite.checkpoint.pages");
                var background = checkpoints.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                    $"; background checkpoints {checkpoints.Count:N0}, {checkpoints.Sum / checkpoints.Count:0.0} ms (max {_max["ciie.sqlite.checkpoint.duration"]:0}) and {pages.Sum / checkpoints.Count:N0} pages each");
                return string.Create(CultureInfo.InvariantCulture,
                    $"applier: {size.Count:N0} batches, {(size.Count == 0 ? 0 : size.Sum / size.Count):0.0} notifications each on average; per batch: {phases}{background}");
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}

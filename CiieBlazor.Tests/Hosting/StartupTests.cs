using System.Net;
using System.Text;
using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Hosting;

public sealed class StartupOnEmptyDatabase : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    [Trait("Database", "SqliteOnly")] // the SQLite file is created where configured
    public async Task MigratesSeedsAndAnswersHealthz()
    {
        using var client = _app.CreateClient();
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        Assert.True(File.Exists(_app.DatabaseFile));
        await using var db = _app.Db();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var editions = await db.Editions.OrderByDescending(e => e.Number).ToListAsync();
        Assert.Equal(3, editions.Count);
        var current = Assert.Single(editions, e => e.IsCurrent);
        Assert.Equal((5, 10, 11), (current.FirstDay.Day, current.LastDay.Day, current.FirstDay.Month));
        Assert.Contains(await db.Delegations.ToListAsync(), d => d.NameZh == "广东交易团贸促分团" && d.ParentId != null);
        Assert.Equal(DemoSeeder.Logins.Count, await db.Users.CountAsync());
        // WAL journal: readers never wait for the writer.
        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", Assert.Single(mode));
    }

    [Fact]
    public async Task SeedsOnlyOnce()
    {
        await _app.Get<DatabaseInitializer>().InitialiseAsync();
        await using var db = _app.Db();
        Assert.Equal(3, await db.Editions.CountAsync());
    }

    public void Dispose() => _app.Dispose();
}

public sealed class StartupWithBadDatabasePath
{
    [Fact]
    public async Task CorruptFileIsReportedAndTheAppExitsNonZero()
    {
        var dir = Directory.CreateTempSubdirectory("ciie-corrupt").FullName;
        var file = Path.Combine(dir, "corrupt.db");
        await File.WriteAllTextAsync(file, "this is not a database, just text that someone saved here by mistake");

        var (code, output) = await RunAppAsync($"Data Source={file}");

        Assert.NotEqual(0, code);
        Assert.Contains("corrupt or not a SQLite database", output);
        Assert.Contains(file, output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    public async Task UncreatableDirectoryIsReportedAndTheAppExitsNonZero()
    {
        var blocker = Path.Combine(Directory.CreateTempSubdirectory("ciie-blocked").FullName, "a-file");
        await File.WriteAllTextAsync(blocker, "x");

        var (code, output) = await RunAppAsync($"Data Source={Path.Combine(blocker, "sub", "app.db")}");

        Assert.NotEqual(0, code);
        Assert.Contains("cannot be created", output);
    }

    [Fact]
    public async Task EmptyDataSourceIsReportedAndTheAppExitsNonZero()
    {
        var (code, output) = await RunAppAsync("Mode=ReadWrite");

        Assert.NotEqual(0, code);
        Assert.Contains("no SQLite file is named", output);
    }

    private static async Task<(int Code, string Output)> RunAppAsync(string connectionString)
    {
        var output = new StringBuilder();
        using var process = AppProcess.StartRaw(Path.GetTempPath(),
            ["--urls", $"http://127.0.0.1:{AppProcess.FreePort()}", "--Database:ConnectionString", connectionString], output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The app kept running with a broken database path:\n" + output);
        }
        process.WaitForExit(); // flush redirected output
        lock (output) return (process.ExitCode, output.ToString());
    }
}

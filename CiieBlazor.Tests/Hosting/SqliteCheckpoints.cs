using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CiieBlazor.Tests.Hosting;

/// <summary>
/// SQLite's write-ahead log is copied back into the database file by the app's background checkpointer, not inside a
/// writer's commit, and the file grows in whole chunks (docs/PERFORMANCE.md, issue 6).
/// </summary>
[Trait("Database", "SqliteOnly")] // SQLite's own log and file
public sealed class SqliteCheckpoints : IDisposable
{
    private readonly TestApp _app = new();
    private readonly WebApplicationFactory<Program> _host;

    public SqliteCheckpoints()
    {
        // Only the checkpointer runs in the background: another service's read transaction, open while the commit below
        // lands, would keep every checkpoint (the background's and a writer's alike) from copying past it.
        _host = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            AppBackgroundServices.Remove(services, type => type != typeof(SqliteCheckpointer))));
    }

    [Fact]
    public async Task WritersLeaveTheLogToTheBackgroundWhichCopiesItAllAndGrowsTheFileInChunks()
    {
        var checkpointer = _host.Services.GetRequiredService<SqliteCheckpointer>();
        Assert.Contains(_host.Services.GetServices<IHostedService>(), s => ReferenceEquals(s, checkpointer));
        var copiedBefore = checkpointer.PagesCopied;
        await using (var db = _host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            // The app's connections checkpoint only as a backstop, far past SQLite's default of 1,000 pages.
            Assert.Equal(SqliteTuning.WriterCheckpointPages, (await db.Database.SqlQueryRaw<int>("PRAGMA wal_autocheckpoint").ToListAsync()).Single());

            // About 6,000 pages (24 MB) in one commit: past SQLite's default, under the backstop, and more than the file's first
            // chunk (which the migrations, written before the log was on, already took) holds.
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE checkpoint_probe (payload BLOB NOT NULL)");
            await db.Database.ExecuteSqlRawAsync(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) INSERT INTO checkpoint_probe SELECT randomblob(3500) FROM n");
        }

        // Within a few of its 250 ms ticks the background checkpointer has copied the commit's pages into the database file:
        // they were still in the log, so no writer had checkpointed them inside its commit (SQLite's default would have).
        for (var waited = 0; waited < 300 && checkpointer.PagesCopied - copiedBefore < 6000; waited++) await Task.Delay(100);
        Assert.True(checkpointer.PagesCopied - copiedBefore >= 6000,
            $"pages copied in the background: {checkpointer.PagesCopied - copiedBefore}; its last pass found {checkpointer.LastPass}");
        // Counted per log: the checkpointer reads which log it copies from (a writer restarts the log once it is all copied).
        Assert.True(checkpointer.LastPass.Generation >= 0, $"log generation unknown: {checkpointer.LastPass}");

        // The database file grew by whole 16 MB chunks, not page by page.
        var length = new FileInfo(_app.DatabaseFile).Length;
        Assert.True(length > SqliteTuning.ChunkBytes, $"{length} bytes");
        Assert.Equal(0, length % SqliteTuning.ChunkBytes);

        // And what was copied is there, read by a connection of its own.
        using var probe = new SqliteConnection($"Data Source={_app.DatabaseFile};Pooling=False");
        probe.Open();
        using var count = probe.CreateCommand();
        count.CommandText = "SELECT count(*) FROM checkpoint_probe";
        Assert.Equal(6000L, (long)count.ExecuteScalar()!);
    }

    public void Dispose()
    {
        _host.Dispose();
        _app.Dispose();
    }
}

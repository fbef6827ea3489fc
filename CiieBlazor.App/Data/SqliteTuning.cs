using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CiieBlazor.App.Data;

/// <summary>
/// Per-connection SQLite settings, applied when EF first opens a (pooled) native connection: a 32 MB page cache instead of the
/// default 2 MB, memory-mapped reads, and <c>synchronous=FULL</c> stated rather than left to the build's default (in WAL
/// mode every commit is on disk before it returns: an autosave or a payment acknowledged is not lost with the power). With a million persons the grid's indexes are hundreds of megabytes; these
/// halve the cost of looking up a few thousand rows by key (measured in docs/PERFORMANCE.md).
/// <para>
/// A writer that finds the database locked by another writer waits inside SQLite (busy_timeout: short native sleeps,
/// 1, 2, 5, 10 ms… up to the connection's 30 s timeout) instead of Microsoft.Data.Sqlite's own retry loop, which blocks
/// its thread for 150 ms on every SQLITE_BUSY. With the payment applier and the outbox dispatcher writing at the same
/// time, those 150 ms sleeps were most of the notification endpoint's p99 (docs/PERFORMANCE.md, issue 6).
/// </para>
/// </summary>
public sealed class SqliteTuning : DbConnectionInterceptor
{
    /// <summary>The settings; the busy wait is the connection's timeout (<c>Default Timeout</c> in the connection string, 30 s unless set).</summary>
    public static string Pragmas(DbConnection connection) =>
        $"PRAGMA cache_size = -32768; PRAGMA mmap_size = 1073741824; PRAGMA busy_timeout = {BusyMilliseconds(connection)}; PRAGMA synchronous = FULL;";

    private static int BusyMilliseconds(DbConnection connection) =>
        connection is SqliteConnection sqlite ? sqlite.DefaultTimeout * 1000 : 30_000;

    /// <summary>The native connections already tuned: the settings stay with a pooled connection, which EF opens again for every query.</summary>
    private static readonly ConditionalWeakTable<object, object> Tuned = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstOpen(connection)) Apply(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True the first time this native connection is opened (always true for a connection whose handle is unknown).</summary>
    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Tuned.TryAdd(handle, Tuned);

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas(connection);
        command.ExecuteNonQuery();
    }
}

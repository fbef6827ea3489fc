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
/// <para>
/// Checkpoints (copying the write-ahead log back into the database file) run in the background
/// (<see cref="SqliteCheckpointer"/>); a writer does one itself only when the log has grown past
/// <see cref="WriterCheckpointPages"/>.
/// </para>
/// </summary>
public sealed class SqliteTuning : DbConnectionInterceptor
{
    /// <summary>The settings; the busy wait is the connection's timeout (<c>Default Timeout</c> in the connection string, 30 s unless set).</summary>
    public static string Pragmas(DbConnection connection) =>
        $"PRAGMA cache_size = -32768; PRAGMA mmap_size = 1073741824; PRAGMA busy_timeout = {BusyMilliseconds(connection)}; PRAGMA synchronous = FULL; "
        + $"PRAGMA wal_autocheckpoint = {WriterCheckpointPages}; PRAGMA journal_size_limit = {JournalSizeLimitBytes};";

    /// <summary>
    /// A writer checkpoints inside its own commit only when the log is past this many pages (SQLite's default is 1,000):
    /// the log is copied back by <see cref="SqliteCheckpointer"/> in the background, and this is its backstop.
    /// </summary>
    public const int WriterCheckpointPages = 20_000;

    /// <summary>After a checkpoint restarts the log, its file is cut back to this size (64 MB) rather than kept at its largest.</summary>
    public const long JournalSizeLimitBytes = 64L * 1024 * 1024;

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
        GrowInChunks(connection);
    }

    /// <summary>True the first time this native connection is opened (always true for a connection whose handle is unknown).</summary>
    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Tuned.TryAdd(handle, Tuned);

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas(connection);
        command.ExecuteNonQuery();
        GrowInChunks(connection);
    }

    /// <summary>The database file grows (and is cut back) in steps of this many bytes (16 MB).</summary>
    public const int ChunkBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Makes the database file grow in <see cref="ChunkBytes"/> steps (SQLITE_FCNTL_CHUNK_SIZE). Each connection maps the
    /// file into memory up to its size (mmap_size above); a file that grows by a few pages at every checkpoint makes every
    /// connection unmap and map it again and then fault each page back in — about 8 % of the process under the payment load
    /// (docs/PERFORMANCE.md, issue 6). In steps, the mapping changes once per 16 MB written.
    /// Microsoft.Data.Sqlite has no call for it, so it goes to the bundled SQLite directly; without that library (another
    /// SQLite build) the file just grows as before.
    /// </summary>
    /// <returns>True when SQLite took the setting.</returns>
    internal static bool GrowInChunks(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle }) return false;
        try
        {
            var size = ChunkBytes;
            return SqliteNative.FileControl(handle.DangerousGetHandle(), MainSchema, SqliteNative.ChunkSize, ref size) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static readonly byte[] MainSchema = "main\0"u8.ToArray();

    private static class SqliteNative
    {
        public const int ChunkSize = 6; // SQLITE_FCNTL_CHUNK_SIZE

        [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
        public static extern int FileControl(IntPtr db, byte[] name, int op, ref int arg);
    }
}

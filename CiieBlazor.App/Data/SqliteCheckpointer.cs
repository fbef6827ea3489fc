using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;

namespace CiieBlazor.App.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file on a thread of its own, so that no request pays for it.
/// <para>
/// By default SQLite checkpoints inside the commit that pushes the log past 1,000 pages: that writer then copies every page
/// of the log into the database file and waits for its fsync before its caller is answered — on the payment path a third of
/// the commit (docs/PERFORMANCE.md, issue 6). Here the app's connections checkpoint only past
/// <see cref="SqliteTuning.WriterCheckpointPages"/> (a backstop for when this service is not running), and this loop runs a
/// PASSIVE checkpoint every <see cref="Interval"/> while the log holds frames: it never takes the write lock, never waits
/// for a reader, and a page written again and again between two passes is copied once. The log restarts from its beginning
/// at the first write after a pass that copied everything, and is cut back to <see cref="SqliteTuning.JournalSizeLimitBytes"/>.
/// </para>
/// Durability is unchanged: a commit is on disk in the log (synchronous=FULL) before it returns; the checkpoint only moves it.
/// </summary>
public sealed class SqliteCheckpointer(AppDbContextFactory factory, IMeterFactory meters, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>Time between two passes while the log grows.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>The meter of checkpoint passes (dotnet-counters, the benchmarks).</summary>
    public const string MeterName = "CiieBlazor.Storage";

    private readonly Histogram<double> _duration = meters.Create(MeterName)
        .CreateHistogram<double>("ciie.sqlite.checkpoint.duration", "ms", "Time of one background checkpoint pass that copied pages");
    private readonly Counter<long> _pages = meters.Create(MeterName)
        .CreateCounter<long>("ciie.sqlite.checkpoint.pages", "{page}", "Log pages copied into the database file");

    // What the last pass saw: which log (its generation), its frames and how many of them were in the database file.
    // SQLite reports frames and copies for the whole log, not for the pass, and a writer restarts the log from its first
    // frame once everything was copied — possibly to a longer log than before, so only the generation tells a restart.
    private long _lastGeneration = -1;
    private int _lastFrames;
    private int _lastCopied;

    /// <summary>What the last pass found: the log's generation, its frames and the frames of it in the database file.</summary>
    public (long Generation, int Frames, int Copied) LastPass => (_lastGeneration, _lastFrames, _lastCopied);

    /// <summary>Log pages this service copied into the database file since start.</summary>
    public long PagesCopied => Interlocked.Read(ref _pagesCopied);

    private long _pagesCopied;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (factory.Provider != DatabaseProvider.Sqlite) return;
        await Task.Yield();
        SqliteConnection? connection = null;
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    connection ??= Open();
                    CheckpointOnce(connection);
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == 5)
                {
                    // SQLITE_BUSY: a writer's backstop checkpoint is running right now; the next tick finds less to do.
                }
                catch (SqliteException ex)
                {
                    // The file is briefly unavailable (being replaced by a test, a disk hiccup): the writers' own backstop
                    // checkpoint still holds the log in bounds; try again with a fresh connection on the next tick.
                    logger.LogWarning("Background checkpoint failed ({Error}); retrying.", ex.Message);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        // Not pooled: this connection is held for the app's life and its settings are its own.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(factory.ConnectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 0; PRAGMA synchronous = FULL;";
        command.ExecuteNonQuery();
        // This connection is the one that writes the database file (the writers only append to the log): it grows the file.
        if (!SqliteTuning.GrowInChunks(connection)) logger.LogInformation("SQLite did not take a chunk size; the database file grows page by page.");
        return connection;
    }

    /// <summary>One PASSIVE pass; returns the pages copied (0 when the log was empty or a writer's backstop got there first).</summary>
    internal int CheckpointOnce(SqliteConnection connection)
    {
        var started = Stopwatch.GetTimestamp();
        var generation = LogGeneration(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return 0;
        // busy, frames in the log, frames of it now in the database file (-1, -1 when the database is not in WAL mode)
        var frames = reader.GetInt32(1);
        var copied = reader.GetInt32(2);
        // Another log than last time (a writer restarted it): everything copied of it is new.
        var fresh = generation != _lastGeneration ? copied : copied - _lastCopied;
        (_lastGeneration, _lastFrames, _lastCopied) = (generation, frames, copied);
        if (fresh <= 0) return 0;
        Interlocked.Add(ref _pagesCopied, fresh);
        _pages.Add(fresh);
        _duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return fresh;
    }

    /// <summary>
    /// The log's checkpoint sequence number (bytes 12–15 of the WAL file's header, big-endian): SQLite adds one each time a
    /// writer restarts the log. -1 while there is no log.
    /// </summary>
    private static long LogGeneration(SqliteConnection connection)
    {
        try
        {
            using var log = new FileStream(connection.DataSource + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[16];
            return log.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
                ? -1
                : System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        }
        catch (FileNotFoundException)
        {
            return -1;
        }
    }
}

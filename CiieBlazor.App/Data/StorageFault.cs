using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CiieBlazor.App.Data;

/// <summary>
/// The database could not take a write (busy or locked, storage full, unreachable) — as opposed to a refusal of what
/// was written. The user is told it was not saved and why in plain words; what they typed stays on the page, and the
/// autosave (or the next click) tries again.
/// </summary>
public static class StorageFault
{
    public static bool Is(Exception ex) => Root(ex) is not null;

    /// <summary>What to tell the user (after "未保存：" / "not saved:"), Chinese first with English beside it.</summary>
    public static string Describe(Exception ex) => Full(Root(ex))
        ? "服务器存储空间不足，您填写的内容仍在页面上，稍后将自动重试 (the server's storage is full; what you typed stays on the page and is saved on the next try)"
        : "系统繁忙，您填写的内容仍在页面上，稍后将自动重试 (the system is busy; what you typed stays on the page and is saved on the next try)";

    private static DbException? Root(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is DbException db) return Unavailable(db) ? db : null;
        }
        return null;
    }

    /// <summary>The database was not there to write to, as opposed to refusing the row (a constraint, a bad value).</summary>
    private static bool Unavailable(DbException ex) => ex switch
    {
        // BUSY, LOCKED, IOERR, FULL, CANTOPEN
        SqliteException s => s.SqliteErrorCode is 5 or 6 or 10 or 13 or 14,
        // insufficient resources (disk full among them), operator intervention (shutdown), connection exceptions
        Npgsql.PostgresException p => p.SqlState.StartsWith("53", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        Npgsql.NpgsqlException => true, // no answer from the server at all
        _ => ex.IsTransient,
    };

    private static bool Full(DbException? ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode == 13, // SQLITE_FULL: database or disk is full
        Npgsql.PostgresException p => p.SqlState == "53100", // disk_full
        _ => ex?.Message.Contains("full", StringComparison.OrdinalIgnoreCase) == true,
    };
}

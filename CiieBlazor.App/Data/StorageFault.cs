using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CiieBlazor.App.Data;

/// <summary>
/// The database could not take a write (busy or locked, storage full, unreachable), or the disk could not take an
/// uploaded file — as opposed to a refusal of what was written. The user is told it was not saved and why in plain
/// words; what they typed stays on the page, and the autosave (or the next click) tries again.
/// </summary>
public static class StorageFault
{
    public static bool Is(Exception ex) => Root(ex) is not null || DiskFull(ex);

    /// <summary>What to tell the user (after "未保存：" / "not saved:"), Chinese first with English beside it.</summary>
    public static string Describe(Exception ex) => Full(Root(ex)) || DiskFull(ex)
        ? "服务器存储空间不足，您填写的内容仍在页面上，稍后将自动重试 (the server's storage is full; what you typed stays on the page and is saved on the next try)"
        : "系统繁忙，您填写的内容仍在页面上，稍后将自动重试 (the system is busy; what you typed stays on the page and is saved on the next try)";

    /// <summary>What to tell the user whose upload was not kept: nothing of it was stored, and it must be chosen again.</summary>
    public static string DescribeUpload(Exception ex) => Full(Root(ex)) || DiskFull(ex)
        ? "服务器存储空间不足，文件未上传，请稍后重新上传 (the server's storage is full; the file was not uploaded, please upload it again later)"
        : "系统繁忙，文件未上传，请稍后重新上传 (the system is busy; the file was not uploaded, please upload it again later)";

    /// <summary>
    /// A file could not be written for want of space: ENOSPC (28) on Linux and macOS, whose errno .NET gives as the
    /// HResult; ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows.
    /// </summary>
    private static bool DiskFull(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is IOException { HResult: 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027) }) return true;
        }
        return false;
    }

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

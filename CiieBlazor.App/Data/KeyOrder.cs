using System.Data.SqlTypes;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Data;

/// <summary>
/// How the database orders Guid keys, so rows merged in memory come out in the same order as ORDER BY Id:
/// SQLite compares the upper-case text, SQL Server its own uniqueidentifier byte order.
/// </summary>
public static class KeyOrder
{
    private static readonly IComparer<Guid> Text = Comparer<Guid>.Create((a, b) =>
        string.CompareOrdinal(a.ToString().ToUpperInvariant(), b.ToString().ToUpperInvariant()));

    private static readonly IComparer<Guid> SqlServer = Comparer<Guid>.Create((a, b) => new SqlGuid(a).CompareTo(new SqlGuid(b)));

    public static IComparer<Guid> For(AppDbContext db) => db.Database.IsSqlServer() ? SqlServer : Text;
}

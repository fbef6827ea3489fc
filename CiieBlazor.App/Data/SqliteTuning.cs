using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CiieBlazor.App.Data;

/// <summary>
/// Per-connection SQLite settings, applied whenever EF opens a (pooled) connection: a 32 MB page cache instead of the
/// default 2 MB, and memory-mapped reads. With a million persons the grid's indexes are hundreds of megabytes; these
/// halve the cost of looking up a few thousand rows by key (measured in docs/PERFORMANCE.md).
/// </summary>
public sealed class SqliteTuning : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA cache_size = -32768; PRAGMA mmap_size = 1073741824;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}

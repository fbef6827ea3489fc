using System.Data.Common;
using System.Text.RegularExpressions;
using CiieBlazor.App.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CiieBlazor.Bench;

/// <summary>
/// Bulk-loading helpers for the seeders, on SQLite or PostgreSQL: rows copied from an existing row and written with
/// prepared statements. Values are given as .NET values (Guid, DateOnly, bool, string, int) and stored the way EF stores
/// them on that provider: on SQLite a Guid as upper-case text, a date as yyyy-MM-dd and a bool as 0/1; on PostgreSQL as
/// they are, typed like the sample row's column.
/// </summary>
public static class SqlRows
{
    public static string Text(Guid id) => id.ToString().ToUpperInvariant();

    /// <summary>A bulk-loading connection to the app's database, set for speed (the seed is rebuilt if a run dies).</summary>
    public static async Task<DbConnection> OpenBulkAsync(AppDbContextFactory factory, int sqliteCacheKiB)
    {
        DbConnection connection = factory.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnection(factory.ConnectionString),
            DatabaseProvider.PostgreSql => new NpgsqlConnection(factory.ConnectionString),
            var other => throw new NotSupportedException($"the benchmark seeders load SQLite or PostgreSQL, not {other}"),
        };
        await connection.OpenAsync();
        await Exec(connection, connection is SqliteConnection
            ? $"PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-{sqliteCacheKiB};"
            : "SET synchronous_commit = off;");
        return connection;
    }

    /// <summary>Statistics for the planner after a bulk load.</summary>
    public static Task AnalyseAsync(DbConnection connection) =>
        Exec(connection, connection is SqliteConnection ? "ANALYZE; PRAGMA optimize;" : "ANALYZE;");

    public static async Task Exec(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A prepared statement with named parameters <c>@name</c>, typed by the given sample values.</summary>
    public static async Task<Statement> PrepareAsync(DbConnection connection, string sql, params (string Name, object Sample)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var byName = new Dictionary<string, DbParameter>();
        foreach (var (name, sample) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = Store(connection, sample);
            command.Parameters.Add(p);
            byName[name] = p;
        }
        return new Statement(connection, command, byName);
    }

    /// <summary>An INSERT for every column of a table, with parameters preset from one existing row (the sample query's first row).</summary>
    public static async Task<Statement> Template(DbConnection connection, string table, string sample)
    {
        List<string> columns;
        var values = new List<(object Value, string Type)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = sample;
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException($"no sample row in {table}");
            columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            for (var i = 0; i < reader.FieldCount; i++) values.Add((reader.GetValue(i), reader.GetDataTypeName(i)));
        }
        var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@c{i}"))})";
        var parameters = new Dictionary<string, DbParameter>();
        for (var i = 0; i < columns.Count; i++)
        {
            var p = insert.CreateParameter();
            p.ParameterName = $"@c{i}";
            p.Value = values[i].Value;
            // The column's own type (jsonb, uuid, date …), so that a value given as text still lands in its type.
            if (p is NpgsqlParameter npgsql) npgsql.DataTypeName = Regex.Replace(values[i].Type, @"\(.*\)", "");
            insert.Parameters.Add(p);
            parameters[columns[i]] = p;
        }
        return new Statement(connection, insert, parameters);
    }

    private static object Store(DbConnection connection, object? value) => value switch
    {
        null => DBNull.Value,
        _ when connection is not SqliteConnection => value,
        Guid g => Text(g),
        DateOnly d => d.ToString("yyyy-MM-dd"),
        bool b => b ? 1 : 0,
        _ => value,
    };

    public sealed class Statement(DbConnection connection, DbCommand command, Dictionary<string, DbParameter> parameters) : IAsyncDisposable
    {
        public DbCommand Command => command;

        public void Set(string column, object? value) => parameters[column].Value = Store(connection, value);

        public DbTransaction? Transaction { set => command.Transaction = value; }

        private bool _prepared;

        /// <summary>Runs the statement with the values set; prepared on its first run (in the transaction it runs in).</summary>
        public async Task<int> ExecuteAsync()
        {
            if (!_prepared)
            {
                await command.PrepareAsync();
                _prepared = true;
            }
            return await command.ExecuteNonQueryAsync();
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}

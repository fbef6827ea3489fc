using Microsoft.Data.Sqlite;

namespace CiieBlazor.Bench;

/// <summary>Bulk-loading helpers for the seeders: rows copied from an existing row and written with prepared statements.</summary>
public static class SqlRows
{
    public static string Text(Guid id) => id.ToString().ToUpperInvariant();

    public static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>An INSERT for every column of a table, with parameters preset from one existing row.</summary>
    public static async Task<RowTemplate> Template(SqliteConnection connection, string table, string sample)
    {
        await using var read = new SqliteCommand(sample, connection);
        await using var reader = await read.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException($"no sample row in {table}");
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var insert = new SqliteCommand($"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$c{i}"))})", connection);
        var parameters = new Dictionary<string, SqliteParameter>();
        for (var i = 0; i < columns.Count; i++)
        {
            parameters[columns[i]] = insert.Parameters.AddWithValue($"$c{i}", reader.GetValue(i));
        }
        return new RowTemplate(insert, parameters);
    }

    public sealed record RowTemplate(SqliteCommand Command, Dictionary<string, SqliteParameter> Parameters)
    {
        public void Set(string column, object? value) => Parameters[column].Value = value ?? DBNull.Value;
    }

}

using System.Data.Common;
using System.Security.Cryptography;
using CiieBlazor.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CiieBlazor.App.Features.Security;

/// <summary>
/// Brings every stored personal-data value under the current key, once at start and in batches: values written before
/// encryption (plain text), values under an older key after a key rotation, and blind indexes still empty. It rewrites
/// the stored form only, never the value, so no version changes and nobody's open form conflicts with it.
/// </summary>
public sealed class PersonalDataRewrap(IDbContextFactory<AppDbContext> dbs, ILogger<PersonalDataRewrap> logger) : BackgroundService
{
    public const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var changed = await RunAsync(stoppingToken);
            if (changed > 0) logger.LogInformation("Personal data: {Count} stored values brought under the current key or indexed.", changed);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The app keeps working (old values stay readable); the next start tries again.
            logger.LogError(ex, "Personal data rewrap stopped early.");
        }
    }

    /// <summary>Rewrites what is not yet under the current key, then fills empty blind indexes; returns how many values changed.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var sql = db.GetService<ISqlGenerationHelper>();
        var limit = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer"
            ? (Func<string, string>)(select => select.Replace("SELECT ", $"SELECT TOP ({BatchSize}) ", StringComparison.Ordinal))
            : select => $"{select} LIMIT {BatchSize}";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var changed = 0;
        foreach (var column in ProtectedColumns(db.Model))
        {
            var keys = string.Join(", ", column.Keys.Select(sql.DelimitIdentifier));
            var value = sql.DelimitIdentifier(column.Column);
            var select = limit($"SELECT {keys}, {value} FROM {sql.DelimitIdentifier(column.Table)} WHERE {value} <> '' AND {value} NOT LIKE @current");
            changed += await BatchesAsync(connection, select, [("current", db.Cipher.CurrentPrefix + "%")], column, sql, row =>
            {
                var plain = db.Cipher.Unprotect(row);
                return (value, db.Cipher.Protect(plain));
            }, ct);
        }
        foreach (var (table, column, index, of) in new (string, string, string, Func<string, string>)[]
                 {
                     ("Persons", "DocumentNumber", AppDbContext.DocumentIndex, db.DocumentIndexOf),
                     ("Outbox", "Recipient", AppDbContext.RecipientIndex, db.RecipientIndexOf),
                 })
        {
            var target = new ProtectedColumn(table, column, ["Id"]);
            var select = limit($"SELECT {sql.DelimitIdentifier("Id")}, {sql.DelimitIdentifier(column)} FROM {sql.DelimitIdentifier(table)} "
                + $"WHERE {sql.DelimitIdentifier(index)} = '' AND {sql.DelimitIdentifier(column)} <> ''");
            changed += await BatchesAsync(connection, select, [], target, sql, row => (sql.DelimitIdentifier(index), of(db.Cipher.Unprotect(row))), ct);
        }
        return changed;
    }

    private sealed record ProtectedColumn(string Table, string Column, string[] Keys);

    /// <summary>Every column a protected property is stored in, with its table's key columns.</summary>
    private static IEnumerable<ProtectedColumn> ProtectedColumns(IModel model)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.GetValueConverter() is AppDbContext.ProtectedConverter))
            {
                var keys = entity.FindPrimaryKey()!.Properties.Select(k => k.GetColumnName(store)!).ToArray();
                yield return new ProtectedColumn(table, property.GetColumnName(store)!, keys);
            }
        }
    }

    /// <summary>
    /// Reads a batch, writes each row's new value only where the row still holds what was read (a row the app changed
    /// meanwhile is already current), and goes on until nothing is left that it can change.
    /// </summary>
    private async Task<int> BatchesAsync(DbConnection connection, string select, (string Name, object Value)[] parameters, ProtectedColumn column,
        ISqlGenerationHelper sql, Func<string, (string SetColumn, string NewValue)> rewrite, CancellationToken ct)
    {
        var total = 0;
        var unreadable = 0;
        while (true)
        {
            var rows = new List<(object[] Keys, string Value)>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = select;
                foreach (var (name, value) in parameters) Add(read, name, value);
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var keys = new object[column.Keys.Length];
                    for (var i = 0; i < keys.Length; i++) keys[i] = reader.GetValue(i);
                    rows.Add((keys, reader.GetString(column.Keys.Length)));
                }
            }
            if (rows.Count == 0) break;
            var changed = 0;
            foreach (var (keys, value) in rows)
            {
                (string SetColumn, string NewValue) next;
                try
                {
                    next = rewrite(value);
                }
                catch (Exception ex) when (ex is CryptographicException or FormatException)
                {
                    unreadable++;
                    continue;
                }
                await using var write = connection.CreateCommand();
                var where = string.Join(" AND ", column.Keys.Select((k, i) => $"{sql.DelimitIdentifier(k)} = @k{i}"));
                write.CommandText = $"UPDATE {sql.DelimitIdentifier(column.Table)} SET {next.SetColumn} = @new WHERE {where} AND {sql.DelimitIdentifier(column.Column)} = @old";
                Add(write, "new", next.NewValue);
                Add(write, "old", value);
                for (var i = 0; i < keys.Length; i++) Add(write, "k" + i, keys[i]);
                changed += await write.ExecuteNonQueryAsync(ct);
            }
            total += changed;
            if (changed == 0) break;
        }
        if (unreadable > 0)
        {
            logger.LogError("{Count} values in {Table}.{Column} cannot be decrypted with the configured keys (PersonalData:Keys).", unreadable, column.Table, column.Column);
        }
        return total;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CiieBlazor.App.Data;

/// <summary>
/// Saves what a context tracks with one prepared command per table and column set, executed once per row, in one
/// transaction — for the hot paths that write hundreds of rows of a few shapes per save (the payment applier).
/// <para>
/// EF's SQLite provider sends every row as its own newly prepared command; compiling the same UPDATE or INSERT again for
/// each row is most of a large save's time. Here each shape is prepared once per save and re-executed with new values.
/// Everything comes from EF's model, as <c>SaveChanges</c> would use it: table and column names, value converters and
/// parameter types (<see cref="RelationalTypeMapping.CreateParameter"/>), which properties a save writes
/// (before/after-save behaviour, temporary and store-generated values), keys and concurrency tokens (an UPDATE that
/// finds no row with the original key and token throws <see cref="DbUpdateConcurrencyException"/>, and nothing of the
/// save is kept), and principals before dependents.
/// </para>
/// <para>
/// It writes rows that are added or modified. A save holding anything else — a deleted row, an added row that shares
/// its table with another entity type (table splitting) — goes through EF's own save instead, whole. Store-generated
/// values (an identity key) are not read back: a context that inserted such a row keeps its entries' states and is dropped
/// after the save; otherwise the entries become unchanged, as after EF's save.
/// </para>
/// </summary>
public static class PreparedSave
{
    /// <summary>
    /// Prepares the save as <see cref="AppDbContext.SaveChangesAsync(bool, CancellationToken)"/> does (concurrency tokens, audit
    /// records, name index) and writes it in one transaction: with prepared commands when every change is of a kind this
    /// writes (true), otherwise through EF (false).
    /// </summary>
    /// <exception cref="DbUpdateConcurrencyException">A modified row was changed or removed by another writer since it was read.</exception>
    /// <exception cref="DbUpdateException">The database refused a row (a unique index, a foreign key): nothing was kept.</exception>
    public static async Task<bool> SaveAsync(AppDbContext db, CancellationToken ct)
    {
        db.PrepareSave();
        var rows = Plan(db);
        if (rows is null)
        {
            await db.SaveChangesPreparedAsync(ct);
            return false;
        }

        // Under the provider's execution strategy (PostgreSQL and SQL Server retry transient failures): a retry writes
        // everything again from the unchanged tracked state.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(ct, ct => WriteAsync(db, rows, ct));
        // Saved: the entries become unchanged, as after EF's save — unless an inserted row has a value only the database
        // knows (an identity key), which is not read back; such a context must not be saved again.
        if (!rows.Any(r => r.Entry.State == EntityState.Added && r.Entry.Properties.Any(p => p.IsTemporary))) db.ChangeTracker.AcceptAllChanges();
        return true;
    }

    private static async Task WriteAsync(AppDbContext db, List<Row> rows, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var helper = db.GetService<ISqlGenerationHelper>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var commands = new Dictionary<string, (DbCommand Command, IProperty[] Values)>(StringComparer.Ordinal);
        try
        {
            foreach (var row in rows)
            {
                var shape = Shape(row, helper);
                if (!commands.TryGetValue(shape.Sql, out var prepared))
                {
                    var command = connection.CreateCommand();
                    command.Transaction = transaction.GetDbTransaction();
                    command.CommandText = shape.Sql;
                    for (var i = 0; i < shape.Values.Length; i++)
                    {
                        command.Parameters.Add(shape.Values[i].GetRelationalTypeMapping()
                            .CreateParameter(command, "@p" + i, null, shape.Values[i].IsNullable));
                    }
                    command.Prepare();
                    prepared = (command, shape.Values);
                    commands.Add(shape.Sql, prepared);
                }
                for (var i = 0; i < prepared.Values.Length; i++)
                {
                    var property = prepared.Values[i];
                    var useOriginal = row.Entry.State == EntityState.Modified && i >= shape.WhereFrom;
                    var value = useOriginal ? row.Entry.OriginalValues[property] : row.Entry.CurrentValues[property];
                    var converter = property.GetTypeMapping().Converter;
                    prepared.Command.Parameters[i].Value = (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
                }
                int affected;
                try
                {
                    affected = await prepared.Command.ExecuteNonQueryAsync(ct);
                }
                catch (DbException ex)
                {
                    throw new DbUpdateException($"Saving {row.Entry.Metadata.DisplayName()} failed: {ex.Message}", ex, [row.Entry]);
                }
                if (affected != 1)
                {
                    throw new DbUpdateConcurrencyException(
                        $"{row.Entry.Metadata.DisplayName()} was changed or removed by another writer since it was read ({affected} rows matched).");
                }
            }
            await transaction.CommitAsync(ct);
        }
        finally
        {
            foreach (var (command, _) in commands.Values) await command.DisposeAsync();
        }
    }

    private sealed record Row(EntityEntry Entry, IReadOnlyList<IProperty> Columns);

    private readonly record struct Prepared(string Sql, IProperty[] Values, int WhereFrom);

    /// <summary>What to write, principals first; null when something tracked is not of a kind this writes.</summary>
    private static List<Row>? Plan(AppDbContext db)
    {
        var rows = new List<Row>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Unchanged or EntityState.Detached:
                    continue;
                case EntityState.Modified:
                    var modified = entry.Metadata.GetProperties()
                        .Where(p => !p.IsKey() && entry.Property(p.Name).IsModified && p.GetAfterSaveBehavior() == PropertySaveBehavior.Save)
                        .ToList();
                    if (modified.Count > 0) rows.Add(new Row(entry, modified));
                    continue;
                case EntityState.Added when !SharesTable(entry.Metadata):
                    var written = entry.Metadata.GetProperties()
                        .Where(p => p.GetBeforeSaveBehavior() == PropertySaveBehavior.Save && !entry.Property(p.Name).IsTemporary
                            && !(p.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && Equals(entry.Property(p.Name).CurrentValue, p.Sentinel)))
                        .ToList();
                    rows.Add(new Row(entry, written));
                    continue;
                default:
                    return null;
            }
        }
        // Updates first (every row they touch exists), then inserts with each type after the types it refers to.
        var depth = new Dictionary<IEntityType, int>();
        return [.. rows.OrderBy(r => r.Entry.State == EntityState.Added ? 1 + Depth(r.Entry.Metadata, depth) : 0)];
    }

    /// <summary>How many foreign-key steps lead from this type to a type that refers to nothing.</summary>
    private static int Depth(IEntityType type, Dictionary<IEntityType, int> known, int guard = 0)
    {
        if (known.TryGetValue(type, out var d)) return d;
        if (guard > 32) return guard;
        d = type.GetForeignKeys().Where(fk => fk.PrincipalEntityType != type)
            .Select(fk => 1 + Depth(fk.PrincipalEntityType, known, guard + 1)).DefaultIfEmpty(0).Max();
        known[type] = d;
        return d;
    }

    private static bool SharesTable(IEntityType type)
    {
        var table = type.GetTableMappings().FirstOrDefault()?.Table;
        return table is null || table.EntityTypeMappings.Count() > 1;
    }

    /// <summary>The statement for a row and the properties whose values it takes, in parameter order.</summary>
    private static Prepared Shape(Row row, ISqlGenerationHelper sql)
    {
        var type = row.Entry.Metadata;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        var name = sql.DelimitIdentifier(table.Name, table.Schema);
        if (row.Entry.State == EntityState.Added)
        {
            var columns = string.Join(", ", row.Columns.Select(Column));
            var values = string.Join(", ", row.Columns.Select((_, i) => "@p" + i));
            return new Prepared($"INSERT INTO {name} ({columns}) VALUES ({values})", [.. row.Columns], row.Columns.Count);
        }
        var where = type.FindPrimaryKey()!.Properties.Concat(type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsKey())).ToList();
        var set = string.Join(", ", row.Columns.Select((p, i) => $"{Column(p)} = @p{i}"));
        var filter = string.Join(" AND ", where.Select((p, i) => $"{Column(p)} = @p{row.Columns.Count + i}"));
        return new Prepared($"UPDATE {name} SET {set} WHERE {filter}", [.. row.Columns, .. where], row.Columns.Count);
    }
}

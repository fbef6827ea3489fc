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
    /// <summary>The meter of this writer's phase times (dotnet-counters, the benchmarks).</summary>
    public const string MeterName = "CiieBlazor.Data.PreparedSave";

    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);
    private static readonly System.Diagnostics.Metrics.Histogram<double> Phase =
        Meter.CreateHistogram<double>("ciie.db.prepared_save.duration", "ms", "Time of one phase of a prepared save (tag phase: prepare, write, commit)");

    private static long Record(string purpose, string phase, long since)
    {
        if (Phase.Enabled)
        {
            Phase.Record(System.Diagnostics.Stopwatch.GetElapsedTime(since).TotalMilliseconds,
                new KeyValuePair<string, object?>("phase", phase), new KeyValuePair<string, object?>("purpose", purpose));
        }
        return System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Prepares the save as <see cref="AppDbContext.SaveChangesAsync(bool, CancellationToken)"/> does (concurrency tokens, audit
    /// records, name index) and writes it in one transaction: with prepared commands when every change is of a kind this
    /// writes (true), otherwise through EF (false).
    /// </summary>
    /// <param name="purpose">What the save is for: a tag on its phase times.</param>
    /// <exception cref="DbUpdateConcurrencyException">A modified row was changed or removed by another writer since it was read.</exception>
    /// <exception cref="DbUpdateException">The database refused a row (a unique index, a foreign key): nothing was kept.</exception>
    public static Task<bool> SaveAsync(AppDbContext db, string purpose, CancellationToken ct) => Prepare(db, purpose).WriteAsync(ct);

    /// <summary>
    /// The first half of <see cref="SaveAsync"/>, without touching the database: prepares the save (concurrency tokens,
    /// audit records, name index) and plans its rows, so that a caller can do this work while another save of its is still
    /// being written, and write this one after it.
    /// </summary>
    /// <param name="purpose">What the save is for: a tag on its phase times.</param>
    public static Planned Prepare(AppDbContext db, string purpose)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        db.PrepareSave();
        var rows = Plan(db);
        Record(purpose, "prepare", started);
        return new Planned(db, rows, purpose);
    }

    /// <summary>A prepared save, to be written once.</summary>
    public sealed class Planned
    {
        private readonly AppDbContext _db;
        private readonly List<Row>? _rows;
        private readonly string _purpose;

        internal Planned(AppDbContext db, List<Row>? rows, string purpose) => (_db, _rows, _purpose) = (db, rows, purpose);

        /// <summary>
        /// Writes the save in one transaction: with prepared commands when every change is of a kind this writes (true),
        /// otherwise through EF (false).
        /// </summary>
        /// <exception cref="DbUpdateConcurrencyException">A modified row was changed or removed by another writer since it was read.</exception>
        /// <exception cref="DbUpdateException">The database refused a row (a unique index, a foreign key): nothing was kept.</exception>
        public async Task<bool> WriteAsync(CancellationToken ct)
        {
            var (db, rows, purpose) = (_db, _rows, _purpose);
            if (rows is null)
            {
                await db.SaveChangesPreparedAsync(ct);
                return false;
            }

            // Under the provider's execution strategy (PostgreSQL and SQL Server retry transient failures): a retry writes
            // everything again from the unchanged tracked state.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(ct, ct => PreparedSave.WriteAsync(db, rows, purpose, ct));
            // Saved: the entries become unchanged, as after EF's save — unless an inserted row has a value only the database
            // knows (an identity key), which is not read back; such a context must not be saved again.
            if (!rows.Any(r => r.Entry.State == EntityState.Added && r.Entry.Properties.Any(p => p.IsTemporary))) db.ChangeTracker.AcceptAllChanges();
            return true;
        }
    }

    private static async Task WriteAsync(AppDbContext db, List<Row> rows, string purpose, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var helper = db.GetService<ISqlGenerationHelper>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (connection.CanCreateBatch)
        {
            // A server across a connection (PostgreSQL, SQL Server): every row in one batch, one round trip.
            await WriteBatchAsync(connection, transaction.GetDbTransaction(), rows, helper, ct);
        }
        else
        {
            // SQLite runs in this process: nothing to save by batching; each shape is prepared once and run per row.
            await WriteByRowAsync(connection, transaction.GetDbTransaction(), rows, helper, ct);
        }
        var written = Record(purpose, "write", started);
        await transaction.CommitAsync(ct);
        Record(purpose, "commit", written);
    }

    private static async Task WriteBatchAsync(DbConnection connection, DbTransaction transaction, List<Row> rows, ISqlGenerationHelper helper, CancellationToken ct)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        await using var template = connection.CreateCommand(); // creates parameters the provider's way (its types)
        foreach (var row in rows)
        {
            var shape = Shape(row, helper);
            var command = batch.CreateBatchCommand();
            command.CommandText = shape.Sql;
            var values = Values(row, shape);
            for (var i = 0; i < shape.Values.Length; i++)
            {
                var parameter = shape.Values[i].GetRelationalTypeMapping().CreateParameter(template, "@p" + i, null, shape.Values[i].IsNullable);
                parameter.Value = values[i];
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (DbException ex)
        {
            var failed = ex.BatchCommand is { } command ? batch.BatchCommands.IndexOf(command) : -1;
            var what = failed >= 0 ? rows[failed].Entry.Metadata.DisplayName() : "a batch of rows";
            throw new DbUpdateException($"Saving {what} failed: {ex.Message}", ex, failed >= 0 ? [rows[failed].Entry] : [.. rows.Select(r => r.Entry)]);
        }
        for (var i = 0; i < rows.Count; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected != 1) throw Conflict(rows[i], batch.BatchCommands[i].RecordsAffected);
        }
    }

    /// <summary>
    /// The row's parameter values in the shape's order, as the columns take them (through each property's converter): new
    /// values to write, then the original key and token an UPDATE finds its row by.
    /// </summary>
    private static object[] Values(Row row, Prepared shape)
    {
        var current = row.Entry.CurrentValues;
        var original = row.Entry.State == EntityState.Modified ? row.Entry.OriginalValues : current;
        var values = new object[shape.Values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var property = shape.Values[i];
            var value = i >= shape.WhereFrom ? original[property] : current[property];
            var converter = property.GetTypeMapping().Converter;
            values[i] = (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
        }
        return values;
    }

    /// <summary>An UPDATE that matched no row (or more than one): another writer got there first.</summary>
    private static DbUpdateConcurrencyException Conflict(Row row, int affected) =>
        new($"{row.Entry.Metadata.DisplayName()} was changed or removed by another writer since it was read ({affected} rows matched).");

    private static async Task WriteByRowAsync(DbConnection connection, DbTransaction transaction, List<Row> rows, ISqlGenerationHelper helper, CancellationToken ct)
    {
        var commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        try
        {
            foreach (var row in rows)
            {
                var shape = Shape(row, helper);
                if (!commands.TryGetValue(shape.Sql, out var command))
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = shape.Sql;
                    for (var i = 0; i < shape.Values.Length; i++)
                    {
                        command.Parameters.Add(shape.Values[i].GetRelationalTypeMapping()
                            .CreateParameter(command, "@p" + i, null, shape.Values[i].IsNullable));
                    }
                    command.Prepare();
                    commands.Add(shape.Sql, command);
                }
                var values = Values(row, shape);
                for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
                int affected;
                try
                {
                    affected = await command.ExecuteNonQueryAsync(ct);
                }
                catch (DbException ex)
                {
                    throw new DbUpdateException($"Saving {row.Entry.Metadata.DisplayName()} failed: {ex.Message}", ex, [row.Entry]);
                }
                if (affected != 1) throw Conflict(row, affected);
            }
        }
        finally
        {
            foreach (var command in commands.Values) await command.DisposeAsync();
        }
    }

    internal sealed record Row(EntityEntry Entry, IReadOnlyList<IProperty> Columns);

    private readonly record struct Prepared(string Sql, IProperty[] Values, int WhereFrom);

    /// <summary>What to write, principals first; null when something tracked is not of a kind this writes.</summary>
    private static List<Row>? Plan(AppDbContext db)
    {
        var rows = new List<Row>();
        // PrepareSave has just looked for changes: listing the entries must not scan everything again.
        using (db.WithoutRescans())
        {
            foreach (var entry in db.ChangeTracker.Entries())
            {
                switch (entry.State)
                {
                    case EntityState.Unchanged or EntityState.Detached:
                        continue;
                    case EntityState.Modified:
                        var modified = Columns(entry.Metadata).Updatable.Where(p => entry.Property(p).IsModified).ToList();
                        if (modified.Count > 0) rows.Add(new Row(entry, modified));
                        continue;
                    case EntityState.Added when !SharesTable(entry.Metadata):
                        var written = Columns(entry.Metadata).Insertable
                            .Where(p => entry.Property(p) is var value && !value.IsTemporary
                                && !(p.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && Equals(value.CurrentValue, p.Sentinel)))
                            .ToList();
                        rows.Add(new Row(entry, written));
                        continue;
                    default:
                        return null;
                }
            }
        }
        // Updates first (every row they touch exists), then inserts with each type after the types it refers to.
        var depth = new Dictionary<IEntityType, int>();
        return [.. rows.OrderBy(r => r.Entry.State == EntityState.Added ? 1 + Depth(r.Entry.Metadata, depth) : 0)];
    }

    /// <summary>Per entity type (of one model): the properties an UPDATE may set and those an INSERT may write.</summary>
    private sealed record TypeColumns(IProperty[] Updatable, IProperty[] Insertable);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, TypeColumns> ColumnsOf = new();

    private static TypeColumns Columns(IEntityType type) => ColumnsOf.GetOrAdd(type, t => new TypeColumns(
        [.. t.GetProperties().Where(p => !p.IsKey() && p.GetAfterSaveBehavior() == PropertySaveBehavior.Save)],
        [.. t.GetProperties().Where(p => p.GetBeforeSaveBehavior() == PropertySaveBehavior.Save)]));

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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IEntityType Type, bool Insert, string Columns), Prepared> Shapes = new();

    /// <summary>The statement for a row and the properties whose values it takes, in parameter order (built once per shape).</summary>
    private static Prepared Shape(Row row, ISqlGenerationHelper sql)
    {
        var insert = row.Entry.State == EntityState.Added;
        var key = (row.Entry.Metadata, insert, string.Join(",", row.Columns.Select(p => p.Name)));
        return Shapes.TryGetValue(key, out var known) ? known : Shapes.GetOrAdd(key, _ => Build(row, insert, sql));
    }

    private static Prepared Build(Row row, bool insert, ISqlGenerationHelper sql)
    {
        var type = row.Entry.Metadata;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        var name = sql.DelimitIdentifier(table.Name, table.Schema);
        if (insert)
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

using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Payments;

/// <summary>
/// <see cref="PreparedSave"/> writes the rows EF's own save would write: the same columns with the same stored types and
/// text (GUIDs, instants, money, enum names), checked against a second order paid the per-notice way (EF's save) at the
/// same instant; a stale row is a concurrency conflict and a refused row an update error, with nothing of the save kept.
/// </summary>
public sealed class PreparedSaveRows : IDisposable
{
    private static readonly DateTimeOffset Start = new(2027, 10, 1, 1, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly PaymentsApp _app;

    public PreparedSaveRows() => _app = new PaymentsApp(_clock);

    [Fact]
    public async Task APaymentWrittenByPreparedCommandsStoresExactlyWhatEfStores()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(4);
        var byEf = await _app.OrderAsync([persons[0], persons[1]]);
        var prepared = await _app.OrderAsync([persons[2], persons[3]]);
        var efStart = await _app.StartAsync(byEf.Id);
        var preparedStart = await _app.StartAsync(prepared.Id);

        // The per-notice path saves through EF; a batch through PreparedSave. Same instant, same kind of notice.
        Assert.Equal(NotificationOutcome.Applied, (await _app.Get<PaymentService>().ApplyNotificationAsync(Notice(efStart.AttemptId, "SBX-EF", byEf.Total.Amount))).Outcome);
        Assert.Equal(NotificationOutcome.Applied, Assert.Single(await _app.Get<PaymentApplier>().ApplyBatchAsync([Notice(preparedStart.AttemptId, "SBX-PREPARED", prepared.Total.Amount)])).Outcome);

        // Row by row, column by column: the same storage class (SQLite) or column type (a server) everywhere, the same value
        // wherever the values mean the same — on SQLite one command per row, on a server one DbBatch.
        // Columns that differ between two orders, attempts or persons whoever writes them; every other column must match.
        string[] differs = ["Id", "Number", "Version", "OrderId", "EntityId", "TransactionId", "ProviderTransactionId", "CreatedAt", "ExpiresAt", "Reason"];
        await using var context = _app.Db();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        var ef = efStart.AttemptId;
        var pr = preparedStart.AttemptId;
        var pairs = new (string Table, string Where, Guid A, Guid B, string[]? Compared)[]
        {
            ("Orders", "\"Id\" = @id", byEf.Id, prepared.Id, null),
            ("PaymentAttempts", "\"Id\" = @id", ef, pr, null),
            ("PaymentReceipts", "\"OrderId\" = @id", byEf.Id, prepared.Id, null),
            // Two persons differ in their own data: what paying writes must match.
            ("Persons", "\"Id\" = @id", persons[0], persons[2], ["Status", "StatusReason", "Tag", "BadgeStatus"]),
            ("AuditRecords", "\"EntityId\" = @id AND \"Trigger\" = 'PaymentSucceeded'", byEf.Id, prepared.Id, null),
            ("AuditRecords", "\"EntityId\" = @id AND \"Trigger\" = 'Succeed'", ef, pr, null),
            ("AuditRecords", "\"EntityId\" = @id AND \"Trigger\" = 'OrderPaid'", persons[0], persons[2], null),
        };
        foreach (var (table, where, a, b, compared) in pairs)
        {
            var left = await RowAsync(connection, table, where, a);
            var right = await RowAsync(connection, table, where, b);
            Assert.Equal(left.Keys.Order(), right.Keys.Order());
            foreach (var column in left.Keys)
            {
                Assert.True(left[column].Type == right[column].Type, $"{table}.{column}: stored as {left[column].Type} by EF, {right[column].Type} by PreparedSave");
                if (compared?.Contains(column) ?? !differs.Contains(column))
                    Assert.True(Equals(left[column].Value, right[column].Value), $"{table}.{column}: '{left[column].Value}' by EF, '{right[column].Value}' by PreparedSave");
            }
        }

        // EF reads what PreparedSave wrote as the domain expects it.
        await using var db = _app.Db();
        var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == prepared.Id);
        Assert.Equal((OrderStatus.Paid, "SBX-PREPARED", Start), (paid.Status, Assert.Single(paid.Receipts).TransactionId, paid.Receipts[0].ReceivedAt));
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid" && m.Body.Contains(prepared.Number)));
    }

    [Fact]
    public async Task AStaleRowIsAConcurrencyConflictAndNothingOfTheSaveIsKept()
    {
        var order = await _app.OrderAsync(await _app.PersonsAwaitingPaymentAsync(1));
        await using var stale = _app.Db();
        var tracked = await stale.Orders.SingleAsync(o => o.Id == order.Id);

        // Another writer changes the order first: its concurrency token moves on.
        await using (var other = _app.Db())
        {
            (await other.Orders.SingleAsync(o => o.Id == order.Id)).Cancel(Actor.System, _clock.GetUtcNow());
            await other.SaveChangesAsync();
        }

        var outboxBefore = await CountOutboxAsync();
        tracked.Cancel(Actor.System, _clock.GetUtcNow());
        OutboxWriter.Add(stale, MessageChannel.Sms, "13800138000", "s", "written with a stale order", "Test", null, _clock.GetUtcNow());
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => PreparedSave.SaveAsync(stale, "test", CancellationToken.None));
        Assert.Equal(outboxBefore, await CountOutboxAsync());
        await using var check = _app.Db();
        Assert.Equal(1, await check.AuditRecords.CountAsync(a => a.EntityId == order.Id && a.Trigger == nameof(OrderTrigger.Cancel)));
    }

    [Fact]
    public async Task ARowTheDatabaseRefusesIsAnUpdateErrorAndNothingOfTheSaveIsKept()
    {
        await using var db = _app.Db();
        var before = await CountOutboxAsync();
        var first = OutboxWriter.Add(db, MessageChannel.Email, "a@example.com", "s", "first of two", "Test", null, _clock.GetUtcNow());
        await using (var other = _app.Db())
        {
            // The same id already stored by someone else: the primary key refuses the second insert.
            other.Outbox.Add(new OutboxMessage { Id = first.Id, Channel = MessageChannel.Email, Recipient = "b@example.com", Subject = "s", Body = "taken", Kind = "Test",
                CreatedAt = _clock.GetUtcNow(), NextAttemptAt = _clock.GetUtcNow() });
            await other.SaveChangesAsync();
        }
        OutboxWriter.Add(db, MessageChannel.Email, "c@example.com", "s", "second of two", "Test", null, _clock.GetUtcNow());

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => PreparedSave.SaveAsync(db, "test", CancellationToken.None));
        Assert.IsAssignableFrom<System.Data.Common.DbException>(error.InnerException);
        Assert.Equal(before + 1, await CountOutboxAsync()); // only the other writer's row
    }

    [Fact]
    public async Task ASaveWithADeletedRowGoesThroughEfWhole()
    {
        await using var db = _app.Db();
        var message = OutboxWriter.Add(db, MessageChannel.Sms, "13800138000", "s", "to be deleted", "Test", null, _clock.GetUtcNow());
        Assert.True(await PreparedSave.SaveAsync(db, "test", CancellationToken.None));
        Assert.Equal(EntityState.Unchanged, db.Entry(message).State); // saved: unchanged again, as after EF's save

        db.Outbox.Remove(message);
        var kept = OutboxWriter.Add(db, MessageChannel.Sms, "13800138000", "s", "kept", "Test", null, _clock.GetUtcNow());
        Assert.False(await PreparedSave.SaveAsync(db, "test", CancellationToken.None));
        await using var check = _app.Db();
        Assert.False(await check.Outbox.AnyAsync(m => m.Id == message.Id));
        Assert.True(await check.Outbox.AnyAsync(m => m.Id == kept.Id));
    }

    private async Task<int> CountOutboxAsync()
    {
        await using var db = _app.Db();
        return await db.Outbox.CountAsync();
    }

    /// <summary>One row: each column's SQLite storage class (typeof) or, on a server, its column type, and its value.</summary>
    private static async Task<Dictionary<string, (string Type, object? Value)>> RowAsync(System.Data.Common.DbConnection connection, string table, string where, Guid id)
    {
        var sqlite = connection is SqliteConnection;
        var columns = new List<string>();
        if (sqlite)
        {
            await using var info = connection.CreateCommand();
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            await using var names = await info.ExecuteReaderAsync();
            while (await names.ReadAsync()) columns.Add(names.GetString(0));
        }
        await using var command = connection.CreateCommand();
        command.CommandText = sqlite
            ? $"SELECT {string.Join(", ", columns.Select(c => $"typeof(\"{c}\"), \"{c}\""))} FROM \"{table}\" WHERE {where}"
            : $"SELECT * FROM \"{table}\" WHERE {where}";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = sqlite ? id.ToString().ToUpperInvariant() : id; // how EF's SQLite provider stores a GUID; a uuid elsewhere
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no {table} row for {id}");
        var row = new Dictionary<string, (string, object?)>();
        if (sqlite)
        {
            for (var i = 0; i < columns.Count; i++) row[columns[i]] = (reader.GetString(2 * i), reader.IsDBNull(2 * i + 1) ? null : reader.GetValue(2 * i + 1));
        }
        else
        {
            for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = (reader.GetDataTypeName(i), reader.IsDBNull(i) ? null : reader.GetValue(i));
        }
        Assert.False(await reader.ReadAsync(), $"more than one {table} row for {id}");
        return row;
    }

    private ProviderNotice Notice(Guid attemptId, string transactionId, decimal amount) =>
        new(SandboxPaymentProvider.ProviderName, $"{attemptId:N}-{transactionId}", attemptId, transactionId, PaymentMethod.QrCode, PaymentChannel.Alipay, amount,
            "CNY", _app.Now);

    public void Dispose() => _app.Dispose();
}

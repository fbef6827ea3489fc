using System.Diagnostics.Metrics;
using CiieBlazor.App.Features.Orders;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Tests.Payments;

/// <summary>
/// <see cref="PaymentApplier"/>: notices applied as one batch (one context, one save) against the real app and its
/// SQLite file — copies of one transaction inside a batch apply once, every notice gets its own outcome, and a batch
/// whose save meets a racing change falls back to the per-notice path and ends consistent.
/// </summary>
public sealed class PaymentApplierBatches : IDisposable
{
    private readonly PaymentsApp _app = new();

    private PaymentApplier Applier => _app.Get<PaymentApplier>();

    [Fact]
    public async Task CopiesOfOneTransactionInOneBatchPayTheOrderOnce()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(2);
        var order = await _app.OrderAsync(persons);
        var start = await _app.StartAsync(order.Id);
        var notice = Notice(start.AttemptId, "SBX-BATCH-COPIES", 400.00m);

        var results = await Applier.ApplyBatchAsync([notice, notice with { NotificationId = "second copy" }, notice, notice]);

        Assert.Equal([NotificationOutcome.Applied, NotificationOutcome.Duplicate, NotificationOutcome.Duplicate, NotificationOutcome.Duplicate],
            results.Select(r => r.Outcome));
        Assert.All(results, r => Assert.True(r.Acknowledge));
        await using var db = _app.Db();
        var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.Equal(("SBX-BATCH-COPIES", true), (Assert.Single(paid.Receipts).TransactionId, paid.Receipts[0].Applied));
        Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.EntityId == order.Id && a.Trigger == nameof(OrderTrigger.PaymentSucceeded)));
        foreach (var id in persons)
        {
            Assert.Equal(PersonStatus.AwaitingReview, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == id)).Status);
            Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.EntityId == id && a.Trigger == nameof(PersonTrigger.OrderPaid)));
        }
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid"));
        Assert.Equal(0, await db.Refunds.CountAsync());
        Assert.Equal(3, _app.Logs.Lines.Count(l => l.Message.Contains("is a duplicate", StringComparison.Ordinal)));

        // A later batch finds the receipt in the database.
        var later = await Applier.ApplyBatchAsync([notice]);
        Assert.Equal(NotificationOutcome.Duplicate, Assert.Single(later).Outcome);
    }

    [Fact]
    public async Task EachNoticeOfAMixedBatchGetsItsOwnOutcomeAndTheValidOnesAreSaved()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(3);
        var first = await _app.OrderAsync([persons[0]]);
        var second = await _app.OrderAsync([persons[1]]);
        var untouched = await _app.OrderAsync([persons[2]]);
        var a = await _app.StartAsync(first.Id);
        var b = await _app.StartAsync(second.Id, PaymentMethod.B2B, PaymentChannel.OnlineBanking);
        var c = await _app.StartAsync(untouched.Id);

        var results = await Applier.ApplyBatchAsync(
        [
            Notice(a.AttemptId, "SBX-MIX-A", 200.00m),
            Notice(c.AttemptId, "SBX-MIX-WRONG", 199.99m),
            Notice(Guid.NewGuid(), "SBX-MIX-UNKNOWN", 200.00m),
            Notice(b.AttemptId, "SBX-MIX-B", 200.00m, PaymentMethod.B2B, PaymentChannel.OnlineBanking),
            Notice(c.AttemptId, "SBX-MIX-USD", 200.00m) with { Currency = "USD" },
            Notice(c.AttemptId, "SBX-MIX-METHOD", 200.00m, PaymentMethod.B2B, PaymentChannel.OnlineBanking),
        ]);

        Assert.Equal(
            [NotificationOutcome.Applied, NotificationOutcome.Refused, NotificationOutcome.Refused, NotificationOutcome.Applied, NotificationOutcome.Refused,
                NotificationOutcome.Refused],
            results.Select(r => r.Outcome));
        Assert.Contains("金额不符", results[1].Reason);
        Assert.Contains("未知订单", results[2].Reason);
        Assert.Contains("币种不符", results[4].Reason);
        Assert.Contains("支付方式不符", results[5].Reason);
        Assert.True(_app.Logs.Has(LogLevel.Warning, "金额不符"));
        Assert.True(_app.Logs.Has(LogLevel.Warning, "未知订单"));

        await using var db = _app.Db();
        var orders = await db.Orders.AsNoTracking().Where(o => o.Id == first.Id || o.Id == second.Id || o.Id == untouched.Id).ToDictionaryAsync(o => o.Id);
        Assert.Equal((OrderStatus.Paid, "SBX-MIX-A"), (orders[first.Id].Status, Assert.Single(orders[first.Id].Receipts).TransactionId));
        Assert.Equal((OrderStatus.Paid, (PaymentMethod?)PaymentMethod.B2B), (orders[second.Id].Status, orders[second.Id].PaidBy));
        Assert.Equal((OrderStatus.Unpaid, 0), (orders[untouched.Id].Status, orders[untouched.Id].Receipts.Count));
        Assert.Equal(untouched.Version, orders[untouched.Id].Version);
        Assert.Equal(PaymentAttemptStatus.Pending, (await db.PaymentAttempts.AsNoTracking().SingleAsync(x => x.Id == c.AttemptId)).Status);
        Assert.Equal(PersonStatus.AwaitingPayment, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == persons[2])).Status);
        Assert.Equal(4, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid"));
        Assert.Equal(0, await db.Refunds.CountAsync());
    }

    [Fact]
    public async Task ACopyReadWhileItsOriginalIsBeingWrittenWaitsForTheNextBatchInsteadOfRacingIt()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(3);
        var first = await _app.OrderAsync([persons[0]]);
        var second = await _app.OrderAsync([persons[1], persons[2]]);
        var a = await _app.StartAsync(first.Id);
        var b = await _app.StartAsync(second.Id);
        var original = Notice(a.AttemptId, "SBX-STEP-A", 200.00m);
        var sizes = new List<int>();
        var phases = new List<string>();
        using var listener = new MeterListener();
        var meters = _app.Get<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == PaymentApplier.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) => { lock (sizes) sizes.Add(size); });
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) => { lock (phases) phases.Add(tags.ToArray().Single(t => t.Key == "phase").Value as string ?? ""); });
        listener.Start();

        // The second batch is read while the first (order A) is being written: A's copy is held back to a third batch,
        // which reads A after that write and finds the receipt; B goes with the second batch.
        var results = await Applier.ApplyInStepsAsync(
        [
            [original],
            [original with { NotificationId = "copy" }, Notice(b.AttemptId, "SBX-STEP-B", 400.00m)],
        ]);

        Assert.Equal([NotificationOutcome.Applied], results[0].Select(r => r.Outcome));
        Assert.Equal([NotificationOutcome.Duplicate, NotificationOutcome.Applied], results[1].Select(r => r.Outcome));
        Assert.Equal([1, 2, 1], sizes);
        Assert.DoesNotContain("fallback", phases);
        await using var db = _app.Db();
        var paid = await db.Orders.AsNoTracking().Where(o => o.Id == first.Id || o.Id == second.Id).ToListAsync();
        Assert.All(paid, o => Assert.Equal((OrderStatus.Paid, 1), (o.Status, o.Receipts.Count)));
        Assert.Equal(1, await db.AuditRecords.CountAsync(x => x.EntityId == first.Id && x.Trigger == nameof(OrderTrigger.PaymentSucceeded)));
        Assert.Equal(4, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid"));
    }

    [Fact]
    public async Task ABatchWhoseSaveMeetsACancelFallsBackAndKeepsTheMoneyForRefund()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(2);
        var raced = await _app.OrderAsync([persons[0]]);
        var calm = await _app.OrderAsync([persons[1]]);
        var racedStart = await _app.StartAsync(raced.Id);
        var calmStart = await _app.StartAsync(calm.Id);
        var visitor = await _app.VisitorAsync();

        // The visitor cancels the order after the batch read it and before the batch saves: the applier records its
        // "decide" phase right before saving, on its own thread, so the cancel lands exactly there.
        var phases = new List<string>();
        var cancelled = 0;
        using var listener = new MeterListener();
        var meters = _app.Get<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == PaymentApplier.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var phase = tags.ToArray().Single(t => t.Key == "phase").Value as string ?? "";
            lock (phases) phases.Add(phase);
            if (phase == "decide" && Interlocked.Exchange(ref cancelled, 1) == 0)
                _app.Get<BadgeOrderService>().CancelAsync(visitor, raced.Id).GetAwaiter().GetResult();
        });
        listener.Start();

        var results = await Applier.ApplyBatchAsync([Notice(racedStart.AttemptId, "SBX-RACED", 200.00m), Notice(calmStart.AttemptId, "SBX-CALM", 200.00m)]);

        // The batch did not save (its order token was stale); both went the per-notice way on fresh data.
        Assert.Equal(["read", "decide", "fallback"], phases);
        Assert.Equal([NotificationOutcome.RecordedForRefund, NotificationOutcome.Applied], results.Select(r => r.Outcome));
        Assert.All(results, r => Assert.True(r.Acknowledge));
        await using var db = _app.Db();
        var cancelledOrder = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == raced.Id);
        Assert.Equal(OrderStatus.Cancelled, cancelledOrder.Status);
        var receipt = Assert.Single(cancelledOrder.Receipts);
        Assert.Equal(("SBX-RACED", false, 200.00m), (receipt.TransactionId, receipt.Applied, receipt.Amount.Amount));
        var refund = Assert.Single(await db.Refunds.AsNoTracking().ToListAsync());
        Assert.Equal((raced.Id, "SBX-RACED", 200.00m), (refund.OrderId, refund.TransactionId, refund.Amount.Amount));
        Assert.Equal(PersonStatus.AwaitingPayment, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == persons[0])).Status);
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid" && m.Body.Contains(raced.Number)));
        var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == calm.Id);
        Assert.Equal((OrderStatus.Paid, "SBX-CALM"), (paid.Status, Assert.Single(paid.Receipts).TransactionId));
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid" && m.Body.Contains(calm.Number)));
        Assert.True(_app.Logs.Has(LogLevel.Warning, "refund opened"));
    }

    private ProviderNotice Notice(Guid attemptId, string transactionId, decimal amount, PaymentMethod method = PaymentMethod.QrCode,
        PaymentChannel channel = PaymentChannel.Alipay) =>
        new(SandboxPaymentProvider.ProviderName, $"{attemptId:N}-{transactionId}", attemptId, transactionId, method, channel, amount, "CNY", _app.Now);

    public void Dispose() => _app.Dispose();
}

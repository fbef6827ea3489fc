using System.Net;
using CiieBlazor.App.Features.Orders;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CiieBlazor.Tests.Payments;

/// <summary>
/// POST /payments/notify/sandbox through the real HTTP pipeline: a signed notification is applied exactly once however
/// often and in whatever order it comes; anything forged, mismatched or unknown is refused with 400, logged, and changes
/// nothing; a payment racing a cancel ends either paid or cancelled-with-the-money-recorded-for-refund.
/// </summary>
public sealed class NotificationEndpoint(ITestOutputHelper output) : IDisposable
{
    private readonly PaymentsApp _app = new();

    [Fact]
    public async Task TenCopiesAtOnceInAnyOrderPayTheOrderOnce()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(3);
        var order = await _app.OrderAsync(persons);
        Assert.Equal(600.00m, order.Total.Amount);
        var start = await _app.StartAsync(order.Id);
        const string transaction = "SBX20271001090000CONCURRENT";

        // Ten copies, each signed when it was "sent" (a first try and its retries), posted all at once, oldest last.
        var now = _app.Now;
        var copies = Enumerable.Range(0, 10)
            .Select(i => _app.Notification(start.AttemptId, transaction, 600.00m, signedAt: now - TimeSpan.FromSeconds(20 * i)))
            .OrderBy(_ => Random.Shared.Next()).ToList();
        // The organisation's pages listen on its topic: they hear of the payment as it is applied.
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _app.Get<ChangeNotifier>().Subscribe(Topics.Organisation(order.OrganisationId), () =>
        {
            heard.TrySetResult();
            return Task.CompletedTask;
        });
        using var client = _app.Client();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posting = copies.Select(c => Task.Run(async () =>
        {
            await go.Task;
            using var response = await client.SendAsync(c);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(posting);

        // Every copy is acknowledged, so the provider stops sending.
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "success"), a));
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(1));
        await using var db = _app.Db();
        var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
        Assert.Equal((OrderStatus.Paid, (PaymentMethod?)PaymentMethod.QrCode), (paid.Status, paid.PaidBy));
        var receipt = Assert.Single(paid.Receipts);
        Assert.Equal((transaction, 600.00m, true), (receipt.TransactionId, receipt.Amount.Amount, receipt.Applied));
        // One state change of the order, one per person.
        Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.EntityId == order.Id && a.Trigger == nameof(OrderTrigger.PaymentSucceeded)));
        foreach (var id in persons)
        {
            Assert.Equal(PersonStatus.AwaitingReview, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == id)).Status);
            Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.EntityId == id && a.Trigger == nameof(PersonTrigger.OrderPaid)));
        }
        // One SMS and one email.
        var messages = await db.Outbox.AsNoTracking().Where(m => m.Kind == "OrderPaid").ToListAsync();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Contains(order.Number, m.Body));
        Assert.Equal(["13800138000", "zhangwh@example.com"], messages.Select(m => m.Recipient).Order());
        var attempt = await db.PaymentAttempts.AsNoTracking().SingleAsync(a => a.Id == start.AttemptId);
        Assert.Equal((PaymentAttemptStatus.Succeeded, transaction), (attempt.Status, attempt.ProviderTransactionId));
        Assert.Equal(0, await db.Refunds.CountAsync());
        Assert.Equal(9, _app.Logs.Lines.Count(l => l.Message.Contains("is a duplicate", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ForgedMismatchedOrUnknownNotificationsAreRefusedLoggedAndChangeNothing()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(1);
        var order = await _app.OrderAsync(persons);
        var start = await _app.StartAsync(order.Id);
        var id = start.AttemptId;
        const string tx = "SBX-REFUSED-0001";

        var genuine = SandboxNotification.Serialize(SandboxNotification.For(id, tx, PaymentMethod.QrCode, PaymentChannel.Alipay, 200m, "CNY", _app.Now));
        var tampered = SandboxNotification.Serialize(SandboxNotification.For(id, tx, PaymentMethod.QrCode, PaymentChannel.Alipay, 0.01m, "CNY", _app.Now));
        var tamperedRequest = _app.Notification(id, tx, 200m);
        tamperedRequest.Content = new ByteArrayContent(tampered); // the genuine body's signature over a changed amount
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/payments/notify/sandbox") { Content = new ByteArrayContent(genuine) };

        (string Case, HttpRequestMessage Request, string Reason)[] cases =
        [
            ("forged signature", _app.Notification(id, tx, 200m, secret: "an-attacker-guessing-the-secret-0123456789"), "签名验证失败"),
            ("tampered body", tamperedRequest, "签名验证失败"),
            ("no signature", unsigned, "缺少签名"),
            ("replayed old copy", _app.Notification(id, tx, 200m, signedAt: _app.Now.AddHours(-2)), "签名时间超出允许范围"),
            ("wrong amount", _app.Notification(id, tx, 199.99m), "金额不符"),
            ("wrong currency", _app.Notification(id, tx, 200m, currency: "USD"), "币种不符"),
            ("wrong method", _app.Notification(id, tx, 200m, method: PaymentMethod.B2B, channel: PaymentChannel.OnlineBanking), "支付方式不符"),
            ("unknown order", _app.Notification(Guid.NewGuid(), tx, 200m), "未知订单"),
        ];
        using var client = _app.Client();
        foreach (var (name, request, reason) in cases)
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode} {body}");
            Assert.StartsWith("fail: ", body);
            Assert.Contains(reason, body);
            Assert.True(_app.Logs.Has(LogLevel.Warning, reason), $"{name}: the refusal is logged");
        }

        await using (var db = _app.Db())
        {
            var unchanged = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
            Assert.Equal((OrderStatus.Unpaid, 0), (unchanged.Status, unchanged.Receipts.Count));
            Assert.Equal(order.Version, unchanged.Version);
            Assert.Equal(PaymentAttemptStatus.Pending, (await db.PaymentAttempts.AsNoTracking().SingleAsync(a => a.Id == id)).Status);
            Assert.Equal(PersonStatus.AwaitingPayment, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == persons[0])).Status);
            Assert.Equal(0, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid"));
            Assert.Equal(0, await db.Refunds.CountAsync());
            Assert.Equal(0, await db.AuditRecords.CountAsync(a => a.Trigger == nameof(OrderTrigger.PaymentSucceeded)));
        }

        // The genuine one still goes through afterwards.
        using var ok = await client.SendAsync(_app.Notification(id, tx, 200m));
        Assert.Equal((HttpStatusCode.OK, "success"), (ok.StatusCode, await ok.Content.ReadAsStringAsync()));
        await using var after = _app.Db();
        Assert.Equal(OrderStatus.Paid, (await after.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status);
    }

    [Fact]
    public async Task MoneyForACancelledOrderIsRecordedForRefundAndACancelAfterPaymentIsRefused()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(2);
        var visitor = await _app.VisitorAsync();
        var orders = _app.Get<BadgeOrderService>();
        using var client = _app.Client();

        // Cancelled first, paid afterwards (the visitor scanned just before cancelling): recorded, refund opened.
        var cancelled = await _app.OrderAsync([persons[0]]);
        var late = await _app.StartAsync(cancelled.Id);
        await orders.CancelAsync(visitor, cancelled.Id);
        using (var response = await client.SendAsync(_app.Notification(late.AttemptId, "SBX-LATE-0001", 200m)))
            Assert.Equal((HttpStatusCode.OK, "success"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        await AssertCancelledWithRefundAsync(cancelled.Id, persons[0]);
        Assert.True(_app.Logs.Has(LogLevel.Warning, "refund opened"));

        // Paid first: the cancel is refused and the order stays paid.
        var paid = await _app.OrderAsync([persons[1]]);
        var start = await _app.StartAsync(paid.Id);
        using (var response = await client.SendAsync(_app.Notification(start.AttemptId, "SBX-FIRST-0001", 200m)))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAsync<DomainException>(() => orders.CancelAsync(visitor, paid.Id));
        await AssertPaidAsync(paid.Id, persons[1]);
    }

    [Fact]
    public async Task APaymentRacingACancelEndsConsistently()
    {
        const int rounds = 10;
        var persons = await _app.PersonsAwaitingPaymentAsync(rounds);
        var visitor = await _app.VisitorAsync();
        var orders = _app.Get<BadgeOrderService>();
        using var client = _app.Client();
        var outcomes = new List<OrderStatus>();
        for (var i = 0; i < rounds; i++)
        {
            var order = await _app.OrderAsync([persons[i]]);
            var start = await _app.StartAsync(order.Id);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var notify = Task.Run(async () =>
            {
                await go.Task;
                using var response = await client.SendAsync(_app.Notification(start.AttemptId, $"SBX-RACE-{i:00}", 200m));
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            });
            // The HTTP path is slower than a direct cancel: later rounds hold the cancel back a little more, so both sides win sometimes.
            var head = TimeSpan.FromMilliseconds(4 * i);
            var cancel = Task.Run(async () =>
            {
                await go.Task;
                await Task.Delay(head);
                try
                {
                    await orders.CancelAsync(visitor, order.Id);
                    return true;
                }
                catch (DomainException)
                {
                    return false; // paid meanwhile: "the order changed" or "not allowed in Paid"
                }
            });
            go.SetResult();
            var (answer, cancelledIt) = (await notify, await cancel);

            Assert.Equal((HttpStatusCode.OK, "success"), answer); // the provider is told it was taken either way
            await using var db = _app.Db();
            var status = (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status;
            outcomes.Add(status);
            if (status == OrderStatus.Paid)
            {
                Assert.False(cancelledIt);
                await AssertPaidAsync(order.Id, persons[i]);
            }
            else
            {
                Assert.Equal(OrderStatus.Cancelled, status);
                Assert.True(cancelledIt);
                await AssertCancelledWithRefundAsync(order.Id, persons[i]);
            }
        }
        Assert.Equal(rounds, outcomes.Count);
        output.WriteLine($"pay-vs-cancel outcomes: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key} ×{g.Count()}"))}");
    }

    private async Task AssertPaidAsync(Guid orderId, Guid personId)
    {
        await using var db = _app.Db();
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.True(Assert.Single(order.Receipts).Applied);
        Assert.Equal(PersonStatus.AwaitingReview, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == personId)).Status);
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid" && m.Body.Contains(order.Number)));
        Assert.Equal(0, await db.Refunds.CountAsync(r => r.OrderId == orderId));
    }

    private async Task AssertCancelledWithRefundAsync(Guid orderId, Guid personId)
    {
        await using var db = _app.Db();
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        var receipt = Assert.Single(order.Receipts);
        Assert.Equal((false, 200.00m), (receipt.Applied, receipt.Amount.Amount));
        var refund = Assert.Single(await db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());
        Assert.Equal((200.00m, (Guid?)null), (refund.Amount.Amount, refund.PersonId));
        Assert.Equal(PersonStatus.AwaitingPayment, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == personId)).Status);
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid" && m.Body.Contains(order.Number)));
    }

    public void Dispose() => _app.Dispose();
}

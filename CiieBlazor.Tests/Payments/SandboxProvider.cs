using System.Net;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Data;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Tests.Payments;

/// <summary>
/// The sandbox provider as the visitor and the app meet it: its pay pages (QR and bank), its notifications (retried on
/// its schedule while the site is down, sometimes sent twice), its status query feeding reconciliation, and refunds.
/// </summary>
public sealed class SandboxProvider : IDisposable
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private PaymentsApp? _app;

    private PaymentsApp App(double duplicateRate = 0) => _app ??= new PaymentsApp(duplicateRate: duplicateRate);

    [Fact]
    public async Task TheSandboxRetriesWhileTheSiteIsDownAndASecondCopyChangesNothing()
    {
        var app = App(duplicateRate: 1); // every acknowledged notification is sent once more
        var order = await app.OrderAsync(await app.PersonsAwaitingPaymentAsync(1));
        var start = await app.StartAsync(order.Id, PaymentMethod.QrCode, PaymentChannel.UnionPay);
        app.Gate.RefuseNext(2);
        using var client = app.Client();

        using (var pay = await client.PostAsync(start.PayUrl.PathAndQuery, Form(("confirm", "yes"))))
            Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        var sandbox = app.Get<SandboxPaymentProvider>();
        await sandbox.IdleAsync();

        var deliveries = sandbox.Find(start.AttemptId)!.Deliveries;
        Assert.Equal([(1, false, 503, false), (2, false, 503, false), (3, false, 200, true), (3, true, 200, true)],
            deliveries.Select(d => (d.Try, d.Duplicate, d.StatusCode, d.Acknowledged)));
        // The pauses of the schedule (0, 100 ms, 200 ms) were kept between tries.
        Assert.True(deliveries[1].At - deliveries[0].At >= TimeSpan.FromMilliseconds(90), $"{deliveries[1].At - deliveries[0].At}");
        Assert.True(deliveries[2].At - deliveries[1].At >= TimeSpan.FromMilliseconds(190), $"{deliveries[2].At - deliveries[1].At}");
        Assert.Equal(2, app.Gate.Refused);
        Assert.Equal(2, app.Logs.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("not acknowledged", StringComparison.Ordinal)));

        await using var db = app.Db();
        var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.Equal(sandbox.Find(start.AttemptId)!.TransactionId, Assert.Single(paid.Receipts).TransactionId);
        Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.EntityId == order.Id && a.Trigger == nameof(OrderTrigger.PaymentSucceeded)));
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid"));
        Assert.Single(app.Logs.Lines, l => l.Message.Contains("is a duplicate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APaymentWhoseNotificationsAllFailIsFoundByReconciliation()
    {
        var app = App();
        var persons = await app.PersonsAwaitingPaymentAsync(2);
        var order = await app.OrderAsync([persons[0]]);
        var start = await app.StartAsync(order.Id);
        app.Gate.RefuseNext(int.MaxValue);
        using var client = app.Client();
        using (var pay = await client.PostAsync(start.PayUrl.PathAndQuery, Form(("confirm", "yes"))))
            Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        var sandbox = app.Get<SandboxPaymentProvider>();
        await sandbox.IdleAsync();
        Assert.Equal(PaymentsApp.FastSchedule.Length, sandbox.Find(start.AttemptId)!.Deliveries.Count(d => !d.Acknowledged));
        Assert.True(app.Logs.Has(LogLevel.Error, "gave up"));
        await using (var db = app.Db())
            Assert.Equal(OrderStatus.Unpaid, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status);

        // A second, unpaid attempt still within its time is asked about and left alone.
        var other = await app.OrderAsync([persons[1]]);
        var waiting = await app.StartAsync(other.Id);

        var reconciler = app.Get<PaymentReconciler>();
        Assert.Equal(new ReconciliationPass(2, 1, 0, 0), await reconciler.RunOnceAsync());
        await using (var db = app.Db())
        {
            var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
            Assert.Equal((OrderStatus.Paid, sandbox.Find(start.AttemptId)!.TransactionId), (paid.Status, Assert.Single(paid.Receipts).TransactionId));
            Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid"));
            Assert.Equal(PaymentAttemptStatus.Pending, (await db.PaymentAttempts.AsNoTracking().SingleAsync(a => a.Id == waiting.AttemptId)).Status);
        }
        // Nothing is applied twice: the succeeded attempt is no longer pending.
        Assert.Equal(new ReconciliationPass(1, 0, 0, 0), await reconciler.RunOnceAsync());
    }

    [Fact]
    public async Task B2BGoesToTheBankPageWhichChecksItsForm()
    {
        var app = App();
        var order = await app.OrderAsync(await app.PersonsAwaitingPaymentAsync(1));
        var start = await app.StartAsync(order.Id, PaymentMethod.B2B, channel: null);
        Assert.Equal((CheckoutKind.Redirect, PaymentChannel.OnlineBanking, (byte[]?)null), (start.Kind, start.Channel, start.QrPng));
        using var client = app.Client();
        var url = start.PayUrl.PathAndQuery;

        var page = await client.GetStringAsync(url);
        Assert.Contains("企业网上银行", page);
        Assert.Contains("name=\"bank\"", page);
        Assert.Contains("确认付款 / Pay", page);
        Assert.Contains(order.Number, page);

        (string Case, HttpContent Content, string Message)[] bad =
        [
            ("no bank", Form(("confirm", "yes")), "请选择付款银行"),
            ("unknown bank", Form(("confirm", "yes"), ("bank", "NOPE")), "请选择付款银行"),
            ("not confirmed", Form(("bank", "ICBC")), "请点击确认支付"),
            ("field twice", Form(("confirm", "yes"), ("bank", "ICBC"), ("bank", "CMB")), "请从支付页面提交"),
            ("json instead of a form", new StringContent("{\"confirm\":\"yes\",\"bank\":\"ICBC\"}", System.Text.Encoding.UTF8, "application/json"), "请从支付页面提交"),
        ];
        foreach (var (name, content, message) in bad)
        {
            using var response = await client.PostAsync(url, content);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode}");
            Assert.Contains(message, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(ProviderTradeState.WaitingForPayment, (await app.Get<SandboxPaymentProvider>().QueryAsync(start.AttemptId)).State);

        using (var pay = await client.PostAsync(url, Form(("confirm", "yes"), ("bank", "ICBC"))))
        {
            Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
            Assert.Contains("支付成功", await pay.Content.ReadAsStringAsync());
        }
        // Pressing again shows the same success and sends nothing new.
        using (var again = await client.PostAsync(url, Form(("confirm", "yes"), ("bank", "ICBC"))))
            Assert.Contains("支付成功", await again.Content.ReadAsStringAsync());
        await app.Get<SandboxPaymentProvider>().IdleAsync();
        Assert.Equal("ICBC", app.Get<SandboxPaymentProvider>().Find(start.AttemptId)!.PayerBank);
        Assert.Single(app.Get<SandboxPaymentProvider>().Find(start.AttemptId)!.Deliveries);

        await using var db = app.Db();
        var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
        Assert.Equal((OrderStatus.Paid, (PaymentMethod?)PaymentMethod.B2B), (paid.Status, paid.PaidBy));

        using var unknown = await client.GetAsync($"/sandbox/pay/{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("交易不存在", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheProviderAnswersQueriesAndRefundsNoMoreThanWasPaid()
    {
        var app = App();
        var order = await app.OrderAsync(await app.PersonsAwaitingPaymentAsync(1));
        var start = await app.StartAsync(order.Id);
        var sandbox = app.Get<SandboxPaymentProvider>();
        Assert.Equal(ProviderTradeState.WaitingForPayment, (await sandbox.QueryAsync(start.AttemptId)).State);
        Assert.Equal(ProviderTradeState.Unknown, (await sandbox.QueryAsync(Guid.NewGuid())).State);

        Assert.Equal(SandboxPayOutcome.Paid, sandbox.Pay(start.AttemptId));
        Assert.Equal(SandboxPayOutcome.AlreadyPaid, sandbox.Pay(start.AttemptId));
        await sandbox.IdleAsync();
        var status = await sandbox.QueryAsync(start.AttemptId);
        var tx = sandbox.Find(start.AttemptId)!.TransactionId!;
        Assert.Equal((ProviderTradeState.Paid, start.AttemptId, tx, 200.00m, "CNY"),
            (status.State, status.Payment!.AttemptId, status.Payment.TransactionId, status.Payment.Amount, status.Payment.Currency));
        Assert.Equal(ProviderTradeState.Unknown, (await sandbox.QueryAsync(start.AttemptId, "SBX-SOMETHING-ELSE")).State);

        Assert.False((await sandbox.RefundAsync(tx, "R1", Money.Cny(200.01m), "人员注销")).Accepted);
        Assert.False((await sandbox.RefundAsync(tx, "R2", Money.Zero, "人员注销")).Accepted);
        Assert.False((await sandbox.RefundAsync("SBX-NO-SUCH", "R3", Money.Cny(1m), "人员注销")).Accepted);
        Assert.True((await sandbox.RefundAsync(tx, "R4", Money.Cny(50m), "人员注销")).Accepted);
        var tooMuch = await sandbox.RefundAsync(tx, "R5", Money.Cny(150.01m), "人员注销");
        Assert.Contains("150.00", tooMuch.Refusal);
        var rest = await sandbox.RefundAsync(tx, "R6", Money.Cny(150m), "人员注销");
        Assert.True(rest.Accepted);
        Assert.StartsWith("SBR", rest.RefundId);
        Assert.Equal(200m, sandbox.Find(start.AttemptId)!.Refunded);
        // The same request asked again (a finance double click, a retry after a timeout) refunds nothing more.
        Assert.Equal(rest, await sandbox.RefundAsync(tx, "R6", Money.Cny(150m), "人员注销"));
        Assert.False((await sandbox.RefundAsync(tx, "R6", Money.Cny(10m), "人员注销")).Accepted);
        Assert.Equal(200m, sandbox.Find(start.AttemptId)!.Refunded);
    }

    [Fact]
    public async Task StartingAPaymentChecksWhoAndHow()
    {
        var app = App();
        var order = await app.OrderAsync(await app.PersonsAwaitingPaymentAsync(1));
        var payments = app.Get<PaymentService>();
        var visitor = await app.VisitorAsync();

        var noWallet = await Assert.ThrowsAsync<DomainException>(() => payments.StartAsync(visitor, order.Id, PaymentMethod.QrCode, null, PaymentsApp.Site));
        Assert.Contains("请选择支付宝、微信支付或云闪付", noWallet.Message);
        await Assert.ThrowsAsync<DomainException>(() => payments.StartAsync(visitor, order.Id, PaymentMethod.QrCode, PaymentChannel.OnlineBanking, PaymentsApp.Site));
        await Assert.ThrowsAsync<DomainException>(() => payments.StartAsync(visitor, order.Id, PaymentMethod.B2B, PaymentChannel.Alipay, PaymentsApp.Site));
        var transfer = await Assert.ThrowsAsync<DomainException>(() => payments.StartAsync(visitor, order.Id, PaymentMethod.BankTransfer, null, PaymentsApp.Site));
        Assert.Contains("转账支付请填写汇款信息", transfer.Message);
        await Assert.ThrowsAsync<AccessDeniedException>(async () =>
            await payments.StartAsync(await app.ActorAsync(DemoSeeder.OtherVisitorCode), order.Id, PaymentMethod.QrCode, PaymentChannel.Alipay, PaymentsApp.Site));
        await Assert.ThrowsAsync<AccessDeniedException>(async () =>
            await payments.StartAsync(await app.ActorAsync("finance"), order.Id, PaymentMethod.QrCode, PaymentChannel.Alipay, PaymentsApp.Site));

        await using (var db = app.Db())
            Assert.Equal(0, await db.PaymentAttempts.CountAsync());

        // Someone else's attempt is not shown either.
        var start = await app.StartAsync(order.Id);
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await payments.AttemptAsync(await app.ActorAsync(DemoSeeder.OtherVisitorCode), start.AttemptId));
    }

    public void Dispose() => _app?.Dispose();
}

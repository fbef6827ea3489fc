using System.Net;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Payments;

/// <summary>
/// 扫码支付 on a clock the test drives: the QR code (a real PNG of the sandbox pay URL) is valid for 10 minutes; after
/// that the sandbox page says it expired and cannot be paid, reconciliation marks the attempt expired, and a new attempt
/// pays the order.
/// </summary>
public sealed class QrExpiry : IDisposable
{
    private static readonly DateTimeOffset Start = new(2027, 10, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly PaymentsApp _app;

    public QrExpiry() => _app = new PaymentsApp(_clock);

    private static FormUrlEncodedContent Confirm() => new([new("confirm", "yes")]);

    [Fact]
    public async Task AnExpiredQrCannotBePaidAndANewOneCan()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(1);
        var order = await _app.OrderAsync(persons);
        var visitor = await _app.VisitorAsync();
        var payments = _app.Get<PaymentService>();
        var sandbox = _app.Get<SandboxPaymentProvider>();
        using var client = _app.Client();

        var first = await _app.StartAsync(order.Id, PaymentMethod.QrCode, PaymentChannel.WeChatPay);
        Assert.Equal((CheckoutKind.QrCode, Start + TimeSpan.FromMinutes(10)), (first.Kind, first.ExpiresAt));
        Assert.Equal(new Uri(PaymentsApp.Site, $"sandbox/pay/{first.AttemptId:N}"), first.PayUrl);
        Assert.Equal(PngSignature, first.QrPng![..8]);
        Assert.StartsWith("data:image/png;base64,", first.QrDataUrl);

        // The phone opens the URL: merchant, order number, amount and a 10-minute countdown.
        var page = await client.GetStringAsync(first.PayUrl.PathAndQuery);
        Assert.Contains(order.Number, page);
        Assert.Contains("¥200.00", page);
        Assert.Contains("中国国际进口博览局", page);
        Assert.Contains("微信支付", page);
        Assert.Contains("data-seconds=\"600\"", page);
        Assert.Contains("确认支付 / Pay", page);

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Contains("data-seconds=\"1\"", await client.GetStringAsync(first.PayUrl.PathAndQuery));
        Assert.True((await payments.AttemptAsync(visitor, first.AttemptId)).IsLive);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var view = await payments.AttemptAsync(visitor, first.AttemptId);
        Assert.Equal((false, TimeSpan.Zero), (view.IsLive, view.Remaining));
        using (var expiredPage = await client.GetAsync(first.PayUrl.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.Gone, expiredPage.StatusCode);
            var html = await expiredPage.Content.ReadAsStringAsync();
            Assert.Contains("二维码已过期", html);
            Assert.DoesNotContain("确认支付 / Pay", html);
        }
        using (var pay = await client.PostAsync(first.PayUrl.PathAndQuery, Confirm()))
        {
            Assert.Equal(HttpStatusCode.Gone, pay.StatusCode);
            Assert.Contains("二维码已过期 (the QR code has expired)", await pay.Content.ReadAsStringAsync());
        }
        await sandbox.IdleAsync();
        Assert.Empty(sandbox.Find(first.AttemptId)!.Deliveries);
        Assert.Equal(ProviderTradeState.Closed, (await sandbox.QueryAsync(first.AttemptId)).State);

        // Reconciliation asks the provider, hears "closed, unpaid" and marks the attempt expired.
        var pass = await _app.Get<PaymentReconciler>().RunOnceAsync();
        Assert.Equal((1, 0, 1), (pass.Checked, pass.Applied, pass.Expired));
        await using (var db = _app.Db())
        {
            Assert.Equal(PaymentAttemptStatus.Expired, (await db.PaymentAttempts.AsNoTracking().SingleAsync(a => a.Id == first.AttemptId)).Status);
            Assert.Equal(OrderStatus.Unpaid, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status);
        }

        // A new QR code: valid from now, payable.
        var second = await _app.StartAsync(order.Id, PaymentMethod.QrCode, PaymentChannel.Alipay);
        Assert.NotEqual(first.AttemptId, second.AttemptId);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), second.ExpiresAt);
        using (var pay = await client.PostAsync(second.PayUrl.PathAndQuery, Confirm()))
        {
            Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
            Assert.Contains("支付成功", await pay.Content.ReadAsStringAsync());
        }
        await sandbox.IdleAsync();
        Assert.True(Assert.Single(sandbox.Find(second.AttemptId)!.Deliveries).Acknowledged);

        await using (var db = _app.Db())
        {
            var paid = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
            Assert.Equal((OrderStatus.Paid, (DateTimeOffset?)_clock.GetUtcNow()), (paid.Status, paid.PaidAt));
            Assert.Equal(sandbox.Find(second.AttemptId)!.TransactionId, Assert.Single(paid.Receipts).TransactionId);
            var attempts = await db.PaymentAttempts.AsNoTracking().Where(a => a.OrderId == order.Id).ToDictionaryAsync(a => a.Id, a => a.Status);
            Assert.Equal(PaymentAttemptStatus.Expired, attempts[first.AttemptId]);
            Assert.Equal(PaymentAttemptStatus.Succeeded, attempts[second.AttemptId]);
        }

        // A paid order cannot start another payment.
        var again = await Assert.ThrowsAsync<DomainException>(() => _app.StartAsync(order.Id));
        Assert.Contains("只有未支付的订单可以支付", again.Message);
    }

    public void Dispose() => _app.Dispose();
}

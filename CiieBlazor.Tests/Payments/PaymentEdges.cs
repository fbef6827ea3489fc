using System.Net;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Payments;

/// <summary>Money collected for an order total that changed meanwhile, and a site where the sandbox is switched off.</summary>
public sealed class PaymentEdges
{
    [Fact]
    public async Task AQrPaidForAnOlderTotalIsRecordedWithARefundAndTheOrderWaitsForTheRightAmount()
    {
        using var app = new PaymentsApp();
        var persons = await app.PersonsAwaitingPaymentAsync(2);
        var order = await app.OrderAsync(persons);
        var start = await app.StartAsync(order.Id);

        // The QR asks for ¥400; before the phone pays, 上海交易团 cancels one of the two persons: the order is ¥200 now.
        await app.Get<TaggingService>().CancelAsync(await app.ActorAsync("sh.reviewer"), [persons[1]], "单位申请注销");
        using var client = app.Client();
        using var response = await client.SendAsync(app.Notification(start.AttemptId, "SBX-OLD-TOTAL", 400.00m));

        // The provider is told "success" (the money is taken in), the order is not paid by it, and a refund is open.
        Assert.Equal((HttpStatusCode.OK, "success"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        await using var db = app.Db();
        var after = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
        Assert.Equal((OrderStatus.Unpaid, 200.00m), (after.Status, after.Total.Amount));
        var receipt = Assert.Single(after.Receipts);
        Assert.Equal(("SBX-OLD-TOTAL", 400.00m, false), (receipt.TransactionId, receipt.Amount.Amount, receipt.Applied));
        var refund = Assert.Single(await db.Refunds.AsNoTracking().ToListAsync());
        Assert.Equal((order.Id, 400.00m), (refund.OrderId, refund.Amount.Amount));

        // A new QR asks for ¥200 and pays the order.
        var again = await app.StartAsync(order.Id);
        using var second = await client.SendAsync(app.Notification(again.AttemptId, "SBX-NEW-TOTAL", 200.00m));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(OrderStatus.Paid, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status);
    }

    [Fact]
    public async Task WithTheSandboxSwitchedOffNoOnlinePaymentStartsItsPagesAreGoneAndItsNotificationsAreRefused()
    {
        using var app = new PaymentsApp(sandboxEnabled: false);
        var persons = await app.PersonsAwaitingPaymentAsync(1);
        var order = await app.OrderAsync(persons);
        var payments = app.Get<PaymentService>();
        Assert.False(payments.OnlineEnabled);

        var refused = await Assert.ThrowsAsync<DomainException>(() => app.StartAsync(order.Id));
        Assert.Contains("转账支付", refused.Message);
        await using var db = app.Db();
        Assert.Equal(0, await db.PaymentAttempts.CountAsync());

        using var client = app.Client();
        using var page = await client.GetAsync($"/sandbox/pay/{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        using var notice = await client.SendAsync(app.Notification(Guid.NewGuid(), "SBX-FREE-BADGE", 200.00m));
        Assert.Equal(HttpStatusCode.BadRequest, notice.StatusCode);
        Assert.Contains("沙箱支付未启用", await notice.Content.ReadAsStringAsync());
        Assert.Equal(OrderStatus.Unpaid, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status);
    }
}

using System.Net;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Invoices;
using CiieBlazor.App.Features.Orders;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Features.Refunds;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Invoices;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Refunds;
using CiieBlazor.Tests.Payments;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Orders;

/// <summary>
/// 开票, 退票, 退款 through the services on a real database and the sandbox provider: every flow ends with the order's
/// ledger checked (money in − money out = fees still paid for + money that paid nothing and is not yet back).
/// </summary>
public sealed class InvoicesAndRefunds : IDisposable
{
    private static readonly InvoiceBuyer Company = new(BuyerType.Organisation, "上海进博演示贸易有限公司", "91310115MA1K4DEM05", "13800138000", "fin@example.com",
        "上海市青浦区崧泽大道333号", "021-12345678", "中国银行上海分行", "4563 5100 0000 0000", null);

    private readonly PaymentsApp _app = new();

    private InvoiceService Invoices => _app.Get<InvoiceService>();
    private RefundService Refunds => _app.Get<RefundService>();

    [Fact]
    public async Task AnEInvoiceIsIssuedAsAStoredPdfReturnedWithARedNoteAndIssuedAgain()
    {
        var (order, _) = await PaidOrderAsync(2);
        var visitor = await _app.VisitorAsync();

        // A tax number of the wrong shape: a message next to the field, nothing saved.
        var bad = await Assert.ThrowsAsync<InvoiceInputException>(() => Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Electronic, Company with { TaxNumber = "9131011" }));
        Assert.Equal(["TaxNumber"], bad.Errors.Keys);
        Assert.Equal(0, await CountAsync(db => db.Invoices));

        await Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Electronic, Company with { TaxNumber = " 91310115ma1k4dem05 " });

        var view = await Invoices.GetAsync(visitor, order.Id);
        Assert.Equal((InvoiceStatus.Issued, (InvoiceKind?)InvoiceKind.Electronic, 400.00m), (view.Status, view.Kind, view.Amount));
        Assert.Equal("91310115MA1K4DEM05", view.Buyer!.TaxNumber);
        var blue = Assert.Single(view.Documents);
        Assert.Equal((InvoiceDocumentKind.Invoice, 20), (blue.Kind, blue.Number.Length));
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await FileBytesAsync(blue.FileId!.Value), 0, 4));
        Assert.Contains(await OutboxAsync("InvoiceIssued"), m => m.Recipient == "fin@example.com" && m.Body.Contains(blue.Number));
        Assert.Equal([InvoiceTrigger.ReturnElectronic], view.Allowed);

        // 退票: a red note is issued; the order may be invoiced again (a new number, the old documents stay).
        await Invoices.ReturnElectronicAsync(visitor, order.Id);
        view = await Invoices.GetAsync(visitor, order.Id);
        Assert.Equal(InvoiceStatus.Returned, view.Status);
        var red = view.Documents[1];
        Assert.Equal((InvoiceDocumentKind.CreditNote, blue.Number, 400.00m), (red.Kind, red.OriginalNumber, red.Amount));
        Assert.NotNull(red.FileId);
        await Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Electronic, Company);
        view = await Invoices.GetAsync(visitor, order.Id);
        Assert.Equal((InvoiceStatus.Issued, 3), (view.Status, view.Documents.Count));
        Assert.Equal(3, view.Documents.Select(d => d.Number).Distinct().Count());
        await AssertBalancedAsync(order.Id, charged: 400m, refunded: 0m);
    }

    [Fact]
    public async Task ARefundIsRefusedWhileTheInvoiceIsLiveAndGoesBackThroughTheProviderAfterTheReturn()
    {
        var (order, persons) = await PaidOrderAsync(2);
        var visitor = await _app.VisitorAsync();
        await Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Electronic, Company);
        await ReviewAsync(persons[0], approve: false);
        await ReviewAsync(persons[1], approve: true);

        // Refused with the guide's words while the invoice is live; a paid-and-approved person is never refunded.
        var live = await Assert.ThrowsAsync<RefundRefusedException>(() => Refunds.RequestAsync(visitor, order.Id, [persons[0]], RefundMethod.OriginalRoute, null));
        Assert.Contains("须先完成退票", live.Message);
        await Invoices.ReturnElectronicAsync(visitor, order.Id);
        var approved = await Assert.ThrowsAsync<RefundRefusedException>(() => Refunds.RequestAsync(visitor, order.Id, [persons[1]], RefundMethod.OriginalRoute, null));
        Assert.Equal("Refund.NotRefunded.Request.PersonRejectedOrCancelled", approved.Code);
        // QR money goes back the original route only.
        var payee = new PayeeAccount("上海进博演示贸易有限公司", "6222000011112222", "工商银行上海分行", "102290000000");
        var other = await Assert.ThrowsAsync<RefundRefusedException>(() => Refunds.RequestAsync(visitor, order.Id, [persons[0]], RefundMethod.OtherAccount, payee));
        Assert.Equal("Refund.NotRefunded.Request.MethodAllowed", other.Code);
        Assert.Equal(0, await CountAsync(db => db.Refunds));

        await Refunds.RequestAsync(visitor, order.Id, [persons[0]], RefundMethod.OriginalRoute, null);
        var twice = await Assert.ThrowsAsync<RefundRefusedException>(() => Refunds.RequestAsync(visitor, order.Id, [persons[0]], RefundMethod.OriginalRoute, null));
        Assert.Contains("退款已在处理中", twice.Message);
        // While the refund is in progress the order cannot be invoiced again.
        var invoiceNow = await Assert.ThrowsAsync<DomainException>(() => Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Electronic, Company));
        Assert.Equal("Invoice.Returned.RequestElectronic.NoRefundInProgress", invoiceNow.Code);
        await AssertBalancedAsync(order.Id, charged: 400m, refunded: 0m, pending: 200m);

        // Finance approves: the sandbox refunds ¥200 of the transaction, the order is partly refunded, the organisation is told.
        var finance = await _app.ActorAsync("finance");
        var row = Assert.Single(await Refunds.QueueAsync(finance));
        Assert.Equal(("张伟华", 200.00m, (PaymentMethod?)PaymentMethod.QrCode), (row.PersonName, row.Amount, row.PaidBy));
        await Refunds.ApproveAsync(finance, row.RefundId, row.Version);
        Assert.Equal(200m, _app.Get<SandboxPaymentProvider>().Find(order.AttemptId)!.Refunded);
        await using (var db = _app.Db())
        {
            var after = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
            Assert.Equal(OrderStatus.PartiallyRefunded, after.Status);
            var refund = await db.Refunds.AsNoTracking().SingleAsync();
            Assert.Equal(RefundStatus.Refunded, refund.Status);
            Assert.StartsWith("SBR", refund.RefundReference);
        }
        Assert.Equal(2, (await OutboxAsync("RefundCompleted")).Count);
        await AssertBalancedAsync(order.Id, charged: 400m, refunded: 200m);

        // Approving again changes nothing; the order can be invoiced again for what is left.
        await Assert.ThrowsAsync<DomainException>(() => Refunds.ApproveAsync(finance, row.RefundId, row.Version));
        await Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Electronic, Company);
        Assert.Equal(200.00m, (await Invoices.GetAsync(visitor, order.Id)).Amount);
        Assert.Equal(200m, _app.Get<SandboxPaymentProvider>().Find(order.AttemptId)!.Refunded);
    }

    [Fact]
    public async Task ABatchRefundIsAllOrNothingAndTheOrderFollowsItsLines()
    {
        var (order, persons) = await PaidOrderAsync(3);
        var visitor = await _app.VisitorAsync();
        await ReviewAsync(persons[0], approve: false);
        await ReviewAsync(persons[1], approve: false);
        await ReviewAsync(persons[2], approve: true);

        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => Refunds.RequestAsync(visitor, order.Id, persons, RefundMethod.OriginalRoute, null));
        Assert.Equal(PaymentsApp.NameOf(2), refused.PersonName);
        Assert.Equal(0, await CountAsync(db => db.Refunds));

        await Refunds.RequestAsync(visitor, order.Id, persons.Take(2).ToList(), RefundMethod.OriginalRoute, null);
        var finance = await _app.ActorAsync("finance");
        var queue = await Refunds.QueueAsync(finance);
        Assert.Equal(2, queue.Count);
        // One declined with a reason (back to 未退款, asked again later), one approved.
        await Assert.ThrowsAsync<DomainException>(() => Refunds.DeclineAsync(finance, queue[0].RefundId, queue[0].Version, " "));
        await Refunds.DeclineAsync(finance, queue[0].RefundId, queue[0].Version, "请核对退款人员");
        await Refunds.ApproveAsync(finance, queue[1].RefundId, queue[1].Version);
        Assert.Single(await OutboxAsync("RefundDeclined"), m => m.Body.Contains("请核对退款人员") && m.Channel == MessageChannel.Sms);
        await AssertBalancedAsync(order.Id, charged: 600m, refunded: 200m);

        await Refunds.RequestAsync(visitor, order.Id, [queue[0].PersonId!.Value], RefundMethod.OriginalRoute, null);
        var again = Assert.Single(await Refunds.QueueAsync(finance));
        await Refunds.ApproveAsync(finance, again.RefundId, again.Version);
        await using var db = _app.Db();
        Assert.Equal(OrderStatus.PartiallyRefunded, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status);
        await AssertBalancedAsync(order.Id, charged: 600m, refunded: 400m);
    }

    [Fact]
    public async Task MoneyForACancelledOrderGoesBackAndTheLedgerEndsAtZero()
    {
        var persons = await _app.PersonsAwaitingPaymentAsync(1);
        var order = await _app.OrderAsync(persons);
        var start = await _app.StartAsync(order.Id);
        await _app.Get<BadgeOrderService>().CancelAsync(await _app.VisitorAsync(), order.Id);
        _app.Get<SandboxPaymentProvider>().Pay(start.AttemptId);
        await _app.Get<SandboxPaymentProvider>().IdleAsync();
        await AssertBalancedAsync(order.Id, charged: 200m, refunded: 0m, pending: 200m);

        var finance = await _app.ActorAsync("finance");
        var row = Assert.Single(await Refunds.QueueAsync(finance));
        Assert.True(row.UnappliedPayment);
        await Assert.ThrowsAsync<DomainException>(() => Refunds.DeclineAsync(finance, row.RefundId, row.Version, "不退"));
        await Refunds.ApproveAsync(finance, row.RefundId, row.Version);

        Assert.Equal(200m, _app.Get<SandboxPaymentProvider>().Find(start.AttemptId)!.Refunded);
        await AssertBalancedAsync(order.Id, charged: 200m, refunded: 200m);
    }

    [Fact]
    public async Task APaperInvoiceIsIssuedByFinanceWithTrackingAndReturnedByPost()
    {
        var (order, _) = await PaidOrderAsync(1);
        var visitor = await _app.VisitorAsync();
        var individual = new InvoiceBuyer(BuyerType.Individual, "张伟华", null, "13800138000", null, null, null, null, null, null);
        var person = await Assert.ThrowsAsync<InvoiceInputException>(() => Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Paper, individual));
        Assert.Contains("Type", person.Errors.Keys);
        var incomplete = await Assert.ThrowsAsync<InvoiceInputException>(() => Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Paper, Company with { Bank = null }));
        Assert.Equal(["Bank"], incomplete.Errors.Keys);
        // Returning an invoice never issued is refused.
        await Assert.ThrowsAsync<DomainException>(() => Invoices.ReturnElectronicAsync(visitor, order.Id));

        await Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Paper, Company);
        var finance = await _app.ActorAsync("finance");
        var row = Assert.Single(await Invoices.QueueAsync(finance));
        Assert.Equal((InvoiceStatus.Requested, "91310115MA1K4DEM05"), (row.Status, row.Buyer.TaxNumber));
        var number = await Assert.ThrowsAsync<InvoiceInputException>(() => Invoices.IssuePaperAsync(finance, row.InvoiceId, row.Version, "12AB", "顺丰速运", "SF1234567890"));
        Assert.Equal(["Number"], number.Errors.Keys);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Invoices.IssuePaperAsync(visitor, row.InvoiceId, row.Version, "04400001", "顺丰速运", "SF1234567890"));
        await Invoices.IssuePaperAsync(finance, row.InvoiceId, row.Version, "04400001", "顺丰速运", "SF1234567890");
        var view = await Invoices.GetAsync(visitor, order.Id);
        Assert.Equal((InvoiceStatus.Issued, "04400001", "顺丰速运", "SF1234567890"), (view.Status, view.Number, view.CourierCompany, view.TrackingNumber));
        Assert.Contains(await OutboxAsync("InvoicePosted"), m => m.Body.Contains("SF1234567890"));

        await Assert.ThrowsAsync<DomainException>(() => Invoices.ReturnElectronicAsync(visitor, order.Id));
        await Invoices.ReturnPaperAsync(visitor, order.Id, "抬头有误", "应为全称", "EMS", "EMS0001");
        row = Assert.Single(await Invoices.QueueAsync(finance));
        Assert.Equal((InvoiceStatus.ReturnRequested, "抬头有误（应为全称）"), (row.Status, row.StatusReason));
        await Invoices.ConfirmReturnAsync(finance, row.InvoiceId, row.Version);
        Assert.Equal(InvoiceStatus.Returned, (await Invoices.GetAsync(visitor, order.Id)).Status);
        Assert.Empty(await Invoices.QueueAsync(finance));
    }

    [Fact]
    public async Task ForB2BTheBuyerIsThePayerAndAnotherOrganisationSeesNothing()
    {
        var (order, _) = await PaidOrderAsync(1, PaymentMethod.B2B);
        var visitor = await _app.VisitorAsync();
        var view = await Invoices.GetAsync(visitor, order.Id);
        Assert.Equal(new InvoicePayerLock("上海进博演示贸易有限公司", "91310115MA1K4DEM05"), view.PayerLock);
        var changed = await Assert.ThrowsAsync<InvoiceInputException>(() =>
            Invoices.RequestAsync(visitor, order.Id, InvoiceKind.Electronic, Company with { Title = "别的公司", TaxNumber = "91110000600037341L" }));
        Assert.Contains("不可调换", changed.Errors["Title"]);

        var other = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Invoices.GetAsync(other, order.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Invoices.RequestAsync(other, order.Id, InvoiceKind.Electronic, Company));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Refunds.RequestAsync(other, order.Id, [Guid.NewGuid()], RefundMethod.OriginalRoute, null));
        Assert.Equal(0, await CountAsync(db => db.Invoices));
    }

    [Fact]
    public async Task TheOrderListFiltersByTabNameDocumentAndInvoiceAndShowsTheAllowedActions()
    {
        var (paid, persons) = await PaidOrderAsync(2);
        var unpaid = await _app.OrderAsync(await _app.PersonsAwaitingPaymentAsync(1));
        var visitor = await _app.VisitorAsync();
        await ReviewAsync(persons[0], approve: false);
        var list = _app.Get<OrderListService>();

        var all = await list.ListAsync(visitor, new OrderListFilter());
        Assert.Equal(2, all.Count);
        var item = all.Single(o => o.Id == paid.Id);
        Assert.Contains(InvoiceTrigger.RequestElectronic, item.InvoiceActions);
        Assert.True(item.Lines.Single(l => l.PersonId == persons[0]).CanRequestRefund);
        Assert.False(item.Lines.Single(l => l.PersonId == persons[1]).CanRequestRefund);
        Assert.True(item.Ledger.IsBalanced);
        Assert.True(all.Single(o => o.Id == unpaid.Id).CanCancel);

        Assert.Equal([unpaid.Id], (await list.ListAsync(visitor, new OrderListFilter(Tab: OrderTab.Unpaid))).Select(o => o.Id));
        Assert.Equal([paid.Id], (await list.ListAsync(visitor, new OrderListFilter(Name: PaymentsApp.NameOf(1)))).Select(o => o.Id));
        Assert.Equal([paid.Id], (await list.ListAsync(visitor, new OrderListFilter(OrderNumber: paid.Number[^6..]))).Select(o => o.Id));
        Assert.Equal(2, (await list.ListAsync(visitor, new OrderListFilter(DocumentNumber: "310115198503122018"))).Count);
        Assert.Empty(await list.ListAsync(visitor, new OrderListFilter(DocumentNumber: "110101199003070011")));

        await Invoices.RequestAsync(visitor, paid.Id, InvoiceKind.Electronic, Company);
        item = Assert.Single(await list.ListAsync(visitor, new OrderListFilter(InvoiceStatus: InvoiceStatus.Issued)));
        Assert.NotNull(item.InvoiceFileId);
        // With a live invoice the rejected person's refund says why it cannot be asked for.
        Assert.Contains("退票", item.Lines.Single(l => l.PersonId == persons[0]).RefundBlockedBy);
        Assert.Contains((await list.EditionsAsync(visitor)), e => e.IsCurrent);
    }

    private async Task<(PaidOrder Order, List<Guid> Persons)> PaidOrderAsync(int persons, PaymentMethod method = PaymentMethod.QrCode)
    {
        var ids = await _app.PersonsAwaitingPaymentAsync(persons);
        var order = await _app.OrderAsync(ids);
        var start = await _app.StartAsync(order.Id, method, method == PaymentMethod.B2B ? PaymentChannel.OnlineBanking : PaymentChannel.Alipay);
        var sandbox = _app.Get<SandboxPaymentProvider>();
        Assert.Equal(SandboxPayOutcome.Paid, sandbox.Pay(start.AttemptId, method == PaymentMethod.B2B ? SandboxPaymentProvider.Banks.Keys.First() : null));
        await sandbox.IdleAsync();
        await using var db = _app.Db();
        Assert.Equal(OrderStatus.Paid, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status);
        return (new PaidOrder(order.Id, order.Number, start.AttemptId), ids);
    }

    /// <summary>The operator's background review (人员信息审核), done on the domain as the review desk will.</summary>
    private async Task ReviewAsync(Guid personId, bool approve)
    {
        var op = await _app.ActorAsync("operator");
        await using var db = _app.Db();
        var person = await db.Persons.SingleAsync(p => p.Id == personId);
        if (approve) person.Approve(op, _app.Now);
        else person.Reject("证件照片不清晰", op, _app.Now);
        await db.SaveChangesAsync();
    }

    private async Task AssertBalancedAsync(Guid orderId, decimal charged, decimal refunded, decimal pending = 0m)
    {
        await using var db = _app.Db();
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
        var ledger = OrderLedger.For(order, await db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());
        Assert.Equal((charged, refunded, charged - refunded, pending), (ledger.Charged.Amount, ledger.Refunded.Amount, ledger.Balance, ledger.RefundPending.Amount));
        Assert.True(ledger.IsBalanced, $"balance {ledger.Balance} but {ledger.Expected} expected");
    }

    private async Task<int> CountAsync<T>(Func<AppDbContext, IQueryable<T>> set)
    {
        await using var db = _app.Db();
        return await set(db).CountAsync();
    }

    private async Task<List<OutboxMessage>> OutboxAsync(string kind)
    {
        await using var db = _app.Db();
        return await db.Outbox.AsNoTracking().Where(m => m.Kind == kind).ToListAsync();
    }

    private async Task<byte[]> FileBytesAsync(Guid fileId)
    {
        await using var db = _app.Db();
        var file = await db.Files.AsNoTracking().SingleAsync(f => f.Id == fileId);
        Assert.Equal((FilePurpose.Invoice, "application/pdf"), (file.Purpose, file.ContentType));
        await using var stream = _app.Get<FileStore>().OpenRead(file);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public void Dispose() => _app.Dispose();

    private sealed record PaidOrder(Guid Id, string Number, Guid AttemptId);
}

using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Orders;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Orders;

/// <summary>转账支付: the visitor reports the remittance with a voucher; the finance desk confirms or rejects it.</summary>
public sealed class BankTransfers : IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    private readonly TestApp _app = new();

    private TransferService Transfers => _app.Get<TransferService>();

    private async Task<(Actor Visitor, Actor Finance, Guid OrderId, Guid PersonId)> ArrangeAsync()
    {
        var reviewer = await _app.ActorAsync("sh.reviewer");
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        Guid personId;
        await using (var db = _app.Db())
        {
            var registration = await db.Registrations.SingleAsync(r => r.OrganisationId == visitor.OrganisationId && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent));
            await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, registration.Id);
            personId = await db.Persons.Where(p => p.RegistrationId == registration.Id).Select(p => p.Id).SingleAsync();
        }
        await _app.Get<TaggingService>().TagAsync(reviewer, [personId], PersonTag.ProfessionalVisitor);
        var orderId = await _app.Get<BadgeOrderService>().CreateAsync(visitor, [personId], 200m);
        return (visitor, await _app.ActorAsync("finance"), orderId, personId);
    }

    private static TransferInput Input(decimal amount = 200m) =>
        new(RemitterKind.Organisation, "上海进博演示贸易有限公司", amount, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-1), "021-12345678", "进博会证件费");

    private Task SubmitAsync(Actor visitor, Guid orderId, TransferInput input, byte[]? voucher = null) =>
        Transfers.SubmitAsync(visitor, orderId, input, "回单.png", new MemoryStream(voucher ?? Png), (voucher ?? Png).Length);

    private async Task<Order> OrderAsync(Guid id)
    {
        await using var db = _app.Db();
        return await db.Orders.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    [Fact]
    public async Task AConfirmedTransferPaysTheOrderMovesThePersonsAndTellsTheOrganisation()
    {
        var (visitor, finance, orderId, personId) = await ArrangeAsync();
        await SubmitAsync(visitor, orderId, Input());
        Assert.Equal(OrderStatus.AwaitingTransferCheck, (await OrderAsync(orderId)).Status);

        var row = Assert.Single(await Transfers.QueueAsync(finance));
        Assert.Equal((orderId, 200m, "上海进博演示贸易有限公司", "image/png"), (row.OrderId, row.Amount, row.Remitter, row.VoucherContentType));
        await using (var db = _app.Db())
        {
            var file = await db.Files.SingleAsync(f => f.Id == row.VoucherFileId);
            Assert.Equal((FilePurpose.RemittanceVoucher, visitor.OrganisationId), (file.Purpose, file.OrganisationId));
        }

        await Transfers.ConfirmAsync(finance, orderId, row.Version);
        var paid = await OrderAsync(orderId);
        Assert.Equal((OrderStatus.Paid, (PaymentMethod?)PaymentMethod.BankTransfer), (paid.Status, paid.PaidBy));
        await using (var db = _app.Db())
        {
            Assert.Equal(PersonStatus.AwaitingReview, (await db.Persons.SingleAsync(p => p.Id == personId)).Status);
            Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "OrderPaid" && m.OrganisationId == visitor.OrganisationId));
            Assert.Contains(await db.AuditRecords.Where(a => a.EntityId == orderId).Select(a => a.Trigger).ToListAsync(), t => t == nameof(OrderTrigger.ConfirmTransfer));
        }
        Assert.Empty(await Transfers.QueueAsync(finance));
        // Confirming twice (a second finance tab) is refused, not applied twice.
        await Assert.ThrowsAsync<DomainException>(() => Transfers.ConfirmAsync(finance, orderId, row.Version));
    }

    [Fact]
    public async Task ARejectedTransferLeavesTheOrderUnpaidWithTheReasonAndCanBeSentAgain()
    {
        var (visitor, finance, orderId, _) = await ArrangeAsync();
        await SubmitAsync(visitor, orderId, Input());
        var row = Assert.Single(await Transfers.QueueAsync(finance));

        await Assert.ThrowsAsync<DomainException>(() => Transfers.RejectAsync(finance, orderId, row.Version, "  "));
        await Transfers.RejectAsync(finance, orderId, row.Version, "未查到该笔汇款");
        var order = await OrderAsync(orderId);
        Assert.Equal((OrderStatus.Unpaid, "未查到该笔汇款"), (order.Status, order.StatusReason));
        await using (var db = _app.Db())
        {
            Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "TransferRejected" && m.Body.Contains("未查到该笔汇款")));
        }

        await SubmitAsync(visitor, orderId, Input());
        Assert.Equal(OrderStatus.AwaitingTransferCheck, (await OrderAsync(orderId)).Status);
    }

    [Fact]
    public async Task AWrongAmountIsNotConfirmed()
    {
        var (visitor, finance, orderId, _) = await ArrangeAsync();
        await SubmitAsync(visitor, orderId, Input(amount: 150m));
        var row = Assert.Single(await Transfers.QueueAsync(finance));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Transfers.ConfirmAsync(finance, orderId, row.Version));
        Assert.Equal("AmountMatches", refused.Guard);
        Assert.Equal(OrderStatus.AwaitingTransferCheck, (await OrderAsync(orderId)).Status);
    }

    [Fact]
    public async Task BadInputAndWrongPeopleChangeNothing()
    {
        var (visitor, finance, orderId, _) = await ArrangeAsync();

        // A "voucher" that is text named .png.
        await Assert.ThrowsAsync<UploadRefusedException>(() => SubmitAsync(visitor, orderId, Input(), "not an image"u8.ToArray()));
        // Missing remitter, amount with three decimals, a future date.
        var invalid = await Assert.ThrowsAsync<TransferInputException>(() => SubmitAsync(visitor, orderId,
            new TransferInput(RemitterKind.Individual, " ", 200.001m, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3), "abc", null)));
        Assert.Equal(["Amount", "Date", "Phone", "Remitter"], invalid.Errors.Keys.Order());

        // Another organisation's visitor, and a visitor trying the finance desk.
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await SubmitAsync(await _app.ActorAsync(DemoSeeder.OtherVisitorCode), orderId, Input()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Transfers.QueueAsync(visitor));

        Assert.Equal(OrderStatus.Unpaid, (await OrderAsync(orderId)).Status);
        await using var db = _app.Db();
        Assert.Equal(0, await db.Files.CountAsync(f => f.Purpose == FilePurpose.RemittanceVoucher));
        Assert.Empty(await Transfers.QueueAsync(finance));
    }

    public void Dispose() => _app.Dispose();
}

using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Orders;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Orders;

/// <summary>人员证件申办 → 确认订单 → 提交订单 → 取消订单, through the service the pages call, on a real database.</summary>
public sealed class BadgeOrders : IDisposable
{
    private readonly TestApp _app = new();

    private BadgeOrderService Orders => _app.Get<BadgeOrderService>();

    /// <summary>上海交易团 approves the demo organisation and tags 张伟华 专业观众: the person now awaits payment.</summary>
    private async Task<(Actor Visitor, Guid PersonId)> ArrangeAsync()
    {
        var reviewer = await _app.ActorAsync("sh.reviewer");
        await using var db = _app.Db();
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var registration = await db.Registrations.SingleAsync(r => r.OrganisationId == visitor.OrganisationId && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent));
        await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, registration.Id);
        var person = await db.Persons.SingleAsync(p => p.RegistrationId == registration.Id && p.Name == "张伟华");
        await _app.Get<TaggingService>().TagAsync(reviewer, [person.Id], PersonTag.ProfessionalVisitor);
        return (visitor, person.Id);
    }

    [Fact]
    public async Task APersonAwaitingPaymentIsOrderedAtTheEditionsFeeAndHeldByTheOrderUntilCancelled()
    {
        var (visitor, personId) = await ArrangeAsync();

        var application = await Orders.ApplicationAsync(visitor);
        var row = Assert.Single(application.Persons);
        Assert.Equal((personId, 200.00m, (string?)null, true), (row.Id, row.Fee, row.HeldByOrderNumber, row.EntryDatesEditable));

        // Entry dates may change before an order holds the person.
        await Orders.ChangeEntryDatesAsync(visitor, personId, application.FirstDay.AddDays(1), application.FirstDay.AddDays(2));

        var preview = await Orders.PreviewAsync(visitor, [personId]);
        Assert.Equal((1, 200.00m), (preview.PersonCount, preview.Total));
        Assert.Equal("310*****018", Assert.Single(preview.Lines).MaskedDocumentNumber);
        Assert.Equal(application.FirstDay.AddDays(1), preview.Lines[0].EntryFrom);

        var orderId = await Orders.CreateAsync(visitor, [personId], preview.Total);
        var order = await Orders.GetAsync(visitor, orderId);
        Assert.Equal(OrderStatus.Unpaid, order.Status);
        Assert.Matches("^V\\d{14}\\d{9}$", order.Number);
        Assert.Equal(200.00m, order.Total);
        Assert.Contains(OrderTrigger.Cancel, order.Allowed);

        // Held: shown with its order, not selectable again, dates frozen.
        var held = Assert.Single((await Orders.ApplicationAsync(visitor)).Persons);
        Assert.Equal((order.Number, (Guid?)orderId, false), (held.HeldByOrderNumber, held.HeldByOrderId, held.EntryDatesEditable));
        var again = await Assert.ThrowsAsync<DomainException>(() => Orders.CreateAsync(visitor, [personId], 200m));
        Assert.Contains("已在其他未支付订单中", again.Message);
        await Assert.ThrowsAsync<DomainException>(() => Orders.ChangeEntryDatesAsync(visitor, personId, application.FirstDay, application.LastDay));

        await Orders.CancelAsync(visitor, orderId, order.Version);
        Assert.Equal(OrderStatus.Cancelled, (await Orders.GetAsync(visitor, orderId)).Status);
        await Assert.ThrowsAsync<DomainException>(() => Orders.CancelAsync(visitor, orderId));

        // Free again: a new order with a new number.
        var second = await Orders.CreateAsync(visitor, [personId], 200m);
        Assert.NotEqual(order.Number, (await Orders.GetAsync(visitor, second)).Number);
        Assert.Equal(2, (await Orders.ListAsync(visitor)).Count);
    }

    [Fact]
    public async Task BadInputCreatesNoOrder()
    {
        var (visitor, personId) = await ArrangeAsync();

        var empty = await Assert.ThrowsAsync<DomainException>(() => Orders.CreateAsync(visitor, [], 0m));
        Assert.Contains("请选择要办证的人员", empty.Message);

        // The total posted from the confirm page was tampered with (or fees changed meanwhile).
        var tampered = await Assert.ThrowsAsync<DomainException>(() => Orders.CreateAsync(visitor, [personId], 0.01m));
        Assert.Contains("订单金额已变化", tampered.Message);

        // Another organisation's person, or an unknown id.
        var other = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Orders.CreateAsync(other, [personId], 200m));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Orders.CreateAsync(visitor, [personId, Guid.NewGuid()], 400m));

        // A reviewer is not a visitor organisation.
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await Orders.ApplicationAsync(await _app.ActorAsync("sh.reviewer")));

        await using var db = _app.Db();
        Assert.Equal(0, await db.Orders.CountAsync());
        Assert.Equal(PersonStatus.AwaitingPayment, (await db.Persons.SingleAsync(p => p.Id == personId)).Status);
    }

    [Fact]
    public async Task OnlyTheOwnerSeesOrCancelsAnOrder()
    {
        var (visitor, personId) = await ArrangeAsync();
        var orderId = await Orders.CreateAsync(visitor, [personId], 200m);
        var other = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Orders.GetAsync(other, orderId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Orders.CancelAsync(other, orderId));
        Assert.Empty(await Orders.ListAsync(other));
        Assert.Equal(OrderStatus.Unpaid, (await Orders.GetAsync(visitor, orderId)).Status);
    }

    [Fact]
    public async Task TenTabsOrderingTheSamePersonAtOnceMakeExactlyOneOrder()
    {
        var (visitor, personId) = await ArrangeAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                return (Id: (Guid?)await Orders.CreateAsync(visitor, [personId], 200m), Error: (string?)null);
            }
            catch (DomainException ex)
            {
                return (Id: null, Error: ex.Message);
            }
        }));

        Assert.Single(attempts, a => a.Id is not null);
        Assert.All(attempts.Where(a => a.Id is null), a => Assert.Contains("已在其他未支付订单中", a.Error));
        await using var db = _app.Db();
        Assert.Equal(1, await db.Orders.CountAsync());
        Assert.Single(await db.Orders.AsNoTracking().SelectMany(o => o.Lines).ToListAsync());
    }

    public void Dispose() => _app.Dispose();
}

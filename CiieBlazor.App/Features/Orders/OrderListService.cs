using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Invoices;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Refunds;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Orders;

/// <summary>The tabs of 人员证件订单.</summary>
public enum OrderTab
{
    All,
    Unpaid,
    AwaitingTransferCheck,
    Paid,
    Refunds,
    Cancelled,
}

/// <summary>The filters of 人员证件订单 (empty = any); <see cref="EditionId"/> null = the current edition.</summary>
public sealed record OrderListFilter(
    Guid? EditionId = null, OrderTab Tab = OrderTab.All, string? OrderNumber = null, string? Name = null, string? DocumentNumber = null,
    OrderStatus? PaymentStatus = null, InvoiceStatus? InvoiceStatus = null);

/// <summary>An edition the organisation has orders in (往届订单 chooser).</summary>
public sealed record OrderEdition(Guid Id, int Number, bool IsCurrent);

/// <summary>One person of an order in the list, with what may be done for them now.</summary>
public sealed record OrderListLine(
    Guid PersonId, string Name, string MaskedDocumentNumber, PersonTag Tag, bool IsReuse, PickupMethod Pickup, DateOnly? EntryFrom, DateOnly? EntryTo,
    decimal Fee, PersonStatus? PersonStatus, RefundStatus RefundStatus, string? RefundReason, bool CanRequestRefund, string? RefundBlockedBy);

/// <summary>One order in the list: its lines, invoice, ledger and the actions the domain allows right now.</summary>
public sealed record OrderListItem(
    Guid Id, string Number, int EditionNumber, OrderStatus Status, decimal Total, DateTimeOffset CreatedAt, PaymentMethod? PaidBy, DateTimeOffset? PaidAt,
    InvoiceStatus InvoiceStatus, InvoiceKind? InvoiceKind, string? InvoiceNumber, Guid? InvoiceFileId, string? CourierCompany, string? TrackingNumber,
    string? InvoiceReason, IReadOnlyList<InvoiceTrigger> InvoiceActions, bool CanCancel, bool AwaitsPayment, IReadOnlyList<OrderListLine> Lines, OrderLedger Ledger)
{
    public IEnumerable<OrderListLine> Refundable => Lines.Where(l => l.CanRequestRefund);
}

/// <summary>
/// 人员证件订单 and 往届订单: an organisation's orders of one edition with tabs and filters, each with its persons (review
/// and refund status), its invoice and its money ledger; actions are what the domain's machines permit now, so an old
/// edition's unfinished order can still be paid, invoiced or refunded.
/// </summary>
public sealed class OrderListService(IDbContextFactory<AppDbContext> dbs)
{
    /// <summary>Editions with orders of the visitor's organisation, and always the current one; newest first.</summary>
    public async Task<IReadOnlyList<OrderEdition>> EditionsAsync(Actor actor, CancellationToken ct = default)
    {
        var organisationId = Own(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var withOrders = await db.Orders.AsNoTracking().Where(o => o.OrganisationId == organisationId).Select(o => o.EditionId).Distinct().ToListAsync(ct);
        return await db.Editions.AsNoTracking().Where(e => e.IsCurrent || withOrders.Contains(e.Id)).OrderByDescending(e => e.Number)
            .Select(e => new OrderEdition(e.Id, e.Number, e.IsCurrent)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<OrderListItem>> ListAsync(Actor actor, OrderListFilter filter, CancellationToken ct = default)
    {
        var organisationId = Own(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var edition = filter.EditionId is { } eid
            ? await db.Editions.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eid, ct)
            : await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent, ct);
        if (edition is null) return [];
        var query = db.Orders.AsNoTracking().Where(o => o.OrganisationId == organisationId && o.EditionId == edition.Id);
        query = filter.Tab switch
        {
            OrderTab.Unpaid => query.Where(o => o.Status == OrderStatus.Unpaid),
            OrderTab.AwaitingTransferCheck => query.Where(o => o.Status == OrderStatus.AwaitingTransferCheck),
            OrderTab.Paid => query.Where(o => o.Status == OrderStatus.Paid),
            OrderTab.Refunds => query.Where(o => o.Status == OrderStatus.PartiallyRefunded || o.Status == OrderStatus.Refunded),
            OrderTab.Cancelled => query.Where(o => o.Status == OrderStatus.Cancelled),
            _ => query,
        };
        if (filter.PaymentStatus is { } status) query = query.Where(o => o.Status == status);
        if (!string.IsNullOrWhiteSpace(filter.OrderNumber))
        {
            var number = filter.OrderNumber.Trim().ToUpperInvariant();
            query = query.Where(o => o.Number.Contains(number));
        }
        var orders = await query.OrderByDescending(o => o.CreatedAt).Take(500).ToListAsync(ct);

        var personIds = orders.SelectMany(o => o.Lines.Select(l => l.PersonId)).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        if (!string.IsNullOrWhiteSpace(filter.Name))
        {
            var name = filter.Name.Trim();
            orders = orders.Where(o => o.Lines.Any(l => l.PersonName.Contains(name, StringComparison.OrdinalIgnoreCase))).ToList();
        }
        if (!string.IsNullOrWhiteSpace(filter.DocumentNumber))
        {
            var document = PersonData.NormaliseDocument(filter.DocumentNumber);
            orders = orders.Where(o => o.Lines.Any(l => persons.GetValueOrDefault(l.PersonId)?.DocumentNumber == document)).ToList();
        }
        var orderIds = orders.Select(o => o.Id).ToList();
        var invoices = await db.Invoices.AsNoTracking().Where(i => orderIds.Contains(i.OrderId)).ToDictionaryAsync(i => i.OrderId, ct);
        if (filter.InvoiceStatus is { } invoiceStatus)
            orders = orders.Where(o => (invoices.GetValueOrDefault(o.Id)?.Status ?? InvoiceStatus.NotInvoiced) == invoiceStatus).ToList();
        var refunds = (await db.Refunds.AsNoTracking().Where(r => orderIds.Contains(r.OrderId)).ToListAsync(ct)).ToLookup(r => r.OrderId);

        return orders.Select(o => Item(o, edition.Number, persons, invoices.GetValueOrDefault(o.Id) ?? new Invoice(o.Id), refunds[o.Id].ToList())).ToList();
    }

    /// <summary>One order of the visitor's organisation, of any edition, as the list shows it (ledger included).</summary>
    public async Task<OrderListItem> GetAsync(Actor actor, Guid orderId, CancellationToken ct = default)
    {
        var organisationId = Own(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId && o.OrganisationId == organisationId, ct)
            ?? throw new AccessDeniedException("订单不存在或不属于本单位 (no such order of your organisation)");
        var editionNumber = await db.Editions.AsNoTracking().Where(e => e.Id == order.EditionId).Select(e => e.Number).SingleAsync(ct);
        var personIds = order.Lines.Select(l => l.PersonId).ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.OrderId == orderId, ct) ?? new Invoice(orderId);
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync(ct);
        return Item(order, editionNumber, persons, invoice, refunds);
    }

    private static OrderListItem Item(Order order, int editionNumber, IReadOnlyDictionary<Guid, Person> persons, Invoice invoice, List<Refund> refunds)
    {
        var refundInProgress = refunds.Any(r => r.Status == RefundStatus.Refunding);
        var lines = order.Lines.Select(l =>
        {
            var person = persons.GetValueOrDefault(l.PersonId);
            var refund = refunds.FirstOrDefault(r => r.PersonId == l.PersonId);
            var refundStatus = refund?.Status ?? RefundStatus.NotRefunded;
            var context = new RefundContext
            {
                PersonRejectedOrCancelled = person?.Status is PersonStatus.Rejected or PersonStatus.Cancelled,
                OrderPaid = order.IsPaid,
                InvoiceAllowsRefund = invoice.AllowsRefund,
                MethodAllowed = true,
            };
            var blocked = RefundMachine.Table.FailingGuard(refundStatus, RefundTrigger.Request, context);
            var can = RefundMachine.Table.CanFire(refundStatus, RefundTrigger.Request, context);
            // Only say why when the person is one a refund is for (review failed / cancelled) but something else stands in the way.
            var why = !can && context.PersonRejectedOrCancelled && refundStatus == RefundStatus.NotRefunded ? blocked?.Message : null;
            return new OrderListLine(l.PersonId, l.PersonName, person?.MaskedDocumentNumber ?? "", l.Tag, l.IsReuse, person?.PickupMethod ?? PickupMethod.DelegationCollects,
                person?.EntryFrom, person?.EntryTo, l.Fee.Amount, person?.Status, refundStatus, refund?.StatusReason, can, why);
        }).ToList();
        var invoiceActions = invoice.OwnerActions(order.IsPaid, order.InvoiceableAmount, refundInProgress);
        var current = invoice.Current;
        return new OrderListItem(order.Id, order.Number, editionNumber, order.Status, order.Total.Amount, order.CreatedAt, order.PaidBy, order.PaidAt,
            invoice.Status, invoice.Kind, invoice.InvoiceNumber, current?.FileId, invoice.CourierCompany, invoice.TrackingNumber, invoice.StatusReason, invoiceActions,
            order.PermittedTriggers(new OrderContext()).Contains(OrderTrigger.Cancel), order.AwaitsPayment, lines, OrderLedger.For(order, refunds));
    }

    private Guid Own(Actor actor) =>
        actor.Role == ActorRole.Visitor && actor.OrganisationId is { } id ? id : throw new AccessDeniedException("仅专业观众单位可查看订单 (visitor organisations only)");
}

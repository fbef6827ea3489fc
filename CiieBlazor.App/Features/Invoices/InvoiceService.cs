using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Invoices;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Refunds;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Invoices;

/// <summary>An issued document as the pages list it.</summary>
public sealed record InvoiceDocumentView(Guid Id, InvoiceDocumentKind Kind, string Number, decimal Amount, DateTimeOffset IssuedAt, Guid? FileId, string? OriginalNumber);

/// <summary>For B2B and company transfers the buyer is the payer: title and tax number come from it and cannot be changed.</summary>
public sealed record InvoicePayerLock(string Title, string TaxNumber);

/// <summary>An order's invoice as the visitor's invoice dialog and the order list show it.</summary>
public sealed record InvoiceView(
    Guid OrderId, string OrderNumber, InvoiceStatus Status, InvoiceKind? Kind, InvoiceBuyer? Buyer, string? Number, decimal Amount, string? CourierCompany,
    string? TrackingNumber, string? StatusReason, DateTimeOffset? IssuedAt, IReadOnlyList<InvoiceDocumentView> Documents, IReadOnlyList<InvoiceTrigger> Allowed,
    InvoicePayerLock? PayerLock, InvoiceBuyer Suggested, decimal Invoiceable, bool RefundInProgress, bool PersonsStillInReview);

/// <summary>A paper invoice to issue or a paper return to confirm, in the finance queue.</summary>
public sealed record InvoiceQueueRow(Guid InvoiceId, Guid OrderId, string OrderNumber, string Organisation, InvoiceStatus Status, InvoiceBuyer Buyer, decimal Amount,
    string? Number, string? CourierCompany, string? TrackingNumber, string? StatusReason, Guid Version);

/// <summary>The invoice form has field errors; nothing was saved.</summary>
public sealed class InvoiceInputException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join("；", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>
/// 开票 and 退票. An ordinary VAT e-invoice is issued at once as a PDF (stored, viewable, e-mailed); a special VAT invoice
/// on paper goes to finance, who issues and posts it (查看物流). An e-invoice is returned online (a red credit note PDF is
/// issued); a paper one is posted back and finance confirms receipt. After a return the order can be invoiced again.
/// The domain refuses what it must (unpaid order, refund in progress, incomplete tax data); this service checks the form
/// and the payer lock, numbers and renders documents, and tells the organisation through the outbox.
/// </summary>
public sealed class InvoiceService(
    IDbContextFactory<AppDbContext> dbs,
    FileStore files,
    InvoiceDocuments documents,
    AccessGuard access,
    ChangeNotifier notifier,
    OutboxDispatcher outbox,
    TimeProvider clock,
    ILogger<InvoiceService> logger)
{
    private const string NumberSequence = "invoice";

    public async Task<InvoiceView> GetAsync(Actor actor, Guid orderId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var order = await VisibleOrderAsync(db, actor, orderId, ct);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.OrderId == orderId, ct) ?? new Invoice(orderId);
        var refundInProgress = await db.Refunds.AnyAsync(r => r.OrderId == orderId && r.Status == RefundStatus.Refunding, ct);
        var lineIds = order.Lines.Select(l => l.PersonId).ToList();
        var inReview = await db.Persons.AnyAsync(p => lineIds.Contains(p.Id) && p.Status == PersonStatus.AwaitingReview, ct);
        var (payerLock, suggested) = await BuyerDefaultsAsync(db, order, ct);
        var allowed = invoice.OwnerActions(order.IsPaid, order.InvoiceableAmount, refundInProgress);
        return new InvoiceView(order.Id, order.Number, invoice.Status, invoice.Kind, invoice.Buyer, invoice.InvoiceNumber, invoice.Amount.Amount, invoice.CourierCompany,
            invoice.TrackingNumber, invoice.StatusReason, invoice.IssuedAt, invoice.Documents.Select(View).ToList(), allowed, payerLock, suggested,
            order.InvoiceableAmount.Amount, refundInProgress, inReview);
    }

    /// <summary>确认开票: an e-invoice is issued at once (its PDF stored and e-mailed); a paper invoice goes to finance.</summary>
    public async Task RequestAsync(Actor actor, Guid orderId, InvoiceKind kind, InvoiceBuyer buyer, CancellationToken ct = default)
    {
        buyer = InvoiceBuyerRules.Normalised(buyer);
        var errors = new Dictionary<string, string>(InvoiceBuyerRules.Problems(kind, buyer));
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var order = await OwnOrderAsync(db, actor, orderId, ct);
            var (payerLock, _) = await BuyerDefaultsAsync(db, order, ct);
            if (payerLock is not null && (buyer.Type != BuyerType.Organisation || buyer.Title != payerLock.Title || buyer.TaxNumber != payerLock.TaxNumber))
                errors[nameof(InvoiceBuyer.Title)] = "B2B网上支付或单位转账支付开发票时，单位信息与付款单位一致，不可调换 (for B2B and company transfers the buyer is the payer)";
            if (errors.Count > 0) throw new InvoiceInputException(errors);

            var invoice = await db.Invoices.SingleOrDefaultAsync(i => i.OrderId == orderId, ct);
            if (invoice is null)
            {
                invoice = new Invoice(orderId);
                db.Invoices.Add(invoice);
            }
            var refundInProgress = await db.Refunds.AnyAsync(r => r.OrderId == orderId && r.Status == RefundStatus.Refunding, ct);
            var now = clock.GetUtcNow();
            StoredFile? pdf = null;
            if (kind == InvoiceKind.Electronic)
            {
                var number = InvoiceNumbers.Format(now, await Sequences.NextAsync(db, NumberSequence, ct));
                var document = invoice.RequestElectronic(buyer, order.IsPaid, order.InvoiceableAmount, refundInProgress, number, actor, now);
                pdf = await StoreAsync(db, order, document, ct);
                if (buyer.Email is { } email)
                {
                    OutboxWriter.Add(db, MessageChannel.Email, email, $"电子发票 {number} / CIIE e-invoice",
                        $"【进博会】订单{order.Number}的增值税电子普通发票已开具：发票号码{number}，价税合计¥{document.Amount.Amount:0.00}。请登录系统“人员证件订单”查看、下载。 "
                        + $"CIIE: the e-invoice {number} (CNY {document.Amount.Amount:0.00}) for order {order.Number} is issued; view and download it under Orders.",
                        "InvoiceIssued", order.OrganisationId, now);
                }
            }
            else
            {
                invoice.RequestPaper(buyer, order.IsPaid, order.InvoiceableAmount, refundInProgress, actor, now);
            }
            if (await SavedAsync(db, pdf, attempt, ct)) break;
        }
        outbox.Wake();
        logger.LogInformation("{Kind} invoice requested for order {Order} by {ActorId}.", kind, orderId, actor.UserId);
        await PublishAsync(orderId, ct);
    }

    /// <summary>退票 of an e-invoice: returned online, a red credit note is issued and stored.</summary>
    public async Task ReturnElectronicAsync(Actor actor, Guid orderId, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var order = await OwnOrderAsync(db, actor, orderId, ct);
            var invoice = await ExistingAsync(db, orderId, nameof(InvoiceTrigger.ReturnElectronic), ct);
            var now = clock.GetUtcNow();
            var number = InvoiceNumbers.Format(now, await Sequences.NextAsync(db, NumberSequence, ct));
            var credit = invoice.ReturnElectronic(number, actor, now);
            var pdf = await StoreAsync(db, order, credit, ct);
            await OrganisationMessages.AddAsync(db, order.OrganisationId, order.EditionId, "电子发票已退票 / CIIE e-invoice returned",
                $"【进博会】订单{order.Number}的电子发票{credit.OriginalNumber}已退票，红字发票{number}已开具。 CIIE: e-invoice {credit.OriginalNumber} of order {order.Number} is returned; credit note {number} is issued.",
                "InvoiceReturned", now, ct);
            if (await SavedAsync(db, pdf, attempt, ct)) break;
        }
        outbox.Wake();
        await PublishAsync(orderId, ct);
    }

    /// <summary>退票 of a paper invoice: reason (and remarks), courier company and tracking number of the parcel sent back.</summary>
    public async Task ReturnPaperAsync(Actor actor, Guid orderId, string reason, string? remarks, string courierCompany, string trackingNumber,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await OwnOrderAsync(db, actor, orderId, ct);
        var invoice = await ExistingAsync(db, orderId, nameof(InvoiceTrigger.ReturnPaper), ct);
        var fullReason = string.IsNullOrWhiteSpace(remarks) || string.IsNullOrWhiteSpace(reason) ? reason : $"{reason.Trim()}（{remarks.Trim()}）";
        invoice.ReturnPaper(Limit(fullReason, 500), Limit(courierCompany, 50), Limit(trackingNumber, 50), actor, clock.GetUtcNow());
        await SaveAsync(db, nameof(InvoiceTrigger.ReturnPaper), ct);
        await PublishAsync(orderId, ct);
    }

    /// <summary>Paper invoices to issue (开票中) and paper returns to confirm (退票中), oldest first.</summary>
    public async Task<IReadOnlyList<InvoiceQueueRow>> QueueAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => i.Status == InvoiceStatus.Requested || i.Status == InvoiceStatus.ReturnRequested).ToListAsync(ct);
        var orderIds = invoices.Select(i => i.OrderId).ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).Select(o => new { o.Id, o.Number, o.OrganisationId })
            .ToDictionaryAsync(o => o.Id, ct);
        var orgIds = orders.Values.Select(o => o.OrganisationId).Distinct().ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return invoices.OrderBy(i => orders[i.OrderId].Number).Select(i =>
        {
            var o = orders[i.OrderId];
            return new InvoiceQueueRow(i.Id, o.Id, o.Number, names.GetValueOrDefault(o.OrganisationId, ""), i.Status, i.Buyer!, i.Amount.Amount, i.InvoiceNumber,
                i.CourierCompany, i.TrackingNumber, i.StatusReason, i.Version);
        }).ToList();
    }

    /// <summary>Finance issues a paper invoice: the number printed on it, courier company and tracking number.</summary>
    public async Task IssuePaperAsync(Actor actor, Guid invoiceId, Guid expectedVersion, string invoiceNumber, string courierCompany, string trackingNumber,
        CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        var number = invoiceNumber?.Trim() ?? "";
        if (!InvoiceNumbers.IsPaperNumber(number))
            throw new InvoiceInputException(new Dictionary<string, string> { ["Number"] = "发票号码应为8位或20位数字 (an 8- or 20-digit invoice number)" });
        await using var db = await dbs.CreateDbContextAsync(ct);
        var invoice = await CheckedAsync(db, invoiceId, expectedVersion, nameof(InvoiceTrigger.Issue), ct);
        var now = clock.GetUtcNow();
        invoice.Issue(number, Limit(courierCompany, 50), Limit(trackingNumber, 50), actor, now);
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == invoice.OrderId, ct);
        await OrganisationMessages.AddAsync(db, order.OrganisationId, order.EditionId, "专用发票已寄出 / CIIE VAT invoice posted",
            $"【进博会】订单{order.Number}的增值税专用发票{number}已寄出：{invoice.CourierCompany} {invoice.TrackingNumber}。 CIIE: the special VAT invoice {number} for order {order.Number} is posted: {invoice.CourierCompany} {invoice.TrackingNumber}.",
            "InvoicePosted", now, ct);
        await SaveAsync(db, nameof(InvoiceTrigger.Issue), ct);
        outbox.Wake();
        await PublishAsync(invoice.OrderId, ct);
    }

    /// <summary>Finance refuses a paper invoice request with a reason; the visitor may ask again.</summary>
    public async Task RejectPaperAsync(Actor actor, Guid invoiceId, Guid expectedVersion, string reason, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var invoice = await CheckedAsync(db, invoiceId, expectedVersion, nameof(InvoiceTrigger.Reject), ct);
        var now = clock.GetUtcNow();
        invoice.Reject(Limit(reason, 500), actor, now);
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == invoice.OrderId, ct);
        await OrganisationMessages.AddAsync(db, order.OrganisationId, order.EditionId, "开票申请未通过 / CIIE invoice request declined",
            $"【进博会】订单{order.Number}的专用发票申请未通过：{invoice.StatusReason}。 CIIE: the special VAT invoice for order {order.Number} was declined: {invoice.StatusReason}.",
            "InvoiceRejected", now, ct);
        await SaveAsync(db, nameof(InvoiceTrigger.Reject), ct);
        outbox.Wake();
        await PublishAsync(invoice.OrderId, ct);
    }

    /// <summary>Finance confirms the paper invoice came back: returned, the order may be refunded or invoiced again.</summary>
    public async Task ConfirmReturnAsync(Actor actor, Guid invoiceId, Guid expectedVersion, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var invoice = await CheckedAsync(db, invoiceId, expectedVersion, nameof(InvoiceTrigger.ConfirmReturn), ct);
        var now = clock.GetUtcNow();
        invoice.ConfirmReturn(actor, now);
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == invoice.OrderId, ct);
        await OrganisationMessages.AddAsync(db, order.OrganisationId, order.EditionId, "退票完成 / CIIE invoice return confirmed",
            $"【进博会】订单{order.Number}的专用发票{invoice.InvoiceNumber}已退票。 CIIE: the return of invoice {invoice.InvoiceNumber} for order {order.Number} is confirmed.",
            "InvoiceReturned", now, ct);
        await SaveAsync(db, nameof(InvoiceTrigger.ConfirmReturn), ct);
        outbox.Wake();
        await PublishAsync(invoice.OrderId, ct);
    }

    /// <summary>
    /// The payer fixes the buyer for B2B and company transfers (title = the organisation, tax number = its credit code);
    /// otherwise the form starts from the organisation and the registration's contact.
    /// </summary>
    private static async Task<(InvoicePayerLock? Lock, InvoiceBuyer Suggested)> BuyerDefaultsAsync(AppDbContext db, Order order, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == order.OrganisationId)
            .Select(o => new { o.Name, o.Code }).SingleAsync(ct);
        var contact = await db.Registrations.AsNoTracking().Where(r => r.OrganisationId == order.OrganisationId && r.EditionId == order.EditionId)
            .Select(r => new { r.ContactMobile, r.ContactEmail, r.Address, r.ContactPhone }).SingleOrDefaultAsync(ct);
        var locked = order.PaidBy == PaymentMethod.B2B || (order.PaidBy == PaymentMethod.BankTransfer && order.Transfer?.ByOrganisation == true);
        var payerLock = locked ? new InvoicePayerLock(organisation.Name, organisation.Code) : null;
        var suggested = new InvoiceBuyer(BuyerType.Organisation, organisation.Name, organisation.Code, contact?.ContactMobile, contact?.ContactEmail,
            contact?.Address, contact?.ContactPhone, null, null, null);
        return (payerLock, suggested);
    }

    private async Task<StoredFile> StoreAsync(AppDbContext db, Order order, InvoiceDocument document, CancellationToken ct)
    {
        var lines = order.Lines.Where(l => !l.Refunded).ToList();
        var pdf = documents.Render(document, order.Number, lines);
        var name = document.Kind == InvoiceDocumentKind.CreditNote ? $"红字发票-{document.Number}.pdf" : $"电子发票-{document.Number}.pdf";
        var stored = await files.SaveAsync(order.OrganisationId, name, "application/pdf", pdf, document.IssuedAt, ct);
        stored.Purpose = FilePurpose.Invoice;
        db.Files.Add(stored);
        document.AttachFile(stored.Id);
        return stored;
    }

    /// <summary>Saves; a lost race (number sequence, invoice row) deletes the rendered file and asks for another go.</summary>
    private async Task<bool> SavedAsync(AppDbContext db, StoredFile? pdf, int attempt, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException) when (attempt < 5)
        {
            if (pdf is not null) files.Delete(pdf);
            return false;
        }
        catch
        {
            if (pdf is not null) files.Delete(pdf);
            throw;
        }
    }

    private async Task<Order> OwnOrderAsync(AppDbContext db, Actor actor, Guid orderId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || actor.Role != ActorRole.Visitor || order.OrganisationId != actor.OrganisationId)
        {
            await access.DenyAsync(db, actor, orderId, "order invoice", ct);
            throw new AccessDeniedException("订单不存在或不属于本单位 (no such order of your organisation)");
        }
        return order;
    }

    private async Task<Order> VisibleOrderAsync(AppDbContext db, Actor actor, Guid orderId, CancellationToken ct)
    {
        if (actor.Role is ActorRole.Finance or ActorRole.Admin)
            return await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct) ?? throw new AccessDeniedException("订单不存在 (no such order)");
        return await OwnOrderAsync(db, actor, orderId, ct);
    }

    private static async Task<Invoice> ExistingAsync(AppDbContext db, Guid orderId, string trigger, CancellationToken ct) =>
        await db.Invoices.SingleOrDefaultAsync(i => i.OrderId == orderId, ct)
        ?? throw DomainException.Rule(nameof(Invoice), trigger, "Issued", "该订单尚未开票，无需退票 (this order has no invoice to return)");

    private static async Task<Invoice> CheckedAsync(AppDbContext db, Guid invoiceId, Guid expectedVersion, string trigger, CancellationToken ct)
    {
        var invoice = await db.Invoices.SingleOrDefaultAsync(i => i.Id == invoiceId, ct)
            ?? throw DomainException.Rule(nameof(Invoice), trigger, "InvoiceExists", "发票记录不存在 (no such invoice)");
        if (invoice.Version != expectedVersion) throw Stale(trigger);
        return invoice;
    }

    private static async Task SaveAsync(AppDbContext db, string trigger, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale(trigger);
        }
    }

    private async Task PublishAsync(Guid orderId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var organisationId = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.OrganisationId).SingleAsync(ct);
        notifier.Publish(Topics.Organisation(organisationId), Topics.Operations);
    }

    private static DomainException Stale(string trigger) =>
        DomainException.Rule(nameof(Invoice), trigger, "Fresh", "发票记录已被他人处理或已变化，请刷新 (the invoice changed meanwhile; reload)");

    private static string Limit(string? value, int max) => (value ?? "").Trim() is var v && v.Length > max ? v[..max] : (value ?? "").Trim();

    private static InvoiceDocumentView View(InvoiceDocument d) => new(d.Id, d.Kind, d.Number, d.Amount.Amount, d.IssuedAt, d.FileId, d.OriginalNumber);
}

/// <summary>Invoice numbers: 20 digits like the fully digitalised e-invoices (yy + region 31 + 16-digit sequence).</summary>
public static class InvoiceNumbers
{
    public static string Format(DateTimeOffset issuedAt, long sequence) =>
        $"{issuedAt.ToOffset(OrderNumber.ChinaOffset):yy}31{sequence:D16}";

    /// <summary>A paper invoice's number as printed by the tax system: 8 digits (with its 10/12-digit code) or 20 digits.</summary>
    public static bool IsPaperNumber(string value) => value.Length is 8 or 20 && value.All(char.IsAsciiDigit);
}

using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Orders;

/// <summary>收款账户信息 (configuration "Finance:ReceivingAccount").</summary>
public sealed class ReceivingAccount
{
    public string Payee { get; set; } = "";
    public string Bank { get; set; } = "";
    public string Account { get; set; } = "";
}

public enum RemitterKind
{
    Organisation,
    Individual,
}

/// <summary>汇款信息填报.</summary>
public sealed record TransferInput(RemitterKind Kind, string? Remitter, decimal Amount, DateOnly? Date, string? Phone, string? Remarks);

public sealed record TransferQueueRow(Guid OrderId, string OrderNumber, string Organisation, decimal Total, string Remitter, decimal Amount, DateOnly Date,
    string? Phone, string? Remarks, Guid VoucherFileId, string VoucherContentType, Guid Version);

/// <summary>
/// 转账支付: the visitor reports a remittance with its voucher (the order waits for the check); the finance desk
/// confirms it (the order is paid, the persons move on) or rejects it with a reason (the order is unpaid again and
/// the visitor is told why). Every decision is a domain transition, audited in the same save.
/// </summary>
public sealed class TransferService(
    IDbContextFactory<AppDbContext> dbs,
    AccessGuard access,
    FileStore files,
    ChangeNotifier notifier,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ReceivingAccount> account,
    ILogger<TransferService> logger)
{
    public const long MaxVoucherBytes = 10 * 1024 * 1024;

    public ReceivingAccount Account => account.Value;

    public async Task SubmitAsync(Actor actor, Guid orderId, TransferInput input, string? voucherName, Stream voucher, long voucherSize, CancellationToken ct = default)
    {
        // Who asks and whose order it is are settled first, then the form and the voucher.
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (actor.Role != ActorRole.Visitor || actor.OrganisationId is not { } organisationId)
            throw new AccessDeniedException("仅专业观众单位可提交汇款信息 (visitor organisations only)");
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || order.OrganisationId != organisationId)
        {
            await access.DenyAsync(db, actor, orderId, "order transfer", ct);
            throw new AccessDeniedException("订单不存在或不属于本单位 (no such order of your organisation)");
        }
        var errors = Validate(input);
        if (errors.Count > 0) throw new TransferInputException(errors);
        var (bytes, type) = await UploadReader.ReadAsync(voucher, voucherSize, MaxVoucherBytes, ct);
        var now = clock.GetUtcNow();
        var stored = await files.SaveAsync(organisationId, UploadReader.SafeName(voucherName, "voucher", type), type, bytes, now, ct);
        stored.Purpose = FilePurpose.RemittanceVoucher;
        db.Files.Add(stored);
        var remitter = input.Remitter!.Trim();
        order.SubmitTransfer(new TransferDetails(input.Kind == RemitterKind.Individual ? $"个人：{remitter}" : remitter, Money.Cny(input.Amount), input.Date!.Value,
            input.Phone?.Trim(), input.Remarks?.Trim(), stored.Id, ByOrganisation: input.Kind == RemitterKind.Organisation), actor, now);
        await files.SaveRowAsync(stored, () => db.SaveChangesAsync(ct));
        notifier.Publish(Topics.Organisation(organisationId), Topics.Operations);
    }

    public async Task<IReadOnlyList<TransferQueueRow>> QueueAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var orders = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.AwaitingTransferCheck).ToListAsync(ct);
        var orgIds = orders.Select(o => o.OrganisationId).Distinct().ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var voucherIds = orders.Select(o => o.Transfer!.VoucherFileId).ToList();
        var types = await db.Files.AsNoTracking().Where(f => voucherIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.ContentType, ct);
        return orders.OrderBy(o => o.Transfer!.Date).ThenBy(o => o.Number)
            .Select(o => new TransferQueueRow(o.Id, o.Number, names.GetValueOrDefault(o.OrganisationId, ""), o.Total.Amount, o.Transfer!.Remitter, o.Transfer.Amount.Amount,
                o.Transfer.Date, o.Transfer.Phone, o.Transfer.Remarks, o.Transfer.VoucherFileId, types.GetValueOrDefault(o.Transfer.VoucherFileId, ""), o.Version))
            .ToList();
    }

    /// <summary>确认到账: the remitted amount must equal the order total (the domain's AmountMatches guard).</summary>
    public async Task ConfirmAsync(Actor actor, Guid orderId, Guid expectedVersion, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var order = await CheckedAsync(db, orderId, expectedVersion, ct);
        var now = clock.GetUtcNow();
        order.ConfirmTransfer(actor, now);
        await OrderPaidEffects.ApplyAsync(db, order, actor, now, ct);
        await SaveAsync(db, ct);
        logger.LogInformation("Transfer for order {Number} confirmed by {ActorId}.", order.Number, actor.UserId);
        notifier.Publish(Topics.Organisation(order.OrganisationId), Topics.Operations);
    }

    /// <summary>驳回: the order is unpaid again with the reason; the organisation is told by SMS and email.</summary>
    public async Task RejectAsync(Actor actor, Guid orderId, Guid expectedVersion, string reason, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Finance, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var order = await CheckedAsync(db, orderId, expectedVersion, ct);
        var now = clock.GetUtcNow();
        order.RejectTransfer(reason ?? "", actor, now);
        const string subject = "汇款信息未通过审核 / CIIE transfer not confirmed";
        var text = $"【进博会】贵单位订单{order.Number}的汇款信息未通过财务审核：{order.StatusReason}。请核对后重新提交或选择其他支付方式。 "
            + $"CIIE: the transfer for order {order.Number} was not confirmed: {order.StatusReason}. Please check and submit again or pay another way.";
        await OrganisationMessages.AddAsync(db, order.OrganisationId, order.EditionId, subject, text, "TransferRejected", now, ct);
        await SaveAsync(db, ct);
        notifier.Publish(Topics.Organisation(order.OrganisationId), Topics.Operations);
    }

    /// <summary>Field messages for the remittance form (empty when valid).</summary>
    public static Dictionary<string, string> Validate(TransferInput input)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Remitter)) errors[nameof(input.Remitter)] = "请填写汇款单位或个人 (enter the remitter)";
        else if (input.Remitter.Trim().Length > 200) errors[nameof(input.Remitter)] = "汇款方名称不能超过200字 (at most 200 characters)";
        if (input.Amount <= 0 || input.Amount > 10_000_000m || decimal.Round(input.Amount, 2) != input.Amount)
            errors[nameof(input.Amount)] = "请填写正确的汇款金额（最多两位小数） (enter the amount, at most two decimals)";
        if (input.Date is not { } date) errors[nameof(input.Date)] = "请选择汇款日期 (choose the remittance date)";
        else if (date > DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))) errors[nameof(input.Date)] = "汇款日期不能晚于今天 (the date cannot be in the future)";
        if (!string.IsNullOrWhiteSpace(input.Phone) && !System.Text.RegularExpressions.Regex.IsMatch(input.Phone.Trim(), @"^[0-9+\-\s()]{5,30}$"))
            errors[nameof(input.Phone)] = "请填写正确的联系电话 (enter a valid phone number)";
        if (input.Remarks?.Length > 500) errors[nameof(input.Remarks)] = "备注不能超过500字 (at most 500 characters)";
        return errors;
    }

    private static async Task<Order> CheckedAsync(AppDbContext db, Guid orderId, Guid expectedVersion, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, ct)
            ?? throw DomainException.Rule("Order", nameof(OrderTrigger.ConfirmTransfer), "OrderExists", "订单不存在 (no such order)");
        if (order.Version != expectedVersion)
            throw DomainException.Rule("Order", nameof(OrderTrigger.ConfirmTransfer), "Fresh", "订单已被他人处理或已变化，请刷新 (the order changed meanwhile; reload)");
        return order;
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Rule("Order", nameof(OrderTrigger.ConfirmTransfer), "Fresh", "订单已被他人处理或已变化，请刷新 (the order changed meanwhile; reload)");
        }
    }
}

/// <summary>The remittance form has field errors; nothing was saved.</summary>
public sealed class TransferInputException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join("；", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

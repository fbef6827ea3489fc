using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Orders;

/// <summary>
/// What follows an order becoming paid, whichever way the money came (provider notification, confirmed transfer):
/// its persons move on to 待审核, and the organisation's contact gets SMS + email — all in the caller's save.
/// </summary>
public static class OrderPaidEffects
{
    public static async Task ApplyAsync(AppDbContext db, Order order, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var ids = order.Lines.Select(l => l.PersonId).ToList();
        var persons = await db.Persons.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var contact = await OrganisationMessages.ContactAsync(db, order.OrganisationId, order.EditionId, ct);
        Apply(db, order, persons, contact, actor, now);
    }

    /// <summary>The same with the persons (tracked by <paramref name="db"/>; others may be there too) and the contact already read.</summary>
    public static void Apply(AppDbContext db, Order order, IReadOnlyDictionary<Guid, Person> persons, OrganisationContact? contact, Actor actor, DateTimeOffset now)
    {
        foreach (var line in order.Lines)
        {
            if (persons.TryGetValue(line.PersonId, out var person)) person.MarkOrderPaid(actor, now);
        }

        const string subject = "证件费用支付成功 / CIIE badge fee paid";
        var text = $"【进博会】贵单位订单{order.Number}已支付成功（¥{order.Total.Amount:0.00}，{order.Lines.Count}人），人员信息将进入审核。 "
            + $"CIIE: order {order.Number} is paid (CNY {order.Total.Amount:0.00}, {order.Lines.Count} persons); the persons now go to review.";
        OrganisationMessages.Add(db, contact, order.OrganisationId, subject, text, "OrderPaid", now);
    }
}

using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Addresses;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.Payments;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Operations;

/// <summary>Persons of the demo organisation brought to 待审核 the short way: submitted, then tagged staff (fee exempt) by 上海交易团.</summary>
internal static class OperationsData
{
    public const string GateKey = "tests-gate-device-key-0123456789";

    public static async Task<List<Guid>> PersonsAwaitingReviewAsync(this PaymentsApp app, int count, PersonTag tag = PersonTag.Staff, Func<PersonData, PersonData>? shape = null)
    {
        var reviewer = await app.ActorAsync("sh.reviewer");
        var visitor = await app.VisitorAsync();
        var ids = new List<Guid>();
        await using (var db = app.Db())
        {
            var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent);
            var registration = await db.Registrations.AsNoTracking().SingleAsync(r => r.OrganisationId == visitor.OrganisationId && r.EditionId == edition.Id);
            if (registration.Status != RegistrationStatus.Approved) await app.Get<RegistrationReviewService>().ApproveAsync(reviewer, registration.Id);
            var first = await db.Persons.AsNoTracking().Where(p => p.RegistrationId == registration.Id).OrderBy(p => p.Id).FirstAsync();
            var existing = await db.Persons.CountAsync(p => p.RegistrationId == registration.Id);
            var now = app.Now;
            for (var i = 0; i < count; i++)
            {
                var data = first.Data with { Name = PaymentsApp.NameOf(existing + i), DocumentNumber = DocumentNumber(existing + i) };
                var copy = new Person(first.RegistrationId, first.OrganisationId, first.EditionId, first.DelegationId, shape?.Invoke(data) ?? data);
                copy.Submit(edition.FirstDay, edition.LastDay, visitor, now);
                db.Persons.Add(copy);
                ids.Add(copy.Id);
            }
            await db.SaveChangesAsync();
        }
        await app.Get<TaggingService>().TagAsync(reviewer, ids, tag);
        return ids;
    }

    /// <summary>A courier address of the demo organisation.</summary>
    public static async Task<Guid> AddressAsync(this PaymentsApp app, string street)
    {
        var visitor = await app.VisitorAsync();
        await using var db = app.Db();
        var address = new CourierAddress(visitor.OrganisationId!.Value, "上海市", "市辖区", "青浦区", street, "张伟华", "13800138000");
        db.CourierAddresses.Add(address);
        await db.SaveChangesAsync();
        return address.Id;
    }

    /// <summary>A valid resident id number (GB 11643 check digit) for the i-th test person.</summary>
    public static string DocumentNumber(int i)
    {
        var body = $"3101151985{(i % 12) + 1:D2}{(i % 28) + 1:D2}{i % 1000:D3}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, k) => (c - '0') * weights[k]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}

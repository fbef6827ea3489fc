using System.Diagnostics;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.Domain.Catalogue;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;

namespace CiieBlazor.Bench;

/// <summary>One order awaiting payment and its pending online attempt, as the notifications will name them.</summary>
public sealed record SeededOrder(Guid OrderId, Guid AttemptId, decimal Amount, PaymentMethod Method, PaymentChannel Channel, int Persons);

/// <summary>
/// Seeds the notification benchmark's population through the domain and the app's DbContext (no demo seed): one
/// edition and delegation; organisations with an approved registration (contact mobile and email, so a paid order writes
/// its SMS + email); persons submitted and tagged 专业观众 (待支付); orders of 1–3 persons created by
/// <see cref="Order.Create"/>; and a pending QR (Alipay, WeChat Pay, UnionPay) or B2B attempt per order. Saved in chunks,
/// change detection off while adding (the objects are new).
/// </summary>
public static class NotifySeeder
{
    private const int OrdersPerOrganisation = 4;
    private const int OrganisationsPerChunk = 250;

    public static async Task<List<SeededOrder>> SeedAsync(AppDbContextFactory factory, int orders, DateTimeOffset now)
    {
        var watch = Stopwatch.StartNew();
        var admin = new Actor("bench", "benchmark seed", ActorRole.Admin);
        var edition = new Edition(10, new DateOnly(2027, 11, 5), new DateOnly(2027, 11, 10), Money.Cny(200m), 50m, isCurrent: true);
        var delegation = new Delegation("SH", "上海交易团", "Shanghai Delegation", sortOrder: 1);
        var quota = new DelegationQuota(delegation.Id, edition.Id, 100, 100);
        await using (var db = factory.CreateDbContext())
        {
            db.Editions.Add(edition);
            db.Delegations.Add(delegation);
            db.DelegationQuotas.Add(quota);
            await db.SaveChangesAsync();
        }

        var intent = new PurchasingIntent(new AmountRange(1000, 1000), new AmountRange(8000, 8000),
            [new CountryInterest("US", ProcurementStage.DemandForecast)], ["MED.PHARMA.DRUGS"], []);
        var photo = Guid.CreateVersion7();
        var seeded = new List<SeededOrder>(orders);
        var organisations = (orders + OrdersPerOrganisation - 1) / OrdersPerOrganisation;
        long sequence = 0;
        for (var first = 0; first < organisations; first += OrganisationsPerChunk)
        {
            await using var db = factory.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var o = first; o < Math.Min(organisations, first + OrganisationsPerChunk); o++)
            {
                var first17 = $"91310115MA{o:X7}";
                var organisation = new Organisation(OrganisationRegion.Mainland, OrganisationCategory.Enterprise, $"基准支付测试贸易有限公司{o}",
                    first17 + UnifiedSocialCreditCode.CheckCharacter(first17), now);
                var registration = new OrganisationRegistration(organisation.Id, edition.Id, delegation.Id, null);
                registration.UpdateDetails($"联系人{o}", "采购总监", $"139{o:D8}", null, $"buyer{o}@bench.example.com", "上海市浦东新区世纪大道100号", intent);
                var visitor = new Actor($"visitor-{o}", organisation.Name, ActorRole.Visitor, organisation.Id);
                var personsOfOrganisation = new List<List<Person>>();
                for (var k = 0; k < OrdersPerOrganisation && seeded.Count + personsOfOrganisation.Count < orders; k++)
                {
                    var group = new List<Person>();
                    for (var p = 0; p < 1 + (o * OrdersPerOrganisation + k) % 3; p++)
                    {
                        var person = new Person(registration.Id, organisation.Id, edition.Id, delegation.Id, DemoSeeder.ZhangWeihua(photo, edition) with { Name = $"基准{o}-{k}-{p}" });
                        person.Submit(edition.FirstDay, edition.LastDay, visitor, now);
                        group.Add(person);
                    }
                    personsOfOrganisation.Add(group);
                }
                registration.Submit(true, visitor, now);
                registration.Approve(admin, null, now);
                db.Organisations.Add(organisation);
                db.Registrations.Add(registration);
                foreach (var group in personsOfOrganisation)
                {
                    foreach (var person in group)
                    {
                        person.TagAs(PersonTag.ProfessionalVisitor, organisationApproved: true, quota, admin, now);
                        db.Persons.Add(person);
                    }
                    var order = Order.Create(OrderNumber.Create(now, ++sequence), organisation.Id, edition, group, new HashSet<Guid>(), visitor, now);
                    var i = seeded.Count;
                    var (method, channel) = (i % 4) switch
                    {
                        0 => (PaymentMethod.QrCode, PaymentChannel.Alipay),
                        1 => (PaymentMethod.QrCode, PaymentChannel.WeChatPay),
                        2 => (PaymentMethod.QrCode, PaymentChannel.UnionPay),
                        _ => (PaymentMethod.B2B, PaymentChannel.OnlineBanking),
                    };
                    var attempt = new PaymentAttempt(order.Id, method, order.Total, now);
                    db.Orders.Add(order);
                    db.PaymentAttempts.Add(attempt);
                    seeded.Add(new SeededOrder(order.Id, attempt.Id, order.Total.Amount, method, channel, group.Count));
                }
            }
            await db.SaveChangesAsync();
        }
        Console.WriteLine($"seeded {seeded.Count:N0} orders ({seeded.Sum(s => s.Persons):N0} persons, {organisations:N0} organisations) in {watch.Elapsed.TotalSeconds:0.0}s");
        return seeded;
    }
}
